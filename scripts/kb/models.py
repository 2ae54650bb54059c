"""Plain data passed between the pipeline's stages.

Sources -> (frontmatter loading) -> TranscriptSource -> (reader) -> list[Segment]
-> (paragraphs) -> list[Paragraph] -> (quotes, tagging) -> Interview -> Corpus -> pages.

Nothing here does I/O; everything is frozen so a stage cannot quietly change what an
earlier one produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

THEME_SLUGS = ("roles", "skills", "expectations", "ethics", "mlops")


@dataclass(frozen=True)
class Segment:
    """The smallest unit a reader returns: a caption line, a sentence, a labelled paragraph.

    ``line`` is the 1-based line in the transcript file (front matter included), so that
    problems found later can point at it.
    """

    text: str
    line: int
    start_seconds: float | None = None
    speaker: str | None = None  # speaker id, or a raw label a reader saw (e.g. "Prayson Daniel")
    heading: str | None = None  # the section heading this segment sits under, if any
    hard_break: bool = False  # the source starts a new paragraph here (blank line, new label)


@dataclass(frozen=True)
class ReadResult:
    """What a reader made of a body: segments plus facts found in the page itself."""

    segments: tuple[Segment, ...]
    header: dict[str, str] = field(default_factory=dict)  # e.g. {"title": ..., "date": ...}
    dropped: tuple[str, ...] = ()  # page chrome the reader removed, for `kb check -v`
    # Labels that stand for a role, not a name (Q&A Markdown: "Q" asks, "A" answers), mapped
    # to speaker ids by the front matter's `qa:` declaration; the first line each appears on.
    roles: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Turn:
    """A speaker change annotated in front matter for sources without labels."""

    speaker: str | None  # None means "unknown from here on"
    at_seconds: float | None = None
    starts: str | None = None  # first words of the turn
    note: str | None = None


@dataclass(frozen=True)
class CareerStep:
    when: str | None  # as the document says it, or None when it does not say
    what: str
    evidence: str  # verbatim words from the transcript supporting the step
    paragraph_id: str | None = None  # filled in by verification


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    # Keyword-only, so it can sit beside ``name``: kb.json lists fields in this order.
    short: str | None = field(default=None, kw_only=True)  # short name for labels and quote cards, e.g. "Host"
    kind: str  # host | guest | author | audience | speaker
    role: str | None = None
    affiliation: str | None = None
    name_note: str | None = None  # e.g. "name garbled by the transcription"
    career: tuple[CareerStep, ...] = ()

    @property
    def label(self) -> str:
        """What labels and quote cards call the speaker: ``short`` when given, else ``name``."""
        return self.short or self.name


@dataclass(frozen=True)
class Source:
    publisher: str | None = None
    venue: str | None = None
    url: str | None = None
    url_label: str | None = None  # what ``url`` opens when it is not the original itself
    video_url: str | None = None  # when set and paragraphs have stamps, times link to it
    kind: str | None = None  # video | podcast | article | talk | summary
    note: str | None = None


@dataclass(frozen=True)
class TextSpan:
    """Characters ``start:end`` of one paragraph's display text (``Paragraph.text``)."""

    paragraph_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Omission:
    """The words an elision (``…``) of a quote leaves out, as the interview page shows them."""

    mark: int  # which ellipsis of the quote's text (0 = the first)
    text: str  # display text of the omitted words (paragraphs joined by a space)
    words: int  # match words left out (fillers not counted)
    spans: tuple[TextSpan, ...]


@dataclass(frozen=True)
class Rights:
    """Who holds an interview's words and what the site may do with them (front matter
    ``rights``). The default is a transcript that records none: shown in full, and the About
    page says its rights are not recorded."""

    holder: str | None = None  # None: not recorded
    licence: str | None = None  # None: no licence is known
    permission: str | None = None
    publish: str = "full"  # full | excerpts
    note: str | None = None
    recorded: bool = False  # False when the front matter has no `rights`

    @property
    def excerpts_only(self) -> bool:
        return self.publish == "excerpts"


