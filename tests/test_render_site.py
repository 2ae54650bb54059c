"""The site built from a small fixture corpus (tests/fixtures/site-corpus/): hostile text in
every field a transcript controls, a video with timestamps, a French written summary with a
`reports:` quote, a theme without quotes; and the failures contributors can cause."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
from kb.build import generate
from kb.corpus import load_corpus
from kb.errors import KBError
from kb.render import render_site
from site_project import SITE_FIXTURE, Site, build, make_project

HOSTILE_TITLE = "<script>alert('title')</script> # *Talk* {{ config }} [x](javascript:alert(1)) & co"
EVENT_ATTR = re.compile(r"^on", re.IGNORECASE)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Site:
    project = make_project(tmp_path_factory.mktemp("fixture-project"), corpus=SITE_FIXTURE)
    result = build(project, tmp_path_factory.mktemp("fixture-site"))
    assert result.code == 0, result.output
    assert "WARNING" not in result.output
    return Site(result.site)


def test_no_transcript_text_becomes_markup(fixture_site):
    for file in fixture_site.html_files():
        soup = fixture_site.page(fixture_site.url_of(file))
        for element in soup.find_all(True):
            assert not any(EVENT_ATTR.match(attr) for attr in element.attrs), (file, element)
            for attr in ("href", "src"):
                value = element.get(attr, "")
                assert not value.lower().startswith(("javascript:", "data:", "vbscript:")), (file, element)
            if element.name in ("img", "iframe", "svg", "u", "b") and element.find_parent("article"):
                assert "evil" not in str(element) and element.name not in ("iframe", "u", "b"), (file, element)
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":  # data: the text is there, as JSON
                assert "<" not in script.get_text() and json.loads(script.get_text()), file
                continue
            assert "alert" not in script.get_text(), file
        for heading in soup.select("article h1, article h2, article h3, article h4, article h5"):
            # body text, roles and notes start with "#": none may become a heading
            assert "alert('quote')" not in heading.get_text(), (file, heading)
            assert not heading.get_text().startswith(("data scientist", "<script>alert('note')")), heading


def test_hostile_text_is_shown_literally(fixture_site):
    page = fixture_site.page("/interviews/hostile-captions/")
    assert page.find("h1").get_text().strip().rstrip("¶").strip() == HOSTILE_TITLE
    assert page.find("title").get_text().startswith(HOSTILE_TITLE)
    text = page.select_one("article").get_text()  # no separator: <mark> may split a phrase
    for literal in ("<img src=x onerror=alert('name')>", "# <script>alert('quote')</script>!",
                    "(javascript:alert(1)) {% raw %}", "# data scientist", "!!! warning",
                    "<script>alert('note')</script>", "{{ config }}", "!!! Note | a | b | --- <!-- comment -->",
                    "1. Not a list <iframe src=https://evil.example></iframe> `code`"):
        assert literal in text, literal
    assert "<svg onload=alert(1)>" in fixture_site.page("/themes/roles/").select_one("article").get_text()
    tags = fixture_site.page("/tags/").get_text(" ")
    assert "<b>bold tag</b>" in tags and "{{ jinja_tag }}" in tags


def test_theme_intro_references_resolve_to_pages_and_paragraphs(fixture_site):
    page = fixture_site.page("/themes/roles/")
    hrefs = {a.get_text(): a["href"] for a in page.select("article a")}
    assert hrefs["the captions talk"] == "../../interviews/hostile-captions/"
    assert hrefs["its opening"] == "../../interviews/hostile-captions/#t0"
    assert hrefs["a quote"] == "../../interviews/hostile-captions/#t0"
    assert hrefs["that one"] == "../../interviews/hostile-captions/#t9"


def test_quotes_are_grouped_by_subtopic_and_link_to_video_second(fixture_site):
    page = fixture_site.page("/themes/roles/")
    subtopics = [h.get_text().strip("¶ ") for h in page.select("article h3")]
    assert subtopics == ["Titles", "Other quotes"]
    figure = page.find(id="q-plain-quote")
    video = figure.select_one("figcaption a.kb-time")
    assert video.get_text() == "▶ 0:09" and video["title"] == "Play the video from 0:09"
    assert video["href"] == "https://www.youtube.com/watch?v=abc123&t=9s"
    transcript = fixture_site.page("/interviews/hostile-captions/")
    stamp = transcript.find(id="t9").select_one("a.kb-time")
    assert stamp["href"] == "https://www.youtube.com/watch?v=abc123&t=9s"
    # The source is credited once, in the entry the card's "Full credit" opens.
    credit = figure.select_one("figcaption a.kb-quote__full")["href"]
    assert "Evil" in page.find(id=credit.removeprefix("#")).get_text()


def test_reported_views_are_never_shown_as_the_persons_words(fixture_site):
    theme = fixture_site.page("/themes/expectations/")
    figure = theme.find(id="q-reported-views")
    label = " ".join(figure.select_one(".kb-quote__label").get_text().split())
    assert "report of Camille Exemple's views" in label and "not Camille Exemple's own words" in label
    # Both people are linked in the label; the line names the author of the words only.
    assert [a.get_text() for a in figure.select(".kb-quote__label a")] == ["L'auteur", "Camille Exemple"]
    line = " ".join(figure.select_one(".kb-quote__by").get_text(" ").split())
    assert line.startswith("— L'auteur ·") and "Camille Exemple" not in line
    # The full credit is the page's entry for the interview, where "Full credit" leads.
    href = figure.select_one(".kb-quote__by a.kb-quote__full")["href"]
    credit = " ".join(theme.find(id=href.removeprefix("#")).get_text(" ").split())
    assert "Written by:" in credit and "Reporting the views of: Camille Exemple" in credit
    assert "not that person's own words" in credit
    person = fixture_site.page("/people/fixture-guest/")
    own = person.find(id="in-their-own-words").find_next_sibling()
    assert "No quote from this person" in own.get_text()
    assert person.find(id="their-views-as-reported-by-others") is not None


def test_french_quotes_keep_their_words_and_label_the_translation(fixture_site):
    figure = fixture_site.page("/themes/expectations/").find(id="q-reported-views")
    # The editors' English is the reading text, marked as a translation; the verified French
    # original stays on the card, one tap away, each in its language.
    translation, original = figure.select("blockquote")
    assert translation["lang"] == "en" and "kb-quote__words" in translation["class"]
    assert original["lang"] == "fr"
    assert "différence entre le public et le privé" in original.get_text()
    disclosure = original.find_parent("details")
    assert "kb-quote__original" in disclosure["class"]
    assert disclosure.select_one("summary").get_text(" ").startswith("Translated from French by the editors")


def test_theme_without_quotes_says_so(fixture_site):
    text = fixture_site.page("/themes/ethics/").get_text(" ")
    assert "No quote is tagged with this theme yet" in text
    assert "No interview is tagged with this theme yet" in text


def test_interview_page_metadata(fixture_site):
    page = fixture_site.page("/interviews/french-summary/").select_one("article").get_text(" ")
    assert "Date: unknown (Le document ne donne pas de date.)" in " ".join(page.split())
    assert "Language: French" in " ".join(page.split())
    assert "no link to the original is known" in page


def test_person_page_career_links_to_evidence(fixture_site):
    page = fixture_site.page("/people/guest-two/")
    evidence = page.find("a", string="evidence")
    assert evidence["href"] == "../../interviews/hostile-captions/#t9"


def test_rendering_is_deterministic():
    corpus = load_corpus(SITE_FIXTURE)
    assert generate(corpus) == generate(load_corpus(SITE_FIXTURE))


def test_unresolved_theme_reference_is_caught_when_loading_with_file_field_and_line(tmp_path):
    """Rendering trusts the corpus: a reference that does not resolve fails load_corpus
    (so `kb check` too), naming data/themes.yml, the field and its line."""
    shutil.copytree(SITE_FIXTURE, tmp_path / "project")
    path = tmp_path / "project" / "data" / "themes.yml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if 'intro: ""' in line)
    lines[number] = lines[number].replace('""', '"[x](q:no-such-quote) [y](p:hostile-captions#t999)"')
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(KBError) as caught:
        load_corpus(tmp_path / "project")
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 2
    assert all(m.startswith(f"{path}:{number + 1}: [themes/1/intro] reference ") for m in messages), messages
    assert "q:no-such-quote" in messages[0] and "p:hostile-captions#t999" in messages[1]


def test_empty_corpus_renders(tmp_path):
    corpus = load_corpus(SITE_FIXTURE)
    empty = dataclasses.replace(corpus, interviews=(), people=(),
                                themes=tuple(dataclasses.replace(t, intro="", key_points=(), differences=())
                                             for t in corpus.themes), questions=())
    pages = render_site(empty)
    assert "No interview yet." in pages["interviews/index.md"]
    assert "No quote is tagged" in pages["themes/roles.md"]


def test_broken_transcript_fails_the_build_with_one_line_per_problem(tmp_path):
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    path = project / "transcripts" / "hostile-captions.md"
    text = path.read_text("utf-8").replace("text: \"i joined acme in twenty nineteen\"",
                                           "text: \"words nobody said\"")
    path.write_text(text.replace("language: en", "language: xx"), "utf-8")
    result = build(project, tmp_path / "site")
    assert result.code != 0
    assert "Traceback" not in result.output
    assert "transcripts/hostile-captions.md" in result.output
    assert not (tmp_path / "site" / "interviews").exists()


def test_hand_written_page_cannot_be_replaced_by_a_generated_one(tmp_path):
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    (project / "docs" / "themes").mkdir()
    (project / "docs" / "themes" / "roles.md").write_text("# Mine\n", "utf-8")
    result = build(project, tmp_path / "site")
    assert result.code != 0 and "themes/roles.md" in result.output
    assert "Traceback" not in result.output
    assert (project / "docs" / "themes" / "roles.md").read_text("utf-8") == "# Mine\n"


def test_unknown_marker_in_a_hand_written_page_fails_strict_build(tmp_path):
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    about = project / "docs" / "about.md"
    about.write_text(about.read_text("utf-8") + "\n<!-- kb:no-such-list -->\n", "utf-8")
    result = build(project, tmp_path / "site")
    assert result.code != 0
    assert "unknown marker <!-- kb:no-such-list -->" in result.output


def test_project_copy_is_independent(tmp_path):
    project = make_project(tmp_path / "p", corpus=SITE_FIXTURE)
    assert Path(project / "transcripts" / "french-summary.md").is_file()


def test_every_paragraph_time_links_to_its_second_of_the_video(fixture_site):
    """Issue 18: with a video_url, every time on the interview page starts the video there."""
    transcript = fixture_site.page("/interviews/hostile-captions/")
    stamps = transcript.select("article .kb-time")
    assert stamps and all(s.name == "a" for s in stamps)
    for stamp in stamps:
        minutes, seconds = stamp.get_text().removeprefix("▶ ").split(":")
        assert stamp["href"].endswith(f"&t={int(minutes) * 60 + int(seconds)}s"), stamp
