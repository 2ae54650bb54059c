"""Time and weigh the build on synthetic corpora of several sizes (``kb bench``).

For each size N the benchmark makes a throw-away project with N synthetic transcripts
(``kb.devtools.synthetic``), then measures, in fresh child processes so that imports and memory are
counted the way a contributor or CI pays for them:

- generation: ``load_corpus`` + ``generate`` (all pages, kb.json) - the pipeline's own cost
  (``kb.devtools.generation_child``);
- full build: ``mkdocs build`` in the throw-away project (the hook runs the generation and
  the Pagefind index);
- cold and warm: every figure above is first measured cold (``KB_CACHE=off``: as on a fresh
  clone or in CI, every transcript is read, verified and tagged); then the full build and the
  generation again warm, in the same project with the transcript cache on
  (kb.transcript_cache), as a maintainer rebuilding the site pays: one build fills the cache,
  the timed ones find every transcript in it. The benchmark fails unless each warm run got
  every transcript from the cache (counted in the child, kb.devtools.cache_lookups) and the
  warm site and generated pages are byte-identical to the cold ones;
- bare build: ``mkdocs build`` of a bare Material project holding the same transcripts' text
  as plain pages, search plugin on (``kb.devtools.bare_material``): the baseline the full
  build is compared with (issue 16);
- peak memory (max resident set size) of each child;
- the built site: largest HTML page per section, the search bundle, total size;
- search, in Chromium (``search_probe``): bytes fetched from page load through the first
  query's results, misses on the everyday queries, and whether words sampled from unquoted
  transcript paragraphs are found; the same for Material's built-in search on a variant
  build of the same corpus, for comparison (docs/scaling.md).

Times are CPU seconds (user + system) of the child process, medians of several runs: on a
shared machine wall-clock time mostly measures the neighbours, CPU time measures the work.
Wall times are recorded too. Absolute times vary between machines, so the ratio
generation / full build and the time per interview are what to compare.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ..corpus import transcript_paths
from ..errors import KBError, Problem
from ..search_index import BUNDLE_DIR, build_search_index, html_pages
from ..text import tokens
from ..transcript_cache import CACHE_DIR
from .bare_material import write_bare_project
from .preview_probe import probe_preview
from .search_probe import probe_search
from .site_links import broken_links
from .synthetic import make_project

# Targets from issue 9, for 500 interviews.
MAX_PAGE_BYTES = 150 * 1024  # theme and person pages
MAX_FIRST_QUERY_BYTES = 1024 * 1024  # issue 15: search bytes from page load to the first results
MIN_WORDS_CHECKED = 50
MAX_GENERATION_SHARE = 0.10  # of the full build
MAX_LINEARITY = 1.5  # per-interview generation time at the largest N / at the middle N
# Issue 16, at 500 interviews unless said otherwise.
MAX_BUILD_VS_BARE = 3.0  # full build / bare Material build of the same text (CPU)
MAX_SMALL_GENERATION_SHARE = 0.20  # generation / full build at the smallest N (the seeds)
MAX_BUILD_PEAK_MB = 400
MAX_INDEX_PAGE_BYTES = 300 * 1024  # the themes index and the tags page
INDEX_PAGES = ("themes/index.html", "tags/index.html")
QUOTE_SAMPLE = 300  # quotes looked up in the search index per size

_CHILD = [sys.executable, "-m", "kb.devtools.generation_child"]
_BUILD_CHILD = [sys.executable, "-m", "kb.devtools.build_child"]  # `mkdocs build`, counting cache lookups
COLD = "cold (fresh clone, CI)"
WARM = "warm (rebuild with the transcript cache)"


@dataclass
class SizeResult:
    interviews: int
    runs: int
    quotes: int = 0
    people: int = 0
    corpus_bytes: int = 0  # the synthetic transcripts
    make_corpus_s: float = 0.0
    generation_s: float = 0.0  # median CPU time of load_corpus + generate, in a child process (its workers too)
    generation_wall_s: float = 0.0  # the same, wall-clock (the load runs on every core: kb.workers)
    load_s: float = 0.0
    render_s: float = 0.0
    build_s: float = 0.0  # median CPU time of `mkdocs build` (hook included)
    build_wall_s: float = 0.0  # median wall-clock time of `mkdocs build`
    bare_build_s: float = 0.0  # median CPU time of `mkdocs build` of the bare Material project
    bare_build_wall_s: float = 0.0
    bare_peak_mb: float = 0.0
    bare_pages: int = 0
    # Judged on wall time, what a contributor or CI waits: the build uses a second core (the
    # load's workers, Pagefind as pages are made) where the bare build uses one. _cpu: all cores' CPU.
    build_vs_bare: float = 0.0  # full build / bare build (wall)
    build_vs_bare_cpu: float = 0.0
    generation_share: float = 0.0  # generation / full build (wall)
    generation_share_cpu: float = 0.0
    generation_ms_per_interview: float = 0.0
    build_ms_per_interview: float = 0.0
    generation_peak_mb: float = 0.0
    build_peak_mb: float = 0.0  # the whole process tree: the larger of the two below
    build_python_peak_mb: float = 0.0  # MkDocs' own process (build_child)
    build_search_peak_mb: float = 0.0  # the largest process it runs (Pagefind; the load's workers)
    generated_files: int = 0
    generated_bytes: int = 0
    html_pages: int = 0
    largest_page: dict[str, Any] = field(default_factory=dict)  # {"path", "bytes"}
    largest_by_section: dict[str, dict[str, Any]] = field(default_factory=dict)
    search_index_bytes: int = 0  # everything the search engine writes (Pagefind: site/pagefind/)
    search_docs: int = 0  # pages in the search index
    search_index_build_s: float = 0.0  # Pagefind's indexing alone (wall time, it runs a binary)
    search_first_query_bytes: int = 0  # measured in Chromium (search_probe)
    search_bytes_before_search: int = 0
    search_misses: list[str] = field(default_factory=list)  # everyday queries that miss
    search_indexes_every_transcript_word: bool = False
    search_probe: dict[str, Any] = field(default_factory=dict)
    material: dict[str, Any] = field(default_factory=dict)  # Material's search, same corpus
    site_bytes: int = 0
    broken_links: int = 0  # links in the pages' content leading to no page or no id (site_links)
    broken_link_examples: list[str] = field(default_factory=list)
    index_page_bytes: dict[str, int] = field(default_factory=dict)  # INDEX_PAGES -> bytes
    findable: dict[str, Any] = field(default_factory=dict)
    generation_runs_s: list[float] = field(default_factory=list)
    build_runs_s: list[float] = field(default_factory=list)
    bare_runs_s: list[float] = field(default_factory=list)
    # Save a transcript under `mkdocs serve --livereload` -> its page shows the edit (wall s; the
    # README's command, then with --dirty); preview_probe. None where not measured.
    preview_seconds: float | None = None
    preview_dirty_seconds: float | None = None
    preview: dict[str, Any] = field(default_factory=dict)
    # Warm: the same project again with the transcript cache on (every figure above is cold).
    warm_fill_build_s: float = 0.0  # CPU time of the build that filled the cache (reads and writes it)
    warm_fill_build_wall_s: float = 0.0
    warm_build_s: float = 0.0  # median CPU time of `mkdocs build`, every transcript from the cache
    warm_build_wall_s: float = 0.0
    warm_build_peak_mb: float = 0.0
    warm_build_vs_bare: float = 0.0  # warm full build / bare build (wall)
    warm_build_vs_bare_cpu: float = 0.0
    warm_build_ms_per_interview: float = 0.0
    warm_generation_s: float = 0.0  # median CPU time of load_corpus + generate, cache on
    warm_generation_wall_s: float = 0.0
    warm_load_s: float = 0.0
    warm_render_s: float = 0.0
    warm_generation_peak_mb: float = 0.0
    warm_generation_share: float = 0.0  # warm generation / warm full build (wall)
    warm_generation_share_cpu: float = 0.0
    warm_build_runs_s: list[float] = field(default_factory=list)
    warm_generation_runs_s: list[float] = field(default_factory=list)
    # Proof that the warm runs were warm and changed nothing: transcripts, cache entries after
    # the filling build, each run's {"hits", "misses"}, the site's files compared, and whether
    # the warm site and generated pages are byte-identical to the cold ones.
    warm_check: dict[str, Any] = field(default_factory=dict)


def run_benchmark(root: Path, sizes: list[int], runs: list[int], *, seed: int = 0,
                  keep: Path | None = None, log: Any = print,
                  material_sizes: list[int] | None = None,
                  preview_sizes: list[int] | None = None) -> dict[str, Any]:
    """Benchmark each size; returns the JSON-ready results (see ``SizeResult``).

    ``material_sizes``: the sizes at which Material's search is measured too (default: all;
    at 500 interviews it takes a second full build and minutes of index building in Chromium).
    """
    if not (root / "mkdocs.yml").is_file():
        raise KBError(Problem(str(root / "mkdocs.yml"), "no mkdocs.yml: the full build cannot be timed",
                              hint="run kb bench from the project folder"))
    results = []
    for size, count in zip(sizes, runs, strict=True):
        work = Path(tempfile.mkdtemp(prefix=f"kb-bench-{size}-"))
        try:
            compare = material_sizes is None or size in material_sizes
            results.append(_bench_size(root, work / "project", size, count, seed=seed, log=log,
                                       compare_material=compare))
            if size in (preview_sizes if preview_sizes is not None else [max(sizes)]):
                _measure_preview(work / "project", results[-1], log)  # last: it edits a transcript
            if keep is not None:
                target = keep / f"n{size}"
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(work / "project", target, symlinks=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return {"environment": _environment(), "seed": seed, "targets": _targets(results),
            "sizes": [asdict(r) for r in results]}


def _bench_size(root: Path, project: Path, size: int, runs: int, *, seed: int, log: Any,
                compare_material: bool = True) -> SizeResult:
    result = SizeResult(interviews=size, runs=runs)
    started = time.perf_counter()
    paths = make_project(root, project, size, seed=seed)
    result.make_corpus_s = time.perf_counter() - started
    result.corpus_bytes = sum(p.stat().st_size for p in paths)
    log(f"N={size}: corpus made in {result.make_corpus_s:.1f}s ({result.corpus_bytes / 1e6:.1f} MB)")
    # KB_CACHE=off: these runs are cold builds, as on a fresh clone or in CI (kb.transcript_cache);
    # _measure_warm then times the same builds with the cache on. One build date for all, so
    # that the sitemap of a build after midnight still compares equal.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "KB_CACHE": "off",
           "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))}
    generation, result.generation_peak_mb = _timed_generations(project, runs, env, log, f"N={size}: generation")
    site = project.parent / "site"
    peaks: dict[str, float] = {}
    builds, walls, result.build_peak_mb, lookups = _timed_builds(project, site, runs, env, log,
                                                                 f"N={size}: mkdocs build, cold", counted=True,
                                                                 peaks=peaks)
    result.build_python_peak_mb, result.build_search_peak_mb = peaks["python"], peaks["search"]
    if any(counts["hits"] or counts["misses"] for counts in lookups):  # KB_CACHE=off: no cache at all
        raise KBError(Problem("kb bench", f"N={size}: the cold builds looked in the transcript cache: {lookups}"))
    result.generation_runs_s = [round(f["load"] + f["render"], 3) for f in generation]
    result.build_runs_s = [round(b, 3) for b in builds]
    result.generation_s = statistics.median(result.generation_runs_s)
    result.generation_wall_s = statistics.median(f["load_wall"] + f["render_wall"] for f in generation)
    result.load_s = statistics.median(f["load"] for f in generation)
    result.render_s = statistics.median(f["render"] for f in generation)
    result.build_s = statistics.median(builds)
    result.build_wall_s = statistics.median(walls)
    result.generation_share = result.generation_wall_s / result.build_wall_s
    result.generation_share_cpu = result.generation_s / result.build_s
    result.generation_ms_per_interview = 1000 * result.generation_s / size
    result.build_ms_per_interview = 1000 * result.build_s / size
    result.generated_files = generation[-1]["files"]
    result.generated_bytes = generation[-1]["bytes"]
    _measure_warm(project, site, runs, env, generation, result, log)
    _measure_bare(project, project.parent / "bare", runs, env, result, log)
    _weigh_site(site, result)
    expect = generation[-1]["expect"]
    _measure_pagefind(site, expect, result, log)
    if compare_material:
        result.material = _measure_material(project, site.parent / "site-material", expect, env, log)
    else:
        result.material = {"error": "not measured in this run (kb bench --material-sizes)"}
    result.quotes = len(expect["quotes"])
    result.people = len(expect["people"])
    return _rounded(result)


def _timed_generations(project: Path, runs: int, env: dict[str, str], log: Any,
                       label: str) -> tuple[list[dict[str, Any]], float]:
    """``runs`` generation runs (kb.devtools.generation_child): their facts, and the peak MB."""
    generation, peak_mb = [], 0.0
    for run in range(runs):
        out, peak, _ = _child(_CHILD, project, env)
        facts = json.loads(out.strip().splitlines()[-1])
        generation.append(facts)
        peak_mb = max(peak_mb, peak)
        log(f"{label} run {run + 1}/{runs}: {facts['load'] + facts['render']:.2f}s "
            f"({facts['cache']['hits']} transcripts from the cache)")
    return generation, peak_mb


def _measure_bare(project: Path, bare: Path, runs: int, env: dict[str, str], result: SizeResult,
                  log: Any) -> None:
    """Build the bare Material project of the same transcripts ``runs`` times (the baseline)."""
    shutil.rmtree(bare, ignore_errors=True)
    result.bare_pages = write_bare_project(project, bare)
    cpus, walls, result.bare_peak_mb, _ = _timed_builds(bare, bare / "site", runs, env, log,
                                                        f"N={result.interviews}: bare Material build")
    result.bare_runs_s = [round(cpu, 3) for cpu in cpus]
    result.bare_build_s = statistics.median(result.bare_runs_s)
    result.bare_build_wall_s = statistics.median(walls)
    if result.bare_build_s:
        result.build_vs_bare = result.build_wall_s / result.bare_build_wall_s
        result.build_vs_bare_cpu = result.build_s / result.bare_build_s
        result.warm_build_vs_bare = result.warm_build_wall_s / result.bare_build_wall_s
        result.warm_build_vs_bare_cpu = result.warm_build_s / result.bare_build_s
    shutil.rmtree(bare, ignore_errors=True)


def _measure_warm(project: Path, cold_site: Path, runs: int, env: dict[str, str], cold: list[dict[str, Any]],
                  result: SizeResult, log: Any) -> None:
    """The full build and the generation again in ``project`` with the transcript cache on,
    after one build that fills it; fails unless every timed run found every transcript in
    the cache and made exactly what the cold runs made (``cold``: their generation facts;
    ``cold_site``: the cold build's site, before anything else writes to it)."""
    label = f"N={result.interviews}"
    warm_env = {**env, "KB_CACHE": "on"}
    site = cold_site.parent / "site-warm"
    transcripts = len(transcript_paths(project))
    fill_cpu, fill_wall, _, fill = _timed_builds(project, site, 1, warm_env, log,
                                                 f"{label}: mkdocs build filling the transcript cache", counted=True)
    result.warm_fill_build_s, result.warm_fill_build_wall_s = fill_cpu[0], fill_wall[0]
    entries = sum(1 for _ in (project / CACHE_DIR).glob("*/*.pickle"))
    check: dict[str, Any] = {"transcripts": transcripts, "cache_entries": entries, "fill": fill[0]}
    if entries != transcripts:
        raise KBError(Problem(str(project / CACHE_DIR), f"{label}: the cache-filling build left {entries} cache "
                              f"entries for {transcripts} transcripts (lookups: {fill[0]})",
                              hint="is the home folder writable? the cache's secret lives in ~/.cache/kb/"))
    cpus, walls, result.warm_build_peak_mb, lookups = _timed_builds(project, site, runs, warm_env, log,
                                                                    f"{label}: mkdocs build, warm", counted=True)
    check["builds"] = lookups
    _check_warm(lookups, transcripts, f"{label}: warm mkdocs build")
    differences = site_differences(cold_site, site)
    check["site_files"] = len(_site_manifest(cold_site))
    check["site_identical"] = not differences
    if differences:
        raise KBError(Problem(str(site), f"{label}: the warm build's site differs from the cold one's in "
                              f"{len(differences)} file(s): {', '.join(differences[:10])}"))
    shutil.rmtree(site, ignore_errors=True)
    generation, result.warm_generation_peak_mb = _timed_generations(project, runs, warm_env, log,
                                                                    f"{label}: generation, warm,")
    check["generations"] = [facts["cache"] for facts in generation]
    _check_warm(check["generations"], transcripts, f"{label}: warm generation")
    _check_same_generation(cold, generation, label)
    check["generation_identical"] = True
    result.warm_check = check
    result.warm_build_runs_s = [round(cpu, 3) for cpu in cpus]
    result.warm_build_s = statistics.median(result.warm_build_runs_s)
    result.warm_build_wall_s = statistics.median(walls)
    result.warm_build_ms_per_interview = 1000 * result.warm_build_s / result.interviews
    result.warm_generation_runs_s = [round(f["load"] + f["render"], 3) for f in generation]
    result.warm_generation_s = statistics.median(result.warm_generation_runs_s)
    result.warm_generation_wall_s = statistics.median(f["load_wall"] + f["render_wall"] for f in generation)
    result.warm_load_s = statistics.median(f["load"] for f in generation)
    result.warm_render_s = statistics.median(f["render"] for f in generation)
    result.warm_generation_share = result.warm_generation_wall_s / result.warm_build_wall_s
    result.warm_generation_share_cpu = result.warm_generation_s / result.warm_build_s


def _check_warm(lookups: list[dict[str, int]], transcripts: int, what: str) -> None:
    """Fail unless each run found each of the ``transcripts`` in the cache, and read none."""
    for run, counts in enumerate(lookups, 1):
        if counts.get("hits") != transcripts or counts.get("misses"):
            raise KBError(Problem("kb bench", f"{what} run {run} was not warm: {counts.get('hits')} of "
                                  f"{transcripts} transcripts from the cache, {counts.get('misses')} read again",
                                  hint="a warm figure must not be a cold one under another name"))


def _check_same_generation(cold: list[dict[str, Any]], warm: list[dict[str, Any]], label: str) -> None:
    """Fail unless every generation run, cold and warm, made the same files (their digest)."""
    digests = [facts["digest"] for facts in cold + warm]
    if not digests or len(set(digests)) != 1:
        raise KBError(Problem("kb bench", f"{label}: the generated pages differ between runs: cold "
                              f"{[f['digest'][:12] for f in cold]}, warm {[f['digest'][:12] for f in warm]}"))


def _site_manifest(site: Path) -> dict[str, str]:
    """``{path in the site: sha256}`` of every file of a built site."""
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def site_differences(one: Path, other: Path) -> list[str]:
    """The files added, removed or different between two built sites, sorted."""
    first, second = _site_manifest(one), _site_manifest(other)
    return sorted(p for p in first.keys() | second.keys() if first.get(p) != second.get(p))


def _timed_builds(project: Path, site: Path, runs: int, env: dict[str, str], log: Any, label: str, *,
                  counted: bool = False, peaks: dict[str, float] | None = None,
                  ) -> tuple[list[float], list[float], float, list[dict[str, int]]]:
    """``mkdocs build`` of ``project`` into ``site`` ``runs`` times, each in a fresh process:
    (CPU seconds, wall seconds, peak MB of the largest run, each run's transcript cache
    lookups). ``counted``: through kb.devtools.build_child, which counts the lookups (the
    full builds); else plain ``python -m mkdocs`` (the bare build, which has no kb), no counts.
    ``peaks`` (counted builds) receives the largest runs' peaks of MkDocs' own process
    (``python``) and of Pagefind's (``search``)."""
    cpus, walls, peak_mb, lookups = [], [], 0.0, []
    build = ["build", "--quiet", "--site-dir", str(site)]
    for run in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        with tempfile.TemporaryDirectory() as temp:
            report = Path(temp) / "lookups.json"
            command = [*_BUILD_CHILD, str(report), *build] if counted else [sys.executable, "-m", "mkdocs", *build]
            started = time.perf_counter()
            _, peak, cpu = _child(command, project, env)
            walls.append(time.perf_counter() - started)
            if counted:
                facts = json.loads(report.read_text("utf-8"))
                for part in ("python", "search"):
                    peak_of_part = facts.pop(f"{part}_peak_mb")
                    if peaks is not None:
                        peaks[part] = max(peaks.get(part, 0.0), peak_of_part)
                lookups.append(facts)
        cpus.append(cpu)
        peak_mb = max(peak_mb, peak)
        log(f"{label} run {run + 1}/{runs}: {cpu:.2f}s CPU, {walls[-1]:.2f}s wall")
    return cpus, walls, peak_mb, lookups


def _measure_pagefind(site: Path, expect: dict[str, Any], result: SizeResult, log: Any) -> None:
    """Index the built site again, timed alone; then search it in Chromium."""
    languages = {page: lang for page, lang in expect["languages"].items() if lang != "en"}
    started = time.perf_counter()
    report = build_search_index(site, default_language="en", languages=languages)
    result.search_index_build_s = time.perf_counter() - started
    result.search_docs = report.page_count
    result.search_index_bytes = sum(p.stat().st_size for p in (site / BUNDLE_DIR).rglob("*") if p.is_file())
    probe = probe_search(site, "pagefind", french=expect["french_interviews"], words=expect["unquoted_words"])
    result.search_probe = probe
    result.search_first_query_bytes = probe.get("first_query_bytes", 0)
    result.search_bytes_before_search = probe.get("bytes_before_search", 0)
    result.search_misses = probe.get("misses", [])
    checked, found = probe.get("words_checked", 0), probe.get("words_found", -1)
    result.search_indexes_every_transcript_word = checked >= MIN_WORDS_CHECKED and found == checked
    result.findable = {"html_pages": len(html_pages(site)), "pages_indexed": report.page_count,
                       "words_checked": checked, "words_found": found}
    log(f"N={result.interviews}: Pagefind indexed {report.page_count} pages in "
        f"{result.search_index_build_s:.1f}s; first query {result.search_first_query_bytes / 1024:.0f} KB, "
        f"{found}/{checked} sampled words found, misses: {result.search_misses}")


def _measure_material(project: Path, site: Path, expect: dict[str, Any], env: dict[str, str],
                      log: Any) -> dict[str, Any]:
    """Build the same corpus with Material's search instead (one run) and measure it."""
    variant = project.parent / "project-material"
    shutil.rmtree(variant, ignore_errors=True)
    shutil.copytree(project, variant, symlinks=True)
    config = variant / "mkdocs.yml"
    text = config.read_text("utf-8")
    if "plugins:\n  - tags\n" not in text:
        return {"error": "mkdocs.yml has no plain 'plugins: - tags' list to add Material's search to"}
    # Material's search as this site had it before Pagefind: French stemming, highlighting.
    text = text.replace("plugins:\n  - tags\n", "plugins:\n  - search:\n      lang: [en, fr]\n  - tags\n")
    config.write_text(text.replace("  features:\n", "  features:\n    - search.highlight\n    - search.suggest\n", 1),
                      "utf-8")
    (variant / "overrides" / "partials" / "search.html").unlink(missing_ok=True)  # Material's own box
    shutil.rmtree(site, ignore_errors=True)
    _, _, cpu = _child([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], variant, env)
    index = site / "search" / "search_index.json"
    out: dict[str, Any] = {"build_s": cpu, "index_bytes": index.stat().st_size if index.is_file() else 0}
    docs = json.loads(index.read_text("utf-8")).get("docs", []) if index.is_file() else []
    out["docs"] = len(docs)
    text_by_page: dict[str, str] = {}
    for doc in docs:
        page = doc.get("location", "").split("#")[0]
        text_by_page[page] = text_by_page.get(page, "") + _words(doc.get("title", "") + " " + doc.get("text", ""))
    pairs = expect["unquoted_words"]
    found = sum(f" {word} " in text_by_page.get(page, "") for word, page, _ in pairs)
    out["words_checked"], out["words_found"] = len(pairs), found
    out["indexes_every_transcript_word"] = len(pairs) >= MIN_WORDS_CHECKED and found == len(pairs)
    probe = probe_search(site, "material", french=expect["french_interviews"], words=[])
    out["probe"] = probe
    out["first_query_bytes"] = probe.get("first_query_bytes", 0)
    out["bytes_before_search"] = probe.get("bytes_before_search", 0)
    out["misses"] = probe.get("misses", [])
    shutil.rmtree(variant, ignore_errors=True)
    log(f"N={len(expect['interviews'])}: Material search: index {out['index_bytes'] / 1024:.0f} KB, first query "
        f"{out['first_query_bytes'] / 1024:.0f} KB, misses: {out['misses']}")
    return out


def _measure_preview(project: Path, result: SizeResult, log: Any) -> None:
    """Time save -> page shows it under `mkdocs serve --livereload`, then with --dirty."""
    for dirty in (False, True):
        try:
            found = probe_preview(project, dirty=dirty)
        except RuntimeError as exc:
            found = {"dirty": dirty, "error": str(exc)}
        result.preview["dirty" if dirty else "livereload"] = found
        if "seconds" in found:
            setattr(result, "preview_dirty_seconds" if dirty else "preview_seconds", found["seconds"])
        log(f"N={result.interviews}: preview{' --dirty' if dirty else ''}: {found}")


def _child(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[str, float, float]:
    """Run ``command``; returns its stdout, peak resident memory (MB) and CPU time (s)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
    if process.returncode != 0:
        tail = " | ".join(stderr.strip().splitlines()[-8:])
        raise KBError(Problem(" ".join(command[:4]), f"failed with exit code {process.returncode}: {tail}"))
    return stdout, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # maxrss is in KB


def _section(rel: str) -> str:
    parts = rel.split("/")
    return parts[0] if len(parts) > 2 else "(top)"


def _weigh_site(site: Path, result: SizeResult) -> None:
    total = 0
    largest: dict[str, dict[str, Any]] = {}
    pages = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix != ".html":
            continue
        pages += 1
        rel = path.relative_to(site).as_posix()
        section = _section(rel)
        if size > largest.get(section, {}).get("bytes", -1):
            largest[section] = {"path": rel, "bytes": size}
    result.site_bytes = total
    result.index_page_bytes = {rel: (site / rel).stat().st_size for rel in INDEX_PAGES if (site / rel).is_file()}
    result.html_pages = pages
    result.largest_by_section = dict(sorted(largest.items()))
    result.largest_page = max(largest.values(), key=lambda v: v["bytes"], default={})
    result.broken_links, result.broken_link_examples = broken_links(site, limit=5)


_TAG = re.compile(r"<[^>]+>")


def _words(text: str) -> str:
    return " " + " ".join(tokens(html.unescape(_TAG.sub(" ", text)))) + " "


def _rounded(result: SizeResult) -> SizeResult:
    for name, value in vars(result).items():
        if isinstance(value, float):
            ratio = name.endswith(("generation_share", "build_vs_bare"))
            setattr(result, name, round(value, 4 if ratio else 3))
    return result


def _targets(results: list[SizeResult]) -> dict[str, Any]:
    if not results:
        return {}
    big = max(results, key=lambda r: r.interviews)
    small = min(results, key=lambda r: r.interviews)
    middle = sorted(results, key=lambda r: r.interviews)[-2] if len(results) > 1 else big
    pages = {s: v for s, v in big.largest_by_section.items() if s in ("themes", "people")}
    worst_page = max(pages.values(), key=lambda v: v["bytes"], default={"bytes": 0, "path": None})
    linearity = (big.generation_ms_per_interview / middle.generation_ms_per_interview
                 if middle.generation_ms_per_interview else 0.0)
    find = big.findable
    pages_ok = bool(find) and find.get("pages_indexed") == find.get("html_pages")
    return {
        "at_interviews": big.interviews,
        "linearity": {"value": round(linearity, 3), "limit": MAX_LINEARITY, "vs": middle.interviews,
                      "met": linearity <= MAX_LINEARITY},
        "generation_share": {"value": big.generation_share, "cpu_value": big.generation_share_cpu,
                             "limit": MAX_GENERATION_SHARE, "build": "cold", "measure": "wall",
                             "met": big.generation_share <= MAX_GENERATION_SHARE},
        "theme_person_page_bytes": {"value": worst_page["bytes"], "page": worst_page["path"],
                                    "limit": MAX_PAGE_BYTES, "met": worst_page["bytes"] <= MAX_PAGE_BYTES},
        "search_first_query_bytes": {"value": big.search_first_query_bytes, "limit": MAX_FIRST_QUERY_BYTES,
                                     "before_search": big.search_bytes_before_search,
                                     "met": 0 < big.search_first_query_bytes <= MAX_FIRST_QUERY_BYTES
                                     and big.search_bytes_before_search == 0},
        "search_indexes_every_transcript_word": {
            "value": big.search_indexes_every_transcript_word, "pages_indexed": find.get("pages_indexed"),
            "html_pages": find.get("html_pages"), "met": big.search_indexes_every_transcript_word and pages_ok},
        "search_misses": {"value": big.search_misses, "met": not big.search_misses},
        # Every size, not only the largest: some links exist only in a long corpus (site_links).
        "broken_links": {"value": {r.interviews: r.broken_links for r in results},
                         "examples": [e for r in results for e in r.broken_link_examples][:5],
                         "met": not any(r.broken_links for r in results)},
        **_build_targets(big, middle, small),
    }


def _build_targets(big: SizeResult, middle: SizeResult, small: SizeResult) -> dict[str, Any]:
    """Issue 16's targets: the full build against bare Material, memory, index pages, preview."""
    linearity = big.build_ms_per_interview / middle.build_ms_per_interview if middle.build_ms_per_interview else 0.0
    pages = {rel: big.index_page_bytes.get(rel, 0) for rel in INDEX_PAGES}
    largest = max(pages.values(), default=0)
    # Set by the preview probe (time from saving a transcript to the browser showing it, wall
    # seconds); compared with the bare build's wall time, measured in the same run.
    preview = getattr(big, "preview_seconds", None)
    return {
        "build_vs_bare": {"value": big.build_vs_bare, "cpu_value": big.build_vs_bare_cpu,
                          "limit": MAX_BUILD_VS_BARE, "build_s": big.build_s, "build_wall_s": big.build_wall_s,
                          "bare_build_s": big.bare_build_s, "bare_build_wall_s": big.bare_build_wall_s,
                          "build": "cold", "measure": "wall",
                          "met": 0 < big.build_vs_bare <= MAX_BUILD_VS_BARE},
        "generation_share_small": {"value": small.generation_share, "cpu_value": small.generation_share_cpu,
                                   "at_interviews": small.interviews,
                                   "limit": MAX_SMALL_GENERATION_SHARE, "build": "cold", "measure": "wall",
                                   "met": small.generation_share <= MAX_SMALL_GENERATION_SHARE},
        # The same three with the transcript cache on (a rebuild); the ones above are cold.
        "warm_build_vs_bare": {"value": big.warm_build_vs_bare, "cpu_value": big.warm_build_vs_bare_cpu,
                               "limit": MAX_BUILD_VS_BARE, "build_s": big.warm_build_s,
                               "build_wall_s": big.warm_build_wall_s, "bare_build_s": big.bare_build_s,
                               "bare_build_wall_s": big.bare_build_wall_s, "build": "warm", "measure": "wall",
                               "met": 0 < big.warm_build_vs_bare <= MAX_BUILD_VS_BARE},
        "warm_generation_share": {"value": big.warm_generation_share, "cpu_value": big.warm_generation_share_cpu,
                                  "limit": MAX_GENERATION_SHARE, "build": "warm", "measure": "wall",
                                  "met": 0 < big.warm_generation_share <= MAX_GENERATION_SHARE},
        "warm_generation_share_small": {"value": small.warm_generation_share,
                                        "cpu_value": small.warm_generation_share_cpu,
                                        "at_interviews": small.interviews, "measure": "wall",
                                        "limit": MAX_SMALL_GENERATION_SHARE, "build": "warm",
                                        "met": 0 < small.warm_generation_share <= MAX_SMALL_GENERATION_SHARE},
        "build_peak_mb": {"value": big.build_peak_mb, "limit": MAX_BUILD_PEAK_MB,
                          "python_mb": big.build_python_peak_mb, "search_mb": big.build_search_peak_mb,
                          "met": big.build_peak_mb <= MAX_BUILD_PEAK_MB},
        "index_page_bytes": {"value": largest, "pages": pages, "limit": MAX_INDEX_PAGE_BYTES,
                             "met": len(big.index_page_bytes) == len(INDEX_PAGES)
                             and largest <= MAX_INDEX_PAGE_BYTES},
        "build_linearity": {"value": round(linearity, 3), "limit": MAX_LINEARITY, "vs": middle.interviews,
                            "met": 0 < linearity <= MAX_LINEARITY},
        "preview": {"value": preview, "limit": big.bare_build_wall_s, "limit_is": "bare build wall s",
                    "met": preview is not None and 0 < preview <= big.bare_build_wall_s},
    }


def _environment() -> dict[str, Any]:
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "Markdown", "PyYAML"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"python": platform.python_version(), "machine": platform.machine(), "system": platform.system(),
            "cpus": os.cpu_count(), "packages": versions,
            "date": time.strftime("%Y-%m-%d", time.gmtime())}


def format_table(results: dict[str, Any]) -> str:
    """The results as a Markdown table (printed by ``kb bench`` and pasted in docs/scaling.md)."""
    rows = [("N", "bare Material CPU s", "generation CPU s cold", "generation CPU s warm",
             "mkdocs build CPU s cold", "mkdocs build CPU s warm", "build/bare wall cold", "build/bare wall warm",
             "gen/build wall cold", "gen/build wall warm", "gen ms/interview cold", "build ms/interview cold",
             "peak MB bare/gen/build cold/build warm",
             "largest theme/person page KB", "themes index / tags KB", "largest page KB",
             "search bundle MB", "site MB")]
    for r in results["sizes"]:
        pages = {s: v for s, v in r["largest_by_section"].items() if s in ("themes", "people")}
        theme_person = max((v["bytes"] for v in pages.values()), default=0)
        index_pages = " / ".join(f"{r['index_page_bytes'].get(p, 0) / 1024:.0f}" for p in INDEX_PAGES)
        rows.append((str(r["interviews"]), f"{r['bare_build_s']:.2f}", f"{r['generation_s']:.2f}",
                     f"{r.get('warm_generation_s', 0):.2f}", f"{r['build_s']:.2f}", f"{r.get('warm_build_s', 0):.2f}",
                     f"{r['build_vs_bare']:.1f}×", f"{r.get('warm_build_vs_bare', 0):.1f}×",
                     f"{100 * r['generation_share']:.1f} %", f"{100 * r.get('warm_generation_share', 0):.1f} %",
                     f"{r['generation_ms_per_interview']:.1f}", f"{r['build_ms_per_interview']:.1f}",
                     (f"{r['bare_peak_mb']:.0f} / {r['generation_peak_mb']:.0f} / {r['build_peak_mb']:.0f}"
                      f" / {r.get('warm_build_peak_mb', 0):.0f}"),
                     f"{theme_person / 1024:.0f}", index_pages, f"{r['largest_page'].get('bytes', 0) / 1024:.0f}",
                     f"{r['search_index_bytes'] / 2**20:.2f}", f"{r['site_bytes'] / 2**20:.1f}"))
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join(" ---: " for _ in rows[0]) + "|")
    return "\n".join(lines)


