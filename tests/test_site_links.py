"""kb bench's link check (kb.devtools.site_links): it must see what a browser would not find."""

from __future__ import annotations

from pathlib import Path

from kb.devtools.site_links import broken_links


def _page(site: Path, rel: str, article: str, *, outside: str = "") -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<html><body>{outside}<article class="md-content__inner">{article}</article></body></html>',
                    "utf-8")


def test_a_missing_page_and_a_missing_id_are_counted_and_named(tmp_path: Path) -> None:
    _page(tmp_path, "interviews/a/index.html", '<p id="p-1">words</p><a href="#p-1">here</a>')
    _page(tmp_path, "people/b/index.html",
          '<a href="../../interviews/a/#p-1">fine</a>'
          '<a href="../../interviews/a/#q-1">no such id</a>'
          '<a href="../../interviews/c/">no such page</a>'
          '<a href="https://example.org/x#y">external</a><a href="mailto:x@example.org">mail</a>',
          outside='<a href="../../nowhere/">navigation, not the page\'s content</a>')
    count, shown = broken_links(tmp_path)
    assert count == 2
    assert shown == ["/people/b/index.html -> ../../interviews/a/#q-1 (no id 'q-1')",
                     "/people/b/index.html -> ../../interviews/c/ (no page)"]


def test_the_limit_keeps_the_count_whole(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", "".join(f'<a href="#missing-{n}">x</a>' for n in range(5)))
    assert broken_links(tmp_path, limit=2)[0] == 5
    assert len(broken_links(tmp_path, limit=2)[1]) == 2
