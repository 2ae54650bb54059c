"""The header search box (Pagefind), used as a reader would: keyboard, French, accents, results.

The everyday queries are those ``kb bench`` measures (kb.devtools.search_probe), so the
benchmark and these tests cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from kb.corpus import load_corpus
from kb.devtools.generation_child import sample_unquoted_words
from kb.devtools.search_probe import EVERYDAY_QUERIES, probe_search
from site_pages import PHONE, ROOT, SCREENSHOTS, french_interview, interview_path, theme_path
from site_project import Site

pytestmark = pytest.mark.browser

SEARCH_TIMEOUT_MS = 20_000
# Opens the talk, in a paragraph nobody quotes: only full-text search finds it.
UNQUOTED_FRENCH_WORD = "accueillir"


def search(visit, query: str, *, key: str = "/") -> tuple[str, list[dict[str, str]]]:
    """Open search with ``key``, type ``query``; return the status line and the results."""
    page = visit.page
    page.locator("body").click(position={"x": 5, "y": 300})  # focus out of any field
    page.keyboard.press(key)
    box = page.locator("#kb-search-query")
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        """(q) => document.querySelector('#kb-search-query').value === q
                  && document.querySelector('#kb-search-status').dataset.query === q.trim()
                  && /result/i.test(document.querySelector('#kb-search-status').textContent)""",
        arg=query, timeout=SEARCH_TIMEOUT_MS)
    results = page.evaluate("""() => [...document.querySelectorAll('#kb-search-results a')].map((a) => ({
        href: a.href, title: a.querySelector('h1').textContent,
        context: a.querySelector('.kb-search__context')?.textContent || '',
        excerpt: a.querySelector('p:last-child').innerHTML,
        marks: [...a.querySelectorAll('mark')].map((m) => m.textContent)}))""")
    return page.locator("#kb-search-status").inner_text(), results


def page_of(url: str) -> str:
    """``http://host/themes/mlops/#x`` -> ``themes/mlops/``."""
    return urlsplit(url).path.lstrip("/")


def _french_names() -> list[tuple[str, str]]:
    themes = yaml.safe_load((ROOT / "data" / "themes.yml").read_text("utf-8"))["themes"]
    return [(name, theme["slug"]) for theme in themes for name in theme.get("french_names", [])]


@pytest.mark.parametrize(("query", "expected"), EVERYDAY_QUERIES, ids=[q for q, _ in EVERYDAY_QUERIES])
def test_everyday_query_finds_its_page(open_page, query: str, expected: str | None) -> None:
    visit = open_page()
    visit.goto("")
    status, results = search(visit, query)
    pages = [page_of(r["href"]) for r in results]
    if expected == "french":
        assert interview_path(french_interview()) in pages, (status, pages)
    elif expected is not None:
        assert expected in pages, (status, pages)
    assert results, status
    # Every result shows the query's words highlighted in its passage.
    assert all(r["marks"] for r in results), [r for r in results if not r["marks"]]
    assert visit.console_errors == []


@pytest.mark.parametrize(("accented", "plain"), [("données", "donnees"), ("métier", "metier"),
                                                 ("déployer", "deployer"), ("compétences", "competences"),
                                                 ("éthique", "ethique")])
def test_accents_are_ignored_both_ways(open_page, accented: str, plain: str) -> None:
    visit = open_page()
    visit.goto("")
    _, with_accents = search(visit, accented)
    _, without = search(visit, plain)
    assert with_accents and {page_of(r["href"]) for r in with_accents} == {page_of(r["href"]) for r in without}
    # Typed without accents, the passage still shows the word as spoken, accents and all.
    marked = {m.lower() for r in without for m in r["marks"]}
    assert any(any(c in m for c in "éèêàç") for m in marked), marked


@pytest.mark.parametrize(("name", "slug"), _french_names())
def test_themes_are_found_by_their_french_names(open_page, name: str, slug: str) -> None:
    visit = open_page()
    visit.goto("")
    for typed in {name.lower(), name.lower().translate(str.maketrans("éèôê", "eeoe"))}:
        status, results = search(visit, typed)
        assert theme_path(slug) in [page_of(r["href"]) for r in results], (typed, status)


def test_query_without_match_says_so(open_page) -> None:
    visit = open_page()
    visit.goto("")
    status, results = search(visit, "zxqvjkw")
    assert status == "No result for “zxqvjkw”: try another word, or fewer words"
    assert results == []
    # A word Pagefind does not know is not answered with words sharing only its first
    # letters (Pagefind alone answers "etxqzvw" with every "et" of the French talk).
    status, results = search(visit, "etxqzvw")
    assert results == [], [r["marks"] for r in results]


