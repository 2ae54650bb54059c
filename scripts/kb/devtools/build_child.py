"""``mkdocs build`` in this process, counting the transcript cache's lookups.

``python -m kb.devtools.build_child REPORT build --quiet --site-dir SITE`` runs MkDocs' own
command line exactly as ``python -m mkdocs build ...`` does, then writes ``{"hits": h,
"misses": m}`` (kb.devtools.cache_lookups) to the file REPORT, even when the build fails,
with the peak memory of this process (``python_peak_mb``) and of the largest process it ran
and waited for (``search_peak_mb``: the largest of Pagefind and the load's workers,
kb.workers), which ``kb bench`` reports beside the whole build's peak.
``kb bench`` times its full builds, cold and warm, through this so that both are the same
command and the warm one can be proved warm.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from .cache_lookups import count_lookups


def main(argv: list[str]) -> None:
    report, args = Path(argv[0]), argv[1:]
    counts = count_lookups()
    from mkdocs.__main__ import cli

    try:
        cli.main(args=args, prog_name="mkdocs")  # exits, as `python -m mkdocs` does
    finally:
        mine, children = (resource.getrusage(who).ru_maxrss / 1024  # KB on Linux
                          for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        report.write_text(json.dumps({**counts, "python_peak_mb": round(mine, 1),
                                      "search_peak_mb": round(children, 1)}), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
