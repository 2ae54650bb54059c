"""Rendering: pure functions from the corpus to ``{path: markdown}`` (no parsing here).

Paths are relative to docs_dir (see paths.py). Every string taken from a transcript goes
through escape.py. The corpus has been fully checked when it was loaded (transcripts and
every data file, references resolved), so rendering assumes valid input and reports nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Corpus
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


def iter_site(corpus: Corpus) -> Iterator[tuple[str, str]]:
    """``render_site``'s pages one at a time, as each is made (a caller can pack each page
    before the next is made: the MkDocs hook, docs/scaling.md)."""
    site = SiteIndex(corpus)
    yield from render_themes_index(site).items()
    for theme in corpus.themes:
        yield paths.theme_page(theme.slug), render_theme_page(site, theme)
        yield from render_theme_quote_pages(site, theme).items()
    yield paths.INTERVIEWS_INDEX, render_interviews_index(site)
    for interview in corpus.interviews:
        yield paths.interview_page(interview.slug), render_interview_page(site, interview)
    yield paths.PEOPLE_INDEX, render_people_index(site)
    for person in corpus.people:
        yield paths.person_page(person.id), render_person_page(site, person)
    yield from render_tags_pages(site).items()
    # Editorial pages from data/roles.yml and data/glossary.yml (absent file = no page).
    if corpus.roles is not None:
        yield paths.ROLES_PAGE, render_roles_page(site)
    if corpus.glossary:
        yield paths.GLOSSARY_PAGE, render_glossary_page(site)
        # Not a page: the abbreviation lines the hook appends to every page (tooltips).
        yield paths.ABBREVIATIONS_FILE, render_abbreviations(corpus)
