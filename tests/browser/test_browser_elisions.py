"""Each … on a quote card opens, in place and without JavaScript, on the words it leaves out.

Screenshots of a card with an elision, closed and open, on a desktop and a phone, light and
dark, go to test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_pages import DESKTOP, PHONE, SCREENSHOTS, theme_path, theme_slugs

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}


def elided_theme(site: Path) -> str:
    """The first theme page with an elision on a card (derived from the built site)."""
    for slug in theme_slugs():
        if 'class="kb-elision"' in (site / theme_path(slug) / "index.html").read_text("utf-8"):
            return theme_path(slug)
    pytest.fail("no quote card with an elision on any theme page")


def test_every_elision_opens_in_place_without_javascript(chromium_browser, site_url: str, built_site: Path) -> None:
    context = chromium_browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + elided_theme(built_site), wait_until="load")
        elisions = page.locator("figure.kb-quote blockquote details.kb-elision")
        assert elisions.count() >= 3
        for number in range(elisions.count()):
            elision = elisions.nth(number)
            words = elision.locator(".kb-elision__words")
            summary = elision.locator("summary")
            # A translated quote shows the editors' English; its original, with the elisions,
            # is one tap away in a <details> of its own: open it first.
            # The same for a quote kept behind its group's "N more quotes" (theme pages): open
            # every closed disclosure around the elision, outermost first.
            around = elision.locator("xpath=ancestor::details")
            for depth in range(around.count()):
                if around.nth(depth).get_attribute("open") is None:
                    around.nth(depth).locator("xpath=./summary").click()
            summary.scroll_into_view_if_needed()
            assert not words.is_visible(), f"elision {number}: left-out words shown before opening"
            summary.click()
            assert words.is_visible(), f"elision {number}: did not open"
            assert words.inner_text().startswith("[left out: ") and words.inner_text().endswith("]")
            # In place: the words flow on in the line of the … (inline, no block of their own),
            # starting on its line or, when the … ends a line, on the next one.
            line = page.evaluate(
                """([d, s, w]) => {
                    const a = s.getBoundingClientRect(), b = w.getClientRects()[0];
                    return {display: [d, s, w].map(e => getComputedStyle(e).display),
                            top: b.top - a.top, height: a.height};
                }""",
                [elision.element_handle(), summary.element_handle(), words.element_handle()],
            )
            assert line["display"] == ["inline", "inline", "inline"], line
            assert -1 <= line["top"] <= 1.6 * line["height"], line
            summary.click()
            assert not words.is_visible(), f"elision {number}: did not close"
    finally:
        context.close()


def test_an_elision_opens_from_the_keyboard(open_page, built_site: Path) -> None:
    visit = open_page()
    visit.goto(elided_theme(built_site))
    elision = visit.page.locator("details.kb-elision").first
    elision.locator("summary").focus()
    visit.page.keyboard.press("Enter")
    assert elision.locator(".kb-elision__words").is_visible()
    assert elision.locator("summary").get_attribute("aria-label") == "Show or hide the words left out here"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_elisions_pass_axe(open_page, built_site: Path, scheme: str) -> None:
    """Left-out words are muted text on the quote panel: their contrast is measured open."""
    from axe_playwright_python.sync_playwright import Axe

    visit = open_page(color_scheme=scheme)
    visit.goto(elided_theme(built_site))
    visit.page.evaluate("() => document.querySelectorAll('details.kb-elision').forEach(d => d.open = true)")
    results = Axe().run(visit.page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, "\n".join(results.generate_report(v["id"]) for v in blocking)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_of_a_card_with_an_elision(open_page, built_site: Path, device: str, scheme: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit = open_page(viewport=DESKTOP if device == "desktop" else PHONE, color_scheme=scheme)
    visit.goto(elided_theme(built_site))
    elision = visit.page.locator("details.kb-elision").first
    card = elision.locator("xpath=ancestor::figure[1]")
    card.scroll_into_view_if_needed()
    shots = [SCREENSHOTS / f"elision-{state}-{device}-{scheme}.png" for state in ("closed", "open")]
    card.screenshot(path=shots[0])
    elision.locator("summary").click()
    visit.page.mouse.move(0, 0)  # no hover tooltip in the picture
    card.screenshot(path=shots[1])
    assert all(shot.stat().st_size > 5_000 for shot in shots)
    width = visit.page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= (DESKTOP if device == "desktop" else PHONE)["width"]
    assert visit.console_errors == []
