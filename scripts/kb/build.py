"""Everything the site needs that is made from transcripts, as ``{relative path: text}``.

Used by the MkDocs hook (pages in memory, ``File.generated``) and by ``kb build --out``
(a folder any renderer can read). Writing is all-or-nothing: a failed build leaves the
previous output untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from .corpus import load_corpus
from .errors import KBError, Problem
from .export import corpus_to_json
from .models import Corpus
from .schemas import SCHEMAS, load_schema


def generate(corpus: Corpus, pack: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """All generated files, keyed by path relative to docs_dir (deterministic order).

    ``pack``, if given, is applied to each file's text as soon as it is made, and the result
    kept instead (the MkDocs hook compresses them: at 500 interviews the pages' text, held all
    at once, was most of the build's memory, docs/scaling.md)."""
    import json

    from .render import iter_site

    keep = pack or _same
    files = dict(iter_site(corpus, keep, also={"kb.json": corpus_to_json}))
    for schema in SCHEMAS:  # the transcript's and every data file's, for editors' validation
        files[f"schema/{schema}.json"] = keep(json.dumps(load_schema(schema), ensure_ascii=False, indent=2) + "\n")
    return dict(sorted(files.items()))


def _same(text: str) -> str:
    return text


def build_files(root: Path) -> dict[str, str]:
    return generate(load_corpus(root))


def complete_site_sources(root: Path, corpus: Corpus | None = None) -> dict[str, str | bytes]:
    """The whole docs folder a renderer needs: generated files plus the hand-written pages
    of docs/ with their generated parts filled in (the hook does the same in memory), so
    another renderer can be pointed at one folder. ``corpus``: already loaded from ``root``."""
    from .render import render_snippets
    from .render.snippets import fill_markers

    corpus = corpus if corpus is not None else load_corpus(root)
    files: dict[str, str | bytes] = dict(generate(corpus))
    snippets = render_snippets(corpus)
    docs = root / "docs"
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        rel = path.relative_to(docs).as_posix()
        if rel in files:
            raise KBError(Problem(f"docs/{rel}", "a hand-written page uses a path the build generates",
                                  hint="rename the hand-written page"))
        if path.suffix == ".md":
            text, unknown = fill_markers(path.read_text("utf-8"), snippets)
            if unknown:
                raise KBError(Problem(f"docs/{rel}", f"unknown marker(s): {', '.join(unknown)}",
                                      hint=f"known: {', '.join(sorted(snippets))}"))
            files[rel] = text
        else:
            files[rel] = path.read_bytes()
    return dict(sorted(files.items()))


# Written into every output folder. An existing folder is replaced only if it has this file,
# so `--out data` or `--out ~/Documents` cannot delete what a build did not make.
BUILD_MARKER = ".kb-build"
_MARKER_TEXT = "Written by `kb build --out`; the whole folder is replaced by the next build.\n"
_SOURCE_FOLDERS = ("docs", "transcripts", "data", "scripts", ".git")


def _check_output_folder(root: Path, out: Path) -> None:
    if out == root or out in root.parents:
        raise KBError(Problem(str(out), "refusing to replace the project folder or a folder holding it",
                              hint="choose a separate output folder, e.g. --out build/site"))
    for name in _SOURCE_FOLDERS:
        source = root / name
        if out == source or source in out.parents:
            raise KBError(Problem(str(out), f"refusing to write into the project's {name}/ folder",
                                  hint="choose a separate output folder, e.g. --out build/site"))
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / BUILD_MARKER).is_file())):
        raise KBError(Problem(str(out), "exists and was not made by `kb build`; refusing to replace it",
                              hint=f"remove it yourself or choose another folder (build folders contain "
                                   f"{BUILD_MARKER})"))


def _check_inside(rel: str) -> None:
    """Paths come from schema-checked ids, but a renderer bug must still not write outside
    the output folder ("../x", "/etc/x"): refuse before anything is written."""
    path = PurePosixPath(rel)
    if not path.parts or path.is_absolute() or ".." in path.parts:
        raise KBError(Problem(rel or "(empty path)", "generated path would land outside the output folder",
                              hint="a bug in the renderer: report it"))


def write_site_sources(root: Path, out: Path) -> int:
    """Write the complete set of pages under ``out``, replacing it only if the build succeeds."""
    out = out.resolve()
    _check_output_folder(root.resolve(), out)
    files = complete_site_sources(root)  # raises before anything is written
    for rel in files:
        _check_inside(rel)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        (staging / BUILD_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        for rel, text in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text, encoding="utf-8", newline="\n")
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            os.replace(staging, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(files)
