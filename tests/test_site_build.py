"""End-to-end: `mkdocs build --strict` of the real project, checked through its HTML.

The site is built once per session into a temporary folder (never into the repository).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kb import search_index
from kb.corpus import load_corpus, transcript_paths
from kb.devtools.site_links import broken_links
from kb.models import THEME_SLUGS
from kb.text import tokens
from site_project import ROOT, SITE_FIXTURE, Site, build, make_project

REPO = "https://github.com/datascience-careers/kb"
OTHER_HOST_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
                    "video": "src", "embed": "src", "object": "data", "link": "href"}


def _docs_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "docs").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """A snapshot of the project: editors keep changing transcripts while tests run."""
    return make_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session")
def corpus(project):
    return load_corpus(project)


@pytest.fixture(scope="session")
def built(project, tmp_path_factory):
    """Build the real site from the snapshot, so a build can never write into the repository."""
    before = _docs_digest()
    result = build(project, tmp_path_factory.mktemp("site"))
    assert _docs_digest() == before, "the build changed docs/"
    return result


@pytest.fixture(scope="session")
def site(built) -> Site:
    assert built.code == 0, built.output
    return Site(built.site)


def test_strict_build_passes_without_warnings(built):
    assert built.code == 0, built.output
    assert "WARNING" not in built.output
    assert "Traceback" not in built.output


def test_every_expected_page_exists(site, corpus, project):
    expected = ["/", "/themes/", "/interviews/", "/people/", "/tags/", "/about/", "/contributing/"]
    expected += [f"/themes/{slug}/" for slug in THEME_SLUGS]
    expected += [f"/interviews/{i.slug}/" for i in corpus.interviews]
    expected += [f"/people/{p.id}/" for p in corpus.people]
    missing = [url for url in expected if not site.file_for(url).is_file()]
    assert not missing
    assert len(corpus.interviews) == len(transcript_paths(project)) >= 5
    assert json.loads((site.root / "kb.json").read_text("utf-8"))["interviews"]
    assert json.loads((site.root / "schema" / "transcript.json").read_text("utf-8"))["properties"]
    assert site.search_records()["en"]


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    for file in site.html_files():
        soup = site.page(site.url_of(file))
        for a in soup.select("article a[href]"):
            href = a["href"]
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            path, fragment = site.resolve(file, href)
            target = site.file_for(path)
            if not target.exists():
                broken.append(f"{site.url_of(file)} -> {href} (no page)")
            elif fragment and target.suffix == ".html" and fragment not in site.ids(path):
                broken.append(f"{site.url_of(file)} -> {href} (no id {fragment!r})")
    assert not broken, "\n".join(broken[:20])
    # kb bench's fast check (regular expressions, for 1,000 pages) agrees with this parser's
    assert broken_links(site.root) == (0, [])


def theme_pages(site, theme: str) -> list[str]:
    """The theme page and its quote pages 2, 3... (THEME_PAGE_QUOTES a page)."""
    more = sorted(site.root.glob(f"themes/{theme}-quotes-*/index.html"),
                  key=lambda f: int(f.parent.name.rsplit("-", 1)[1]))
    return [f"/themes/{theme}/", *(site.url_of(f) for f in more)]


def test_each_quote_links_to_its_paragraph_on_the_interview_page(site, corpus):
    for interview, quote in corpus.quotes():
        for theme in quote.themes:
            holding = [u for u in theme_pages(site, theme) if site.page(u).find(id=f"q-{quote.id}")]
            assert len(holding) == 1, f"{quote.id} on theme {theme}: {holding}"
            file = site.file_for(holding[0])
            figure = site.page(holding[0]).find(id=f"q-{quote.id}")
            context = figure.find("a", string="in context")
            path, fragment = site.resolve(file, context["href"])
            assert path == f"/interviews/{interview.slug}/"
            assert fragment == quote.paragraph_id
            paragraph = site.page(path).find(id=fragment)
            assert paragraph is not None and "kb-para" in paragraph["class"]


def test_quoted_paragraphs_link_back_to_theme_pages(site, corpus):
    interview, quote = next((i, q) for i, q in corpus.quotes())
    paragraph = site.page(f"/interviews/{interview.slug}/").find(id=quote.paragraph_id)
    assert paragraph.find("mark", class_="kb-mark") is not None
    backlinks = [a["href"] for a in paragraph.select(".kb-para__quoted a")]
    assert any(href.endswith(f"#q-{quote.id}") for href in backlinks)


def test_search_is_pagefind_and_indexes_every_page(site):
    """Every page is in search (the hook checks Pagefind's page count too), and Material's
    own index, which every visitor downloaded on page load, is gone."""
    assert not (site.root / "search" / "search_index.json").exists()
    records = site.search_records()
    indexed = {url for bundle in records.values() for url in bundle}
    pages = {site.url_of(f) for f in site.html_files() if f.name != "404.html"}
    # Each tag's own page only lists other pages' titles: left out on purpose (search_index.py).
    tag_pages = {url for url in pages if url.startswith("/tags/") and url != "/tags/"}
    assert tag_pages and indexed == pages - tag_pages
    pages -= tag_pages
    assert sum(len(bundle) for bundle in records.values()) == len(pages)  # each page once


def test_pagefind_sent_only_the_pages_body_writes_the_same_bundle(built, site, corpus, tmp_path, monkeypatch):
    """The hook sends Pagefind each page without its header and navigation
    (search_index.indexed_html), the site's language as MkDocs makes the pages
    (kb.search_stream): that must cut every real page and change nothing in the bundle
    Pagefind writes from the finished site's files, whole."""
    assert re.search(r"Pagefind indexed \d+ en pages \(as they were made\), \d+ fr pages\n", built.output)
    pages = [site.root / rel for rel in search_index.html_pages(site.root)]
    assert pages and all(len(search_index.indexed_html(p.read_text("utf-8"))) < p.stat().st_size
                         for p in pages)
    whole = tmp_path / "site"
    shutil.copytree(site.root, whole)
    languages = {f"interviews/{i.slug}/index.html": i.language for i in corpus.interviews if i.language != "en"}
    assert languages  # the French talk: two bundles compared
    monkeypatch.setattr(search_index, "indexed_html", lambda html: html)
    search_index.build_search_index(whole, default_language="en", languages=languages)

    def bundle(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted((root / "pagefind").rglob("*")) if p.is_file()}

    assert bundle(whole) == bundle(site.root)


def test_the_search_box_sits_in_materials_header_and_leaves_materials_search_idle(site):
    for url in ("/", "/themes/ethics/", "/interviews/"):
        page = site.page(url)
        box = page.select_one("header .md-search[data-kb-search]")
        assert box is not None, url
        assert box["data-kb-bundles"].split() == ["en", "fr"]
        assert box.select_one("input[name=query]")["aria-label"]
        assert page.select_one("header label.md-header__button[for=__search]") is not None
        # Material fetches its index when a form is named "search", and drives any element
        # marked data-md-component="search": neither may be there.
        assert page.find("form", attrs={"name": "search"}) is None
        assert page.select_one('[data-md-component="search"]') is None
        assert page.find("script", src=lambda s: bool(s and s.endswith("javascripts/search.js")))


def test_french_talk_is_indexed_in_french(site, corpus):
    """One bundle per language, so the French talk is stemmed as French."""
    french = [f"/interviews/{i.slug}/" for i in corpus.interviews if i.language == "fr"]
    records = site.search_records()
    assert french and sorted(records["fr"]) == sorted(french)
    assert not set(french) & set(records["en"])
    entry = json.loads((site.root / "pagefind" / "fr" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["fr"]
    # The page served keeps the site's language for its English apparatus.
    assert site.page(french[0]).html["lang"] == "en"


def test_every_transcript_paragraph_is_searchable(site, corpus):
    """No cut-off: the words of every paragraph, quoted or not, are in its page's record."""
    records = {url: r for bundle in site.search_records().values() for url, r in bundle.items()}
    for interview in corpus.interviews:
        url = f"/interviews/{interview.slug}/"
        content = " " + " ".join(tokens(records[url]["content"])) + " "
        page = site.page(url)
        for paragraph in interview.paragraphs:
            words = " ".join(tokens(paragraph.text)[:12])
            assert f" {words} " in content, (url, paragraph.id)
            text = page.find(id=paragraph.id).select_one(".kb-para__text")
            assert text.find_parent(attrs={"data-pagefind-body": True}) is not None
            assert text.find_parent(attrs={"data-pagefind-ignore": True}) is None, (url, paragraph.id)
        # Apparatus repeated on every paragraph stays out of the index.
        assert "quoted on:" not in records[url]["content"]


def test_every_ignored_block_says_how_pagefind_treats_it(site, tmp_path):
    """Pagefind 1.5 reads ``data-pagefind-ignore`` as "index" when bare (text left out, filters
    and metadata inside still read) and warns about, then drops entirely, any value but
    index/all. The site says which on every block: "index" on the hidden block of filters
    and metadata, "all" on the apparatus; and Pagefind, run on the built site, warns of nothing."""
    values: dict[str, int] = {}
    for file in site.html_files():
        if file.relative_to(site.root).parts[0] == "pagefind":
            continue
        for element in site.page(site.url_of(file)).find_all(attrs={"data-pagefind-ignore": True}):
            value = element["data-pagefind-ignore"]
            assert value in ("index", "all"), (site.url_of(file), element.name, element.get("class"), value)
            values[value] = values.get(value, 0) + 1
            if element.find(attrs={"data-pagefind-filter": True}) or element.find(attrs={"data-pagefind-meta": True}):
                assert value == "index", (site.url_of(file), element.get("class"))
    assert values.get("index", 0) > 0 and values.get("all", 0) > 0, values
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site.root), "--verbose",
                           "--output-path", str(tmp_path / "bundle")],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert "Indexed" in said and "data-pagefind-ignore" not in said and "WARN" not in said.upper(), said


def test_transcript_hits_know_their_paragraph_and_speaker(site, corpus):
    interview = next(i for i in corpus.interviews if len({p.speaker for p in i.paragraphs}) > 1)
    record = next(b[f"/interviews/{interview.slug}/"] for b in site.search_records().values()
                  if f"/interviews/{interview.slug}/" in b)
    anchors = [a["id"] for a in record["anchors"] if a["element"] == "div"]
    assert anchors == [p.id for p in interview.paragraphs]
    turns = json.loads(record["meta"]["kb_speakers"])
    assert turns[interview.paragraphs[0].id] == interview.speaker(interview.paragraphs[0].speaker).name
    change = next(p for a, p in zip(interview.paragraphs, interview.paragraphs[1:], strict=False)
                  if a.speaker != p.speaker)
    assert turns[change.id] == interview.speaker(change.speaker).name
    assert record["filters"]["interview"] == [interview.title]
    assert set(record["filters"]["person"]) == {s.name for s in interview.speakers if s.kind != "audience"}


def test_theme_pages_are_found_by_their_french_names(site, corpus):
    records = site.search_records()["en"]
    for theme in corpus.themes:
        assert theme.french_names, theme.slug
        record = records[f"/themes/{theme.slug}/"]
        assert record["filters"]["theme"] == [theme.title]
        for name in theme.french_names:
            assert name in record["content"], (theme.slug, name)
    assert "Éthique" in corpus.themes[[t.slug for t in corpus.themes].index("ethics")].french_names


def test_only_a_themes_own_page_carries_its_names_as_metadata(site, corpus):
    """kb_theme is what ranks the Roles page above its quote pages for "roles" (and the French
    names for "métiers"): on the theme page, with every name, and on no other page."""
    records = site.search_records()
    for theme in corpus.themes:
        names = records["en"][f"/themes/{theme.slug}/"]["meta"]["kb_theme"].split()
        assert names[0] == theme.title and set(theme.french_names) <= set(names), theme.slug
    carriers = [url for bundle in records.values() for url, r in bundle.items() if "kb_theme" in r["meta"]]
    assert sorted(carriers) == sorted(f"/themes/{t.slug}/" for t in corpus.themes)


def test_no_page_requests_another_host(site):
    offenders = []
    for file in site.html_files():
        soup = site.page(site.url_of(file))
        for tag, attr in OTHER_HOST_ATTRS.items():
            for element in soup.find_all(tag):
                value = element.get(attr, "")
                if value.startswith(("http:", "https:", "//")):
                    offenders.append(f"{site.url_of(file)}: <{tag} {attr}={value}>")
        # Material fetches repository stars from the GitHub API for this component.
        if soup.find(attrs={"data-md-component": "source"}):
            offenders.append(f"{site.url_of(file)}: data-md-component=source")
    assert not offenders, "\n".join(offenders[:20])


# What a browser fetches from CSS: url(...) (backgrounds, fonts, cursors...) and @import; and
# in an inline script, any absolute address (fetch, XHR, a script or image it inserts).
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
                      re.IGNORECASE)
