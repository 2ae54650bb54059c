"""Pictures made at build time from the knowledge base: pure functions, no I/O.

- ``job_adverts_svg`` / ``job_adverts_section``: the roles page's grouped bar chart of a
  talk's job-advert survey (data/job_adverts.yml), with its notes, a data table and the
  quoted passages the figures come from.
- ``coverage_matrix``: themes x interviews as an HTML table with heat shading.
- ``career_timeline``: a person's path (education -> jobs) as an ordered list drawn as a
  timeline by CSS, each step linking to its evidence paragraph.

Colours are never written here: elements carry ``kb-*`` classes and
docs/stylesheets/charts.css fills them with Material's palette variables, so the pictures
follow the light and dark schemes. Every string from a transcript or a data file goes
through escape.py. Output is deterministic (fixed order, fixed number formatting).

The HTML is written for Python-Markdown with ``md_in_html``: blocks that hold Markdown
links carry a ``markdown`` attribute (so MkDocs resolves and checks the ``.md`` links),
and no block contains a blank line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..models import AdvertCategory, AdvertRole, Corpus, Interview, JobAdverts, Speaker
from . import paths
from .escape import escape_attribute, escape_text, link, safe_id
from .fragments import quote_block
from .lookup import SiteIndex

PLACEHOLDER = "<!-- job-adverts-chart -->"

# Job-adverts chart geometry, in SVG user units. 360 units wide: on a phone (~360 CSS px
# of content width) the 14-unit text is drawn at ~14 px; charts.css caps the width on desktops.
WIDTH = 360
BAR_X = 44  # bars start after the short series label ("DS", "MLE")
BAR_MAX = 256  # length of a 100% bar; leaves room for a "100%" label on the right
BAR_H = 16
BAR_GAP = 5
LABEL_H = 22  # the category name above its bars
GROUP_GAP = 14
LEGEND_ROW = 20
FONT = 14
SERIES_CLASSES = ("kb-series-a", "kb-series-b", "kb-series-c", "kb-series-d")
NOT_STATED = "not stated"


def _num(value: float) -> str:
    """Fixed, short number formatting for SVG attributes (deterministic output)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def series_short(label: str) -> str:
    """A two-to-four letter tag for a series ("Data scientist adverts" -> "DS")."""
    words = [w for w in label.replace("-", " ").split() if w.casefold() != "adverts"]
    # An acronym stays whole: "ML engineer" -> "MLE", not "ME".
    letters = "".join(w if w.isupper() else w[0] for w in words if w[:1].isalpha()).upper()
    return letters[:4] or label[:3]


def _percent(value: int | None) -> str:
    return NOT_STATED if value is None else f"{value}%"


def _figure_grid(adverts: JobAdverts) -> list[tuple[AdvertCategory, list[tuple[AdvertRole, str]]]]:
    """Per category, each role with its figure as text ("80%" or "not stated")."""
    grid = []
    for category in adverts.categories:
        figures = []
        for role in adverts.roles:
            share = role.share(category.slug)
            figures.append((role, _percent(share.percent if share else None)))
        grid.append((category, figures))
    return grid


def job_adverts_description(adverts: JobAdverts) -> str:
    """The chart in one plain sentence per category (the SVG's <desc>, and for tests)."""
    return " ".join(f"{category.label}: {', '.join(f'{role.label} {text}' for role, text in figures)}."
                    for category, figures in _figure_grid(adverts))


