"""Pictures made at build time (scripts/kb/render/job_adverts_chart.py, coverage.py, timelines.py) and the job-advert data they show.

The figures are checked against their sources, not against the code that draws them:
the chart against data/job_adverts.yml, the quoted figures against the verified quote
text in kb.json, the coverage matrix against counts computed here from kb.json, and the
timelines against the speakers' career entries in kb.json.
"""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import ROOT
from kb.corpus import load_corpus
from kb.errors import Problems
from kb.export import corpus_to_json
from kb.job_adverts import figure_is_said, load_job_adverts, parse_job_adverts
from kb.layout import JOB_ADVERTS_FILE
from kb.models import CareerStep, Corpus, Speaker
from kb.render import coverage, job_adverts_chart, render_site, timelines
from kb.render.lookup import SiteIndex

SVG = "{http://www.w3.org/2000/svg}"
# The Markdown extensions mkdocs.yml enables (abbr included: it must not reach the SVG).
EXTENSIONS = ["toc", "attr_list", "md_in_html", "admonition", "tables", "abbr"]
ROLES_PAGE = "roles.md"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(ROOT)


@pytest.fixture(scope="module")
def kb(corpus: Corpus) -> dict[str, Any]:
    return json.loads(corpus_to_json(corpus))


@pytest.fixture(scope="module")
def survey() -> dict[str, Any]:
    return yaml.safe_load((ROOT / JOB_ADVERTS_FILE).read_text("utf-8"))


@pytest.fixture(scope="module")
def pages(corpus: Corpus) -> dict[str, str]:
    return render_site(corpus)


def html(text: str) -> BeautifulSoup:
    """A generated Markdown fragment as the site would turn it into HTML."""
    return BeautifulSoup(markdown.markdown(text, extensions=EXTENSIONS), "html.parser")


def kb_quotes(kb: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["id"]: {**q, "interview": i["slug"]} for i in kb["interviews"] for q in i["quotes"]}


# --- job-adverts chart ------------------------------------------------------------------

def test_every_bar_is_the_figure_in_data_job_adverts(corpus: Corpus, survey: dict[str, Any]) -> None:
    svg = ET.fromstring(job_adverts_chart.job_adverts_svg(corpus.job_adverts))
    bars = {(r.get("data-role"), r.get("data-category")): r for r in svg.iter(f"{SVG}rect")
            if r.get("data-role")}
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    expected = {(role["slug"], share["category"]): share["percent"]
                for role in survey["roles"] for share in role["shares"]}
    assert set(bars) == set(expected)
    assert len(expected) == len(survey["roles"]) * len(survey["categories"])
    for key, percent in expected.items():
        bar = bars[key]
        if percent is None:
            assert bar.get("class") == "kb-bar--null"
            assert bar.get("data-percent") is None
        else:
            assert int(bar.get("data-percent")) == percent
            assert float(bar.get("width")) == pytest.approx(job_adverts_chart.BAR_MAX * percent / 100)
            assert f"{percent}%" in labels
    # The figures the talk states, as read in data/job_adverts.yml on the day this was written.
    assert expected[("data-scientist", "data-engineering")] == 80
    assert expected[("ml-engineer", "data-engineering")] == 50


def test_every_figure_is_said_in_the_verified_quote_it_cites(kb: dict[str, Any], survey: dict[str, Any]) -> None:
    quotes = kb_quotes(kb)
    words = {60: "soixante"}  # figures the speaker says as words
    checked = 0
    for role in survey["roles"]:
        said = quotes[role["adverts_quote"]]
        assert said["interview"] == survey["interview"]
        assert str(role["adverts"]) in said["text"]
        for share in role["shares"]:
            quote = quotes[share["quote"]]  # a verified quote: it is in kb.json
            assert quote["interview"] == survey["interview"]
            assert quote["paragraph"] is not None
            if share["percent"] is not None:
                text = quote["text"].casefold()
                assert str(share["percent"]) in text or words[share["percent"]] in text
                checked += 1
    assert checked == 6
    assert "80" in quotes["lyon-ds-adverts-data-engineering"]["text"]


