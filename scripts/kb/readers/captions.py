"""Caption lines: ``m:ss text`` or ``h:mm:ss text`` one per line (YouTube transcript copy)."""

from __future__ import annotations

import re

from ..errors import Problem
from ..models import ReadResult, Segment
from .problems import read_error

FORMAT = "captions"
LOWER_CASE = True  # YouTube copies: lower-case words, no punctuation
ORDER = 50

STAMP = re.compile(r"^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})(?:\s+(.*))?$")
_LOOKS_STAMPED = re.compile(r"^\d{1,3}[:.;]\d")


def parse_stamp(stamp: str) -> float | None:
    """``"1:02"`` -> 62.0, ``"1:02:03"`` -> 3723.0; None when it is not a valid stamp."""
    match = STAMP.match(stamp.strip())
    if not match or match.group(4):
        return None
    return _seconds(match)


def _seconds(match: re.Match[str]) -> float | None:
    hours, minutes, seconds = int(match.group(1) or 0), int(match.group(2)), int(match.group(3))
    if seconds >= 60 or (match.group(1) and minutes >= 60):
        return None
    return float(hours * 3600 + minutes * 60 + seconds)


def read_captions(body: str, *, name: str, body_line: int = 1) -> ReadResult:
    segments: list[Segment] = []
    problems: list[Problem] = []
    previous = -1.0
    for offset, raw in enumerate(body.lstrip("\ufeff").splitlines()):
        line_no = body_line + offset
        line = raw.strip()
        if not line:
            continue
        match = STAMP.match(line)
        seconds = _seconds(match) if match else None
        if seconds is None:
            what = "malformed timestamp" if _LOOKS_STAMPED.match(line) else "line without a timestamp"
            problems.append(Problem(name, f"{what}: {line[:40]!r}", field="body", line=line_no,
                                    hint="caption lines look like 'm:ss text' or 'h:mm:ss text'"))
            continue
        if seconds < previous:
            problems.append(Problem(name, f"timestamp goes backwards ({line.split()[0]})",
                                    field="body", line=line_no))
        previous = seconds
        text = (match.group(4) or "").strip()
        if text:  # a line with only a stamp carries no words
            segments.append(Segment(text=text, line=line_no, start_seconds=seconds))
    if problems:
        raise read_error(problems)
    return ReadResult(segments=tuple(segments))


read = read_captions


def recognise(body: str, lines: list[str]) -> str | None:
    stamped = sum(1 for ln in lines if STAMP.match(ln))
    if stamped >= max(3, len(lines) * 0.6):
        return f"{stamped} of {len(lines)} lines start with an m:ss stamp"
    return None
