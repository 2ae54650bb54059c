"""MkDocs glue: generated pages come from transcripts/ at build time, never from docs/.

Registered in mkdocs.yml under ``hooks:``. It only handles events; the pipeline (load,
render) is the plain library in kb. MkDocs imports a hook once per ``mkdocs serve``, so
every build starts by resetting the state below in ``on_config``.
"""

from __future__ import annotations

import logging
import zlib
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kb import dirty_rebuilds
from kb.build import generate
from kb.corpus import load_corpus
from kb.errors import KBError
from kb.models import Corpus
from kb.preview import (
    Preview,
    page_tags,
    problems_banner,
    site_wide_key,
    stale_pages,
    stored_page,
    with_banner,
)
from kb.render import paths, raw_blocks, render_snippets
from kb.render.glossary import abbreviation_titles
from kb.render.paths import ABBREVIATIONS_FILE, page_sources, sections
from kb.render.snippets import fill_markers
from kb.render_memo import RenderMemo
from kb.search_index import build_search_index, in_search, language_groups
from kb.search_stream import StreamedIndex

log = logging.getLogger("mkdocs.hooks.kb")  # under "mkdocs", so --strict counts warnings


class _State:
    def __init__(self) -> None:
        self.generated: set[str] = set()  # src_uri of every page this build generated
        self.snippets: dict[str, str] = {}  # marker name -> Markdown for hand-written pages
        self.corpus: Any = None  # loaded in on_pre_build
        self.pages: dict[str, str] = {}
        self.notices: list[str] = []
        self.page_languages: dict[str, str] = {}  # site path -> language, when not the site's
        self.pagefind = True  # False when mkdocs.yml enables Material's own search instead
        self.raw_runs: dict[str, list[str]] = {}  # src_uri -> raw HTML runs kept from Markdown
        self.tooltips: raw_blocks.Abbreviations | None = None  # the glossary's, for those runs
        self.packed: dict[str, bytes] = {}  # src_uri -> page HTML, compressed until its template
        self.listings: set[str] = set()  # src_uri of generated pages holding a tags listing
        self.tags: dict[str, str] = {}  # under serve: src_uri -> its front matter's tags (kb.preview.page_tags)
        self.search: StreamedIndex | None = None  # mkdocs build: the site language's pages, indexed as made


_state = _State()
_preview = Preview()  # survives rebuilds: `mkdocs serve` keeps serving the last good build
_memo = RenderMemo()  # survives rebuilds too: under `mkdocs serve`, unchanged pages are not converted again


def on_startup(*, command: str, dirty: bool) -> None:
    _preview.serving = command == "serve"
    # Plain `mkdocs serve` rebuilds as `--dirty` does (on_serve): its generated pages are
    # backed by files from the first build on, so MkDocs can tell which ones a save changed.
    # `mkdocs serve --clean` (command "build") keeps MkDocs' full rebuilds.
    # Under `serve --strict` the builds stay full (kb.dirty_rebuilds) but pages are still backed
    # by files: a little disk I/O, and one code path for every kind of serve.
    _preview.dirty = dirty or command == "serve"
    _preview.dirty_rebuilds = command == "serve" and not dirty


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
    _preview.serving = True  # also under `mkdocs serve --clean`, which starts as a "build"
    if _preview.dirty_rebuilds:
        dirty_rebuilds.install()
    return server


def on_shutdown() -> None:
    dirty_rebuilds.uninstall()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    _close_search_stream()  # a build that failed before its on_build_error
    _state = _State()  # nothing survives from the previous build under `mkdocs serve`
    _memo.start_build()
    # Search is Pagefind's (on_post_build). Material's header shows its search box only when
    # its search plugin is listed: a placeholder under that name keeps the box in its place
    # (overrides/partials/search.html) without Material building or downloading its index.
    # A mkdocs.yml that lists Material's search (kb bench compares both) keeps it instead.
    _state.pagefind = "material/search" not in config.plugins
    if not config.use_directory_urls:  # raw HTML blocks link to folder addresses (paths.url)
        raise PluginError("the knowledge base needs use_directory_urls: true in mkdocs.yml")
    if _state.pagefind:
        config.plugins["material/search"] = _SearchBoxSlot()
    return config


