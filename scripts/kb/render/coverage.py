"""The coverage matrix of the themes index: themes x interviews as an HTML table, shaded by
how much each interview says on each theme.

Shading is a ``--kb-heat`` value that docs/stylesheets/charts.css turns into a tint of
Material's primary colour. The HTML is written for Python-Markdown with ``md_in_html``:
blocks holding Markdown links carry a ``markdown`` attribute (so MkDocs resolves and
checks the ``.md`` links), and no block contains a blank line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..models import Corpus, Interview
from . import paths
from .escape import fixed_number, link, safe_id


@dataclass(frozen=True)
class Cell:
    """One theme x interview cell of the coverage matrix."""

    quotes: int
    paragraphs: int
    target: str | None  # page path (+ anchor) the cell links to, None when empty


def matrix_cell(interview: Interview, theme_slug: str, *, theme_page_number: int = 1) -> Cell:
    """Counts for one cell and where it leads: the interview's quotes on the theme page,
    or, with tagged paragraphs but no quote, the first such paragraph of the transcript."""
    quotes = sum(1 for q in interview.quotes if theme_slug in q.themes)
    tagged = [p for p in interview.paragraphs if theme_slug in p.themes]
    if quotes:
        target = (paths.theme_quotes_page(theme_slug, theme_page_number) + "#"
                  + paths.theme_section_anchor(interview.slug))
    elif tagged:
        target = paths.interview_page(interview.slug) + "#" + safe_id(tagged[0].id)
    else:
        target = None
    return Cell(quotes=quotes, paragraphs=len(tagged), target=target)


def _relative(page: str, target: str) -> str:
    to_page, _, anchor = target.partition("#")
    return paths.href(page, to_page, anchor or None)


def coverage_matrix(corpus: Corpus, *, page: str,
                    theme_page_of: Callable[[str, str], int] | None = None) -> Markup:
    """Themes (columns) x interviews (rows): quotes over tagged paragraphs, shaded by paragraphs.

    Shading comes from ``--kb-heat`` (0 to 1: paragraphs / the largest cell), which
    charts.css turns into a tint of the primary colour; the numbers carry the meaning.
    """
    # theme_page_of(theme, interview): which page of a long theme holds the interview's quotes.
    cells = {(i.slug, t.slug): matrix_cell(i, t.slug, theme_page_number=theme_page_of(t.slug, i.slug)
                                           if theme_page_of else 1)
             for i in corpus.interviews for t in corpus.themes}
    most = max((c.paragraphs for c in cells.values()), default=0) or 1
    head = "".join(
        f'<th scope="col" markdown="span">{link(t.title, paths.href(page, paths.theme_page(t.slug)))}</th>'
        for t in corpus.themes)
    rows = []
    for interview in corpus.interviews:
        title = link(interview.title, paths.href(page, paths.interview_page(interview.slug)))
        tds = []
        for theme in corpus.themes:
            cell = cells[(interview.slug, theme.slug)]
            heat = fixed_number(round(cell.paragraphs / most, 2))
            numbers = (f'<span class="kb-matrix__quotes">{cell.quotes}<span class="kb-sr"> quotes,</span></span>'
                       f'<span class="kb-matrix__paragraphs">{cell.paragraphs}'
                       f'<span class="kb-sr"> tagged paragraphs</span></span>')
            content = f"[{numbers}]({_relative(page, cell.target)})" if cell.target else numbers
            tds.append(f'<td style="--kb-heat: {heat}" markdown="span">{content}</td>')
        rows.append(f'<tr markdown><th scope="row" markdown="span">{title}</th>{"".join(tds)}</tr>')
    return Markup("\n".join([
        '<div class="kb-matrix" markdown>',
        '<table class="kb-matrix__table" markdown>',
        ('<caption markdown="span">Coverage of each theme in each interview: '
        "<strong>quotes</strong> (bold, above) and tagged paragraphs (below). "
        "Darker cells have more tagged paragraphs. "
        "A cell links to the interview's quotes on the theme page, or to its first tagged "
        "paragraph when no quote is on the theme yet.</caption>"),
        f'<thead markdown><tr markdown><th scope="col">Interview</th>{head}</tr></thead>',
        '<tbody markdown>',
        *rows,
        "</tbody>",
        "</table>",
        "</div>",
    ]))