@dataclass(frozen=True)
class Quote:
    id: str
    text: str
    speaker: str  # speaker id
    themes: tuple[str, ...]
    note: str | None = None
    translation: str | None = None  # English translation of a non-English quote
    reports: str | None = None  # speaker id whose views the quote reports (written summaries)
    subtopic: str | None = None
    # Filled in by verification:
    paragraph_id: str | None = None
    start_seconds: float | None = None
    spans: tuple[TextSpan, ...] = ()  # the quoted words in the paragraphs' display text
    omissions: tuple[Omission, ...] = ()  # one per elision that leaves words out


@dataclass(frozen=True)
class InlineSpan:
    """Formatting a Markdown source gave to part of a paragraph (kb.inline), over ``Paragraph.text``."""

    start: int  # character offsets in Paragraph.text
    end: int
    kind: str  # strong | em | link | item | ordered-item
    href: str | None = None  # links only, as written (the renderer keeps only safe http(s) ones)


@dataclass(frozen=True)
class Paragraph:
    id: str  # stable anchor, unique within its interview
    text: str  # clean display text (plain, unescaped)
    speaker: str | None = None  # speaker id or None when unknown
    start_seconds: float | None = None
    heading: str | None = None
    line: int | None = None
    themes: tuple[str, ...] = ()
    markup: tuple[InlineSpan, ...] = ()  # emphasis, links and list items of a Markdown source


@dataclass(frozen=True)
class Interview:
    slug: str
    path: Path
    title: str
    date: str | None  # ISO date, or None when the document does not give one
    date_note: str | None
    language: str
    format: str
    source: Source
    speakers: tuple[Speaker, ...]
    summary: str
    paragraphs: tuple[Paragraph, ...]
    quotes: tuple[Quote, ...]
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    header: dict[str, str] = field(default_factory=dict)
    short_title: str | None = None  # for quote cards, e.g. "AWS ML podcast, ep. 9"
    # The source has no punctuation or capitals (lower-case captions): the build added the
    # full stops and capitals readers see; the words are as received. Pages say so.
    punctuation_added: bool = False
    rights: Rights = field(default_factory=Rights)

    @property
    def label(self) -> str:
        """What quote cards call the interview: ``short_title`` when given, else ``title``."""
        return self.short_title or self.title

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def paragraph(self, paragraph_id: str | None) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.id == paragraph_id), None)


@dataclass(frozen=True)
class KeyPoint:
    """One bullet of a theme's "Key points": the editors' words, citing quotes."""

    id: str  # stable anchor on the theme page (the home page's questions link to it)
    text: str  # trusted Markdown with q:/p:/i: references


@dataclass(frozen=True)
class Difference:
    """One row of a theme's "Where interviewees differ" table: a question, then each side."""

    id: str  # stable anchor on the theme page
    question: str
    views: tuple[str, ...]  # trusted Markdown, one cell per side, each citing its quote


@dataclass(frozen=True)
class QuoteGroupSpec:
    """A group of quotes on a theme page: the quotes whose subtopic is one of ``subtopics``."""

    title: str
    subtopics: tuple[str, ...]
    featured: tuple[str, ...] = ()  # quote ids shown first, the others behind "N more quotes"


@dataclass(frozen=True)
class ReaderQuestion:
    """A question readers come with, answered on the home page by one key point or one row
    of a theme's differ table (``answer``: "key-ID" or "differ-ID", its anchor there)."""

    question: str
    theme: str  # theme slug
    answer: str


@dataclass(frozen=True)
class Theme:
    slug: str
    title: str
    description: str
    related: tuple[str, ...] = ()
    intro: str = ""  # trusted Markdown written by maintainers; q:/p: links resolved at render
    key_points: tuple[KeyPoint, ...] = ()
    differences: tuple[Difference, ...] = ()
    differences_note: str = ""  # why there are fewer rows than the target (never invent a side)
    groups: tuple[QuoteGroupSpec, ...] = ()  # reading order of the quote groups
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> words
    french_names: tuple[str, ...] = ()  # what French readers call it (shown, and found by search)

    @property
    def subtopics(self) -> tuple[str, ...]:
        """Every subtopic the groups list, in reading order."""
        return tuple(s for g in self.groups for s in g.subtopics)


