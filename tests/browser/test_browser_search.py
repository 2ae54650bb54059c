"""Material's search box, typed into like a reader would, finds themes and the French talk."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from site_pages import FRENCH_ONLY_WORD, french_interview, interview_path, theme_path

pytestmark = pytest.mark.browser

# The search worker builds the index in the background; the first query can take a while.
SEARCH_TIMEOUT_MS = 20_000


def search(visit, query: str) -> tuple[str, list[str]]:
    """Type ``query`` into the header search box; return the result count line and links."""
    box = visit.page.locator("input[data-md-component=search-query]")
    assert box.count() == 1, "no search box: is the search plugin in mkdocs.yml?"
    box.click()
    box.press_sequentially(query, delay=20)
    # Results are shown as the reader types; wait for those of the whole query (Material
    # puts the query in each result link's ?h= for highlighting) or for "No matching".
    visit.page.wait_for_function(
        """(query) => {
            const meta = document.querySelector('.md-search-result__meta');
            if (!meta || !/matching document/i.test(meta.textContent)) return false;
            const links = [...document.querySelectorAll('.md-search-result__item > a')];
            if (!links.length) return /no matching/i.test(meta.textContent);
            return links.some((a) => new URL(a.href).searchParams.get('h') === query);
        }""",
        arg=query,
        timeout=SEARCH_TIMEOUT_MS,
    )
    meta = visit.page.locator(".md-search-result__meta")
    links = visit.page.locator(".md-search-result__item > a.md-search-result__link")
    hrefs = [visit.page.evaluate("a => a.href", a) for a in links.element_handles()]
    return meta.inner_text(), hrefs


def page_of(url: str) -> str:
    """``http://host/themes/mlops/?h=mlops#x`` -> ``themes/mlops/``."""
    return urlsplit(url).path.lstrip("/")


def test_mlops_query_leads_to_the_mlops_theme_page(open_page) -> None:
    visit = open_page()
    visit.goto("")
    summary, hrefs = search(visit, "mlops")
    assert theme_path("mlops") in [page_of(h) for h in hrefs], (summary, hrefs)

    visit.page.locator(
        f".md-search-result__item > a.md-search-result__link[href*='{theme_path('mlops')}']"
    ).first.click()
    visit.page.wait_for_url(lambda url: page_of(url) == theme_path("mlops"))
    assert visit.page.locator("article h1").inner_text().strip().rstrip("¶") == "MLOps"
    assert visit.console_errors == []


def test_french_word_finds_the_french_interview(open_page, built_site: Path) -> None:
    # Guard: the word really is only in the French talk, so a hit proves French search works.
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    pages = {
        doc["location"].split("#")[0]
        for doc in index["docs"]
        if FRENCH_ONLY_WORD in (doc["title"] + " " + doc["text"]).lower()
    }
    assert pages == {interview_path(french_interview())}, (
        f"{FRENCH_ONLY_WORD!r} is indexed on {sorted(pages)}: pick another word that only "
        "the French talk's indexed paragraphs contain (site_pages.FRENCH_ONLY_WORD)"
    )

    visit = open_page()
    visit.goto("")
    summary, hrefs = search(visit, FRENCH_ONLY_WORD)
    assert {page_of(h) for h in hrefs} == {interview_path(french_interview())}, (summary, hrefs)


def test_query_without_match_says_so(open_page) -> None:
    visit = open_page()
    visit.goto("")
    summary, hrefs = search(visit, "zxqvjkw")
    assert summary.strip() == "No matching documents"
    assert hrefs == []
