"""Prove each curated quote is in the transcript, and find where.

A quote matches when its words occur in the same order in the normalised transcript
(case, punctuation, whitespace and fillers ignored). ``…`` marks an elision: each piece
must match, in order, close after the previous one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .models import Paragraph
from .paragraphs import Placed
from .text import clean_display, tokens

ELLIPSIS = re.compile(r"…|\.\.\.|\[\s*(?:…|\.\.\.)\s*\]")
MAX_ELISION_GAP = 400  # words between two pieces of an elided quote


@dataclass(frozen=True)
class TokenIndex:
    """The transcript as one stream of match tokens, each knowing where it came from."""

    words: tuple[str, ...]
    paragraph: tuple[int, ...]  # paragraph index of each token
    seconds: tuple[float | None, ...]  # start of the segment each token came from


@dataclass(frozen=True)
class Match:
    start: int  # token position of the first word
    end: int  # position after the last word


def build_index(placed: list[Placed]) -> TokenIndex:
    words: list[str] = []
    para: list[int] = []
    secs: list[float | None] = []
    for item in placed:
        toks = tokens(clean_display(item.segment.text))
        words.extend(toks)
        para.extend([item.paragraph_index] * len(toks))
        secs.extend([item.segment.start_seconds] * len(toks))
    return TokenIndex(tuple(words), tuple(para), tuple(secs))


def quote_pieces(text: str) -> list[list[str]]:
    return [toks for toks in (tokens(piece) for piece in ELLIPSIS.split(text)) if toks]


def find_quote(index: TokenIndex, text: str) -> Match | None:
    """Where ``text`` first occurs in the transcript, or None."""
    return next(find_quotes(index, text), None)


def find_quotes(index: TokenIndex, text: str) -> Iterator[Match]:
    """Every place ``text`` occurs, in transcript order."""
    pieces = quote_pieces(text)
    if not pieces:
        return
    for start in _occurrences(index.words, pieces[0], 0, len(index.words)):
        end = start + len(pieces[0])
        for piece in pieces[1:]:
            nxt = next(_occurrences(index.words, piece, end, end + MAX_ELISION_GAP + len(piece)), None)
            if nxt is None:
                break
            end = nxt + len(piece)
        else:
            yield Match(start, end)


def _occurrences(words: tuple[str, ...], piece: list[str], lo: int, hi: int):
    first, size = piece[0], len(piece)
    hi = min(hi, len(words))
    for pos in range(lo, hi - size + 1):
        if words[pos] == first and list(words[pos: pos + size]) == piece:
            yield pos


def closest_passage(index: TokenIndex, text: str, paragraphs: list[Paragraph]) -> str:
    """The transcript passage most like ``text``, for the error message of a failed quote."""
    wanted = [t for piece in quote_pieces(text) for t in piece]
    if not wanted or not index.words:
        return "(transcript has no words)"
    best_pos, best_score = 0, -1.0
    step = max(1, len(wanted) // 4)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    for pos in range(0, max(1, len(index.words) - len(wanted) + 1), step):
        matcher.set_seq1(index.words[pos: pos + len(wanted)])
        if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
            continue
        score = matcher.ratio()
        if score > best_score:
            best_pos, best_score = pos, score
    # refine around the best coarse window
    for pos in range(max(0, best_pos - step), min(len(index.words), best_pos + step + 1)):
        matcher.set_seq1(index.words[pos: pos + len(wanted)])
        score = matcher.ratio()
        if score > best_score:
            best_pos, best_score = pos, score
    # Align the window on the first block the two share, so the passage starts where the quote does.
    matcher.set_seq1(index.words[best_pos: best_pos + len(wanted)])
    first_block = matcher.get_matching_blocks()[0]
    best_pos = max(0, min(best_pos + first_block.a - first_block.b, len(index.words) - len(wanted)))
    passage = " ".join(index.words[best_pos: best_pos + len(wanted)])
    pid = paragraphs[index.paragraph[best_pos]].id if paragraphs else "?"
    return f"paragraph {pid}: \"{passage}\" ({best_score:.0%} similar)"