@dataclass(frozen=True)
class Location:
    """Where an editor's reference (q:ID, p:SLUG#PARA, i:SLUG) points: an interview page,
    and a paragraph on it (None for the page itself). Worked out once, at load time."""

    interview: str  # interview slug
    paragraph: str | None = None  # paragraph id


@dataclass(frozen=True)
class Person:
    """A speaker seen across the whole corpus (same id in several interviews = one person)."""

    id: str
    name: str
    appearances: tuple[tuple[str, Speaker], ...]  # (interview slug, speaker entry)


@dataclass(frozen=True)
class AdvertCategory:
    slug: str
    label: str


@dataclass(frozen=True)
class AdvertShare:
    """Share of one role's adverts mentioning one kind of expertise, as a talk reports it."""

    category: str  # AdvertCategory slug
    percent: int | None  # None when the source does not state it clearly
    quote: str  # id of the verified quote the figure comes from
    note: str | None = None


@dataclass(frozen=True)
class AdvertRole:
    slug: str
    label: str
    adverts: int  # how many adverts were read
    adverts_quote: str  # quote id stating (or implying) that number
    shares: tuple[AdvertShare, ...]  # one per category, in the categories' order

    def share(self, category: str) -> AdvertShare | None:
        return next((s for s in self.shares if s.category == category), None)


@dataclass(frozen=True)
class JobAdverts:
    """A survey of job adverts reported in one interview (data/job_adverts.yml)."""

    interview: str  # slug of the interview the figures come from
    note: str
    categories: tuple[AdvertCategory, ...]
    roles: tuple[AdvertRole, ...]


@dataclass(frozen=True)
class RoleAspect:
    slug: str
    title: str


@dataclass(frozen=True)
class RoleRow:
    """One role of the "Roles compared" table; cells are trusted Markdown with references."""

    slug: str
    title: str
    cells: tuple[tuple[str, str], ...]  # (aspect slug, Markdown), in the aspects' order


@dataclass(frozen=True)
class RolesTable:
    """data/roles.yml: roles x aspects, plus the text introducing the job-advert figures."""

    intro: str
    aspects: tuple[RoleAspect, ...]
    roles: tuple[RoleRow, ...]
    adverts_intro: str = ""
    adverts_quotes: tuple[str, ...] = ()  # quote ids shown under the chart, in order


@dataclass(frozen=True)
class GlossaryTerm:
    """One entry of data/glossary.yml (definition is plain text: it also becomes a tooltip)."""

    term: str
    anchor: str  # element id on the glossary page
    definition: str
    aliases: tuple[str, ...] = ()
    see: tuple[str, ...] = ()  # references: q:ID, p:SLUG#PARA, i:SLUG


@dataclass(frozen=True)
class Corpus:
    interviews: tuple[Interview, ...]
    themes: tuple[Theme, ...]
    people: tuple[Person, ...]
    job_adverts: JobAdverts | None = None  # None when data/job_adverts.yml is absent
    roles: RolesTable | None = None  # None when data/roles.yml is absent
    glossary: tuple[GlossaryTerm, ...] = ()  # empty when data/glossary.yml is absent
    # Every reference the data files make ("q:ID" -> Location), resolved when they were checked.
    references: dict[str, Location] = field(default_factory=dict)
    questions: tuple[ReaderQuestion, ...] = ()  # the home page's way in (data/themes.yml)

    # Lookups by key go through dicts built on first use: renderers call these once per
    # appearance or quote, and a linear scan made a 500-interview build quadratic.
    @cached_property
    def _by_key(self) -> dict[str, dict[str, Any]]:
        return {"interview": {i.slug: i for i in reversed(self.interviews)},
                "theme": {t.slug: t for t in reversed(self.themes)},
                "person": {p.id: p for p in reversed(self.people)}}

    def interview(self, slug: str) -> Interview | None:
        return self._by_key["interview"].get(slug)

    def theme(self, slug: str) -> Theme | None:
        return self._by_key["theme"].get(slug)

    def person(self, person_id: str) -> Person | None:
        return self._by_key["person"].get(person_id)

    def quotes(self) -> list[tuple[Interview, Quote]]:
        return [(i, q) for i in self.interviews for q in i.quotes]