def format_targets(results: dict[str, Any]) -> str:
    t = results["targets"]
    if not t:
        return ""
    def mark(ok: bool) -> str:
        return "met" if ok else "MISSED"
    lin, share = t["linearity"], t["generation_share"]
    page, first = t["theme_person_page_bytes"], t["search_first_query_bytes"]
    every, misses = t["search_indexes_every_transcript_word"], t["search_misses"]
    return "\n".join([
        f"targets at N={t['at_interviews']}:",
        f"  generation per interview vs N={lin['vs']}: {lin['value']:.2f}x (limit {lin['limit']}x) {mark(lin['met'])}",
        f"  generation / full build, {COLD}: {_share(share)} (limit 10 %) {mark(share['met'])}",
        *_format_warm(t, "warm_generation_share", mark),
        f"  largest theme/person page: {page['value'] / 1024:.0f} KB {page['page']} (limit 150 KB) {mark(page['met'])}",
        (f"  search, page load to first results: {first['value'] / 1024:.0f} KB, {first['before_search']} bytes "
        f"before opening search (limit 1 MB, nothing before) {mark(first['met'])}"),
        (f"  search indexes every transcript word: {every['value']} ({every['pages_indexed']} of "
        f"{every['html_pages']} pages indexed) {mark(every['met'])}"),
        *_format_links(t, mark),
        f"  everyday queries missed: {', '.join(misses['value']) or 'none'} {mark(misses['met'])}",
        *_format_build_targets(t, mark),
    ])


