"""Every kind of page loads cleanly, stays on localhost, is accessible and fits a phone."""

from __future__ import annotations

import pytest
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
    """Walk the site as a reader would (pages, search, palette) and record every request."""
    visit = open_page()
    visit.goto("")
    for slug in theme_slugs():
        visit.page.get_by_role("link", name="Themes", exact=True).first.click()
        visit.page.locator(f"article a[href$='{slug}/']").first.click()
        visit.page.wait_for_url(f"**/{theme_path(slug)}")
    visit.page.locator("figure.kb-quote figcaption a[href*='#']").first.click()
    visit.page.wait_for_url("**/interviews/**")
    for slug in interviews():
        visit.goto(interview_path(slug))
    visit.goto(person_path())
    visit.page.get_by_title("Switch to dark mode").click()
    search = visit.page.locator("input[data-md-component=search-query]")
    search.click()
    search.press_sequentially("data")
    visit.page.locator(".md-search-result__item").first.wait_for()
    visit.page.wait_for_load_state("networkidle")

    hosts = {url.split("/")[2] for url in visit.requests if "://" in url}
    assert len(visit.requests) > 20, "suspiciously few requests recorded"
    assert visit.foreign_requests() == [], f"hosts contacted: {sorted(hosts)}"
    # Leaving a page cancels its pending requests (net::ERR_ABORTED); anything else is a fault.
    assert [f for f in visit.failed_requests if not f.endswith("net::ERR_ABORTED")] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES, ids=lambda p: p or "home")
def test_no_serious_accessibility_violations(open_page, path: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    visit = open_page(color_scheme=scheme)
    visit.goto(path)
    results = Axe().run(visit.page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(results.generate_report(v["id"]) for v in blocking)
    assert not blocking, report


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
