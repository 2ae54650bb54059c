"""The tags index (tags.md) and one page per tag (tags/<slug>.md).

Why one page per tag: Material's tags index lists every page under every tag, so with 500
interviews each carrying its themes the index was an 800 KB page of the same five lists
(docs/scaling.md). The index now names each tag with how many pages carry it; the tag's
own page holds Material's listing of those pages (``<!-- material/tags { include: [..] } -->``),
so the tag chips at the top of every page lead there. Each tag is in exactly one listing,
so which page a chip links to never depends on the order Material keeps its listings in.

Tags are the ones the pages carry in their front matter: interview pages their topics and
the themes they cover (SiteIndex.interview_tags), theme pages their title, the roles page
"Roles" (render/roles.py).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup

from . import paths
from .escape import escape_text
from .lookup import SiteIndex
from .roles import TAGS as ROLES_TAGS
from .templating import front_matter, render_template

DESCRIPTION = "Themes and interview topics, with the pages that carry them."


@dataclass(frozen=True)
class TagEntry:
    name: str  # as the pages carry it (front matter escapes it the same way: templating.front_matter)
    page: str  # tags/<slug>.md
    pages: int  # how many pages carry it
    is_theme: bool

    @property
    def label(self) -> Markup:
        """The name for the page's text: untrusted (a transcript's topic), so escape_text'd."""
        return escape_text(html.unescape(self.name))


def page_tags(site: SiteIndex) -> dict[str, list[str]]:
    """Generated page -> the tags it carries (the same lists its front matter gets)."""
    corpus = site.corpus
    tags = {paths.theme_page(t.slug): [t.title] for t in corpus.themes}
    tags.update({paths.interview_page(i.slug): site.interview_tags(i) for i in corpus.interviews})
    if corpus.roles is not None:
        tags[paths.ROLES_PAGE] = list(ROLES_TAGS)
    return tags


def tag_entries(site: SiteIndex) -> list[TagEntry]:
    """Every tag, themes first in the themes' order, then topics by name; each with a page."""
    counts: dict[str, int] = {}
    for names in page_tags(site).values():
        for name in dict.fromkeys(_clean(n) for n in names):
            counts[name] = counts.get(name, 0) + 1
    themes = [_clean(t.title) for t in site.corpus.themes]
    order = [n for n in themes if n in counts] + sorted((n for n in counts if n not in themes), key=str.casefold)
    used: set[str] = set()
    entries = []
    for name in order:
        slug = base = _slug(name)
        number = 2
        while slug in used:  # two names with one slug ("C++" and "C"): number the later one
            slug, number = f"{base}-{number}", number + 1
        used.add(slug)
        entries.append(TagEntry(name=name, page=f"{paths.TAGS_FOLDER}{slug}.md", pages=counts[name],
                                is_theme=name in themes))
    return entries


def render_tags_pages(site: SiteIndex) -> dict[str, str]:
    entries = tag_entries(site)
    page = paths.TAGS_PAGE
    out = {page: render_template(
        "tags.md.j2", front=front_matter(title="Tags", description=DESCRIPTION),
        themes=[(e, paths.href(page, e.page)) for e in entries if e.is_theme],
        topics=[(e, paths.href(page, e.page)) for e in entries if not e.is_theme])}
    for entry in entries:
        # The name is already HTML-escaped (as in the pages' front matter): shown as it is,
        # and given to Material's listing as a JSON string, which is YAML too.
        out[entry.page] = render_template(
            "tag.md.j2", front=front_matter(title=f"Tag: {html.unescape(entry.name)}",
                                            description=f"Pages tagged {html.unescape(entry.name)}."),
            entry=entry, index=paths.href(entry.page, page),
            listing=Markup(f"<!-- material/tags {{ include: [{json.dumps(entry.name)}] }} -->"))
    return out


def _clean(name: str) -> str:
    """The tag as the front matter writes it (templating.front_matter)."""
    return html.escape(" ".join(name.split()))


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", html.unescape(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "tag"
