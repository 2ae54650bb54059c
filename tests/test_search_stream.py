"""kb.search_stream: the site language's pages given to Pagefind as MkDocs makes them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from kb import search_index
from kb.errors import KBError
from kb.search_index import build_search_index, html_pages
from kb.search_stream import StreamedIndex
from test_search_index import ORDER_PAGES, PAGE, _bundles, _site


def _stream_then_index(site: Path, order: list[str], expected: list[str]) -> tuple[dict[str, bytes], list[str]]:
    stream = StreamedIndex(site, "en", expected)
    for rel in order:  # pages not in search (404, tags) are handed in too, as MkDocs makes them
        page = site / rel
        stream.add(rel, page.read_text("utf-8") if page.is_file() else PAGE.format(title=rel, text="not in search",
                                                                                  body="data-pagefind-body"))
    report = build_search_index(site, default_language="en", streamed=stream)
    return _bundles(site), report.streamed


def test_pages_handed_in_any_order_give_the_bundle_of_the_finished_files(tmp_path):
    from_files = _site(tmp_path / "files", ORDER_PAGES)
    build_search_index(from_files, default_language="en")
    streamed = _site(tmp_path / "stream", ORDER_PAGES)
    order = sorted(ORDER_PAGES)
    random.Random(3).shuffle(order)
    assert order != sorted(order)
    bundle, used = _stream_then_index(streamed, order + ["404.html", "tags/x/index.html"], html_pages(streamed))
    assert used == ["en"]
    assert bundle == _bundles(from_files)


@pytest.mark.parametrize("case", ["a page never made", "a page on disk it was not told of"])
def test_a_stream_that_does_not_hold_the_sites_pages_is_set_aside(tmp_path, case):
    """A --dirty build renders only some pages; a hand-written .html is copied, not made:
    the bundle then comes from the files, the same bytes."""
    from_files = _site(tmp_path / "files", ORDER_PAGES)
    build_search_index(from_files, default_language="en")
    streamed = _site(tmp_path / "stream", ORDER_PAGES)
    pages = html_pages(streamed)
    if case == "a page never made":
        bundle, used = _stream_then_index(streamed, pages[1:], pages)
    else:
        bundle, used = _stream_then_index(streamed, pages[1:], pages[1:])
    assert used == []
    assert bundle == _bundles(from_files)


def test_pagefind_that_stops_while_pages_stream_is_a_clear_error(tmp_path, monkeypatch):
    """The service answers the new index, then dies on the first page: the build fails
    with Pagefind's last words, and no bundle is written."""
    site = _site(tmp_path, {"index.html": ("Home", "words"), "about/index.html": ("About", "words")})
    dies = tmp_path / "pagefind"
    # Answers message 1 (NewIndex, index 0), then reads one more message and exits.
    answer = "eyJtZXNzYWdlX2lkIjogMSwgInBheWxvYWQiOiB7InR5cGUiOiAiTmV3SW5kZXgiLCAiaW5kZXhfaWQiOiAwfX0="
    dies.write_text(f"#!/bin/sh\nhead -c 1 >/dev/null\nprintf '{answer},'\nhead -c 300 >/dev/null\n"
                    "echo 'out of memory' >&2\nexit 3\n", "utf-8")
    dies.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(dies))
    stream = StreamedIndex(site, "en", html_pages(site))
    for rel in html_pages(site):
        stream.add(rel, (site / rel).read_text("utf-8") + "x" * 1000)
    with pytest.raises(KBError) as error:
        build_search_index(site, default_language="en", streamed=stream)
    assert "Pagefind could not index the site: it stopped (out of memory)" in str(error.value)
    assert not (site / "pagefind").exists()


def test_pagefind_that_cannot_start_is_a_clear_error_before_any_page(tmp_path, monkeypatch):
    site = _site(tmp_path, {"index.html": ("Home", "words")})
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    with pytest.raises(KBError) as error:
        StreamedIndex(site, "en", ["index.html"])
    assert 'pip install "pagefind[bin]"' in str(error.value)


def test_a_stream_closed_by_a_failed_build_stops_its_pagefind(tmp_path):
    site = _site(tmp_path, {"index.html": ("Home", "words")})
    stream = StreamedIndex(site, "en", ["index.html"])
    stream.add("index.html", PAGE.format(title="Home", text="words", body="data-pagefind-body"))
    stream.close()
    assert stream._service._process.poll() is not None  # the process has exited
    assert not (site / "pagefind").exists()


def test_the_stream_is_used_whatever_language_sorts_first_and_stops_before_the_next(tmp_path, monkeypatch):
    """Bundles are made in language order: a "de" page sorts before the streamed "en" ones,
    "fr" after them. The stream is taken for "en" all the same, and its Pagefind process
    (holding the whole English index) has exited before the French one starts."""
    site = _site(tmp_path, ORDER_PAGES)
    languages = {"interviews/ada/index.html": "de", "themes/zoe/index.html": "fr"}
    english = [rel for rel in html_pages(site) if rel not in languages]
    stream = StreamedIndex(site, "en", english)
    for rel in english:
        stream.add(rel, (site / rel).read_text("utf-8"))
    started = search_index.pagefind_service
    alive_when: dict[str, bool] = {}

    def service(at: Path):
        alive_when[f"service {len(alive_when) + 1}"] = stream._service._process.poll() is None
        return started(at)

    monkeypatch.setattr(search_index, "pagefind_service", service)
    report = build_search_index(site, default_language="en", languages=languages, streamed=stream)
    assert report.streamed == ["en"]
    assert report.pages == {"de": 1, "en": len(english), "fr": 1}
    assert alive_when == {"service 1": True, "service 2": False}  # "de" before "en", "fr" after
