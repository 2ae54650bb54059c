"""escape.py: untrusted text renders as exactly that text, never as markup."""

from __future__ import annotations

import markdown
import pytest
import yaml
from kb.render.escape import escape_text, external_link, safe_id, safe_url
from site_project import ROOT

HOSTILE = [
    "# heading",
    "1. list item",
    "- bullet",
    "---",
    "!!! warning",
    "??? note",
    "> quote",
    "| a | b |",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![pic](https://evil.example/p.png)",
    "<https://evil.example>",
    "{{ config.site_name }} {% include 'x' %}",
    "`code` and ```fence```",
    "*em* _em_ **strong** ~~del~~ ==mark== ^sup^",
    "text {: #id .class onclick=alert(1) }",
    "[^1] footnote",
    "&amp; &lt; &#x3C;",
    "back\\slash \\*",
    "line one\n\n# line two\n    indented code",
]


def _extensions() -> list:
    """The Markdown extensions the site uses (from mkdocs.yml), without their options."""
    # mkdocs.yml uses !!python tags for nothing; safe_load is enough to read the list.
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    return [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]


def _render_inline(text: str) -> str:
    html = markdown.markdown(f"Before {escape_text(text)} after\n\n{escape_text(text)}", extensions=_extensions())
    return html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_plain_paragraphs(text):
    html = _render_inline(text)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    tags = {t.name for t in soup.find_all(True)}
    assert tags == {"p"}, html
    assert all(not t.attrs for t in soup.find_all(True)), html
    collapsed = " ".join(text.split())
    assert [p.get_text() for p in soup.find_all("p")] == [f"Before {collapsed} after", collapsed]


def test_escape_keeps_ordinary_text_readable():
    assert escape_text("Data scientists, c'est « le métier » : 10 % (ou plus)?") == \
        "Data scientists, c'est « le métier » : 10 % (ou plus)?"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x",
    "//evil.example/x", "/relative", "https://", "https://exa mple.org", "ftp://example.org",
    "https://example.org/\x00", None, 42,
])
def test_safe_url_refuses_anything_but_absolute_http(url):
    assert safe_url(url) is None
    assert external_link("x", url) is None


def test_safe_url_encodes_characters_that_could_close_a_link():
    url = safe_url("https://example.org/a_(b)?q=\"x\"&r=<y>#f")
    assert url == "https://example.org/a_%28b%29?q=%22x%22&r=%3Cy%3E#f"
    html = markdown.markdown(str(external_link("orig", "https://example.org/a)b")))
    assert 'href="https://example.org/a%29b"' in html


def test_safe_id_refuses_anything_outside_the_schema_pattern():
    assert safe_id("t754-2") == "t754-2"
    for bad in ('x" onclick="y', "Upper", "", "-lead", "a b"):
        with pytest.raises(ValueError):
            safe_id(bad)
