"""A corpus of hostile transcripts (tests/fixtures/hostile/) built into the real site.

Every field a transcript controls carries payloads - script, event-handler attributes,
iframes, object/embed, SVG, raw HTML blocks, Markdown links and images to javascript: and
data: URLs, autolinks and reference links, Jinja {{ }} / {% %}, attribute-breaking quotes,
Markdown that would restructure the page (headings, rules, admonitions, tables, fences,
attribute lists, abbreviations, block quotes, lists), HTML entities and comments, bidi and
zero-width characters. The site is built with the project's own mkdocs.yml, docs/ and hook
(tests/site_project.py grafts the fixture corpus onto them, so what is tested is what ships)
and the assertions read the parsed HTML: nothing from a payload is live, and every payload
is still there for the reader as plain text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from kb.corpus import load_corpus
from site_project import Site, build, make_project

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
# Payload numbers 101-121 (see the fixture) and the hosts/functions they call.
MARKER = re.compile(r"\b1(?:0[1-9]|1\d|2[0-2])\b|alert|evil")
LIVE_ELEMENTS = ("script", "iframe", "object", "embed", "img", "frame", "frameset", "applet", "details", "form",
                 "input", "button", "textarea", "base", "link", "meta", "style", "audio", "video", "source")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\x00-\x08\x0b\x0c\x0e-\x1f]")


def norm(text: str) -> str:
    return " ".join(_INVISIBLE.sub("", text).replace("¶", "").split())


def front_matter(slug: str) -> dict:
    text = (HOSTILE / "transcripts" / f"{slug}.md").read_text("utf-8")
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = make_project(tmp_path_factory.mktemp("hostile-project"), corpus=HOSTILE)
    result = build(project, tmp_path_factory.mktemp("hostile-site"))
    assert result.code == 0, result.output
    assert "WARNING" not in result.output, result.output
    return Site(result.site)


def pages(site: Site) -> list[tuple[Path, BeautifulSoup]]:
    return [(file, site.page(site.url_of(file))) for file in site.html_files()]


def article_text(site: Site, url: str) -> str:
    """The article's text without the words elisions leave out (they are not the quote's)."""
    article = BeautifulSoup(str(site.page(url).select_one("article")), "html.parser")
    assert article.article is not None, url
    for words in article.select(".kb-elision__words"):
        words.decompose()
    return norm(article.get_text())


# The one <details> the site writes itself: an elision on a quote card (render/quote_text.py),
# exactly this shape, with the left-out words as text only.
_ELISION_ATTRS = {"summary": {"title", "aria-label"}, "span": {"class", "data-search-exclude",
                                                              "data-pagefind-ignore"}}


def _is_elision(element) -> bool:  # type: ignore[no-untyped-def]
    if element.name != "details" or element.attrs != {"class": ["kb-elision"]}:
        return False
    children = element.find_all(True, recursive=False)
    return ([c.name for c in children] == ["summary", "span"]
            and all(set(c.attrs) == _ELISION_ATTRS[c.name] for c in children)
            and children[1]["class"] == ["kb-elision__words"]
            and not children[0].find(True) and not children[1].find(True))


def test_hostile_corpus_passes_kb_check() -> None:
    corpus = load_corpus(HOSTILE)
    assert {i.slug for i in corpus.interviews} == {"hostile-captions-every-field", "hostile-article-fr",
                                                    "hostile-webvtt", "hostile-qa-markdown"}


# Material's admonition types, which our own disclosures may carry for their look ("N more
# quotes" is a collapsible "quote" admonition).
MATERIAL_ADMONITION_TYPES = frozenset({"note", "abstract", "info", "tip", "success", "question", "warning",
                                       "failure", "danger", "bug", "example", "quote"})


def is_our_disclosure(element) -> bool:  # type: ignore[no-untyped-def]
    """A <details> the renderer writes (quote cards' original and full credit, the chart's
    table...): a kb- class and no other attribute. A payload's <details> would be text; one
    that got through would carry its own attributes (ontoggle, open) and fail."""
    classes = element.get("class") or []
    return (element.name == "details" and set(element.attrs) == {"class"}
            and any(c.startswith("kb-") for c in classes)
            and all(c.startswith("kb-") or c in MATERIAL_ADMONITION_TYPES for c in classes))


def test_no_element_from_a_payload_is_live(hostile_site: Site) -> None:
    for file, soup in pages(hostile_site):
        article = soup.select_one("article")
        assert article is not None, file
        for element in article.find_all(LIVE_ELEMENTS):
            if is_our_disclosure(element):  # elisions included (_is_elision, below, checks their shape)
                continue
            pytest.fail(f"{file}: live <{element.name}> in the content: {str(element)[:120]}")
        for script in soup.find_all("script"):  # the theme's own scripts, never a payload
            if script.get("type") == "application/ld+json":  # data, checked below
                continue
            assert not MARKER.search(script.get_text() + str(script.attrs)), (file, str(script)[:120])
        for element in soup.find_all(["svg", "math"]):  # icons and charts only (path data has digits)
            assert not re.search(r"alert|evil", str(element)), (file, str(element)[:120])


def test_words_left_out_by_an_elision_are_plain_text(hostile_site: Site) -> None:
    """The elided quote leaves out "<img src=x onerror=...> <iframe ...>": shown as text."""
    page = hostile_site.page("/themes/roles/")
    elisions = [e for e in page.select("article details") if _is_elision(e)]
    assert len(elisions) == 1
    words = norm(elisions[0].select_one(".kb-elision__words").get_text())
    assert words == norm('[left out: <img src=x onerror=alert(102)> <iframe src="https://evil.example/103"></iframe>]')


def test_no_event_handler_or_script_url_anywhere(hostile_site: Site) -> None:
    for file, soup in pages(hostile_site):
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (file, element.name, name)
                text = " ".join(value) if isinstance(value, list) else str(value)
                if name.lower() in URL_ATTRIBUTES:
                    squeezed = re.sub(r"[\s\x00-\x1f]", "", text).lower()
                    assert not squeezed.startswith(("javascript:", "data:", "vbscript:")), (file, element.name, text)
                    assert "javascript:" not in squeezed.split("#")[0].split("?")[0], (file, element.name, text)
                if name.lower() == "style":
                    assert not re.search(r"expression\(|javascript:|url\(", text, re.IGNORECASE), (file, text)


def _whole_fields() -> set[str]:
    """Field values that may legitimately be a heading or a table cell on their own: titles,
    names, tags, subtopics and the article's own section heading."""
    values = set()
    for slug in ("hostile-captions-every-field", "hostile-article-fr", "hostile-webvtt"):
        meta = front_matter(slug)
        values |= {meta["title"], *meta.get("tags", [])}
        values |= {s["name"] for s in meta["speakers"]}
        values |= {q["subtopic"] for q in meta["quotes"] if "subtopic" in q}
    values.add("# Heading 112 ## H2 112")  # a heading line of the article body
    values.add("Section <script>alert(122)</script>")  # a Markdown heading of the Q&A body, as text
    return {norm(v) for v in values}


