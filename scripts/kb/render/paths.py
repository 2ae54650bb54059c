"""Where each generated page lives, and relative links between pages.

Paths are relative to docs_dir and end in ``.md``, so MkDocs resolves and validates every
link between generated pages (including ``#anchors``, with ``validation.anchors``).
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from markupsafe import Markup

from ..layout import GLOSSARY_FILE, ROLES_FILE, THEMES_FILE, TRANSCRIPTS_DIR
from ..models import Corpus, Quote
from .escape import safe_id

THEMES_INDEX = "themes/index.md"
INTERVIEWS_INDEX = "interviews/index.md"
PEOPLE_INDEX = "people/index.md"
TAGS_PAGE = "tags.md"
TAGS_FOLDER = "tags/"  # one page per tag (render/tags.py), reached from the tags page
ROLES_PAGE = "roles.md"
GLOSSARY_PAGE = "glossary.md"
ROOT_PAGE = "index.md"  # the home page: hand-written, its generated parts filled in (snippets)
ABBREVIATIONS_FILE = "includes/abbreviations.md"  # not a page: appended to every page (tooltips)


def theme_page(slug: str) -> str:
    return f"themes/{safe_id(slug)}.md"


def theme_quotes_page(slug: str, number: int) -> str:
    """Page ``number`` of a theme's quotes: 1 is the theme page, 2, 3... continue it."""
    return theme_page(slug) if number <= 1 else f"themes/{safe_id(slug)}-quotes-{number}.md"


def coverage_page(number: int) -> str:
    """Page ``number`` of the coverage matrix: 1 is the themes index, 2, 3... continue it."""
    return THEMES_INDEX if number <= 1 else f"themes/coverage-{number}.md"


def interview_page(slug: str) -> str:
    return f"interviews/{safe_id(slug)}.md"


def person_page(person_id: str) -> str:
    return f"people/{safe_id(person_id)}.md"


def quote_anchor(quote_id: str) -> str:
    """The element id a quote carries on theme pages and where it is marked in a transcript."""
    return "q-" + safe_id(quote_id)


def quote_in_transcript(interview_slug: str, quote: Quote) -> tuple[str, str | None]:
    """(page, anchor) of the paragraph of the interview page where ``quote`` is marked:
    the transcript carries paragraph ids, not quote ids (the cards do)."""
    return interview_page(interview_slug), safe_id(quote.paragraph_id) if quote.paragraph_id else None


def theme_section_anchor(interview_slug: str) -> str:
    """The id of an interview's section on a theme page (the coverage matrix links to it)."""
    return "from-" + safe_id(interview_slug)


def href(from_page: str, to_page: str, anchor: str | None = None) -> Markup:
    """A relative link from one generated page to another (or to an anchor on itself).

    Built only from page paths and safe ids, so it is Markup: templates print it as is.
    """
    target = "" if to_page == from_page else _relative(to_page, posixpath.dirname(from_page) or ".")
    if anchor is not None:
        target += "#" + safe_id(anchor)
    return Markup(target)


@lru_cache(maxsize=65536)
def _relative(to_page: str, from_folder: str) -> str:
    # Pages link to the same few hundred pages from a few folders: relpath (which resolves
    # both against the working directory) was a tenth of rendering at 500 interviews.
    return posixpath.relpath(to_page, from_folder)


def url(from_page: str, to_page: str, anchor: str | None = None) -> Markup:
    """The address a browser follows from one generated page to another, for links inside
    raw HTML blocks (render/raw_blocks.py), which MkDocs neither rewrites nor checks.

    MkDocs serves ``interviews/x.md`` at ``interviews/x/`` (``use_directory_urls``, which
    the hook requires), so the link climbs from that folder: ``../../people/p/``.
    """
    target = _climb(from_page, to_page)
    if anchor is not None:
        target += "#" + safe_id(anchor)
    return Markup(target)


@lru_cache(maxsize=65536)
def _climb(from_page: str, to_page: str) -> str:
    """``url`` without the anchor: the same few thousand pairs of pages over and over."""
    return "" if to_page == from_page else _relative(_folder(to_page), _folder(from_page)) + "/"


def _folder(page: str) -> str:
    """``interviews/x.md`` -> ``interviews/x``; ``themes/index.md`` -> ``themes``; ``index.md`` -> ``.``."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return stem or "."


def sections(corpus: Corpus) -> dict[str, list[str]]:
    """Each generated section's index page and its pages, in reading order (for the nav)."""
    return {
        THEMES_INDEX: [theme_page(t.slug) for t in corpus.themes],
        INTERVIEWS_INDEX: [interview_page(i.slug) for i in corpus.interviews],
        PEOPLE_INDEX: [person_page(p.id) for p in corpus.people],
    }


def page_sources(corpus: Corpus) -> dict[str, str]:
    """The file a contributor edits to change each generated page (relative to the project)."""
    sources = {THEMES_INDEX: THEMES_FILE, **{theme_page(t.slug): THEMES_FILE for t in corpus.themes},
               ROLES_PAGE: ROLES_FILE, GLOSSARY_PAGE: GLOSSARY_FILE}
    for interview in corpus.interviews:
        sources[interview_page(interview.slug)] = f"{TRANSCRIPTS_DIR}/{interview.path.name}"
    for person in corpus.people:
        first = corpus.interview(person.appearances[0][0]) if person.appearances else None
        if first is not None:
            sources[person_page(person.id)] = f"{TRANSCRIPTS_DIR}/{first.path.name}"
    return sources
