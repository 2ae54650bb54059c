"""The "Roles compared" page (roles.md) from data/roles.yml.

The table's cells are the maintainers' trusted Markdown; their q:/p:/i: references are
turned into links by references.resolve_references, like the theme texts. The job-advert
chart, with the passages its figures come from, is job_adverts_chart.job_adverts_section (it
fills the spot once marked job_adverts_chart.PLACEHOLDER); below it come the other advert passages roles.yml
lists, those the chart section does not already quote.
"""

from __future__ import annotations

from markupsafe import Markup

from ..models import RolesTable
from .escape import escape_text
from .fragments import quote_block
from .job_adverts_chart import job_adverts_section, speakers_words
from .lookup import QuoteRef, SiteIndex
from .paths import ROLES_PAGE
from .references import resolve_references
from .tables import stacked_table
from .templating import front_matter, render_template

ADVERTS_SECTION = "what-job-adverts-ask-for"  # the heading of the job-advert chart (roles.md.j2)
TITLE = "Roles compared"
TAGS = ("Roles",)  # the theme's tag: the page is listed with the Roles theme (render/tags.py)
DESCRIPTION = ("Data scientist, data engineer, data analyst, machine learning engineer and "
               "MLOps/DevOps side by side, as the interviews describe them.")


def render_roles_page(site: SiteIndex) -> str:
    """The page (empty without data/roles.yml)."""
    table = site.corpus.roles
    if table is None:
        return ""

    def resolved(markdown: str) -> Markup:
        return Markup(resolve_references(markdown, site.corpus, page=ROLES_PAGE).strip())

    labels = ["Role", *(a.title for a in table.aspects)]
    header = [escape_text(label) for label in labels]
    rows = []
    for role in table.roles:
        cells = [Markup(f"**{escape_text(role.title)}**")]
        for _aspect, markdown in role.cells:
            cells.append(_table_cell(resolved(markdown)))
        rows.append(cells)
    advert_quotes = _advert_quotes(site, table)
    text = render_template(
        "roles.md.j2",
        front=front_matter(title=TITLE, description=DESCRIPTION, tags=list(TAGS)),
        title=TITLE,
        intro=resolved(table.intro),
        table=stacked_table(header, rows, labels=labels, css="kb-table--roles"),
        adverts_intro=resolved(table.adverts_intro) if table.adverts_intro else None,
        placeholder=(job_adverts_section(site, site.corpus.job_adverts, page=ROLES_PAGE)
                     if site.corpus.job_adverts is not None else Markup("")),
        advert_quotes=[quote_block(site, i, q, page=ROLES_PAGE, anchor=False, sources_on_page=False) for i, q in advert_quotes],
        advert_words=(speakers_words(advert_quotes[0][0].language)
                      if len({i.slug for i, _ in advert_quotes}) == 1 else "the speakers' words"),
    )
    return text


def _table_cell(markdown: Markup) -> Markup:
    """One line of a Markdown table cell: no line breaks, no bare pipe."""
    return Markup(" ".join(markdown.split()).replace("|", "&#124;"))


def _advert_quotes(site: SiteIndex, table: RolesTable) -> list[QuoteRef]:
    """The advert passages roles.yml lists, minus those the chart section already shows."""
    shown: set[str] = set()
    adverts = site.corpus.job_adverts
    if adverts is not None:
        for role in adverts.roles:
            shown |= {role.adverts_quote, *(s.quote for s in role.shares)}
    quotes = {q.id: (i, q) for i, q in site.corpus.quotes()}
    return [quotes[quote_id] for quote_id in table.adverts_quotes if quote_id not in shown]
