"""Which paragraphs of an interview the site may publish, given its rights.

A transcript whose ``rights.publish`` is ``excerpts`` is not shown in full: its page, its
search entries and kb.json carry only the paragraphs the site needs as evidence, each with
its neighbours for context. Evidence is every paragraph holding (part of) a curated quote,
the paragraph of each career step, and every paragraph the editors cite with
``p:SLUG#PARA`` in data/ (theme texts, roles compared, glossary), so that no link on the
site points at a paragraph that is not published.
"""

from __future__ import annotations

from .models import Corpus, Interview

NEIGHBOURS = 1  # paragraphs of context kept on each side of a quoted or cited paragraph


def published_paragraphs(corpus: Corpus) -> dict[str, frozenset[str] | None]:
    """``{interview slug: ids of the paragraphs it may publish}``; None means all of them."""
    cited = _cited(corpus)
    return {i.slug: (_excerpts(i, cited.get(i.slug, set())) if i.rights.excerpts_only else None)
            for i in corpus.interviews}


def _excerpts(interview: Interview, cited: set[str]) -> frozenset[str]:
    index_of = {p.id: n for n, p in enumerate(interview.paragraphs)}
    evidence: set[int] = {index_of[pid] for pid in cited if pid in index_of}
    for quote in interview.quotes:
        # Where verification placed the quote's words (Quote.spans); the words an elision
        # leaves out lie in the same paragraphs or between them (quotes.MAX_PARAGRAPHS).
        placed = {index_of[s.paragraph_id] for s in quote.spans if s.paragraph_id in index_of}
        evidence |= placed or {index_of.get(quote.paragraph_id or "", 0)}
    for speaker in interview.speakers:
        evidence |= {index_of[c.paragraph_id] for c in speaker.career if c.paragraph_id in index_of}
    last = len(interview.paragraphs) - 1
    shown = {n for e in evidence for n in range(max(0, e - NEIGHBOURS), min(last, e + NEIGHBOURS) + 1)}
    return frozenset(interview.paragraphs[n].id for n in shown)


def _cited(corpus: Corpus) -> dict[str, set[str]]:
    """Paragraph ids the editors' texts cite (p:SLUG#PARA, or a quote's paragraph), per slug."""
    cited: dict[str, set[str]] = {}
    for location in corpus.references.values():
        if location.paragraph is not None:
            cited.setdefault(location.interview, set()).add(location.paragraph)
    return cited