def test_payloads_do_not_restructure_the_page(hostile_site: Site) -> None:
    whole = _whole_fields()
    for file, soup in pages(hostile_site):
        article = soup.select_one("article")
        for heading in article.find_all(re.compile(r"^h[1-6]$")):
            text = norm(heading.get_text())
            if MARKER.search(text) or "Heading" in text or "Pwned" in text:
                # A heading is ours when it is a whole field (a title), or a tag's page's
                # "Tag: <the tag>" (render/tags.py).
                assert text in whole or text.removeprefix("Tag: ") in whole, f"{file}: payload became a heading: {text!r}"
        for csl in article.select("pre.kb-cite__csl"):  # a card's CSL-JSON: payloads as JSON data
            assert set(csl.attrs) == {"class", "data-kb-copy"} and [c.name for c in csl.find_all(True)] == ["code"]
            assert json.loads(csl.get_text())["title"], (file, str(csl)[:120])
        for element in article.select(".admonition, pre, code, abbr, hr, dl, sup.footnote-ref"):
            if element.find_parent("pre", class_="kb-cite__csl") or "kb-cite__csl" in element.get("class", []):
                continue
            assert not MARKER.search(element.get_text() + str(element.attrs)), (file, str(element)[:120])
            assert "Pwned" not in element.get_text(), (file, str(element)[:120])
        for cell in article.find_all(["td", "th"]):
            assert norm(cell.get_text()) not in {"a 115", "b 115", "c", "d", "a", "b", "121", "x", "---"}, (file, cell)
        for item in article.find_all(["li", "blockquote"]):
            first = norm(item.get_text())
            assert not first.startswith(("list 121", "quote 121")), (file, first)
        for element in article.find_all(True):
            classes = " ".join(element.get("class", []))
            assert "evil" not in classes and element.get("id") not in ("evil", "id117"), (file, element.name)
            assert not element.name.startswith("{"), (file, element.name)