_ABSOLUTE = re.compile(r"""(?:\bhttps?:|["'`(=\s]//[\w-])""", re.IGNORECASE)
_DATA_SCRIPTS = {"application/ld+json", "application/json"}  # data, never executed or fetched


def _css_addresses(css: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(_CSS_COMMENT.sub("", css))]


def _other_host(address: str) -> bool:
    return address.strip().lower().startswith(("http:", "https:", "//"))


def test_no_stylesheet_or_inline_script_requests_another_host(site):
    """Without a browser: every CSS file, inline <style>, style attribute and inline script of
    the built site, parsed for addresses a browser would fetch (the browser tests see the
    requests themselves, but they do not run on a machine without Chromium)."""
    offenders = []
    for css in sorted(site.root.rglob("*.css")):
        offenders += [f"{css.relative_to(site.root)}: {a}" for a in _css_addresses(css.read_text("utf-8"))
                      if _other_host(a)]
    scripts = 0
    for file in site.html_files():
        soup = site.page(site.url_of(file))
        where = site.url_of(file)
        for style in soup.find_all("style"):
            offenders += [f"{where}: <style> {a}" for a in _css_addresses(style.get_text()) if _other_host(a)]
        for element in soup.find_all(style=True):
            offenders += [f"{where}: style= {a}" for a in _css_addresses(element["style"]) if _other_host(a)]
        for script in soup.find_all("script"):
            if script.get("src") or script.get("type", "").lower() in _DATA_SCRIPTS:
                continue
            scripts += 1
            found = _ABSOLUTE.search(script.get_text())
            if found:
                offenders.append(f"{where}: inline script: …{script.get_text()[found.start(): found.start() + 60]}")
    assert scripts > 0  # Material's configuration script is on every page: the scan saw them
    assert not offenders, "\n".join(offenders[:20])


