"""The machine-readable export of the whole knowledge base (published as /kb.json).

Shape documented in docs/kb-json.md and pinned by schema/kb.json.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from .models import (
    CareerStep,
    Corpus,
    Interview,
    Paragraph,
    Person,
    Quote,
    Rights,
    Source,
    Speaker,
    TextSpan,
    Theme,
)

KB_JSON_VERSION = 1

# Model fields kb.json leaves out or exports under another name, and why. Every other field
# is exported (tests/test_model_mapping.py checks it), and a speaker's, a source's or the rights' fields are
# exported by name, in model order: a new optional field reaches kb.json by itself.
NOT_EXPORTED: dict[type, dict[str, str]] = {
    Theme: {"intro": "editorial Markdown, on the theme page",
            "key_points": "editorial Markdown, on the theme page",
            "differences": "editorial Markdown, on the theme page",
            "differences_note": "editorial text, on the theme page",
            "groups": "page layout", "keywords": "search aid",
            "french_names": "search aid, shown on the theme page"},
    Interview: {"path": "a file on the build machine", "notes": "editors' notes", "header": "used to check the date"},
    Speaker: {"career": "under people[].career, with the interview"},
    Paragraph: {"heading": "page layout", "line": "a line of the source file",
                "markup": "a Markdown source's emphasis, links and lists (page layout); text holds the words"},
    Quote: {"paragraph_id": "exported as 'paragraph'", "omissions": "exported as 'omitted'"},
    CareerStep: {"evidence": "the words are in the paragraph it points at",
                 "paragraph_id": "exported as 'paragraph'"},
    Person: {"appearances": "exported as 'interviews', 'roles' and 'career'"},
}


def _by_name(model: type, value: Any) -> dict[str, Any]:
    """Every exported field of ``value`` (a ``model``), in the model's order."""
    left_out = {name for cls in model.__mro__ for name in NOT_EXPORTED.get(cls, {})}
    return {f.name: getattr(value, f.name) for f in fields(model) if f.name not in left_out}


def corpus_to_dict(corpus: Corpus) -> dict[str, Any]:
    from .excerpts import published_paragraphs

    published = published_paragraphs(corpus)  # excerpts-only rights: the published paragraphs
    return {
        "version": KB_JSON_VERSION,
        "themes": [
            {"slug": t.slug, "title": t.title, "description": t.description, "related": list(t.related)}
            for t in corpus.themes
        ],
        "interviews": [_interview(i, published[i.slug]) for i in corpus.interviews],
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "interviews": [slug for slug, _ in p.appearances],
                "roles": [
                    {"interview": slug, "kind": s.kind, "role": s.role, "affiliation": s.affiliation}
                    for slug, s in p.appearances
                ],
                "career": [
                    {"interview": slug, "when": c.when, "what": c.what, "paragraph": c.paragraph_id}
                    for slug, s in p.appearances for c in s.career
                ],
            }
            for p in corpus.people
        ],
    }


def _interview(i: Interview, published: frozenset[str] | None = None) -> dict[str, Any]:
    return {
        "slug": i.slug,
        "title": i.title,
        "short_title": i.short_title,
        "language": i.language,
        "date": i.date,
        "date_note": i.date_note,
        "format": i.format,
        "punctuation_added": i.punctuation_added,
        "source": _by_name(Source, i.source),
        "rights": _by_name(Rights, i.rights),
        "summary": i.summary,
        "tags": list(i.tags),
        "speakers": [_by_name(Speaker, s) for s in i.speakers],
        "paragraphs": [
            {"id": p.id, "speaker": p.speaker, "start_seconds": p.start_seconds, "text": p.text,
             "themes": list(p.themes)}
            for p in i.paragraphs if published is None or p.id in published
        ],
        "quotes": [
            {"id": q.id, "speaker": q.speaker, "reports": q.reports, "themes": list(q.themes),
             "subtopic": q.subtopic, "text": q.text, "translation": q.translation, "note": q.note,
             "paragraph": q.paragraph_id, "start_seconds": q.start_seconds, "spans": _spans(q.spans),
             "omitted": [{"mark": o.mark, "text": o.text, "words": o.words, "spans": _spans(o.spans)}
                         for o in q.omissions]}
            for q in i.quotes
        ],
    }


def _spans(spans: tuple[TextSpan, ...]) -> list[dict[str, Any]]:
    return [{"paragraph": s.paragraph_id, "start": s.start, "end": s.end} for s in spans]


def corpus_to_json(corpus: Corpus) -> str:
    return dumps_indented(corpus_to_dict(corpus), end="\n")


def dumps_indented(value: Any, *, split: int = 2, end: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1) + end``, the same text, made a piece
    at a time: the containers of the first ``split`` levels are written here, what they hold
    by json.dumps and indented by the level it sits at (JSON strings hold no raw newline, so
    every newline of a piece is an indentation's), and the pieces joined once. json.dumps
    with an indent encodes in pure Python and keeps every fragment of the whole file in one
    list before joining them (about three times kb.json's size at 500 interviews)."""
    parts: list[str] = []
    _dump_into(parts, value, 0, split)
    parts.append(end)
    return "".join(parts)


def _dump_into(parts: list[str], value: Any, level: int, split: int) -> None:
    if level >= split or not value or not isinstance(value, (dict, list)) or (
            isinstance(value, dict) and not all(isinstance(key, str) for key in value)):
        text = json.dumps(value, ensure_ascii=False, indent=1)
        parts.append(text.replace("\n", "\n" + " " * level) if level else text)
        return
    inner = ",\n" + " " * (level + 1)
    parts.append("{" if isinstance(value, dict) else "[")
    for number, key in enumerate(value if isinstance(value, dict) else range(len(value))):
        parts.append(inner[1:] if number == 0 else inner)
        if isinstance(value, dict):
            parts.append(json.dumps(key, ensure_ascii=False) + ": ")
        _dump_into(parts, value[key], level + 1, split)
    parts.append("\n" + " " * level + ("}" if isinstance(value, dict) else "]"))
