"""A podcast page: header (title, date, blurb with links), 'Transcript', one long paragraph,
then a 'Tags' line. The header becomes metadata; the paragraph is split into sentences."""

from __future__ import annotations

import datetime as dt
import re

from ..errors import Problem
from ..models import ReadResult
from .blocks import sentence_segments, split_blocks
from .problems import read_error

FORMAT = "header-transcript"
LOWER_CASE = False
ORDER = 80

_URL = re.compile(r"https?://[^\s)]+")


def read_header_transcript(body: str, *, name: str, body_line: int = 1) -> ReadResult:
    blocks = split_blocks(body, body_line)
    marker = next((i for i, b in enumerate(blocks) if b.text.strip().lower() == "transcript"), None)
    if marker is None or marker + 1 >= len(blocks):
        raise read_error(Problem(name, "no 'Transcript' line followed by the transcript", field="format",
                              hint="format 'header-transcript' expects a header, a line 'Transcript', then the text"))
    header: dict[str, str] = {}
    for block in blocks[:marker]:
        lines = block.text
        if "title" not in header:
            header["title"] = lines
            continue
        date = _parse_date(lines.split(" ")[0:3])
        if date and "date" not in header:
            header["date"] = date
            rest = " ".join(lines.split(" ")[3:]).strip()
            if rest:
                header["blurb"] = rest
        else:
            header["blurb"] = (header.get("blurb", "") + " " + lines).strip()
    links = _URL.findall(header.get("blurb", ""))
    if links:
        header["links"] = " ".join(link.rstrip(".,") for link in links)
    segments = []
    transcript_blocks = blocks[marker + 1:]
    if len(transcript_blocks) >= 2 and transcript_blocks[-2].text.strip().lower() == "tags":
        header["tags"] = transcript_blocks[-1].text
        transcript_blocks = transcript_blocks[:-2]
    for block in transcript_blocks:
        segments.extend(sentence_segments(block.text, block.line))
    return ReadResult(segments=tuple(segments), header=header)


read = read_header_transcript


def recognise(body: str, lines: list[str]) -> str | None:
    if any(ln == "Transcript" for ln in lines) and max(len(ln) for ln in lines) > 3000:
        return "a 'Transcript' heading above one very long paragraph"
    return None


def _parse_date(words: list[str]) -> str | None:
    try:
        return dt.datetime.strptime(" ".join(words).strip(), "%B %d, %Y").date().isoformat()
    except ValueError:
        return None
