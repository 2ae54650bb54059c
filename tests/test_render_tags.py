"""The tags index and one page per tag (kb.render.tags): the counts are the tags the pages
really carry, every tag has exactly one page with Material's listing for it, and a hostile
topic stays text in the index, in its page's title and in the listing's directive."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from kb.build import generate
from kb.corpus import load_corpus
from kb.render import paths
from kb.render.lookup import SiteIndex
from kb.render.tags import _slug, tag_entries

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return generate(load_corpus(ROOT))


def _carried(pages: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path, text in pages.items():
        if path.endswith(".md") and text.startswith("---\n"):
            for tag in set(frontmatter.loads(text).metadata.get("tags") or []):
                counts[tag] = counts.get(tag, 0) + 1
    return counts


def test_counts_are_the_tags_the_pages_carry(pages: dict[str, str]) -> None:
    entries = tag_entries(SiteIndex(load_corpus(ROOT)))
    assert {e.name: e.pages for e in entries} == _carried(pages)
    assert [e.name for e in entries if e.is_theme] == ["Roles", "Skills", "Expectations", "Ethics", "MLOps"]


def test_the_index_links_every_tag_page_and_each_page_lists_its_tag(pages: dict[str, str]) -> None:
    index = pages[paths.TAGS_PAGE]
    assert "material/tags" not in index  # no listing here: each tag is in one listing only
    linked = re.findall(r"\]\((tags/[a-z0-9-]+\.md)\): (\d+) pages?", index)
    tag_pages = sorted(p for p in pages if p.startswith(paths.TAGS_FOLDER))
    assert sorted(p for p, _ in linked) == tag_pages
    for page in tag_pages:
        directive = re.search(r"<!-- material/tags (\{.*\}) -->", pages[page]).group(1)
        included = yaml.safe_load(directive)["include"]
        assert len(included) == 1
        assert frontmatter.loads(pages[page]).metadata["title"] == "Tag: " + included[0].replace("&amp;", "&")


def test_hostile_topics_stay_text(tmp_path: Path) -> None:
    pages = generate(load_corpus(HOSTILE))
    shown = ""
    for page in (p for p in pages if p == paths.TAGS_PAGE or p.startswith(paths.TAGS_FOLDER)):
        body = frontmatter.loads(pages[page]).content
        soup = BeautifulSoup(markdown.markdown(body, extensions=["attr_list", "md_in_html"]), "html.parser")
        assert not soup.select("script, img") and len(soup.select("h1")) == 1, page
        assert all(a["href"].startswith(("tags/", "../tags.md")) for a in soup.select("a")), page
        shown += soup.get_text()
    assert "<script>alert(101)</script>" in shown and "[t](javascript:alert(1))" in shown  # as text
    for page in (p for p in pages if p.startswith(paths.TAGS_FOLDER)):
        assert re.fullmatch(r"tags/[a-z0-9-]+\.md", page)
        directive = re.search(r"<!-- material/tags (\{.*\}) -->", pages[page])
        assert directive and "-->" not in directive.group(1)
        assert isinstance(yaml.safe_load(directive.group(1))["include"][0], str)


@pytest.mark.parametrize(("name", "slug"), [
    ("MLOps", "mlops"), ("keeping up with AI", "keeping-up-with-ai"), ("Données &amp; métier", "donnees-metier"),
    ("&lt;script&gt;", "script"), ("***", "tag"),
])
def test_tag_slugs_are_safe_ids(name: str, slug: str) -> None:
    assert _slug(name) == slug
