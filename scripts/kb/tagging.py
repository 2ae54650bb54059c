"""Theme tagging of paragraphs.

Interim version: a paragraph carries the themes of the curated quotes it contains. The
automatic tagger (lexicons + scoring) replaces ``_predict`` (see issue 5).
"""

from __future__ import annotations

from dataclasses import replace

from .models import THEME_SLUGS, Paragraph, Quote


def tag_interview(paragraphs: list[Paragraph], quotes: list[Quote], *, language: str) -> list[Paragraph]:
    quoted: dict[str, set[str]] = {}
    for quote in quotes:
        quoted.setdefault(quote.paragraph_id or "", set()).update(quote.themes)
    tagged = []
    for paragraph in paragraphs:
        themes = quoted.get(paragraph.id, set())
        tagged.append(replace(paragraph, themes=tuple(t for t in THEME_SLUGS if t in themes)))
    return tagged
