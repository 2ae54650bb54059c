"""Citing and linking one quote (issue 18): the kind of words it is, a ready citation in one
author-date style with CSL-JSON beside it, and the quote's own addresses on the site.

Everything comes from the document: the speaker as it names them, the interview's title,
publisher, venue, date (or "n.d.") and source address. Nothing is filled in when missing.
The citation and its CSL-JSON (compact, one line) are in the card as page text (no JavaScript
needed); docs/javascripts/kb-cite.js only adds copy buttons, the "Link" row's two (the quote's
address is the citation's permalink, its paragraph's the card's "in context") and writes the
site's addresses out in full. Neither carries glossary tooltips (render/raw_blocks.py).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..language import language_name
from ..models import Interview, Quote, Speaker
from . import paths
from .escape import escape_text, html_link, safe_url
from .lookup import SiteIndex

# data-source-type value -> (family, label). The About page's legend lists these.
SOURCE_TYPES: dict[str, tuple[str, str]] = {
    "automatic-captions": ("spoken", "Automatic captions"),
    "edited-transcript": ("spoken", "Edited transcript"),
    "podcast-transcript": ("spoken", "Podcast transcript"),
    "talk": ("spoken", "Talk"),
    "article": ("written", "Article"),
    "reported-speech": ("second-hand", "Reported speech"),
    "translated": ("translated", "Translated by the editors"),
}
CAPTION_FORMATS = frozenset({"captions", "webvtt", "srt"})
SITE_NAME = "Data Science Careers Knowledge Base"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def source_type(interview: Interview, quote: Quote) -> str:
    """What kind of words a quote is, read from the interview's format and metadata."""
    kind = interview.source.kind
    if quote.reports or kind == "summary":
        return "reported-speech"
    if quote.translation:
        return "translated"
    if kind == "article" or interview.format == "article":
        return "article"
    if kind == "podcast":
        return "podcast-transcript"
    if kind == "talk":
        return "talk"
    note = (interview.source.note or "").lower()
    if interview.format in CAPTION_FORMATS and (interview.punctuation_added or "automatic" in note):
        return "automatic-captions"
    return "edited-transcript"


def _plain(text: str | None) -> str:
    return " ".join((text or "").split())


def date_parts(date: str | None) -> list[int] | None:
    match = _ISO.match(date or "")
    return [int(p) for p in match.groups() if p is not None] if match else None


def author_date(date: str | None) -> str:
    """``2020, February 11`` from an ISO date; as given when not ISO; ``n.d.`` when unknown."""
    if not date:
        return "n.d."
    parts = date_parts(date)
    if parts is None or not 1 <= (parts + [1])[1] <= 12:
        return _plain(date)
    text = str(parts[0])
    if len(parts) > 1:
        text += f", {_MONTHS[parts[1] - 1]}"
    if len(parts) > 2:
        text += f" {parts[2]}"
    return text


def _who(speaker: Speaker | None, reported: Speaker | None) -> str:
    name = _plain(speaker.name) if speaker else "Unknown speaker"
    return f"{name}, reporting {_plain(reported.name)}" if reported else name


def _where(interview: Interview) -> str:
    publisher, venue = _plain(interview.source.publisher), _plain(interview.source.venue)
    return ", ".join(p for n, p in enumerate((publisher, venue)) if p and (n == 0 or p != publisher))


def quote_permalink(site: SiteIndex, interview: Interview, quote: Quote) -> tuple[str, str | None]:
    """(page, anchor) of the quote's own card: the page of its first theme that shows it,
    else its paragraph in the interview's transcript (where it is marked), as "in context"."""
    for slug in quote.themes:
        number = site.theme_page_of_quote(slug, quote.id)
        if number is not None:
            return paths.theme_quotes_page(slug, number), paths.quote_anchor(quote.id)
    return paths.quote_in_transcript(interview.slug, quote)


def site_path(page: str, anchor: str | None = None) -> str:
    """The address of a generated page under the site root, as MkDocs publishes it."""
    path = page.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index") + "/"
    return path + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class Citation:
    text: str  # the author-date citation as plain text (the site's address relative to its root)
    html: Markup  # the same, with its links, as HTML (cards are raw HTML: render/raw_blocks.py)
    csl: dict[str, Any]  # CSL-JSON


CSL_TYPE = {"article": "article", "summary": "article", "talk": "speech", "podcast": "interview",
            "video": "interview"}


def citation(site: SiteIndex, interview: Interview, quote: Quote, *, page: str) -> Citation:
    speaker = site.speaker(interview, quote.speaker)
    reported = site.speaker(interview, quote.reports) if quote.reports else None
    who, when, where = _who(speaker, reported), author_date(interview.date), _where(interview)
    title = _plain(interview.title)
    url = safe_url(interview.source.url) or safe_url(interview.source.video_url)
    target_page, anchor = quote_permalink(site, interview, quote)
    permalink = site_path(target_page, anchor)
    translated = (f" Translated from {language_name(interview.language)} by the editors of {SITE_NAME}."
                  if quote.translation else "")
    head = f"{who} ({when}). Quoted in “{title}”."
    tail = f" {where}." if where else ""
    text = f"{head}{tail}{' ' + url if url else ''}{translated} Quote on {SITE_NAME}: {permalink}"
    md = escape_text(head) + (Markup(" ") + escape_text(tail) if tail else Markup(""))
    if url:
        md += Markup(" ") + html_link(url, url)
    if translated:
        md += Markup(" ") + escape_text(translated)
    md += Markup(f" Quote on {SITE_NAME}: ") + html_link(permalink, paths.url(page, target_page, anchor),
                                                         css="kb-cite__permalink")
    csl: dict[str, Any] = {"id": f"kb-{quote.id}", "type": CSL_TYPE.get(interview.source.kind or "", "interview"),
                           "title": title}
    if speaker is not None:
        csl["author"] = [{"literal": _plain(speaker.name)}]
    if reported is not None:
        csl["interviewer"] = [{"literal": _plain(speaker.name)}] if speaker else []
        csl["note"] = f"Written summary reporting the views of {_plain(reported.name)}. "
    if interview.source.publisher:
        csl["publisher"] = _plain(interview.source.publisher)
    if interview.source.venue:
        csl["container-title"] = _plain(interview.source.venue)
    parts = date_parts(interview.date)
    if parts is not None:
        csl["issued"] = {"date-parts": [parts]}
    elif interview.date:
        csl["issued"] = {"literal": _plain(interview.date)}
    if url:
        csl["URL"] = url
    csl["language"] = interview.language
    if quote.translation:
        csl["note"] = csl.get("note", "") + translated.strip() + " "
    csl["note"] = csl.get("note", "") + f"Quote on {SITE_NAME}: {permalink}"
    return Citation(text=text, html=md, csl=csl)


def csl_json(cited: Citation) -> Markup:
    """The CSL-JSON on one line (about a third of its indented size), HTML-escaped for a <pre>:
    a reference manager reads it the same, and it is printed beside every citation."""
    return Markup(html.escape(json.dumps(cited.csl, ensure_ascii=False, separators=(",", ":")), quote=False))

