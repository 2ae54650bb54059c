"""kb bench's baseline and targets (kb.devtools.bare_material, kb.devtools.benchmark): the bare
Material project holds the transcripts' words as inert text and builds with Material's search;
the issue 16 targets are judged from the figures, cold and warm, and a figure not measured is
never 'met'; a warm build is proved warm (every transcript from the cache) and identical to the
cold one, or the benchmark fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from kb.corpus import load_corpus, transcript_paths
from kb.devtools.bare_material import transcript_text, write_bare_project
from kb.devtools.benchmark import (
    _CHILD,
    COLD,
    INDEX_PAGES,
    WARM,
    SizeResult,
    _check_same_generation,
    _check_warm,
    _child,
    _measure_warm,
    _targets,
    _timed_builds,
    format_table,
    format_targets,
    site_differences,
)
from kb.devtools.synthetic import make_project
from kb.errors import KBError
from kb.text import tokens

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


def test_bare_pages_hold_every_word_of_each_transcript(tmp_path: Path) -> None:
    pages = write_bare_project(ROOT, tmp_path / "bare")
    assert pages == len(transcript_paths(ROOT)) + 1  # one per transcript and the index
    corpus = load_corpus(ROOT)
    for interview in corpus.interviews:
        page = (tmp_path / "bare" / "docs" / f"{interview.slug}.md").read_text("utf-8")
        assert page.startswith("# ")
        # The same words as the interview page's transcript, in the same order (the
        # pipeline's paragraphs restore case and punctuation, so compare lower-case tokens).
        said = [w for p in interview.paragraphs for w in tokens(p.text)]
        written = tokens(page.split("\n", 1)[1])
        assert said and set(said) <= set(written), interview.slug


def test_bare_pages_keep_hostile_text_inert(tmp_path: Path) -> None:
    for path in sorted((HOSTILE / "transcripts").glob("*.md")):
        _title, paragraphs = transcript_text(path)
        assert paragraphs, path.name
    project = tmp_path / "hostile"
    (project / "transcripts").mkdir(parents=True)
    for path in (HOSTILE / "transcripts").glob("*.md"):
        shutil.copy(path, project / "transcripts")
    write_bare_project(project, tmp_path / "bare")
    text = "".join(p.read_text("utf-8") for p in (tmp_path / "bare" / "docs").glob("*.md"))
    assert "script" in text  # the payloads are there, as text
    assert "<script" not in text and "<img" not in text and "<iframe" not in text


def test_the_bare_project_builds_with_materials_search(tmp_path: Path) -> None:
    write_bare_project(ROOT, tmp_path / "bare")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=tmp_path / "bare",
                   env=env, check=True)
    index = json.loads((tmp_path / "bare" / "site" / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {f"{p.stem}/" for p in transcript_paths(ROOT)} <= locations
    assert not (tmp_path / "bare" / "site" / "pagefind").exists()  # no hook, nothing of ours


def test_write_bare_project_refuses_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "bare" / "docs").mkdir(parents=True)
    with pytest.raises(FileExistsError):
        write_bare_project(ROOT, tmp_path / "bare")


def _size(n: int, **figures: object) -> SizeResult:
    base = SizeResult(interviews=n, runs=1, generation_s=0.05 * n, build_s=1.0 * n, bare_build_s=0.5 * n,
                      bare_build_wall_s=0.6 * n, generation_share=0.05, build_ms_per_interview=1000.0,
                      generation_ms_per_interview=50.0, build_peak_mb=300.0, build_vs_bare=2.0,
                      warm_build_s=0.6 * n, warm_build_vs_bare=1.2, warm_generation_share=0.02,
                      build_wall_s=1.1 * n, warm_build_wall_s=0.5 * n, build_vs_bare_cpu=2.5,
                      warm_build_vs_bare_cpu=1.4, generation_share_cpu=0.06, warm_generation_share_cpu=0.03,
                      index_page_bytes={p: 100_000 for p in INDEX_PAGES})
    return replace(base, **figures)


def test_build_targets_met_when_every_figure_is_within_its_limit() -> None:
    small, middle, big = _size(5, generation_share=0.15), _size(50), _size(500)
    big.preview_seconds = 100.0  # type: ignore[attr-defined]  # set by the preview probe
    targets = _targets([small, middle, big])
    for name in ("build_vs_bare", "generation_share_small", "build_peak_mb", "index_page_bytes",
                 "build_linearity", "preview", "generation_share", "warm_build_vs_bare",
                 "warm_generation_share", "warm_generation_share_small"):
        assert targets[name]["met"] is True, name
    text = format_targets({"targets": targets})
    build_lines = text.split("everyday queries missed")[1].splitlines()[1:]  # issue 16's lines
    assert len(build_lines) == 8 and "MISSED" not in "\n".join(build_lines)


def test_time_targets_are_judged_on_wall_time_and_print_the_cpu_beside_it() -> None:
    """The build uses a second core (kb.workers, kb.search_stream): its CPU can exceed 3x
    the bare build's while the wait does not; the CPU figure is still printed."""
    small, big = _size(5, generation_share=0.15, generation_share_cpu=0.3),\
        _size(500, build_vs_bare=2.9, build_vs_bare_cpu=3.5, generation_share=0.09, generation_share_cpu=0.2)
    big.preview_seconds = 1.0  # type: ignore[attr-defined]
    targets = _targets([small, _size(50), big])
    assert [targets[n]["met"] for n in ("build_vs_bare", "generation_share", "generation_share_small")] == [True] * 3
    assert targets["build_vs_bare"]["cpu_value"] == 3.5
    text = format_targets({"targets": targets})
    assert f"{COLD}: 2.90x wall (550.0 s / 300.0 s; CPU 3.50x, 500.0 s / 250.0 s; limit 3.0x) met" in text
    assert f"{COLD}: 9.0 % wall (CPU 20.0 %) (limit 10 %) met" in text


