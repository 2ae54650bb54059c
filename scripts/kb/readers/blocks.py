"""Blank-line separated blocks with their line numbers, shared by the prose-like readers."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Segment
from ..text import split_sentences


@dataclass(frozen=True)
class Block:
    text: str  # lines joined with single spaces
    line: int  # 1-based line in the file


def split_blocks(body: str, body_line: int) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    start = body_line
    for offset, raw in enumerate(body.lstrip("\ufeff").splitlines()):
        line = raw.strip()
        if line:
            if not current:
                start = body_line + offset
            current.append(line)
        elif current:
            blocks.append(Block(" ".join(current), start))
            current = []
    if current:
        blocks.append(Block(" ".join(current), start))
    return blocks


def sentence_segments(text: str, line: int, **fields: object) -> list[Segment]:
    """One segment per sentence; the first marks a paragraph break in the source."""
    sentences = split_sentences(text) or [text]
    return [Segment(text=s, line=line, hard_break=(i == 0), **fields)  # type: ignore[arg-type]
            for i, s in enumerate(sentences)]


def is_heading(text: str) -> bool:
    """A short line that does not end like a sentence: a title or section heading.

    Headings may be questions ("Is coding part of the future?"), but a short question of
    one or two words ("Ok?") is speech.
    """
    words = text.split()
    end = text.rstrip()[-1:]
    if len(words) > 12 or end in (".", "!", ":", ",", ";", "…"):
        return False
    return end != "?" or (len(words) >= 3 and text[:1].isupper())
