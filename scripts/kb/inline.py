"""Markdown inside a transcript body: emphasis, links and list items kept apart from the words.

Some raw shapes are written in Markdown (Q&A pages, DataTalks.Club transcripts): ``**bold**``
terms, ``*em*``, ``[links](https://…)`` and bullet lists. Their markup is not words, so quote
matching, tagging and ``kb suggest`` must never see it, and readers must never see it as
literal ``**`` on the page either.

Two steps, because the build cleans and regroups text between them:

1. ``encode(markdown)`` (called by a reader): the markup becomes private-use characters, which
   no normaliser treats as a word, a space or punctuation, so they ride through sentence
   splitting, filler removal and paragraph grouping untouched. A link's address is carried
   in private-use characters too, so no cleaning step can alter it.
2. ``decode(text)`` (called when a paragraph is built): plain text plus ``InlineSpan`` ranges
   over it. ``Paragraph.text`` stays plain words; the renderer turns the spans into escaped
   HTML (``<strong>``, ``<em>``, ``<a>`` for http(s) only, ``<ul>``/``<ol>``).
"""

from __future__ import annotations

import re

from .models import InlineSpan

# Private-use code points (Unicode category Co: not \w, not whitespace, not punctuation).
STRONG_OPEN, STRONG_CLOSE = "\ue000", "\ue001"
EM_OPEN, EM_CLOSE = "\ue002", "\ue003"
LINK_OPEN, LINK_CLOSE = "\ue004", "\ue005"  # LINK_CLOSE is followed by the encoded address
ITEM_OPEN, ORDERED_ITEM_OPEN, ITEM_CLOSE = "\ue006", "\ue007", "\ue008"
HREF_END = "\ue009"
_HREF_BASE = 0xF0000  # an address character c is carried as chr(_HREF_BASE + ord(c))
_KIND = {STRONG_OPEN: ("strong", STRONG_CLOSE), EM_OPEN: ("em", EM_CLOSE), LINK_OPEN: ("link", LINK_CLOSE),
         ITEM_OPEN: ("item", ITEM_CLOSE), ORDERED_ITEM_OPEN: ("ordered-item", ITEM_CLOSE)}
_CLOSERS = {STRONG_CLOSE, EM_CLOSE, LINK_CLOSE, ITEM_CLOSE}
_ANY = re.compile("[\ue000-\ue009\U000f0000-\U000fffff]")

_CODE = re.compile(r"`+([^`\n]+?)`+")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\)")
_ATTR_LIST = re.compile(r"\{:[^{}\n]*\}")  # kramdown/attr_list: {:target="_blank"}
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)")
_LEFTOVER_STRONG = re.compile(r"\*\*+|(?<!\w)__+|__+(?!\w)")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_ESCAPE_HOLD = {ch: chr(0xE010 + n) for n, ch in enumerate("\\`*_{}[]()#+-.!|>~")}
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+")
_NUMBERED = re.compile(r"^\s{0,3}\d{1,3}[.)]\s+")
_HEADING = re.compile(r"^#{1,6}\s+")


def encode(markdown: str) -> str:
    """Markdown inline markup (and a leading list marker) -> text with private-use markers."""
    text = markdown
    item = None
    if _BULLET.match(text):
        item, text = ITEM_OPEN, _BULLET.sub("", text, count=1)
    elif _NUMBERED.match(text):
        item, text = ORDERED_ITEM_OPEN, _NUMBERED.sub("", text, count=1)
    text = _ESCAPED.sub(lambda m: _ESCAPE_HOLD[m.group(1)], text)
    text = _CODE.sub(lambda m: m.group(1), text)
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: LINK_OPEN + m.group(1) + LINK_CLOSE + _hide(m.group(2)) + HREF_END, text)
    text = _ATTR_LIST.sub("", text)
    text = _HTML_BREAK.sub(" ", text)
    for _ in range(3):  # nested emphasis: ***both***, **bold _and em_**
        before = text
        text = _STRONG.sub(lambda m: STRONG_OPEN + m.group(2) + STRONG_CLOSE, text)
        text = _EM_STAR.sub(lambda m: EM_OPEN + m.group(1) + EM_CLOSE, text)
        text = _EM_UNDERSCORE.sub(lambda m: EM_OPEN + m.group(1) + EM_CLOSE, text)
        if text == before:
            break
    # A '**' left without its partner (bold cut by a blank line) is markup, not a word.
    text = _LEFTOVER_STRONG.sub("", text)
    for ch, held in _ESCAPE_HOLD.items():
        text = text.replace(held, ch)
    if item:
        text = item + text.strip() + ITEM_CLOSE
    return text


