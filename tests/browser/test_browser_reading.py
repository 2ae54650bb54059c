"""Reading on a phone and a desktop (issue 13): quote cards put the words first, French
quotes read in English at full size, transcripts name speakers only where they change, and
no table, figure or chart is wider than a 390 px screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from site_pages import (
    PHONE,
    captions_interview,
    french_interview,
    interview_path,
    interviews,
    people_paths,
    person_path,
    theme_path,
    theme_slugs,
)

pytestmark = pytest.mark.browser

# Pages with quote cards: every theme, roles compared (the advert passages) and a person.
CARD_PAGES = [theme_path(slug) for slug in theme_slugs()] + ["roles/", person_path()]
# The list: home, interviews, people, roles compared, themes (with the coverage
# matrix), glossary, each theme page; and every other page: each interview, each person,
# tags, and the hand-written docs, whose Markdown tables kb-tables.js labels for stacking.
PHONE_PAGES = (["", "interviews/", "people/", "roles/", "themes/", "glossary/", "tags/", "about/",
                "codebook/", "kb-json/", "scaling/", "contributing/", "tags/mlops/", "404.html"]
               + [theme_path(slug) for slug in theme_slugs()]
               + [interview_path(slug) for slug in sorted(interviews())] + people_paths())
MAX_ATTRIBUTION_LINES = 3
MAX_NOTE_REPEATS = 3

# Lines a box takes: its height over the line height of its text (``text``, by default
# the box itself), both in CSS pixels.
LINES = """(element, text = element) => {
    const style = getComputedStyle(text);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.6;
    return Math.round(element.getBoundingClientRect().height / line);
}"""

# The size a quote's words are read at: the type of the text itself, whether Markdown
# wrapped it in a <p> (block) or not (span).
WORDS_SIZE = """(words) => {
    const walker = document.createTreeWalker(words, NodeFilter.SHOW_TEXT,
        {acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
    const text = walker.nextNode();
    return parseFloat(getComputedStyle(text ? text.parentElement : words).fontSize);
}"""


@pytest.mark.parametrize("path", CARD_PAGES)
def test_quote_attribution_takes_at_most_three_lines_on_a_phone(open_page, path: str) -> None:
    visit = open_page(viewport=PHONE)
    visit.goto(path)
    # Every card is measured, those behind a group's "N more quotes" too (closed, they
    # have no height); the cards' own credits stay closed.
    visit.page.evaluate("() => document.querySelectorAll('article details.kb-more').forEach(d => d.open = true)")
    cards = visit.page.evaluate(f"""() => {{
        const lines = {LINES};
        // The whole caption: who, where, when, the links, the kind of words, the
        // full-credit link and the Cite · Link toggle, which share one run of text (kb.css).
        return [...document.querySelectorAll('article figure.kb-quote')].map(card => {{
            const caption = card.querySelector('figcaption');
            return {{
                id: card.id || card.querySelector('blockquote').textContent.slice(0, 40),
                lines: lines(caption, caption.querySelector('.kb-quote__by')),
                open: card.querySelector('details.kb-quote__credit').open,
                who: caption.querySelector('.kb-quote__by').textContent.replace('—', '').split('·')[0].trim(),
                where: !!caption.querySelector('.kb-quote__by a[href*="interviews/"]'),
                toggle: caption.querySelector('details.kb-quote__credit > summary').textContent,
                credit: (caption.querySelector('.kb-quote__by a.kb-quote__full') || {{}}).textContent,
            }};
        }});
    }}""")
    assert cards, f"no quote card on {path}"
    for card in cards:  # compact, but every card still says whose words and where from
        assert card["who"] and card["where"] and card["credit"] == "Full credit", card
        assert "Cite" in card["toggle"] and "Link" in card["toggle"], card
    assert all(c["lines"] >= 1 for c in cards), "a card was not measured"
    too_long = [c for c in cards if c["lines"] > MAX_ATTRIBUTION_LINES]
    assert not too_long, f"{len(too_long)} of {len(cards)} cards: {too_long[:3]}"
    assert not any(c["open"] for c in cards), "Cite · Link starts closed"


def test_full_credit_is_one_click_away(open_page) -> None:
    visit = open_page(viewport=PHONE)
    visit.goto(theme_path("mlops"))
    card = visit.page.locator("article figure.kb-quote").first
    credit_link = card.locator(".kb-quote__by a.kb-quote__full")
    anchor = credit_link.get_attribute("href").split("#", 1)[1]  # Material may write it out in full
    credit_link.click()
    visit.page.wait_for_function("(id) => location.hash === '#' + id", arg=anchor)
    entry = visit.page.locator(f"[id='{anchor}']")  # not :target: instant navigation may swap the content in
    entry.wait_for(state="visible")
    credit = entry.inner_text()
    assert "Speaker" in credit or "Written by:" in credit
    assert "Date:" in credit and "Source:" in credit
    assert card.locator("blockquote.kb-quote__words").inner_text()[:20] not in credit  # the credit, not the quote


def test_french_quotes_read_in_english_at_the_size_of_the_original(open_page) -> None:
    visit = open_page(viewport=PHONE)
    visit.goto(person_path())  # the French talk's speaker: every card is translated
    sizes = visit.page.evaluate(f"""() => {{
        const size = {WORDS_SIZE};
        return [...document.querySelectorAll('article figure.kb-quote--translated')].map(card => ({{
            english: size(card.querySelector('blockquote.kb-quote__words[lang="en"]')),
            french: size(card.querySelector('details.kb-quote__original blockquote[lang="fr"]')),
            marked: card.querySelector('details.kb-quote__original > summary').textContent,
        }}));
    }}""")
    assert len(sizes) >= 10
    for card in sizes:
        assert card["english"] == card["french"], card
        assert "Translated from French by the editors" in card["marked"], card
    # Full size: the English reading text is as large as an English speaker's quote.
    visit.goto(theme_path("skills"))
    english_quotes = visit.page.evaluate(f"""() => [...document.querySelectorAll(
        'article figure.kb-quote:not(.kb-quote--translated) blockquote.kb-quote__words')].map({WORDS_SIZE})""")
    assert english_quotes and set(english_quotes) == {sizes[0]["english"]}
    # The original is one tap away, and then visible.
    visit.goto(person_path())
    card = visit.page.locator("article figure.kb-quote--translated").first
    original = card.locator('details.kb-quote__original blockquote[lang="fr"]')
    assert not original.is_visible()
    card.locator("details.kb-quote__original > summary").click()
    assert original.is_visible()


@pytest.mark.parametrize("path", PHONE_PAGES, ids=lambda p: p or "home")
def test_nothing_is_wider_than_a_phone(open_page, path: str) -> None:
    """No element sticks out of the 390 px screen and nothing scrolls sideways, with every
    disclosure (the chart's figures, quote credits, originals) opened."""
    visit = open_page(viewport=PHONE)
    visit.goto(path)
    visit.page.evaluate("() => document.querySelectorAll('article details').forEach(d => d.open = true)")
    found = visit.page.evaluate("""(width) => {
        // A stacked table's header row is visually hidden (1 px, clipped) on a phone and
        // stays for screen readers; it is checked to be hidden, then left out.
        const hidden = [...document.querySelectorAll('article .kb-table thead')];
        if (hidden.some(h => h.getBoundingClientRect().width > 1)) return {page: 0, out: ['thead shown'], sideways: []};
        const all = [...document.querySelectorAll('article *')].filter(e => !e.closest('.kb-table thead'));
        const out = all.filter(e => {
            const box = e.getBoundingClientRect();
            return box.width > 0 && (box.right > width + 1 || box.left < -1);
        });
        // Code blocks scroll, as code must: a shell command or a YAML line is not reflowed.
        const sideways = all.filter(e => e.scrollWidth > e.clientWidth + 1 && !e.closest('pre')
            && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX));
        const describe = e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} `
            + `${Math.round(e.getBoundingClientRect().width)}px/${e.scrollWidth}px`;
        return {page: document.scrollingElement.scrollWidth, out: out.slice(0, 5).map(describe),
                sideways: sideways.slice(0, 5).map(describe)};
    }""", PHONE["width"])
    assert found["page"] <= PHONE["width"], found
    assert found["out"] == [], found
    assert found["sideways"] == [], found


@pytest.mark.parametrize("path", ["roles/", "about/", "scaling/"])
def test_wide_tables_become_cards_on_a_phone(open_page, path: str) -> None:
    """Generated tables (roles compared) carry their column names from the build; hand-written
    Markdown tables (About's legend, scaling's figures) get them from kb-tables.js."""
    visit = open_page(viewport=PHONE)
    visit.goto(path)
    cells = visit.page.evaluate("""() => [...document.querySelectorAll('article .kb-table td')]
        .map(td => ({display: getComputedStyle(td).display,
                     label: getComputedStyle(td, '::before').content}))""")
    assert cells and all(c["display"] == "block" for c in cells)
    assert sum(c["label"] not in ("none", "normal") for c in cells) >= len(cells) // 2
    desktop = open_page()
    desktop.goto(path)
    assert desktop.page.evaluate(
        "() => getComputedStyle(document.querySelector('article .kb-table td')).display") == "table-cell"


def _kb(built_site: Path) -> dict:
    return json.loads((built_site / "kb.json").read_text("utf-8"))


@pytest.mark.parametrize("slug", sorted(interviews()))
def test_interview_names_speakers_only_where_they_change(open_page, built_site: Path, slug: str) -> None:
    interview = next(i for i in _kb(built_site)["interviews"] if i["slug"] == slug)
    speakers = [p["speaker"] for p in interview["paragraphs"]]
    changes = sum(1 for n, s in enumerate(speakers) if n == 0 or s != speakers[n - 1])
    visit = open_page(viewport=PHONE)
    visit.goto(interview_path(slug))
    page = visit.page.evaluate("""() => ({
        labels: [...document.querySelectorAll('article .kb-para .kb-para__speaker')].map(e => e.textContent),
        headings: document.querySelectorAll('article h3').length,
        text: document.querySelector('article').innerText,
    })""")
    assert changes <= len(page["labels"]) <= changes + page["headings"], (changes, len(page["labels"]))
    shorts = {s["short"] for s in interview["speakers"] if s["short"]}
    for speaker in interview["speakers"]:
        if speaker["short"]:
            assert speaker["name"] not in page["labels"], speaker["name"]
        if speaker["name_note"]:
            assert page["text"].count(speaker["name_note"]) <= MAX_NOTE_REPEATS, speaker["id"]
        # A long name ("… (name garbled in the transcript)") is itself a note.
        if speaker["short"] and len(speaker["name"]) > 30:
            assert page["text"].count(speaker["name"]) <= MAX_NOTE_REPEATS, speaker["name"]
    assert set(page["labels"]) <= shorts | {s["name"] for s in interview["speakers"]} | {"Unknown speaker"}


def test_captions_say_the_build_added_the_punctuation(open_page) -> None:
    visit = open_page()
    visit.goto(interview_path(captions_interview()))
    note = visit.page.locator("article .kb-disclosure")
    assert "Punctuation and capitals added by the build" in note.inner_text()
    assert "The words are as received" in note.inner_text()
    visit.goto(interview_path(french_interview()))  # a punctuated source says nothing of the kind
    assert visit.page.locator("article .kb-disclosure").count() == 0


def test_a_tag_page_names_its_tag_once(open_page) -> None:
    """The title says "Tag: MLOps"; Material's listing heading (the same tag as a chip) is
    not shown again above the list, while the list itself is."""
    visit = open_page(viewport=PHONE)
    visit.goto("tags/mlops/")
    page = visit.page
    assert page.locator("article h1").inner_text().startswith("Tag: ")
    headings = page.locator("article :is(h2, h3)")
    shown = [headings.nth(i).inner_text() for i in range(headings.count()) if headings.nth(i).is_visible()]
    assert shown == [], shown
    assert page.locator("article ul li a").count() >= 2