def test_transcript_hit_names_speaker_and_lands_on_its_paragraph(open_page, built_site: Path) -> None:
    visit = open_page()
    visit.goto("")
    _, results = search(visit, UNQUOTED_FRENCH_WORD)
    talk = interview_path(french_interview())
    hit = next(r for r in results if page_of(r["href"]) == talk)
    paragraph_id = urlsplit(hit["href"]).fragment
    assert paragraph_id.startswith("p-"), hit
    assert hit["context"].endswith(", in this interview"), hit
    assert UNQUOTED_FRENCH_WORD in [m.lower() for m in hit["marks"]]
    # The paragraph named in the link holds the word, and nobody quotes it: no cut-off.
    soup = Site(built_site).page("/" + talk)
    paragraph = soup.find(id=paragraph_id)
    assert UNQUOTED_FRENCH_WORD in paragraph.select_one(".kb-para__text").get_text()
    assert "kb-para--quoted" not in paragraph["class"]
    interview = next(i for i in load_corpus(ROOT).interviews if interview_path(i.slug) == talk)
    speaker = interview.speaker(interview.paragraph(paragraph_id).speaker)
    assert hit["context"] == f"{speaker.name}, in this interview"  # the full name, as on person pages

    visit.page.locator(f"#kb-search-results a[href$='#{paragraph_id}']").click()
    visit.page.wait_for_url(f"**/{talk}#{paragraph_id}")
    assert visit.page.evaluate("() => location.hash") == f"#{paragraph_id}"
    box = visit.page.locator(f"[id='{paragraph_id}']").bounding_box()
    assert box is not None and 0 <= box["y"] < 400, box  # scrolled to it, under the header
    assert visit.console_errors == []


def test_keyboard_path(open_page) -> None:
    visit = open_page()
    visit.goto(theme_path("roles"))
    page = visit.page
    toggle_checked = "() => document.getElementById('__search').checked"
    for key in ("s", "/"):
        page.locator("body").click(position={"x": 5, "y": 300})
        page.keyboard.press(key)
        assert page.evaluate(toggle_checked)
        assert page.evaluate("() => document.activeElement.id") == "kb-search-query"
        page.keyboard.press("Escape")
        assert not page.evaluate(toggle_checked)
    _, results = search(visit, "mlops", key="s")
    assert len(results) >= 2
    focused = "() => document.activeElement.getAttribute('href')"
    page.keyboard.press("ArrowDown")
    first = page.evaluate(focused)
    page.keyboard.press("ArrowDown")
    second = page.evaluate(focused)
    assert first and second and first != second
    page.keyboard.press("ArrowUp")
    assert page.evaluate(focused) == first
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith(first))
    # Screen readers: the box is named, the count is announced, the list is labelled.
    assert page.get_by_role("textbox", name="Search the interviews, themes and people").count() == 1
    assert page.locator("#kb-search-status").get_attribute("role") == "status"
    assert page.get_by_role("list", name="Search results").count() == 1
    assert visit.console_errors == []


def test_filters_narrow_results_to_a_theme(open_page, built_site: Path) -> None:
    records = {url: r for bundle in Site(built_site).search_records().values() for url, r in bundle.items()}
    ethics = {url.lstrip("/") for url, r in records.items() if "Ethics" in r["filters"].get("theme", [])}
    visit = open_page()
    visit.goto("")
    search(visit, "model")
    page = visit.page
    page.locator(".kb-search__filters summary").click()
    page.wait_for_function("() => document.querySelector('select[name=theme]').options.length > 1")
    page.select_option("select[name=theme]", "Ethics")
    page.wait_for_function("() => /result/.test(document.querySelector('#kb-search-status').textContent)")
    page.wait_for_timeout(300)
    hrefs = page.evaluate("() => [...document.querySelectorAll('#kb-search-results a')].map((a) => a.href)")
    assert hrefs and {page_of(h) for h in hrefs} <= ethics, hrefs


def test_excerpts_become_text_and_marks_only(open_page) -> None:
    """Pagefind stores page text as text, markup-looking characters included (transcripts
    come from strangers): the box must never let an excerpt become live HTML."""
    visit = open_page()
    visit.goto("")
    html = visit.page.evaluate("""() => {
        const p = window.kbSearch.excerpt(
            '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>say <mark>data</mark>');
        document.body.append(p);
        return p.innerHTML;
    }""")
    assert html == "window.pwned=2say <mark>data</mark>"
    assert visit.page.evaluate("() => window.pwned") is None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_on_a_phone(open_page, scheme: str) -> None:
    visit = open_page(viewport=PHONE, color_scheme=scheme)
    visit.goto("")
    page = visit.page
    page.locator("label.md-header__button[for=__search]").click()  # the magnifier in the header
    assert page.evaluate("() => document.activeElement.id") == "kb-search-query"
    _, results = search(visit, "données")
    assert results
    first = page.locator("#kb-search-results li").first.bounding_box()
    assert first is not None and first["x"] >= 0 and first["x"] + first["width"] <= PHONE["width"] + 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"search-phone-{scheme}.png"))


def test_first_query_costs_at_most_1_mb_and_finds_every_transcript_word(built_site: Path,
                                                                       chromium_browser) -> None:
    """What kb bench records, measured here on today's site: nothing fetched before the
    reader opens search, at most 1 MB through the first results, words of unquoted
    paragraphs found."""
    corpus = load_corpus(ROOT)
    words = sample_unquoted_words(corpus)
    assert len(words) >= 50
    french = [interview_path(i.slug) for i in corpus.interviews if i.language == "fr"]
    measured = probe_search(built_site, "pagefind", french=french, words=words, browser=chromium_browser)
    assert "error" not in measured, measured
    assert measured["bytes_before_search"] == 0
    assert 0 < measured["first_query_bytes"] <= 1024 * 1024, measured["first_queries"]
    assert measured["misses"] == []
    assert measured["words_found"] == measured["words_checked"] == len(words)