def test_null_figures_say_not_stated_and_carry_the_ambiguity_note(corpus: Corpus) -> None:
    adverts = corpus.job_adverts
    svg = ET.fromstring(job_adverts_chart.job_adverts_svg(adverts))
    nulls = [s for r in adverts.roles for s in r.shares if s.percent is None]
    assert nulls, "the DevOps figures are null in data/job_adverts.yml"
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts.count("not stated †") == len(nulls)
    assert "DevOps: Data scientist adverts not stated, ML engineer adverts not stated." in \
        svg.find(f"{SVG}desc").text
    section = html(job_adverts_chart.job_adverts_section(SiteIndex(corpus), adverts, page=ROLES_PAGE))
    notes = section.select(".kb-chart__notes li")
    for share in nulls:
        assert any(n.get_text().startswith("†") and share.note in n.get_text() for n in notes)
    assert adverts.note in section.select_one(".kb-chart__note").get_text()
    table = section.select_one("details table.kb-chart__table")
    assert [td.get_text() for td in table.select("tbody tr")[-1].select("td")] == ["not stated"] * 2


def test_cited_passages_follow_the_chart_with_translation_and_paragraph_link(
        corpus: Corpus, kb: dict[str, Any], survey: dict[str, Any]) -> None:
    section = html(job_adverts_chart.job_adverts_section(SiteIndex(corpus), corpus.job_adverts, page=ROLES_PAGE))
    quotes = kb_quotes(kb)
    cited = {r["adverts_quote"] for r in survey["roles"]} | {
        s["quote"] for r in survey["roles"] for s in r["shares"]}
    blocks = section.select(".kb-chart__quotes figure.kb-quote")
    assert len(blocks) == len(cited)
    for quote_id in cited:
        quote = quotes[quote_id]
        block = next(b for b in blocks
                     if quote["text"][:40] in b.select_one('blockquote[lang="fr"]').get_text())
        # The editors' English is the reading text; the French original stays on the card.
        assert quote["translation"][:30] in block.select_one('blockquote[lang="en"]').get_text()
        target = f"../interviews/{quote['interview']}/#{quote['paragraph']}"  # cards are raw HTML: browser addresses
        assert block.select_one(f'a[href="{target}"]'), target
    assert "Data scientist adverts, Business understanding: 60%" in section.get_text()


def test_chart_svg_is_well_formed_self_contained_and_coloured_by_css_only(corpus: Corpus) -> None:
    markup = str(job_adverts_chart.job_adverts_svg(corpus.job_adverts))
    svg = ET.fromstring(markup)  # parses as XML
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+ \d+(\.\d+)?", svg.get("viewBox"))
    assert svg.get("width") is None and svg.get("height") is None  # scales with its box
    labelled = svg.get("aria-labelledby").split()
    assert [svg.find(f"{SVG}title").get("id"), svg.find(f"{SVG}desc").get("id")] == labelled
    for element in svg.iter():
        assert element.tag.removeprefix(SVG) not in {"script", "foreignObject", "image", "use", "a", "style"}
        for name, value in element.attrib.items():
            assert not name.startswith("on"), name
            assert "href" not in name and name != "src"
            assert "url(" not in value and "http" not in value.replace("http://www.w3.org/2000/svg", "")
            assert name not in {"fill", "stroke", "style", "color"}, "colours come from charts.css"


def test_chart_is_deterministic(corpus: Corpus) -> None:
    site = SiteIndex(corpus)
    first = job_adverts_chart.job_adverts_section(site, corpus.job_adverts, page=ROLES_PAGE)
    assert first == job_adverts_chart.job_adverts_section(SiteIndex(corpus), corpus.job_adverts, page=ROLES_PAGE)


