"""kb build --out DIR: write the generated pages, kb.json and the schema to DIR."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import project_root


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("build", help="write the generated Markdown pages and kb.json to a folder")
    parser.add_argument("--out", required=True, type=Path,
                        help="output folder; replaced only when the whole build succeeds")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `kb --help` and the other commands do not pay for it.
    from ..build import write_site_sources
    count = write_site_sources(project_root(args), args.out)
    print(f"wrote {count} files to {args.out}")
    return 0
