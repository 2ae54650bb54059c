"""`mkdocs serve` picks up an edited transcript without a restart, and does not rebuild in a loop.

A bad edit never leaves the browser waiting: the served pages (the last good version, or
the hand-written pages when nothing has built yet) show the problems with file, line,
field and hint, the live-reload poll answers, and the next good save reloads the page.
`mkdocs build` still fails with the message. Runs a real server on a free localhost port
against a temporary copy of the project with the small fixture corpus (fast builds);
each test is bounded to about 30 seconds.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from kb.devtools.preview_probe import fetch_text, free_port, stop
from site_project import SITE_FIXTURE, make_project, mkdocs_env

PAGE = "/interviews/french-summary/"
CONVERTED = re.compile(r"pages converted again: (\d+) \(unchanged Markdown, reused: (\d+)\)")


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def _builds(log: Path) -> int:
    """Builds finished so far, by the hook's line: MkDocs' own "Documentation built in 2.07
    seconds" is dropped when a later build takes the same time (its logger's DuplicateFilter)."""
    return len(CONVERTED.findall(log.read_text()))


@contextlib.contextmanager
def _serving(project: Path, log: Path, *options: str):
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            # This interpreter's mkdocs: a bare `mkdocs` may be another environment's, with
            # another checkout's pipeline.
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}", *options],
            cwd=project, env=mkdocs_env(), stdout=out, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc, timeout=10)


@pytest.fixture
def server(tmp_path):
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    log = tmp_path / "serve.log"
    with _serving(project, log) as base:
        yield project, base, log


def test_editing_a_transcript_updates_the_served_page(server):
    project, base, log = server
    assert _wait_for(lambda: fetch_text(base + PAGE) is not None, 20), log.read_text()
    first = fetch_text(base + PAGE)
    assert "livereload" in first  # the page reloads itself in the browser
    builds = _builds(log)
    time.sleep(2)
    assert _builds(log) == builds, "rebuilding with nothing changed"

    transcript = Path(project, "transcripts", "french-summary.md")
    text = transcript.read_text("utf-8")
    transcript.write_text(text.replace("avec Camille Exemple.", "avec Camille Exemple. Zébrure."), "utf-8")
    assert _wait_for(lambda: "Zébrure" in (fetch_text(base + PAGE) or ""), 15), log.read_text()

    # The page is written before the build's end is logged, so it can show the edit first.
    assert _wait_for(lambda: _builds(log) > builds, 15), log.read_text()
    settled = _builds(log)
    time.sleep(3)
    assert _builds(log) == settled, "rebuild loop:\n" + log.read_text()


RENDERED = "Running `page_markdown` event from plugin 'scripts/kb/mkdocs_hook.py'"  # with --verbose


def _rendered_per_build(log: Path) -> list[int]:
    """How many pages each build rendered (MkDocs' dirty builds skip the rest)."""
    return [part.count(RENDERED) for part in log.read_text().split("Building documentation...")[1:]]


@pytest.mark.parametrize("options", [(), ("--dirty",)], ids=["plain", "dirty"])
def test_serve_rebuilds_only_the_pages_a_save_changed(tmp_path, options):
    """`mkdocs serve`, plain or `--dirty` (issue 16): generated pages are backed by files that
    change only when their text does (.cache/kb/pages/), so MkDocs re-renders those and keeps
    the rest (plain serve asks MkDocs for dirty rebuilds: kb.dirty_rebuilds)."""
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    log = tmp_path / "serve.log"
    transcript = Path(project, "transcripts", "french-summary.md")
    text = transcript.read_text("utf-8")
    with _serving(project, log, *options, "--verbose") as base:
        assert _wait_for(lambda: fetch_text(base + PAGE) is not None, 60), log.read_text()
        assert _wait_for(lambda: _builds(log) == 1, 30)
        transcript.write_text(text.replace("avec Camille Exemple.", "avec Camille Exemple. Zébrure."), "utf-8")
        assert _wait_for(lambda: "Zébrure" in (fetch_text(base + PAGE) or ""), 30), log.read_text()
        assert _wait_for(lambda: _builds(log) == 2, 30)
        time.sleep(1.5)
        transcript.write_text(text.replace("avec Camille Exemple.", "avec Camille Exemple. Zébrure."), "utf-8")
        assert _wait_for(lambda: _builds(log) == 3, 30), "a save with the same text rebuilds"
    everything, edited, same = _rendered_per_build(log)[:3]
    generated = everything - len(list(Path(project, "docs").rglob("*.md")))
    assert 0 < edited <= generated < everything  # hand-written pages whose file did not change are kept
    assert same == 0, "pages whose text did not change were rendered again"
    assert "Zébrure" in Path(project, ".cache", "kb", "pages", "interviews", "french-summary.md").read_text("utf-8")
    # The rebuilds need no "inaccurate navigation" warning: the hook keeps every page right.
    assert "A 'dirty' build is being performed" not in log.read_text() or options


