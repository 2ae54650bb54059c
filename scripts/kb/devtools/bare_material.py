"""The baseline ``kb bench`` compares the full build with: bare Material over the same text.

Why: a build's seconds mean little alone (machines differ, the machine is shared); what
issue 16 asks is how much the knowledge base costs *over* what MkDocs and Material cost for
the same words anyway. The bare project is what a maintainer would get by dropping each
transcript's text into ``docs/`` as a plain page and building it with Material, defaults
and its search plugin on: no hook, no generated apparatus, no quotes, no tags, no
Markdown extensions, the whole navigation in every page as Material does by default.

Each transcript becomes ``docs/<slug>.md``: its title as the heading, then the text its
reader finds in the body (captions, labelled turns, sentences...) in paragraphs of about
``PARAGRAPH_WORDS`` words or where the source breaks, HTML-escaped so that no stray
character turns into markup. The readers are the pipeline's own, so the words are the same
as on the interview pages; nothing is tagged, verified or normalised further.
"""

from __future__ import annotations

import html
from pathlib import Path

from ..corpus import transcript_paths
from ..errors import KBError, Problem
from ..frontmatter_loader import load_transcript
from ..readers import detect_format, read_body

PARAGRAPH_WORDS = 120  # about the length of a paragraph on an interview page
CONFIG = """\
site_name: Bare Material baseline
theme:
  name: material
  font: false
plugins:
  - search
"""


def write_bare_project(source: Path, target: Path) -> int:
    """Write the bare project for the transcripts of project ``source`` into ``target``
    (which must not exist). Returns the number of pages written."""
    docs = target / "docs"
    docs.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(CONFIG, "utf-8")
    paths = transcript_paths(source)
    links = []
    for path in paths:
        title, paragraphs = transcript_text(path)
        (docs / f"{path.stem}.md").write_text(_page(title, paragraphs), "utf-8")
        links.append(f"- [{html.escape(title)}]({path.stem}.md)")
    (docs / "index.md").write_text("# Interviews\n\n" + "\n".join(links) + "\n", "utf-8")
    return len(paths) + 1


def transcript_text(path: Path) -> tuple[str, list[str]]:
    """The transcript's title and its body's text in paragraphs (plain text, not escaped)."""
    source, problems = load_transcript(path)
    if source is None or problems:
        raise KBError(problems or [Problem(str(path), "cannot read transcript")])
    fmt = source.meta.get("format") or detect_format(source.body)[0]
    read = read_body(fmt, source.body, name=str(path), body_line=source.body_line)
    paragraphs: list[str] = []
    words: list[str] = []
    for segment in read.segments:
        if words and (segment.hard_break or len(words) >= PARAGRAPH_WORDS):
            paragraphs.append(" ".join(words))
            words = []
        words.extend(segment.text.split())
    if words:
        paragraphs.append(" ".join(words))
    return str(source.meta.get("title") or path.stem), paragraphs


def _page(title: str, paragraphs: list[str]) -> str:
    return "\n\n".join([f"# {html.escape(title)}", *(html.escape(p) for p in paragraphs)]) + "\n"
