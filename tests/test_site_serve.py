"""`mkdocs serve` picks up an edited transcript without a restart, and does not rebuild in a loop.

Runs a real server on a free localhost port against a temporary copy of the project with
the small fixture corpus (fast builds); bounded to about 30 seconds.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from site_project import SITE_FIXTURE, make_project, mkdocs_env

PAGE = "/interviews/french-summary/"
BUILT = "Documentation built in"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def server(tmp_path):
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=mkdocs_env(), stdout=out, stderr=subprocess.STDOUT)
    try:
        yield project, f"http://127.0.0.1:{port}", log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def test_editing_a_transcript_updates_the_served_page(server):
    project, base, log = server
    assert _wait_for(lambda: _get(base + PAGE) is not None, 20), log.read_text()
    first = _get(base + PAGE)
    assert "livereload" in first  # the page reloads itself in the browser
    builds = log.read_text().count(BUILT)
    time.sleep(2)
    assert log.read_text().count(BUILT) == builds, "rebuilding with nothing changed"

    transcript = Path(project, "transcripts", "french-summary.md")
    text = transcript.read_text("utf-8")
    transcript.write_text(text.replace("avec Camille Exemple.", "avec Camille Exemple. Zébrure."), "utf-8")
    assert _wait_for(lambda: "Zébrure" in (_get(base + PAGE) or ""), 15), log.read_text()

    settled = log.read_text().count(BUILT)
    assert settled > builds
    time.sleep(3)
    assert log.read_text().count(BUILT) == settled, "rebuild loop:\n" + log.read_text()
