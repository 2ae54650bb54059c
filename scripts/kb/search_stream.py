"""The site's main search bundle indexed while MkDocs builds the pages, not after.

``mkdocs build`` renders pages on one core; Pagefind, a separate process, used to start
only once the site was written (``on_post_build``), and its seconds added to the build's
(at 500 interviews, 8 to 10 s of the build's 50). Here each finished page is handed to a
Pagefind process as soon as MkDocs has made it (``on_post_page``), so Pagefind works on
another core while MkDocs renders the next pages (docs/scaling.md).

The bundle must not depend on this: Pagefind numbers pages in the order they reach it, and
``kb.search_index`` gives them in sorted path order. Pages are therefore sent in that same
order, each held back until the pages sorted before it have been sent (MkDocs renders in
nearly that order: a few pages wait). At the end (``kb.search_index.build_search_index``)
the stream is used only if it holds exactly the built site's pages of its language; when
it does not (a hand-written ``.html`` file copied into the site, a ``--dirty`` build that
rendered only some pages), the bundle is made from the files as before. Either way the
bytes are those of indexing the finished site (tests/test_site_build.py).

Only the site's own language is streamed: the others (the French talk) are a few pages,
indexed from the files afterwards, each in its own process as before.
"""

from __future__ import annotations

import queue
import threading
from contextlib import ExitStack
from pathlib import Path

from .errors import KBError
from .search_index import PagefindService, indexed_html, page_url, pagefind_service

_DONE = None  # the queue's last item


class StreamedIndex:
    """One language's Pagefind index, filled from a thread as pages are handed to it."""

    def __init__(self, site: Path, language: str, pages: list[str]) -> None:
        """``pages``: the paths (relative to ``site``) expected, sorted; others handed in are ignored."""
        self.language = language
        self._pages = pages
        self._number = {rel: n for n, rel in enumerate(pages)}
        self._stack = ExitStack()
        self._service: PagefindService = self._stack.enter_context(pagefind_service(site))
        try:
            self._index = self._service.new_index(language)
        except BaseException:
            self._stack.close()
            raise
        self._queue: queue.SimpleQueue[tuple[int, str] | None] = queue.SimpleQueue()
        self._sent = 0  # pages[:sent] are in the index
        self._error: KBError | None = None
        self._thread = threading.Thread(target=self._send, name="kb-search-stream", daemon=True)
        self._thread.start()

    def add(self, rel: str, html: str) -> None:
        """A finished page (its path relative to the site, its HTML as written)."""
        number = self._number.get(rel)
        if number is not None:
            self._queue.put((number, html))

    def finish(self, pages: list[str]) -> tuple[PagefindService, int] | None:
        """Stop taking pages. The service and its index when they hold exactly ``pages`` (the
        built site's of this language, sorted), else None (the caller indexes the files).
        Raises the ``KBError`` Pagefind gave while pages were being sent."""
        self._stop()
        if self._error is not None:
            raise self._error
        if pages != self._pages or self._sent != len(pages):
            self.close()
            return None
        return self._service, self._index

    def close(self) -> None:
        """Stop the thread and the Pagefind process (at the end, or when the build fails)."""
        self._stop()
        self._stack.close()

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(_DONE)
            self._thread.join()

    def _send(self) -> None:
        waiting: dict[int, str] = {}  # pages handed in before those sorted ahead of them
        while (item := self._queue.get()) is not _DONE:
            if self._error is not None:
                continue  # keep taking pages (the build goes on), send none
            number, html = item
            waiting[number] = html
            try:
                while self._sent in waiting:
                    rel = self._pages[self._sent]
                    self._service.add_page(self._index, page_url(rel), indexed_html(waiting.pop(self._sent)))
                    self._sent += 1
            except KBError as exc:
                self._error = exc
                waiting.clear()