def _format_links(t: dict[str, Any], mark: Any) -> list[str]:
    links = t.get("broken_links")
    if links is None:  # results recorded before the link check
        return []
    counts = ", ".join(f"{n} at N={size}" for size, n in links["value"].items())
    return [f"  internal links leading nowhere: {counts} (limit 0) {mark(links['met'])}",
            *(f"    {example}" for example in links["examples"])]


def _format_build_targets(t: dict[str, Any], mark: Any) -> list[str]:
    bare, small, memory = t["build_vs_bare"], t["generation_share_small"], t["build_peak_mb"]
    pages, lin, preview = t["index_page_bytes"], t["build_linearity"], t["preview"]
    sizes = ", ".join(f"{rel} {size / 1024:.0f} KB" for rel, size in pages["pages"].items())
    shown = "not measured" if preview["value"] is None else f"{preview['value']:.1f} s"
    return [
        f"  full build / bare Material build, {COLD}: {_ratio(bare)}; limit {bare['limit']}x) {mark(bare['met'])}",
        *_format_warm(t, "warm_build_vs_bare", mark),
        (f"  generation / full build at N={small['at_interviews']}, {COLD}: {_share(small)} "
         f"(limit 20 %) {mark(small['met'])}"),
        *_format_warm(t, "warm_generation_share_small", mark),
        (f"  full build peak memory: {memory['value']:.0f} MB (MkDocs {memory.get('python_mb', 0):.0f} MB, "
         f"Pagefind and the load's workers {memory.get('search_mb', 0):.0f} MB; limit {memory['limit']} MB) {mark(memory['met'])}"),
        f"  themes index and tags pages: {sizes} (limit 300 KB) {mark(pages['met'])}",
        (f"  full build per interview vs N={lin['vs']}: {lin['value']:.2f}x (limit {lin['limit']}x) "
         f"{mark(lin['met'])}"),
        (f"  preview, save to browser showing the change: {shown} (limit: the bare build, "
         f"{preview['limit']:.1f} s wall) {mark(preview['met'])}"),
    ]


