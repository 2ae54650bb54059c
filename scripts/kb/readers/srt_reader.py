"""SubRip (.srt) caption files, parsed by the ``srt`` package."""

from __future__ import annotations

import re

import srt

from ..errors import Problem
from ..models import ReadResult, Segment
from .problems import read_error

FORMAT = "srt"
LOWER_CASE = False
ORDER = 20

_ARROW = re.compile(r"\d+:\d+:\d+[,.]\d+\s*-->\s*\d+:\d+:\d+[,.]\d+")
_HUGE = re.compile(r"\d{10}")
_LABEL = re.compile(r"^([A-Z][\w.'’ -]{0,40}):\s+(.*)$", re.DOTALL)


def looks_like_srt(lines: list[str]) -> bool:
    return len(lines) >= 2 and lines[0].isdigit() and bool(_ARROW.search(lines[1]))


def read_srt(body: str, *, name: str, body_line: int = 1) -> ReadResult:
    text = body.lstrip("\ufeff").replace("\r\n", "\n")
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        # srt reports where parsing stopped, often the end of the file; a timing line that
        # does not parse is what a contributor needs to see.
        bad = next((n for n, ln in enumerate(text.split("\n")) if "-->" in ln and not _ARROW.search(ln)), None)
        if bad is not None:
            line, near = body_line + bad, text.split("\n")[bad].strip()
        else:
            line, near = body_line + text[: exc.expected_start].count("\n"), exc.unmatched_content.strip()
        raise read_error(Problem(name, f"malformed SRT near {near[:40]!r}",
                              field="body", line=line,
                              hint="each cue is a number, 'hh:mm:ss,mmm --> hh:mm:ss,mmm', then text")) from None
    except OverflowError:
        # srt turns each timing into a timedelta; an absurd one (99999999999 hours) overflows.
        bad = next((n for n, ln in enumerate(text.split("\n")) if "-->" in ln and _HUGE.search(ln)), 0)
        raise read_error(Problem(name, "SRT timing out of range", field="body", line=body_line + bad,
                              hint="timings look like 'hh:mm:ss,mmm --> hh:mm:ss,mmm'")) from None
    segments = []
    lines = text.split("\n")
    cursor = 0
    for subtitle in subtitles:
        while cursor < len(lines) and "-->" not in lines[cursor]:
            cursor += 1
        words = re.sub(r"<[^>]+>", "", subtitle.content).strip()
        speaker = None
        label = _LABEL.match(words)
        if label and len(label.group(1).split()) <= 4:  # "Name: text" inside a cue
            speaker, words = label.group(1).strip(), label.group(2).strip()
        if words:
            segments.append(Segment(text=" ".join(words.split()), line=body_line + cursor,
                                    start_seconds=round(subtitle.start.total_seconds(), 3),
                                    speaker=speaker))
        cursor += 1
    if not segments and text.strip():
        raise read_error(Problem(name, "SRT file has no cues with text", field="body", line=body_line))
    return ReadResult(segments=tuple(segments))


read = read_srt


def recognise(body: str, lines: list[str]) -> str | None:
    if looks_like_srt(lines):
        return "numbered cues with 'hh:mm:ss,mmm --> hh:mm:ss,mmm' lines"
    return None
