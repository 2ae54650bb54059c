"""Every kind of page loads cleanly, stays on localhost, is accessible and fits a phone."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from site_pages import (
    PHONE,
    french_interview,
    interview_path,
    interviews,
    person_path,
    theme_path,
    theme_slugs,
)

pytestmark = pytest.mark.browser

CLEAN_PAGES = (
    [""]
    + [theme_path(slug) for slug in theme_slugs()]
    + [interview_path(french_interview()), person_path()]
)
AXE_PAGES = [
    "",
    "themes/",  # the coverage matrix: shaded cells are where contrast goes wrong
    theme_path("mlops"),
    interview_path(french_interview()),
    person_path(),
]
# axe-core impact levels we refuse; "minor" and "moderate" are reported but tolerated.
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.mark.parametrize("path", CLEAN_PAGES, ids=lambda p: p or "home")
def test_page_loads_without_console_errors_or_failed_requests(open_page, path: str) -> None:
    visit = open_page()
    visit.goto(path)
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.locator("article h1").count() == 1, "page has no single <h1> title"
    assert visit.console_errors == []
    assert visit.failed_requests == []
    assert visit.foreign_requests() == []


def test_browsing_never_leaves_localhost(open_page) -> None:
    """Walk the site as a reader would (every interview, a quote, a person, search, palette),
    mostly through Material's instant navigation, and record every request. (Home, themes
    and one person page are also checked on a full load by the test above.)"""
    visit = open_page()
    page = visit.page
    visit.goto("")
    page.locator(".md-tabs").get_by_role("link", name="Interviews", exact=True).click()
    page.wait_for_url("**/interviews/")
    for slug in interviews():
        page.locator(f"article a[href$='/{interview_path(slug)}']").first.click()
        page.wait_for_url(f"**/{interview_path(slug)}")
        page.go_back()
        page.wait_for_url("**/interviews/")
    visit.goto(theme_path("mlops"))  # a full load as well, as from a bookmark
    page.locator("figure.kb-quote figcaption a[href*='/interviews/'][href*='#']").first.click()
    page.wait_for_url("**/interviews/**")
    page.locator("article a[href*='/people/']").first.click()
    page.wait_for_url("**/people/**")
    page.get_by_title("Switch to dark mode").click()
    search = page.locator("#kb-search-query")
    search.click()
    search.press_sequentially("data")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_load_state("networkidle")

    hosts = {urlsplit(url).netloc for url in visit.requests}
    assert len(visit.requests) > 20, "suspiciously few requests recorded"
    assert visit.foreign_requests() == [], f"hosts contacted: {sorted(hosts)}"
    # Leaving a page cancels its pending requests (net::ERR_ABORTED); anything else is a fault.
    assert [f for f in visit.failed_requests if not f.endswith("net::ERR_ABORTED")] == []
    assert visit.console_errors == []


@pytest.mark.parametrize("path", AXE_PAGES, ids=lambda p: p or "home")
def test_no_serious_accessibility_violations(open_page, path: str) -> None:
    """axe-core on the page in the light scheme, then again after switching to dark."""
    from axe_playwright_python.sync_playwright import Axe

    visit = open_page(color_scheme="light")
    visit.goto(path)
    blocking, reports = [], []
    for scheme, toggle in (("light", "Switch to dark mode"), ("dark", None)):
        results = Axe().run(visit.page)
        for violation in results.response["violations"]:
            if violation["impact"] in BLOCKING_IMPACTS:
                blocking.append(f"{scheme}: {violation['id']}")
                reports.append(f"[{scheme}] " + results.generate_report(violation["id"]))
        if toggle:
            visit.page.get_by_title(toggle).click()
            visit.page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
            # The click leaves the pointer on the toggle, whose tooltip fades in over the
            # header: axe would measure its colours half-way through the transition (a
            # flaky 4.28:1). Move away and let every transition finish before checking.
            visit.page.mouse.move(10, visit.page.viewport_size["height"] - 10)
            visit.page.evaluate("() => document.activeElement && document.activeElement.blur()")
            visit.page.wait_for_function(
                "() => document.getAnimations().every(a => a.playState !== 'running')")
    assert not blocking, "\n".join(reports)


@pytest.mark.parametrize("slug", theme_slugs())
def test_theme_page_fits_a_phone_without_horizontal_scrolling(open_page, slug: str) -> None:
    visit = open_page(viewport=PHONE)
    visit.goto(theme_path(slug))
    widths = visit.page.evaluate(
        "() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["inner"] == PHONE["width"]
    if widths["scroll"] > widths["inner"]:
        wide = visit.page.evaluate(
            """(limit) => [...document.querySelectorAll('article *')]
                .filter(e => e.getBoundingClientRect().right > limit + 1)
                .slice(0, 5).map(e => e.outerHTML.slice(0, 160))""",
            widths["inner"],
        )
        pytest.fail(f"page is {widths['scroll']}px wide on a {widths['inner']}px phone: {wide}")


def test_not_found_page_offers_ways_back_from_any_depth(open_page, built_site: Path) -> None:
    """A server shows 404.html at whatever address was mistyped, so its links must not be
    relative to it: each is absolute on the site (as written, before Material's scripts
    rewrite them) and leads to a page that exists."""
    article = BeautifulSoup((built_site / "404.html").read_text(encoding="utf-8"), "html.parser").find("article")
    hrefs = [a["href"] for a in article.find_all("a", href=True)]
    assert article.h1.get_text(strip=True) == "Page not found"
    assert len(hrefs) >= 3, hrefs
    visit = open_page(viewport=PHONE)
    visit.goto("404.html")
    for href in hrefs:
        assert href.startswith("/") and not href.startswith("//"), href
        response = visit.page.request.get(visit.url(href.lstrip("/")))
        assert response.ok, (href, response.status)
