"""Cite and link a quote (issue 18) as a reader does: open a card's credit, copy the
citation, copy the quote's address and open it (Chromium with clipboard permission)."""

from __future__ import annotations

import json
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
    card.locator(".kb-link").get_by_role("button", name="Copy paragraph link").click()
    paragraph = page.evaluate("navigator.clipboard.readText()")
    assert paragraph == card.locator(".kb-quote__by a", has_text="in context").evaluate("a => a.href")
    assert paragraph.startswith(visit.base) and "/interviews/" in paragraph and "#p-" in paragraph
    card.locator(".kb-link").get_by_role("button", name="Copy quote link").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.includes('#q-'))")
    address = page.evaluate("navigator.clipboard.readText()")
    assert address.startswith(visit.base) and "#q-" in address, address
    page.goto(address)
    anchor = address.split("#", 1)[1]
    target = page.locator(f"figure#{anchor}")
    assert target.count() == 1
    assert target.locator("blockquote.kb-quote__words").inner_text() == words
    box, view = target.bounding_box(), page.viewport_size
    assert box is not None and 0 <= box["y"] < view["height"]  # the page opened on the quote
    assert visit.console_errors == []


def test_csl_json_is_beside_the_citation_and_copies_with_full_addresses(open_page) -> None:  # type: ignore[no-untyped-def]
    visit = clipboard_visit(open_page, theme_path("skills"))
    page = visit.page
    card = page.locator("figure.kb-quote").first
    card.locator("summary", has_text="Cite").first.click()
    card.locator("summary", has_text="CSL-JSON").click()
    csl = card.locator("pre.kb-cite__csl")
    assert csl.is_visible()
    card.get_by_role("button", name="Copy csl json").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('{'))")
    data = json.loads(page.evaluate("navigator.clipboard.readText()"))
    permalink = card.locator(".kb-cite__text a.kb-cite__permalink").inner_text()
    assert data["note"].endswith(permalink) and permalink.startswith(visit.base)
    assert data["id"] == "kb-" + permalink.rsplit("#q-", 1)[1] and data["title"] and data["author"]


def test_full_credit_leads_to_the_interviews_entry_on_the_page(open_page) -> None:  # type: ignore[no-untyped-def]
    visit = open_page()
    visit.goto(theme_path("skills"))
    page = visit.page
    card = page.locator("figure.kb-quote").first
    card.locator(".kb-quote__by a.kb-quote__full").click()
    # The interview's entry under "Sources on this page" is the address's target, in view
    # (looked up by the hash: Material's instant navigation may swap the page's content in,
    # and the swapped-in element is not :target).
    entry = """() => {
        const id = decodeURIComponent(location.hash.slice(1));
        return id.startsWith('source-') ? document.getElementById(id) : null;
    }"""
    page.wait_for_function(f"""() => {{
        const entry = ({entry})();
        const box = entry && entry.getBoundingClientRect();
        return box && box.height > 0 && box.top >= 0 && box.top < innerHeight;
    }}""")
    text = page.evaluate(f"() => ({entry})().innerText")
    assert "Speaker" in text and "Date:" in text and "Source:" in text
    words = card.locator("blockquote.kb-quote__words").inner_text()
    assert words[:30] not in text  # the credit, not the quote again
    page.go_back()  # and the reader is back at the quote
    page.wait_for_function("""(words) => {
        const card = [...document.querySelectorAll('figure.kb-quote')]
            .find(c => c.querySelector('blockquote').innerText === words);
        const box = card.getBoundingClientRect();
        return !location.hash.startsWith('#source-') && box.bottom > 0 && box.top < innerHeight;
    }""", arg=words)
