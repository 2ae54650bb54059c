"""kb check: validate every transcript (front matter, speakers, themes, quotes, turns)."""

from __future__ import annotations

import argparse
import sys

from ..errors import Problem
from . import project_root


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="validate every transcript: front matter, speakers, themes, quotes")
    parser.add_argument("--strict", action="store_true",
                        help="fail on warnings too (quote on unknown-speaker text, summary outside 80-150 "
                             "words, slug over 60 characters); CI uses this")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `kb --help` and the other commands do not pay for it.
    from ..corpus import load_corpus
    notices: list[str] = []
    warnings: list[Problem] = []
    corpus = load_corpus(project_root(args), notices=notices, warnings=warnings)
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    quotes = sum(len(i.quotes) for i in corpus.interviews)
    if warnings and args.strict:
        print(f"{len(warnings)} warning(s) found; --strict makes them fail.", file=sys.stderr)
        return 1
    print(f"ok: {len(corpus.interviews)} interviews, {quotes} quotes verified, "
          f"{len(corpus.people)} people, {len(corpus.themes)} themes"
          + (f", {len(warnings)} warning(s)" if warnings else ""))
    return 0
