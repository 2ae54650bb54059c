"""kb.search_index: Pagefind run on a built site, one bundle per language, pages counted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from kb import search_index
from kb.errors import KBError
from kb.search_index import build_search_index, html_pages, indexed_html, page_url

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


def test_pagefind_is_sent_the_page_without_what_precedes_its_body():
    page = PAGE.format(title="Home", text="words", body="data-pagefind-body")
    assert indexed_html(page) == page.replace("<nav>Navigation words every page repeats</nav>\n", "")
    # Kept whole: no body marker; or a filter or meta before it, which Pagefind would read.
    unmarked = PAGE.format(title="Home", text="words", body='class="x"')
    assert indexed_html(unmarked) == unmarked
    filtered = page.replace("<nav>", '<nav><span data-pagefind-filter="theme">Ethics</span>')
    assert indexed_html(filtered) == filtered


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
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    with pytest.raises(KBError) as error:
        build_search_index(site, default_language="en")
    assert "Pagefind could not index the site" in str(error.value)
    assert 'pip install "pagefind[bin]"' in str(error.value)


def test_pagefind_that_stops_answering_is_a_clear_error(tmp_path, monkeypatch):
    site = _site(tmp_path, {"index.html": ("Home", "words")})
    stops = tmp_path / "pagefind"
    stops.write_text("#!/bin/sh\necho 'out of memory' >&2\nexit 3\n", "utf-8")
    stops.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(stops))
    with pytest.raises(KBError) as error:
        build_search_index(site, default_language="en")
    message = str(error.value)
    assert "Pagefind could not index the site: it stopped (out of memory)" in message
    assert not (site / "pagefind").exists()  # nothing half-written


# Pages whose words overlap, so that every word chunk lists several page numbers.
ORDER_PAGES = {f"{folder}/{name}/index.html": (f"{name.title()} {folder}", f"data {name} models {folder} words")
               for folder in ("interviews", "people", "themes") for name in ("ada", "bob", "chloe", "zoe")}


def _bundles(site: Path) -> dict[str, bytes]:
    bundle = site / "pagefind"
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def test_the_index_does_not_depend_on_the_order_the_file_system_lists_pages(tmp_path, monkeypatch):
    """Pagefind numbers pages in the order they reach it; its CLI takes the file system's
    directory order. The same pages written in opposite orders, and listed in opposite
    orders, must give the same bytes."""
    forward = _site(tmp_path / "forward", ORDER_PAGES)
    backward = _site(tmp_path / "backward", dict(reversed(ORDER_PAGES.items())))
    build_search_index(forward, default_language="en")
    listing = Path.rglob
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: sorted(listing(self, pattern), reverse=True))
    build_search_index(backward, default_language="en")
    assert _bundles(forward) == _bundles(backward)
    assert any(rel.startswith("en/index/") for rel in _bundles(forward))


def test_the_order_pages_reach_pagefind_changes_its_bytes(tmp_path):
    """Why the order above matters: the same pages given to Pagefind in another order give
    other word chunks (the test above could fail if build_search_index did not sort)."""
    site = _site(tmp_path, ORDER_PAGES)
    bundles = []
    for name, order in (("sorted", sorted(ORDER_PAGES)), ("reversed", sorted(ORDER_PAGES, reverse=True))):
        with search_index.pagefind_service(site) as service:
            index = service.new_index("en")
            for rel in order:
                service.add_page(index, page_url(rel), (site / rel).read_text("utf-8"))
            service.write_bundle(index, tmp_path / name)
        bundles.append({p.relative_to(tmp_path / name).as_posix(): p.read_bytes()
                        for p in sorted((tmp_path / name).rglob("*")) if p.is_file()})
    assert sorted(bundles[0]) != sorted(bundles[1])  # other page numbers: other chunks


def test_pagefind_warns_about_an_ignore_value_it_does_not_know(tmp_path):
    """The other side of test_site_build's check that Pagefind warns of nothing on the site:
    a value other than index/all is reported, and the block is dropped whole (its filter too)."""
    text = 'words <span data-pagefind-ignore="yes"><span data-pagefind-filter="theme">Roles</span></span>'
    site = _site(tmp_path, {"index.html": ("Home", text)})
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path",
                           str(tmp_path / "bundle")], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'data-pagefind-ignore value of "yes" is not valid' in done.stdout + done.stderr
    assert "Indexed 0 filters" in done.stdout
