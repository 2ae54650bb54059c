"""The coverage matrix of the themes index: themes x interviews as an HTML table, shaded by
how much each interview says on each theme.

Shading is a ``--kb-heat`` value that docs/stylesheets/charts.css turns into a tint of
Material's primary colour. The table is one raw HTML run (render/raw_blocks.py): Markdown
adds nothing to it, its links are browser addresses (paths.url), no line is blank. A long
corpus's matrix is cut into pages of ``MATRIX_ROWS`` interviews (render/themes.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..models import Corpus, Interview
from . import paths
from .escape import fixed_number, html_link, safe_id
from .lookup import THEME_PAGE_QUOTES, THEME_QUOTE_PAGES
from .raw_blocks import raw_run


@dataclass(frozen=True)
class Cell:
    """One theme x interview cell of the coverage matrix."""

    quotes: int
    paragraphs: int
    target: str | None  # page path (+ anchor) the cell links to, None when empty


def matrix_cell(interview: Interview, theme_slug: str, *, theme_page_number: int | None = 1) -> Cell:
    """Counts for one cell and where it leads: the interview's quotes on the theme page
    (``theme_page_number``), or its first quote on the theme in the transcript when the
    theme's pages show none of them (None: a long theme, lookup.THEME_QUOTE_PAGES), or, with
    tagged paragraphs but no quote, the first such paragraph of the transcript."""
    on_theme = [q for q in interview.quotes if theme_slug in q.themes]
    quotes = len(on_theme)
    tagged = [p for p in interview.paragraphs if theme_slug in p.themes]
    if quotes and theme_page_number is not None:
        target = (paths.theme_quotes_page(theme_slug, theme_page_number) + "#"
                  + paths.theme_section_anchor(interview.slug))
    elif quotes:
        page, anchor = paths.quote_in_transcript(interview.slug, on_theme[0])
        target = page + ("#" + anchor if anchor else "")
    elif tagged:
        target = paths.interview_page(interview.slug) + "#" + safe_id(tagged[0].id)
    else:
        target = None
    return Cell(quotes=quotes, paragraphs=len(tagged), target=target)


def largest_cell(corpus: Corpus) -> int:
    """The most tagged paragraphs any interview has on one theme (at least 1)."""
    return max((sum(1 for p in i.paragraphs if t.slug in p.themes) for i in corpus.interviews
                for t in corpus.themes), default=0) or 1


def _relative(page: str, target: str) -> str:
    to_page, _, anchor = target.partition("#")
    return paths.url(page, to_page, anchor or None)


def coverage_matrix(corpus: Corpus, *, page: str,
                    theme_page_of: Callable[[str, str], int | None] | None = None,
                    interviews: Sequence[Interview] | None = None, most: int | None = None) -> Markup:
    """Themes (columns) x interviews (rows): quotes over tagged paragraphs, shaded by paragraphs.

    ``interviews``: the rows of this page (default: every interview). Shading comes from
    ``--kb-heat`` (0 to 1: paragraphs / ``most``, the largest cell of the whole corpus, so
    that pages of a long matrix shade alike), which charts.css turns into a tint of the
    primary colour; the numbers carry the meaning.
    """
    rows_of = list(corpus.interviews if interviews is None else interviews)

    in_transcript = False  # a cell leads to quotes the theme's pages do not show

    # theme_page_of(theme, interview): which page of a long theme holds the interview's quotes.
    def cell_of(interview: Interview, theme_slug: str) -> Cell:
        nonlocal in_transcript
        number = theme_page_of(theme_slug, interview.slug) if theme_page_of else 1
        cell = matrix_cell(interview, theme_slug, theme_page_number=number)
        in_transcript = in_transcript or (number is None and cell.quotes > 0)
        return cell

    most = most if most is not None else largest_cell(corpus)
    head = "".join(f'<th scope="col">{html_link(t.title, paths.url(page, paths.theme_page(t.slug)))}</th>'
                   for t in corpus.themes)
    rows = []
    for interview in rows_of:
        title = html_link(interview.title, paths.url(page, paths.interview_page(interview.slug)))
        tds = []
        for theme in corpus.themes:
            cell = cell_of(interview, theme.slug)
            heat = fixed_number(round(cell.paragraphs / most, 2))
            numbers = (f'<span class="kb-matrix__quotes">{cell.quotes}<span class="kb-sr"> quotes,</span></span>'
                       f'<span class="kb-matrix__paragraphs">{cell.paragraphs}'
                       f'<span class="kb-sr"> tagged paragraphs</span></span>')
            content = f'<a href="{_relative(page, cell.target)}">{numbers}</a>' if cell.target else numbers
            tds.append(f'<td style="--kb-heat: {heat}">{content}</td>')
        rows.append(f'<tr><th scope="row">{title}</th>{"".join(tds)}</tr>')
    return raw_run([
        '<div class="kb-matrix">',
        '<table class="kb-matrix__table">',
        ("<caption>Coverage of each theme in each interview: "
        "<strong>quotes</strong> (bold, above) and tagged paragraphs (below). "
        "Darker cells have more tagged paragraphs. "
        "A cell links to the interview's quotes on the theme page, or to its first tagged "
        "paragraph when no quote is on the theme yet"
        + ("; to its first quote in the transcript when the theme's pages, which show at most "
           f"{THEME_QUOTE_PAGES * THEME_PAGE_QUOTES} of its quotes, leave them out" if in_transcript else "")
        + ".</caption>"),
        f'<thead><tr><th scope="col">Interview</th>{head}</tr></thead>',
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</div>",
    ])
