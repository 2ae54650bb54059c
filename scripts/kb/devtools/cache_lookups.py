"""Count the transcript cache's lookups in this process (``kb bench``'s warm figures).

``kb bench`` reports a warm build (every transcript from ``.cache/kb/transcripts/``) beside
the cold one; a "warm" figure of a build that quietly read the transcripts again (another
pipeline fingerprint, no writable home for the cache's secret, a changed key) would be a
cold figure under the wrong name. So the child processes it times count every lookup, and
the benchmark fails when a warm run missed one (``benchmark._check_warm``).
"""

from __future__ import annotations

from pathlib import Path

from ..transcript_cache import Entry, TranscriptCache


def count_lookups() -> dict[str, int]:
    """Wrap ``TranscriptCache.get`` for the rest of this process; the returned counts grow as
    it is called: ``hits`` (an entry was reused) and ``misses`` (the transcript was read)."""
    counts = {"hits": 0, "misses": 0}
    real = TranscriptCache.get

    def get(self: TranscriptCache, path: Path, data: bytes) -> Entry | None:
        entry = real(self, path, data)
        counts["hits" if entry is not None else "misses"] += 1
        return entry

    TranscriptCache.get = get  # type: ignore[method-assign]
    return counts
