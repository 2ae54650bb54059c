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


# -- Markdown inside a transcript body: formatting is rendered, payloads inside it stay text --------

_ALLOWED = {"p", "strong", "em", "a", "mark", "ul", "ol", "li", "div"}


@pytest.mark.parametrize("source", [
    "**<script>alert(1)</script>** and *<img src=x onerror=alert(1)>*",
    "[click](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=) and [rel](../secret)",
    '[breaker](https://example.org/"onmouseover="alert(1)) ends',
    "_{{ config.site_name }}_ and **{% include 'x' %}** and *{: #id onclick=alert(1) }*",
    "**[nested](javascript:alert(1))** and __*both*__",
    "- item <iframe src=javascript:alert(1)></iframe>",
    "1. # heading inside an item",
], ids=["html inside emphasis", "unsafe link schemes", "attribute breaker", "jinja and attr lists",
        "nested", "list item with iframe", "heading inside an item"])
def test_markdown_markup_renders_but_nothing_inside_it_is_live(source: str) -> None:
    from bs4 import BeautifulSoup
    from kb.inline import decode, encode
    from kb.render.interviews import marked_text

    text, markup = decode(encode(source))
    html = markdown.markdown(f'<div markdown>\n<div class="x">\n{marked_text(text, [(0, 3)], markup)}\n</div>\n</div>',
                             extensions=_extensions())
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in _ALLOWED, html
        for name, value in tag.attrs.items():
            assert name in ("href", "rel", "class", "markdown"), html
            if name == "href":
                assert value.startswith("https://") and '"' not in value, html
    assert " ".join(soup.get_text().split()) == " ".join(text.split())
    assert "**" not in soup.get_text() and "](" not in soup.get_text()


def test_overlapping_highlight_and_emphasis_nest_properly() -> None:
    from kb.inline import decode, encode
    from kb.render.interviews import marked_text

    text, markup = decode(encode("one **two three** four"))
    assert text == "one two three four"
    html = marked_text(text, [(text.index("three"), len(text))], markup)
    assert html == ('one <strong>two</strong> <strong><mark class="kb-mark">three</mark></strong> '
                    '<mark class="kb-mark">four</mark>')
    assert str(marked_text("plain text", [], ())) == "plain text"
