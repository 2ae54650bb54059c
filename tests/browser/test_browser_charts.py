"""The three pictures in Chromium: drawn in both palettes, on a phone, with screenshots.

Colours come from Material's palette variables (docs/stylesheets/charts.css), so in each
scheme the chart's text must take the page's text colour and its bars must be painted
(not the black or transparent a missing rule would give).
"""

from __future__ import annotations

import pytest
from site_pages import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

PICTURES = [("roles/", ".kb-chart", "job-adverts-chart"),
            ("themes/", ".kb-matrix", "coverage-matrix"),
            ("people/misra-turp/", "ol.kb-timeline", "career-timeline")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "selector", "name"), PICTURES, ids=[p[2] for p in PICTURES])
def test_picture_follows_the_palette_and_fits_a_phone(open_page, path: str, selector: str, name: str,
                                                     scheme: str) -> None:
    visit = open_page(viewport=PHONE, color_scheme=scheme)
    visit.goto(path)
    page = visit.page
    picture = page.locator(selector).first
    picture.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    picture.screenshot(path=str(SCREENSHOTS / f"{name}-{scheme}-phone.png"))
    box = picture.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert visit.foreign_requests() == []
    text_colour = page.evaluate("getComputedStyle(document.querySelector('article')).color")
    if name == "job-adverts-chart":
        colours = page.evaluate("""() => {
            const svg = document.querySelector('.kb-chart__svg');
            const fill = s => getComputedStyle(svg.querySelector(s)).fill;
            return {text: fill('.kb-chart__category'), a: fill('.kb-series-a'), b: fill('.kb-series-b'),
                    width: svg.getBoundingClientRect().width};
        }""")
        assert colours["text"] == text_colour
        assert colours["a"] != colours["b"]
        for bar in (colours["a"], colours["b"]):
            assert bar not in ("rgb(0, 0, 0)", "none", "rgba(0, 0, 0, 0)")
        assert colours["width"] > 300  # fills the phone's width, text stays legible
    if name == "coverage-matrix":
        table = page.locator(".kb-matrix table")
        assert page.evaluate("e => e.scrollWidth <= e.clientWidth + 1",
                             page.locator(".kb-matrix").element_handle())
        shaded = page.evaluate("""() => [...document.querySelectorAll('.kb-matrix td')]
            .map(td => getComputedStyle(td).backgroundColor)""")
        assert len(set(shaded)) > 3  # heat shading differs between cells
        assert table.locator("caption").count() == 1