@pytest.mark.parametrize(("css", "found"), [
    ("a { background: url(https://evil.example/a.png) }", ["https://evil.example/a.png"]),
    ("@font-face { src: url('//cdn.example/f.woff2') format('woff2') }", ["//cdn.example/f.woff2"]),
    ('@import "https://fonts.googleapis.com/css?family=X";', ["https://fonts.googleapis.com/css?family=X"]),
    ("/* https://example.org/licence */ a { background: url(data:image/svg+xml;charset=utf-8,x) }",
     ["data:image/svg+xml;charset=utf-8,x"]),
])
def test_the_css_scan_finds_what_a_browser_would_fetch(css: str, found: list[str]) -> None:
    assert _css_addresses(css) == found


def _edit_link(site: Site, url: str) -> str:
    link = site.page(url).find("a", attrs={"title": "Edit this page"})
    assert link is not None, f"no edit button on {url}"
    return link["href"]


def test_edit_buttons_open_the_real_source(site, corpus):
    for interview in corpus.interviews:
        expected = f"{REPO}/edit/main/transcripts/{interview.path.name}"
        assert _edit_link(site, f"/interviews/{interview.slug}/") == expected
    assert _edit_link(site, "/themes/mlops/") == f"{REPO}/edit/main/data/themes.yml"
    assert _edit_link(site, "/") == f"{REPO}/edit/main/docs/index.md"