def job_adverts_svg(adverts: JobAdverts, *, ident: str = "kb-job-adverts") -> Markup:
    """Grouped horizontal bars: one group per category, one bar per role, percent labels.

    A figure the talk leaves unclear (``percent: null``) is drawn as a dashed empty bar
    reading "not stated †", the dagger pointing to the notes under the chart.
    """
    ident = safe_id(ident)
    roles = adverts.roles
    legend_h = LEGEND_ROW * len(roles) + 8
    group_h = LABEL_H + len(roles) * (BAR_H + BAR_GAP) + GROUP_GAP
    axis_h = 22
    height = legend_h + group_h * len(adverts.categories) + axis_h
    title = "Share of job adverts mentioning each kind of expertise, by role"
    out = [
        (f'<svg class="kb-chart__svg" viewBox="0 0 {WIDTH} {_num(height)}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-size="{FONT}" '
        f'xmlns="http://www.w3.org/2000/svg">'),
        f'<title id="{ident}-title">{escape_text(title)}</title>',
        f'<desc id="{ident}-desc">{escape_text(job_adverts_description(adverts))}</desc>',
    ]
    for n, role in enumerate(roles):
        y = n * LEGEND_ROW
        css = SERIES_CLASSES[n % len(SERIES_CLASSES)]
        out.append(f'<rect class="kb-bar {css}" x="0" y="{_num(y + 3)}" width="14" height="14" rx="2"/>')
        out.append(f'<text class="kb-chart__text" x="20" y="{_num(y + 15)}">'
                   f'{escape_text(series_short(role.label))}: {escape_text(role.label)} '
                   f'({role.adverts})</text>')
    # Light vertical guides at 0, 50 and 100%, behind the bars.
    top = legend_h
    bottom = height - axis_h + 4
    for share in (0, 50, 100):
        x = BAR_X + BAR_MAX * share / 100
        out.append(f'<line class="kb-chart__grid" x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" '
                   f'y2="{_num(bottom)}"/>')
        anchor = "start" if share == 0 else "end" if share == 100 else "middle"
        out.append(f'<text class="kb-chart__axis" x="{_num(x)}" y="{_num(height - 4)}" '
                   f'text-anchor="{anchor}">{share}%</text>')
    for g, category in enumerate(adverts.categories):
        y0 = legend_h + g * group_h
        out.append(f'<text class="kb-chart__text kb-chart__category" x="0" y="{_num(y0 + 16)}">'
                   f'{escape_text(category.label)}</text>')
        for n, role in enumerate(roles):
            css = SERIES_CLASSES[n % len(SERIES_CLASSES)]
            y = y0 + LABEL_H + n * (BAR_H + BAR_GAP)
            text_y = _num(y + BAR_H - 3)
            out.append(f'<text class="kb-chart__series" x="0" y="{text_y}">'
                       f'{escape_text(series_short(role.label))}</text>')
            share = role.share(category.slug)
            # data-* name each bar for tests and for anyone reading the SVG source.
            data = f'data-role="{safe_id(role.slug)}" data-category="{safe_id(category.slug)}"'
            if share is None or share.percent is None:
                out.append(f'<rect class="kb-bar--null" {data} x="{BAR_X}" y="{_num(y)}" '
                           f'width="{BAR_MAX}" height="{BAR_H}" rx="2"/>')
                out.append(f'<text class="kb-chart__null" x="{BAR_X + 8}" y="{text_y}">'
                           f'{NOT_STATED} †</text>')
                continue
            width = BAR_MAX * share.percent / 100
            out.append(f'<rect class="kb-bar {css}" {data} data-percent="{share.percent}" x="{BAR_X}" '
                       f'y="{_num(y)}" width="{_num(width)}" height="{BAR_H}" rx="2"/>')
            out.append(f'<text class="kb-chart__value" x="{_num(BAR_X + width + 6)}" y="{text_y}">'
                       f'{share.percent}%</text>')
    out.append("</svg>")
    return Markup("".join(out))


