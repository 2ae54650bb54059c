"""What `mkdocs serve --dirty` must know beyond each page's own text (kb.preview)."""

from __future__ import annotations

from pathlib import Path

import pytest
from kb.errors import Problem
from kb.preview import page_tags, site_wide_key, stale_pages

PAGE = "---\ntitle: A\ntags:\n- Roles\n- Skills\nkb_jsonld: '{\"tags\": 1}'\n---\n\n# A\n\ntags:\n- not front matter\n"


def test_page_tags_reads_the_front_matter_only() -> None:
    assert page_tags(PAGE) == "- Roles\n- Skills\n"
    assert page_tags("---\ntitle: B\n---\n\ntags:\n- in the text\n") == ""
    assert page_tags("# no front matter\n") == ""


def _key(tmp_path: Path, **changed: object) -> str:
    base: dict[str, object] = {"nav": [(0, "Home", "")], "snippets": {"themes": "x"}, "tags": {"a.md": "- Roles\n"},
                               "problems": (), "stale": False, "files": [tmp_path / "mkdocs.yml"],
                               "bundles": ["en"]}
    return site_wide_key(**{**base, **changed})  # type: ignore[arg-type]


def test_the_key_changes_with_everything_every_page_shows(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    same = _key(tmp_path)
    assert _key(tmp_path) == same
    changes = {"nav": [(0, "Home", ""), (0, "New", "new/")], "snippets": {"themes": "y"},
               "tags": {"a.md": "- Ethics\n"}, "problems": (Problem("t.md", "bad", line=3),), "stale": True,
               "bundles": ["en", "fr"]}
    for name, value in changes.items():
        assert _key(tmp_path, **{name: value}) != same, name
    (tmp_path / "mkdocs.yml").write_text("site_name: y\n", "utf-8")
    assert _key(tmp_path) != same, "a hand-written file or mkdocs.yml changed"


@pytest.mark.parametrize("kept", [True, False])
def test_stale_pages_are_the_pages_no_file_writes(tmp_path: Path, kept: bool) -> None:
    pages = [tmp_path / rel for rel in ("index.html", "interviews/a/index.html", "interviews/gone/index.html",
                                        "pagefind/en/index.html", "404.html")]
    for page in pages:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("x", "utf-8")
    written = {pages[0], pages[1]} | ({pages[2]} if kept else set())
    assert stale_pages(tmp_path, written) == ([] if kept else [pages[2]])
