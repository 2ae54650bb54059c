"""kb bench's baseline and targets (kb.devtools.bare_material, kb.devtools.benchmark): the bare
Material project holds the transcripts' words as inert text and builds with Material's search;
the issue 16 targets are judged from the figures, and a figure not measured is never 'met'."""

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
from kb.devtools.benchmark import INDEX_PAGES, SizeResult, _targets, format_targets
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
                      index_page_bytes={p: 100_000 for p in INDEX_PAGES})
    return replace(base, **figures)


def test_build_targets_met_when_every_figure_is_within_its_limit() -> None:
    small, middle, big = _size(5, generation_share=0.15), _size(50), _size(500)
    big.preview_seconds = 100.0  # type: ignore[attr-defined]  # set by the preview probe
    targets = _targets([small, middle, big])
    for name in ("build_vs_bare", "generation_share_small", "build_peak_mb", "index_page_bytes",
                 "build_linearity", "preview"):
        assert targets[name]["met"] is True, name
    assert "MISSED" not in "\n".join(format_targets({"targets": targets}).splitlines()[-6:])


@pytest.mark.parametrize(("name", "where", "figures"), [
    ("build_vs_bare", 500, {"build_vs_bare": 3.2}),
    ("build_vs_bare", 500, {"build_vs_bare": 0.0}),  # no bare build measured
    ("generation_share_small", 5, {"generation_share": 0.25}),
    ("build_peak_mb", 500, {"build_peak_mb": 401.0}),
    ("index_page_bytes", 500, {"index_page_bytes": {"themes/index.html": 100_000, "tags/index.html": 310_000}}),
    ("index_page_bytes", 500, {"index_page_bytes": {"themes/index.html": 100_000}}),  # tags page missing
    ("build_linearity", 500, {"build_ms_per_interview": 1600.0}),
    ("preview", 500, {}),  # the preview probe did not run
])
def test_build_targets_missed(name: str, where: int, figures: dict[str, object]) -> None:
    sizes = {n: _size(n, **(figures if n == where else {})) for n in (5, 50, 500)}
    if name != "preview":
        sizes[500].preview_seconds = 1.0  # type: ignore[attr-defined]
    targets = _targets(list(sizes.values()))
    assert targets[name]["met"] is False
    assert "MISSED" in format_targets({"targets": targets})


def test_a_preview_slower_than_the_bare_build_misses() -> None:
    big = _size(500)
    big.preview_seconds = big.bare_build_wall_s + 0.1  # type: ignore[attr-defined]
    assert _targets([_size(5), _size(50), big])["preview"]["met"] is False
