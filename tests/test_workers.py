"""kb.workers: the load spread over processes, the same results in the same order."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from kb import workers
from kb.build import generate
from kb.corpus import load_corpus
from kb.devtools.generation_child import output_digest
from kb.devtools.synthetic import make_project
from kb.errors import KBError

ROOT = Path(__file__).resolve().parent.parent
ITEMS = list(range(40))


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


@pytest.fixture
def single_threaded(monkeypatch):
    """As under `mkdocs build`: pytest's own helpers (a server thread left by another test)
    must not decide whether workers are used."""
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setenv(workers.JOBS_VARIABLE, "2")


def test_items_are_spread_over_processes_and_come_back_in_order(single_threaded):
    results = workers.map_in_processes(_square_and_pid, ITEMS)
    assert [square for square, _ in results] == [n * n for n in ITEMS]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and len(pids) == 2


@pytest.mark.parametrize("why", ["KB_JOBS=1", "a handful of items", "another thread runs"])
def test_the_work_stays_in_this_process(single_threaded, monkeypatch, why):
    items = ITEMS
    if why == "KB_JOBS=1":
        monkeypatch.setenv(workers.JOBS_VARIABLE, "1")
    elif why == "a handful of items":
        items = ITEMS[: workers.MIN_ITEMS - 1]
    else:
        monkeypatch.setattr(threading, "active_count", lambda: 2)
    results = workers.map_in_processes(_square_and_pid, items)
    assert results == [(n * n, os.getpid()) for n in items]


def test_jobs_is_the_variable_or_the_cores(monkeypatch):
    monkeypatch.setenv(workers.JOBS_VARIABLE, "3")
    assert workers.jobs() == 3
    for unset in ("", "0", "many"):
        monkeypatch.setenv(workers.JOBS_VARIABLE, unset)
        assert workers.jobs() == len(os.sched_getaffinity(0))


@pytest.fixture(scope="module")
def corpus_of_twenty(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("twenty") / "project"
    make_project(ROOT, project, workers.MIN_ITEMS + 4, seed=5)
    return project


def _load(project: Path, jobs: str, monkeypatch) -> str:
    monkeypatch.setenv(workers.JOBS_VARIABLE, jobs)
    try:
        return output_digest(generate(load_corpus(project, cache=False)))
    except KBError as exc:
        return str(exc)


def test_a_corpus_loaded_on_two_processes_generates_the_same_pages(single_threaded, corpus_of_twenty, monkeypatch):
    serial = _load(corpus_of_twenty, "1", monkeypatch)
    assert len(serial) == 64  # a digest, not an error
    assert _load(corpus_of_twenty, "2", monkeypatch) == serial


def test_problems_come_in_the_transcripts_order_wherever_they_were_found(single_threaded, corpus_of_twenty,
                                                                       tmp_path, monkeypatch):
    project = tmp_path / "project"

    shutil.copytree(corpus_of_twenty, project)
    transcripts = sorted((project / "transcripts").glob("*.md"))
    for broken in (transcripts[1], transcripts[-2]):  # one early, one late: different workers
        broken.write_text(broken.read_text("utf-8").replace("speakers:", "speakers: [", 1), "utf-8")
    serial = _load(project, "1", monkeypatch)
    assert serial.index(transcripts[1].name) < serial.index(transcripts[-2].name)
    assert _load(project, "2", monkeypatch) == serial