def test_each_build_target_is_printed_cold_and_warm_saying_which_is_which() -> None:
    small, big = _size(5, generation_share=0.15, warm_generation_share=0.07), _size(500)
    big.preview_seconds = 1.0  # type: ignore[attr-defined]
    targets = _targets([small, _size(50), big])
    lines = format_targets({"targets": targets}).splitlines()
    for start in ("  full build / bare Material build, ", "  generation / full build, ",
                  "  generation / full build at N=5, "):
        pair = [line for line in lines if line.startswith(start)]
        assert [line[len(start):].split(":")[0] for line in pair] == [COLD, WARM], start
    assert COLD == "cold (fresh clone, CI)" and WARM == "warm (rebuild with the transcript cache)"
    assert f"{WARM}: 1.20x wall (250.0 s / 300.0 s; CPU 1.40x, 300.0 s / 250.0 s; limit 3.0x) met" in "\n".join(lines)
    assert f"at N=5, {WARM}: 7.0 % wall (CPU 3.0 %) (limit 20 %) met" in "\n".join(lines)
    assert {targets[n]["build"] for n in ("build_vs_bare", "generation_share", "generation_share_small")} == {"cold"}


@pytest.mark.parametrize(("name", "where", "figures"), [
    ("build_vs_bare", 500, {"build_vs_bare": 3.2}),
    ("build_vs_bare", 500, {"build_vs_bare": 0.0}),  # no bare build measured
    ("generation_share_small", 5, {"generation_share": 0.25}),
    ("build_peak_mb", 500, {"build_peak_mb": 401.0}),
    ("index_page_bytes", 500, {"index_page_bytes": {"themes/index.html": 100_000, "tags/index.html": 310_000}}),
    ("index_page_bytes", 500, {"index_page_bytes": {"themes/index.html": 100_000}}),  # tags page missing
    ("build_linearity", 500, {"build_ms_per_interview": 1600.0}),
    ("preview", 500, {}),  # the preview probe did not run
    ("warm_build_vs_bare", 500, {"warm_build_vs_bare": 3.1}),
    ("warm_build_vs_bare", 500, {"warm_build_vs_bare": 0.0}),  # not measured
    ("warm_generation_share", 500, {"warm_generation_share": 0.11}),
    ("warm_generation_share", 500, {"warm_generation_share": 0.0}),  # not measured
    ("warm_generation_share_small", 5, {"warm_generation_share": 0.21}),
])
def test_build_targets_missed(name: str, where: int, figures: dict[str, object]) -> None:
    sizes = {n: _size(n, **(figures if n == where else {})) for n in (5, 50, 500)}
    if name != "preview":
        sizes[500].preview_seconds = 1.0  # type: ignore[attr-defined]
    targets = _targets(list(sizes.values()))
    assert targets[name]["met"] is False
    assert "MISSED" in format_targets({"targets": targets})