def test_roles_page_shows_the_chart_once_without_abbreviations_inside_the_svg(pages: dict[str, str]) -> None:
    page = pages[ROLES_PAGE]
    assert job_adverts_chart.PLACEHOLDER not in page
    body = markdown.markdown(page + "\n*[DevOps]: a glossary tooltip\n*[MLE]: another\n",
                             extensions=EXTENSIONS)
    start = body.index('<svg class="kb-chart__svg"')
    svg = body[start: body.index("</svg>", start) + len("</svg>")]
    assert "<abbr" not in svg  # a Markdown extension inside <text> would blank the label
    ET.fromstring(svg)


def test_untrusted_text_in_the_chart_is_escaped(corpus: Corpus) -> None:
    evil = "<script>alert(1)</script> {{ x }} [y](javascript:z)"
    adverts = corpus.job_adverts
    roles = (replace(adverts.roles[0], label=evil), *adverts.roles[1:])
    categories = (replace(adverts.categories[0], label=evil), *adverts.categories[1:])
    hostile = replace(adverts, roles=roles, categories=categories, note=evil)
    svg = job_adverts_chart.job_adverts_svg(hostile)
    ET.fromstring(svg)
    section = job_adverts_chart.job_adverts_section(SiteIndex(corpus), hostile, page=ROLES_PAGE)
    for text in (svg, section):
        assert "<script" not in text and "{{" not in text and "](javascript" not in text
    assert not html(section).select("script")


def test_series_short_labels() -> None:
    assert job_adverts_chart.series_short("Data scientist adverts") == "DS"
    assert job_adverts_chart.series_short("ML engineer adverts") == "MLE"


# --- data/job_adverts.yml validation ----------------------------------------------------

def test_figure_is_said_matches_whole_numbers_and_number_words() -> None:
    assert figure_is_said(80, "80% des offres")
    assert figure_is_said(60, "et ben non, soixante bravo")
    assert figure_is_said(40, "20 sur 40 exactement")
    assert not figure_is_said(80, "180 offres")
    assert not figure_is_said(8, "80%")
    assert not figure_is_said(70, "soixante")


def _check(corpus: Corpus, data: dict[str, Any]) -> list[tuple[str | None, str]]:
    problems = Problems()
    parse_job_adverts(data, list(corpus.interviews), problems, name=JOB_ADVERTS_FILE)
    return [(p.field, p.message) for p in problems.items]


def test_the_data_file_as_committed_is_valid(corpus: Corpus, survey: dict[str, Any]) -> None:
    assert _check(corpus, survey) == []
    assert corpus.job_adverts is not None
    assert [c.slug for c in corpus.job_adverts.categories] == \
        ["data-engineering", "data-analysis", "business", "devops"]


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d["roles"][0]["shares"][1].update(quote="lyon-no-such-quote"),
     "roles/0/shares/1/quote", "is not a quote of"),
    (lambda d: d["roles"][0]["shares"][2].update(percent=70),
     "roles/0/shares/2/percent", "70% is not said in quote"),
    (lambda d: d["roles"][1].update(adverts=41), "roles/1/adverts", "41 adverts"),
    (lambda d: d["roles"][0]["shares"][0].update(category="maths"),
     "roles/0/shares/0/category", "unknown category 'maths'"),
    (lambda d: d["roles"][1]["shares"].pop(), "roles/1/shares", "no figure for devops"),
    (lambda d: d["roles"][1]["shares"][3].pop("note"), "roles/1/shares/3/note", "null figure needs a 'note'"),
    (lambda d: d["roles"][0]["shares"][0].update(percent=180), "roles/0/shares/0/percent", "180 is more than 100"),
    (lambda d: d.update(interview="no-such-talk"), "interview", "not the slug of any transcript"),
])
def test_each_mistake_is_reported_with_its_field(corpus: Corpus, survey: dict[str, Any], change: Any,
                                                 field: str, words: str) -> None:
    data = copy.deepcopy(survey)
    change(data)
    problems = _check(corpus, data)
    assert len(problems) == 1, problems
    assert problems[0][0] == field
    assert words in problems[0][1]


