"""Indexes over the corpus that several pages need (computed once per render).

Plain lookups, no formatting: which quotes are on which theme, whose they are, which
paragraphs a theme covers, and where each quote sits in its transcript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..models import Corpus, Interview, Quote, Speaker, Theme
from .highlight import Span, Word, locate_quote, paragraph_words

QuoteRef = tuple[Interview, Quote]

THEME_PAGE_QUOTES = 40  # quotes per theme page (~1.5 KB of HTML each); more go on pages 2, 3...


def subtopic_order(theme: Theme, quotes: list[QuoteRef]) -> list[str | None]:
    """Subtopics in the theme's own order, then the others alphabetically, then None."""
    subtopics = {q.subtopic for _, q in quotes}
    if subtopics <= {None}:
        return [None]
    listed = [s for s in theme.subtopics if s in subtopics]
    others = sorted(s for s in subtopics if s is not None and s not in listed)
    return [*listed, *others] + ([None] if None in subtopics else [])


@dataclass(frozen=True)
class Coverage:
    """How much of one interview is about one theme."""

    interview: Interview
    quotes: int
    paragraphs: int


@dataclass
class SiteIndex:
    corpus: Corpus
    _spans: dict[str, list[Span]] = field(default_factory=dict)
    _words: dict[str, list[Word]] = field(default_factory=dict)
    _by: dict[str, dict[str | None, list[QuoteRef]]] = field(default_factory=dict)
    _theme_pages: dict[str, list[list[QuoteRef]]] = field(default_factory=dict)
    _quote_page: dict[tuple[str, str], int] = field(default_factory=dict)
    _interview_page: dict[tuple[str, str], int] = field(default_factory=dict)

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
        """The theme's quotes in reading order (subtopics, then interviews), cut into pages of
        THEME_PAGE_QUOTES: one page of 2,000 quotes would weigh megabytes (docs/scaling.md)."""
        if theme.slug not in self._theme_pages:
            quotes = self.theme_quotes(theme.slug)
            rank = {s: n for n, s in enumerate(subtopic_order(theme, quotes))}
            ordered = sorted(quotes, key=lambda ref: rank[ref[1].subtopic])  # stable: interviews stay in order
            pages = [ordered[n: n + THEME_PAGE_QUOTES] for n in range(0, len(ordered), THEME_PAGE_QUOTES)]
            self._theme_pages[theme.slug] = pages or [[]]
            for number, refs in enumerate(pages, start=1):
                for interview, quote in refs:
                    self._quote_page.setdefault((theme.slug, quote.id), number)
                    self._interview_page.setdefault((theme.slug, interview.slug), number)
        return self._theme_pages[theme.slug]

    def theme_page_of_quote(self, theme_slug: str, quote_id: str) -> int:
        """Which page of the theme (1, 2...) shows this quote."""
        theme = self.themes_by_slug.get(theme_slug)
        if theme is not None:
            self.theme_quote_pages(theme)
        return self._quote_page.get((theme_slug, quote_id), 1)

    def theme_page_of_interview(self, theme_slug: str, interview_slug: str) -> int:
        """Which page of the theme starts the interview's quotes (the matrix links there)."""
        theme = self.themes_by_slug.get(theme_slug)
        if theme is not None:
            self.theme_quote_pages(theme)
        return self._interview_page.get((theme_slug, interview_slug), 1)

    @cached_property
    def themes_by_slug(self) -> dict[str, Theme]:
        return {t.slug: t for t in self.corpus.themes}

    def quote_spans(self, interview: Interview, quote: Quote) -> list[Span]:
        """Where to highlight ``quote`` in the interview page ([] if it cannot be lined up)."""
        if quote.id not in self._spans:
            near = next((n for n, p in enumerate(interview.paragraphs) if p.id == quote.paragraph_id), 0)
            if interview.slug not in self._words:
                self._words[interview.slug] = paragraph_words(interview.paragraphs)
            self._spans[quote.id] = locate_quote(self._words[interview.slug], quote.text, near=near)
        return self._spans[quote.id]

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
