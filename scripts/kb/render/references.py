"""Resolve evidence references in the maintainers' theme Markdown (``intro``, ``differ``).

    [words](q:QUOTE-ID)                a curated quote -> its paragraph on the interview page
    [words](p:INTERVIEW-SLUG#PARA-ID)  a paragraph of an interview
    [words](i:INTERVIEW-SLUG)          an interview page

The Markdown itself is trusted (maintainers write data/themes.yml); a reference that does
not resolve is a contributor-facing problem naming the file and field.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..models import Corpus
from . import paths

THEMES_FILE = "data/themes.yml"
_REFERENCE = re.compile(r"\]\(\s*(?P<kind>[qpi]):(?P<target>[^)\s]*)\s*\)")


def resolve_references(markdown: str, corpus: Corpus, *, page: str, field: str
                       ) -> tuple[str, list[Problem]]:
    """Replace every q:/p:/i: link target by a relative link from ``page``."""
    problems: list[Problem] = []

    def replace(match: re.Match[str]) -> str:
        kind, target = match.group("kind"), match.group("target")
        resolved = _resolve(kind, target, corpus, page)
        if resolved is None:
            problems.append(Problem(THEMES_FILE, f"reference {kind}:{target} does not resolve",
                                    field=field, hint=_HINTS[kind]))
            return match.group(0)
        return f"]({resolved})"

    return _REFERENCE.sub(replace, markdown), problems


_HINTS = {
    "q": "use the id of a quote in a transcript's front matter",
    "p": "use INTERVIEW-SLUG#PARAGRAPH-ID with ids from `kb build --out DIR` or kb.json",
    "i": "use the slug of an interview",
}


def _resolve(kind: str, target: str, corpus: Corpus, page: str) -> str | None:
    if kind == "q":
        for interview, quote in corpus.quotes():
            if quote.id == target and quote.paragraph_id:
                return paths.href(page, paths.interview_page(interview.slug), quote.paragraph_id)
        return None
    if kind == "i":
        interview = corpus.interview(target)
        return paths.href(page, paths.interview_page(interview.slug)) if interview else None
    slug, _, paragraph_id = target.partition("#")
    interview = corpus.interview(slug)
    if interview is None or interview.paragraph(paragraph_id) is None:
        return None
    return paths.href(page, paths.interview_page(slug), paragraph_id)
