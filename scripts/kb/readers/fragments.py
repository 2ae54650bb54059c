"""One sentence fragment per line, no stamps (automatic transcription of a talk).

Each line is a segment; paragraphs are formed later, preferring to end where a line ends
a sentence. Automatic transcripts often run for pages without a full stop, so lines (not
sentences) are the unit: a paragraph can always be cut between two of them.
"""

from __future__ import annotations

from ..models import ReadResult, Segment

FORMAT = "fragments"
LOWER_CASE = False
ORDER = 90


def read_fragments(body: str, *, name: str, body_line: int = 1) -> ReadResult:
    segments = [
        Segment(text=raw.strip(), line=body_line + offset)
        for offset, raw in enumerate(body.lstrip("\ufeff").splitlines())
        if raw.strip()
    ]
    return ReadResult(segments=tuple(segments))


read = read_fragments


def recognise(body: str, lines: list[str]) -> str | None:
    short = sum(1 for ln in lines if len(ln) < 90)
    if len(lines) >= 20 and short >= len(lines) * 0.8:
        return f"{short} of {len(lines)} lines are short fragments"
    return None
