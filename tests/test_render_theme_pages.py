"""A theme's quotes across its pages (SiteIndex.theme_page_groups, issue 13): the theme page
shows every group with its featured quotes and as many of the others as fit; the rest continue
on pages 2, 3... under the same headings, and the theme page links to them."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from kb.corpus import load_corpus
from kb.render import lookup, paths
from kb.render.lookup import SiteIndex, group_theme_quotes
from kb.render.themes import render_theme_page, render_theme_quote_pages

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def _pages(site: SiteIndex, theme) -> dict[str, str]:
    return {paths.theme_page(theme.slug): render_theme_page(site, theme), **render_theme_quote_pages(site, theme)}


def _check_theme(site: SiteIndex, theme, budget: int) -> int:
    """Checks one theme's pages; returns how many pages it has."""
    groups = group_theme_quotes(theme, site.theme_quotes(theme.slug))
    pages = _pages(site, theme)
    first = pages[paths.theme_page(theme.slug)]
    for group in groups:  # every group on page 1, with its featured quotes
        if group.title:
            assert f"### {group.title}\n" in first, (theme.slug, group.title)
        for _, quote in group.shown:
            assert f'id="{paths.quote_anchor(quote.id)}"' in first, (theme.slug, quote.id)
    held = {page: re.findall(r'<figure class="kb-quote[^>]*\bid="(q-[^"]+)"', text) for page, text in pages.items()}
    every = [q for ids in held.values() for q in ids]
    wanted = [paths.quote_anchor(q.id) for _, q in site.theme_quotes(theme.slug)]
    assert len(every) == len(set(every)) and set(every) <= set(wanted), theme.slug  # none on two pages
    left_out = set(wanted) - set(every)  # beyond lookup.THEME_QUOTE_PAGES: counted, never lost silently
    assert len(left_out) == site.theme_quotes_not_shown(theme), theme.slug
    assert all(site.theme_page_of_quote(theme.slug, a.removeprefix("q-")) is None for a in left_out)
    assert len(pages) <= lookup.THEME_QUOTE_PAGES
    featured = sum(len(g.shown) for g in groups)
    for page, ids in held.items():
        assert len(ids) <= (max(budget, featured) if page == paths.theme_page(theme.slug) else budget), page
        for anchor in ids:  # the single lookup agrees with the page that holds the quote
            number = site.theme_page_of_quote(theme.slug, anchor.removeprefix("q-"))
            assert paths.theme_quotes_page(theme.slug, number) == page
    later = re.findall(r'^(.*)\n\{ \.kb-more-later \}$', first, flags=re.MULTILINE)
    assert len(later) == sum(1 for g in site.theme_page_groups(theme)[0] if g.later)
    links = 0
    for line in later:  # "N more quotes of this group are on page K": the link lands on one of them
        for count, target in re.findall(r'(\d+)[^\[]*?on \[page \d+\]\(([^)]+)\)', line):
            path, _, anchor = target.partition("#")
            page = posixpath.normpath(posixpath.join(posixpath.dirname(paths.theme_page(theme.slug)), path))
            assert page in pages and anchor in held[page], (theme.slug, target)
            assert int(count) >= 1
            links += 1
    assert links >= len(later)
    return len(pages)


def test_every_group_is_on_the_theme_page_and_no_quote_is_lost_or_repeated(corpus) -> None:
    site = SiteIndex(corpus)
    counts = [_check_theme(site, theme, lookup.THEME_PAGE_QUOTES) for theme in corpus.themes]
    assert max(counts) >= 2, "the seeds have a theme longer than one page: the links are tested"


