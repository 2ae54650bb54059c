"""Raw HTML runs kept away from Markdown (kb.render.raw_blocks) and the browser addresses their
links use (paths.url): what goes in comes back out unchanged, a lost run fails loudly, the
glossary tooltips reach text and never the inside of a tag."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from kb.render import paths
from kb.render.escape import html_link
from kb.render.raw_blocks import (
    RAW_END,
    RAW_START,
    Abbreviations,
    RawBlockError,
    _alternation,
    anchor_ids,
    raw_run,
    restore,
    stash,
)

RUN = '<div class="kb-para" id="p-1">\n<p class="kb-para__text">Deep learning *is* <mark>MLOps</mark></p>\n</div>'


def _page(*runs: str) -> str:
    return "# Title\n\nSome *Markdown*.\n\n" + "\n\n### Part\n\n".join(str(raw_run([r])) for r in runs) + "\n"


def test_runs_skip_markdown_and_come_back_unchanged() -> None:
    text, runs = stash(_page(RUN, RUN.replace("p-1", "p-2")))
    assert runs == [RUN, RUN.replace("p-1", "p-2")]
    assert RAW_START not in text and "kb-para" not in text
    html = markdown.markdown(text, extensions=["toc"])
    out = restore(html, runs)
    assert out.count(RUN) == 1 and "<em>Markdown</em>" in out and '<h3 id="part">Part</h3>' in out
    assert "*is*" in out  # Markdown never saw the run


def test_a_page_without_runs_is_left_alone() -> None:
    assert stash("# Title\n\ntext\n") == ("# Title\n\ntext\n", [])
    assert restore("<p>x</p>", []) == "<p>x</p>"


def test_a_run_lost_in_markdown_fails_loudly() -> None:
    _text, runs = stash(_page(RUN))
    with pytest.raises(RawBlockError, match="1 raw HTML run"):
        restore("<p>nothing left</p>", runs)


def test_the_runs_ids_are_reported_for_the_anchor_check() -> None:
    assert anchor_ids([RUN, '<a id="q-x&amp;y" href="#p-1">']) == {"p-1", "q-x&y"}


def test_tooltips_wrap_whole_words_in_text_only() -> None:
    mark = Abbreviations({"MLOps": 'Ops "for" ML', "Deep learning": "Neural <nets>", "ML": "Machine learning"})
    out = mark.apply('<p title="MLOps">Deep learning, MLOps and ML; HTML and <a href="/ML/">ML</a>.</p>')
    assert out == ('<p title="MLOps"><abbr title="Neural &lt;nets&gt;">Deep learning</abbr>, '
                   '<abbr title="Ops &quot;for&quot; ML">MLOps</abbr> and '
                   '<abbr title="Machine learning">ML</abbr>; HTML and <a href="/ML/">ML</a>.</p>')


def test_each_tooltip_once_per_run() -> None:
    """A run is one card: the definition at the first use of a word, not at every one."""
    mark = Abbreviations({"DevOps": "Dev and ops"})
    out = mark.apply("<blockquote>DevOps, DevOps and DevOps</blockquote>")
    assert out == '<blockquote><abbr title="Dev and ops">DevOps</abbr>, DevOps and DevOps</blockquote>'
    assert mark.apply("<p>DevOps</p>") == '<p><abbr title="Dev and ops">DevOps</abbr></p>'  # the next run: again


def test_tooltips_skip_code_and_left_out_words() -> None:
    mark = Abbreviations({"MLOps": "Ops"})
    run = ('<pre class="kb-cite__csl"><code>{"id": "kb-MLOps"}</code></pre> <code>MLOps</code> '
           '<details class="kb-elision"><summary>…</summary><span>MLOps</span></details> MLOps')
    assert mark.apply(run) == run.removesuffix("MLOps") + '<abbr title="Ops">MLOps</abbr>'


def test_tooltips_are_for_the_words_not_the_cards_apparatus() -> None:
    """A card's caption (its line, citation) and the page's sources get no tooltip (issue 9)."""
    mark = Abbreviations({"MLOps": "Ops"})
    run = ('<figure><blockquote>MLOps</blockquote>\n<p class="kb-quote__note" data-pagefind-ignore="all">MLOps</p>'
           '<figcaption><p>Quoted in “MLOps talk”</p>'
           '<p><a href="#q-mlops">themes/x/#q-MLOps</a></p></figcaption></figure>\n'
           '<section class="kb-sources" data-pagefind-ignore="all"><p>MLOps talk</p></section>')
    assert mark.apply(run) == run.replace("<blockquote>MLOps", '<blockquote><abbr title="Ops">MLOps</abbr>', 1)


def test_tooltips_match_escaped_spellings() -> None:
    mark = Abbreviations({"CI/CD": "Continuous delivery", "A*B": "Stars"})
    assert mark.apply("<p>CI/CD and A&#42;B</p>") == (
        '<p><abbr title="Continuous delivery">CI/CD</abbr> and <abbr title="Stars">A&#42;B</abbr></p>')
    assert Abbreviations({}).apply("<p>x</p>") == "<p>x</p>"


def test_restore_adds_the_tooltips_to_runs() -> None:
    text, runs = stash(_page(RUN))
    out = restore(markdown.markdown(text), runs, mark=Abbreviations({"MLOps": "Ops"}))
    assert '<mark><abbr title="Ops">MLOps</abbr></mark>' in out


@pytest.mark.parametrize(("source", "target", "anchor", "expected"), [
    ("interviews/x.md", "people/p.md", None, "../../people/p/"),
    ("interviews/x.md", "interviews/y.md", None, "../y/"),
    ("interviews/x.md", "themes/index.md", None, "../../themes/"),
    ("interviews/x.md", "index.md", None, "../../"),
    ("interviews/x.md", "interviews/x.md", "p-1", "#p-1"),
    ("themes/index.md", "themes/roles.md", "q-a", "roles/#q-a"),
    ("index.md", "themes/roles.md", None, "themes/roles/"),
])
def test_browser_addresses_of_generated_pages(source: str, target: str, anchor: str | None, expected: str) -> None:
    assert paths.url(source, target, anchor) == expected


def test_unsafe_anchor_is_refused() -> None:
    with pytest.raises(ValueError):
        paths.url("interviews/x.md", "people/p.md", 'x" onclick="')


def test_html_link_keeps_the_label_text() -> None:
    link = html_link('<script>[x](javascript:1)</script>', "../p/", css="kb-chip", title='say "hi"')
    assert link.startswith('<a class="kb-chip" href="../p/" title="say &quot;hi&quot;">')
    assert "<script" not in link and "](" not in link


def test_markers_are_html_comments_other_renderers_ignore() -> None:
    html = markdown.markdown(_page(RUN))
    assert RAW_START in html and RAW_END in html and 'id="p-1"' in html


_SPELLINGS = st.lists(st.text("ab-/ ", min_size=1, max_size=5), min_size=1, max_size=8, unique=True)


@given(_SPELLINGS, st.text("ab-/ x", max_size=40))
def test_the_trie_finds_what_the_longest_first_list_finds(spellings, text):
    """The tooltips' pattern is a trie (_alternation) for speed: it must match the same words,
    at the same places, as the plain longest-first alternation it replaced."""
    plain = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    found = [(m.start(), m.group()) for m in re.finditer(rf"\b(?:{plain})\b", text)]
    assert [(m.start(), m.group()) for m in re.finditer(rf"\b{_alternation(spellings)}\b", text)] == found