class _SlotConfig(Config):
    enabled = config_options.Type(bool, default=True)


class _SearchBoxSlot(BasePlugin[_SlotConfig]):
    """Stands in for Material's search plugin in the header template; handles no event."""

    def __init__(self) -> None:
        self.load_config({})


def on_pre_build(config: MkDocsConfig) -> None:
    """Load and render before MkDocs cleans site/: bad input must not leave readers (or a
    maintainer previewing) with an emptied site folder."""
    root = Path(config.config_file_path).parent
    try:
        _state.corpus = load_corpus(root, notices=_state.notices)
        _state.pages = generate(_state.corpus, pack=_pack_text)
        _state.snippets = render_snippets(_state.corpus)
    except KBError as exc:
        if not _preview.serving:
            raise PluginError(f"{len(exc.problems)} problem(s) in the knowledge base sources:\n{exc}") from None
        _serve_last_good(config, exc)
        return
    _preview.problems = ()
    if _preview.serving:  # a build has no next build to fall back for: do not hold every page twice
        _preview.last_good = (_state.corpus, _state.pages, _state.snippets, list(_state.notices))


def _serve_last_good(config: MkDocsConfig, exc: KBError) -> None:
    """Under `mkdocs serve`: a failed raise would leave the browser waiting until the file is
    fixed (the server holds requests until a build succeeds). Build the last good version (or
    an empty knowledge base) instead, with the problems shown on every page (kb.preview)."""
    _preview.problems = tuple(exc.problems)
    # Not a warning under --strict: that would fail this build and leave the browser waiting.
    level = logging.INFO if config.strict else logging.ERROR
    log.log(level, f"{len(exc.problems)} problem(s) in the knowledge base sources; serving the last good "
                   f"version with them shown on every page:\n{exc}")
    if _preview.last_good is not None:
        _state.corpus, _state.pages, _state.snippets, _state.notices = _preview.last_good
    else:
        _state.corpus = Corpus(interviews=(), themes=(), people=())
        _state.pages = generate(_state.corpus, pack=_pack_text)
        _state.snippets = render_snippets(_state.corpus)


@event_priority(-100)  # last: Pagefind is given the page as it is written
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if page.file.src_uri in _state.generated:
        _release(page)
    if _preview.problems:
        output = with_banner(output, problems_banner(_preview.problems, stale=_preview.last_good is not None))
    if _state.search is not None:
        _state.search.add(page.file.dest_uri, output)
    return output


def _release(page: Page) -> None:
    """Free a generated page's HTML body once the page is made (its source and Markdown went
    in on_page_content): MkDocs keeps every page until the build ends, which at 500 interviews
    was most of the build's memory. Nothing reads it later: anchor checks use the ids
    collected while rendering.
    Emptied, not None: a page whose content is None finds its title in its Markdown again,
    and other pages (the navigation, the tags page) print that title."""
    page.content = ""


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if not _preview.problems or not template_name.endswith(".html"):
        return output_content  # 404.html (a template, not a page) shows them too
    return with_banner(output_content, problems_banner(_preview.problems, stale=_preview.last_good is not None))


