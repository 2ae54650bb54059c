"""Where a verified quote sits in the displayed paragraphs, to mark it in place.

Verification (kb.quotes) finds each quote once and stores the character spans of its words
in the paragraphs' display text (``Quote.spans``, elided words left out); the interview
page only turns them into marks per paragraph. No second matcher: what is highlighted is
what the build proved.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Interview, Quote


@dataclass(frozen=True)
class Span:
    paragraph_index: int
    start: int  # character offsets in Paragraph.text
    end: int


def quote_marks(interview: Interview, quote: Quote, positions: dict[str, int]) -> list[Span]:
    """``quote.spans`` as paragraph positions of ``interview`` (``positions``: paragraph id ->
    index); [] when the quote's words could not be placed in the display text."""
    return [Span(positions[s.paragraph_id], s.start, s.end) for s in quote.spans if s.paragraph_id in positions]
