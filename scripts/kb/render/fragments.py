"""Small pieces of Markdown shared by several pages: quote blocks, credits, time links.

Each returns ``Markup`` built only from escaped text (escape.py) and links we compute, so
templates can print them as they are.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from markupsafe import Markup

from ..language import language_name
from ..models import Interview, Quote, Speaker
from . import paths
from .citation import SOURCE_TYPES, citation, csl_json, source_type
from .escape import (
    escape_text,
    external_html_link,
    external_link,
    html_link,
    link,
    safe_id,
    safe_url,
)
from .lookup import SiteIndex
from .quote_text import quote_words
from .raw_blocks import raw_run
from .templating import render_template


def clock(seconds: float) -> str:
    """12:34 or 1:02:03, as captions print times."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def video_at(video_url: str | None, seconds: float | None) -> str | None:
    """The video address that starts at ``seconds`` (``t=`` parameter), if both are known."""
    if video_url is None or seconds is None or safe_url(video_url) is None:
        return None
    parts = urlsplit(video_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
    query.append(("t", f"{int(seconds)}s"))
    return safe_url(urlunsplit(parts._replace(query=urlencode(query))))


def time_link(interview: Interview, seconds: float | None, *, raw_html: bool = False) -> Markup | None:
    """The paragraph's time, linked to that second of the video when there is one
    (``raw_html``: as an HTML link, for raw HTML blocks)."""
    if seconds is None:
        return None
    target = video_at(interview.source.video_url, seconds)
    label = clock(seconds)
    if target is None:
        return Markup(f'<span class="kb-time">{escape_text(label)}</span>')
    if raw_html:
        return html_link(f"▶ {label}", target, css="kb-time", title=f"Play the video from {label}")
    return Markup(f"[▶ {escape_text(label)}](<{target}>){{ .kb-time title=\"Play the video from {label}\" }}")


def person_link(speaker: Speaker | None, page: str) -> Markup:
    if speaker is None:
        return Markup("*speaker unknown*")
    return link(speaker.name, paths.href(page, paths.person_page(speaker.id)))


def speaker_as_stated(speaker: Speaker) -> Markup:
    """Role and affiliation exactly as the document states them, or nothing."""
    parts = [p for p in (speaker.role, speaker.affiliation) if p]
    return Markup(", ".join(escape_text(p) for p in parts))


def source_credit(interview: Interview, *, raw_html: bool = False) -> Markup:
    """Where the words come from: publisher, venue, and a link to the original when known
    (``raw_html``: the link as HTML, for raw HTML blocks)."""
    source = interview.source
    parts = [escape_text(p) for p in (source.publisher, source.venue) if p]
    external = external_html_link if raw_html else external_link
    original = (external(source.url_label or "original", source.url)
                or external("original video", source.video_url))
    if original is not None:
        parts.append(original)
    if not parts:
        return Markup("source not recorded")
    return Markup(", ".join(parts))


def source_anchor(interview_slug: str) -> str:
    """The id of an interview's entry under "Sources on this page" (render/sources.py)."""
    return "source-" + safe_id(interview_slug)


def quote_block(site: SiteIndex, interview: Interview, quote: Quote, *, page: str,
                anchor: bool, searchable: bool = True, sources_on_page: bool = True) -> Markup:
    """One quote card (templates/quote_card.md.j2): the words first, one short line saying
    who, where and when with the links and "Full credit", then "Cite · Link" one click away.
    A raw HTML run (render/raw_blocks.py): its links are browser addresses (paths.url).

    The full credit (speaker's full label, full title, source, notes) is the same for every
    quote of an interview, so it is written once per page: "Full credit" links to the
    interview's entry under "Sources on this page" (``sources_on_page``; the page renders
    that section with render/sources.py), or else to the interview page, which opens with it.

    A quote from a written summary (``reports``) is the author's words about someone's
    views and is labelled so above the words; a non-English quote is read in the editors'
    English translation, labelled as such, with the verified original one tap away.
    """
    speaker = site.speaker(interview, quote.speaker)
    reported = site.speaker(interview, quote.reports) if quote.reports else None
    translated = bool(quote.translation)
    css = " ".join(["kb-quote", *(["kb-quote--report"] if reported else []),
                    *(["kb-quote--translated"] if translated else [])])
    kind = source_type(interview, quote)
    credit = (Markup("#") + source_anchor(interview.slug) if sources_on_page
              else paths.url(page, paths.interview_page(interview.slug)))
    line = attribution(site, interview, quote, page=page)
    if not translated:  # a translation says so above, with its original
        line.append(Markup(f'<span class="kb-quote__type">{escape_text(SOURCE_TYPES[kind][1])}</span>'))
    line.append(html_link("Full credit", credit, css="kb-nowrap kb-quote__full"))
    cited = citation(site, interview, quote, page=page)
    text = render_template(
        "quote_card.md.j2",
        css=css,
        anchor=paths.quote_anchor(quote.id) if anchor else None,
        # Search: the interview and theme pages index each quote; a copy elsewhere (person
        # pages) would only grow the index (docs/scaling.md).
        searchable=searchable,
        reported_label=_reported_label(speaker, reported, page=page),
        words=quote_words(quote),
        translation=escape_text(quote.translation) if translated else None,
        lang=safe_id(interview.language),
        language=language_name(interview.language),
        # A no-break space before each dot: a wrapped line ends on "·", never starts with it.
        by=Markup("\u00a0· ").join(line),
        note=quote.note,
        source_type=kind,
        citation=cited.html,
        csl=csl_json(cited),
    )
    return raw_run([text.rstrip("\n")])


def attribution(site: SiteIndex, interview: Interview, quote: Quote, *, page: str) -> list[Markup]:
    """The card's one line: short speaker name, short title, date, in context, video time."""
    speaker = site.speaker(interview, quote.speaker)
    interview_page = paths.interview_page(interview.slug)
    # Reported speech: the words are the author's, so the line names the author; whose
    # views they report is said (and linked) in the label above the words.
    parts = [Markup("— ") + _person_html(speaker, page, short=True),
             html_link(interview.label, paths.url(page, interview_page)),
             # Kept whole when the line wraps ("2020-02-" / "11" read as two things).
             Markup(f'<span class="kb-nowrap">{escape_text(interview.date or "undated")}</span>')]
    if quote.paragraph_id:
        parts.append(html_link("in context", paths.url(page, interview_page, quote.paragraph_id),
                               css="kb-nowrap"))
    stamp = time_link(interview, quote.start_seconds, raw_html=True)  # to the video when there is one
    if stamp is not None:
        parts.append(stamp)
    return parts


def _person_html(speaker: Speaker | None, page: str, *, short: bool = False) -> Markup:
    """The speaker linked to their person page (``short``: by their short label), as HTML."""
    if speaker is None:
        return Markup("<em>speaker unknown</em>")
    label = speaker.label if short else speaker.name
    if paths.person_page(speaker.id) == page:  # their own page: no link to itself
        return Markup(f'<span class="kb-quote__self">{escape_text(label)}</span>')
    return html_link(label, paths.url(page, paths.person_page(speaker.id)))


def full_person(speaker: Speaker | None, page: str) -> Markup:
    stated = speaker_as_stated(speaker) if speaker is not None else None
    return Markup(f"{_person_html(speaker, page)}, {stated}") if stated else _person_html(speaker, page)


def _reported_label(speaker: Speaker | None, reported: Speaker | None, *, page: str) -> Markup | None:
    """Above the words of a written summary: whose report of whose views, both linked."""
    if reported is None:
        return None
    author = _person_html(speaker, page, short=True) if speaker else Markup("the author")
    name = escape_text(reported.label)
    return Markup(f"<strong>Written summary:</strong> {author}'s report of "
                  f"{_person_html(reported, page, short=True)}'s views, not {name}'s own words.")