def test_a_broken_link_at_any_size_misses_and_is_shown() -> None:
    sizes = [_size(5), _size(50, broken_links=2, broken_link_examples=["/a/ -> ../b/#q-1 (no id 'q-1')"]), _size(500)]
    targets = _targets(sizes)
    assert targets["broken_links"] == {"value": {5: 0, 50: 2, 500: 0},
                                       "examples": ["/a/ -> ../b/#q-1 (no id 'q-1')"], "met": False}
    text = format_targets({"targets": targets})
    assert "internal links leading nowhere: 0 at N=5, 2 at N=50, 0 at N=500 (limit 0) MISSED" in text
    assert "    /a/ -> ../b/#q-1 (no id 'q-1')" in text
    assert _targets([_size(5), _size(500)])["broken_links"]["met"] is True


def test_a_preview_slower_than_the_bare_build_misses() -> None:
    big = _size(500)
    big.preview_seconds = big.bare_build_wall_s + 0.1  # type: ignore[attr-defined]
    assert _targets([_size(5), _size(50), big])["preview"]["met"] is False


def test_warm_runs_that_read_a_transcript_again_fail_the_benchmark() -> None:
    _check_warm([{"hits": 5, "misses": 0}, {"hits": 5, "misses": 0}], 5, "warm build")
    for counts in ({"hits": 4, "misses": 1}, {"hits": 0, "misses": 0}, {"hits": 5, "misses": 1}, {}):
        with pytest.raises(KBError, match="was not warm"):
            _check_warm([{"hits": 5, "misses": 0}, counts], 5, "warm build")


def test_warm_generation_must_make_what_the_cold_one_made() -> None:
    _check_same_generation([{"digest": "a"}], [{"digest": "a"}, {"digest": "a"}], "N=5")
    for cold, warm in (([{"digest": "a"}], [{"digest": "b"}]), ([{"digest": "a"}, {"digest": "c"}], [{"digest": "a"}]),
                       ([], [])):
        with pytest.raises(KBError, match="differ"):
            _check_same_generation(cold, warm, "N=5")


def test_site_differences_names_every_added_removed_or_changed_file(tmp_path: Path) -> None:
    for name, files in (("one", {"a.html": "x", "b/c.js": "y", "gone.txt": "z"}),
                        ("two", {"a.html": "x", "b/c.js": "Y", "new.txt": "z"})):
        for rel, text in files.items():
            (tmp_path / name / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / rel).write_text(text, "utf-8")
    assert site_differences(tmp_path / "one", tmp_path / "two") == ["b/c.js", "gone.txt", "new.txt"]
    assert site_differences(tmp_path / "one", tmp_path / "one") == []


