"""Citing and linking a quote (render/citation.py): the citation's fields come from the
document, missing ones are said to be missing, and the source type follows the metadata."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from kb.corpus import load_corpus
from kb.render.citation import SOURCE_TYPES, author_date, citation, site_path, source_type
from kb.render.lookup import SiteIndex

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site() -> SiteIndex:
    return SiteIndex(load_corpus(ROOT))


def by_slug(site: SiteIndex, slug: str):  # type: ignore[no-untyped-def]
    return next(i for i in site.corpus.interviews if i.slug == slug)


def test_podcast_citation_fields(site: SiteIndex) -> None:
    interview = by_slug(site, "2020-02-11-leo-souquet-aws-ml-podcast")
    quote = interview.quotes[0]
    cited = citation(site, interview, quote, page="themes/skills.md")
    speaker = interview.speaker(quote.speaker)
    assert cited.text.startswith(f"{speaker.name} (2020, February 11). Quoted in “{interview.title}”. ")
    assert "AWS AI Machine Learning Podcast, Episode 9. https://julsimon.buzzsprout.com" in cited.text
    theme = quote.themes[0]
    assert cited.text.endswith(f"Quote on Data Science Careers Knowledge Base: themes/{theme}/#q-{quote.id}")
    assert cited.csl["author"] == [{"literal": speaker.name}]
    assert cited.csl["issued"] == {"date-parts": [[2020, 2, 11]]}
    assert cited.csl["URL"] == "https://julsimon.buzzsprout.com"
    assert json.loads(json.dumps(cited.csl)) == cited.csl


def test_undated_sourceless_quote_says_nd_and_invents_no_url(site: SiteIndex) -> None:
    interview = by_slug(site, "prosper-burq-chu-toulouse-interview-summary")
    quote = interview.quotes[0]
    cited = citation(site, interview, quote, page="index.md")
    assert "(n.d.)" in cited.text and "issued" not in cited.csl
    assert "http" not in cited.text and "URL" not in cited.csl
    assert ", reporting " in cited.text  # a written summary: the author reports someone's views


def test_translated_quote_says_so(site: SiteIndex) -> None:
    interview = by_slug(site, "lyon-data-science-meetup-positive-thinking-company-talk")
    quote = next(q for q in interview.quotes if q.translation)
    cited = citation(site, interview, quote, page="index.md")
    assert "Translated from French by the editors" in cited.text
    assert source_type(interview, quote) == "translated"


@pytest.mark.parametrize(("date", "expected"), [(None, "n.d."), ("2020-02-11", "2020, February 11"),
                                                ("2022", "2022"), ("2021-07", "2021, July"),
                                                ("spring 2020", "spring 2020"), ("2020-13-01", "2020-13-01")])
def test_author_date(date, expected) -> None:  # type: ignore[no-untyped-def]
    assert author_date(date) == expected


def test_source_type_from_metadata(site: SiteIndex) -> None:
    kinds = {i.slug: {source_type(i, q) for q in i.quotes} for i in site.corpus.interviews}
    assert kinds["2020-02-11-leo-souquet-aws-ml-podcast"] == {"podcast-transcript"}
    assert kinds["goto-what-does-it-take-to-be-a-data-scientist"] == {"article"}
    assert kinds["prosper-burq-chu-toulouse-interview-summary"] == {"reported-speech"}
    assert kinds["misra-turp-datatalks-club-work-and-expectations"] == {"automatic-captions"}
    assert all(k <= set(SOURCE_TYPES) for k in kinds.values())
    misra = by_slug(site, "misra-turp-datatalks-club-work-and-expectations")
    edited = replace(misra, format="header-transcript", punctuation_added=False,
                     source=replace(misra.source, note=None))
    assert source_type(edited, misra.quotes[0]) == "edited-transcript"


def test_about_page_legend_lists_every_source_type() -> None:
    about = (ROOT / "docs" / "about.md").read_text("utf-8")
    for family, label in SOURCE_TYPES.values():
        assert f"| {label} | {family} |" in about


@pytest.mark.parametrize(("page", "anchor", "expected"), [("themes/skills.md", "q-x", "themes/skills/#q-x"),
                                                          ("index.md", None, ""),
                                                          ("themes/index.md", None, "themes/")])
def test_site_path(page, anchor, expected) -> None:  # type: ignore[no-untyped-def]
    assert site_path(page, anchor) == expected
