"""Screenshots for a person to look at: home, a theme, the French talk, a captions interview
and roles compared, phone and desktop, light and dark. Written to test-artifacts/screenshots/
(printed at the end of the run)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_pages import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    captions_interview,
    french_interview,
    interview_path,
    theme_path,
)

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "theme-mlops": theme_path("mlops"),
    "interview-fr": interview_path(french_interview()),
    "interview-captions": interview_path(captions_interview()),
    "roles": "roles/",
}
# Full-page shots of the shorter pages; the interview (a whole transcript) is shot at the
# top and at a quoted paragraph reached by its anchor, as a reader following a quote sees it.
FULL_PAGE = {"home", "theme-mlops"}
# Roles compared: its table (stacked into cards on a phone) and the chart below it.
AT_ELEMENT = {"roles": "article .kb-table"}


def first_quoted_paragraph(site: Path, interview: str) -> str:
    html = (site / interview_path(interview) / "index.html").read_text("utf-8")
    match = re.search(r'class="kb-para kb-para--quoted" id="([^"]+)"', html)
    assert match, "no quoted paragraph on the interview page"
    return match.group(1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots(open_page, built_site: Path, device: str, scheme: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit = open_page(viewport=DESKTOP if device == "desktop" else PHONE, color_scheme=scheme)
    interview, captions = french_interview(), captions_interview()
    shots = [
        (f"{interview_path(interview)}#{first_quoted_paragraph(built_site, interview)}",
         "interview-fr-quoted-paragraph", False),
        (f"{interview_path(captions)}#{first_quoted_paragraph(built_site, captions)}",
         "interview-captions-quoted-paragraph", False),
        *((path, name, name in FULL_PAGE) for name, path in PAGES.items()),
    ]
    written = []
    for path, name, full_page in shots:
        visit.goto(path)
        expected = "slate" if scheme == "dark" else "default"
        assert visit.page.evaluate("() => document.body.dataset.mdColorScheme") == expected
        visit.page.wait_for_timeout(200)  # let a scroll to an anchor settle
        shot = SCREENSHOTS / f"{name}-{device}-{scheme}.png"
        if name in AT_ELEMENT:
            visit.page.locator(AT_ELEMENT[name]).first.scroll_into_view_if_needed()
        visit.page.screenshot(path=shot, full_page=full_page)
        written.append(shot)
    assert all(path.stat().st_size > 10_000 for path in written)
    assert visit.console_errors == []
