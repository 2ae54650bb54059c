"""Indexes over the corpus that several pages need (computed once per render).

Plain lookups, no formatting: which quotes are on which theme, whose they are, which
paragraphs a theme covers, and where each quote sits in its transcript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..models import Corpus, Interview, Quote, Speaker, Theme
from ..theme_editorial import DEFAULT_FEATURED
from .highlight import Span, quote_marks

QuoteRef = tuple[Interview, Quote]

# Quotes per theme page (~3.5 KB of HTML each with their data); more go on pages 2, 3... Page 1
# holds every group's featured quotes even when they alone are more: that is bounded, since a
# theme has at most MAX_GROUPS (8) groups plus "Other quotes", of at most MAX_FEATURED (3) each.
THEME_PAGE_QUOTES = 20
# Pages a theme's quotes fill at most (the theme page and pages 2, 3...): 100 quotes. At 500
# interviews a theme had ~1,800 quotes on 94 pages that nobody pages through (45 MB of
# HTML repeating the transcripts, a third of the build); the others are marked in their
# interviews' transcripts, and the coverage matrix links to them (docs/scaling.md).
THEME_QUOTE_PAGES = 5


OTHER_QUOTES = "Other quotes"  # the group of quotes whose subtopic no group of the theme lists


@dataclass(frozen=True)
class GroupedQuotes:
    """One group of a theme's quotes in reading order: ``shown`` first, then ``more``
    (behind the "N more quotes" disclosure). ``title`` is None when no quote has a subtopic."""

    title: str | None
    shown: tuple[QuoteRef, ...]
    more: tuple[QuoteRef, ...]
    # On page 1 of a theme: (page number, first quote there, how many) for each later page
    # holding more of this group's quotes.
    later: tuple[tuple[int, QuoteRef, int], ...] = ()

    @property
    def quotes(self) -> tuple[QuoteRef, ...]:
        return self.shown + self.more


def group_theme_quotes(theme: Theme, quotes: list[QuoteRef]) -> list[GroupedQuotes]:
    """``quotes`` in the theme's groups, in the groups' order (subtopics in the order the
    group lists them, then interviews in corpus order). Each group shows the editors'
    ``featured`` quotes, or else its first DEFAULT_FEATURED; quotes whose subtopic no
    group lists make a last "Other quotes" group."""
    if all(q.subtopic is None for _, q in quotes):
        return [GroupedQuotes(None, tuple(quotes[:DEFAULT_FEATURED]), tuple(quotes[DEFAULT_FEATURED:]))] \
            if quotes else []
    rank = {s: n for g in theme.groups for n, s in enumerate(g.subtopics)}
    found: list[GroupedQuotes] = []
    placed: set[str] = set()
    for spec in theme.groups:
        members = sorted(((i, q) for i, q in quotes if q.subtopic in spec.subtopics),
                         key=lambda ref: rank[ref[1].subtopic])  # stable: interviews stay in order
        if members:
            found.append(_split(spec.title, members, spec.featured))
            placed.update(q.id for _, q in members)
    rest = [(i, q) for i, q in quotes if q.id not in placed]
    if rest:
        found.append(_split(OTHER_QUOTES, sorted(rest, key=lambda ref: ref[1].subtopic or "\uffff"), ()))
    return found


def _in_turn(sizes: list[int], room: int) -> list[int]:
    """How many of each group's quotes fit in ``room``, taken one per group in turn."""
    taken = [0] * len(sizes)
    while room > 0 and any(t < size for t, size in zip(taken, sizes, strict=True)):
        for n, size in enumerate(sizes):
            if room > 0 and taken[n] < size:
                taken[n] += 1
                room -= 1
    return taken


def _split(title: str, members: list[QuoteRef], featured: tuple[str, ...]) -> GroupedQuotes:
    chosen = [ref for quote_id in featured for ref in members if ref[1].id == quote_id]
    if not chosen:
        chosen = members[:DEFAULT_FEATURED]
    ids = {q.id for _, q in chosen}
    return GroupedQuotes(title, tuple(chosen), tuple(ref for ref in members if ref[1].id not in ids))


