"""Internal links of a built site that lead nowhere: a missing page or a missing id.

Why in ``kb bench``: some links only exist at scale. At 500 interviews a theme's quote pages
stop at ``THEME_QUOTE_PAGES`` and the quotes they leave out are linked in their transcripts;
the seed site (where ``tests/test_site_build.py`` checks every link with a full HTML parser)
has no such quote, so a wrong anchor there went unseen until the built 500-interview site was
checked by hand. This check reads 1,000 pages in seconds: regular expressions over the
``<article>`` (the page's own content, as the seed test reads it), not a parser, which is
enough for the HTML our templates and Material write (attributes in double quotes).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
_HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
_EXTERNAL = ("http://", "https://", "mailto:", "javascript:", "data:")


def broken_links(site: Path, *, limit: int = 20) -> tuple[int, list[str]]:
    """(how many links in the site's articles lead to no page or no id, the first ``limit``)."""
    root = site.resolve()

    @cache
    def ids(file: Path) -> frozenset[str]:
        return frozenset(_ID.findall(file.read_text("utf-8", errors="replace")))

    count, shown = 0, []
    for file in sorted(root.rglob("*.html")):
        rel = file.relative_to(root).as_posix()
        if rel.startswith("pagefind/"):
            continue
        base = "http://site/" + rel.removesuffix("index.html")
        text = file.read_text("utf-8", errors="replace")
        for article in _ARTICLE.findall(text):
            for href in _HREF.findall(article):
                if href.startswith(_EXTERNAL):
                    continue
                parts = urlsplit(urljoin(base, href.replace("&amp;", "&")))
                target = root / unquote(parts.path).lstrip("/")
                if parts.path.endswith("/") or target.is_dir():
                    target = target / "index.html"
                problem = None
                if not target.is_file():
                    problem = "no page"
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids(target):
                    problem = f"no id {parts.fragment!r}"
                if problem:
                    count += 1
                    if len(shown) < limit:
                        shown.append(f"/{rel} -> {href} ({problem})")
    return count, shown