def test_home_page_lists_themes_and_every_interview(site, corpus):
    home = site.page("/")
    cards = home.select(".grid.cards:not(.kb-questions) > ul > li")
    assert len(cards) == len(THEME_SLUGS)
    for interview in corpus.interviews:
        assert interview.title in _link_texts(home), interview.slug
        assert interview.title in _link_texts(site.page("/about/")), interview.slug
    assert "kb:" not in str(home)


def test_home_questions_link_to_their_answers(site, corpus):
    """Issue 13: each reader question on the home page links to the key point or differ row
    that answers it, and shows that answer's own words (from data/themes.yml)."""
    home = site.page("/")
    cards = home.select(".kb-questions > ul > li")
    assert [c.find("strong").get_text() for c in cards] == [q.question for q in corpus.questions]
    for card, question in zip(cards, corpus.questions, strict=True):
        href = card.find("strong").find("a")["href"]
        assert href == f"themes/{question.theme}/#{question.answer}"
        target = site.page(f"/themes/{question.theme}/").find(id=question.answer)
        assert target is not None, href
        answer = target.find_parent(["li", "tr"])
        # The answer's linked words are on the card too, linking to the same paragraphs.
        theme_links = [a.get_text() for a in answer.select("a")]
        assert theme_links and all(t in card.get_text() for t in theme_links), question.question
    assert home.select_one("figure.kb-chart--job-adverts svg") is not None


def _link_texts(soup) -> set[str]:
    # get_text, not .string: the parser may split a link's text into several strings
    return {a.get_text() for a in soup.select("article a")}


def test_tags_index_lists_theme_tags(site):
    tags = site.page("/tags/")
    text = tags.get_text(" ")
    for title in ("Roles", "Skills", "Expectations", "Ethics", "MLOps"):
        assert title in text


def test_generated_pages_are_not_in_docs():
    for folder in ("themes", "interviews", "people"):
        assert not (ROOT / "docs" / folder).exists()
    assert not (ROOT / "docs" / "tags.md").exists()


def test_site_fixture_builds_are_byte_identical(tmp_path):
    from kb.build import generate

    corpus = load_corpus(SITE_FIXTURE)
    assert generate(corpus) == generate(corpus)