@pytest.mark.parametrize("option", ["--clean", "--strict"])
def test_serve_clean_and_strict_render_every_page_at_every_save(tmp_path, option):
    """`mkdocs serve --clean` keeps MkDocs' full rebuilds; so does `--strict`, whose count of
    warnings needs every page converted (a dirty build skips the unchanged ones)."""
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    log = tmp_path / "serve.log"
    transcript = Path(project, "transcripts", "french-summary.md")
    text = transcript.read_text("utf-8")
    with _serving(project, log, option, "--verbose") as base:
        assert _wait_for(lambda: fetch_text(base + PAGE) is not None, 60), log.read_text()
        assert _wait_for(lambda: len(_rendered_per_build(log)) == 1 and "Pagefind indexed" in log.read_text(), 60)
        transcript.write_text(text.replace("avec Camille Exemple.", "avec Camille Exemple. Zébrure."), "utf-8")
        assert _wait_for(lambda: "Zébrure" in (fetch_text(base + PAGE) or ""), 30), log.read_text()
        assert _wait_for(lambda: log.read_text().count("Pagefind indexed") >= 2, 30), log.read_text()
    everything, edited = _rendered_per_build(log)[:2]
    assert edited == everything > 0, (option, everything, edited)
    assert "re-rendering only the pages this save changed" not in log.read_text(), option


TRANSCRIPT = ("transcripts", "french-summary.md")
GOOD_QUOTE = 'text: "Selon elle, la différence'
BAD_QUOTE = 'text: "Selon lui, la différence'  # not what the body says
BANNER = 'id="kb-build-problems"'


def _epoch(page: str) -> int:
    match = re.search(r"livereload\((\d+), \d+\)", page)
    assert match, "no live-reload script in the page"
    return int(match.group(1))


def _problem_shown(page: str) -> bool:
    return (BANNER in page and "transcripts/french-summary.md:" in page and "[quotes/0/text]" in page
            and "quote not found in the transcript" in page and "hint: closest passage is" in page)


def test_a_bad_edit_is_shown_in_the_browser_and_the_next_good_save_reloads(server):
    project, base, log = server
    assert _wait_for(lambda: fetch_text(base + PAGE) is not None, 20), log.read_text()
    good = fetch_text(base + PAGE)
    assert BANNER not in good
    transcript = Path(project, *TRANSCRIPT)
    text = transcript.read_text("utf-8")
    assert GOOD_QUOTE in text
    transcript.write_text(text.replace(GOOD_QUOTE, BAD_QUOTE, 1), "utf-8")

    # The browser's live-reload poll answers with a newer version instead of hanging ...
    answer = fetch_text(f"{base}/livereload/{_epoch(good)}/1", timeout=20)
    assert answer is not None and int(answer) > _epoch(good), log.read_text()
    # ... and every page, served at once, is the last good version with the problem on top.
    bad = fetch_text(base + PAGE)
    assert bad is not None and _problem_shown(bad), bad
    assert "Camille Exemple" in bad and "last version that built" in bad
    home = fetch_text(base + "/")
    assert home is not None and _problem_shown(home)
    try:  # MkDocs answers a missing page with the theme's 404 page: the problem is on it too
        urllib.request.urlopen(base + "/no-such-page/", timeout=2)
    except urllib.error.HTTPError as error:
        assert error.code == 404 and _problem_shown(error.read().decode("utf-8"))
    else:
        pytest.fail("a missing page was served")
    assert "quote not found in the transcript" in log.read_text()  # and in the terminal

    transcript.write_text(text.replace("avec Camille Exemple.", "avec Camille Exemple. Zébrure."), "utf-8")
    answer = fetch_text(f"{base}/livereload/{_epoch(bad)}/1", timeout=20)
    assert answer is not None and int(answer) > _epoch(bad), log.read_text()
    fixed = fetch_text(base + PAGE)
    assert fixed is not None and "Zébrure" in fixed and BANNER not in fixed


