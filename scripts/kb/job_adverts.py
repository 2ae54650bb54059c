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
from .frontmatter_loader import _line_for, display_path
from .models import AdvertCategory, AdvertRole, AdvertShare, Interview, JobAdverts

JOB_ADVERTS_FILE = "data/job_adverts.yml"

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
    read = read_data_file(path, problems, what="the job-advert figures")
    if read is None:
        return None
    data, lines = read
    return parse_job_adverts(data, interviews, problems, name=display_path(path), lines=lines)


def parse_job_adverts(data: Any, interviews: list[Interview], problems: Problems, *, name: str,
                      lines: dict[str, int] | None = None) -> JobAdverts | None:
    """Validate already-parsed YAML; returns None if anything is wrong (all problems added)."""
    lines = lines or {}
    found = Problems()

    def problem(field: str, message: str, hint: str | None = None) -> None:
        found.add(name, message, field=field, line=_line_for(field, lines), hint=hint)

    if not isinstance(data, dict):
        problem("", "expected a mapping with interview, note, categories and roles")
        problems.extend(found.items)
        return None
    slug = data.get("interview")
    interview = next((i for i in interviews if i.slug == slug), None)
    if interview is None:
        if problems:  # the transcript may have failed to load: its own problems say why
            return None
        problem("interview", f"interview {slug!r} is not the slug of any transcript",
                hint="use the 'slug' of the transcript the figures come from")
    quotes = {q.id: q for q in interview.quotes} if interview else {}

    def quote_text(field: str, quote_id: Any) -> str | None:
        if interview is None:
            return None
        if quote_id not in quotes:
            close = difflib.get_close_matches(str(quote_id), sorted(quotes), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"use a quote id from {display_path(interview.path)}"
            problem(field, f"quote id {quote_id!r} is not a quote of {interview.slug}", hint=hint)
            return None
        return quotes[quote_id].text

    note = data.get("note")
    if not isinstance(note, str) or not note.strip():
        problem("note", "needs a 'note' saying how the figures were counted and what is uncertain")
    categories: list[AdvertCategory] = []
    raw_categories = data.get("categories")
    if not isinstance(raw_categories, list) or not raw_categories:
        problem("categories", "expected a non-empty 'categories:' list of {slug, label}")
        raw_categories = []
    for n, entry in enumerate(raw_categories):
        field = f"categories/{n}"
        if not isinstance(entry, dict) or not _text(entry.get("slug")) or not _text(entry.get("label")):
            problem(field, "each category needs a 'slug' and a 'label'")
            continue
        if entry["slug"] in {c.slug for c in categories}:
            problem(f"{field}/slug", f"category {entry['slug']!r} is listed twice")
            continue
        categories.append(AdvertCategory(slug=entry["slug"], label=entry["label"]))
    order = [c.slug for c in categories]
    roles: list[AdvertRole] = []
    raw_roles = data.get("roles")
    if not isinstance(raw_roles, list) or not raw_roles:
        problem("roles", "expected a non-empty 'roles:' list")
        raw_roles = []
    for r, entry in enumerate(raw_roles):
        field = f"roles/{r}"
        if not isinstance(entry, dict) or not _text(entry.get("slug")) or not _text(entry.get("label")):
            problem(field, "each role needs a 'slug' and a 'label'")
            continue
        adverts = entry.get("adverts")
        if not isinstance(adverts, int) or isinstance(adverts, bool) or adverts <= 0:
            problem(f"{field}/adverts", f"'adverts' must be a positive whole number, got {adverts!r}")
            adverts = None
        said = quote_text(f"{field}/adverts_quote", entry.get("adverts_quote"))
        if adverts is not None and said is not None and not figure_is_said(adverts, said):
            problem(f"{field}/adverts", f"{adverts} adverts: the number is not in quote "
                    f"{entry['adverts_quote']!r}", hint="cite the quote where the number is said")
        shares: dict[str, AdvertShare] = {}
        given: set[str] = set()  # categories present, valid or not (no cascade of messages)
        unknown = False  # a misspelt category already explains a missing one
        raw_shares = entry.get("shares")
        if not isinstance(raw_shares, list):
            problem(f"{field}/shares", "expected a 'shares:' list")
            raw_shares = []
        for s, share in enumerate(raw_shares):
            sfield = f"{field}/shares/{s}"
            if not isinstance(share, dict):
                problem(sfield, "each share needs category, percent, quote")
                continue
            category = share.get("category")
            if category not in order:
                problem(f"{sfield}/category", f"unknown category {category!r}",
                        hint=f"categories: {', '.join(order)}")
                unknown = True
                continue
            if category in given:
                problem(f"{sfield}/category", f"category {category!r} is given twice for this role")
                continue
            given.add(category)
            percent = share.get("percent")
            if percent is not None and (not isinstance(percent, int) or isinstance(percent, bool)
                                        or not 0 <= percent <= 100):
                problem(f"{sfield}/percent", f"'percent' must be a whole number from 0 to 100 or null, "
                        f"got {percent!r}", hint="use null when the source does not state it clearly")
                continue
            said = quote_text(f"{sfield}/quote", share.get("quote"))
            if said is None:
                continue
            if percent is not None and not figure_is_said(percent, said):
                problem(f"{sfield}/percent", f"{percent}% is not said in quote {share['quote']!r}",
                        hint="cite the quote where the figure is said, or use null")
            share_note = share.get("note")
            if share_note is not None and not _text(share_note):
                problem(f"{sfield}/note", "'note' must be text")
                share_note = None
            if percent is None and not share_note:
                problem(f"{sfield}/note", "a null figure needs a 'note' saying why it is not stated")
            shares[category] = AdvertShare(category=category, percent=percent, quote=share["quote"],
                                           note=share_note)
        missing = [c for c in order if c not in given]
        if missing and raw_shares and not unknown:
            problem(f"{field}/shares", f"no figure for {', '.join(missing)}",
                    hint="add the category with percent: null and a note if the talk does not say")
        if roles and entry["slug"] in {x.slug for x in roles}:
            problem(f"{field}/slug", f"role {entry['slug']!r} is listed twice")
        roles.append(AdvertRole(slug=entry["slug"], label=entry["label"], adverts=adverts or 0,
                                adverts_quote=str(entry.get("adverts_quote")),
                                shares=tuple(shares[c] for c in order if c in shares)))
    problems.extend(found.items)
    if found or interview is None:
        return None
    return JobAdverts(interview=interview.slug, note=note, categories=tuple(categories), roles=tuple(roles))


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