def _format_warm(t: dict[str, Any], name: str, mark: Any) -> list[str]:
    """The warm twin of a cold target's line; none for results made before warm builds were measured."""
    if name not in t:
        return []
    target = t[name]
    if name == "warm_build_vs_bare":
        line = f"  full build / bare Material build, {WARM}: {_ratio(target)}; limit {target['limit']}x)"
    else:
        where = f" at N={target['at_interviews']}" if "at_interviews" in target else ""
        line = (f"  generation / full build{where}, {WARM}: {_share(target)} "
                f"(limit {100 * target['limit']:.0f} %)")
    return [f"{line} {mark(target['met'])}"]


def _ratio(target: dict[str, Any]) -> str:
    """``2.90x wall (30.1 s / 10.4 s; CPU 3.40x, 35.2 s / 10.4 s``: results before wall judging show CPU only."""
    if target.get("measure") != "wall":
        return f"{target['value']:.2f}x ({target['build_s']:.1f} s / {target['bare_build_s']:.1f} s CPU"
    return (f"{target['value']:.2f}x wall ({target['build_wall_s']:.1f} s / {target['bare_build_wall_s']:.1f} s; "
            f"CPU {target['cpu_value']:.2f}x, {target['build_s']:.1f} s / {target['bare_build_s']:.1f} s")


