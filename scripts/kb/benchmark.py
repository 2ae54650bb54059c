"""Time and weigh the build on synthetic corpora of several sizes (``kb bench``).

For each size N the benchmark makes a throw-away project with N synthetic transcripts
(``kb.devtools.synthetic``), then measures, in fresh child processes so that imports and memory are
counted the way a contributor or CI pays for them:

- generation: ``load_corpus`` + ``generate`` (all pages, kb.json) - the pipeline's own cost;
- full build: ``mkdocs build`` in the throw-away project (the hook runs the generation);
- peak memory (max resident set size) of each child;
- the built site: largest HTML page per section, ``search/search_index.json``, total size,
  and whether every theme, interview, person and (a sample of) quotes is in the search index.

Times are CPU seconds (user + system) of the child process, medians of several runs: on a
shared machine wall-clock time mostly measures the neighbours, CPU time measures the work.
Wall times are recorded too. Absolute times vary between machines, so the ratio
generation / full build and the time per interview are what to compare.
"""

from __future__ import annotations

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

from .devtools.synthetic import make_project
from .errors import KBError, Problem
from .text import tokens

# Targets from issue 9, for 500 interviews.
MAX_PAGE_BYTES = 150 * 1024  # theme and person pages
MAX_SEARCH_INDEX_BYTES = 10 * 1024 * 1024
MAX_GENERATION_SHARE = 0.10  # of the full build
MAX_LINEARITY = 1.5  # per-interview generation time at the largest N / at the middle N
QUOTE_SAMPLE = 300  # quotes looked up in the search index per size

_CHILD = """
import json, sys, time
from pathlib import Path
start = time.process_time()
from kb.build import generate
from kb.corpus import load_corpus
imported = time.process_time()
corpus = load_corpus(Path.cwd())
loaded = time.process_time()
files = generate(corpus)
done = time.process_time()
expect = {"themes": [t.title for t in corpus.themes], "interviews": [i.title for i in corpus.interviews],
          "people": [p.name for p in corpus.people], "quotes": [q.text for _, q in corpus.quotes()]}
print(json.dumps({"import": imported - start, "load": loaded - imported, "render": done - loaded,
                  "files": len(files), "bytes": sum(len(t.encode()) for t in files.values()),
                  "largest": max(((len(t.encode()), p) for p, t in files.items()), default=(0, "")),
                  "expect": expect}))
"""


@dataclass
class SizeResult:
    interviews: int
    runs: int
    quotes: int = 0
    people: int = 0
    corpus_bytes: int = 0  # the synthetic transcripts
    make_corpus_s: float = 0.0
    generation_s: float = 0.0  # median CPU time of load_corpus + generate, in a child process
    load_s: float = 0.0
    render_s: float = 0.0
    build_s: float = 0.0  # median CPU time of `mkdocs build` (hook included)
    build_wall_s: float = 0.0  # median wall-clock time of `mkdocs build`
    generation_share: float = 0.0
    generation_ms_per_interview: float = 0.0
    build_ms_per_interview: float = 0.0
    generation_peak_mb: float = 0.0
    build_peak_mb: float = 0.0
    generated_files: int = 0
    generated_bytes: int = 0
    html_pages: int = 0
    largest_page: dict[str, Any] = field(default_factory=dict)  # {"path", "bytes"}
    largest_by_section: dict[str, dict[str, Any]] = field(default_factory=dict)
    search_index_bytes: int = 0
    search_docs: int = 0
    site_bytes: int = 0
    findable: dict[str, Any] = field(default_factory=dict)
    generation_runs_s: list[float] = field(default_factory=list)
    build_runs_s: list[float] = field(default_factory=list)


