"""Search as a reader meets it, in Chromium: bytes fetched, everyday queries, words found.

``kb bench`` calls ``probe_search`` on each built site, for Pagefind (the site's search) and
for Material's built-in search (a variant build, for comparison). The site is served by a
local HTTP server that counts the bytes of every file it sends, so requests made by web
workers (both engines search in one) are counted too. Each measurement uses a fresh browser
context: nothing comes from the cache.

Needs Playwright and Debian's Chromium (the test extras); without them the probe says so
instead of guessing figures.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOP = 10  # a query "finds" a page when it is among the first results a reader sees
# Material builds its whole index in the browser before the first result: minutes at 500.
MATERIAL_TIMEOUT_MS = 900_000

# Everyday queries (issue 15) and what each must find among the first TOP results:
# a theme page ("themes/x/"), "french" (a French interview page), or any page (None).
EVERYDAY_QUERIES: list[tuple[str, str | None]] = [
    ("mlops", "themes/mlops/"), ("ethics", "themes/ethics/"), ("skills", "themes/skills/"),
    ("roles", "themes/roles/"), ("expectations", "themes/expectations/"),
    ("éthique", "themes/ethics/"), ("ethique", "themes/ethics/"),
    ("compétences", "french"), ("competences", "french"), ("métier", "french"), ("metier", "french"),
    ("déployer", "french"), ("deployer", "french"), ("données", "french"), ("donnees", "french"),
    ("data engineer", None), ("machine learning", None), ("interpretability", None),
    ("imposter syndrome", None), ("production", None), ("career", None),
]
# First-query cost: the largest of these, each from a fresh page load.
FIRST_QUERIES = ["mlops", "données", "machine learning"]
# Search resources, per engine: URL path prefixes.
RESOURCES = {"pagefind": ("/pagefind/",),
             "material": ("/search/", "/assets/javascripts/workers/search", "/assets/javascripts/lunr/")}


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the browser closing a page mid-download is no error of the site's


class _CountingHandler(SimpleHTTPRequestHandler):
    sent: list[tuple[str, int]]

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        self.sent.append((self.path.split("?")[0], len(data)))
        outputfile.write(data)


@contextmanager
def _serve(site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    sent: list[tuple[str, int]] = []
    handler = type("Handler", (_CountingHandler,), {"sent": sent})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()


def _search_bytes(sent: list[tuple[str, int]], engine: str) -> int:
    return sum(size for path, size in sent if path.startswith(RESOURCES[engine]))


def _type_query(page: Any, engine: str, query: str) -> list[str]:
    """Open search with "/", type ``query`` (over any earlier query), wait for its results;
    returns result paths."""
    page.keyboard.press("/")
    page.keyboard.press("Control+A")
    if engine == "pagefind":
        page.locator("#kb-search-query").press_sequentially(query, delay=15)
        page.wait_for_function(
            "(q) => document.querySelector('#kb-search-query').value === q"
            " && /result/i.test(document.querySelector('#kb-search-status').textContent)",
            arg=query, timeout=120_000)
        links = page.locator("#kb-search-results a.md-search-result__link")
    else:
        page.locator("input[data-md-component=search-query]").press_sequentially(query, delay=15)
        page.wait_for_function(
            """(q) => {
                const meta = document.querySelector('.md-search-result__meta');
                if (!meta || !/matching document/i.test(meta.textContent)) return false;
                const links = [...document.querySelectorAll('.md-search-result__item > a')];
                if (!links.length) return /no matching/i.test(meta.textContent);
                return links.some((a) => new URL(a.href).searchParams.get('h') === q);
            }""", arg=query, timeout=MATERIAL_TIMEOUT_MS)
        links = page.locator(".md-search-result__item > a.md-search-result__link")
    return [_path(page.evaluate("a => a.href", a)) for a in links.element_handles()][:TOP]


def _path(url: str) -> str:
    from urllib.parse import urlsplit
    return urlsplit(url).path.lstrip("/")


def _found(paths: list[str], expected: str | None, french: list[str]) -> bool:
    if expected is None:
        return bool(paths)
    if expected == "french":
        return any(p in french for p in paths)
    return expected in paths


def probe_search(site: Path, engine: str, *, french: list[str], words: list[list[str]],
                 browser: Any = None) -> dict[str, Any]:
    """Measure one engine on a built site (see the module docstring).

    Returns ``first_query_bytes`` (largest of FIRST_QUERIES), ``bytes_before_search``,
    ``misses`` (everyday queries whose expected page is not in the first results) and,
    for Pagefind, ``words_found`` of ``words`` ([word, interview page, interview title]).
    ``browser``: a Playwright Chromium already running (tests), else one is started.
    """
    if browser is not None:
        with _serve(site) as (root, sent):
            return _probe_or_say_why(browser, root, sent, engine, french=french, words=words)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": 'Playwright is not installed (pip install -e ".[test]")'}
    if not Path(CHROMIUM).exists():
        return {"error": f"no Chromium at {CHROMIUM} (apt-get install chromium, or set KB_CHROMIUM)"}
    with _serve(site) as (root, sent), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return _probe_or_say_why(browser, root, sent, engine, french=french, words=words)
        finally:
            browser.close()


def _probe_or_say_why(browser: Any, root: str, sent: list[tuple[str, int]], engine: str, *,
                      french: list[str], words: list[list[str]]) -> dict[str, Any]:
    """The figures, or what stopped the browser (e.g. a timeout): recorded, not raised, so
    one slow engine does not lose the benchmark's other figures."""
    from playwright.sync_api import Error as BrowserError

    try:
        return _probe(browser, root, sent, engine, french=french, words=words)
    except BrowserError as exc:
        return {"engine": engine, "error": str(exc).splitlines()[0]}


def _probe(browser: Any, root: str, sent: list[tuple[str, int]], engine: str, *, french: list[str],
           words: list[list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"engine": engine, "first_queries": {}}
    # Material downloads everything on page load, whatever the query: one query says it.
    for query in FIRST_QUERIES if engine == "pagefind" else FIRST_QUERIES[:1]:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sent.clear()
        page.goto(root, wait_until="load")
        page.wait_for_timeout(1500)  # Material starts fetching its index on load
        before = _search_bytes(sent, engine)
        _type_query(page, engine, query)
        out["first_queries"][query] = {"before_search": before, "through_results": _search_bytes(sent, engine)}
        context.close()
    out["bytes_before_search"] = max(v["before_search"] for v in out["first_queries"].values())
    out["first_query_bytes"] = max(v["through_results"] for v in out["first_queries"].values())
    misses = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(root, wait_until="load")
    for query, expected in EVERYDAY_QUERIES:
        if engine == "pagefind":
            paths = [_path(root + r["url"].lstrip("/")) for r in
                     page.evaluate(f"async (q) => window.kbSearch.query(q, {TOP})", query)]
        else:  # one page, query after query, as a reader would (a reload rebuilds the index)
            paths = _type_query(page, engine, query)
        if not _found([p.split("#")[0] for p in paths], expected, french):
            misses.append(query)
    out["queries"] = len(EVERYDAY_QUERIES)
    out["misses"] = misses
    if engine == "pagefind" and words:
        found = page.evaluate(
            """async (samples) => {
                let found = 0;
                for (const [word, where, title] of samples) {
                    // Within its interview: a common stem would rank it past the first results.
                    const search = await window.kbSearch.search(word, { interview: title });
                    const results = await search.more(5);
                    if (results.some((r) => r.url.replace(/^\\/+/, '').startsWith(where))) found++;
                }
                return found;
            }""", words)
        out["words_checked"], out["words_found"] = len(words), found
    context.close()
    return out
