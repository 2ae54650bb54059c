"""Browser tests: the built site, served on localhost, driven by Debian's Chromium.

One strict build and one HTTP server per session; one Chromium per session (Playwright's
``launch`` gives it a fresh temporary profile); a new browser context per test, so storage
(e.g. the palette in localStorage) never leaks between tests.

Playwright must not download browsers: we always pass ``executable_path``. Set
``KB_CHROMIUM`` to use another Chromium binary. Run only these tests with
``python -m pytest -m browser``; skip them with ``-m "not browser"``. Without Chromium
they skip, except in CI (``CI=true`` or ``KB_REQUIRE_BROWSER=1``), where they fail.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from site_pages import DESKTOP, SCREENSHOTS

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
# Flags from /work/shared/PITFALLS.md: no sandbox (root in containers), and nothing that
# phones home, so a stray browser request cannot be mistaken for one the site makes.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives the built site in Chromium (needs /usr/bin/chromium)"
    )


_SESSION_START = time.time()


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    # Say where this run's screenshots are, so a person can look at them.
    fresh = [p for p in SCREENSHOTS.glob("*.png") if p.stat().st_mtime >= _SESSION_START]
    if fresh:
        terminalreporter.write_line(f"browser screenshots ({len(fresh)}): {SCREENSHOTS}")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` makes it from the repository, in a temp folder."""
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # The browser drops connections when a test navigates away mid-download.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (with trailing slash) of the built site served on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def chromium_browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        message = (f"{CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium) "
                   "or set KB_CHROMIUM")
        # pip cannot install a browser, so on a contributor's machine the browser tests are
        # skipped with this message; CI (CI=true, or KB_REQUIRE_BROWSER=1) installs Chromium
        # and a missing browser there is a failure, never a silent skip.
        if os.environ.get("CI") == "true" or os.environ.get("KB_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """A page in its own browser context, with everything it did on the network recorded."""

    page: object  # playwright.sync_api.Page
    base: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def goto(self, path: str) -> None:
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or parts.netloc == urlsplit(self.base).netloc

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not self.is_local(url)]


@pytest.fixture
def open_page(chromium_browser, site_url: str) -> Iterator[Callable[..., Visit]]:  # type: ignore[no-untyped-def]
    """Factory: ``open_page(viewport=DESKTOP, color_scheme="light") -> Visit``.

    Every request is recorded; requests to any other host are recorded and then aborted,
    so the tests themselves never reach the network.
    """
    contexts = []

    def make(viewport: dict[str, int] = DESKTOP, color_scheme: str = "light") -> Visit:
        context = chromium_browser.new_context(
            viewport=viewport, color_scheme=color_scheme, service_workers="block"
        )
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page=page, base=site_url)

        def route(route) -> None:  # type: ignore[no-untyped-def]
            if visit.is_local(route.request.url):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", route)
        context.on("request", lambda request: visit.requests.append(request.url))
        context.on(
            "requestfailed",
            lambda request: visit.failed_requests.append(f"{request.url}: {request.failure}"),
        )
        context.on(
            "response",
            lambda response: response.status >= 400
            and visit.failed_requests.append(f"{response.url}: HTTP {response.status}"),
        )
        page.on(
            "console",
            lambda message: message.type == "error"
            and visit.console_errors.append(f"{message.text} ({message.location})"),
        )
        page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
        return visit

    yield make
    for context in contexts:
        context.close()
