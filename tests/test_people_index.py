"""The people index on the seeds: people in sections by what they do in the interviews (whose
views first), each section by name, every person once, and a written report's subject counted
by the quotes that report their views rather than shown with none."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from kb.corpus import load_corpus
from kb.render.lookup import SiteIndex
from kb.render.people import PEOPLE_SECTIONS, quote_count, render_people_index
from kb.tagging import fold

ROOT = Path(__file__).resolve().parent.parent

ENTRY = re.compile(r"^- \*\*\[(?P<name>[^\]]+)\]\((?P<page>[^)]+)\)\*\*: .* \((?P<count>[^()]*)\)$")


@cache
def _index() -> tuple[dict[str, list[tuple[str, str, str]]], object]:
    corpus = load_corpus(ROOT)
    sections: dict[str, list[tuple[str, str, str]]] = {}
    current = None
    for line in render_people_index(SiteIndex(corpus)).splitlines():
        if line.startswith("## "):
            current = line[3:]
            sections[current] = []
        elif (m := ENTRY.match(line)) is not None:
            assert current is not None, line
            sections[current].append((m["name"], m["page"], m["count"]))
    return sections, corpus


def test_sections_come_in_order_and_list_everyone_once():
    sections, corpus = _index()
    assert list(sections) == [title for title, _ in PEOPLE_SECTIONS]
    pages = [page for rows in sections.values() for _, page, _ in rows]
    assert sorted(pages) == sorted(f"{p.id}.md" for p in corpus.people)


def test_each_section_is_in_alphabetical_order_of_the_names_shown():
    sections, _ = _index()
    for rows in sections.values():
        names = [fold(name.casefold()) for name, _, _ in rows]
        assert names == sorted(names)


def test_speakers_are_filed_by_what_they_do():
    sections, corpus = _index()
    section_of = {page: title for title, rows in sections.items() for _, page, _ in rows}
    kinds = {title: set(section) for title, section in PEOPLE_SECTIONS}
    for person in corpus.people:
        own = {speaker.kind for _, speaker in person.appearances}
        title = section_of[f"{person.id}.md"]
        assert own & kinds[title]
        earlier = [t for t, _ in PEOPLE_SECTIONS][: [t for t, _ in PEOPLE_SECTIONS].index(title)]
        assert not any(own & kinds[t] for t in earlier), (person.id, title)


def test_a_summary_subject_is_counted_by_the_quotes_reporting_them():
    sections, _ = _index()
    counts = {page: count for rows in sections.values() for _, page, count in rows}
    assert counts["prosper-burq.md"] == "8 quotes reporting their views"
    assert counts["toulouse-apprentice.md"] == "8 quotes"


def test_quote_count_wording():
    assert quote_count(1, 0) == "1 quote"
    assert quote_count(0, 0) == "0 quotes"
    assert quote_count(0, 1) == "1 quote reporting their views"
    assert quote_count(2, 3) == "2 quotes, 3 quotes reporting their views"
