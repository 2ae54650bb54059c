"""Two builds of the same input give byte-identical output (issue 10).

In process (``build_files`` twice on the real repository), through the CLI (``kb build
--out`` into two folders, every file compared byte for byte, kb.json included), and across
processes with different ``PYTHONHASHSEED`` values, which reorders every set and every
dict built from one: an ordering bug shows up as a different byte somewhere.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from kb.build import build_files

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _kb_build(root: Path, out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(root), "build", "--out", str(out)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr


def _assert_same(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    # Files of the same name that differ first: a page whose text changed also renames its
    # hashed search chunks, and those names alone would hide which page it was.
    different = [rel for rel in first if rel in second and first[rel] != second[rel]]
    only = sorted(set(first) ^ set(second))
    assert not different and not only, f"differ between builds: {different[:10]}; in one build only: {only[:10]}"


def test_build_files_twice_in_one_process_is_identical() -> None:
    first, second = build_files(ROOT), build_files(ROOT)
    assert "kb.json" in first
    assert list(first) == list(second), "same files in the same order"
    assert first == second


def test_kb_build_twice_with_different_hash_seeds_is_byte_identical(tmp_path: Path) -> None:
    outputs = {}
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"out-{seed}"
        _kb_build(ROOT, out, seed)
        outputs[seed] = _tree(out)
    assert "kb.json" in outputs["0"] and any(rel.startswith("interviews/") for rel in outputs["0"])
    _assert_same(outputs["0"], outputs["1"])
    _assert_same(outputs["0"], outputs["4242"])


def test_hostile_corpus_builds_identically_across_hash_seeds(tmp_path: Path) -> None:
    """The hostile corpus exercises odd characters in every field (sorting, escaping)."""
    project = tmp_path / "hostile"
    shutil.copytree(HOSTILE, project)
    (project / "docs").mkdir()  # kb build --out also copies docs/; the fixture has none
    digests = set()
    for seed in ("0", "99"):
        out = tmp_path / f"hostile-out-{seed}"
        _kb_build(project, out, seed)
        digests.add(hashlib.sha256(b"".join(k.encode() + b"\0" + v for k, v in _tree(out).items())).hexdigest())
    assert len(digests) == 1


def _mkdocs_build(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1",
           # The one date in the output: MkDocs stamps sitemap.xml.gz's gzip header with the
           # build day (the pages' update_date), so two builds either side of midnight UTC
           # differ there and nowhere else. SOURCE_DATE_EPOCH is the reproducible-builds
           # convention MkDocs honours for it.
           "SOURCE_DATE_EPOCH": "1767225600"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mkdocs_build_twice_with_different_hash_seeds_is_byte_identical(tmp_path: Path) -> None:
    """The README's promise, checked on what is published: the whole HTML site (pages, search
    index, sitemap, assets), every file compared byte for byte, nothing exempt."""
    trees = []
    for seed in ("0", "1"):
        _mkdocs_build(tmp_path / f"site-{seed}", seed)
        trees.append(_tree(tmp_path / f"site-{seed}"))
    assert "index.html" in trees[0] and "sitemap.xml.gz" in trees[0]
    assert sum(rel.endswith(".html") for rel in trees[0]) > 20
    # Pagefind's index included: its filters come out of a random-order hash map in Pagefind
    # 1.5.2, and kb.search_canonical sorts them (a different byte there failed this before).
    assert any(rel.startswith("pagefind/") and rel.endswith(".pf_filter") for rel in trees[0])
    _assert_same(*trees)
