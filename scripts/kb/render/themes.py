"""Theme pages (themes/<slug>.md) and the themes index (themes/index.md)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..models import Interview, Quote, Theme
from ..theme_editorial import difference_anchor, key_point_anchor
from . import paths
from .coverage import coverage_matrix, largest_cell
from .escape import escape_text
from .fragments import quote_block
from .lookup import THEME_PAGE_QUOTES, THEME_QUOTE_PAGES, GroupedQuotes, QuoteRef, SiteIndex
from .references import resolve_references
from .search import THEME, THEME_NAMES, search_facets, theme_names
from .sources import sources_section
from .structured import quotes_jsonld
from .templating import front_matter, render_template

THEME_PAGE_INTERVIEWS = 40  # interviews listed under "Interviews that cover it"; all are in the matrix
# Interviews per page of the coverage matrix: the themes index shows the first ones and says
# where the rest are; 500 rows made it an 800 KB page nobody reads whole (docs/scaling.md).
MATRIX_ROWS = 50
VIEW_HEADINGS = ("One view", "Another view", "A third view", "A fourth view")


@dataclass(frozen=True)
class QuoteGroup:
    title: str | None  # the group's title, or None when no quote has a subtopic
    shown: tuple[Markup, ...]  # quote blocks shown at once (featured first)
    more: tuple[Markup, ...]  # behind the "N more quotes" disclosure
    later: tuple[tuple[int, int, Markup], ...] = ()  # (page number, how many, link): the group's quotes there


@dataclass(frozen=True)
class DifferRow:
    anchor: str
    question: Markup
    views: tuple[Markup, ...]


def render_theme_page(site: SiteIndex, theme: Theme) -> str:
    """The theme page (data/themes.yml has been checked: references and related themes exist)."""
    page = paths.theme_page(theme.slug)

    def resolve(markdown: str) -> Markup:
        return Markup(" ".join(resolve_references(markdown, site.corpus, page=page).split()))  # one line

    intro = resolve_references(theme.intro, site.corpus, page=page)
    key_points = [(key_point_anchor(p.id), resolve(p.text)) for p in theme.key_points]
    differ = [DifferRow(difference_anchor(d.id), Markup(escape_text(d.question)), tuple(resolve(v) for v in d.views))
              for d in theme.differences]
    pages = site.theme_quote_pages(theme)
    grouped = site.theme_page_groups(theme)
    coverage = site.theme_coverage(theme.slug)
    if len(coverage) > THEME_PAGE_INTERVIEWS:  # capped: show the interviews that say most on it
        coverage = sorted(coverage, key=lambda c: (-c.quotes, -c.paragraphs))
    related = [(site.themes_by_slug[slug], paths.href(page, paths.theme_page(slug))) for slug in theme.related]
    columns = max((len(r.views) for r in differ), default=0)
    text = render_template(
        "theme.md.j2",
        front=front_matter(title=theme.title, description=theme.description, tags=[theme.title],
                           extra=_jsonld(pages[0], page=page)),
        theme=theme,
        french_names=Markup(", ").join(escape_text(n) for n in theme.french_names),
        intro=Markup(intro.strip()),
        key_points=key_points,
        differ=differ,
        view_headings=VIEW_HEADINGS[:columns],
        groups=group_quotes(site, theme, grouped[0], page=page),
        more=_more_pages(theme, len(pages), page=page, current=1),
        shown=len(pages[0]),
        on_later=sum(len(p) for p in pages[1:]),
        **_left_out(site, theme, pages, page=page),
        related=related,
        coverage=[(c, paths.href(page, paths.interview_page(c.interview.slug)))
                  for c in coverage[:THEME_PAGE_INTERVIEWS]],
        coverage_more=max(0, len(coverage) - THEME_PAGE_INTERVIEWS),
        interviews_index=paths.href(page, paths.INTERVIEWS_INDEX),
        facets=search_facets(filters={THEME: [theme.title]}, meta={THEME_NAMES: theme_names(theme)}),
        sources=sources_section(site, pages[0], page=page, folded=True),
    )
    return text


def render_theme_quote_pages(site: SiteIndex, theme: Theme) -> dict[str, str]:
    """Pages 2, 3... of a theme's quotes (page 1 is the theme page)."""
    pages = site.theme_quote_pages(theme)
    grouped = site.theme_page_groups(theme)
    out = {}
    for number in range(2, len(pages) + 1):
        page = paths.theme_quotes_page(theme.slug, number)
        out[page] = render_template(
            "theme_quotes.md.j2",
            front=front_matter(title=f"{theme.title}: quotes, page {number} of {len(pages)}",
                               description=theme.description, extra=_jsonld(pages[number - 1], page=page)),
            theme=theme, number=number, count=len(pages),
            first=paths.href(page, paths.theme_page(theme.slug)),
            groups=group_quotes(site, theme, grouped[number - 1], page=page),
            more=_more_pages(theme, len(pages), page=page, current=number),
            facets=search_facets(filters={THEME: [theme.title]}),
            sources=sources_section(site, pages[number - 1], page=page),
            **_left_out(site, theme, pages, page=page),
        )
    return out


