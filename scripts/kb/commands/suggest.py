"""kb suggest FILE: candidate quotes per theme for a transcript, as YAML for its front matter."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("suggest", help="suggest quotes per theme for a transcript (YAML to paste)")
    parser.add_argument("file", type=Path,
                        help="a transcript (front matter + body) or a raw .vtt, .srt or .txt file")
    parser.add_argument("--per-theme", type=int, default=3, metavar="N",
                        help="suggestions per theme (default: 3)")
    parser.add_argument("--language", choices=("en", "fr"), default=None,
                        help="override the language (default: front matter, or guessed for raw files)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `kb --help` and the other commands do not pay for it.
    from ..suggest import format_suggestions, read_draft, suggest_quotes
    draft = read_draft(args.file, language=args.language)
    print(format_suggestions(draft, suggest_quotes(draft, per_theme=max(1, args.per_theme))), end="")
    return 0