def _cold_project(work: Path) -> tuple[Path, dict[str, str], list[dict[str, int]], list[dict[str, object]]]:
    """A project of the 5 seeds built cold as kb bench does: (project, env, build lookups, generation facts)."""
    project = work / "project"
    make_project(ROOT, project, 5)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "KB_CACHE": "off",
           "SOURCE_DATE_EPOCH": "1796256000", "XDG_CACHE_HOME": str(work / "home-cache")}  # a fresh secret
    peaks: dict[str, float] = {}
    *_, peak, lookups = _timed_builds(project, work / "site", 1, env, lambda _: None, "cold", counted=True,
                                      peaks=peaks)
    # The tree's peak is the larger of MkDocs' own and Pagefind's, each measured in the child.
    assert peaks["python"] > 30 and peaks["search"] > 5
    assert max(peaks.values()) <= peak + 1
    out, _, _ = _child(_CHILD, project, env)
    return project, env, lookups, [json.loads(out.strip().splitlines()[-1])]


@pytest.fixture(scope="module")
def warm_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SizeResult, list[dict[str, int]], list]:
    work = tmp_path_factory.mktemp("warm")
    project, env, lookups, cold = _cold_project(work)
    result = SizeResult(interviews=5, runs=1)
    _measure_warm(project, work / "site", 1, env, cold, result, lambda _: None)
    return work, result, lookups, cold


def test_warm_build_finds_every_transcript_in_the_cache_and_builds_the_same_site(warm_run) -> None:
    work, result, cold_lookups, cold = warm_run
    transcripts = len(transcript_paths(work / "project"))
    assert cold_lookups == [{"hits": 0, "misses": 0}]  # KB_CACHE=off: the cold build never opened it
    assert cold[0]["cache"] == {"hits": 0, "misses": 0}
    check = result.warm_check
    assert check["transcripts"] == transcripts == 5 and check["cache_entries"] == transcripts
    assert check["fill"] == {"hits": 0, "misses": transcripts}  # the filling build read them all
    assert check["builds"] == [{"hits": transcripts, "misses": 0}]
    assert check["generations"] == [{"hits": transcripts, "misses": 0}]
    assert check["site_identical"] is True and check["generation_identical"] is True
    assert check["site_files"] > 50  # pages, assets and the Pagefind bundle were all compared
    assert not (work / "site-warm").exists() and (work / "site").is_dir()


def test_warm_figures_are_recorded_and_tabulated(warm_run) -> None:
    _, result, _, _ = warm_run
    for name in ("warm_fill_build_s", "warm_fill_build_wall_s", "warm_build_s", "warm_build_wall_s",
                 "warm_build_peak_mb", "warm_generation_s", "warm_load_s", "warm_render_s",
                 "warm_generation_peak_mb", "warm_build_ms_per_interview"):
        assert getattr(result, name) > 0, name
    assert result.warm_build_runs_s == [result.warm_build_s]
    assert result.warm_generation_runs_s == [result.warm_generation_s]
    assert 0 < result.warm_generation_share < 1
    table = format_table({"sizes": [{**vars(result), "bare_build_s": 1.0, "warm_build_vs_bare": 2.0}]})
    header, _, row = table.splitlines()
    cells = dict(zip([c.strip() for c in header.split("|")], [c.strip() for c in row.split("|")], strict=True))
    assert cells["mkdocs build CPU s warm"] == f"{result.warm_build_s:.2f}"
    assert cells["build/bare wall warm"] == "2.0×" and cells["gen/build wall warm"].endswith(" %")


def test_a_cache_that_cannot_be_kept_fails_the_warm_measurement(tmp_path: Path) -> None:
    project, env, _, cold = _cold_project(tmp_path)
    (tmp_path / "no-home").write_text("a file, not a folder: no secret, so no cache", "utf-8")
    env["XDG_CACHE_HOME"] = str(tmp_path / "no-home")
    with pytest.raises(KBError, match="left 0 cache entries for 5 transcripts"):
        _measure_warm(project, tmp_path / "site", 1, env, cold, SizeResult(interviews=5, runs=1), lambda _: None)