def job_adverts_table(adverts: JobAdverts) -> Markup:
    """The chart's figures as a table (the text alternative sighted readers can open too)."""
    head = "".join(f'<th scope="col">{escape_text(r.label)} ({r.adverts})</th>' for r in adverts.roles)
    rows = [f'<tr><th scope="row">{escape_text(category.label)}</th>'
            + "".join(f"<td>{text}</td>" for _, text in figures) + "</tr>"
            for category, figures in _figure_grid(adverts)]
    return Markup(f'<table class="kb-chart__table"><thead><tr><th scope="col">Expertise</th>{head}'
                  f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def job_adverts_section(site: SiteIndex, adverts: JobAdverts, *, page: str) -> Markup:
    """Everything that replaces the roles page's ``<!-- job-adverts-chart -->`` marker.

    The chart, what the figures mean and where they are uncertain, the figures as a table,
    and every quoted passage they come from (original words, translation, link to the
    paragraph on the interview page).
    """
    interview = site.corpus.interview(adverts.interview)
    if interview is None:  # load_job_adverts guarantees it; keep rendering total anyway
        return Markup("")
    quotes = {q.id: q for q in interview.quotes}
    notes = []
    for role in adverts.roles:
        for share in role.shares:
            if not share.note:
                continue
            category = next(c.label for c in adverts.categories if c.slug == share.category)
            mark = "† " if share.percent is None else ""
            notes.append(f"<li>{mark}<strong>{escape_text(role.label)}, {escape_text(category)}</strong> "
                         f"({_percent(share.percent)}): {escape_text(share.note)}</li>")
    cited: list[str] = []
    for role in adverts.roles:
        for quote_id in (role.adverts_quote, *(s.quote for s in role.shares)):
            if quote_id in quotes and quote_id not in cited:
                cited.append(quote_id)
    # Raw HTML on purpose (no ``markdown`` attribute): Markdown extensions such as abbr must
    # not put HTML elements into the SVG's text.
    lines = [
        '<figure class="kb-chart kb-chart--job-adverts">',
        job_adverts_svg(adverts),
        (f"<figcaption>Share of job adverts mentioning each kind of expertise, as counted by the "
         f"speaker of <cite>{escape_text(interview.title)}</cite> (his words are quoted below). "
         f"† = the talk does not state the figure clearly.</figcaption>"),
        "</figure>",
        "",
        f'<p class="kb-chart__note"><strong>How to read it:</strong> {escape_text(adverts.note)}</p>',
        "",
        '<ul class="kb-chart__notes">' + "".join(notes) + "</ul>",
        "",
        '<details class="kb-chart__data">',
        "<summary>The figures as a table</summary>",
        job_adverts_table(adverts),
        "</details>",
        "",
        '<div class="kb-chart__quotes" markdown>',
        "",
        "**Where the figures come from** (our English translation; the speaker's French words one tap away):",
        "",
    ]
    for quote_id in cited:
        lines += [f'<p class="kb-chart__supports">Source of: {_supported(adverts, quote_id)}</p>', "",
                  quote_block(site, interview, quotes[quote_id], page=page, anchor=False), ""]
    lines.append("</div>")
    return Markup("\n".join(lines))


def _supported(adverts: JobAdverts, quote_id: str) -> Markup:
    """Which figures of the chart a quote is cited for, e.g. "Data scientist adverts: 40 read"."""
    labels = {c.slug: c.label for c in adverts.categories}
    found = []
    for role in adverts.roles:
        if role.adverts_quote == quote_id:
            found.append(f"{escape_text(role.label)}: {role.adverts} read")
        for share in role.shares:
            if share.quote == quote_id:
                found.append(f"{escape_text(role.label)}, {escape_text(labels[share.category])}: "
                             f"{_percent(share.percent)}")
    return Markup("; ".join(found))


@dataclass(frozen=True)
class Cell:
    """One theme x interview cell of the coverage matrix."""

    quotes: int
    paragraphs: int
    target: str | None  # page path (+ anchor) the cell links to, None when empty


def coverage_counts(corpus: Corpus) -> dict[tuple[str, str], tuple[int, int]]:
    """(interview slug, theme slug) -> (quotes on the theme, paragraphs tagged with it)."""
    return {
        (i.slug, t.slug): (sum(1 for q in i.quotes if t.slug in q.themes),
                           sum(1 for p in i.paragraphs if t.slug in p.themes))
        for i in corpus.interviews for t in corpus.themes
    }


def theme_section_anchor(interview_slug: str) -> str:
    """The id of an interview's section on a theme page (set by the theme template)."""
    return "from-" + safe_id(interview_slug)


def matrix_cell(interview: Interview, theme_slug: str, *, theme_page_number: int = 1) -> Cell:
    """Counts for one cell and where it leads: the interview's quotes on the theme page,
    or, with tagged paragraphs but no quote, the first such paragraph of the transcript."""
    quotes = sum(1 for q in interview.quotes if theme_slug in q.themes)
    tagged = [p for p in interview.paragraphs if theme_slug in p.themes]
    if quotes:
        target = (paths.theme_quotes_page(theme_slug, theme_page_number) + "#"
                  + theme_section_anchor(interview.slug))
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
            heat = _num(round(cell.paragraphs / most, 2))
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


def career_timeline(speaker: Speaker, interview: Interview, *, page: str) -> Markup:
    """The speaker's career in ``interview`` as a timeline (empty when it gives none).

    An ordered list, so it reads as a sequence without CSS; charts.css draws the line and
    the dots. A step without ``when`` says the date is not given rather than guessing.
    """
    if not speaker.career:
        return Markup("")
    target = paths.interview_page(interview.slug)
    label = f"Career of {speaker.name} as told in {interview.title}"
    items = []
    for step in speaker.career:
        if step.when:
            when = f'<span class="kb-timeline__when">{escape_text(step.when)}</span>'
        else:
            when = '<span class="kb-timeline__when kb-timeline__when--unknown">Date not given</span>'
        evidence = ""
        if step.paragraph_id:
            evidence = " " + link("evidence", paths.href(page, target, step.paragraph_id),
                                  css="kb-timeline__evidence")
        items.append(f'<li class="kb-timeline__step" markdown="span">{when}'
                     f'<span class="kb-timeline__what">{escape_text(step.what)}</span>{evidence}</li>')
    return Markup("\n".join([
        f'<ol class="kb-timeline" aria-label="{escape_attribute(label)}" markdown>',
        *items,
        "</ol>",
    ]))