@dataclass(frozen=True)
class Coverage:
    """How much of one interview is about one theme."""

    interview: Interview
    quotes: int
    paragraphs: int


@dataclass
class SiteIndex:
    corpus: Corpus
    _positions: dict[str, dict[str, int]] = field(default_factory=dict)
    _by: dict[str, dict[str | None, list[QuoteRef]]] = field(default_factory=dict)
    _theme_pages: dict[str, list[list[GroupedQuotes]]] = field(default_factory=dict)
    _quote_page: dict[tuple[str, str], int] = field(default_factory=dict)
    _interview_page: dict[tuple[str, str], int] = field(default_factory=dict)
    _not_shown: dict[str, int] = field(default_factory=dict)  # theme -> its quotes on none of its pages

    @cached_property
    def published(self) -> dict[str, frozenset[str] | None]:
        """Paragraph ids each interview's rights let the site publish (None: all of them)."""
        from ..excerpts import published_paragraphs

        return published_paragraphs(self.corpus)

    def theme_quotes(self, slug: str) -> list[QuoteRef]:
        return [(i, q) for i, q in self.corpus.quotes() if slug in q.themes]

    def spoken_by(self, person_id: str) -> list[QuoteRef]:
        """Quotes in this person's own words (written reports about others included)."""
        return self._quotes_by("speaker").get(person_id, [])

    def reported_about(self, person_id: str) -> list[QuoteRef]:
        """Written summaries reporting this person's views: someone else's words."""
        return self._quotes_by("reports").get(person_id, [])

    def _quotes_by(self, attribute: str) -> dict[str | None, list[QuoteRef]]:
        # One pass over the quotes per attribute, not one per person (quadratic at 500 interviews).
        if attribute not in self._by:
            grouped: dict[str | None, list[QuoteRef]] = {}
            for interview, quote in self.corpus.quotes():
                grouped.setdefault(getattr(quote, attribute), []).append((interview, quote))
            self._by[attribute] = grouped
        return self._by[attribute]

    def coverage(self, interview: Interview, slug: str) -> Coverage:
        return Coverage(
            interview=interview,
            quotes=sum(1 for q in interview.quotes if slug in q.themes),
            paragraphs=sum(1 for p in interview.paragraphs if slug in p.themes),
        )

    def theme_coverage(self, slug: str) -> list[Coverage]:
        found = [self.coverage(i, slug) for i in self.corpus.interviews]
        return [c for c in found if c.quotes or c.paragraphs]

    def interview_coverage(self, interview: Interview) -> list[tuple[Theme, Coverage]]:
        found = [(t, self.coverage(interview, t.slug)) for t in self.corpus.themes]
        return [(t, c) for t, c in found if c.quotes or c.paragraphs]

    def theme_quote_pages(self, theme: Theme) -> list[list[QuoteRef]]:
        """The quotes on each page of the theme, in reading order (see theme_page_groups)."""
        return [[ref for group in groups for ref in group.quotes] for groups in self.theme_page_groups(theme)]

    def theme_page_groups(self, theme: Theme) -> list[list[GroupedQuotes]]:
        """The theme's quote groups on each of its pages. Page 1 shows every group with its
        featured quotes, then fills the groups' "N more quotes" (one extra quote per group in
        turn) while the page holds at most THEME_PAGE_QUOTES; the extras left over continue on
        pages 2, 3... of THEME_PAGE_QUOTES each, under the same headings in the same order. One
        page of 2,000 quotes would weigh megabytes (docs/scaling.md). Beyond THEME_QUOTE_PAGES
        pages, the extras on pages 2, 3... are again taken one per group in turn, so every
        group continues, and the rest are counted (``theme_quotes_not_shown``)."""
        if theme.slug not in self._theme_pages:
            groups = group_theme_quotes(theme, self.theme_quotes(theme.slug))
            room = THEME_PAGE_QUOTES - sum(len(g.shown) for g in groups)
            kept = _in_turn([len(g.more) for g in groups], room)  # extras of each group kept on page 1
            extras = [g.more[kept[n]:] for n, g in enumerate(groups)]
            left = sum(map(len, extras))  # the extras page 1 has no room for
            later_room = (THEME_QUOTE_PAGES - 1) * THEME_PAGE_QUOTES
            if left > later_room:
                extras = [e[:k] for e, k in zip(extras, _in_turn([len(e) for e in extras], later_room), strict=True)]
            rest = [(n, ref) for n, e in enumerate(extras) for ref in e]
            self._not_shown[theme.slug] = left - len(rest)
            chunks = [rest[k: k + THEME_PAGE_QUOTES] for k in range(0, len(rest), THEME_PAGE_QUOTES)]
            later: list[list[tuple[int, QuoteRef, int]]] = [[] for _ in groups]
            pages: list[list[GroupedQuotes]] = [[]]
            for number, chunk in enumerate(chunks, start=2):
                on_page: list[GroupedQuotes] = []
                for n in dict.fromkeys(n for n, _ in chunk):
                    refs = tuple(ref for m, ref in chunk if m == n)
                    on_page.append(GroupedQuotes(groups[n].title, refs, ()))
                    later[n].append((number, refs[0], len(refs)))
                pages.append(on_page)
            pages[0] = [GroupedQuotes(g.title, g.shown, g.more[:kept[n]], tuple(later[n]))
                        for n, g in enumerate(groups)]
            self._theme_pages[theme.slug] = pages
            for number, on_page in enumerate(pages, start=1):
                for group in on_page:
                    for interview, quote in group.quotes:
                        self._quote_page.setdefault((theme.slug, quote.id), number)
                        self._interview_page.setdefault((theme.slug, interview.slug), number)
        return self._theme_pages[theme.slug]

    def theme_quotes_not_shown(self, theme: Theme) -> int:
        """How many of the theme's quotes none of its pages shows (beyond THEME_QUOTE_PAGES)."""
        self.theme_page_groups(theme)
        return self._not_shown[theme.slug]

    def theme_page_of_quote(self, theme_slug: str, quote_id: str) -> int | None:
        """Which page of the theme (1, 2...) shows this quote; None when none of them does."""
        return self._placed(theme_slug, self._quote_page, quote_id)

    def theme_page_of_interview(self, theme_slug: str, interview_slug: str) -> int | None:
        """Which page of the theme starts the interview's quotes (the matrix links there);
        None when none of the theme's pages shows a quote of it."""
        return self._placed(theme_slug, self._interview_page, interview_slug)

    def _placed(self, theme_slug: str, where: dict[tuple[str, str], int], key: str) -> int | None:
        theme = self.themes_by_slug.get(theme_slug)
        if theme is None:
            return None
        self.theme_page_groups(theme)  # fills ``where`` once per theme (cached)
        return where.get((theme_slug, key))

    @cached_property
    def themes_by_slug(self) -> dict[str, Theme]:
        return {t.slug: t for t in self.corpus.themes}

    def quote_spans(self, interview: Interview, quote: Quote) -> list[Span]:
        """Where to highlight ``quote`` in the interview page ([] if it cannot be lined up)."""
        if interview.slug not in self._positions:
            self._positions[interview.slug] = {p.id: n for n, p in enumerate(interview.paragraphs)}
        return quote_marks(interview, quote, self._positions[interview.slug])

    @staticmethod
    def speaker(interview: Interview, speaker_id: str | None) -> Speaker | None:
        return interview.speaker(speaker_id)

    @cached_property
    def _tag_spelling(self) -> dict[str, str]:
        """One spelling per tag, whatever its case: theme titles first, then first seen."""
        spelling: dict[str, str] = {}
        for theme in self.corpus.themes:
            spelling.setdefault(theme.title.casefold(), theme.title)
        for interview in self.corpus.interviews:
            for tag in interview.tags:
                spelling.setdefault(" ".join(tag.split()).casefold(), " ".join(tag.split()))
        return spelling

    def interview_tags(self, interview: Interview) -> list[str]:
        """The interview's topics plus the titles of the themes it covers (deduplicated)."""
        tags: list[str] = []
        names = [*interview.tags, *(t.title for t, _ in self.interview_coverage(interview))]
        for name in names:
            tag = self._tag_spelling.get(" ".join(name.split()).casefold(), name)
            if tag not in tags:
                tags.append(tag)
        return tags
