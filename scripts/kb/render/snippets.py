"""Generated parts of hand-written pages (docs/index.md, docs/about.md) and the tags page.

A hand-written page asks for a part with a marker line such as ``<!-- kb:theme-cards -->``;
the MkDocs hook swaps the marker for the part, so the page's prose stays in docs/ and the
lists cannot drift from transcripts/. Parts are rendered for a page at the docs root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from ..models import Corpus, Interview, Theme
from ..theme_editorial import difference_anchor, key_point_anchor
from . import paths
from .escape import escape_text
from .fragments import source_credit
from .interviews import interview_table
from .job_adverts_chart import job_adverts_svg
from .lookup import SiteIndex
from .references import resolve_references
from .roles import ADVERTS_SECTION, ROLES_PAGE
from .templating import render_template

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
        "reader-questions": render_template("snippet_reader_questions.md.j2",
                                            questions=reader_questions(corpus, page=page)),
        "job-adverts-chart": home_job_adverts_chart(site, page=page),
        "theme-cards": render_template("snippet_theme_cards.md.j2", cards=cards),
        "interview-list": interview_table(site, page=page) + "\n",
        "source-list": render_template("snippet_sources.md.j2", sources=sources),
    }


@dataclass(frozen=True)
class AnsweredQuestion:
    question: str
    theme: Theme
    target: Markup  # the key point or differ row on the theme page
    text: Markup | None  # the key point, or None for a differ row
    views: tuple[Markup, ...]  # the differ row's cells


def reader_questions(corpus: Corpus, *, page: str) -> list[AnsweredQuestion]:
    """The home page's questions with the editors' answer from the theme page: the key point
    or the differ row itself (already checked against its quotes), linked to where it sits."""
    found = []
    for question in corpus.questions:
        theme = corpus.theme(question.theme)
        if theme is None:  # load_reader_questions guarantees it
            continue
        target = paths.href(page, paths.theme_page(theme.slug), question.answer)
        point = next((k for k in theme.key_points if key_point_anchor(k.id) == question.answer), None)
        row = next((d for d in theme.differences if difference_anchor(d.id) == question.answer), None)
        if point is not None:
            text = resolve_references(point.text, corpus, page=page)
            found.append(AnsweredQuestion(question.question, theme, target, Markup(" ".join(text.split())), ()))
        elif row is not None:
            views = tuple(Markup(" ".join(resolve_references(v, corpus, page=page).split())) for v in row.views)
            found.append(AnsweredQuestion(question.question, theme, target, None, views))
    return found


def home_job_adverts_chart(site: SiteIndex, *, page: str) -> str:
    """The job-advert chart for the home page, linked to its figures, notes and quotes."""
    adverts = site.corpus.job_adverts
    interview = site.corpus.interview(adverts.interview) if adverts else None
    if adverts is None or interview is None:
        return ""
    details = paths.href(page, ROLES_PAGE, ADVERTS_SECTION)
    return "\n".join([
        '<figure class="kb-chart kb-chart--job-adverts">',
        job_adverts_svg(adverts, ident="kb-home-adverts"),
        "</figure>",
        "",
        (f"Share of job adverts mentioning each kind of expertise, as counted by the speaker of "
        f"[{escape_text(interview.title)}]({paths.href(page, paths.interview_page(interview.slug))}). "
        f"How the adverts were counted, where the figures are uncertain, the figures as a table and "
        f"the speaker's own words are on [Roles compared]({details})."),
        "",
    ])


def rights_statement(interview: Interview) -> Markup:
    """One line for the About page: who holds the words, the licence, what the site shows."""
    rights = interview.rights
    if not rights.recorded:
        return Markup("Not recorded in the transcript. The full transcript is shown.")
    # Sentences, not a "held by X; ..." list: a holder the document does not name reads
    # "Holder: Not stated in the text. ..." rather than "held by Not stated ...".
    parts = [f"Holder: {escape_text(rights.holder)}",
             f"Licence: {escape_text(rights.licence)}" if rights.licence else "No licence is known"]
    if rights.permission:
        parts.append(f"Permission: {escape_text(rights.permission)}")
    parts.append("The site publishes excerpts only" if rights.excerpts_only else "The full transcript is shown")
    text = " ".join(part if part.endswith((".", "!", "?")) else part + "." for part in parts)
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

