"""Run one function over many items on every core, in the items' order.

Loading a transcript (read, paragraphs, quote checks, tagging) is pure Python and CPU-bound:
at 500 interviews it was 12 to 16 s of a cold build on one core while the others idled
(docs/scaling.md). ``map_in_processes`` spreads such work over forked worker processes
and gives the results back in the items' order, so what is built does not depend on
which worker finished first.

Forked, not spawned: a forked worker starts with every module already imported (no second
start-up of MkDocs or the tagger), and nothing but the items and the results is pickled.
Fork is only safe in a process running a single thread (a lock another thread held at the
fork stays held in the child), so the work stays in this process when other threads run
(`mkdocs serve`: its server and watcher; there a save loads one or two transcripts), where
fork is unavailable (Windows), for a handful of items, and when ``KB_JOBS=1``.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Shared = TypeVar("Shared")

JOBS_VARIABLE = "KB_JOBS"  # how many processes at most; 1 keeps the work in this process


def jobs() -> int:
    """The worker processes to use: ``KB_JOBS`` when set, else the cores this process may use."""
    wanted = os.environ.get(JOBS_VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_in_processes(function: Callable[[Item], Result], items: Sequence[Item], *,
                     min_items: int) -> list[Result]:
    """``[function(item) for item in items]``, on several processes when that is safe and
    worth it: for ``min_items`` items or more (what pays for the workers depends on how long
    an item takes: the caller knows). ``function`` must be a module-level function; items and
    results are pickled."""
    workers = min(jobs(), len(items))
    if (workers < 2 or len(items) < min_items or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [function(item) for item in items]
    # Chunks of a few items: fewer round trips, while the workers still finish together.
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(function, items, chunksize=chunk))


# ``map_with_shared``'s function and data while its workers run: set before they are forked,
# so each worker has them in its memory from the start and nothing of them is pickled.
_shared: tuple[Callable[[Any, Any], Any], Any] | None = None


def map_with_shared(function: Callable[[Shared, Item], Result], shared: Shared, items: Sequence[Item], *,
                    min_items: int) -> list[Result]:
    """``[function(shared, item) for item in items]``, like ``map_in_processes``, where
    ``shared`` is what every call reads (the site index of a whole corpus, to render its pages).
    Workers inherit ``shared`` and ``function`` from the fork instead of being sent them: at
    500 interviews, pickling the corpus for each chunk of pages would cost more than rendering
    them. Only the items and the results are pickled."""
    global _shared
    _shared = (function, shared)
    try:
        return map_in_processes(_call_with_shared, items, min_items=min_items)
    finally:
        _shared = None


def _call_with_shared(item: Any) -> Any:
    assert _shared is not None, "map_with_shared sets it before the workers start"
    function, shared = _shared
    return function(shared, item)