def test_payload_text_is_visible_as_plain_text(hostile_site: Site) -> None:
    meta = front_matter("hostile-captions-every-field")
    page = article_text(hostile_site, "/interviews/hostile-captions-every-field/")
    source = meta["source"]
    expected = [meta["title"], meta["date_note"], meta["summary"], *meta["notes"], *meta["tags"],
                source["publisher"], source["venue"], source["note"]]
    for speaker in meta["speakers"]:
        expected += [speaker[k] for k in ("name", "role", "affiliation", "name_note") if k in speaker]
    for value in expected:
        assert norm(value) in page, value
    # Short names label the transcript; short titles are on quote cards.
    assert norm(meta["speakers"][0]["short"]) in page
    for theme in ("roles", "mlops"):
        page = article_text(hostile_site, f"/themes/{theme}/")
        if any(theme in q["themes"] for q in meta["quotes"]):
            assert norm(meta["short_title"]) in page, theme
        for quote in meta["quotes"]:
            if theme in quote["themes"]:
                # Not "subtopic": since issue 13 theme pages show the editors' group titles
                # (data/themes.yml); a quote's subtopic only picks its group.
                for key in ("text", "note"):
                    if key in quote:
                        assert norm(quote[key]) in page, (theme, key, quote[key])
    career = meta["speakers"][1]["career"][0]
    page = article_text(hostile_site, "/people/eve-guest/")
    assert norm(career["when"]) in page and norm(career["what"]) in page
    timeline = hostile_site.page("/people/eve-guest/").select_one("ol.kb-timeline")  # an attribute context
    assert timeline is not None and set(timeline.attrs) == {"class", "aria-label"}
    assert norm(meta["title"]) in norm(timeline["aria-label"]) and norm(meta["speakers"][1]["name"]) in norm(
        timeline["aria-label"])
    webvtt = front_matter("hostile-webvtt")  # newlines that would end the page's own front matter
    page = article_text(hostile_site, "/interviews/hostile-webvtt/")
    assert norm(webvtt["title"]) in page and norm(webvtt["speakers"][0]["role"]) in page
    assert norm(hostile_site.page("/interviews/hostile-webvtt/").title.get_text()).startswith(norm(webvtt["title"]))
    french = front_matter("hostile-article-fr")
    page = article_text(hostile_site, "/themes/skills/")
    for quote in french["quotes"]:
        assert norm(quote["text"]) in page and norm(quote["translation"]) in page, quote["id"]


def test_transcript_bodies_are_visible_word_for_word(hostile_site: Site) -> None:
    """Every paragraph the pipeline read from a hostile body is on its interview page as text."""
    for interview in load_corpus(HOSTILE).interviews:
        page = article_text(hostile_site, f"/interviews/{interview.slug}/")
        for paragraph in interview.paragraphs:
            assert norm(paragraph.text) in page, (interview.slug, paragraph.id, paragraph.text[:80])


def test_head_title_and_description_are_text(hostile_site: Site) -> None:
    """The <title> and meta description carry the hostile title and summary as text; an
    attribute-breaking quote would have shown up as a new attribute or element in <head>."""
    meta = front_matter("hostile-captions-every-field")
    head = hostile_site.page("/interviews/hostile-captions-every-field/").head
    assert isinstance(head, Tag)
    assert norm(head.title.get_text()).startswith(norm(meta["title"]))
    assert {element.name for element in head.find_all(True)} <= {"meta", "title", "link", "script", "style",
                                                                  "noscript"}
    description = head.find("meta", attrs={"name": "description"})
    if description is not None:
        assert set(description.attrs) == {"name", "content"}


def test_search_records_hold_the_pages_text_only(hostile_site: Site) -> None:
    """Pagefind stores a page's visible text as plain text, so a transcript line that reads
    ``<script>…`` is stored as those characters. That is right, and it is why the search box
    never uses a record as HTML: it keeps only text and <mark> from an excerpt (search.js,
    tests/browser/test_browser_search.py::test_excerpts_become_text_and_marks_only). Here:
    whatever markup-looking text a record holds is text the page itself shows, never markup
    Pagefind took from the page's HTML (an attribute, a live element)."""
    records = [(url, r) for bundle in hostile_site.search_records().values() for url, r in bundle.items()]
    hostile = [(url, r) for url, r in records if MARKER.search(json.dumps(r, ensure_ascii=False))]
    assert hostile, "the hostile pages are indexed"
    for url, record in hostile:
        shown = norm(hostile_site.page(url).get_text(" "))
        values = [record["content"], *record["meta"].values(),
                  *(v for values in record["filters"].values() for v in values)]
        for value in values:
            for tag in re.findall(r"<[^<>]+>", value):
                assert norm(tag) in shown, (url, tag[:100])


def test_json_ld_holds_the_payloads_as_data(hostile_site: Site) -> None:
    """A title holding </script> and <!-- stays inside its JSON-LD block: the block parses,
    gives the title back exactly, and nothing after it in the head came from a payload."""
    meta = front_matter("hostile-webvtt")
    assert "</SCRIPT><!--" in meta["title"]  # the fixture still carries the payload
    seen = 0
    for file, soup in pages(hostile_site):
        blocks = soup.find_all("script", type="application/ld+json")
        assert len(blocks) <= 1, file
        for block in blocks:
            raw = block.string or ""
            assert "<" not in raw and ">" not in raw, (file, raw[:120])
            data = json.loads(raw)
            seen += 1
            if file.parent.name == "hostile-webvtt":
                work = data["@graph"][0]
                assert work["@type"] == "VideoObject"
                assert work["name"] == " ".join(meta["title"].split())
                assert work["datePublished"] == meta["date"]
                quotes = [g for g in data["@graph"] if g["@type"] == "Quotation"]
                assert [q["text"] for q in quotes] == [" ".join(q["text"].split()) for q in meta["quotes"]]
                assert work["url"] == work["contentUrl"] == meta["source"]["video_url"]
                og = soup.find("meta", property="og:title")
                assert norm(og["content"]) == norm(meta["title"])
        head = soup.head
        for element in head.find_all(True):
            if element.name == "meta":
                assert set(element.attrs) <= {"name", "property", "content", "charset", "http-equiv"}, (file, element)
    assert seen >= 3
