"""kb stats: quotes per theme, interviews per theme, themes per interview (and the targets)."""

from __future__ import annotations

import argparse

from ..stats import (
    MIN_INTERVIEWS_PER_THEME,
    MIN_QUOTES_PER_THEME,
    MIN_THEMES_PER_INTERVIEW,
    interview_counts,
    theme_counts,
)
from . import project_root


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("stats", help="count quotes per theme, interviews per theme, themes per interview")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 unless every theme has >= {MIN_QUOTES_PER_THEME} quotes from "
                             f">= {MIN_INTERVIEWS_PER_THEME} interviews and every interview covers "
                             f">= {MIN_THEMES_PER_INTERVIEW} themes")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `kb --help` and the other commands do not pay for it.
    from ..corpus import load_corpus

    corpus = load_corpus(project_root(args))
    themes, interviews = theme_counts(corpus), interview_counts(corpus)
    print(f"Quotes and interviews per theme (target: >= {MIN_QUOTES_PER_THEME} quotes "
          f"from >= {MIN_INTERVIEWS_PER_THEME} interviews)")
    width = max(len(t.slug) for t in themes)
    for t in themes:
        mark = "" if t.on_target else "   <- below target"
        print(f"  {t.slug:<{width}}  {t.quotes:>3} quotes  {len(t.interviews)} interviews{mark}")
    print(f"Themes per interview (target: >= {MIN_THEMES_PER_INTERVIEW})")
    width = max(len(i.slug) for i in interviews)
    for i in interviews:
        mark = "" if i.on_target else "   <- below target"
        print(f"  {i.slug:<{width}}  {len(i.themes)} themes: {', '.join(i.themes)}{mark}")
    missed = [t for t in themes if not t.on_target] + [i for i in interviews if not i.on_target]
    if args.check and missed:
        print(f"{len(missed)} target(s) missed.")
        return 1
    return 0