@event_priority(100)  # before other plugins look at the files (search, tags)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    corpus, generated = _state.corpus, dict(_state.pages)
    for notice in _state.notices:
        log.warning(notice)
    clashes = sorted(path for path in generated if files.get_file_from_path(path) is not None)
    if clashes:
        raise PluginError("hand-written pages in docs/ use paths the build generates (rename them): "
                          + ", ".join(clashes))
    # Not a page: the `*[term]: definition` lines are for `kb build --out`'s other renderers.
    generated.pop(ABBREVIATIONS_FILE, None)
    # The glossary's tooltips on every page: given to the abbr extension as its glossary
    # (read per page), not appended to every page as lines (40 ms of parsing per page).
    titles = abbreviation_titles(corpus)
    config.mdx_configs.setdefault("abbr", {})["glossary"] = titles
    _state.tooltips = raw_blocks.Abbreviations(titles)
    docs_prefix = PurePosixPath(config.edit_uri or "").parts
    sources = page_sources(corpus)
    in_nav = _nav_sections(sections(corpus))
    # Section pages left out of the navigation (long sections, a theme's quote pages 2, 3...).
    shown = {page for index, pages in in_nav.items() for page in (index, *pages)}
    folders = tuple(index.rpartition("/")[0] + "/" for index in in_nav)
    hidden = {path for path in generated if path.startswith(folders) and path not in shown}
    hidden |= {path for path in generated if path.startswith(paths.TAGS_FOLDER)}  # from the tags page
    for path, packed in generated.items():
        # Pages a long section leaves out of the navigation are reached from its index page.
        inclusion = InclusionLevel.NOT_IN_NAV if path in hidden else InclusionLevel.UNDEFINED
        if _preview.dirty:  # serve: MkDocs re-renders only the pages whose text changed
            text = _unpack_text(packed)
            _state.tags[path] = page_tags(text)
            file = File.generated(config, path, inclusion=inclusion, abs_src_path=str(
                stored_page(Path(config.config_file_path).parent, path, text)))
        elif path.endswith(".md"):
            file = _PackedFile.generated(config, path, content=b"", inclusion=inclusion)
            file.packed = packed
        else:  # kb.json, the schemas: copied as they are
            file = File.generated(config, path, content=_unpack_text(packed), inclusion=inclusion)
        source = sources.get(path)
        # The edit button must open the real source (a transcript, the theme data), not a page
        # that exists only in memory. edit_uri points into docs/, so climb out of it.
        file.edit_uri = _edit_path(source, docs_prefix) if source else None
        files.append(file)
        _state.generated.add(path)
    site_language = config.theme.get("language", "en")
    _state.page_languages = {
        files.get_file_from_path(paths.interview_page(i.slug)).dest_uri: i.language  # type: ignore[union-attr]
        for i in corpus.interviews if i.language != site_language}
    config.nav = _expand_sections(config.nav, in_nav)
    _state.pages = {}  # each page's text now lives in its File only (memory, docs/scaling.md)
    if not _preview.serving:  # nothing reads the corpus again (serve keeps it as the last good build)
        _state.corpus = None
    return files