SOURCE_TYPE_VALUES = {"automatic-captions", "edited-transcript", "podcast-transcript", "talk", "article",
                      "reported-speech", "translated"}


def test_every_quote_card_has_a_permalink_a_citation_and_a_source_type(site):
    """Issue 18, on the built site: every card on every page can be cited and linked, its
    permalink lands on a card with the same quote, its "in context" on its paragraph, and
    its "Full credit" on its interview's credit (issue 9: written once per page)."""
    cards = 0
    for file in site.html_files():
        page = site.page(site.url_of(file))
        for figure in page.select("figure.kb-quote"):
            cards += 1
            assert figure.get("data-source-type") in SOURCE_TYPE_VALUES, (file, figure.get("data-source-type"))
            citation = figure.select_one(".kb-cite__text")
            assert citation is not None and "Quoted in “" in citation.get_text(), file
            csl = json.loads(figure.select_one("pre.kb-cite__csl").get_text())
            assert csl["title"] and csl["id"] == "kb-" + csl["note"].rsplit("#q-", 1)[1]
            link = citation.select_one("a.kb-cite__permalink")
            path, fragment = site.resolve(file, link["href"])
            target = site.page(path).find(id=fragment)
            assert target is not None and target.name == "figure", (file, link["href"])
            words = figure.select_one("blockquote.kb-quote__words").get_text()
            assert target.select_one("blockquote.kb-quote__words").get_text() == words
            context = figure.select_one(".kb-quote__by a[href*='#p-']")
            if context is not None:
                path, fragment = site.resolve(file, context["href"])
                assert site.page(path).find(id=fragment) is not None, (file, context["href"])
            credit = figure.select_one(".kb-quote__by a.kb-quote__full")
            path, fragment = site.resolve(file, credit["href"])
            entry = site.page(path).find(id=fragment) if fragment else site.page(path).select_one("article")
            assert entry is not None and "Source" in entry.get_text(), (file, credit["href"])
    assert cards >= 100


# Issue 9's limit for every theme and person page, met at 500 interviews too (kb bench).
PAGE_LIMIT_BYTES = 150_000


def test_theme_and_person_pages_weigh_at_most_150_kb(site):
    pages = sorted([*site.root.glob("themes/*/index.html"), *site.root.glob("people/*/index.html")])
    assert len(pages) >= 15
    sizes = {p.parent.relative_to(site.root).as_posix(): p.stat().st_size for p in pages}
    assert {k: v for k, v in sizes.items() if v > PAGE_LIMIT_BYTES} == {}, max(sizes.values())


def test_card_apparatus_has_no_tooltips_and_no_link_to_its_own_page(site):
    """Glossary tooltips belong in the reading text, not in every card's line and citation;
    a person page's cards name the person without a link to the page itself."""
    tooltips = 0
    for file in [*site.root.glob("themes/*/index.html"), *site.root.glob("people/*/index.html")]:
        page = site.page(site.url_of(file))
        article = page.select_one("article")
        assert not article.select('a[href=""]'), file
        assert not article.select("figure.kb-quote figcaption abbr, .kb-sources abbr"), file
        tooltips += len(article.select("figure.kb-quote blockquote abbr"))
    assert tooltips > 50  # the words keep theirs
def test_times_without_a_video_are_plain_text_not_dead_links(site, corpus):
    """Issue 18: an interview without video_url shows its times, linked to nothing."""
    for interview in corpus.interviews:
        if interview.source.video_url is None and any(p.start_seconds is not None for p in interview.paragraphs):
            page = site.page(f"/interviews/{interview.slug}/")
            stamps = page.select("article .kb-time")
            assert stamps and all(s.name == "span" for s in stamps), interview.slug
            break
    else:
        pytest.fail("no interview with times and no video in the corpus")


def test_elisions_are_valid_html_and_their_words_stay_out_of_search(site, corpus):
    """A <details> cannot sit in a <p> (the browser would split the paragraph): each elision
    sits in the card's <blockquote>. The words it leaves out are marked for both search engines
    to skip (data-pagefind-ignore, data-search-exclude): they are not the quote's words."""
    cards = 0
    for file in site.html_files():
        for details in site.page(site.url_of(file)).select("details.kb-elision"):
            cards += 1
            assert details.find_parent("p") is None, site.url_of(file)
            assert details.parent.name == "blockquote", site.url_of(file)
            words = details.select_one(".kb-elision__words")
            assert words.has_attr("data-search-exclude") and words.has_attr("data-pagefind-ignore")
    elided = [o for _, q in corpus.quotes() for o in q.omissions]
    assert cards >= len(elided) > 0  # every elision on its theme page, some on person pages too
