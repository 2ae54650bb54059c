"""Web articles: page chrome, headings, then ``Name: text`` paragraphs (interview write-ups)."""

from __future__ import annotations

import re

from ..errors import Problem
from ..models import ReadResult, Segment
from .blocks import is_heading, sentence_segments, split_blocks
from .problems import read_error

FORMAT = "article"
LOWER_CASE = False
ORDER = 70

LABEL = re.compile(r"^([A-ZÀ-ÖØ-Þ][\w.'’-]*(?: [A-ZÀ-ÖØ-Þ][\w.'’-]*){0,4}):\s+(\S.*)$")
# Navigation and sharing widgets copied along with the article text.
_CHROME = re.compile(r"^(share on:?|read further|read more|linkedin|facebook|twitter|home\b.*\.\.\.$)",
                     re.IGNORECASE)


def read_article(body: str, *, name: str, body_line: int = 1) -> ReadResult:
    blocks = split_blocks(body, body_line)
    first_label = next((i for i, b in enumerate(blocks) if LABEL.match(b.text)), None)
    if first_label is None:
        raise read_error(Problem(name, "no 'Name: text' paragraph found", field="format",
                              hint="format 'article' expects paragraphs starting with a speaker label"))
    header: dict[str, str] = {}
    dropped = []
    for block in blocks[:first_label]:
        # Before the conversation starts: breadcrumbs, title, standfirst, share buttons.
        if "title" not in header and is_heading(block.text) and not _CHROME.match(block.text):
            header["title"] = block.text
        elif "standfirst" not in header and not is_heading(block.text):
            header["standfirst"] = block.text
        dropped.append(block.text)
    segments: list[Segment] = []
    speaker: str | None = None
    heading: str | None = None
    for block in blocks[first_label:]:
        if _CHROME.match(block.text):
            dropped.append(block.text)
            continue
        label = LABEL.match(block.text)
        if label:
            speaker, text = label.group(1), label.group(2)
        elif is_heading(block.text):
            heading = block.text
            continue
        else:
            text = block.text  # an unlabelled paragraph continues the last speaker
        segments.extend(sentence_segments(text, block.line, speaker=speaker, heading=heading))
    return ReadResult(segments=tuple(segments), header=header, dropped=tuple(dropped))


read = read_article


def recognise(body: str, lines: list[str]) -> str | None:
    labelled = sum(1 for ln in lines if LABEL.match(ln))
    return f"{labelled} paragraphs start with a 'Name:' label" if labelled >= 3 else None
