"""Person pages (people/<id>.md) and the people index."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..models import Person
from ..tagging import fold
from . import paths
from .escape import link
from .fragments import quote_block, speaker_as_stated
from .lookup import QuoteRef, SiteIndex
from .search import INTERVIEW, PERSON, search_facets
from .sources import sources_section
from .structured import person_jsonld
from .templating import front_matter, render_template
from .timelines import career_timeline


@dataclass(frozen=True)
class Appearance:
    interview: Markup  # link to the interview page
    kind: str
    stated: Markup  # role and affiliation as that interview states them
    timeline: Markup  # the career drawn as a timeline (empty without one: timelines.py)


def render_person_page(site: SiteIndex, person: Person) -> str:
    page = paths.person_page(person.id)
    appearances = []
    notes: list[str] = []
    for slug, speaker in person.appearances:
        interview = site.corpus.interview(slug)
        if interview is None:
            continue
        appearances.append(Appearance(link(interview.title, paths.href(page, paths.interview_page(slug))),
                                      speaker.kind, speaker_as_stated(speaker),
                                      career_timeline(speaker, interview, page=page)))
        if speaker.name_note and speaker.name_note not in notes:
            notes.append(speaker.name_note)
    own = capped_quotes(site.spoken_by(person.id), PERSON_PAGE_QUOTES)
    reported = capped_quotes(site.reported_about(person.id), PERSON_PAGE_QUOTES)
    shown_ids = {q.id for _, q in own}
    return render_template(
        "person.md.j2",
        front=front_matter(title=person.name, description=f"What {person.name} says in the knowledge base.",
                           extra={"kb_jsonld": person_jsonld(person, [s for _, s in person.appearances])}),
        person=person,
        notes=notes,
        appearances=appearances,
        own=by_theme(site, own, page=page),
        reported=[quote_block(site, i, q, page=page, anchor=False, searchable=False) for i, q in reported],
        more=len(site.spoken_by(person.id)) + len(site.reported_about(person.id)) - len(own) - len(reported),
        sources=sources_section(site, [*own, *(r for r in reported if r[1].id not in shown_ids)], page=page),
        facets=search_facets(filters={PERSON: [person.name], INTERVIEW: [
            i.title for slug, _ in person.appearances if (i := site.corpus.interview(slug)) is not None]}),
    )


# Each quote is one card (~2.5 KB of HTML with its citation; a translated one ~3.5 KB): past
# ~30 cards a person page passes 150 KB (docs/scaling.md). The rest stay on the interview
# pages (highlighted, and in the search index) and on the theme pages.
PERSON_PAGE_QUOTES = 20  # quote cards; a quote on several themes is shown once


def capped_quotes(quotes: list[QuoteRef], limit: int) -> list[QuoteRef]:
    """At most ``limit`` quotes, spread over the interviews (each one's first quote first),
    in corpus order."""
    if len(quotes) <= limit:
        return quotes
    rank: dict[str, int] = {}
    keyed = []
    for position, (interview, _) in enumerate(quotes):
        rank[interview.slug] = rank.get(interview.slug, -1) + 1
        keyed.append((rank[interview.slug], position))
    chosen = sorted(position for _, position in sorted(keyed)[:limit])
    return [quotes[position] for position in chosen]


def by_theme(site: SiteIndex, quotes: list[QuoteRef], *, page: str) -> list[tuple[Markup, list[Markup]]]:
    """Quotes grouped by theme in the themes' order; a quote on several themes shows once,
    under the first of them (as two cards it doubled the page for a few more headings)."""
    order = {theme.slug: n for n, theme in enumerate(site.corpus.themes)}
    placed: dict[str, list[QuoteRef]] = {}
    for interview, quote in quotes:
        first = min((t for t in quote.themes if t in order), key=order.__getitem__, default=None)
        if first is not None:
            placed.setdefault(first, []).append((interview, quote))
    return [(link(theme.title, paths.href(page, paths.theme_page(theme.slug))),
             [quote_block(site, i, q, page=page, anchor=False, searchable=False) for i, q in placed[theme.slug]])
            for theme in site.corpus.themes if theme.slug in placed]


# The people index's sections, in this order: whose views the interviews are about first, then
# who asked or wrote them up, then the audience. A person in several roles is listed once, under
# the first of these that any of their appearances has.
PEOPLE_SECTIONS = (
    ("Interviewees and speakers", ("guest", "speaker")),
    ("Hosts, interviewers and authors", ("host", "author")),
    ("Audience", ("audience",)),
)


def people_section(person: Person) -> int:
    kinds = {speaker.kind for _, speaker in person.appearances}
    return next((n for n, (_, section) in enumerate(PEOPLE_SECTIONS) if kinds & set(section)),
                len(PEOPLE_SECTIONS) - 1)


def quote_count(spoken: int, reported: int) -> str:
    """"17 quotes"; for someone known only through a written report, how many report their views."""
    said = f"{spoken} quote{'' if spoken == 1 else 's'}"
    if not reported:
        return said
    report = f"{reported} quote{'' if reported == 1 else 's'} reporting their views"
    return report if not spoken else f"{said}, {report}"


def render_people_index(site: SiteIndex) -> str:
    page = paths.PEOPLE_INDEX
    sections: list[tuple[str, list]] = [(title, []) for title, _ in PEOPLE_SECTIONS]
    people = sorted(site.corpus.people, key=lambda p: (fold(p.name.casefold()), p.id))  # Ø, É: by their letter
    for person in people:
        interviews = [site.corpus.interview(slug) for slug, _ in person.appearances]
        sections[people_section(person)][1].append((
            link(person.name, paths.href(page, paths.person_page(person.id))),
            [link(i.title, paths.href(page, paths.interview_page(i.slug))) for i in interviews if i],
            quote_count(len(site.spoken_by(person.id)), len(site.reported_about(person.id)))))
    return render_template("people_index.md.j2",
                           front=front_matter(title="People", description="Everyone who speaks in the interviews."),
                           sections=[(title, rows) for title, rows in sections if rows])
