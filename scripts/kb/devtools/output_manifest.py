"""The SHA-256 of every generated file, on the seeds and on a small synthetic corpus.

Why: speed work (issue 16) must not change a byte of what the build makes. The manifest,
``tests/fixtures/output_manifest.json``, pins the output of ``generate`` (every generated
Markdown page, ``kb.json``, the schemas) for the real transcripts and for a synthetic
corpus of ``SYNTHETIC_SIZE`` interviews (``kb.devtools.synthetic``, seed ``SYNTHETIC_SEED``);
``tests/test_same_output.py`` builds both again and compares.

A change that is *meant* to change the output (a new page, a template edit, a new
transcript) regenerates it in the same commit, so the diff shows which pages changed:

    python -m kb.devtools.output_manifest --write

What it proves: the pages are the same as when the manifest was written, for these two
corpora. It does not prove anything about inputs they do not exercise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

from ..build import generate
from ..corpus import load_corpus
from .synthetic import make_project

MANIFEST = Path("tests") / "fixtures" / "output_manifest.json"
SYNTHETIC_SIZE = 12  # the seeds plus 7 synthetic interviews: every raw shape at least once
SYNTHETIC_SEED = 3


def digests(root: Path) -> dict[str, str]:
    """``{generated path: sha256 of its UTF-8 text}`` for the project at ``root``."""
    files = generate(load_corpus(root))
    return {path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in files.items()}


def output_manifest(root: Path) -> dict[str, dict[str, str]]:
    """The digests of the seeds (``root`` itself) and of the synthetic corpus made from them."""
    work = Path(tempfile.mkdtemp(prefix="kb-manifest-"))
    try:
        project = work / "project"
        make_project(root, project, SYNTHETIC_SIZE, seed=SYNTHETIC_SEED)
        return {"seeds": digests(root), f"synthetic-{SYNTHETIC_SIZE}": digests(project)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def changed(found: dict[str, dict[str, str]], stored: dict[str, dict[str, str]]) -> list[str]:
    """``corpus/path`` of every file added, removed or different between two manifests."""
    return sorted(f"{corpus}/{path}" for corpus in found.keys() | stored.keys()
                  for path in found.get(corpus, {}).keys() | stored.get(corpus, {}).keys()
                  if found.get(corpus, {}).get(path) != stored.get(corpus, {}).get(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.devtools.output_manifest", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current folder)")
    parser.add_argument("--write", action="store_true", help=f"write {MANIFEST} (default: compare with it)")
    args = parser.parse_args(argv)
    found = output_manifest(args.root)
    target = args.root / MANIFEST
    if args.write:
        target.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {target}: {sum(len(v) for v in found.values())} files")
        return 0
    stored = json.loads(target.read_text("utf-8"))
    different = changed(found, stored)
    print("\n".join(different) or "same output")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
