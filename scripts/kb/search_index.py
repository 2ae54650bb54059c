"""The site's full-text search: Pagefind indexes every built page (``on_post_build``).

Pagefind (PyPI ``pagefind[bin]``, its binary inside the wheel) writes a static index cut
into small chunks; the browser fetches only the chunks holding the query's words and one
fragment per result shown, so its cost does not grow with the corpus the way Material's
whole-index download does (docs/scaling.md).

One bundle per language, ``pagefind/<lang>/``: Pagefind stems words with the language of
the index, and picks the index from the page's ``<html lang>``, which Material sets to the
site's language on every page. The French talk's page is therefore given to a French
bundle (French stemming for French text) while the page served keeps ``lang="en"`` for
its English apparatus and ``lang="fr"`` on the transcript. The search box queries every
bundle (overrides/partials/search.html, docs/javascripts/search.js).

Determinism: Pagefind 1.5.2 writes its filters in a random order; ``search_canonical``
sorts them after each run, so two builds of the same site are byte-identical, index included.

Accents: Pagefind 1.5 indexes each word under its accent-free form too, so "donnees" finds
"données" and "métier" finds "metier" (tests/browser/test_browser_search.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KBError, Problem
from .search_canonical import canonicalise_bundle

BUNDLE_DIR = "pagefind"  # site/pagefind/<lang>/pagefind.js
# Pages that are not content: the 404 page would match every query for "page".
NOT_INDEXED = frozenset({"404.html"})
# Each tag's page only lists the titles of other pages (render/tags.py): in search it would
# answer every query for a theme's name ahead of the theme page.
NOT_INDEXED_FOLDERS = ("tags/",)


@dataclass
class IndexReport:
    """What Pagefind indexed: pages and words per language bundle."""

    pages: dict[str, int] = field(default_factory=dict)  # language -> pages
    words: dict[str, int] = field(default_factory=dict)  # language -> words

    @property
    def page_count(self) -> int:
        return sum(self.pages.values())


def html_pages(site: Path) -> list[str]:
    """The site's HTML pages that belong in search, as paths relative to ``site``."""
    pages = (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return sorted(p for p in pages if p not in NOT_INDEXED and not p.startswith(BUNDLE_DIR + "/")
                  and not (p.startswith(NOT_INDEXED_FOLDERS) and p.count("/") > 1))


def page_url(rel: str) -> str:
    """``interviews/x/index.html`` -> ``/interviews/x/`` (the search box prefixes the site's base)."""
    return "/" + (rel.removesuffix("index.html"))


def build_search_index(site: Path, *, default_language: str,
                       languages: Mapping[str, str] | None = None) -> IndexReport:
    """Index every HTML page of the built ``site`` into ``site/pagefind/<lang>/``.

    ``languages`` maps a page (``interviews/x/index.html``) to its language when it is not
    ``default_language``. Each language's pages are linked into a staging folder beside
    the site and given to the Pagefind CLI with that language forced (Pagefind's Python API
    answers one page per 0.1 s: two minutes at 500 interviews). Raises ``KBError`` when
    Pagefind cannot run, and when it indexes fewer pages than it was given (a page missing
    from search, e.g. a template that lost ``data-pagefind-body``).
    """
    languages = dict(languages or {})
    groups: dict[str, list[str]] = {}
    for rel in html_pages(site):
        groups.setdefault(languages.get(rel, default_language), []).append(rel)
    shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)
    report = IndexReport()
    staging = Path(tempfile.mkdtemp(prefix=".kb-search-", dir=site.parent))
    try:
        for language, pages in sorted(groups.items()):
            folder = staging / language
            for rel in pages:
                _link(site / rel, folder / rel)
            indexed, words = _run_pagefind(folder, site / BUNDLE_DIR / language, language)
            canonicalise_bundle(site / BUNDLE_DIR / language)
            if indexed != len(pages):
                raise KBError(Problem(str(site), f"Pagefind indexed {indexed} of the {len(pages)} "
                                      f"{language!r} pages: the others would be missing from search",
                                      hint="every page template must keep data-pagefind-body "
                                           "(overrides/main.html)"))
            report.pages[language] = indexed
            report.words[language] = words
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system: copy instead
        shutil.copyfile(source, target)


_COUNT = re.compile(r"Indexed (\d+) (page|word)s?\b")


def _run_pagefind(folder: Path, output: Path, language: str) -> tuple[int, int]:
    """Run the Pagefind CLI on ``folder``; returns the pages and words it reports indexing."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(output),
               "--force-language", language, "--exclude-selectors", ".headerlink"]  # the ¶ permalinks
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        done = None
        failure = str(exc)
    else:
        failure = " | ".join((done.stderr or done.stdout).strip().splitlines()[-6:])
    if done is None or done.returncode != 0:
        raise KBError(Problem(str(folder), f"Pagefind could not index the site: {failure}",
                              hint='install it with pip install "pagefind[bin]"'))
    counts = {kind: int(number) for number, kind in _COUNT.findall(done.stdout)}
    return counts.get("page", 0), counts.get("word", 0)