def strip_heading(line: str) -> str | None:
    """``"## Why it matters"`` -> ``"Why it matters"``; None when the line is not an ATX heading."""
    if not _HEADING.match(line):
        return None
    return plain(_HEADING.sub("", line).rstrip("#").strip())


def plain(markdown: str) -> str:
    """The words of a Markdown snippet, markup removed."""
    return decode(encode(markdown))[0]


def _hide(href: str) -> str:
    return "".join(chr(_HREF_BASE + ord(c)) for c in href if ord(c) < 0x10000)


def has_markup(text: str) -> bool:
    return bool(_ANY.search(text))


def decode(text: str) -> tuple[str, tuple[InlineSpan, ...]]:
    """Text with markers -> (plain text, spans over it). Unbalanced markers are dropped."""
    if not _ANY.search(text):
        return text, ()
    out: list[str] = []
    size = 0
    spans: list[InlineSpan] = []
    stack: list[tuple[str, int]] = []  # (opening marker, start offset)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _KIND:
            stack.append((ch, size))
        elif ch in _CLOSERS:
            href = None
            if ch == LINK_CLOSE:
                end = text.find(HREF_END, i + 1)
                end = len(text) if end < 0 else end
                href = "".join(chr(ord(c) - _HREF_BASE) for c in text[i + 1:end] if ord(c) >= _HREF_BASE)
                i = end
            match = next((n for n in range(len(stack) - 1, -1, -1) if _KIND[stack[n][0]][1] == ch), None)
            if match is not None:
                opener, start = stack.pop(match)
                kind = _KIND[opener][0]
                spans.append(InlineSpan(start, size, kind, href))
        elif not _ANY.match(ch):
            out.append(ch)
            size += 1
        i += 1
    for opener, start in stack:  # cut by a paragraph boundary: format up to the end
        spans.append(InlineSpan(start, size, _KIND[opener][0], None))
    plain_text = "".join(out)
    return _trim(plain_text, spans)


def _trim(text: str, spans: list[InlineSpan]) -> tuple[str, tuple[InlineSpan, ...]]:
    """Drop empty spans and move span edges off surrounding spaces; collapse doubled spaces."""
    # Markers removed from "a ** b" or "word *" can leave two spaces or an edge space.
    keep = [True] * len(text)
    for n in range(1, len(text)):
        if text[n] == " " and text[n - 1] == " ":
            keep[n] = False
    if text[:1] == " ":
        keep[0] = False
    if text[-1:] == " ":
        keep[-1] = False
    new_pos = []
    count = 0
    for flag in keep:
        new_pos.append(count)
        count += flag
    new_pos.append(count)
    cleaned = "".join(c for c, flag in zip(text, keep) if flag)
    result = []
    for span in spans:
        start, end = new_pos[span.start], new_pos[span.end]
        while start < end and cleaned[start] == " ":
            start += 1
        while end > start and cleaned[end - 1] == " ":
            end -= 1
        if end > start:
            result.append(InlineSpan(start, end, span.kind, span.href))
    result.sort(key=lambda s: (s.start, -s.end))
    return cleaned, tuple(result)