def test_serve_starts_with_a_broken_transcript_and_says_why(tmp_path):
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    transcript = Path(project, *TRANSCRIPT)
    text = transcript.read_text("utf-8")
    transcript.write_text(text.replace(GOOD_QUOTE, BAD_QUOTE, 1), "utf-8")
    log = tmp_path / "serve.log"
    with _serving(project, log) as base:
        assert _wait_for(lambda: fetch_text(base + "/") is not None, 20), log.read_text()
        home = fetch_text(base + "/")
        assert _problem_shown(home) and "No version of the knowledge base has built yet" in home
        transcript.write_text(text, "utf-8")
        assert _wait_for(lambda: "Camille Exemple" in (fetch_text(base + PAGE) or ""), 15), log.read_text()
        assert BANNER not in fetch_text(base + PAGE)


def test_mkdocs_build_still_fails_with_the_message(tmp_path):
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    transcript = Path(project, *TRANSCRIPT)
    transcript.write_text(transcript.read_text("utf-8").replace(GOOD_QUOTE, BAD_QUOTE, 1), "utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], cwd=project,
                            env=mkdocs_env(), capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "1 problem(s) in the knowledge base sources" in result.stderr
    assert "transcripts/french-summary.md:" in result.stderr and "[quotes/0/text]" in result.stderr
    assert "Traceback" not in result.stderr


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">.*?</article>', re.DOTALL)
_TOC = re.compile(r'<nav class="md-nav md-nav--secondary".*?</nav>', re.DOTALL)




def _body(page: str) -> tuple[list[str], list[str]]:
    """What a page shows of its Markdown: its article and its table of contents."""
    return _ARTICLE.findall(page), _TOC.findall(page)


def test_serve_converts_again_only_changed_markdown_and_never_shows_a_stale_page(tmp_path):
    """Plain `mkdocs serve` (issue 16): when a save renders a page again (here, because the theme's
    text reaches every page), a page whose final Markdown is the same as at an earlier build of
    this server is not converted again (kb.render_memo); after editing a
    transcript and then a data file, every page served equals the page `mkdocs build` makes of
    the edited project."""
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    log = tmp_path / "serve.log"
    transcript = Path(project, *TRANSCRIPT)
    themes = Path(project, "data", "themes.yml")
    theme_page = "/themes/roles/"
    # A page whose conversion warns: a reused conversion must warn again (--strict counts it).
    Path(project, "docs", "memo-check.md").write_text("# Memo check\n\n[gone](no-such-page.md)\n", "utf-8")
    with _serving(project, log) as base:
        assert _wait_for(lambda: fetch_text(base + PAGE) is not None, 60), log.read_text()
        assert _wait_for(lambda: _builds(log) == 1, 30)
        transcript.write_text(transcript.read_text("utf-8").replace(
            "avec Camille Exemple.", "avec Camille Exemple. Zébrure."), "utf-8")
        assert _wait_for(lambda: "Zébrure" in (fetch_text(base + PAGE) or ""), 30), log.read_text()
        assert _wait_for(lambda: _builds(log) == 2, 30)
        time.sleep(1.5)
        # Words of the transcript alone (its raw HTML runs): the conversion around them is
        # reused, what the hook made of the old runs must not be (RenderMemo.finished).
        transcript.write_text(transcript.read_text("utf-8").replace(
            "hippopotames statistiques.", "hippopotames statistiques. Quiproquo."), "utf-8")
        assert _wait_for(lambda: "Quiproquo" in (fetch_text(base + PAGE) or ""), 30), log.read_text()
        assert _wait_for(lambda: _builds(log) == 3, 30)
        time.sleep(1.5)
        themes.write_text(themes.read_text("utf-8").replace("What people do.", "What people do, zébrés."), "utf-8")
        assert _wait_for(lambda: "zébrés" in (fetch_text(base + theme_page) or ""), 30), log.read_text()
        assert _wait_for(lambda: _builds(log) >= 4, 30), log.read_text()
        pages = [PAGE, theme_page, "/", "/interviews/", "/people/", "/themes/", "/tags/"]
        served = {page: fetch_text(base + page) for page in pages}
    (first, none), (edited, reused), (runs_only, runs_reused), (after_data, reused_data) = [
        tuple(map(int, m)) for m in CONVERTED.findall(log.read_text())[:4]]
    assert none == 0 and first > 0  # the first build converts everything
    # The save re-renders the pages whose text changed (kb.dirty_rebuilds), and converts them.
    assert 0 < edited < first and reused == 0, "the transcript's save rendered pages it did not change"
    assert runs_only == 0 and runs_reused == 1, "the words-only save was meant to change one page's raw runs alone"
    # The theme's text reaches every page (the markers): every page is rendered again, and only
    # the ones whose Markdown changed are converted again.
    assert 0 < after_data < first and reused_data > 0
    # A reused conversion warns again (--strict counts it); a page a save does not render, does not.
    warned = [part.count("no-such-page.md") for part in log.read_text().split("Building documentation...")[1:5]]
    assert warned == [1, 0, 0, 1], warned
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], cwd=project,
                   env=mkdocs_env(), capture_output=True, timeout=300, check=True)
    for page in pages:
        built = (tmp_path / "site" / page.strip("/") / "index.html").read_text("utf-8")
        assert served[page] is not None and _body(served[page]) == _body(built), page
        assert _body(built)[0], page  # the comparison compared something
    assert "Zébrure" in served[PAGE] and "Quiproquo" in served[PAGE] and "zébrés" in served[theme_page]