def _left_out(site: SiteIndex, theme: Theme, pages: list[list[QuoteRef]], *, page: str) -> dict[str, object]:
    """What the theme page and its quote pages say of the theme's quotes none of them shows
    (templates/theme_not_shown.md.j2), with the link to the themes index it gives."""
    not_shown = site.theme_quotes_not_shown(theme)
    return {"total_quotes": sum(len(p) for p in pages) + not_shown, "not_shown": not_shown,
            "max_shown": THEME_QUOTE_PAGES * THEME_PAGE_QUOTES, "themes_index": paths.href(page, paths.THEMES_INDEX)}


def _more_pages(theme: Theme, count: int, *, page: str, current: int) -> list[tuple[int, Markup | None]]:
    """(number, link or None for the current page) for every page of the theme's quotes."""
    if count <= 1:
        return []
    return [(n, None if n == current else paths.href(page, paths.theme_quotes_page(theme.slug, n)))
            for n in range(1, count + 1)]


def group_quotes(site: SiteIndex, theme: Theme, groups: list[GroupedQuotes], *, page: str) -> list[QuoteGroup]:
    """The quote blocks of ``groups`` (one page of the theme's, SiteIndex.theme_page_groups),
    with links to the pages holding the rest of each group (page 1 only).

    The first quote of each interview on the page carries the anchor the coverage matrix
    links to (paths.theme_section_anchor), just above it."""
    anchored: set[str] = set()

    def block(interview: Interview, quote: Quote) -> Markup:
        html = quote_block(site, interview, quote, page=page, anchor=True)
        if interview.slug in anchored:
            return html
        anchored.add(interview.slug)
        return Markup(f'<div class="kb-anchor" id="{paths.theme_section_anchor(interview.slug)}"></div>\n\n') + html

    def later(number: int, first: QuoteRef, count: int) -> tuple[int, int, Markup]:
        target = paths.href(page, paths.theme_quotes_page(theme.slug, number), paths.quote_anchor(first[1].id))
        return number, count, target

    return [QuoteGroup(g.title, tuple(block(i, q) for i, q in g.shown), tuple(block(i, q) for i, q in g.more),
                       tuple(later(*spot) for spot in g.later))
            for g in groups]


def render_themes_index(site: SiteIndex) -> dict[str, str]:
    """The themes index (the themes, then the coverage matrix's first ``MATRIX_ROWS``
    interviews) and the matrix's continuation pages, themes/coverage-2.md, -3..."""
    corpus = site.corpus
    chunks = [corpus.interviews[i:i + MATRIX_ROWS] for i in range(0, len(corpus.interviews), MATRIX_ROWS)] or [()]
    most = largest_cell(corpus)
    out = {}
    for number, chunk in enumerate(chunks, start=1):
        page = paths.coverage_page(number)
        first = (number - 1) * MATRIX_ROWS + 1
        context = {
            "matrix": coverage_matrix(corpus, page=page, theme_page_of=site.theme_page_of_interview,
                                      interviews=chunk, most=most),
            "shown": (first, first + len(chunk) - 1), "total": len(corpus.interviews),
            "more": [(n, None if n == number else paths.href(page, paths.coverage_page(n)))
                     for n in range(1, len(chunks) + 1)] if len(chunks) > 1 else [],
        }
        if number == 1:
            rows = [(t, paths.href(page, paths.theme_page(t.slug)), len(site.theme_quotes(t.slug)),
                     len(site.theme_coverage(t.slug))) for t in corpus.themes]
            out[page] = render_template(
                "themes_index.md.j2", rows=rows, **context,
                front=front_matter(title="Themes", description="The five themes of the knowledge base."))
        else:
            out[page] = render_template(
                "coverage.md.j2", number=number, count=len(chunks), **context,
                themes_index=paths.href(page, paths.THEMES_INDEX),
                front=front_matter(title=f"Coverage of the themes, page {number} of {len(chunks)}",
                                   description="Which interview covers which theme, continued."))
    return out


def _jsonld(refs: list[QuoteRef], *, page: str) -> dict[str, str]:
    """Front matter holding the Quotation data of the cards on one theme page (if any)."""
    data = quotes_jsonld(list(refs), page=page)
    return {"kb_jsonld": data} if data else {}
