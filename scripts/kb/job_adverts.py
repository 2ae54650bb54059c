"""Load and check data/job_adverts.yml: a talk's survey of job adverts, figure by figure.

Every figure cites a verified quote of the interview it comes from, and the build checks
that the figure is really said in that quote (as digits or as a number word), so the
chart on the roles page can never show a number nobody said. A figure the talk leaves
ambiguous is ``null`` and the chart says "not stated".
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from .data_files import read_data_file
from .errors import Problems
from .layout import JOB_ADVERTS_FILE
from .models import AdvertCategory, AdvertRole, AdvertShare, Interview, JobAdverts
from .safe_yaml import line_for
from .schema_check import check_against_schema
from .source_files import display_path

# Number words for the round figures a speaker calls out ("soixante", "twenty").
_NUMBER_WORDS: dict[int, tuple[str, ...]] = {
    10: ("dix", "ten"), 20: ("vingt", "twenty"), 30: ("trente", "thirty"),
    40: ("quarante", "forty"), 50: ("cinquante", "fifty"), 60: ("soixante", "sixty"),
    70: ("soixante-dix", "seventy"), 80: ("quatre-vingt", "quatre-vingts", "eighty"),
    90: ("quatre-vingt-dix", "ninety"), 100: ("cent", "hundred"),
}


def figure_is_said(number: int, text: str) -> bool:
    """True when ``number`` appears in ``text`` as a whole number or as its number word."""
    if re.search(rf"(?<![\d.,]){number}(?![\d]|[.,]\d)", text):
        return True
    words = _NUMBER_WORDS.get(number, ())
    lowered = text.casefold()
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", lowered) for w in words)


def load_job_adverts(root: Path, interviews: list[Interview], problems: Problems) -> JobAdverts | None:
    """The survey in ``root``/data/job_adverts.yml, or None when the file does not exist.

    Problems (unknown interview, category or quote id, a figure not found in its quote…)
    are added to ``problems`` with the file, the field path and its line.
    """
    path = root / JOB_ADVERTS_FILE
    if not path.exists():
        return None
    document = read_data_file(path, problems)
    if document is None:
        return None
    return parse_job_adverts(document.data, interviews, problems, name=display_path(path), lines=document.lines)


def parse_job_adverts(data: Any, interviews: list[Interview], problems: Problems, *, name: str,
                      lines: dict[str, int] | None = None) -> JobAdverts | None:
    """Validate parsed YAML (schema/job_adverts.json, then each figure against its quote);
    returns None if anything is wrong (all problems added)."""
    lines = lines or {}
    schema_problems = check_against_schema(data, "job_adverts", name, lines)
    if schema_problems:
        problems.extend(schema_problems)
        return None
    found = Problems()

    def problem(field: str, message: str, hint: str | None = None) -> None:
        found.add(name, message, field=field, line=line_for(field, lines), hint=hint)

    slug = data["interview"]
    interview = next((i for i in interviews if i.slug == slug), None)
    if interview is None:
        if problems:  # the transcript may have failed to load: its own problems say why
            return None
        problem("interview", f"interview {slug!r} is not the slug of any transcript",
                hint="use the 'slug' of the transcript the figures come from")
    quotes = {q.id: q for q in interview.quotes} if interview else {}

    def quote_text(field: str, quote_id: str) -> str | None:
        if interview is None:
            return None
        if quote_id not in quotes:
            close = difflib.get_close_matches(quote_id, sorted(quotes), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"use a quote id from {display_path(interview.path)}"
            problem(field, f"quote id {quote_id!r} is not a quote of {interview.slug}", hint=hint)
            return None
        return quotes[quote_id].text

    categories: list[AdvertCategory] = []
    for n, entry in enumerate(data["categories"]):
        if entry["slug"] in {c.slug for c in categories}:
            problem(f"categories/{n}/slug", f"category {entry['slug']!r} is listed twice")
            continue
        categories.append(AdvertCategory(slug=entry["slug"], label=entry["label"]))
    order = [c.slug for c in categories]
    roles: list[AdvertRole] = []
    for r, entry in enumerate(data["roles"]):
        field = f"roles/{r}"
        adverts = entry["adverts"]
        said = quote_text(f"{field}/adverts_quote", entry["adverts_quote"])
        if said is not None and not figure_is_said(adverts, said):
            problem(f"{field}/adverts", f"{adverts} adverts: the number is not in quote "
                    f"{entry['adverts_quote']!r}", hint="cite the quote where the number is said")
        shares: dict[str, AdvertShare] = {}
        given: set[str] = set()  # categories present, valid or not (no cascade of messages)
        unknown = False  # a misspelt category already explains a missing one
        for s, share in enumerate(entry["shares"]):
            sfield = f"{field}/shares/{s}"
            category = share["category"]
            if category not in order:
                problem(f"{sfield}/category", f"unknown category {category!r}",
                        hint=f"categories: {', '.join(order)}")
                unknown = True
                continue
            if category in given:
                problem(f"{sfield}/category", f"category {category!r} is given twice for this role")
                continue
            given.add(category)
            percent = share["percent"]
            said = quote_text(f"{sfield}/quote", share["quote"])
            if said is None:
                continue
            if percent is not None and not figure_is_said(percent, said):
                problem(f"{sfield}/percent", f"{percent}% is not said in quote {share['quote']!r}",
                        hint="cite the quote where the figure is said, or use null")
            share_note = share.get("note")
            if percent is None and not share_note:
                problem(f"{sfield}/note", "a null figure needs a 'note' saying why it is not stated")
            shares[category] = AdvertShare(category=category, percent=percent, quote=share["quote"],
                                           note=share_note)
        missing = [c for c in order if c not in given]
        if missing and entry["shares"] and not unknown:
            problem(f"{field}/shares", f"no figure for {', '.join(missing)}",
                    hint="add the category with percent: null and a note if the talk does not say")
        if roles and entry["slug"] in {x.slug for x in roles}:
            problem(f"{field}/slug", f"role {entry['slug']!r} is listed twice")
        roles.append(AdvertRole(slug=entry["slug"], label=entry["label"], adverts=adverts,
                                adverts_quote=entry["adverts_quote"],
                                shares=tuple(shares[c] for c in order if c in shares)))
    problems.extend(found.items)
    if found or interview is None:
        return None
    return JobAdverts(interview=interview.slug, note=data["note"], categories=tuple(categories),
                      roles=tuple(roles))
