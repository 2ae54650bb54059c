"""Raw HTML blocks in generated pages: written as HTML, kept away from Markdown by the hook.

Why: an interview page is its transcript, thousands of paragraphs whose HTML we already
build in full (escaped text, highlights, links). Written as ``<div markdown>`` blocks,
Python-Markdown parsed every tag (md_in_html), ran every inline pattern over every word and
rebuilt it all: at 500 interviews most of ``mkdocs build`` went there (docs/scaling.md).

How: the render code wraps such a run of HTML in ``RAW_START`` ... ``RAW_END`` (HTML
comments, so the page stays a complete Markdown page for ``kb build --out`` and other
renderers). Under MkDocs the hook swaps each run for a placeholder comment before Markdown
sees the page (``stash``) and puts it back in the HTML Markdown made (``restore``),
with the glossary's tooltips (``Abbreviations``, what the ``abbr`` extension does to the
rest of the page) and its ids reported to MkDocs' anchor check.

Everything inside a run must already be HTML made from escaped text (render/escape.py);
links in it are the addresses the browser follows (``paths.url``), since MkDocs does not
rewrite raw HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from markupsafe import Markup

from .escape import escape_text

RAW_START = "<!-- kb:raw -->"
RAW_END = "<!-- /kb:raw -->"
_RUN = re.compile(re.escape(RAW_START) + r"\n(.*?)\n" + re.escape(RAW_END), re.DOTALL)
_PLACEHOLDER = "<!--kb-raw-{}-->"
_PLACED = re.compile(r"<!--kb-raw-(\d+)-->")
_ID = re.compile(r'\sid="([^"]+)"')


class RawBlockError(Exception):
    """A placeholder did not come back out of Markdown (a bug in a template, not user input)."""


def raw_run(html_blocks: Iterable[str]) -> Markup:
    """HTML blocks (already safe) as one run the hook keeps away from Markdown.

    The blocks must not contain blank lines: CommonMark ends an HTML block at one, so
    another renderer reading the page would parse the rest as Markdown."""
    body = "\n".join(html_blocks)
    return Markup(f"{RAW_START}\n{body}\n{RAW_END}")


def stash(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with every raw run replaced by a placeholder block, and the runs."""
    runs: list[str] = []

    def keep(match: re.Match[str]) -> str:
        runs.append(match.group(1))
        return "\n\n" + _PLACEHOLDER.format(len(runs) - 1) + "\n\n"

    return _RUN.sub(keep, markdown), runs


def restore(content: str, runs: list[str], *, mark: Abbreviations | None = None) -> str:
    """The HTML of a page with its stashed runs back in place (glossary tooltips added)."""
    if not runs:
        return content
    seen: set[int] = set()

    def put(match: re.Match[str]) -> str:
        number = int(match.group(1))
        seen.add(number)
        run = runs[number]
        return mark.apply(run) if mark is not None else run

    out = _PLACED.sub(put, content)
    if len(seen) != len(runs):
        raise RawBlockError(f"{len(runs) - len(seen)} raw HTML run(s) lost in Markdown")
    return out


def anchor_ids(runs: Iterable[str]) -> set[str]:
    """The ``id`` attributes in the runs: MkDocs' anchor check cannot see into them."""
    return {html.unescape(i) for run in runs for i in _ID.findall(run)}


class Abbreviations:
    """The glossary's tooltips for HTML we wrote ourselves: each spelling, in text (never
    inside a tag, code, or an elision's left-out words), wrapped in ``<abbr title="definition">``,
    as the ``abbr`` extension does in the Markdown part of a page (longest spelling first,
    whole words only), but only at its first occurrence in a run: a run is one quote card or
    one table, and a definition repeated at every "DevOps" of a card (40 times on the MLOps
    page) only weighed the page (issue 9)."""

    def __init__(self, titles: Mapping[str, str]) -> None:
        # Raw HTML holds text escaped by escape_text, so look for the escaped spellings.
        # Titles escaped as Python-Markdown's serializer escapes attributes.
        self._titles = {str(escape_text(s)): html.escape(t, quote=False).replace('"', "&quot;")
                        for s, t in titles.items() if s}
        spellings = sorted(self._titles, key=len, reverse=True)
        words = _alternation(spellings)
        # A tag is skipped whole, and so are code (the CSL-JSON) and the words an elision
        # leaves out, as Markdown leaves them; a spelling is matched in the text between tags.
        # Tooltips are for the reading text: a quote card's caption (its line, citation and
        # addresses), its editor's note and the page's list of sources get none (issue 9: they
        # repeated every definition in every card).
        skipped = (r"<pre\b.*?</pre>|<code\b.*?</code>|<details class=\"kb-elision\">.*?</details>"
                   r"|<figcaption\b.*?</figcaption>|<p class=\"kb-quote__note\".*?</p>"
                   r"|<section class=\"kb-sources\".*?</section>|<[^>]*>")
        # The lookahead is one character test where nothing can start: without it, every
        # position of the page's text tried each branch in turn (docs/scaling.md).
        starts = "".join(sorted({re.escape(s[0]) for s in spellings}))
        self._pattern = (re.compile(rf"(?=[<{starts}])(?:({skipped})|\b{words}\b)", re.DOTALL)
                         if spellings else None)

    def apply(self, run: str) -> str:
        if self._pattern is None:
            return run
        seen: set[str] = set()

        def wrap(match: re.Match[str]) -> str:
            if match.group(1) is not None:
                return match.group(1)
            word = match.group(0)
            if word in seen:
                return word
            seen.add(word)
            return f'<abbr title="{self._titles[word]}">{word}</abbr>'

        return self._pattern.sub(wrap, run)


def _alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, written as a trie: ``Auto(?:ML|matic)``
    rather than ``AutoML|Automatic``. Python's engine tries an alternation's branches one by
    one at each position; shared prefixes are then read once. Where one word is the start of
    another, the longer is tried first (a greedy optional group), as the longest-first list
    it replaces did."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)
