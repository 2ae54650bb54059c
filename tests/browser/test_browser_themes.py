"""Theme pages as a reader skims them (issue 13): short enough to read, the editors' summary
first, quotes in a few groups with the rest one click away and still reachable by links.

Heights are measured as first shown (every "N more quotes" closed) at 1280 px, the issue's
desktop. Screenshots of home and every theme page, desktop and phone, light and dark, go to
test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_pages import DESKTOP, PHONE, SCREENSHOTS, theme_path, theme_slugs

pytestmark = pytest.mark.browser

MAX_HEIGHT = 6_000  # px at 1280 px wide, as first shown
MAX_GROUPS = 8

# Where each part of the page starts, and what the groups hold (run in the page).
LAYOUT = """() => {
  const top = el => el ? Math.round(el.getBoundingClientRect().top + window.scrollY) : null;
  const h2 = text => [...document.querySelectorAll('.md-content h2')]
      .find(h => h.textContent.replace('¶', '').trim() === text);
  const say = h2('What interviewees say');
  const groups = [];
  for (let el = say && say.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling) {
    if (el.tagName === 'H3') groups.push(el);
  }
  return {
    height: document.documentElement.scrollHeight,
    keyPoints: top(h2('Key points')),
    keyPointItems: h2('Key points') ? h2('Key points').nextElementSibling.querySelectorAll('li').length : 0,
    differ: top(document.querySelector('.kb-differ table')),
    differRows: document.querySelectorAll('.kb-differ tbody tr').length,
    intro: top(h2('Who says what')),
    say: top(say),
    groups: groups.length,
    firstGroup: top(groups[0]),
    closed: document.querySelectorAll('details.kb-more:not([open])').length,
  };
}"""


def _hidden_quote(built_site: Path, slug: str) -> str:
    """The id of a quote that starts hidden in a closed "N more quotes" of the theme page."""
    html = (built_site / theme_path(slug) / "index.html").read_text("utf-8")
    more = html[html.index('<details class="kb-more'):]
    match = re.search(r'<figure class="kb-quote[^"]*"[^>]*? id="(q-[^"]+)"', more)
    assert match, f"{slug}: no quote behind a disclosure"
    return match.group(1)


def _in_view(visit, ident: str) -> dict:  # type: ignore[no-untyped-def]
    return visit.page.evaluate("""id => {
      const el = document.getElementById(id);
      const r = el.getBoundingClientRect();
      const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
      return {open: !!el.closest('details') && el.closest('details').open, top: r.top, height: r.height,
              header: header, viewport: window.innerHeight};
    }""", ident)


def _assert_visible(place: dict, what: str) -> None:
    assert place["open"], f"{what}: its group is still closed"
    assert place["height"] > 0, f"{what}: not rendered"
    # The quote starts below the sticky header and inside the window.
    assert place["header"] - 1 <= place["top"] < place["viewport"] - 40, f"{what}: {place}"


@pytest.mark.parametrize("slug", theme_slugs())
def test_theme_page_reads_top_to_bottom_and_fits(open_page, slug: str) -> None:
    visit = open_page(viewport=DESKTOP)
    visit.goto(theme_path(slug))
    layout = visit.page.evaluate(LAYOUT)
    assert layout["height"] <= MAX_HEIGHT, f"{slug}: {layout['height']} px tall at 1280 px"
    assert 1 <= layout["groups"] <= MAX_GROUPS, layout
    assert 3 <= layout["keyPointItems"] <= 6, layout
    assert layout["differRows"] >= 2, layout
    # Key points, then the differ table, then the intro, all above the first group.
    assert layout["keyPoints"] < layout["differ"] < layout["intro"] < layout["say"] < layout["firstGroup"], layout
    assert layout["closed"] >= 1, f"{slug}: no quote is behind a disclosure"
    assert visit.console_errors == []


@pytest.mark.parametrize("slug", theme_slugs())
def test_link_to_a_hidden_quote_opens_its_group(open_page, built_site: Path, slug: str) -> None:
    ident = _hidden_quote(built_site, slug)
    visit = open_page(viewport=DESKTOP)
    visit.goto(f"{theme_path(slug)}#{ident}")
    visit.page.wait_for_timeout(300)
    _assert_visible(_in_view(visit, ident), f"{slug}#{ident} loaded directly")
    assert visit.console_errors == []


def test_hidden_quote_opens_from_a_link_on_the_same_page_and_from_another_page(open_page, built_site: Path) -> None:
    slug = "expectations"
    ident = _hidden_quote(built_site, slug)
    visit = open_page(viewport=PHONE)
    # A link on the same page (hash change, no reload).
    visit.goto(theme_path(slug))
    visit.page.evaluate("""id => { const a = document.createElement('a'); a.href = '#' + id; a.id = 'kb-test-link';
                                   a.textContent = 'to the quote'; document.querySelector('article').prepend(a); }""", ident)
    visit.page.click("#kb-test-link")
    visit.page.wait_for_timeout(300)
    _assert_visible(_in_view(visit, ident), "same-page link")
    # From another page with Material's instant navigation: the interview page's link back.
    interview = visit.page.evaluate("""id => document.getElementById(id).querySelector('a[href*="interviews/"]')
                                             .href.split('#')[0]""", ident)
    visit.page.goto(interview, wait_until="load")
    links = visit.page.locator(f'a[href$="themes/{slug}/#{ident}"]')
    assert links.count() >= 1, "the interview page does not link back to the quote"
    links.first.scroll_into_view_if_needed()
    links.first.click()
    visit.page.wait_for_url(re.compile(f"#{ident}$"))
    visit.page.wait_for_timeout(500)
    _assert_visible(_in_view(visit, ident), "link from the interview page")
    assert visit.console_errors == []


def test_hidden_quote_opens_without_javascript(chromium_browser, site_url: str, built_site: Path) -> None:
    """Chromium opens a closed <details> for a fragment link by itself; the script is a
    fallback for Material's instant navigation and other browsers."""
    ident = _hidden_quote(built_site, "skills")
    context = chromium_browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}{theme_path('skills')}#{ident}", wait_until="load")
        page.wait_for_timeout(300)
        assert page.evaluate("id => document.getElementById(id).closest('details').open", ident)
    finally:
        context.close()