def test_load_reports_file_and_line_and_a_missing_file_means_no_chart(corpus: Corpus, tmp_path: Path) -> None:
    text = (ROOT / JOB_ADVERTS_FILE).read_text("utf-8").replace(
        "quote: lyon-ds-adverts-data-analysis,", "quote: lyon-ds-adverts-data-analysys,")
    (tmp_path / "data").mkdir()
    (tmp_path / JOB_ADVERTS_FILE).write_text(text, "utf-8")
    problems = Problems()
    assert load_job_adverts(tmp_path, list(corpus.interviews), problems) is None
    [problem] = problems.items
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "data-analysys" in row)
    assert problem.file.endswith(JOB_ADVERTS_FILE) and problem.line == line
    assert problem.hint == "did you mean 'lyon-ds-adverts-data-analysis'?"
    assert load_job_adverts(tmp_path / "elsewhere", list(corpus.interviews), Problems()) is None


def test_kb_check_rejects_an_unknown_quote_id(project_copy: Any, memoised_tagging: None) -> None:
    path = project_copy.root / JOB_ADVERTS_FILE
    path.write_text(path.read_text("utf-8").replace("quote: lyon-ds-adverts-business,",
                                                    "quote: lyon-ds-adverts-busness,"), "utf-8")
    result = project_copy.kb("check")
    assert result.code == 1
    assert "job_adverts.yml" in result.stderr and "[roles/0/shares/2/quote]" in result.stderr
    assert "Traceback" not in result.output


# --- coverage matrix --------------------------------------------------------------------

def test_matrix_counts_equal_counts_from_kb_json(corpus: Corpus, kb: dict[str, Any]) -> None:
    table = html(coverage.coverage_matrix(corpus, page="themes/index.md")).select_one("table")
    themes = [t["slug"] for t in kb["themes"]]
    assert [th.get_text() for th in table.select("thead th")][1:] == [t["title"] for t in kb["themes"]]
    rows = table.select("tbody tr")
    assert len(rows) == len(kb["interviews"])
    heats = []
    for row, interview in zip(rows, kb["interviews"], strict=True):
        assert row.select_one("th").get_text() == interview["title"]
        cells = row.select("td")
        assert len(cells) == len(themes)
        for cell, theme in zip(cells, themes, strict=True):
            quotes = sum(1 for q in interview["quotes"] if theme in q["themes"])
            tagged = [p["id"] for p in interview["paragraphs"] if theme in p["themes"]]
            assert int(cell.select_one(".kb-matrix__quotes").contents[0]) == quotes
            assert int(cell.select_one(".kb-matrix__paragraphs").contents[0]) == len(tagged)
            link = cell.select_one("a")
            if quotes:
                assert link["href"] == f"{theme}/#from-{interview['slug']}"  # browser addresses (raw HTML)
            elif tagged:
                assert link["href"] == f"../interviews/{interview['slug']}/#{tagged[0]}"
            else:
                assert link is None
            heats.append(float(re.fullmatch(r"--kb-heat: ([\d.]+)", cell["style"]).group(1)))
    assert max(heats) == 1 and min(heats) >= 0


def test_matrix_links_land_on_existing_anchors(corpus: Corpus, pages: dict[str, str]) -> None:
    site = SiteIndex(corpus)  # the page of a long theme where the interview's quotes start
    for interview in corpus.interviews:
        for theme in corpus.themes:
            number = site.theme_page_of_interview(theme.slug, interview.slug)
            cell = coverage.matrix_cell(interview, theme.slug, theme_page_number=number)
            if cell.target is None:
                continue
            page, anchor = cell.target.split("#")
            if page.startswith("themes/"):
                assert pages[page].count(f'id="{anchor}"') == 1, cell.target
            else:
                assert f'id="{anchor}"' in pages[page], cell.target


