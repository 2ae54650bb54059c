"""`mkdocs serve`: do not convert again a page whose Markdown did not change.

Whenever a save changes what every page shows (the navigation, the tags, a hand-written
file: kb.preview.site_wide_key), and on every save under ``serve --strict`` or ``--clean``,
MkDocs renders every page again: each page's Markdown goes through Python-Markdown again
(``Page.render``), though a save changes the Markdown of a few pages only. Under ``serve`` the hook gives each page a ``render`` that first looks
here: when the page's final Markdown (after every ``on_page_markdown``) and everything else
the conversion reads (the Markdown extensions and their settings, the site's files and
their addresses, the link validation settings) are exactly those of a conversion made
earlier in this server's life, it takes that conversion's HTML, table of contents, title,
anchor ids and links to anchors, and replays the warnings it logged; otherwise it converts
as MkDocs does and keeps the result. So a page is never shown stale: anything that could
change the HTML is part of the key. ``mkdocs build`` never uses it.

The HTML kept is MkDocs' conversion, before ``on_page_content``: the hook still puts the
raw HTML runs back in (render/raw_blocks.py), so a transcript page whose runs changed but
whose Markdown around them did not is still a hit and still shows the change. What the hook
makes of a reused conversion (the runs put back with the glossary's tooltips, the HTML
packed) is kept too, by page, and reused when the runs are the same as well (``finished``):
the tooltips come from the glossary, which is in the context (the abbr settings).
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


@dataclass(frozen=True)
class _Conversion:
    markdown: bytes  # sha256 of the Markdown converted
    content: str
    toc: Any
    title: str | None
    anchor_ids: frozenset[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    records: tuple[logging.LogRecord, ...]  # what the conversion logged, replayed on a hit


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class RenderMemo:
    """One server's conversions, by page (src_uri); only the latest of each page is kept."""

    def __init__(self) -> None:
        self._context: str | None = None  # of the conversions kept
        self._build_context: str | None = None  # of this build, worked out on its first page
        self._pages: dict[str, _Conversion] = {}
        self.hits = 0
        self.misses = 0
        self._reused: set[str] = set()  # src_uri of the pages whose conversion this build reused
        self._finished: dict[str, tuple[bytes, Any]] = {}  # src_uri -> (digest of its runs, result)

    def start_build(self) -> None:
        """Called at each build: the context is worked out again on its first page."""
        self._build_context: str | None = None
        self.hits = self.misses = 0
        self._reused = set()

    def install(self, page: Page) -> None:
        """Make ``page.render`` (called by MkDocs after ``on_page_markdown``) go through here."""
        page.render = lambda config, files: self.render(page, config, files)  # type: ignore[method-assign]

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        context = self._build_context
        if context is None:
            context = self._build_context = _context(config, files)
            if context != self._context:  # other extensions, settings or files: start afresh
                self._context, self._pages, self._finished = context, {}, {}
        assert page.markdown is not None
        key = hashlib.sha256(page.markdown.encode("utf-8")).digest()
        kept = self._pages.get(page.file.src_uri)
        if kept is not None and kept.markdown == key:
            self.hits += 1
            self._reused.add(page.file.src_uri)
            _apply(page, kept, files)
            return
        self.misses += 1
        capture = _Capture()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(capture)
        try:
            Page.render(page, config, files)
        finally:
            logger.removeHandler(capture)
        links = page.links_to_anchors
        self._pages[page.file.src_uri] = _Conversion(
            markdown=key, content=page.content or "", toc=copy.deepcopy(page.toc),
            title=page._title_from_render,
            anchor_ids=None if page.present_anchor_ids is None else frozenset(page.present_anchor_ids),
            links_to_anchors=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
            records=tuple(capture.records))

    def finished(self, page: Page, runs: list[str], finish: Callable[[], Any]) -> Any:
        """``finish()``: what the hook makes of the page's converted HTML and its raw ``runs``;
        or its result at an earlier build, when this build reused the page's conversion (same
        Markdown, same context) and the runs are the same too."""
        uri = page.file.src_uri
        key = hashlib.sha256("\0".join(runs).encode("utf-8")).digest()
        kept = self._finished.get(uri)
        if kept is not None and kept[0] == key and uri in self._reused:
            return kept[1]
        result = finish()
        self._finished[uri] = (key, result)
        return result


def _apply(page: Page, kept: _Conversion, files: Files) -> None:
    page.content = kept.content
    page.toc = copy.deepcopy(kept.toc)  # Material's tags plugin edits a listing page's toc
    page._title_from_render = kept.title
    page.present_anchor_ids = None if kept.anchor_ids is None else set(kept.anchor_ids)
    if kept.links_to_anchors is None:
        page.links_to_anchors = None
    else:  # the same src_uris exist: the files are part of the context
        page.links_to_anchors = {files.get_file_from_path(uri): dict(v)  # type: ignore[misc]
                                 for uri, v in kept.links_to_anchors.items()}
    for record in kept.records:
        logging.getLogger(record.name).handle(record)


def _context(config: MkDocsConfig, files: Files) -> str:
    """Everything a page's conversion reads besides its Markdown, as one digest. A setting
    that has no stable text (a function) gives a new digest each build: no page is reused."""
    digest = hashlib.sha256()
    settings = {
        "extensions": [e if isinstance(e, str) else repr(e) for e in config.markdown_extensions],
        "mdx_configs": config.mdx_configs,
        "use_directory_urls": config.use_directory_urls,
        "validation": config.validation,
        "log_level": logging.getLogger("mkdocs").getEffectiveLevel(),
    }
    try:
        text = json.dumps(settings, sort_keys=True, default=repr)
    except (TypeError, ValueError):  # keys json cannot sort or write
        text = repr(settings)
    digest.update(text.encode("utf-8"))
    for file in files:
        digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.inclusion}\n".encode())
    return digest.hexdigest()