def test_printing_shows_every_quote(open_page, built_site: Path) -> None:
    slug = "roles"
    ident = _hidden_quote(built_site, slug)
    visit = open_page(viewport=DESKTOP)
    visit.goto(theme_path(slug))
    visit.page.emulate_media(media="print")
    visible = visit.page.evaluate("id => document.getElementById(id).getBoundingClientRect().height", ident)
    assert visible > 0, "a quote behind a disclosure is missing from the printed page"
    # The script also opens the groups for print, and closes them again after.
    visit.page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert visit.page.evaluate("() => document.querySelectorAll('details.kb-more:not([open])').length") == 0
    visit.page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert visit.page.evaluate("() => document.querySelectorAll('details.kb-more[open]').length") == 0


def test_home_questions_lead_to_their_answers(open_page) -> None:
    visit = open_page(viewport=PHONE)
    visit.goto("")
    cards = visit.page.locator(".kb-questions > ul > li")
    assert 4 <= cards.count() <= 6
    link = cards.nth(1).locator("strong a")
    target = link.get_attribute("href").split("#")[1]
    link.click()
    visit.page.wait_for_url(re.compile(f"#{target}$"))
    visit.page.wait_for_timeout(300)
    top = visit.page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
    assert 0 <= top < PHONE["height"] / 2
    width = visit.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the theme page is {width} px wide on a 390 px phone"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_theme_and_home_screenshots(open_page, device: str, scheme: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit = open_page(viewport=DESKTOP if device == "desktop" else PHONE, color_scheme=scheme)
    written = []
    for name, path in [("home", ""), *((f"theme-{s}", theme_path(s)) for s in theme_slugs())]:
        visit.goto(path)
        expected = "slate" if scheme == "dark" else "default"
        assert visit.page.evaluate("() => document.body.dataset.mdColorScheme") == expected
        width = visit.page.evaluate("() => document.documentElement.scrollWidth")
        viewport = DESKTOP["width"] if device == "desktop" else PHONE["width"]
        assert width <= viewport, f"{name}: {width} px wide in a {viewport} px window"
        shot = SCREENSHOTS / f"reading-{name}-{device}-{scheme}.png"
        visit.page.screenshot(path=shot, full_page=True)
        written.append(shot)
    assert all(path.stat().st_size > 10_000 for path in written)
    assert visit.console_errors == []
