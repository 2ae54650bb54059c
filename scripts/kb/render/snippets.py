"""Generated parts of hand-written pages (docs/index.md, docs/about.md) and the tags page.

A hand-written page asks for a part with a marker line such as ``<!-- kb:theme-cards -->``;
the MkDocs hook swaps the marker for the part, so the page's prose stays in docs/ and the
lists cannot drift from transcripts/. Parts are rendered for a page at the docs root.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ..models import Corpus, Interview
from . import paths
from .escape import escape_text
from .fragments import source_credit
from .interviews import interview_table
from .lookup import SiteIndex
from .templating import front_matter, render_template

MARKER = re.compile(r"<!--\s*kb:(?P<name>[a-z-]+)\s*-->")


def render_snippets(corpus: Corpus, site: SiteIndex | None = None) -> dict[str, str]:
    """``{marker name: Markdown}`` for pages that sit at the root of docs/."""
    site = site or SiteIndex(corpus)
    page = paths.ROOT_PAGE
    cards = [(t, paths.href(page, paths.theme_page(t.slug)), len(site.theme_quotes(t.slug)))
             for t in corpus.themes]
    sources = [(i, paths.href(page, paths.interview_page(i.slug)), source_credit(i), rights_statement(i))
               for i in corpus.interviews]
    return {
        "theme-cards": render_template("snippet_theme_cards.md.j2", cards=cards),
        "interview-list": interview_table(site, page=page) + "\n",
        "source-list": render_template("snippet_sources.md.j2", sources=sources),
    }


def rights_statement(interview: Interview) -> Markup:
    """One line for the About page: who holds the words, the licence, what the site shows."""
    rights = interview.rights
    if not rights.recorded:
        return Markup("not recorded in the transcript; the full transcript is shown.")
    parts = [f"held by {escape_text(rights.holder)}",
             f"licence: {escape_text(rights.licence)}" if rights.licence else "no licence is known"]
    if rights.permission:
        parts.append(f"permission: {escape_text(rights.permission)}")
    parts.append("the site publishes excerpts only" if rights.excerpts_only else "the full transcript is shown")
    text = "; ".join(parts) + "."
    if rights.note:
        text += f" {escape_text(rights.note)}"
    return Markup(text)


def fill_markers(markdown: str, snippets: dict[str, str]) -> tuple[str, list[str]]:
    """Replace every known marker; return the text and the names of unknown markers."""
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in snippets:
            unknown.append(name)
            return match.group(0)
        return snippets[name].rstrip("\n")

    return MARKER.sub(replace, markdown), unknown


def render_tags_page() -> str:
    return render_template("tags.md.j2", front=front_matter(
        title="Tags", description="Themes and interview topics, with the pages that carry them."))