def test_featured_quotes_stay_on_the_theme_page_when_they_alone_fill_it(corpus, monkeypatch) -> None:
    monkeypatch.setattr(lookup, "THEME_PAGE_QUOTES", 4)  # fewer than the groups' featured quotes
    monkeypatch.setattr(lookup, "THEME_QUOTE_PAGES", 1000)  # no cap on the pages here
    site = SiteIndex(corpus)
    for theme in corpus.themes:
        pages = _check_theme(site, theme, 4)
        first = site.theme_page_groups(theme)[0]
        assert all(not g.more for g in first), "no room left for extras on page 1"
        extras = sum(len(g.more) for g in group_theme_quotes(theme, site.theme_quotes(theme.slug)))
        assert pages == 1 + -(-extras // 4), theme.slug
        assert sum(c for g in first for _, _, c in g.later) == extras


def test_page_one_fills_each_group_in_turn(corpus, monkeypatch) -> None:
    site = SiteIndex(corpus)
    theme = max(corpus.themes, key=lambda t: len(site.theme_quotes(t.slug)))
    groups = group_theme_quotes(theme, site.theme_quotes(theme.slug))
    featured = sum(len(g.shown) for g in groups)
    monkeypatch.setattr(lookup, "THEME_PAGE_QUOTES", featured + len(groups))  # one extra each
    site = SiteIndex(corpus)
    first = site.theme_page_groups(theme)[0]
    assert [len(g.more) for g in first] == [min(1, len(g.more)) for g in groups]
    for kept, group in zip(first, groups, strict=True):  # page 1 keeps the first extras, in order
        assert kept.more == group.more[:len(kept.more)]


def test_a_long_theme_stops_at_its_page_limit_and_says_where_the_rest_are(corpus, monkeypatch) -> None:
    """At 500 interviews a theme had 94 pages of quotes: its pages now stop at
    THEME_QUOTE_PAGES, each group continuing in turn, and the pages count the others and
    send the reader to them in the transcripts, where every link about them leads."""
    monkeypatch.setattr(lookup, "THEME_PAGE_QUOTES", 4)
    monkeypatch.setattr(lookup, "THEME_QUOTE_PAGES", 2)
    site = SiteIndex(corpus)
    theme = max(corpus.themes, key=lambda t: len(site.theme_quotes(t.slug)))
    groups = group_theme_quotes(theme, site.theme_quotes(theme.slug))
    assert _check_theme(site, theme, 4) == 2
    pages = site.theme_page_groups(theme)
    second = {g.title: len(g.shown) for g in pages[1]}
    # page 2's four quotes come one per group in turn, from the groups that still have some
    left = [g for g in groups if len(g.more) > sum(len(p.more) for p in pages[0] if p.title == g.title)]
    assert len(second) == min(4, len(left)) and set(second.values()) == {1}, second
    not_shown = site.theme_quotes_not_shown(theme)
    shown = sum(len(g.quotes) for page in pages for g in page)
    assert not_shown == len(site.theme_quotes(theme.slug)) - shown > 0
    rendered = _pages(site, theme)
    for text in rendered.values():
        assert f"The other {not_shown} are in their interviews' transcripts" in text
    assert f"**{shown + not_shown} quotes** are tagged" in rendered[paths.theme_page(theme.slug)]
    assert f"These pages show {shown} of the theme's {shown + not_shown} quotes" in \
        rendered[paths.theme_quotes_page(theme.slug, 2)]
    # a quote left out: its permalink, the coverage matrix and the interview page lead to the transcript
    from kb.render.citation import quote_permalink
    from kb.render.coverage import coverage_matrix
    from kb.render.interviews import _quoted_on, render_interview_page

    interview, quote = next((i, q) for i, q in site.theme_quotes(theme.slug)  # on none of its themes' pages
                            if all(site.theme_page_of_quote(t, q.id) is None for t in q.themes))
    # the transcript carries paragraph ids: the quote's paragraph, where it is marked
    interview_html = render_interview_page(site, interview)
    assert quote.paragraph_id and f'id="{quote.paragraph_id}"' in interview_html
    assert quote_permalink(site, interview, quote) == (paths.interview_page(interview.slug), quote.paragraph_id)
    line = _quoted_on(site, quote, paths.interview_page(interview.slug))
    tagged = re.search(r"tagged (.*), not among the quotes (its|their) pages show$", line)
    assert tagged and f">{theme.title}</a>" in tagged.group(1), line
    assert "#" not in tagged.group(1), "the theme page, not an anchor it does not hold"
    if site.theme_page_of_interview(theme.slug, interview.slug) is None:
        matrix = coverage_matrix(corpus, page=paths.THEMES_INDEX, theme_page_of=site.theme_page_of_interview)
        first = next(q for q in interview.quotes if theme.slug in q.themes)
        assert f"{interview.slug}/#{first.paragraph_id}" in matrix
        assert f'id="{first.paragraph_id}"' in interview_html
        assert "leave them out" in matrix


def test_page_one_names_the_later_pages_in_a_sentence(corpus, monkeypatch) -> None:
    """Page 1 says where its rest is: the pages after it only, joined as a sentence (it had
    listed "page 1" among "the next pages", and a group's line read "on page 2,3 on page
    3and3 on page 4": the template's separators lost their spaces to the text escaping)."""
    monkeypatch.setattr(lookup, "THEME_PAGE_QUOTES", 1)  # page 1 its featured quotes, then one a page
    monkeypatch.setattr(lookup, "THEME_QUOTE_PAGES", 12)  # more later pages than groups
    site = SiteIndex(corpus)
    theme = max(corpus.themes, key=lambda t: len(site.theme_quotes(t.slug)))
    assert len(site.theme_page_groups(theme)) == 12
    first = render_theme_page(site, theme)
    links = [f"[page {n}]({paths.href(paths.theme_page(theme.slug), paths.theme_quotes_page(theme.slug, n))})"
             for n in range(2, 13)]
    assert f"are on {', '.join(links[:-1])} and {links[-1]}.\n" in first
    assert not re.search(r"\bpage 1\b", first), "page 1 is this page"
    later = re.findall(r'^(.*)\n\{ \.kb-more-later \}$', first, flags=re.MULTILINE)
    several = [line for line in later if line.count("on [page") > 2]
    assert several, "a group continues on three pages: its line joins them"
    for line in several:
        assert re.fullmatch(r"\d+ more quotes? of this group (is|are) on \[page 2\]\([^)]+\)"
                            r"(, \d+ on \[page \d\]\([^)]+\))* and \d+ on \[page \d\]\([^)]+\)\.", line), line
