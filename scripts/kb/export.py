"""The machine-readable export of the whole knowledge base (published as /kb.json).

Shape documented in docs/kb-json.md and pinned by schema/kb.json.
"""

from __future__ import annotations

import json
from typing import Any

from .models import Corpus, Interview

KB_JSON_VERSION = 1


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
        "source": {
            "publisher": i.source.publisher, "venue": i.source.venue, "url": i.source.url,
            "video_url": i.source.video_url, "kind": i.source.kind, "note": i.source.note,
        },
        "rights": {
            "holder": i.rights.holder, "licence": i.rights.licence, "permission": i.rights.permission,
            "publish": i.rights.publish, "note": i.rights.note, "recorded": i.rights.recorded,
        },
        "summary": i.summary,
        "tags": list(i.tags),
        "speakers": [
            {"id": s.id, "name": s.name, "short": s.short, "kind": s.kind, "role": s.role, "affiliation": s.affiliation,
             "name_note": s.name_note}
            for s in i.speakers
        ],
        "paragraphs": [
            {"id": p.id, "speaker": p.speaker, "start_seconds": p.start_seconds, "text": p.text,
             "themes": list(p.themes)}
            for p in i.paragraphs if published is None or p.id in published
        ],
        "quotes": [
            {"id": q.id, "speaker": q.speaker, "reports": q.reports, "themes": list(q.themes),
             "subtopic": q.subtopic, "text": q.text, "translation": q.translation, "note": q.note,
             "paragraph": q.paragraph_id, "start_seconds": q.start_seconds}
            for q in i.quotes
        ],
    }


def corpus_to_json(corpus: Corpus) -> str:
    return json.dumps(corpus_to_dict(corpus), ensure_ascii=False, indent=1) + "\n"
