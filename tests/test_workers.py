"""kb.workers: the load and the pages spread over processes, the same results in the same order."""

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
from kb.render import PARALLEL_PAGES, iter_site, paths

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
    results = workers.map_in_processes(_square_and_pid, ITEMS, min_items=16)
    assert [square for square, _ in results] == [n * n for n in ITEMS]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and len(pids) == 2


def test_shared_data_reaches_the_workers_without_being_pickled(single_threaded):
    lock = threading.Lock()  # pickle refuses a lock, and a lambda defined here
    shared = {"lock": lock, "offset": 7}
    results = workers.map_with_shared(lambda s, n: (n + s["offset"], os.getpid()), shared, ITEMS, min_items=16)
    assert [n for n, _ in results] == [n + 7 for n in ITEMS]
    assert os.getpid() not in {pid for _, pid in results}
    assert workers._shared is None  # not kept alive after the call


def test_shared_data_is_released_when_a_call_fails(single_threaded):
    def fail(shared, n):
        raise ValueError(f"item {n}")

    with pytest.raises(ValueError, match="item 0"):
        workers.map_with_shared(fail, object(), ITEMS[:3], min_items=16)  # in this process
    assert workers._shared is None


@pytest.mark.parametrize("why", ["KB_JOBS=1", "a handful of items", "another thread runs"])
def test_the_work_stays_in_this_process(single_threaded, monkeypatch, why):
    items = ITEMS
    if why == "KB_JOBS=1":
        monkeypatch.setenv(workers.JOBS_VARIABLE, "1")
    elif why == "a handful of items":
        items = ITEMS[:15]
    else:
        monkeypatch.setattr(threading, "active_count", lambda: 2)
    results = workers.map_in_processes(_square_and_pid, items, min_items=16)
    assert results == [(n * n, os.getpid()) for n in items]


def test_jobs_is_the_variable_or_the_cores(monkeypatch):
    monkeypatch.setenv(workers.JOBS_VARIABLE, "3")
    assert workers.jobs() == 3
    for unset in ("", "0", "many"):
        monkeypatch.setenv(workers.JOBS_VARIABLE, unset)
        assert workers.jobs() == len(os.sched_getaffinity(0))


@pytest.fixture(scope="module")
def corpus_of_twenty(tmp_path_factory) -> Path:
    """24 interviews: enough transcripts and pages for both to go to the workers (asserted)."""
    project = tmp_path_factory.mktemp("twenty") / "project"
    make_project(ROOT, project, 24, seed=5)
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


def _finish_here(text: str) -> tuple[int, str]:
    return os.getpid(), text


def test_pages_are_made_and_finished_on_the_workers_and_match_one_process(single_threaded, corpus_of_twenty,
                                                                          monkeypatch):
    corpus = load_corpus(corpus_of_twenty, cache=False)
    assert len(corpus.interviews) + len(corpus.people) + 1 >= PARALLEL_PAGES  # else nothing would be spread
    also = {"extra.txt": lambda c: f"{len(c.interviews)} interviews\n"}  # made beside the pages, in a worker
    monkeypatch.setenv(workers.JOBS_VARIABLE, "1")
    serial = list(iter_site(corpus, _finish_here, also))
    monkeypatch.setenv(workers.JOBS_VARIABLE, "2")
    spread = list(iter_site(corpus, _finish_here, also))
    assert [(path, text) for path, (_, text) in spread] == [(path, text) for path, (_, text) in serial]
    assert {pid for _, (pid, _) in serial} == {os.getpid()}
    where = {path: pid for path, (pid, _) in spread}
    assert where["extra.txt"] != os.getpid()
    assert all(where[paths.interview_page(i.slug)] != os.getpid() for i in corpus.interviews)
    assert where["themes/index.md"] == os.getpid()  # the pages the workers build on


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
