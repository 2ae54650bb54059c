""""Sources on this page" (render/sources.py): every interview quoted on a page gets one
entry holding its full credit, and every card's "Full credit" leads to it (issue 9: the
credit was repeated in every card)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kb.corpus import load_corpus
from kb.render.lookup import SiteIndex
from kb.render.people import render_person_page
from kb.render.sources import source_entries, sources_section
from kb.render.themes import render_theme_page

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site() -> SiteIndex:
    return SiteIndex(load_corpus(ROOT))


def test_one_entry_per_interview_and_every_card_leads_to_its_own(site: SiteIndex) -> None:
    for theme in site.corpus.themes:
        text = render_theme_page(site, theme)
        entries = re.findall(r'<div class="kb-source" id="(source-[^"]+)">', text)
        assert len(entries) == len(set(entries)) >= 2, theme.slug
        leads = re.findall(r'<a class="kb-nowrap kb-quote__full" href="#(source-[^"]+)">Full credit</a>', text)
        assert len(leads) == text.count('<figure class="kb-quote')  # one per card
        assert set(leads) == set(entries), theme.slug  # each leads to an entry; no entry unused


def test_entry_gives_the_full_credit_once(site: SiteIndex) -> None:
    quotes = site.theme_quote_pages(site.corpus.themes[0])[0]
    interview, quote = quotes[0]
    entry = next(e for e in source_entries(site, quotes, page="themes/x.md") if e.anchor == f"source-{interview.slug}")
    lines = dict(entry.lines)
    speaker = interview.speaker(quote.speaker)
    assert speaker.name in (lines.get("Speaker") or lines.get("Speakers") or lines["Written by"])
    assert lines["Date"] == (interview.date or "not given in the document")
    assert interview.title in entry.title and "Source" in lines
    if interview.source.note:
        assert lines["About the source"] == interview.source.note


def test_no_quotes_no_section(site: SiteIndex) -> None:
    assert sources_section(site, [], page="themes/x.md") == ""


def test_person_page_lists_sources_and_never_links_to_itself(site: SiteIndex) -> None:
    person = next(p for p in site.corpus.people if p.id == "positive-thinking-company-speaker")
    text = render_person_page(site, person)
    assert 'href=""' not in text and '<span class="kb-quote__self">Lyon speaker</span>' in text
    assert "## Sources on this page" in text
    assert text.count('id="source-lyon-data-science-meetup-positive-thinking-company-talk"') == 1
    # a quote on several themes is one card, not one per theme
    ids = re.findall(r'themes/[a-z]+/#(q-[a-z0-9-]+)</a></p>', text)
    assert ids and len(ids) == len(set(ids))
