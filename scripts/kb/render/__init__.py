"""Rendering: pure functions from the corpus to ``{path: markdown}`` (no parsing here).

Paths are relative to docs_dir (see paths.py). Every string taken from a transcript goes
through escape.py. The corpus has been fully checked when it was loaded (transcripts and
every data file, references resolved), so rendering assumes valid input and reports nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ..models import Corpus
from ..workers import map_with_shared
from . import paths
from .glossary import render_abbreviations, render_glossary_page
from .interviews import render_interview_page, render_interviews_index
from .lookup import SiteIndex
from .people import render_people_index, render_person_page
from .roles import render_roles_page
from .snippets import render_snippets
from .tags import render_tags_pages
from .themes import render_theme_page, render_theme_quote_pages, render_themes_index

__all__ = ["iter_site", "render_site", "render_snippets"]


def render_site(corpus: Corpus) -> dict[str, str]:
    """Every generated page, keyed by its path under docs_dir."""
    return dict(iter_site(corpus))


def iter_site(corpus: Corpus, finish: Callable[[str], Any] | None = None,
              also: Mapping[str, Callable[[Corpus], str]] | None = None) -> Iterator[tuple[str, Any]]:
    """``render_site``'s pages, each page's text passed through ``finish`` as soon as it is
    made (the MkDocs hook compresses them: docs/scaling.md). The interview and person pages,
    nine tenths of the rendering at 500 interviews, are made on every core (kb.workers), each
    finished where it was made; the others here, one at a time. ``also``: more files made
    from the corpus alone (``kb.json``, whose half second at 500 interviews would otherwise
    follow the pages), made beside the interview pages and given after the site's pages."""
    finish = finish or _same
    also = dict(also or {})
    site = SiteIndex(corpus)
    yield from _finished(render_themes_index(site).items(), finish)
    for theme in corpus.themes:
        yield paths.theme_page(theme.slug), finish(render_theme_page(site, theme))
        yield from _finished(render_theme_quote_pages(site, theme).items(), finish)
    interviews_index = finish(render_interviews_index(site))
    people_index = finish(render_people_index(site))
    # After the indexes: the lookups they fill (quotes by person, theme pages) are then
    # inherited by the workers, not worked out again in each.
    pages = iter(map_with_shared(_render_page, (site, finish, also),
                                 [*((_ALSO, path) for path in also),  # first: the longest items
                                  *((_INTERVIEW, n) for n in range(len(corpus.interviews))),
                                  *((_PERSON, n) for n in range(len(corpus.people)))],
                                 min_items=PARALLEL_PAGES))
    made_also = {path: next(pages) for path in also}
    yield paths.INTERVIEWS_INDEX, interviews_index
    for interview in corpus.interviews:
        yield paths.interview_page(interview.slug), next(pages)
    yield paths.PEOPLE_INDEX, people_index
    for person in corpus.people:
        yield paths.person_page(person.id), next(pages)
    yield from _finished(render_tags_pages(site).items(), finish)
    # Editorial pages from data/roles.yml and data/glossary.yml (absent file = no page).
    if corpus.roles is not None:
        yield paths.ROLES_PAGE, finish(render_roles_page(site))
    if corpus.glossary:
        yield paths.GLOSSARY_PAGE, finish(render_glossary_page(site))
        # Not a page: the abbreviation lines the hook appends to every page (tooltips).
        yield paths.ABBREVIATIONS_FILE, finish(render_abbreviations(corpus))
    yield from made_also.items()


_ALSO, _INTERVIEW, _PERSON = "also", "interview", "person"
# Pages made on every core from this many on: a page takes a few milliseconds, and each worker
# compiles its own templates. Measured (interview and person pages): the 5 seeds' 17 pages took
# 0.15-0.19 s on two cores against 0.145 s on one; 20 interviews' even; 50 interviews' 0.37 s
# against 0.46 s; 500 interviews' 1.9-2.0 s against 3.6-4.0 s.
PARALLEL_PAGES = 64


def _render_page(shared: tuple[SiteIndex, Callable[[str], Any], dict[str, Callable[[Corpus], str]]],
                 item: tuple[str, Any]) -> Any:
    """One interview's or person's page, or one of ``also``, finished (run in a worker: kb.workers)."""
    site, finish, also = shared
    kind, key = item
    if kind == _INTERVIEW:
        return finish(render_interview_page(site, site.corpus.interviews[key]))
    if kind == _PERSON:
        return finish(render_person_page(site, site.corpus.people[key]))
    return finish(also[key](site.corpus))


def _finished(pages: Iterable[tuple[str, str]], finish: Callable[[str], Any]) -> Iterator[tuple[str, Any]]:
    return ((path, finish(text)) for path, text in pages)


def _same(text: str) -> str:
    return text