def on_nav(nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
    """Under `mkdocs serve` (plain or `--dirty`): when what every page shows changed (the
    navigation, the problems banner, the tags, the markers' text, the search bundles, a
    hand-written file, the theme overrides, mkdocs.yml: kb.preview.site_wide_key), render
    every page again. MkDocs would render only the pages whose own source changed, leaving
    the others with the old navigation or banner.
    Their HTML is removed, which is what MkDocs' dirty build reads as "changed"
    (File.is_modified); on_nav runs before it reads or renders any page."""
    if not (_preview.serving and _preview.dirty):
        return nav
    shapes = [Path(config.config_file_path), *_tree(Path(config.docs_dir))]
    if config.theme.custom_dir:
        shapes += _tree(Path(config.theme.custom_dir))
    key = site_wide_key(nav=_nav_outline(nav.items), snippets=_state.snippets, tags=_state.tags,
                        problems=_preview.problems, stale=_preview.last_good is not None, files=shapes,
                        bundles=_search_bundles(config))
    if _preview.site_wide is not None and key != _preview.site_wide:
        pages = files.documentation_pages()
        for file in pages:
            Path(file.abs_dest_path).unlink(missing_ok=True)
        log.info(f"the navigation, the problems shown, the tags or a hand-written file changed: "
                 f"all {len(pages)} pages are rendered again")
    _preview.site_wide = key
    for page in stale_pages(Path(config.site_dir), {Path(f.abs_dest_path) for f in files}):
        page.unlink()
    return nav


def _nav_outline(items: Any, depth: int = 0) -> list[tuple[int, str, str]]:
    """(depth, title, address) of every navigation entry, sections included, in order."""
    outline: list[tuple[int, str, str]] = []
    for item in items:
        outline.append((depth, str(item.title), str(getattr(item, "url", "") or "")))
        outline += _nav_outline(getattr(item, "children", None) or [], depth + 1)
    return outline


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _pack_text(text: str) -> bytes:
    """A generated file's text (or a page's HTML) as held until MkDocs reads it: at 500
    interviews the pages' Markdown was 123 M characters, 247 MB as Python strings (most are
    stored two bytes a character), most of the hook's peak memory (docs/scaling.md)."""
    return zlib.compress(text.encode("utf-8"), 1)


def _unpack_text(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


class _PackedFile(File):
    """A generated page whose text is held compressed (``packed``) and unpacked each time
    it is read: whoever reads ``content_string`` or ``content_bytes`` (MkDocs, a plugin)
    gets the page's text. Setting either replaces it, as for any File."""

    packed: bytes | None = None

    @property  # type: ignore[override]
    def content_bytes(self) -> bytes:
        return zlib.decompress(self.packed) if self.packed is not None else File.content_bytes.fget(self)  # type: ignore[attr-defined]

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.packed = None
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    @property  # type: ignore[override]
    def content_string(self) -> str:
        return _unpack_text(self.packed) if self.packed is not None else File.content_string.fget(self)  # type: ignore[attr-defined]

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.packed = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]


# Material renders the whole navigation into every page: listing 500 interviews and 600
# people there made each page ~300 KB and the build quadratic (docs/scaling.md). A section
# longer than this shows only its index page, which links to all of its pages.
NAV_LIMIT = 30


def _nav_sections(children: dict[str, list[str]]) -> dict[str, list[str]]:
    return {index: (pages if len(pages) <= NAV_LIMIT else []) for index, pages in children.items()}


def on_pre_page(page: Page, *, config: MkDocsConfig, files: Files) -> Page:
    if _preview.serving:  # `mkdocs build` converts every page as MkDocs does
        _memo.install(page)
    return page


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri in _state.generated:
        # Raw HTML runs (transcripts) skip Markdown; on_page_content puts them back.
        markdown, _state.raw_runs[page.file.src_uri] = raw_blocks.stash(markdown)
        if _TAGS_LISTING in markdown:  # Material's tags plugin edits its HTML in on_env: keep it
            _state.listings.add(page.file.src_uri)
        return markdown
    markdown, unknown = fill_markers(markdown, _state.snippets)
    for name in unknown:
        log.warning(f"{page.file.src_uri}: unknown marker <!-- kb:{name} --> "
                    f"(known: {', '.join(sorted(_state.snippets))})")
    return markdown


@event_priority(50)  # before plugins that read the content (Material's search, in kb bench's variant)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    uri = page.file.src_uri
    runs = _state.raw_runs.pop(uri, None) or []
    if uri in _state.generated:
        # Its source and Markdown are not read again once it is HTML: let them go now, before
        # MkDocs has converted every page (the build's memory peak), not at the end.
        page.markdown = ""
        page.file.content_string = ""
    if uri in _state.generated and uri not in _state.listings:
        finish = partial(_restore_and_pack, page, html, runs)
        # Under serve, a page whose conversion and runs are those of an earlier build gets
        # that build's packed HTML and ids (kb.render_memo), not a second restore and packing.
        packed, ids = _memo.finished(page, runs, finish) if runs and _preview.serving else finish()
        _add_anchor_ids(page, ids)
        _state.packed[uri] = packed  # see _restore_and_pack
        return ""
    if runs:
        html = _restore(page, html, runs)
        _add_anchor_ids(page, raw_blocks.anchor_ids(runs))
    return html


def _restore(page: Page, html: str, runs: list[str]) -> str:
    """The page's HTML with its raw runs back in (and the glossary's tooltips on them)."""
    try:
        return raw_blocks.restore(html, runs, mark=_state.tooltips)
    except raw_blocks.RawBlockError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from None


def _add_anchor_ids(page: Page, ids: set[str] | frozenset[str]) -> None:
    if page.present_anchor_ids is not None:  # MkDocs checks links to anchors against these
        page.present_anchor_ids |= ids


def _restore_and_pack(page: Page, html: str, runs: list[str]) -> tuple[bytes, frozenset[str]]:
    """A generated page's HTML, runs restored, compressed until its template is rendered, and
    the runs' ids.

    MkDocs converts every page before it writes the first (mkdocs/commands/build.py: all
    pages' on_page_content, then on_env, then each page's template): at 500 interviews the
    HTML of every page, held as text all at once, was the build's memory peak. Nothing reads
    ``page.content`` in between (the toc, title and anchor ids are kept apart; Material's
    tags plugin edits only the pages holding a listing, which are not packed), and
    ``on_page_context`` puts it back before Material's templates or its search plugin read
    it. The page's content is left empty, not None: see ``_release``."""
    return _pack_text(_restore(page, html, runs)), frozenset(raw_blocks.anchor_ids(runs))


# The directive of Material's tags listings (render/tags.py writes it).
_TAGS_LISTING = "<!-- material/tags"


@event_priority(100)  # before the templates and other plugins' on_page_context (Material's search)
def on_page_context(context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
    packed = _state.packed.pop(page.file.src_uri, None)
    if packed is not None:
        page.content = _unpack_text(packed)
    return context


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    """Tell the search box (overrides/partials/search.html) which language bundles exist;
    under `mkdocs build`, start indexing the site's language as its pages are made."""
    env.globals["kb_search_bundles"] = _search_bundles(config)
    if _state.pagefind and not _preview.serving:  # serve indexes in the background (on_post_build)
        language = config.theme.get("language", "en")
        made = sorted(rel for file in files.documentation_pages(inclusion=InclusionLevel.is_included)
                      if in_search(rel := file.dest_uri))
        pages = language_groups(made, language, _state.page_languages).get(language, [])
        try:
            _state.search = StreamedIndex(Path(config.site_dir), language, pages)
        except KBError as exc:
            raise PluginError(str(exc)) from None
    return env


def on_build_error(error: Exception) -> None:
    _close_search_stream()


def _close_search_stream() -> None:
    if _state.search is not None:
        _state.search.close()
        _state.search = None


def _search_bundles(config: MkDocsConfig) -> list[str]:
    """The languages of the search bundles, which every page's search box names."""
    return sorted({config.theme.get("language", "en"), *_state.page_languages.values()})


def on_post_build(config: MkDocsConfig) -> None:
    """Index the built site for search: every page, every transcript word, no size limit."""
    if _preview.serving:
        log.info(f"pages converted again: {_memo.misses} (unchanged Markdown, reused: {_memo.hits})")
    if not _state.pagefind:
        return
    index = partial(_index_site, Path(config.site_dir), config.theme.get("language", "en"),
                    dict(_state.page_languages))
    if not _preview.serving:
        streamed, _state.search = _state.search, None
        index(streamed)
        return
    # Under `mkdocs serve` the browser reloads when the build returns: the search index (seconds
    # at hundreds of interviews) follows in the background, one indexing at a time.
    if _preview.indexer is None:
        _preview.indexer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-search-index")
    _preview.indexer.submit(_index_in_background, index)


def _index_site(site: Path, language: str, languages: dict[str, str], streamed: StreamedIndex | None = None) -> None:
    try:
        report = build_search_index(site, default_language=language, languages=languages, streamed=streamed)
    except KBError as exc:
        raise PluginError(str(exc)) from None
    log.info("search: Pagefind indexed " + ", ".join(
        f"{pages} {language} pages" + (" (as they were made)" if language in report.streamed else "")
        for language, pages in report.pages.items()))


def _index_in_background(index: Any) -> None:
    try:
        index()
    except Exception as exc:  # noqa: BLE001 - a thread's error would vanish: say it
        log.error(f"search index not updated: {exc}")


def _edit_path(source: str, docs_prefix: tuple[str, ...]) -> str:
    """``transcripts/x.md`` relative to the edit_uri folder (e.g. edit/main/docs/)."""
    # edit/main/docs/ -> climb out of docs/ only: the branch part stays.
    return "../" + source if docs_prefix and docs_prefix[-1] == "docs" else source


def _expand_sections(nav: Any, children: dict[str, list[str]]) -> Any:
    """Turn ``- Themes: themes/index.md`` into a section holding the index and every theme."""
    if not isinstance(nav, list):
        return nav
    expanded = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, target), = item.items()
            if isinstance(target, str) and target in children:
                item = {title: [target, *children[target]]}
        expanded.append(item)
    return expanded
