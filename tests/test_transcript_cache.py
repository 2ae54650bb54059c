"""The transcript cache (kb.transcript_cache): reused only for the same inputs, never stale,
and a build with it gives exactly what a build without it gives (issue 16)."""

from __future__ import annotations

import pickle
import shutil
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

import pytest
from kb import tagging, transcript_cache
from kb.build import generate
from kb.corpus import load_corpus, transcript_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "project"
    for name in ("transcripts", "data"):
        shutil.copytree(ROOT / name, target / name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))  # a fresh secret
    monkeypatch.setenv("KB_CACHE", "on")
    transcript_cache._secret.cache_clear()
    yield target
    transcript_cache._secret.cache_clear()


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[transcript_cache.TranscriptCache]:
    opened: list[transcript_cache.TranscriptCache] = []
    real = transcript_cache.open_cache

    def spy(root: Path) -> transcript_cache.TranscriptCache | None:
        cache = real(root)
        if cache is not None:
            opened.append(cache)
        return cache
    monkeypatch.setattr(transcript_cache, "open_cache", spy)
    return opened


def _uncached(project: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    with monkeypatch.context() as m:
        m.setenv("KB_CACHE", "off")
        return generate(load_corpus(project))


def test_second_build_reuses_every_transcript_and_gives_the_same_pages(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = _counting(monkeypatch)
    count = len(transcript_paths(project))
    first = generate(load_corpus(project))
    second = generate(load_corpus(project))
    assert (opened[0].hits, opened[0].misses) == (0, count)
    assert (opened[1].hits, opened[1].misses) == (count, 0)
    assert len(list((project / transcript_cache.CACHE_DIR).rglob("*.pickle"))) == count
    assert first == second == _uncached(project, monkeypatch)


def test_edited_transcript_is_read_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = _counting(monkeypatch)
    generate(load_corpus(project))
    path = transcript_paths(project)[0]
    path.write_text(_retitle(path.read_text("utf-8")), "utf-8")  # front matter: the body stays as received
    corpus = load_corpus(project)
    assert opened[-1].misses == 1 and opened[-1].hits == len(transcript_paths(project)) - 1
    assert corpus.interview(_slug(path, project)).title == "A title nobody wrote before"
    assert generate(corpus) == _uncached(project, monkeypatch)


def test_edited_theme_file_shows_on_the_next_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(load_corpus(project))
    themes = project / "data" / "themes.yml"
    themes.write_text(themes.read_text("utf-8").replace("title: Skills", "title: Skills and tools", 1), "utf-8")
    pages = generate(load_corpus(project))
    assert "Skills and tools" in pages["themes/skills.md"]
    assert pages == _uncached(project, monkeypatch)


def test_edited_lexicon_retags_cached_transcripts(
        project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The lexicon is package data: editing it changes the pipeline's fingerprint, so no entry
    made with the old lexicon is used. The edit is made in a copy of the ``kb`` package, which
    both the lexicon loader and the fingerprint then read as the package (``resources.files``),
    so the repository is never touched, even by a test killed halfway or run in parallel. The
    copy's threshold is lowered, so every lexicon score reaches the model's cap and
    paragraphs gain themes."""
    opened = _counting(monkeypatch)
    before = load_corpus(project)
    real_package = Path(str(resources.files("kb")))
    package = tmp_path / "kb"
    shutil.copytree(real_package, package, ignore=shutil.ignore_patterns("__pycache__"))
    lexicon = package / tagging.LEXICON_RESOURCE
    original = lexicon.read_bytes()
    edited = original.replace(b"\nthreshold: 3.0\n", b"\nthreshold: 0.01\n", 1)
    assert edited != original, "the lexicon's threshold line changed: update this test"
    lexicon.write_bytes(edited)
    copied = SimpleNamespace(files=lambda name: package if name == "kb" else resources.files(name))
    for module in (tagging, transcript_cache):
        monkeypatch.setattr(module, "resources", copied)
    _clear_pipeline_caches()
    try:
        after = load_corpus(project)
        assert opened[-1].hits == 0
        themes = {p.id: p.themes for i in before.interviews for p in i.paragraphs}
        assert any(p.themes != themes[p.id] for i in after.interviews for p in i.paragraphs)
        assert generate(after) == _uncached(project, monkeypatch)
    finally:
        for module in (tagging, transcript_cache):
            monkeypatch.setattr(module, "resources", resources)
        _clear_pipeline_caches()
    assert (real_package / tagging.LEXICON_RESOURCE).read_bytes() == original  # never touched
    assert generate(load_corpus(project)) == generate(before)


def test_entry_not_signed_with_this_machines_secret_is_never_unpickled(
        project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A .cache/ folder slipped into a pull request must not run code when a maintainer builds."""
    opened = _counting(monkeypatch)
    expected = generate(load_corpus(project))
    marker = tmp_path / "pickle-ran"
    planted = pickle.dumps(_Planted(str(marker)))
    slots = sorted((project / transcript_cache.CACHE_DIR).rglob("*.pickle"))
    for slot in slots:
        slot.write_bytes(b"\0" * 32 + planted)  # any MAC but ours
    assert generate(load_corpus(project)) == expected
    assert not marker.exists()
    assert opened[-1].hits == 0 and opened[-1].misses == len(slots)


def test_cache_can_be_turned_off_and_bad_folders_do_not_fail_the_build(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_CACHE", "off")
    generate(load_corpus(project))
    assert not (project / transcript_cache.CACHE_DIR).exists()
    monkeypatch.setenv("KB_CACHE", "on")
    (project / ".cache").write_text("not a folder", "utf-8")  # e.g. a stray file
    assert generate(load_corpus(project)) == _uncached(project, monkeypatch)


class _Planted:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (Path(self.path),))  # type: ignore[return-value]


def _slug(path: Path, project: Path) -> str:
    from kb.frontmatter_loader import load_transcript
    source, _ = load_transcript(path)
    assert source is not None
    return source.meta["slug"]


def _retitle(text: str) -> str:
    head, _, rest = text.partition("\ntitle:")
    _, _, tail = rest.partition("\n")
    return f"{head}\ntitle: A title nobody wrote before\n{tail}"


def _clear_pipeline_caches() -> None:
    transcript_cache.pipeline_fingerprint.cache_clear()
    for function in (tagging.load_lexicon, tagging._matcher, tagging._lexicon_themes, tagging._passage_scores,
                     tagging._first_word_index):
        function.cache_clear()