def run_benchmark(root: Path, sizes: list[int], runs: list[int], *, seed: int = 0,
                  keep: Path | None = None, log: Any = print) -> dict[str, Any]:
    """Benchmark each size; returns the JSON-ready results (see ``SizeResult``)."""
    if not (root / "mkdocs.yml").is_file():
        raise KBError(Problem(str(root / "mkdocs.yml"), "no mkdocs.yml: the full build cannot be timed",
                              hint="run kb bench from the project folder"))
    results = []
    for size, count in zip(sizes, runs, strict=True):
        work = Path(tempfile.mkdtemp(prefix=f"kb-bench-{size}-"))
        try:
            results.append(_bench_size(root, work / "project", size, count, seed=seed, log=log))
            if keep is not None:
                target = keep / f"n{size}"
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(work / "project", target, symlinks=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return {"environment": _environment(), "seed": seed, "targets": _targets(results),
            "sizes": [asdict(r) for r in results]}


def _bench_size(root: Path, project: Path, size: int, runs: int, *, seed: int, log: Any) -> SizeResult:
    result = SizeResult(interviews=size, runs=runs)
    started = time.perf_counter()
    paths = make_project(root, project, size, seed=seed)
    result.make_corpus_s = time.perf_counter() - started
    result.corpus_bytes = sum(p.stat().st_size for p in paths)
    log(f"N={size}: corpus made in {result.make_corpus_s:.1f}s ({result.corpus_bytes / 1e6:.1f} MB)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    generation = []
    for run in range(runs):
        out, peak, _ = _child([sys.executable, "-c", _CHILD], project, env)
        facts = json.loads(out.strip().splitlines()[-1])
        generation.append(facts)
        result.generation_peak_mb = max(result.generation_peak_mb, peak)
        log(f"N={size}: generation run {run + 1}/{runs}: {facts['load'] + facts['render']:.2f}s")
    site = project.parent / "site"
    builds, walls = [], []
    for run in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        started = time.perf_counter()
        _, peak, cpu = _child([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                              project, env)
        walls.append(time.perf_counter() - started)
        builds.append(cpu)
        result.build_peak_mb = max(result.build_peak_mb, peak)
        log(f"N={size}: mkdocs build run {run + 1}/{runs}: {cpu:.2f}s CPU, {walls[-1]:.2f}s wall")
    result.generation_runs_s = [round(f["load"] + f["render"], 3) for f in generation]
    result.build_runs_s = [round(b, 3) for b in builds]
    result.generation_s = statistics.median(result.generation_runs_s)
    result.load_s = statistics.median(f["load"] for f in generation)
    result.render_s = statistics.median(f["render"] for f in generation)
    result.build_s = statistics.median(builds)
    result.build_wall_s = statistics.median(walls)
    result.generation_share = result.generation_s / result.build_s
    result.generation_ms_per_interview = 1000 * result.generation_s / size
    result.build_ms_per_interview = 1000 * result.build_s / size
    result.generated_files = generation[-1]["files"]
    result.generated_bytes = generation[-1]["bytes"]
    _weigh_site(site, result)
    _check_findable(generation[-1]["expect"], site, result)
    return _rounded(result)


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
    result.html_pages = pages
    result.largest_by_section = dict(sorted(largest.items()))
    result.largest_page = max(largest.values(), key=lambda v: v["bytes"], default={})
    index = site / "search" / "search_index.json"
    if index.is_file():
        result.search_index_bytes = index.stat().st_size
        result.search_docs = len(json.loads(index.read_text("utf-8")).get("docs", []))


_TAG = re.compile(r"<[^>]+>")


def _words(text: str) -> str:
    return " " + " ".join(tokens(html.unescape(_TAG.sub(" ", text)))) + " "


def _check_findable(expect: dict[str, list[str]], site: Path, result: SizeResult) -> None:
    """Is every theme, interview and person, and a sample of quotes, in the search index?

    A thing counts as findable when its title/name (quotes: their words) occurs in the text
    or title of some search document, compared as match tokens (case and punctuation ignored).
    ``expect`` is what the generation child listed from the corpus.
    """
    result.quotes = len(expect["quotes"])
    result.people = len(expect["people"])
    index = site / "search" / "search_index.json"
    if not index.is_file():
        result.findable = {"error": "no search/search_index.json"}
        return
    docs = json.loads(index.read_text("utf-8")).get("docs", [])
    titles = _words(" | ".join(d.get("title", "") for d in docs))
    text = _words(" | ".join(d.get("title", "") + " | " + d.get("text", "") for d in docs))
    step = max(1, len(expect["quotes"]) // QUOTE_SAMPLE)
    checks = {**{k: expect[k] for k in ("themes", "interviews", "people")}, "quotes": expect["quotes"][::step]}
    found: dict[str, Any] = {}
    for kind, items in checks.items():
        missing = [item for item in items if _words(item) not in text]
        found[kind] = {"checked": len(items), "missing": len(missing), "examples": missing[:3]}
    found["interview_titles_as_page_titles"] = sum(_words(t) in titles for t in expect["interviews"])
    result.findable = found


def _rounded(result: SizeResult) -> SizeResult:
    for name, value in vars(result).items():
        if isinstance(value, float):
            setattr(result, name, round(value, 4 if name == "generation_share" else 3))
    return result


def _targets(results: list[SizeResult]) -> dict[str, Any]:
    if not results:
        return {}
    big = max(results, key=lambda r: r.interviews)
    middle = sorted(results, key=lambda r: r.interviews)[-2] if len(results) > 1 else big
    pages = {s: v for s, v in big.largest_by_section.items() if s in ("themes", "people")}
    worst_page = max(pages.values(), key=lambda v: v["bytes"], default={"bytes": 0, "path": None})
    linearity = (big.generation_ms_per_interview / middle.generation_ms_per_interview
                 if middle.generation_ms_per_interview else 0.0)
    missing = sum(v["missing"] for v in big.findable.values() if isinstance(v, dict) and "missing" in v)
    return {
        "at_interviews": big.interviews,
        "linearity": {"value": round(linearity, 3), "limit": MAX_LINEARITY, "vs": middle.interviews,
                      "met": linearity <= MAX_LINEARITY},
        "generation_share": {"value": big.generation_share, "limit": MAX_GENERATION_SHARE,
                             "met": big.generation_share <= MAX_GENERATION_SHARE},
        "theme_person_page_bytes": {"value": worst_page["bytes"], "page": worst_page["path"],
                                    "limit": MAX_PAGE_BYTES, "met": worst_page["bytes"] <= MAX_PAGE_BYTES},
        "search_index_bytes": {"value": big.search_index_bytes, "limit": MAX_SEARCH_INDEX_BYTES,
                               "met": 0 < big.search_index_bytes < MAX_SEARCH_INDEX_BYTES},
        "findable": {"missing": missing, "met": missing == 0 and "error" not in big.findable},
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
    rows = [("N", "generation CPU s", "mkdocs build CPU s", "gen/build", "gen ms/interview",
             "build ms/interview", "peak MB gen/build", "largest theme/person page KB",
             "largest page KB", "search index MB", "site MB")]
    for r in results["sizes"]:
        pages = {s: v for s, v in r["largest_by_section"].items() if s in ("themes", "people")}
        theme_person = max((v["bytes"] for v in pages.values()), default=0)
        rows.append((str(r["interviews"]), f"{r['generation_s']:.2f}", f"{r['build_s']:.2f}",
                     f"{100 * r['generation_share']:.1f} %", f"{r['generation_ms_per_interview']:.1f}",
                     f"{r['build_ms_per_interview']:.1f}",
                     f"{r['generation_peak_mb']:.0f} / {r['build_peak_mb']:.0f}",
                     f"{theme_person / 1024:.0f}", f"{r['largest_page'].get('bytes', 0) / 1024:.0f}",
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
    page, index, find = t["theme_person_page_bytes"], t["search_index_bytes"], t["findable"]
    return "\n".join([
        f"targets at N={t['at_interviews']}:",
        f"  generation per interview vs N={lin['vs']}: {lin['value']:.2f}x (limit {lin['limit']}x) {mark(lin['met'])}",
        f"  generation / full build: {100 * share['value']:.1f} % (limit 10 %) {mark(share['met'])}",
        f"  largest theme/person page: {page['value'] / 1024:.0f} KB {page['page']} (limit 150 KB) {mark(page['met'])}",
        f"  search index: {index['value'] / 2**20:.2f} MB (limit 10 MB) {mark(index['met'])}",
        f"  findable in search: {find['missing']} missing {mark(find['met'])}",
    ])