def _share(target: dict[str, Any]) -> str:
    if target.get("measure") != "wall":
        return f"{100 * target['value']:.1f} %"
    return f"{100 * target['value']:.1f} % wall (CPU {100 * target['cpu_value']:.1f} %)"


def format_search_table(results: dict[str, Any]) -> str:
    """Pagefind against Material's built-in search, side by side (docs/scaling.md)."""
    rows = [("N", "engine", "KB before search", "KB page load to first results", "index on disk MB",
             "index build s", "every transcript word", "everyday queries missed")]
    for r in results["sizes"]:
        m = r.get("material") or {}
        words = r["findable"]
        rows.append((str(r["interviews"]), "Pagefind", f"{r['search_bytes_before_search'] / 1024:.0f}",
                     f"{r['search_first_query_bytes'] / 1024:.0f}", f"{r['search_index_bytes'] / 2**20:.2f}",
                     f"{r['search_index_build_s']:.1f}",
                     f"{r['search_indexes_every_transcript_word']} ({words.get('words_found')}/{words.get('words_checked')})",
                     f"{len(r['search_misses'])}: {', '.join(r['search_misses']) or '-'}"))
        if m and "error" not in m:
            estimate = m["build_s"] - (r["build_s"] - r["search_index_build_s"])
            rows.append((str(r["interviews"]), "Material", f"{m['bytes_before_search'] / 1024:.0f}",
                         f"{m['first_query_bytes'] / 1024:.0f}", f"{m['index_bytes'] / 2**20:.2f}",
                         f"≈{estimate:.1f}",
                         f"{m['indexes_every_transcript_word']} ({m['words_found']}/{m['words_checked']})",
                         f"{len(m['misses'])}: {', '.join(m['misses']) or '-'}"))
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join(" --- " for _ in rows[0]) + "|")
    return "\n".join(lines)
