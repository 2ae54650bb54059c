"""One reader per raw shape, found through one registry.

A reader turns a transcript body into ``Segment`` objects (plus any metadata the page
itself carries). It knows nothing about speakers' ids, paragraphs or themes: those come
later, the same for every shape.
"""

from __future__ import annotations

from collections.abc import Callable

from ..models import ReadResult
from . import article, captions, fragments, header_transcript, prose, srt_reader, webvtt_reader

Reader = Callable[..., ReadResult]

READERS: dict[str, Reader] = {
    "captions": captions.read_captions,
    "webvtt": webvtt_reader.read_webvtt,
    "srt": srt_reader.read_srt,
    "article": article.read_article,
    "header-transcript": header_transcript.read_header_transcript,
    "fragments": fragments.read_fragments,
    "prose": prose.read_prose,
}

# Shapes that carry lower-case text without punctuation, whose case the build restores.
LOWER_CASE_SHAPES = frozenset({"captions"})


def detect_format(body: str) -> tuple[str, str]:
    """Guess the reader for ``body``; returns (format, the reason in words)."""
    lines = [ln.strip() for ln in body.lstrip("\ufeff").splitlines() if ln.strip()]
    if not lines:
        return "prose", "the body is empty"
    if lines[0].startswith("WEBVTT"):
        return "webvtt", "the first line is WEBVTT"
    if srt_reader.looks_like_srt(lines):
        return "srt", "numbered cues with 'hh:mm:ss,mmm --> hh:mm:ss,mmm' lines"
    stamped = sum(1 for ln in lines if captions.STAMP.match(ln))
    if stamped >= max(3, len(lines) * 0.6):
        return "captions", f"{stamped} of {len(lines)} lines start with an m:ss stamp"
    labelled = sum(1 for ln in lines if article.LABEL.match(ln))
    if labelled >= 3:
        return "article", f"{labelled} paragraphs start with a 'Name:' label"
    if any(ln == "Transcript" for ln in lines) and max(len(ln) for ln in lines) > 3000:
        return "header-transcript", "a 'Transcript' heading above one very long paragraph"
    short = sum(1 for ln in lines if len(ln) < 90)
    if len(lines) >= 20 and short >= len(lines) * 0.8:
        return "fragments", f"{short} of {len(lines)} lines are short fragments"
    return "prose", "none of the other shapes matched"