def test_matrix_is_on_the_themes_index_as_an_accessible_table(pages: dict[str, str]) -> None:
    table = html(pages["themes/index.md"]).select_one(".kb-matrix table")
    assert table.select_one("caption")
    assert all(th.get("scope") == "col" for th in table.select("thead th"))
    assert all(th.get("scope") == "row" for th in table.select("tbody th"))
    first = table.select_one("tbody td")
    assert "quotes" in first.select_one(".kb-sr").get_text()  # numbers are named for screen readers


# --- career timelines ---------------------------------------------------------------------

def test_timelines_match_the_career_entries_in_kb_json(kb: dict[str, Any], pages: dict[str, str]) -> None:
    shown = 0
    for person in kb["people"]:
        page = html(pages[f"people/{person['id']}.md"])
        timelines = page.select("ol.kb-timeline")
        by_interview = {}
        for step in person["career"]:
            by_interview.setdefault(step["interview"], []).append(step)
        assert len(timelines) == len(by_interview)
        for timeline, (slug, steps) in zip(timelines, by_interview.items(), strict=True):
            items = timeline.select("li.kb-timeline__step")
            assert len(items) == len(steps)
            for item, step in zip(items, steps, strict=True):
                assert item.select_one(".kb-timeline__what").get_text() == step["what"]
                when = item.select_one(".kb-timeline__when").get_text()
                assert when == (step["when"] or "Date not given")
                href = item.select_one("a.kb-timeline__evidence")["href"]
                assert href == f"../interviews/{slug}.md#{step['paragraph']}"
                shown += 1
    assert shown == sum(len(p["career"]) for p in kb["people"]) > 0


def test_timeline_escapes_untrusted_career_text(corpus: Corpus) -> None:
    interview = corpus.interviews[0]
    speaker = Speaker(id="x", name='Eve "<b>"', kind="guest", career=(
        CareerStep(when="**2010**", what="<img src=x onerror=alert(1)> [link](javascript:alert(1))",
                   evidence="e", paragraph_id=interview.paragraphs[0].id),
        CareerStep(when=None, what="# not a heading", evidence="e"),
    ))
    markup = timelines.career_timeline(speaker, interview, page="people/x.md")
    page = html(markup)
    assert not page.select("img, strong, h1, script")
    assert [a["href"] for a in page.select("a")] == [
        f"../interviews/{interview.slug}.md#{interview.paragraphs[0].id}"]
    assert page.select_one("ol")["aria-label"] == 'Career of Eve "<b>" as told in ' + interview.title
    assert page.select("li")[1].select_one(".kb-timeline__when").get_text() == "Date not given"
    assert timelines.career_timeline(replace(speaker, career=()), interview, page="people/x.md") == ""


def test_the_chart_names_the_speakers_language_from_the_data_and_no_gender(corpus: Corpus) -> None:
    """The section said "his words" and "in French" whatever the talk; both come from the data now."""
    adverts = corpus.job_adverts
    assert adverts is not None
    section = str(job_adverts_chart.job_adverts_section(SiteIndex(corpus), adverts, page=ROLES_PAGE))
    assert "(our English translation; the speaker's French words one tap away)" in section
    caption = section.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    assert "(the speaker's words are quoted below)" in caption and not re.search(r"\b(his|her)\b", caption)
    english = tuple(replace(i, language="en") if i.slug == adverts.interview else i for i in corpus.interviews)
    section = str(job_adverts_chart.job_adverts_section(SiteIndex(replace(corpus, interviews=english)), adverts,
                                                        page=ROLES_PAGE))
    assert "(the speaker's words):" in section and "our English translation;" not in section
    assert job_adverts_chart.speakers_words("xx") == "our English translation; the speaker's xx words one tap away"
