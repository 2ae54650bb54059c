"""Checks of a theme's structured editorial parts in data/themes.yml.

Key points, the "Where interviewees differ" table and the quote groups are the editors'
words about the quotes, so each must stand on evidence (PRINCIPLE 1):

- every key point cites at least one quote (``q:``);
- every cell of the differ table cites its evidence, and each row cites at least two
  different people: a disagreement needs two sides, and an uncited cell fails the build;
- groups are at most ``MAX_GROUPS``, a subtopic is in one group only, and a ``featured``
  quote is one of the group's own quotes (at most ``MAX_FEATURED``).

Whether a reference resolves is checked by the caller (``kb.editorial``), like the intro's,
so every reference here is in ``Corpus.references`` for the renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .models import Interview, Theme
from .references import links_in

MAX_GROUPS = 8  # a theme page shows at most this many groups of quotes
MAX_FEATURED = 3  # quotes shown in a group before "N more quotes"
DEFAULT_FEATURED = 2  # shown when the editors did not choose

Report = Callable[[str, str, str | None], None]  # (field, message, hint)


def key_point_anchor(point_id: str) -> str:
    """The element id of a key point on its theme page (the home page links to it)."""
    return f"key-{point_id}"


def difference_anchor(difference_id: str) -> str:
    """The element id of a row of the differ table on its theme page."""
    return f"differ-{difference_id}"


class _People:
    """Whose view each quote or paragraph gives: the person a written report is about, else
    the speaker (an apprentice reporting Prosper Burq gives Burq's view, as reported)."""

    def __init__(self, interviews: Iterable[Interview]) -> None:
        self.interviews = {i.slug: i for i in interviews}
        self.of_quote: dict[str, str] = {}
        self.quote_subtopic: dict[str, tuple[tuple[str, ...], str | None]] = {}
        for interview in self.interviews.values():
            for quote in interview.quotes:
                self.of_quote[quote.id] = quote.reports or quote.speaker
                self.quote_subtopic[quote.id] = (quote.themes, quote.subtopic)

    def cited(self, markdown: str) -> set[str]:
        people = set()
        for reference in links_in(markdown):
            kind, target = reference.kind, reference.target
            if kind == "q" and target in self.of_quote:
                people.add(self.of_quote[target])
            elif kind == "p":
                slug, _, paragraph_id = target.partition("#")
                interview = self.interviews.get(slug)
                paragraph = interview.paragraph(paragraph_id) if interview else None
                if paragraph is not None and paragraph.speaker:
                    people.add(paragraph.speaker)
        return people


def quote_ids(markdown: str) -> list[str]:
    return [r.target for r in links_in(markdown) if r.kind == "q"]


def check_theme_editorial(theme: Theme, where: str, interviews: Iterable[Interview], report: Report,
                          *, quiet: bool) -> None:
    """Report every problem with ``theme``'s key points, differ table and groups.

    ``where`` is the theme's field path ("themes/0"); ``quiet`` skips the checks that depend
    on quotes existing (some transcript failed to load and already explains why).
    """
    people = _People(interviews)
    anchors: dict[str, str] = {}

    def anchor(field: str, ident: str, make: Callable[[str], str]) -> None:
        if make(ident) in anchors:  # the id's form is checked by schema/themes.json
            report(field, f"id {ident!r} is used twice on this theme page (also {anchors[make(ident)]})", None)
        anchors[make(ident)] = field

    for n, point in enumerate(theme.key_points):
        field = f"{where}/key_points/{n}"
        anchor(f"{field}/id", point.id, key_point_anchor)
        if not quote_ids(point.text):
            report(f"{field}/text", f"key point {point.id!r} cites no quote",
                   "link its claim to the quote it rests on: [words](q:QUOTE-ID)")

    for n, row in enumerate(theme.differences):
        field = f"{where}/differences/{n}"
        anchor(f"{field}/id", row.id, difference_anchor)
        if len(row.views) < 2:
            report(f"{field}/views", f"row {row.id!r} gives {len(row.views)} view(s); a difference needs two sides",
                   "add the other side's view with its quote, or drop the row")
        for v, view in enumerate(row.views):
            if not links_in(view):
                report(f"{field}/views/{v}", f"row {row.id!r}, view {v + 1} cites no evidence: \"{view[:60]}\"",
                       "every cell links its claim: [words](q:QUOTE-ID)")
        cited = set().union(*(people.cited(v) for v in row.views)) if row.views else set()
        if not quiet and len(row.views) >= 2 and len(cited) < 2:
            report(f"{field}/views", f"row {row.id!r} cites {len(cited)} person; a difference needs quotes "
                   "from at least two people", "cite each side's own words")

    if len(theme.groups) > MAX_GROUPS:
        report(f"{where}/groups", f"{len(theme.groups)} groups; a theme page shows at most {MAX_GROUPS}",
               "merge subtopics into broader groups")
    owner: dict[str, str] = {}
    for n, group in enumerate(theme.groups):
        field = f"{where}/groups/{n}"
        for s, subtopic in enumerate(group.subtopics):
            if subtopic in owner:
                report(f"{field}/subtopics/{s}", f"subtopic {subtopic!r} is already in group {owner[subtopic]!r}",
                       None)
            owner.setdefault(subtopic, group.title)
        if len(group.featured) > MAX_FEATURED:
            report(f"{field}/featured", f"{len(group.featured)} featured quotes; at most {MAX_FEATURED} are shown "
                   "before \"more quotes\"", None)
        for f, quote_id in enumerate(group.featured):
            if quiet:
                break
            found = people.quote_subtopic.get(quote_id)
            if found is None:
                report(f"{field}/featured/{f}", f"featured {quote_id!r} is not the id of any quote", None)
            elif theme.slug not in found[0] or found[1] not in group.subtopics:
                report(f"{field}/featured/{f}", f"featured {quote_id!r} is not a quote of this group",
                       f"its theme tags must include {theme.slug!r} and its subtopic ({found[1]!r}) "
                       "be one of the group's subtopics")
