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
