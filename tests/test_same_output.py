"""Speed work changes no byte of the output (issue 16).

The manifest (tests/fixtures/output_manifest.json, see kb.devtools.output_manifest) holds
the SHA-256 of every generated file for the seeds and a small synthetic corpus. It was
first written by the code before the issue 16 optimisations; a change meant to alter the
output rewrites it in the same commit (`python -m kb.devtools.output_manifest --write`),
so the review sees which pages changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kb.devtools import output_manifest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, str]]:
    return output_manifest.output_manifest(ROOT)


def test_generated_output_matches_the_manifest(built: dict[str, dict[str, str]]) -> None:
    stored = json.loads((ROOT / output_manifest.MANIFEST).read_text("utf-8"))
    different = output_manifest.changed(built, stored)
    assert not different, (f"generated output changed: {different[:8]}; if that is meant, run "
                           "`python -m kb.devtools.output_manifest --write` and commit the manifest")


def test_the_synthetic_corpus_is_more_than_the_seeds(built: dict[str, dict[str, str]]) -> None:
    seeds, synthetic = built["seeds"], built[f"synthetic-{output_manifest.SYNTHETIC_SIZE}"]
    assert len(synthetic) > len(seeds)  # its own interview and person pages
    assert seeds["kb.json"] != synthetic["kb.json"]


def test_a_changed_added_or_missing_page_is_reported(built: dict[str, dict[str, str]]) -> None:
    stored = json.loads(json.dumps(built))
    stored["seeds"]["kb.json"] = "0" * 64
    stored["seeds"]["gone.md"] = "0" * 64
    del stored["seeds"]["tags.md"]
    assert output_manifest.changed(built, stored) == ["seeds/gone.md", "seeds/kb.json", "seeds/tags.md"]
    assert output_manifest.changed(built, built) == []
