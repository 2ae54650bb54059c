"""Small pieces of Markdown shared by several pages: quote blocks, credits, time links.

Each returns ``Markup`` built only from escaped text (escape.py) and links we compute, so
templates can print them as they are.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from markupsafe import Markup

from ..models import Interview, Quote, Speaker
from . import paths
from .escape import escape_text, external_link, link, safe_id, safe_url
from .lookup import SiteIndex
from .quote_text import quote_words

LANGUAGES = {"en": "English", "fr": "French"}


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


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


def time_link(interview: Interview, seconds: float | None) -> Markup | None:
    """The paragraph's time, linked to that second of the video when there is one."""
    if seconds is None:
        return None
    target = video_at(interview.source.video_url, seconds)
    label = clock(seconds)
    if target is None:
        return Markup(f'<span class="kb-time">{escape_text(label)}</span>')
    return Markup(f"[▶ {escape_text(label)}](<{target}>){{ .kb-time title=\"Play the video from {label}\" }}")


def person_link(speaker: Speaker | None, page: str) -> Markup:
    if speaker is None:
        return Markup("*speaker unknown*")
    return link(speaker.name, paths.href(page, paths.person_page(speaker.id)))


def speaker_as_stated(speaker: Speaker) -> Markup:
    """Role and affiliation exactly as the document states them, or nothing."""
    parts = [p for p in (speaker.role, speaker.affiliation) if p]
    return Markup(", ".join(escape_text(p) for p in parts))


def source_credit(interview: Interview) -> Markup:
    """Where the words come from: publisher, venue, and a link to the original when known."""
    source = interview.source
    parts = [escape_text(p) for p in (source.publisher, source.venue) if p]
    original = external_link("original", source.url) or external_link("original video", source.video_url)
    if original is not None:
        parts.append(original)
    if not parts:
        return Markup("source not recorded")
    return Markup(", ".join(parts))


def quote_block(site: SiteIndex, interview: Interview, quote: Quote, *, page: str,
                anchor: bool, searchable: bool = True) -> Markup:
    """One quote with everything a reader needs to judge it: who, where, in context, source.

    A quote from a written summary (``reports``) is the author's words about someone's
    views and is labelled so; a non-English quote keeps its words and shows the English
    translation labelled as a translation.
    """
    speaker = site.speaker(interview, quote.speaker)
    reported = site.speaker(interview, quote.reports) if quote.reports else None
    interview_page = paths.interview_page(interview.slug)
    lang = safe_id(interview.language)
    classes = "kb-quote kb-quote--report" if reported else "kb-quote"
    ident = f' id="{paths.quote_anchor(quote.id)}"' if anchor else ""
    # Search: the interview and theme pages index each quote; a copy elsewhere (person pages)
    # would only grow the index (docs/scaling.md).
    skip = "" if searchable else " data-search-exclude"
    lines = [f'<figure class="{classes}"{ident}{skip} markdown>']
    if reported is not None:
        author = escape_text(speaker.name if speaker else "the author")
        name = escape_text(reported.name)
        label = (f"**Written summary:** {author}'s report of {name}'s views, "
                 f"in the author's words, not {name}'s own.")
        lines += ['<p class="kb-quote__label" markdown>', label, "</p>"]
    # markdown="span": inline Markdown (glossary tooltips) without a <p>, which could not hold
    # the elisions' <details> (quote_text.quote_words).
    lines += [f'<blockquote lang="{lang}" markdown="span">', f"“{quote_words(quote)}”", "</blockquote>"]
    if quote.translation:
        lines += ['<p class="kb-quote__translation" lang="en" markdown>',
                  f"**English translation** (ours, not the speaker's words): “{escape_text(quote.translation)}”",
                  "</p>"]
    credit = [Markup("— ") + _who(speaker, reported, page)]
    credit.append(link(interview.title, paths.href(page, interview_page)))
    if quote.paragraph_id:
        credit.append(link("in context", paths.href(page, interview_page, quote.paragraph_id)))
    video = video_at(interview.source.video_url, quote.start_seconds)
    if video is not None and quote.start_seconds is not None:
        credit.append(Markup(f"[▶ {clock(quote.start_seconds)} in the video](<{video}>)"))
    credit.append(Markup("Source: ") + source_credit(interview))
    # The credit line is kept out of the search index: repeated under every quote it was a
    # third of the index; names and titles are found on their own pages.
    lines += ['<figcaption data-search-exclude markdown>', " · ".join(credit), "</figcaption>"]
    if quote.note:
        lines += ['<p class="kb-quote__note" markdown>', f"*Editor's note:* {escape_text(quote.note)}", "</p>"]
    lines.append("</figure>")
    return Markup("\n".join(lines))


def _who(speaker: Speaker | None, reported: Speaker | None, page: str) -> Markup:
    if reported is not None:
        return Markup(f"{person_link(speaker, page)}, reporting the views of {person_link(reported, page)}")
    if speaker is None:
        return person_link(None, page)
    stated = speaker_as_stated(speaker)
    return Markup(f"{person_link(speaker, page)} ({stated})") if stated else person_link(speaker, page)
