"""kb new [RAW_FILE]: start transcripts/<slug>.md from a raw file (or from nothing)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import KBError, Problem
from ..layout import TRANSCRIPTS_DIR
from ..schemas import load_schema
from ..source_files import MAX_FILE_BYTES, display_path, read_bytes
from . import project_root


def register(sub: argparse._SubParsersAction) -> None:
    props = load_schema("transcript")["properties"]
    parser = sub.add_parser(
        "new", help="start a transcript file from a raw file (text, m:ss captions, WebVTT, SRT, Q&A Markdown, "
                    "a DataTalks.Club episode page, Podcasting 2.0 JSON) or from nothing",
        description="Write transcripts/<slug>.md: a front-matter template whose comments explain every "
                    "field, followed by the raw file's bytes unchanged. Never overwrites a file.")
    parser.add_argument("raw", nargs="?", type=Path, metavar="RAW_FILE",
                        help="the raw transcript as received (UTF-8 text, at most "
                             f"{MAX_FILE_BYTES // (1024 * 1024)} MB); leave out to start empty")
    parser.add_argument("--slug", help="file and URL name (default: from --title, else from RAW_FILE's name)")
    parser.add_argument("--title", help="title of the interview")
    parser.add_argument("--language", choices=props["language"]["enum"],
                        help="language of the raw text (default: guessed)")
    parser.add_argument("--format", dest="fmt", choices=props["format"]["enum"],
                        help="reader for the raw text (default: guessed from its shape)")
    parser.add_argument("--date", help="YYYY-MM-DD, YYYY-MM or YYYY")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `kb --help` and the other commands do not pay for it.
    from ..scaffold import scaffold_transcript, slugify, write_new_transcript

    root = project_root(args)
    raw: bytes | None = None
    if args.raw is not None:
        raw, problems = read_bytes(args.raw)
        if raw is None:
            raise KBError(problems)
    slug = args.slug or _short(slugify(args.title or "") or (slugify(args.raw.stem) if args.raw else ""))
    if not slug:
        raise KBError(Problem("kb new", "no name for the new file", field="slug",
                              hint="give --slug my-interview-name or --title \"...\""))
    if slugify(slug) != slug:
        raise KBError(Problem("kb new", f"{slug!r} is not a valid slug", field="slug",
                              hint=f"use lower-case letters, digits and single hyphens, e.g. {slugify(slug)!r}"))
    scaffold = scaffold_transcript(raw, name=display_path(args.raw) if args.raw else "(new file)", slug=slug,
                                   title=args.title, language=args.language, fmt=args.fmt, date=args.date)
    path = write_new_transcript(root / TRANSCRIPTS_DIR, scaffold)
    print(f"wrote {display_path(path)}")
    if scaffold.format:
        print(f"  format: {scaffold.format} ({scaffold.format_reason})")
    else:
        print(f"  format: not set ({scaffold.format_reason})")
    print(f"  language: {scaffold.language} ({scaffold.language_reason})")
    for line in scaffold.imported:
        print(f"  from the page: {line}")
    if scaffold.speakers:
        print(f"  speakers found in the text: {', '.join(scaffold.speakers)} (check each one's id, name and kind)")
    elif scaffold.roles:
        print("  questions and answers found, but no names: fill in `qa:` with the speaker ids of who asks "
              "(or null) and who answers")
    elif scaffold.preview:
        print("  no speaker labels found: every paragraph is 'Unknown speaker' until you say who speaks.")
        print("    one speaker throughout: list them in `speakers:` with kind 'author' or add one turn;")
        print("    several: add `turns:` (each with `speaker` and `at: \"m:ss\"` or `starts: \"first words\"`).")
    if scaffold.preview:
        print("  preview (first paragraphs as the site will show them):")
        for line in scaffold.preview:
            print(f"    {line}")
    print("next: fill in the fields marked (required), then run `kb check`; "
          "`kb suggest` proposes quotes. See docs/contributing.md.")
    return 0


def _short(slug: str, limit: int = 60) -> str:
    """A slug from a long title or file name, cut at a hyphen to at most ``limit`` characters."""
    if len(slug) <= limit:
        return slug
    return slug[:limit + 1].rsplit("-", 1)[0].strip("-") or slug[:limit].strip("-")
