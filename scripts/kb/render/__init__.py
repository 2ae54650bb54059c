"""Rendering: pure functions from the corpus to ``{path: markdown}`` (no parsing here).

Paths are relative to docs_dir (see paths.py). Every string taken from a transcript goes
through escape.py; the maintainers' theme Markdown is trusted but its q:/p:/i: references
must resolve, or rendering raises KBError naming data/themes.yml and the field.
"""

from __future__ import annotations

from ..errors import KBError, Problem
from ..models import Corpus
from . import paths
from .glossary import ABBREVIATIONS_FILE, GLOSSARY_PAGE, render_abbreviations, render_glossary_page
from .interviews import render_interview_page, render_interviews_index
from .lookup import SiteIndex
from .people import render_people_index, render_person_page
from .roles import ROLES_PAGE, render_roles_page
from .snippets import render_snippets, render_tags_page
from .themes import render_theme_page, render_theme_quote_pages, render_themes_index

__all__ = ["ABBREVIATIONS_FILE", "render_site", "render_snippets"]


def render_site(corpus: Corpus) -> dict[str, str]:
    """Every generated page, keyed by its path under docs_dir."""
    site = SiteIndex(corpus)
    problems: list[Problem] = []
    pages: dict[str, str] = {paths.THEMES_INDEX: render_themes_index(site)}
    for number, theme in enumerate(corpus.themes):
        text, found = render_theme_page(site, theme, number)
        problems += found
        pages[paths.theme_page(theme.slug)] = text
        pages.update(render_theme_quote_pages(site, theme))
    pages[paths.INTERVIEWS_INDEX] = render_interviews_index(site)
    for interview in corpus.interviews:
        pages[paths.interview_page(interview.slug)] = render_interview_page(site, interview)
    pages[paths.PEOPLE_INDEX] = render_people_index(site)
    for person in corpus.people:
        pages[paths.person_page(person.id)] = render_person_page(site, person)
    pages[paths.TAGS_PAGE] = render_tags_page()
    # Editorial pages from data/roles.yml and data/glossary.yml (absent file = no page).
    if corpus.roles is not None:
        text, found = render_roles_page(site)
        problems += found
        pages[ROLES_PAGE] = text
    if corpus.glossary:
        text, found = render_glossary_page(site)
        problems += found
        pages[GLOSSARY_PAGE] = text
        # Not a page: the abbreviation lines the hook appends to every page (tooltips).
        pages[ABBREVIATIONS_FILE] = render_abbreviations(corpus)
    if problems:
        raise KBError(problems)
    return pages
