""""Sources on this page": the full credit of every interview quoted on a page, once.

Every quote card ends its line with "Full credit", a link to its interview's entry here
(fragments.source_anchor). The entry holds what used to be repeated in every card of that
interview: the full title, each quoted speaker's full name with role and affiliation as the
document states them, the date, publisher, venue and original, the note about the source,
and for a translation or a written summary what that means. The per-quote parts (the
editor's note, the citation, the addresses) stay in the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..language import language_name
from ..models import Interview, Quote
from . import paths
from .citation import SOURCE_TYPES, source_type
from .escape import escape_text, html_link
from .fragments import full_person, source_anchor, source_credit
from .lookup import SiteIndex
from .raw_blocks import raw_run
from .templating import render_template


@dataclass(frozen=True)
class SourceEntry:
    anchor: str
    title: Markup  # the full title, linked to the interview page
    kinds: str  # the kinds of words quoted from it ("Podcast transcript")
    lines: tuple[tuple[str, Markup], ...]  # (label, HTML)


def source_entries(site: SiteIndex, quotes: list[tuple[Interview, Quote]], *, page: str) -> list[SourceEntry]:
    """One entry per interview quoted in ``quotes``, in the order they first appear."""
    order: dict[str, tuple[Interview, list[Quote]]] = {}
    for interview, quote in quotes:
        order.setdefault(interview.slug, (interview, []))[1].append(quote)
    return [_entry(site, interview, chosen, page=page) for interview, chosen in order.values()]


def _entry(site: SiteIndex, interview: Interview, quotes: list[Quote], *, page: str) -> SourceEntry:
    lines: list[tuple[str, Markup]] = []
    speakers = list(dict.fromkeys(q.speaker for q in quotes))
    reported = list(dict.fromkeys(q.reports for q in quotes if q.reports))
    people = Markup("; ").join(full_person(site.speaker(interview, s), page) for s in speakers)
    if reported:
        lines.append(("Written by", people))
        lines.append(("Reporting the views of", Markup("; ").join(
            full_person(site.speaker(interview, r), page) for r in reported)))
        lines.append(("Written summary", Markup(
            "the quotes are the author's words reporting someone's views, not that person's own words")))
    else:
        lines.append(("Speaker" if len(speakers) == 1 else "Speakers", people))
    lines.append(("Date", escape_text(interview.date or "not given in the document")))
    lines.append(("Source", source_credit(interview, raw_html=True)))
    if interview.source.note:
        lines.append(("About the source", escape_text(interview.source.note)))
    if any(q.translation for q in quotes):
        lines.append(("Translation", escape_text(
            f"the English is the editors' translation; the {language_name(interview.language)} "
            "original is the speaker's words, verified against the transcript")))
    kinds = ", ".join(dict.fromkeys(SOURCE_TYPES[source_type(interview, q)][1] for q in quotes))
    return SourceEntry(anchor=source_anchor(interview.slug),
                       title=html_link(interview.title, paths.url(page, paths.interview_page(interview.slug))),
                       kinds=kinds, lines=tuple(lines))


def sources_section(site: SiteIndex, quotes: list[tuple[Interview, Quote]], *, page: str) -> Markup:
    """The "Sources on this page" section (heading and raw HTML run), or nothing without quotes."""
    entries = source_entries(site, quotes, page=page)
    if not entries:
        return Markup("")
    html = render_template("quote_sources.md.j2", entries=entries).rstrip("\n")
    # The heading is in the table of contents but, like the entries, not in the search index.
    return Markup("## Sources on this page { data-pagefind-ignore=\"all\" }\n\n") + raw_run([html])
