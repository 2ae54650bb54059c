"""Cite and link a quote (issue 18) as a reader does: open a card's credit, copy the
citation, copy the quote's address and open it (Chromium with clipboard permission)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from site_pages import person_path, theme_path

pytestmark = pytest.mark.browser


def clipboard_visit(open_page, path: str):  # type: ignore[no-untyped-def]
    visit = open_page()
    parts = urlsplit(visit.base)
    visit.page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                         origin=f"{parts.scheme}://{parts.netloc}")
    visit.goto(path)
    return visit


def test_cite_shows_the_citation_and_copies_it(open_page) -> None:  # type: ignore[no-untyped-def]
    visit = clipboard_visit(open_page, theme_path("skills"))
    page = visit.page
    card = page.locator("figure.kb-quote").first
    citation = card.locator(".kb-cite__text")
    assert not citation.is_visible()  # one click away, not on the line
    card.locator("summary", has_text="Cite").first.click()
    assert citation.is_visible()
    text = " ".join(citation.inner_text().replace("Copy", "").split())
    assert "Quoted in “" in text
    permalink = card.locator(".kb-cite__text a.kb-cite__permalink")
    assert permalink.inner_text().startswith(visit.base)  # written out in full by the script
    citation.get_by_role("button", name="Copy citation").click()
    page.wait_for_function("document.querySelector('figure.kb-quote button.kb-copy').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == text
    assert copied.endswith(permalink.inner_text())
    assert visit.console_errors == [] and visit.foreign_requests() == []


def test_link_copies_the_permalink_and_it_lands_on_the_quote(open_page) -> None:  # type: ignore[no-untyped-def]
    visit = clipboard_visit(open_page, person_path())  # a person page: its cards have no ids
    page = visit.page
    card = page.locator("figure.kb-quote").first
    words = card.locator("blockquote.kb-quote__words").inner_text()
    card.locator("summary", has_text="Link").first.click()
    card.locator(".kb-link__quote").get_by_role("button").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    address = copied.removeprefix("This quote: ").strip()
    assert address.startswith(visit.base) and "#q-" in address, copied
    page.goto(address)
    anchor = address.split("#", 1)[1]
    target = page.locator(f"figure#{anchor}")
    assert target.count() == 1
    assert target.locator("blockquote.kb-quote__words").inner_text() == words
    box, view = target.bounding_box(), page.viewport_size
    assert box is not None and 0 <= box["y"] < view["height"]  # the page opened on the quote
    assert visit.console_errors == []
