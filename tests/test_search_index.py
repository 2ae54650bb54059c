"""kb.search_index: Pagefind run on a built site, one bundle per language, pages counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kb import search_index
from kb.errors import KBError
from kb.search_index import build_search_index, html_pages, page_url

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head>
<body><nav>Navigation words every page repeats</nav>
<div {body}><h1>{title}</h1><p>{text}</p></div></body></html>"""


def _site(tmp_path: Path, pages: dict[str, tuple[str, str]], *, body: str = "data-pagefind-body") -> Path:
    site = tmp_path / "site"
    for rel, (title, text) in pages.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=title, text=text, body=body), "utf-8")
    return site


def test_pages_to_index_leave_out_the_404_page_and_the_bundle(tmp_path):
    site = _site(tmp_path, {"index.html": ("Home", "x"), "404.html": ("Not found", "x"),
                            "themes/ethics/index.html": ("Ethics", "x"),
                            "pagefind/en/x.html": ("Bundle", "x")})
    assert html_pages(site) == ["index.html", "themes/ethics/index.html"]
    assert page_url("themes/ethics/index.html") == "/themes/ethics/"
    assert page_url("index.html") == "/"
    assert page_url("roles.html") == "/roles.html"


def test_each_language_gets_its_own_bundle(tmp_path):
    site = _site(tmp_path, {"index.html": ("Home", "Data engineers deploy models"),
                            "interviews/talk/index.html": ("Talk", "Les données et le métier")})
    report = build_search_index(site, default_language="en",
                                languages={"interviews/talk/index.html": "fr"})
    assert report.pages == {"en": 1, "fr": 1}
    assert report.page_count == 2
    for language in ("en", "fr"):
        entry = json.loads((site / "pagefind" / language / "pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == [language]
        assert (site / "pagefind" / language / "pagefind.js").is_file()
    # The staging folder beside the site is gone.
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_page_left_out_by_pagefind_fails_the_build(tmp_path):
    site = _site(tmp_path, {"index.html": ("Home", "words")})
    lost = site / "about" / "index.html"
    lost.parent.mkdir()
    lost.write_text(PAGE.format(title="About", text="words", body='class="no-body-marker"'), "utf-8")
    with pytest.raises(KBError) as error:
        build_search_index(site, default_language="en")
    message = str(error.value)
    assert "Pagefind indexed 1 of the 2 'en' pages" in message
    assert "data-pagefind-body" in message


def test_pagefind_that_cannot_run_is_a_clear_error(tmp_path, monkeypatch):
    site = _site(tmp_path, {"index.html": ("Home", "words")})
    monkeypatch.setattr(search_index.sys, "executable", str(tmp_path / "no-python"))
    with pytest.raises(KBError) as error:
        build_search_index(site, default_language="en")
    assert "Pagefind could not index the site" in str(error.value)
    assert 'pip install "pagefind[bin]"' in str(error.value)
