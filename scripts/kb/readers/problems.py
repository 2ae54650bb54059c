"""The one way a reader reports what is wrong with a body: every problem, up to a limit.

A body with a systematic mistake (every caption line malformed) would otherwise print
thousands of lines; the first ``LIMIT`` name their line, then one line says how many more.
"""

from __future__ import annotations

from ..errors import KBError, Problem

LIMIT = 20


def read_error(problems: list[Problem] | Problem) -> KBError:
    """The KBError a reader raises: ``problems`` (at most LIMIT, plus a count of the others)."""
    items = [problems] if isinstance(problems, Problem) else list(problems)
    if len(items) > LIMIT:
        first = items[0]
        items = items[:LIMIT] + [Problem(first.file, f"... and {len(items) - LIMIT} more problems like these",
                                         field=first.field)]
    return KBError(items)
