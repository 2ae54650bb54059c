"""The site's full-text search: Pagefind indexes every built page (``on_post_build``; under
``mkdocs build`` the site's language is fed to it while the pages are made, kb.search_stream).

Pagefind (PyPI ``pagefind[bin]``, its binary inside the wheel) writes a static index cut
into small chunks; the browser fetches only the chunks holding the query's words and one
fragment per result shown, so its cost does not grow with the corpus the way Material's
whole-index download does (docs/scaling.md).

One bundle per language, ``pagefind/<lang>/``: Pagefind stems words with the language of
the index, and picks the index from the page's ``<html lang>``, which Material sets to the
site's language on every page. The French talk's page is therefore given to a French
bundle (French stemming for French text) while the page served keeps ``lang="en"`` for
its English apparatus and ``lang="fr"`` on the transcript. The search box queries every
bundle (overrides/partials/search.html, docs/javascripts/search.js).

Determinism: Pagefind numbers pages in the order they reach it, and its CLI (``--site``)
takes them in the file system's directory order, which differs between machines; the pages
are therefore sent to ``pagefind --service`` one by one in sorted path order. Pagefind 1.5.2
also writes its filters in a random order; ``search_canonical`` sorts them after each run.
Two builds of the same site are byte-identical, index included, on any file system.

Accents: Pagefind 1.5 indexes each word under its accent-free form too, so "donnees" finds
"données" and "métier" finds "metier" (tests/browser/test_browser_search.py).
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from pagefind.service import get_executable

from .errors import KBError, Problem
from .search_canonical import canonicalise_bundle

if TYPE_CHECKING:
    from .search_stream import StreamedIndex

BUNDLE_DIR = "pagefind"  # site/pagefind/<lang>/pagefind.js
# Pages that are not content: the 404 page would match every query for "page".
NOT_INDEXED = frozenset({"404.html"})
# Each tag's page only lists the titles of other pages (render/tags.py): in search it would
# answer every query for a theme's name ahead of the theme page.
NOT_INDEXED_FOLDERS = ("tags/",)
PAGEFIND_BODY = "<div data-pagefind-body>"  # overrides/main.html: what Pagefind indexes
_BODY_TAG = re.compile(r"<body\b[^>]*>")


@dataclass
class IndexReport:
    """What Pagefind indexed: pages per language bundle."""

    pages: dict[str, int] = field(default_factory=dict)  # language -> pages
    streamed: list[str] = field(default_factory=list)  # languages indexed as MkDocs made the pages

    @property
    def page_count(self) -> int:
        return sum(self.pages.values())


def html_pages(site: Path) -> list[str]:
    """The site's HTML pages that belong in search, as paths relative to ``site``."""
    pages = (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return sorted(p for p in pages if in_search(p))


def in_search(rel: str) -> bool:
    """Does the page at ``rel`` (relative to the site, ``.html``) belong in search?"""
    return (rel.endswith(".html") and rel not in NOT_INDEXED and not rel.startswith(BUNDLE_DIR + "/")
            and not (rel.startswith(NOT_INDEXED_FOLDERS) and rel.count("/") > 1))


def indexed_html(html: str) -> str:
    """The part of a built page Pagefind needs: the page without what lies between ``<body>``
    and ``data-pagefind-body`` (header, navigation, search form, sidebar).

    Pagefind reads only ``data-pagefind-body`` on a site that marks it, but it parses the
    whole page it is sent: at 500 interviews the navigation before the body is 33 KB on each
    of 1,137 pages, 36 M of the 88 M characters sent (docs/scaling.md). The page is sent
    whole where that stretch holds any ``data-pagefind-`` attribute (a filter, a meta),
    which Pagefind reads wherever it is; the bundle written is the same either way
    (tests/test_search_index.py).
    """
    body = _BODY_TAG.search(html)
    start = html.find(PAGEFIND_BODY)
    if body is None or start < body.end() or "data-pagefind" in html[body.end():start]:
        return html
    return html[:body.end()] + html[start:]


def page_url(rel: str) -> str:
    """``interviews/x/index.html`` -> ``/interviews/x/`` (the search box prefixes the site's base)."""
    return "/" + (rel.removesuffix("index.html"))


def build_search_index(site: Path, *, default_language: str,
                       languages: Mapping[str, str] | None = None,
                       streamed: StreamedIndex | None = None) -> IndexReport:
    """Index every HTML page of the built ``site`` into ``site/pagefind/<lang>/``.

    ``languages`` maps a page (``interviews/x/index.html``) to its language when it is not
    ``default_language``. Each language's pages go to their own index with that language
    forced, one page at a time in sorted path order: Pagefind numbers pages in the order
    they reach it, so the bundle's bytes depend on the pages alone, not on the order a file
    system lists them in (the CLI's ``--site`` walks the folder unsorted). Each language has
    its own Pagefind process, which frees the index when it exits: the build's peak memory
    is then the largest bundle's, not all of them together (docs/scaling.md).

    ``streamed``: one language's index already filled while MkDocs built the pages
    (kb.search_stream); it is used when it holds exactly that language's pages of the
    built site, and closed either way. The bundle is the same as from the files.

    Raises ``KBError`` when Pagefind cannot run, and when it indexes fewer pages than it
    was given (a page missing from search, e.g. a template that lost ``data-pagefind-body``).
    """
    groups = language_groups(html_pages(site), default_language, languages)
    report = IndexReport()
    try:
        shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)
        for language, pages in sorted(groups.items()):
            with _filled_index(site, language, pages, streamed) as (service, index, as_made):
                bundle = site / BUNDLE_DIR / language
                service.write_bundle(index, bundle)
            if as_made:
                report.streamed.append(language)
            canonicalise_bundle(bundle)
            indexed = bundle_page_count(bundle, language)
            if indexed != len(pages):
                raise KBError(Problem(str(site), f"Pagefind indexed {indexed} of the {len(pages)} "
                                      f"{language!r} pages: the others would be missing from search",
                                      hint="every page template must keep data-pagefind-body "
                                           "(overrides/main.html)"))
            report.pages[language] = indexed
    finally:
        if streamed is not None:
            streamed.close()
    return report


