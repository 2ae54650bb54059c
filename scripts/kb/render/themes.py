"""Theme pages (themes/<slug>.md) and the themes index (themes/index.md)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..models import Theme
from . import paths
from .coverage import coverage_matrix
from .escape import escape_text, link
from .fragments import quote_block
from .lookup import QuoteRef, SiteIndex, subtopic_order
from .references import resolve_references
from .search import THEME, search_facets
from .templating import front_matter, render_template

THEME_PAGE_INTERVIEWS = 40  # interviews listed under "Interviews that cover it"; all are in the matrix

NO_SUBTOPIC = "Other quotes"


@dataclass(frozen=True)
class QuoteGroup:
    title: str | None  # subtopic, or None when the page has no subtopics
    interviews: tuple[tuple[Markup, tuple[Markup, ...]], ...]  # (interview link, quote blocks)


def render_theme_page(site: SiteIndex, theme: Theme) -> str:
    """The theme page (data/themes.yml has been checked: references and related themes exist)."""
    page = paths.theme_page(theme.slug)
    intro = resolve_references(theme.intro, site.corpus, page=page)
    differ = resolve_references(theme.differ, site.corpus, page=page)
    pages = site.theme_quote_pages(theme)
    order = subtopic_order(theme, site.theme_quotes(theme.slug))
    coverage = site.theme_coverage(theme.slug)
    if len(coverage) > THEME_PAGE_INTERVIEWS:  # capped: show the interviews that say most on it
        coverage = sorted(coverage, key=lambda c: (-c.quotes, -c.paragraphs))
    related = [(site.themes_by_slug[slug], paths.href(page, paths.theme_page(slug))) for slug in theme.related]
    text = render_template(
        "theme.md.j2",
        front=front_matter(title=theme.title, description=theme.description, tags=[theme.title]),
        theme=theme,
        french_names=Markup(", ").join(escape_text(n) for n in theme.french_names),
        intro=Markup(intro.strip()),
        differ=Markup(differ.strip()),
        groups=group_quotes(site, theme, pages[0], page=page, order=order),
        more=_more_pages(theme, len(pages), page=page, current=1),
        total_quotes=sum(len(p) for p in pages),
        shown=len(pages[0]),
        related=related,
        coverage=[(c, paths.href(page, paths.interview_page(c.interview.slug)))
                  for c in coverage[:THEME_PAGE_INTERVIEWS]],
        coverage_more=max(0, len(coverage) - THEME_PAGE_INTERVIEWS),
        themes_index=paths.href(page, paths.THEMES_INDEX),
        interviews_index=paths.href(page, paths.INTERVIEWS_INDEX),
        facets=search_facets(filters={THEME: [theme.title]}),
    )
    return text


def render_theme_quote_pages(site: SiteIndex, theme: Theme) -> dict[str, str]:
    """Pages 2, 3... of a theme's quotes (page 1 is the theme page)."""
    pages = site.theme_quote_pages(theme)
    order = subtopic_order(theme, site.theme_quotes(theme.slug))
    out = {}
    for number in range(2, len(pages) + 1):
        page = paths.theme_quotes_page(theme.slug, number)
        out[page] = render_template(
            "theme_quotes.md.j2",
            front=front_matter(title=f"{theme.title}: quotes, page {number} of {len(pages)}",
                               description=theme.description),
            theme=theme, number=number, count=len(pages),
            first=paths.href(page, paths.theme_page(theme.slug)),
            groups=group_quotes(site, theme, pages[number - 1], page=page, order=order),
            more=_more_pages(theme, len(pages), page=page, current=number),
            facets=search_facets(filters={THEME: [theme.title]}),
        )
    return out


def _more_pages(theme: Theme, count: int, *, page: str, current: int) -> list[tuple[int, Markup | None]]:
    """(number, link or None for the current page) for every page of the theme's quotes."""
    if count <= 1:
        return []
    return [(n, None if n == current else paths.href(page, paths.theme_quotes_page(theme.slug, n)))
            for n in range(1, count + 1)]


def group_quotes(site: SiteIndex, theme: Theme, quotes: list[QuoteRef], *, page: str,
                 order: list[str | None] | None = None) -> list[QuoteGroup]:
    """Quotes grouped by subtopic (the theme's own order first), then by interview.

    ``order`` is the subtopic order of the whole theme when ``quotes`` is one of its pages."""
    if order is None:
        order = subtopic_order(theme, quotes)
    present = {q.subtopic for _, q in quotes}
    groups = []
    anchored: set[str] = set()  # an interview's first section carries the matrix's anchor
    for subtopic in order:
        if subtopic not in present:
            continue
        by_interview: dict[str, list[QuoteRef]] = {}
        for interview, quote in quotes:
            if quote.subtopic == subtopic:
                by_interview.setdefault(interview.slug, []).append((interview, quote))
        entries = []
        for refs in by_interview.values():
            interview = refs[0][0]
            heading = link(interview.title, paths.href(page, paths.interview_page(interview.slug)))
            if interview.slug not in anchored:  # the coverage matrix links here (coverage.py)
                heading = Markup(f"{heading} {{ #{paths.theme_section_anchor(interview.slug)} }}")
                anchored.add(interview.slug)
            entries.append((heading, tuple(quote_block(site, i, q, page=page, anchor=True) for i, q in refs)))
        title = None if order == [None] else (subtopic or NO_SUBTOPIC)
        groups.append(QuoteGroup(title, tuple(entries)))
    return groups


def render_themes_index(site: SiteIndex) -> str:
    page = paths.THEMES_INDEX
    rows = [(t, paths.href(page, paths.theme_page(t.slug)), len(site.theme_quotes(t.slug)),
             len(site.theme_coverage(t.slug))) for t in site.corpus.themes]
    return render_template("themes_index.md.j2",
                           front=front_matter(title="Themes", description="The five themes of the knowledge base."),
                           rows=rows, matrix=coverage_matrix(site.corpus, page=page,
                                                  theme_page_of=site.theme_page_of_interview))
