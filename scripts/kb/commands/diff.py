"""kb diff BASE [HEAD]: what changes for readers between two git revisions (Markdown)."""

from __future__ import annotations

import argparse
import sys

from . import project_root

# Exit status when the revisions could not be compared (1 is a comparison's own problems in
# other commands; here, any output on stdout is a complete comparison).
CANNOT_COMPARE = 2


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "diff", help="what changes for readers between two git revisions (quotes, interviews, pages)",
        description="Compare the knowledge base at two git revisions and print, in Markdown, what "
                    "changes for readers. Neither revision is checked out: the working tree is never "
                    "touched. Exit 0 when the comparison was made, 2 when it could not be.")
    parser.add_argument("base", metavar="BASE", help="the revision to compare from, e.g. main")
    parser.add_argument("head", metavar="HEAD", nargs="?", default=None,
                        help="the revision to compare to (default: the working tree, uncommitted changes included)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `kb --help` and the other commands do not pay for it.
    from ..corpus_diff import compare, render_markdown
    from ..revisions import RevisionError, load_snapshot
    root = project_root(args)
    try:
        base = load_snapshot(root, args.base)
        head = load_snapshot(root, args.head)
    except RevisionError as exc:
        print(f"kb diff: cannot compare: {exc.message}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  error: {problem}", file=sys.stderr)
        return CANNOT_COMPARE
    sys.stdout.write(render_markdown(compare(base, head)))
    return 0
