"""What the search index learns about a page beyond its text: filters and metadata.

Pagefind (scripts/kb/search_index.py) reads them from ``data-pagefind-filter`` and
``data-pagefind-meta`` elements. They sit in one hidden block at the end of a page, marked
``data-pagefind-ignore="index"`` so their words are not indexed as page text while Pagefind
still reads the filters and metadata inside it (``="all"``, used on the pages' apparatus,
would drop those too). The search box (docs/javascripts/search.js)
offers the filters and shows the speaker of a transcript hit from ``kb_speakers``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from markupsafe import Markup

from ..models import Interview, Theme
from .escape import escape_text

# Filter names, as the search box shows them.
THEME, INTERVIEW, PERSON = "theme", "interview", "person"
# Metadata on a theme's own page only: its names. Pagefind 1.5 indexes metadata words and
# adds a boost to a page whose metadata holds the query, so "roles" or "métiers" puts the
# Roles page above its quote pages 2, 3... (whose titles say "Roles" too, on shorter pages
# that Pagefind's length normalisation favours). Measured by kb bench's everyday queries.
THEME_NAMES = "kb_theme"


def search_facets(*, filters: dict[str, Iterable[str]], meta: dict[str, str] | None = None) -> Markup:
    """The hidden block of filters (name -> values) and metadata (name -> value) of a page."""
    lines = ['<div class="kb-search-facets" hidden data-pagefind-ignore="index">']
    for name, values in filters.items():
        for value in dict.fromkeys(values):  # once each, in order
            lines.append(f'<span data-pagefind-filter="{name}">{escape_text(value)}</span>')
    for name, value in (meta or {}).items():
        lines.append(f'<span data-pagefind-meta="{name}">{escape_text(value)}</span>')
    lines.append("</div>")
    return Markup("\n".join(lines))


def theme_names(theme: Theme) -> str:
    """A theme's English title and French names, as its page's ``kb_theme`` metadata."""
    return " ".join(dict.fromkeys([theme.title, *theme.french_names]))


def speaker_turns(interview: Interview) -> str:
    """``{"paragraph id": "speaker name"}`` at each change of speaker, in reading order.

    A transcript hit lands on a paragraph; the search box names its speaker from the last
    turn that starts at or before it. Turns, not every paragraph, keep each interview's
    search fragment small.
    """
    turns: dict[str, str] = {}
    current: str | None = None
    for paragraph in interview.paragraphs:
        speaker = interview.speaker(paragraph.speaker)
        name = speaker.name if speaker else "Unknown speaker"
        if name != current:
            turns[paragraph.id] = name
            current = name
    return json.dumps(turns, ensure_ascii=False, separators=(",", ":"))
