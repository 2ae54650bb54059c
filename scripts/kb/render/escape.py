"""Make untrusted text inert in generated Markdown pages.

Transcripts arrive from strangers by pull request, so every string taken from one (body,
title, names, summary, quotes, notes, translations, tags, URLs) goes through this module
before it reaches a page. Text must come out as *text*: never live HTML, script, a
``javascript:``/``data:`` link, Jinja or macro syntax, or Markdown structure (headings,
lists, tables, admonitions, code, links, images, attribute lists).

The approach is the same everywhere: HTML-escape, then replace every character that some
Markdown extension we enable (or might enable) treats as syntax by its numeric character
reference. Python-Markdown keeps character references as they are, so the browser shows
the original character and nothing in between reads it as markup.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit, urlunsplit

from markupsafe import Markup

# Inline syntax: emphasis, code, links/images/footnotes, attribute lists and Jinja
# ({ }), tables (|), strike/sub/sup/mark/critic (~ ^ = +), backslash escapes, maths ($).
_INLINE_ACTIVE = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]{}|~^=+$"}
# html.escape(quote=False) and _INLINE_ACTIVE in one pass (neither writes what the other reads),
# done only on text holding one of these characters (most text holds none: one C scan).
_ESCAPED = {**{ord(c): html.escape(c, quote=False) for c in "&<>"}, **_INLINE_ACTIVE}
_NEEDS_ESCAPING = re.compile("[" + re.escape("".join(map(chr, _ESCAPED))) + "]")
# Characters that start a block when they open a line: headings, lists, quotes,
# admonitions (!!! ???), tabs/blocks (/// :::), rules and setext underlines.
_LEADING_ACTIVE = frozenset("#-+=:|!?>*%/.")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")  # "1. " starts an ordered list
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
# A whitespace run other than one plain space (which would be replaced by itself).
_WHITESPACE = re.compile(r"[^\S ]\s*| \s+")
_SAFE_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,120})$")
# Characters left as they are in a URL; everything else is percent-encoded so that the
# URL cannot close a Markdown link or an HTML attribute.
_URL_SAFE = "/:?#@!$&+,;=%-._~"


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


def escape_text(value: object) -> Markup:
    """Untrusted text -> inline Markdown that renders as exactly that text.

    Whitespace (newlines included) collapses to single spaces: untrusted text is always
    inline, so it can never start a block of its own.
    """
    out = _WHITESPACE.sub(" ", _CONTROL.sub("", str(value))).strip()
    # HTML-escaped (quotes are harmless in text; see escape_attribute), inline syntax inert.
    if _NEEDS_ESCAPING.search(out):
        out = out.translate(_ESCAPED)
    if out[:1].isdigit():
        number = _LEADING_NUMBER.match(out)
        if number:
            out = number.group(1) + _ref(number.group(2)) + out[number.end():]
    elif out and out[0] in _LEADING_ACTIVE:
        out = _ref(out[0]) + out[1:]
    # str.__new__: Markup(out) would first look for an __html__ on a plain str.
    return str.__new__(Markup, out)


def escape_inline(text: str) -> Markup:
    """``escape_text`` for a stretch of a longer text: the spaces at its edges are kept (as one
    space each), so that escaped stretches joined with markup between them read as the text."""
    if not text.strip():
        return Markup(" " if text else "")
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return str.__new__(Markup, "".join((lead, escape_text(text), trail)))  # spaces need no escaping


def escape_attribute(value: object) -> str:
    """Untrusted text for an HTML attribute value written inside double quotes."""
    return escape_text(value).replace('"', "&quot;")


def safe_url(value: object) -> str | None:
    """An http(s) URL made safe for a Markdown link destination, or None if it is not one."""
    if not isinstance(value, str):
        return None
    raw = value.strip()
    if not raw or _CONTROL.search(raw) or any(c.isspace() for c in raw):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    encoded = quote(raw, safe=_URL_SAFE)
    parts = urlsplit(encoded)
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path, parts.query, parts.fragment))


def safe_id(value: str) -> str:
    """An id for an HTML ``id`` attribute or a URL fragment.

    Ids come from the pipeline (schema-restricted slugs, paragraph ids), so anything else
    is a programming error, not a contributor's: fail loudly rather than emit it.
    """
    if not _SAFE_ID.match(value):
        raise ValueError(f"unsafe id for a page anchor: {value!r}")
    return value


def link(label: object, href: str, *, css: str | None = None) -> Markup:
    """A Markdown link whose label is untrusted text and whose target we built ourselves."""
    attrs = f"{{ .{css} }}" if css else ""
    return Markup(f"[{escape_text(label)}]({href}){attrs}")


def html_link(label: object, href: str, *, css: str | None = None, title: str | None = None) -> Markup:
    """``link`` as an HTML ``<a>``, for raw HTML blocks (render/raw_blocks.py): the label is
    untrusted text; ``href`` an address we built (paths.url, or safe_url's output), ``css``
    and ``title`` our own words: HTML-escaped for the attribute, nothing else to neutralise."""
    # str(): html.escape of a Markup (paths.url's) would go through Markup.replace, which
    # escapes its arguments, and so would neither escape the text nor be quick about it.
    attrs = f' class="{html.escape(str(css))}"' if css else ""
    attrs += f' href="{html.escape(str(href))}"'
    attrs += f' title="{html.escape(str(title))}"' if title else ""
    return Markup(f"<a{attrs}>{escape_text(label)}</a>")


def external_html_link(label: object, url: object) -> Markup | None:
    """``external_link`` as an HTML ``<a>``, for raw HTML blocks; None when the address is not safe."""
    href = safe_url(url)
    return html_link(label, href) if href is not None else None


def external_link(label: object, url: object) -> Markup | None:
    """A link to an outside http(s) address, or None when the address is not safe."""
    href = safe_url(url)
    if href is None:
        return None
    return Markup(f"[{escape_text(label)}](<{href}>)")


def fixed_number(value: float) -> str:
    """Fixed, short number formatting for SVG and style attributes (deterministic output)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"
