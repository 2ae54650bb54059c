"""kb check: validate every transcript (front matter, speakers, themes, quotes, turns)."""

from __future__ import annotations

import argparse
import sys

from . import project_root


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="validate every transcript: front matter, speakers, themes, quotes")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `kb --help` and the other commands do not pay for it.
    from ..corpus import load_corpus
    notices: list[str] = []
    corpus = load_corpus(project_root(args), notices=notices)
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    quotes = sum(len(i.quotes) for i in corpus.interviews)
    print(f"ok: {len(corpus.interviews)} interviews, {quotes} quotes verified, "
          f"{len(corpus.people)} people, {len(corpus.themes)} themes")
    return 0