def language_groups(pages: list[str], default_language: str, languages: Mapping[str, str] | None
                    ) -> dict[str, list[str]]:
    """``pages`` by the language of their bundle, each list in the order given."""
    groups: dict[str, list[str]] = {}
    for rel in pages:
        groups.setdefault((languages or {}).get(rel, default_language), []).append(rel)
    return groups


@contextmanager
def _filled_index(site: Path, language: str, pages: list[str], streamed: StreamedIndex | None
                  ) -> Iterator[tuple[PagefindService, int, bool]]:
    """A Pagefind index holding ``pages`` (sorted), its service, and whether it is the
    streamed one (used when it is this language's and holds exactly these), else a new
    process given each page from the site's files. Either process is stopped when done, so
    that the next language's does not run beside it (memory)."""
    filled = streamed.finish(pages) if streamed is not None and streamed.language == language else None
    if filled is not None:
        try:
            yield *filled, True
        finally:
            streamed.close()  # type: ignore[union-attr]
        return
    with pagefind_service(site) as service:
        index = service.new_index(language)
        for rel in pages:  # sorted (html_pages): the page numbers follow this order
            service.add_page(index, page_url(rel), indexed_html((site / rel).read_text("utf-8")))
        yield service, index, False


def bundle_page_count(bundle: Path, language: str) -> int:
    """The pages a written bundle holds, as its ``pagefind-entry.json`` counts them."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        return int(entry["languages"][language]["page_count"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


_INSTALL = 'install it with pip install "pagefind[bin]"'


@contextmanager
def pagefind_service(site: Path) -> Iterator[PagefindService]:
    """Start ``pagefind --service``; stop it when done (it exits at the end of its input)."""
    with tempfile.TemporaryFile() as stderr:
        binary = get_executable()
        if binary is None:
            raise PagefindService(site, None, stderr).error("its binary is not installed")
        try:
            process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=stderr)
        except OSError as exc:
            raise PagefindService(site, None, stderr).error(str(exc)) from None
        try:
            yield PagefindService(site, process, stderr)
        finally:
            for pipe in (process.stdin, process.stdout):
                try:
                    if pipe is not None:
                        pipe.close()
                except OSError:  # a service that died leaves a broken pipe: its error is raised already
                    pass
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class PagefindService:
    """The Pagefind binary in service mode (``pagefind --service``), one request at a time.

    This speaks the protocol of the ``pagefind`` Python package (base64 of a JSON message,
    then a comma, each way; the service answers in order). The package's own client waits
    0.1 s before reading each answer (``PagefindService._wait_for_responses`` in 1.5.2):
    two minutes of sleep for the 1,338 pages of a 500-interview site, where the binary
    needs seconds. The binary is the one that package finds (``PAGEFIND_BINARY_PATH``,
    then ``pagefind_bin``'s). Errors are ``KBError``s naming Pagefind's last words.
    """

    def __init__(self, site: Path, process: subprocess.Popen[bytes] | None, stderr: IO[bytes]) -> None:
        self.site, self._process, self._stderr = site, process, stderr
        self._messages = 0
        self._buffer = bytearray()

    def new_index(self, language: str) -> int:
        config = {"force_language": language, "exclude_selectors": [".headerlink"]}  # the ¶ permalinks
        return int(self._request({"type": "NewIndex", "config": config}, "NewIndex")["index_id"])

    def add_page(self, index: int, url: str, html: str) -> None:
        self._request({"type": "AddFile", "index_id": index, "url": url, "file_path": None,
                       "file_contents": html}, "IndexedFile")

    def write_bundle(self, index: int, bundle: Path) -> None:
        """Write the index's bundle into ``bundle``, every file complete when this returns.

        The files come back in the answer (``GetFiles``) and are written here: the service's
        own ``WriteFiles`` answers before tokio has finished writing them, and the service
        exits at the end of its input without waiting for those writes.
        """
        files = self._request({"type": "GetFiles", "index_id": index}, "GetFiles")["files"]
        for file in sorted(files, key=lambda f: f["path"]):
            rel = PurePosixPath(Path(file["path"]).as_posix())
            if rel.is_absolute() or ".." in rel.parts:
                raise self.error(f"a file outside its bundle: {rel}")
            target = bundle.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file["content"]))

    def _request(self, payload: dict[str, Any], answer: str) -> dict[str, Any]:
        assert self._process is not None and self._process.stdin is not None
        self._messages += 1
        message = json.dumps({"message_id": self._messages, "payload": payload}).encode("utf-8")
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except OSError:
            raise self.stopped() from None
        response = self._read()
        reply = response.get("payload") or {}
        if response.get("message_id") != self._messages or reply.get("type") != answer:
            raise self.error(str(reply.get("message") or reply))
        return reply

    def _read(self) -> dict[str, Any]:
        assert self._process is not None and self._process.stdout is not None
        end = self._buffer.find(b",")
        while end < 0:  # a whole bundle can be one answer: look for the comma in new bytes only
            scanned = len(self._buffer)
            chunk = self._process.stdout.read1(1 << 20)
            if not chunk:
                raise self.stopped()
            self._buffer += chunk
            end = self._buffer.find(b",", scanned)
        raw, self._buffer = bytes(self._buffer[:end]), self._buffer[end + 1:]
        try:
            return json.loads(base64.b64decode(raw))
        except ValueError as exc:
            raise self.error(f"unreadable answer ({exc})") from None

    def stopped(self) -> KBError:
        """The error for a service that exited: once it has, so that its last words are in."""
        if self._process is not None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        return self.error("it stopped")

    def error(self, what: str) -> KBError:
        self._stderr.seek(0)
        said = " | ".join(self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-6:])
        return KBError(Problem(str(self.site), f"Pagefind could not index the site: {what}"
                                               + (f" ({said})" if said else ""), hint=_INSTALL))
