"""`mkdocs serve` with broken sources: keep serving, and show the problems in the browser.

MkDocs' live-reload server holds every request until a rebuild succeeds, so raising on a
bad transcript left the contributor's browser waiting (minutes, until the file was fixed)
with the message only in the terminal. While serving, the hook instead keeps the last
good build of the knowledge base (or, if there never was one, serves the hand-written
pages alone) and puts the problems, with file, line, field and hint, at the top of every
page. The build then succeeds, so the browser reloads and shows them; the next good save
reloads it again without them. ``mkdocs build`` still fails with the same message.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem


@dataclass
class Preview:
    """State kept across the rebuilds of one `mkdocs serve` (the hook module lives that long)."""

    serving: bool = False
    dirty: bool = False  # under `mkdocs serve`: MkDocs rebuilds only pages whose source changed
    dirty_rebuilds: bool = False  # plain `mkdocs serve`: the hook makes its rebuilds dirty (kb.dirty_rebuilds)
    indexer: Any = None  # the one thread that re-indexes search after each rebuild
    last_good: Any = None  # the hook's state of the last build whose sources loaded
    problems: tuple[Problem, ...] = ()  # of the current build; empty when the sources load
    site_wide: str | None = None  # under serve: what every page shows, at the last build (site_wide_key)


BANNER_ID = "kb-build-problems"
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def problems_banner(problems: tuple[Problem, ...], *, stale: bool) -> str:
    """An HTML block listing ``problems``; every value escaped (they quote transcripts)."""
    count = len(problems)
    shown = ("The pages below are the last version that built; they do not show your latest edit."
             if stale else "No version of the knowledge base has built yet: only the hand-written pages are shown.")
    items = "".join(f"<li><code>{html.escape(_where(p))}</code> {html.escape(_what(p))}</li>" for p in problems)
    return (
        f'<div id="{BANNER_ID}" role="alert" data-pagefind-ignore="all" style="margin:0;padding:.8rem 1.2rem;'
        'background:#fdecea;color:#5f2120;border-bottom:3px solid #d32f2f;font:.8rem/1.5 system-ui,sans-serif;'
        'position:relative;z-index:10">'
        f"<p style=\"margin:0 0 .4rem;font-weight:700\">kb: {count} problem{'s' if count != 1 else ''} in the "
        f"knowledge base sources. Fix {'them' if count != 1 else 'it'} and save: this page reloads.</p>"
        f'<p style="margin:0 0 .4rem">{shown}</p>'
        f'<ul style="margin:0;padding-left:1.2rem">{items}</ul></div>'
    )


def with_banner(page_html: str, banner: str) -> str:
    """``page_html`` with ``banner`` as the first thing in its body."""
    match = _BODY.search(page_html)
    at = match.end() if match else 0
    return page_html[:at] + banner + page_html[at:]


PAGES_DIR = Path(".cache") / "kb" / "pages"


def stored_page(root: Path, rel: str, content: str) -> Path:
    """The generated page ``rel`` as a file under ``root``/.cache/kb/pages/, rewritten only
    when its text changed, for `mkdocs serve` (plain or `--dirty`).

    MkDocs' dirty build skips a page whose source is older than its HTML; a page held in
    memory always counts as changed. Backed by this file, a page whose text is the same as at
    the last build keeps its mtime, so a save re-renders only the pages it changed. The folder
    is outside docs_dir (never watched, so no rebuild loop) and ignored by git.
    """
    path = root / PAGES_DIR / rel
    data = content.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
    return path


def _where(problem: Problem) -> str:
    where = problem.file
    if problem.line is not None:
        where += f":{problem.line}"
    return where + (f" [{problem.field}]" if problem.field else "")


def _what(problem: Problem) -> str:
    return problem.message + (f" (hint: {problem.hint})" if problem.hint else "")


_TAGS = re.compile(r"^tags:\n((?:- .*\n)+)", re.MULTILINE)


def page_tags(text: str) -> str:
    """The ``tags:`` lines of a generated page's front matter ("" when it has none)."""
    end = text.find("\n---\n", 3)
    match = _TAGS.search(text, 0, end if end > 0 else len(text))
    return match.group(1) if match else ""


def site_wide_key(*, nav: list[tuple[int, str, str]], snippets: dict[str, str], tags: dict[str, str],
                  problems: tuple[Problem, ...], stale: bool, files: list[Path], bundles: list[str]) -> str:
    """A digest of what a page shows beyond its own text, under `mkdocs serve`.

    MkDocs' dirty build renders again only the pages whose source changed, but every page
    also shows the navigation (titles and addresses), the problems banner, and Material's
    tags listing gathers every page's tags; every page's search box names the search bundles
    (one per language); hand-written pages show the markers' text (render/snippets.py); and
    the hand-written sources, the theme overrides and mkdocs.yml shape every page. When any
    of these changes, every page must be rendered again (mkdocs_hook.on_nav): the pages a
    save did not touch would show the old ones."""
    digest = hashlib.sha256()
    for part in (nav, sorted(snippets.items()), sorted(tags.items()), [(_where(p), _what(p)) for p in problems],
                 stale, bundles):
        digest.update(repr(part).encode("utf-8") + b"\0")
    for path in sorted(files):
        digest.update(str(path).encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
        digest.update(b"\0")
    return digest.hexdigest()


def stale_pages(site: Path, written: set[Path]) -> list[Path]:
    """The pages (``*/index.html``) in a served ``site`` that no file of this build writes:
    under `mkdocs serve` (dirty rebuilds) MkDocs does not empty the folder, so the page of a removed or
    renamed transcript would stay served. Search's bundle is not a page."""
    return sorted(page for page in site.glob("**/index.html")
                  if page not in written and not page.relative_to(site).as_posix().startswith("pagefind/"))
