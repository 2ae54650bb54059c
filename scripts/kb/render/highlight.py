"""Find where a verified quote sits in the displayed paragraphs, to mark it in place.

Verification (kb.quotes) proves a quote is in the transcript and names its paragraph; the
interview page also wants the exact characters to highlight. We tokenise the *display*
text with the same rule as verification (kb.text.tokens: case-folded words, fillers
dropped), keeping each word's character offsets, and look for the quote's pieces (split at
``…``) in order. A quote may run over several paragraphs; each gets its own spans.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..models import Paragraph
from ..quotes import MAX_ELISION_GAP, quote_pieces
from ..text import FILLERS

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Span:
    paragraph_index: int
    start: int  # character offsets in Paragraph.text
    end: int


@dataclass(frozen=True)
class Word:
    token: str
    paragraph_index: int
    start: int
    end: int


def paragraph_words(paragraphs: tuple[Paragraph, ...]) -> list[Word]:
    """Every match token of the displayed paragraphs, with its paragraph and offsets."""
    words = []
    for index, paragraph in enumerate(paragraphs):
        text = unicodedata.normalize("NFC", paragraph.text)
        if text != paragraph.text:  # offsets would not line up; the paragraph is left unmarked
            continue
        for match in _WORD.finditer(text):
            token = match.group().casefold()
            if token in FILLERS or token == "_":
                continue
            words.append(Word(token, index, match.start(), match.end()))
    return words


def _find(tokens: list[str], piece: list[str], lo: int, hi: int) -> int | None:
    first, size = piece[0], len(piece)
    for pos in range(lo, min(hi, len(tokens)) - size + 1):
        if tokens[pos] == first and tokens[pos: pos + size] == piece:
            return pos
    return None


def locate_quote(words: list[Word], text: str, *, near: int = 0) -> list[Span]:
    """Character spans of ``text`` among ``words`` (from paragraph_words), first occurrence at
    or after paragraph ``near`` (the one verification found); [] when it cannot be lined up."""
    tokens = [w.token for w in words]
    pieces = quote_pieces(text)
    if not pieces:
        return []
    first = next((i for i, w in enumerate(words) if w.paragraph_index >= near), len(words))
    start = _find(tokens, pieces[0], first, len(tokens))
    while start is not None:
        ranges = [(start, start + len(pieces[0]))]
        for piece in pieces[1:]:
            end = ranges[-1][1]
            found = _find(tokens, piece, end, end + MAX_ELISION_GAP + len(piece))
            if found is None:
                break
            ranges.append((found, found + len(piece)))
        else:
            return _spans(words, ranges)
        start = _find(tokens, pieces[0], start + 1, len(tokens))
    return []


def _spans(words: list[Word], ranges: list[tuple[int, int]]) -> list[Span]:
    """Token ranges -> character spans, cut at paragraph boundaries."""
    spans: list[Span] = []
    for lo, hi in ranges:
        run_start = words[lo]
        previous = words[lo]
        for word in words[lo + 1: hi]:
            if word.paragraph_index != previous.paragraph_index:
                spans.append(Span(run_start.paragraph_index, run_start.start, previous.end))
                run_start = word
            previous = word
        spans.append(Span(run_start.paragraph_index, run_start.start, previous.end))
    return spans
