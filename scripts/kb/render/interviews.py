"""Interview pages (interviews/<slug>.md) and the interviews index."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from markupsafe import Markup

from ..language import language_name
from ..models import InlineSpan, Interview, Paragraph, Quote
from . import paths
from .escape import (
    escape_attribute,
    escape_inline,
    escape_text,
    external_link,
    html_link,
    link,
    safe_id,
    safe_url,
)
from .fragments import (
    person_link,
    source_credit,
    speaker_as_stated,
    time_link,
)
from .lookup import SiteIndex
from .raw_blocks import RAW_END, RAW_START
from .search import INTERVIEW, PERSON, THEME, search_facets, speaker_turns
from .structured import interview_jsonld
from .tables import stacked_table
from .templating import front_matter, render_template

QUOTE_PREVIEW_WORDS = 8


@dataclass(frozen=True)
class ParagraphView:
    id: str
    heading: str | None  # a new section heading starts before this paragraph
    meta: Markup  # speaker, time, permalink, theme chips
    text: Markup  # escaped text with quotes marked in place
    quoted_on: tuple[Markup, ...]  # one line per quote found in this paragraph
    css: str
    block: bool = False  # holds a list: rendered as HTML blocks inside a <div>
    omitted_before: int = 0  # paragraphs left out just before this one (excerpts only)
    # A run of raw HTML paragraphs (render/raw_blocks.py) starts here / ends after this one:
    # runs break at headings (Markdown, for the table of contents) and at excerpt gaps.
    opens_run: bool = False
    closes_run: bool = False


def render_interview_page(site: SiteIndex, interview: Interview) -> str:
    page = paths.interview_page(interview.slug)
    return render_template(
        "interview.md.j2",
        front=front_matter(title=interview.title, description=interview.summary,
                           tags=site.interview_tags(interview),
                           extra={"kb_jsonld": interview_jsonld(interview, list(interview.quotes))}),
        interview=interview,
        date=interview.date or "unknown",
        language=language_name(interview.language),
        original=external_link(interview.source.url, interview.source.url),
        original_label=(interview.source.url_label or "")[:1].upper() + (interview.source.url_label or "")[1:],
        video=external_link(interview.source.video_url, interview.source.video_url),
        credit=source_credit(interview),
        speakers=[(person_link(s, page), s, speaker_as_stated(s)) for s in interview.speakers],
        coverage=[(link(t.title, paths.href(page, paths.theme_page(t.slug))), c)
                  for t, c in site.interview_coverage(interview)],
        paragraphs=(views := paragraph_views(site, interview, page=page)),
        raw_start=Markup(RAW_START), raw_end=Markup(RAW_END),
        excerpts=_excerpts_view(interview, views),
        facets=search_facets(
            filters={INTERVIEW: [interview.title],
                     PERSON: [s.name for s in interview.speakers if s.kind != "audience"],
                     THEME: [t.title for t, _ in site.interview_coverage(interview)]},
            meta={"kb_speakers": speaker_turns(interview)}),
    )


@dataclass(frozen=True)
class ExcerptsView:
    """What the page says when the rights allow excerpts only (interview_excerpts.md.j2)."""

    shown: int
    total: int
    omitted_after: int  # paragraphs left out after the last one shown


def _excerpts_view(interview: Interview, views: list[ParagraphView]) -> ExcerptsView | None:
    if not interview.rights.excerpts_only:
        return None
    total = len(interview.paragraphs)
    return ExcerptsView(shown=len(views), total=total,
                        omitted_after=total - len(views) - sum(v.omitted_before for v in views))


def paragraph_views(site: SiteIndex, interview: Interview, *, page: str) -> list[ParagraphView]:
    marks: dict[int, list[tuple[int, int]]] = {}
    quoted: dict[int, list[Quote]] = {}
    index_of = {p.id: n for n, p in enumerate(interview.paragraphs)}
    for quote in interview.quotes:
        spans = site.quote_spans(interview, quote)
        places = {span.paragraph_index for span in spans}
        if not places and quote.paragraph_id in index_of:
            places = {index_of[quote.paragraph_id]}
        for span in spans:
            marks.setdefault(span.paragraph_index, []).append((span.start, span.end))
        for place in sorted(places):
            quoted.setdefault(place, []).append(quote)
    views = []
    heading = None
    published = site.published.get(interview.slug)
    omitted = 0
    previous: Paragraph | None = None
    links: dict[str, Markup] = {}  # the page's speaker links and theme chips, made once each
    for n, paragraph in enumerate(interview.paragraphs):
        if published is not None and paragraph.id not in published:
            omitted += 1  # the rights allow excerpts only: not on the page, not in search
            previous = None  # after a gap, name the speaker again
            continue
        new_heading = paragraph.heading if paragraph.heading != heading else None
        heading = paragraph.heading
        # The speaker is named where the speaker changes (and after a new heading), not
        # above every paragraph: a label repeated 90 times was most of the page's apparatus.
        labelled = previous is None or new_heading is not None or paragraph.speaker != previous.speaker
        previous = paragraph
        views.append(ParagraphView(
            id=safe_id(paragraph.id),
            heading=new_heading,
            meta=_meta_line(site, interview, paragraph, page, labelled=labelled, links=links),
            text=marked_text(paragraph.text, marks.get(n, []), paragraph.markup),
            quoted_on=tuple(_quoted_on(site, q, page) for q in quoted.get(n, [])),
            css="kb-para kb-para--quoted" if n in quoted else "kb-para",
            block=has_blocks(paragraph.markup),
            omitted_before=omitted,
        ))
        omitted = 0
    return _mark_runs(views)


def _mark_runs(views: list[ParagraphView]) -> list[ParagraphView]:
    opens = [n == 0 or bool(v.heading) or v.omitted_before > 0 for n, v in enumerate(views)]
    closes = [*opens[1:], True]
    return [replace(v, opens_run=o, closes_run=c) for v, o, c in zip(views, opens, closes, strict=True)]


def marked_text(text: str, spans: list[tuple[int, int]], markup: tuple[InlineSpan, ...] = ()) -> Markup:
    """Escaped paragraph text with the given character spans wrapped in <mark>, and the
    source's Markdown formatting (``markup``) as <strong>, <em>, <a> (http(s) only) and lists.

    Markup spans and highlights may overlap in any way: the text is cut at every edge and
    each piece is wrapped in the tags active over it, so the HTML always nests properly.
    """
    if not markup:
        return _inline(text, 0, len(text), _merge(spans), ())
    items = [m for m in markup if m.kind in ("item", "ordered-item")]
    inline = tuple(m for m in markup if m.kind not in ("item", "ordered-item"))
    marks = _merge(spans)
    if not items:
        return _inline(text, 0, len(text), marks, inline)
    blocks: list[str] = []
    cursor = 0
    open_list: str | None = None
    for item in items:
        if item.start < cursor:
            continue  # overlapping items cannot come from one source list; keep the first
        between = text[cursor:item.start]
        tag = "ol" if item.kind == "ordered-item" else "ul"
        if between.strip() or (open_list and open_list != tag):
            if open_list:
                blocks.append(f"</{open_list}>")
                open_list = None
            if between.strip():
                blocks.append(_inline(text, cursor, item.start, marks, inline).strip())
        if open_list is None:
            blocks.append(f"<{tag}>")
            open_list = tag
        blocks.append(f"<li>{_inline(text, item.start, item.end, marks, inline).strip()}</li>")
        cursor = item.end
    if open_list:
        blocks.append(f"</{open_list}>")
    if text[cursor:].strip():
        blocks.append(_inline(text, cursor, len(text), marks, inline).strip())
    # One HTML block per line: Python-Markdown passes raw HTML blocks through unchanged.
    return Markup("\n".join(_as_block(b) for b in blocks))


def has_blocks(markup: tuple[InlineSpan, ...]) -> bool:
    """Whether the paragraph holds a list, so the page wraps it in a <div>, not a <p>."""
    return any(m.kind in ("item", "ordered-item") for m in markup)


def _as_block(html: str) -> str:
    return html if html.startswith("<") and not html.startswith(("<strong", "<em", "<a ", "<mark")) else f"<p>{html}</p>"


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


_ORDER = {"link": 0, "strong": 1, "em": 2, "mark": 3}


def _inline(text: str, lo: int, hi: int, marks: list[tuple[int, int]], markup: tuple[InlineSpan, ...]) -> Markup:
    """Escaped ``text[lo:hi]`` with highlights and inline formatting, properly nested."""
    if not marks and not markup:
        return escape_text(text[lo:hi]) if lo == 0 and hi == len(text) else Markup(_piece(text[lo:hi]))
    ranges = [(a, b, "mark", None) for a, b in marks] + [(m.start, m.end, m.kind, m.href) for m in markup]
    ranges = [(max(a, lo), min(b, hi), k, h) for a, b, k, h in ranges if a < hi and b > lo]
    edges = sorted({lo, hi, *(a for a, _, _, _ in ranges), *(b for _, b, _, _ in ranges)})
    out = []
    for start, end in itertools.pairwise(edges):
        piece = _piece(text[start:end])
        active = sorted({(k, h) for a, b, k, h in ranges if a <= start and end <= b},
                        key=lambda kh: _ORDER[kh[0]])
        if not active or not piece.strip():
            out.append(piece)
            continue
        lead = " " if piece[:1] == " " else ""
        trail = " " if piece[-1:] == " " and len(piece) > 1 else ""
        inner = piece.strip()
        for kind, href in reversed(active):
            inner = _wrap(kind, href, inner)
        out.append(lead + inner + trail)
    return Markup("".join(out))


def _wrap(kind: str, href: str | None, inner: str) -> str:
    if kind == "mark":
        return f'<mark class="kb-mark">{inner}</mark>'
    if kind == "strong":
        return f"<strong>{inner}</strong>"
    if kind == "em":
        return f"<em>{inner}</em>"
    url = safe_url(href)
    if url is None:  # javascript:, data:, relative or garbled: the words only, never a live link
        return inner
    return f'<a href="{escape_attribute(url)}" rel="nofollow noopener">{inner}</a>'


def _piece(text: str) -> str:
    """Escape a piece of a paragraph, keeping the spaces at its edges (escape_text strips)."""
    return str(escape_inline(text))


def _meta_line(site: SiteIndex, interview: Interview, paragraph: Paragraph, page: str, *,
               labelled: bool, links: dict[str, Markup] | None = None) -> Markup:
    """Speaker (short name, only where it changes), time, permalink and theme chips, as HTML
    (the paragraph is a raw HTML block: addresses are the browser's, paths.url). ``links``:
    the speaker links and chips already made for ``page``, filled here."""
    links = {} if links is None else links
    parts: list[Markup] = []
    if labelled:
        key = f"speaker:{paragraph.speaker}"
        if key not in links:
            speaker = interview.speaker(paragraph.speaker)
            links[key] = (Markup('<strong class="kb-para__speaker">{}</strong>').format(
                html_link(speaker.label, paths.url(page, paths.person_page(speaker.id))))
                if speaker else Markup('<em class="kb-para__speaker">Unknown speaker</em>'))
        parts.append(links[key])
    stamp = time_link(interview, paragraph.start_seconds, raw_html=True)
    if stamp is not None:
        parts.append(stamp)
    parts.append(html_link("¶", paths.url(page, page, paragraph.id), css="kb-permalink",
                           title="Link to this paragraph"))
    for slug in paragraph.themes:
        key = f"theme:{slug}"
        if key not in links:
            theme = site.themes_by_slug.get(slug)
            links[key] = (html_link(theme.title, paths.url(page, paths.theme_page(slug)), css="kb-chip")
                          if theme is not None else Markup())
        if links[key]:
            parts.append(links[key])
    return Markup(" · ".join(parts))


def _quoted_on(site: SiteIndex, quote: Quote, page: str) -> Markup:
    words = quote.text.split()
    preview = " ".join(words[:QUOTE_PREVIEW_WORDS]) + ("…" if len(words) > QUOTE_PREVIEW_WORDS else "")
    shown = {t: site.theme_page_of_quote(t, quote.id) for t in quote.themes if t in site.themes_by_slug}
    targets = [html_link(site.themes_by_slug[t].title,
                         paths.url(page, paths.theme_quotes_page(t, number), paths.quote_anchor(quote.id)))
               for t, number in shown.items() if number is not None]
    # A long theme's pages show at most lookup.THEME_QUOTE_PAGES pages of its quotes: name
    # the themes whose pages leave this one out without pretending it is quoted there.
    tagged = [html_link(site.themes_by_slug[t].title, paths.url(page, paths.theme_page(t)))
              for t, number in shown.items() if number is None]
    line = f"“{escape_text(preview)}” quoted on: {', '.join(targets)}" if targets else f"“{escape_text(preview)}”"
    if tagged:
        line += (f"{'; also' if targets else ''} tagged {', '.join(tagged)}, not among the quotes "
                 f"{'their' if len(tagged) > 1 else 'its'} pages show")
    return Markup(line)


def render_interviews_index(site: SiteIndex) -> str:
    page = paths.INTERVIEWS_INDEX
    return render_template(
        "interviews_index.md.j2",
        front=front_matter(title="Interviews", description="Every interview in the knowledge base."),
        table=interview_table(site, page=page),
    )


def interview_table(site: SiteIndex, *, page: str) -> Markup:
    """Title, date, language and speakers of every interview: a table that stacks into
    one card per interview on a phone (tables.stacked_table)."""
    rows = []
    for interview in site.corpus.interviews:
        speakers = Markup(", ").join(person_link(s, page) for s in interview.speakers if s.kind != "audience")
        rows.append([link(interview.title, paths.href(page, paths.interview_page(interview.slug))),
                     escape_text(interview.date or "unknown"), escape_text(language_name(interview.language)),
                     speakers])
    if not rows:
        return Markup("No interview yet.")
    return stacked_table([Markup(h) for h in ("Interview", "Date", "Language", "Speakers")], rows,
                         css="kb-table--interviews")
