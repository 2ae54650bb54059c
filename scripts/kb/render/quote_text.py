"""A quote's own words for its card, each elision a disclosure of the words it leaves out.

Every ``…`` that leaves words out becomes a ``<details>`` that opens in place, without
JavaScript, on those words, marked as left out. The left-out words are kept out of search
(``data-search-exclude`` for Material's search, ``data-pagefind-ignore`` for Pagefind):
they are not part of the quote. An ellipsis that leaves nothing out (the speaker's own
"...", or one opening or closing the quote) stays plain text.
"""

from __future__ import annotations

from markupsafe import Markup

from ..models import Quote
from ..quotes import ELLIPSIS
from .escape import escape_inline, escape_text

SHOW_LABEL = "Show or hide the words left out here"


def quote_words(quote: Quote) -> Markup:
    """The quote's text, escaped, with a disclosure on each elision that leaves words out.

    The result holds ``<details>`` (flow content): put it straight into a ``<blockquote>`` or
    ``<div>`` (``markdown="span"`` keeps Markdown's inline processing without a ``<p>``),
    never inside a ``<p>``, where a browser would break the paragraph in two.
    """
    omitted = {omission.mark: omission.text for omission in quote.omissions}
    out: list[str] = []
    cursor = 0
    for number, mark in enumerate(ELLIPSIS.finditer(quote.text)):
        out.append(escape_inline(quote.text[cursor: mark.start()]))
        words = omitted.get(number)
        # Each disclosure on a line of its own: Python-Markdown's md_in_html then reads it as one
        # raw block and keeps it whole; inline, a <details> in a card's <details> (the original
        # of a translated quote) had its </details> taken for the outer one's. The line breaks
        # are spaces to the browser.
        out.append(escape_text(mark.group()) if words is None else f"\n{_disclosure(mark.group(), words)}\n")
        cursor = mark.end()
    out.append(escape_inline(quote.text[cursor:]))
    return Markup("".join(out).strip())


def _disclosure(mark: str, words: str) -> str:
    return (f'<details class="kb-elision"><summary title="{SHOW_LABEL}" aria-label="{SHOW_LABEL}">'
            f'{escape_text(mark)}</summary>'
            f'<span class="kb-elision__words" data-search-exclude data-pagefind-ignore="all">'
            f'&#91;left out: {escape_text(words)}&#93;</span></details>')  # [ ]: inert in Markdown

