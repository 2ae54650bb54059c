"""The evidence references editors write in data/*.yml, parsed and resolved in one place.

    [words](q:QUOTE-ID)                a curated quote -> its paragraph on the interview page
    [words](p:INTERVIEW-SLUG#PARA-ID)  a paragraph of an interview
    [words](i:INTERVIEW-SLUG)          an interview page

The glossary's ``see:`` lists the same references bare (``q:QUOTE-ID``). ``Evidence``
resolves each one against the loaded interviews when the data files are checked; the
corpus keeps the resulting ``Location``s, and rendering only turns them into links.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import Interview, Location

_TARGET = r"(?P<kind>[qpi]):(?P<target>[^)\s]*)"
_LINK = re.compile(r"\]\(\s*" + _TARGET + r"\s*\)")
_BARE = re.compile(_TARGET)


@dataclass(frozen=True)
class Reference:
    kind: str  # "q", "p" or "i"
    target: str  # quote id, "slug#paragraph" or interview slug

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}"


def links_in(markdown: str) -> list[Reference]:
    """Every [words](x:target) reference in ``markdown``, in order."""
    return [Reference(m.group("kind"), m.group("target")) for m in _LINK.finditer(markdown)]


def parse_reference(text: str) -> Reference | None:
    """A bare reference ("q:QUOTE-ID"), or None when ``text`` is not one."""
    match = _BARE.fullmatch(text)
    return Reference(match.group("kind"), match.group("target")) if match and match.group("target") else None


def replace_links(markdown: str, target: Callable[[Reference], str]) -> str:
    """``markdown`` with every reference's link target replaced by ``target(reference)``."""
    return _LINK.sub(lambda m: f"]({target(Reference(m.group('kind'), m.group('target')))})", markdown)


class Evidence:
    """What references may point at: the quotes, paragraphs and interviews of the corpus."""

    def __init__(self, interviews: Iterable[Interview]) -> None:
        self.interviews = {i.slug: i for i in interviews}
        self.quotes: dict[str, Location] = {}
        for interview in self.interviews.values():
            for quote in interview.quotes:
                self.quotes.setdefault(quote.id, Location(interview.slug, quote.paragraph_id))
        self.resolved: dict[str, Location] = {}  # every reference resolved so far

    def resolve(self, reference: Reference) -> tuple[str, str] | None:
        """None when ``reference`` resolves (its Location is kept in ``resolved``), else (message, hint)."""
        location, problem = self._locate(reference.kind, reference.target)
        if location is not None:
            self.resolved[str(reference)] = location
        return problem

    def _locate(self, kind: str, target: str) -> tuple[Location | None, tuple[str, str] | None]:
        if kind == "q":
            if target in self.quotes:
                return self.quotes[target], None
            return None, (f"reference q:{target} is not the id of any quote", did_you_mean(target, self.quotes))
        if kind == "i":
            if target in self.interviews:
                return Location(target), None
            return None, (f"reference i:{target} is not the slug of any interview",
                          did_you_mean(target, self.interviews))
        slug, _, paragraph = target.partition("#")
        interview = self.interviews.get(slug)
        if interview is None:
            return None, (f"reference p:{target}: no interview with slug {slug!r}",
                          did_you_mean(slug, self.interviews))
        if not paragraph or interview.paragraph(paragraph) is None:
            return None, (f"reference p:{target}: interview {slug!r} has no paragraph {paragraph!r}",
                          "paragraph ids are in kb.json (`kb build --out DIR`)")
        return Location(slug, paragraph), None


def did_you_mean(target: str, known: Iterable[str]) -> str:
    """A hint naming the closest of ``known`` ids to a mistyped ``target``."""
    known = sorted(known)
    # A truncated id is the commonest slip; difflib's ratio is low for those.
    close = [k for k in known if target and k.startswith(target)] or difflib.get_close_matches(
        target, known, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else "check the id in the transcript's front matter"
