"""The roles-compared page, the glossary page and the abbreviation list for tooltips."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT
from kb.corpus import load_corpus
from kb.models import Corpus, GlossaryTerm, RoleRow
from kb.render import render_site
from kb.render.glossary import abbreviation_titles, render_abbreviations, render_glossary_page
from kb.render.job_adverts_chart import PLACEHOLDER
from kb.render.lookup import SiteIndex
from kb.render.paths import ABBREVIATIONS_FILE, GLOSSARY_PAGE, ROLES_PAGE
from kb.render.roles import render_roles_page

UNRESOLVED = re.compile(r"\]\((?:q|p|i):")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(ROOT)


def test_site_has_the_roles_and_glossary_pages_and_the_abbreviations(corpus: Corpus) -> None:
    pages = render_site(corpus)
    assert {ROLES_PAGE, GLOSSARY_PAGE, ABBREVIATIONS_FILE} <= set(pages)
    assert pages == render_site(corpus)  # deterministic


def test_roles_page_is_a_table_with_every_reference_resolved(corpus: Corpus) -> None:
    text = render_roles_page(SiteIndex(corpus))
    assert not UNRESOLVED.search(text)
    # One HTML table (render/tables.py) that stacks into cards on a phone: every cell
    # carries its column's name, every row has one cell per aspect.
    table = BeautifulSoup(text[text.index('<div class="kb-table'):], "html.parser").select_one("table")
    header = ["Role", "What they do", "Key skills", "Where the boundaries blur"]
    assert [th.get_text() for th in table.select("thead th")] == header
    rows = table.select("tbody tr")
    assert len(rows) == len(corpus.roles.roles)
    assert all([td["data-label"] for td in row.select("td")] == header for row in rows)
    assert "](interviews/lyon-data-science-meetup-positive-thinking-company-talk.md#p-" in text


def test_roles_page_has_the_chart_and_quotes_the_other_advert_passages(corpus: Corpus) -> None:
    text = render_roles_page(SiteIndex(corpus))
    assert PLACEHOLDER not in text  # the chart section (charts.job_adverts_section) replaced it
    assert text.count('class="kb-chart kb-chart--job-adverts"') == 1
    after = text.split("**More from the talk**", 1)[1]
    survey = next(q for _, q in corpus.quotes() if q.id == "lyon-job-advert-survey-method")
    assert survey.text[:40] in after  # not cited by the chart: quoted here
    charted = next(q for _, q in corpus.quotes() if q.id == "lyon-ds-adverts-business")
    assert text.count(charted.text[:40]) == 1  # the chart section quotes it: not twice


def test_role_titles_are_escaped(corpus: Corpus) -> None:
    title = "<script>alert(1)</script> | *x*"
    row = RoleRow(slug="x", title=title, cells=tuple((a.slug, "fine") for a in corpus.roles.aspects))
    text = render_roles_page(SiteIndex(replace(corpus, roles=replace(corpus.roles, roles=(row,)))))
    assert "<script>" not in text
    table = BeautifulSoup(text[text.index('<div class="kb-table'):], "html.parser").select_one("table")
    cells = table.select("tbody tr td")
    assert len(cells) == 1 + len(corpus.roles.aspects)  # the pipe did not split a cell
    assert "**&lt;script&gt;alert(1)&lt;/script&gt; &#124; &#42;x&#42;**" in text  # inert text, bold


def test_glossary_page_has_an_anchor_per_term_and_resolved_links(corpus: Corpus) -> None:
    text = render_glossary_page(SiteIndex(corpus))
    assert not UNRESOLVED.search(text)
    for term in corpus.glossary:
        assert f"{{ #{term.anchor} }}" in text
    assert "### CI/CD { #term-ci-cd }" in text
    assert "[Ekaterina Sirazitdinova](interviews/goto-what-does-it-take-to-be-a-data-scientist.md#p-" in text


def test_glossary_names_each_speaker_once_per_term(corpus: Corpus) -> None:
    """A term two passages of one speaker discuss names the speaker once and numbers the
    passages, instead of "Misra Turp · Misra Turp"; each passage keeps its own link."""
    text = render_glossary_page(SiteIndex(corpus))
    for line in (line for line in text.splitlines() if line.startswith("*Discussed in:*")):
        names = re.findall(r"\[([^\]]+)\]\(", line)
        names = [n for n in names if not re.fullmatch(r"passage \d+", n)]
        assert len(names) == len(set(names)), line
    repeated = [t for t in corpus.glossary
                if len({corpus.references[r].interview for r in t.see}) < len(t.see)]
    assert repeated, "the seed glossary should have a term with two references to one source"
    assert re.search(r": \[passage 1\]\([^)]+\), \[passage 2\]\([^)]+\)", text)
    two = GlossaryTerm(term="Zeta", anchor="term-zeta", definition="d",
                       see=("q:misra-apply-anyway", "q:misra-apply-anyway"))
    page = render_glossary_page(SiteIndex(replace(corpus, glossary=(two,))))
    assert "*Discussed in:* Misra Turp: [passage 1](" in page and "[passage 2](" in page
    assert not UNRESOLVED.search(page)


def test_abbreviations_cover_every_spelling_longest_first(corpus: Corpus) -> None:
    lines = render_abbreviations(corpus).splitlines()
    spellings = [re.match(r"\*\[(.*)\]: ", line).group(1) for line in lines]
    expected = {s for t in corpus.glossary for s in (t.term, *t.aliases)}
    assert set(spellings) == expected and len(spellings) == len(expected)
    assert spellings.index("Automatic Mixed Precision") < spellings.index("mixed precision")
    assert [len(s) for s in spellings] == sorted((len(s) for s in spellings), reverse=True)


def test_abbreviation_lines_stay_one_line_each(corpus: Corpus) -> None:
    odd = GlossaryTerm(term="X]Y", anchor="term-x-y", definition="two\nlines", see=("q:misra-apply-anyway",))
    text = render_abbreviations(replace(corpus, glossary=(odd,)))
    assert text == "*[XY]: two lines\n"


def test_the_hook_s_tooltips_are_the_abbreviation_lines(corpus) -> None:
    # kb build --out writes the lines; the hook gives abbr the same pairs without the lines.
    titles = abbreviation_titles(corpus)
    assert titles
    assert render_abbreviations(corpus).splitlines() == [f"*[{s}]: {d}" for s, d in titles.items()]
