"""Theme pages (themes/<slug>.md) and the themes index (themes/index.md)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..errors import Problem
from ..models import Theme
from . import paths
from .charts import coverage_matrix, theme_section_anchor
from .escape import link
from .fragments import quote_block
from .lookup import QuoteRef, SiteIndex
from .references import THEMES_FILE, resolve_references
from .templating import front_matter, render_template

NO_SUBTOPIC = "Other quotes"


@dataclass(frozen=True)
class QuoteGroup:
    title: str | None  # subtopic, or None when the page has no subtopics
    interviews: tuple[tuple[Markup, tuple[Markup, ...]], ...]  # (interview link, quote blocks)


def render_theme_page(site: SiteIndex, theme: Theme, number: int) -> tuple[str, list[Problem]]:
    """The theme page; ``number`` is the theme's position in data/themes.yml (for messages)."""
    page = paths.theme_page(theme.slug)
    problems: list[Problem] = []
    intro, found = resolve_references(theme.intro, site.corpus, page=page, field=f"themes/{number}/intro")
    problems += found
    differ, found = resolve_references(theme.differ, site.corpus, page=page, field=f"themes/{number}/differ")
    problems += found
    related = []
    for slug in theme.related:
        other = site.themes_by_slug.get(slug)
        if other is None or other.slug == theme.slug:
            problems.append(Problem(THEMES_FILE, f"related theme {slug!r} is not another theme",
                                    field=f"themes/{number}/related"))
            continue
        related.append((other, paths.href(page, paths.theme_page(other.slug))))
    text = render_template(
        "theme.md.j2",
        front=front_matter(title=theme.title, description=theme.description, tags=[theme.title],
                           extra={"search": {"boost": 2}}),
        theme=theme,
        intro=Markup(intro.strip()),
        differ=Markup(differ.strip()),
        groups=group_quotes(site, theme, site.theme_quotes(theme.slug), page=page),
        related=related,
        coverage=[(c, paths.href(page, paths.interview_page(c.interview.slug)))
                  for c in site.theme_coverage(theme.slug)],
    )
    return text, problems


def group_quotes(site: SiteIndex, theme: Theme, quotes: list[QuoteRef], *, page: str) -> list[QuoteGroup]:
    """Quotes grouped by subtopic (the theme's own order first), then by interview."""
    subtopics = {q.subtopic for _, q in quotes}
    if subtopics == {None}:
        order: list[str | None] = [None]
    else:
        listed = [s for s in theme.subtopics if s in subtopics]
        others = sorted(s for s in subtopics if s is not None and s not in listed)
        order = [*listed, *others] + ([None] if None in subtopics else [])
    groups = []
    anchored: set[str] = set()  # an interview's first section carries the matrix's anchor
    for subtopic in order:
        by_interview: dict[str, list[QuoteRef]] = {}
        for interview, quote in quotes:
            if quote.subtopic == subtopic:
                by_interview.setdefault(interview.slug, []).append((interview, quote))
        entries = []
        for refs in by_interview.values():
            interview = refs[0][0]
            heading = link(interview.title, paths.href(page, paths.interview_page(interview.slug)))
            if interview.slug not in anchored:  # the coverage matrix links here (charts.py)
                heading = Markup(f"{heading} {{ #{theme_section_anchor(interview.slug)} }}")
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
                           rows=rows, matrix=coverage_matrix(site.corpus, page=page))
