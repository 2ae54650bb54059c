"""Turn the editors' evidence references (q:, p:, i:) into relative links.

The loader has parsed and resolved every reference in the data files (kb.references, kept
in ``Corpus.references``); here each one only becomes a link from the page it is on.
"""

from __future__ import annotations

from markupsafe import Markup

from ..models import Corpus
from ..references import Reference, replace_links
from . import paths


def resolve_references(markdown: str, corpus: Corpus, *, page: str) -> str:
    """``markdown`` with every q:/p:/i: link target replaced by a relative link from ``page``."""
    return replace_links(markdown, lambda reference: reference_href(reference, corpus, page=page))


def reference_href(reference: Reference, corpus: Corpus, *, page: str) -> Markup:
    """The link from ``page`` to what ``reference`` points at (resolved at load time)."""
    location = corpus.references[str(reference)]
    return paths.href(page, paths.interview_page(location.interview), location.paragraph)
