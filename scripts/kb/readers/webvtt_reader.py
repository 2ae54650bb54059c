"""WebVTT caption files, with ``<v Name>`` voice tags as speaker labels (webvtt-py)."""

from __future__ import annotations

import re

import webvtt
from webvtt.errors import MalformedFileError

from ..errors import Problem
from ..models import ReadResult, Segment
from .problems import read_error

FORMAT = "webvtt"
LOWER_CASE = False
ORDER = 10  # detection order: lower is tried first

_TIMING = re.compile(r"^(?:\d+:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(?:\d+:)?\d{2}:\d{2}\.\d{3}(?:\s.*)?$")
_TAG = re.compile(r"</?[a-zA-Z0-9.]+(?:\s[^>]*)?>")


def stamp_seconds(stamp: str) -> float:
    """``"00:01:02.500"`` or ``"01:02,5"`` -> seconds."""
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)


def read_webvtt(body: str, *, name: str, body_line: int = 1) -> ReadResult:
    text = body.lstrip("\ufeff").replace("\r\n", "\n")
    try:
        vtt = webvtt.from_string(text)
    except MalformedFileError as exc:
        raise read_error(Problem(name, f"malformed WebVTT: {exc}", field="body", line=body_line,
                              hint="each cue needs 'hh:mm:ss.mmm --> hh:mm:ss.mmm' then text")) from None
    lines = text.split("\n")
    # webvtt-py skips cues whose timing line it cannot parse; a contributor must hear of it.
    broken = [i for i, ln in enumerate(lines) if "-->" in ln and not _TIMING.match(ln.strip())]
    if broken:
        raise read_error([Problem(name, f"malformed WebVTT cue timing: {lines[i].strip()[:50]!r}", field="body",
                      line=body_line + i, hint="write 'hh:mm:ss.mmm --> hh:mm:ss.mmm'")
              for i in broken])
    segments = []
    cursor = 0
    for caption in vtt.captions:
        cue_line = _find_line(lines, caption.start, cursor)
        cursor = max(cursor, cue_line)
        words = _TAG.sub("", " ".join(caption.lines)).strip()
        if words:
            segments.append(Segment(text=words, line=body_line + cue_line,
                                    start_seconds=stamp_seconds(caption.start),
                                    speaker=(caption.voice or None)))
    if not segments and text.strip():
        raise read_error(Problem(name, "WebVTT file has no cues with text", field="body", line=body_line))
    return ReadResult(segments=tuple(segments))


read = read_webvtt


def recognise(body: str, lines: list[str]) -> str | None:
    return "the first line is WEBVTT" if lines[0].startswith("WEBVTT") else None


def _find_line(lines: list[str], start: str, cursor: int) -> int:
    for index in range(cursor, len(lines)):
        if "-->" in lines[index] and start in lines[index]:
            return index
    return cursor
