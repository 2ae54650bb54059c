"""Q&A Markdown: ``**Q: question?**`` paragraphs, answers below them, ``**Name:**`` labels.

Interview write-ups in Markdown (the older DataTalks.Club pages, many blogs) mark the
questions, not the people: ``**Q: …**``, ``Q:`` / ``A:``. Who asks and who answers is declared
once in the front matter (``qa: {asks: ID, answers: ID}``), so the reader returns the roles
"Q" and "A" as labels and the corpus maps them. ``**Name:** text`` and ``Name: text`` label a
named speaker, as in articles. An unlabelled paragraph continues the last speaker, and after
a question it is the answer. Markdown headings open sections; list items stay list items;
emphasis and links are kept as markup apart from the words (kb.inline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Problem
from ..inline import encode, plain, strip_heading
from ..models import ReadResult, Segment
from .blocks import sentence_segments
from .problems import read_error

FORMAT = "qa-markdown"
LOWER_CASE = False
ORDER = 60

ASKS, ANSWERS = "Q", "A"  # role labels, mapped by the front matter's `qa:`

_NAME = r"[A-ZÀ-ÖØ-Þ][\w.'’-]*(?: [A-ZÀ-ÖØ-Þ][\w.'’-]*){0,3}"
# **Q: question?**  |  **Q:** question  |  **Q**: question  |  Q: question  (same for A)
_ROLE = re.compile(r"^(?:\*\*|__)?(Q|A)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*?)$", re.DOTALL)
_BOLD_LABEL = re.compile(rf"^(?:\*\*|__)({_NAME})(?::(?:\*\*|__)|(?:\*\*|__):)\s*(.*)$", re.DOTALL)
_PLAIN_LABEL = re.compile(rf"^({_NAME}):\s+(\S.*)$", re.DOTALL)
_ROLE_LINE = re.compile(r"^(?:\*\*|__)?[QA](?:\*\*|__)?\s*:")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\S")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")


@dataclass
class _Block:
    lines: list[str]
    line: int  # file line of the first one


def _blocks(body: str, body_line: int) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for offset, raw in enumerate(body.lstrip("\ufeff").splitlines()):
        text = raw.rstrip()
        if not text.strip():
            current = None
            continue
        if current is None or (current.lines and _ROLE_LINE.match(text)):  # "Q: …" / "A: …" start turns
            current = _Block([], body_line + offset)
            blocks.append(current)
        current.lines.append(text)
    return blocks


def read_qa_markdown(body: str, *, name: str, body_line: int = 1) -> ReadResult:
    segments: list[Segment] = []
    roles: dict[str, int] = {}
    header: dict[str, str] = {}
    speaker: str | None = ANSWERS  # unlabelled text is the answering speaker's
    heading: str | None = None
    for block in _blocks(body, body_line):
        first = block.lines[0].strip()
        title = strip_heading(first)
        if title is not None:
            if first.startswith("# ") and not segments and "title" not in header:
                header["title"] = title  # a top-level heading above everything: the page's title
            else:
                heading = title or heading
            rest = block.lines[1:]
            if not rest:
                continue
            block = _Block(rest, block.line + 1)
            first = rest[0].strip()
        if _RULE.match(first) and len(block.lines) == 1:
            continue  # a horizontal rule carries no words
        if all(_ITEM.match(ln) or ln.startswith((" ", "\t")) for ln in block.lines) and _ITEM.match(block.lines[0]):
            for item_line, item in _items(block):
                if speaker in (ASKS, ANSWERS):
                    roles.setdefault(speaker, item_line)
                segments.append(Segment(text=encode(item), line=item_line, speaker=speaker, heading=heading))
            continue
        text = " ".join(ln.strip() for ln in block.lines)
        role = _ROLE.match(text)
        label = _BOLD_LABEL.match(text) or _PLAIN_LABEL.match(text)
        if role:
            speaker, text = role.group(1), role.group(2)
            text = _strip_bold_pair(text)
        elif label:
            speaker, text = label.group(1), label.group(2)
        if not plain(text).strip():
            if label and not role:
                heading = plain(label.group(1))  # "**Links:**" on its own line: a section, not a speaker
                speaker = ANSWERS
            continue
        if speaker in (ASKS, ANSWERS):
            roles.setdefault(speaker, block.line)
        segments.extend(sentence_segments(encode(text), block.line, speaker=speaker, heading=heading))
        if speaker == ASKS:
            speaker = ANSWERS  # what follows a question is its answer
    if not segments:
        raise read_error(Problem(name, "no text found in the Q&A Markdown body", field="body", line=body_line,
                                 hint="questions look like '**Q: …?**' or 'Q: …', answers follow them"))
    return ReadResult(segments=tuple(segments), header=header, roles=roles)


read = read_qa_markdown


def _strip_bold_pair(text: str) -> str:
    """``"question?**"`` (the closing half of ``**Q: question?**``) -> ``"question?"``."""
    text = text.strip()
    for mark in ("**", "__"):
        if text.endswith(mark) and text.count(mark) % 2 == 1:
            return text[: -len(mark)].rstrip()
    return text


def _items(block: _Block) -> list[tuple[int, str]]:
    """List items of a block, continuation lines joined to their item."""
    items: list[tuple[int, str]] = []
    for offset, raw in enumerate(block.lines):
        if _ITEM.match(raw):
            items.append((block.line + offset, raw.strip()))
        elif items:
            line, text = items[-1]
            items[-1] = (line, f"{text} {raw.strip()}")
    return items


def recognise(body: str, lines: list[str]) -> str | None:
    questions = sum(1 for ln in lines if _ROLE.match(ln) and ln.lstrip("*_").startswith("Q"))
    if questions >= 2:
        return f"{questions} paragraphs open with a 'Q:' question"
    bold = sum(1 for ln in lines if _BOLD_LABEL.match(ln))
    if bold >= 3:
        return f"{bold} paragraphs start with a bold '**Name:**' label"
    return None
