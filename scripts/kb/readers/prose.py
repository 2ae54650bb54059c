"""Prose: paragraphs separated by blank lines (written summaries, essays)."""

from __future__ import annotations

from ..models import ReadResult, Segment
from .blocks import is_heading, sentence_segments, split_blocks

FORMAT = "prose"
LOWER_CASE = False
ORDER = 1000  # prose accepts anything: tried last


def read_prose(body: str, *, name: str, body_line: int = 1) -> ReadResult:
    header: dict[str, str] = {}
    segments: list[Segment] = []
    heading = None
    for block in split_blocks(body, body_line):
        if is_heading(block.text):
            if not segments and "title" not in header:
                header["title"] = block.text
            else:
                heading = block.text
            continue
        segments.extend(sentence_segments(block.text, block.line, heading=heading))
    return ReadResult(segments=tuple(segments), header=header)


read = read_prose


def recognise(body: str, lines: list[str]) -> str | None:
    """Prose accepts any text: it is the last shape tried."""
    return "none of the other shapes matched"
