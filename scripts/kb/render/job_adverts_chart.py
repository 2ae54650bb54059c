"""The roles page's job-advert chart: a talk's survey (data/job_adverts.yml) as grouped bars,
with its notes, a data table and the quoted passages the figures come from.

Colours are never written here: elements carry ``kb-*`` classes and
docs/stylesheets/charts.css fills them with Material's palette variables, so the chart
follows the light and dark schemes. Every string from a transcript or a data file goes
through escape.py. Output is deterministic (fixed order, fixed number formatting).
"""

from __future__ import annotations

from markupsafe import Markup

from ..language import language_name
from ..models import AdvertCategory, AdvertRole, JobAdverts
from .escape import escape_text, fixed_number, safe_id
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
        (f'<svg class="kb-chart__svg" viewBox="0 0 {WIDTH} {fixed_number(height)}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-size="{FONT}" '
        f'xmlns="http://www.w3.org/2000/svg">'),
        f'<title id="{ident}-title">{escape_text(title)}</title>',
        f'<desc id="{ident}-desc">{escape_text(job_adverts_description(adverts))}</desc>',
    ]
    for n, role in enumerate(roles):
        y = n * LEGEND_ROW
        css = SERIES_CLASSES[n % len(SERIES_CLASSES)]
        out.append(f'<rect class="kb-bar {css}" x="0" y="{fixed_number(y + 3)}" width="14" height="14" rx="2"/>')
        out.append(f'<text class="kb-chart__text" x="20" y="{fixed_number(y + 15)}">'
                   f'{escape_text(series_short(role.label))}: {escape_text(role.label)} '
                   f'({role.adverts})</text>')
    # Light vertical guides at 0, 50 and 100%, behind the bars.
    top = legend_h
    bottom = height - axis_h + 4
    for share in (0, 50, 100):
        x = BAR_X + BAR_MAX * share / 100
        out.append(f'<line class="kb-chart__grid" x1="{fixed_number(x)}" y1="{fixed_number(top)}" x2="{fixed_number(x)}" '
                   f'y2="{fixed_number(bottom)}"/>')
        anchor = "start" if share == 0 else "end" if share == 100 else "middle"
        out.append(f'<text class="kb-chart__axis" x="{fixed_number(x)}" y="{fixed_number(height - 4)}" '
                   f'text-anchor="{anchor}">{share}%</text>')
    for g, category in enumerate(adverts.categories):
        y0 = legend_h + g * group_h
        out.append(f'<text class="kb-chart__text kb-chart__category" x="0" y="{fixed_number(y0 + 16)}">'
                   f'{escape_text(category.label)}</text>')
        for n, role in enumerate(roles):
            css = SERIES_CLASSES[n % len(SERIES_CLASSES)]
            y = y0 + LABEL_H + n * (BAR_H + BAR_GAP)
            text_y = fixed_number(y + BAR_H - 3)
            out.append(f'<text class="kb-chart__series" x="0" y="{text_y}">'
                       f'{escape_text(series_short(role.label))}</text>')
            share = role.share(category.slug)
            # data-* name each bar for tests and for anyone reading the SVG source.
            data = f'data-role="{safe_id(role.slug)}" data-category="{safe_id(category.slug)}"'
            if share is None or share.percent is None:
                out.append(f'<rect class="kb-bar--null" {data} x="{BAR_X}" y="{fixed_number(y)}" '
                           f'width="{BAR_MAX}" height="{BAR_H}" rx="2"/>')
                out.append(f'<text class="kb-chart__null" x="{BAR_X + 8}" y="{text_y}">'
                           f'{NOT_STATED} †</text>')
                continue
            width = BAR_MAX * share.percent / 100
            out.append(f'<rect class="kb-bar {css}" {data} data-percent="{share.percent}" x="{BAR_X}" '
                       f'y="{fixed_number(y)}" width="{fixed_number(width)}" height="{BAR_H}" rx="2"/>')
            out.append(f'<text class="kb-chart__value" x="{fixed_number(BAR_X + width + 6)}" y="{text_y}">'
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
    assert interview is not None  # load_job_adverts checked it
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
         f"speaker of <cite>{escape_text(interview.title)}</cite> (the speaker's words are quoted below). "
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
        f"**Where the figures come from** ({speakers_words(interview.language)}):",
        "",
    ]
    for quote_id in cited:
        lines += [f'<p class="kb-chart__supports">Source of: {_supported(adverts, quote_id)}</p>', "",
                  quote_block(site, interview, quotes[quote_id], page=page, anchor=False,
                              sources_on_page=False), ""]
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




def speakers_words(language: str) -> str:
    """What a reader is about to read: "our English translation; the speaker's French words one
    tap away" (quote cards read in the editors' English, the original behind a disclosure)."""
    if language == "en":
        return "the speaker's words"
    return f"our English translation; the speaker's {language_name(language)} words one tap away"
