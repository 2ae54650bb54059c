"""Podcasting 2.0 JSON transcripts (podcast namespace ``<podcast:transcript type="application/json">``).

    {"version": "1.0.0",
     "segments": [{"speaker": "Ada", "startTime": 1.5, "endTime": 9.0, "body": "Hello and welcome"}, …]}

Each segment is a phrase or a single word with its start; consecutive segments of one
speaker become paragraphs (kb.paragraphs). Problems name the line of the segment.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import Problem
from ..models import ReadResult, Segment
from .problems import read_error

FORMAT = "podcast-json"
LOWER_CASE = False
ORDER = 40

_SEGMENTS = re.compile(r'"segments"\s*:\s*\[')
_DECODER = json.JSONDecoder()


def recognise(body: str, lines: list[str]) -> str | None:
    text = body.lstrip("\ufeff").strip()
    if text.startswith("{") and text.endswith("}"):
        return ("the body is a JSON object (a Podcasting 2.0 transcript: 'segments' with speaker, "
                "startTime and body)")
    return None


def _segment_lines(text: str, count: int) -> list[int]:
    """0-based line of each segment object, found by decoding the list element by element."""
    found = _SEGMENTS.search(text)
    lines: list[int] = []
    if found is None:
        return lines
    pos = found.end()
    for _ in range(count):
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        lines.append(text.count("\n", 0, pos))
        try:
            _, pos = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError:
            break
    return lines


def read_podcast_json(body: str, *, name: str, body_line: int = 1) -> ReadResult:
    text = body.lstrip("\ufeff")
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise read_error(Problem(name, f"not valid JSON: {exc.msg}", field="body", line=body_line + exc.lineno - 1,
                                 column=exc.colno, hint="a Podcasting 2.0 transcript is one JSON object")) from None
    except RecursionError:
        raise read_error(Problem(name, "JSON nested too deeply to read", field="body", line=body_line)) from None
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise read_error(Problem(name, "JSON without a 'segments' list", field="body", line=body_line,
                                 hint='a Podcasting 2.0 transcript looks like {"version": "1.0.0", "segments": '
                                      '[{"speaker": "…", "startTime": 0.5, "endTime": 3.2, "body": "…"}]}'))
    entries = data["segments"]
    where = _segment_lines(text, len(entries))
    segments: list[Segment] = []
    problems: list[Problem] = []
    previous: str | None = None
    for number, entry in enumerate(entries):
        line = body_line + (where[number] if number < len(where) else 0)
        label = f"segment {number + 1}"
        if not isinstance(entry, dict):
            problems.append(Problem(name, f"{label} is not a JSON object", field="body", line=line))
            continue
        words = entry.get("body")
        start = entry.get("startTime")
        speaker = entry.get("speaker")
        if not isinstance(words, str):
            problems.append(Problem(name, f"{label} has no 'body' text", field="body", line=line,
                                    hint='each segment needs "body": "the words"'))
            continue
        if isinstance(start, bool) or not isinstance(start, int | float) or start < 0:
            problems.append(Problem(name, f"{label}: 'startTime' is not a number of seconds ({start!r})",
                                    field="body", line=line, hint='write e.g. "startTime": 12.5'))
            continue
        if speaker is not None and not isinstance(speaker, str):
            problems.append(Problem(name, f"{label}: 'speaker' should be text", field="body", line=line))
            continue
        speaker = " ".join(speaker.split()) or None if speaker else None
        if words.strip():
            segments.append(Segment(text=" ".join(words.split()), line=line, start_seconds=round(float(start), 3),
                                    speaker=speaker, hard_break=speaker != previous))
            previous = speaker
    if problems:
        raise read_error(problems)
    if not segments:
        raise read_error(Problem(name, "the 'segments' list has no text", field="body", line=body_line))
    return ReadResult(segments=tuple(segments))


read = read_podcast_json