@pytest.mark.parametrize("options", [(), ("--dirty",)], ids=["plain", "dirty"])
def test_serve_renders_every_page_again_when_what_every_page_shows_changes(tmp_path, options):
    """Under `mkdocs serve` (plain, kb.dirty_rebuilds, or `--dirty`), MkDocs renders again only
    the pages whose own source changed. But
    every page shows the problems banner and the navigation: a bad save must put the banner
    on pages the save did not change, fixing it must take it off them, and a new title must
    reach every page's navigation (kb.preview.site_wide_key)."""
    project = make_project(tmp_path / "project", corpus=SITE_FIXTURE)
    log = tmp_path / "serve.log"
    transcript = Path(project, *TRANSCRIPT)
    text = transcript.read_text("utf-8")
    with _serving(project, log, *options) as base:
        assert _wait_for(lambda: fetch_text(base + PAGE) is not None, 60), log.read_text()
        assert _wait_for(lambda: _builds(log) == 1, 30)
        assert BANNER not in (fetch_text(base + "/about/") or "")

        transcript.write_text(text.replace(GOOD_QUOTE, BAD_QUOTE, 1), "utf-8")
        assert _wait_for(lambda: _builds(log) == 2, 30), log.read_text()
        for page in (PAGE, "/about/", "/"):  # the last good pages: their text did not change
            assert _problem_shown(fetch_text(base + page) or ""), page

        transcript.write_text(text, "utf-8")
        assert _wait_for(lambda: _builds(log) == 3, 30), log.read_text()
        for page in (PAGE, "/about/", "/"):
            assert BANNER not in (fetch_text(base + page) or BANNER), page

        transcript.write_text(text.replace("title: Résumé d'un entretien", "title: Résumé retitré", 1), "utf-8")
        assert _wait_for(lambda: _builds(log) == 4, 30), log.read_text()
        about = fetch_text(base + "/about/") or ""
        assert "Résumé retitré" in about and "Résumé d&#39;un entretien" not in about
    assert log.read_text().count("are rendered again") == 3, log.read_text()
