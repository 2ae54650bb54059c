"""Following a quote to its paragraph, and the light/dark toggle across pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from site_pages import interview_path, interviews, theme_path, theme_slugs

pytestmark = pytest.mark.browser

# A quote's "in context" link: figcaption link to a paragraph anchor on an interview page.
QUOTE_SOURCE_LINK = "figure.kb-quote figcaption a[href*='/interviews/'][href*='#']"


def test_quote_source_link_lands_on_the_paragraph(open_page) -> None:
    visit = open_page()
    visit.goto(theme_path("mlops"))
    # A quote far down the page, so that landing at the top would not pass by accident.
    # Shown quotes only: the others wait behind "N more quotes" (test_browser_themes.py).
    links = visit.page.locator(f"{QUOTE_SOURCE_LINK} >> visible=true")
    assert links.count() >= 2, "theme page has too few quote source links"
    link = links.nth(links.count() // 2)
    href = link.evaluate("a => a.href")
    target_id = urlsplit(href).fragment
    # The words as the transcript has them: a translated quote's original, else the quote.
    quote = link.evaluate("""a => { const f = a.closest('figure');
        return (f.querySelector('.kb-quote__original blockquote') || f.querySelector('blockquote')).textContent; }""")
    link.click()
    visit.page.wait_for_url(href)
    assert urlsplit(visit.page.url).path.lstrip("/").startswith("interviews/")

    paragraph = visit.page.locator(f"[id='{target_id}']")
    assert paragraph.count() == 1, f"#{target_id} missing on {visit.page.url}"
    # Material scrolls smoothly after instant navigation: wait for the scroll to settle.
    visit.page.wait_for_function(
        """(id) => {
            const box = document.getElementById(id).getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect();
            return box.top >= header.bottom - 1 && box.top < window.innerHeight / 2;
        }""",
        arg=target_id,
        timeout=5_000,
    )
    state = paragraph.evaluate(
        """(el) => ({
            target: el.matches(':target'),
            border: getComputedStyle(el).borderLeftColor,
            background: getComputedStyle(el).backgroundColor,
            text: el.innerText,
        })"""
    )
    assert state["target"], "paragraph is not the :target, so it is not highlighted"
    assert state["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), state
    first_words = quote.strip("“” \n").split()[:3]
    assert all(word.strip(",.…") in state["text"] for word in first_words), (quote, state["text"])
    assert visit.console_errors == []


def test_palette_toggle_switches_and_persists_across_pages(open_page) -> None:
    visit = open_page(color_scheme="light")
    page = visit.page

    def scheme() -> str:
        return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")

    def stored_palette() -> str:
        return page.evaluate(
            """() => Object.keys(localStorage)
                .filter((key) => key.endsWith('__palette'))
                .map((key) => localStorage.getItem(key)).join()"""
        )

    visit.goto("")
    assert scheme() == "default"
    page.get_by_title("Switch to dark mode").click()
    assert scheme() == "slate"
    assert "slate" in stored_palette()

    # Persists through instant navigation and through a full page load.
    page.locator(f"article a[href$='{theme_path(theme_slugs()[0])}']").first.click()
    page.wait_for_url(f"**/{theme_path(theme_slugs()[0])}")
    assert scheme() == "slate"
    visit.goto(interview_path(next(iter(interviews()))))
    assert scheme() == "slate"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", "dark scheme but white page"

    page.get_by_title("Switch to light mode").click()
    assert scheme() == "default"
    visit.goto("")
    assert scheme() == "default"
    assert "default" in stored_palette()
    assert visit.console_errors == []
