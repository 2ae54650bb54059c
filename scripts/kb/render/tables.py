"""Tables that become stacked cards on a phone (templates/table.md.j2).

A wide table squeezed onto a 390 px screen either scrolls sideways or crushes its columns.
These tables are written as HTML whose cells carry their column's name (``data-label``),
so that kb.css can show each row as a card on small screens, every value under its
column's name, while desktops keep the table. Cells are Markdown (md_in_html), already
escaped by the caller: links, emphasis and the glossary's abbreviations still work.
"""

from __future__ import annotations

from markupsafe import Markup

from .escape import escape_attribute
from .templating import render_template


def stacked_table(header: list[Markup], rows: list[list[Markup]], *, labels: list[str] | None = None,
                  css: str = "") -> Markup:
    """An HTML table for Markdown pages: ``header`` cells, then ``rows`` of safe inline Markdown.

    ``labels`` are the plain-text column names shown above each value on a phone (default:
    the header cells' text as given). Every row must have one cell per column.
    """
    names = labels if labels is not None else [str(h) for h in header]
    if len(names) != len(header) or any(len(row) != len(header) for row in rows):
        raise ValueError("every row of a table needs one cell per column")
    return Markup(render_template(
        "table.md.j2", css=css, header=header, rows=rows,
        labels=[Markup(escape_attribute(name)) for name in names],
    ).rstrip("\n"))
