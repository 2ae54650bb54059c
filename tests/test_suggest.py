"""kb suggest: candidate quotes that verify when pasted into the front matter."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest
import yaml
from kb.cli import main
from kb.corpus import load_corpus, transcript_paths
from kb.errors import KBError
from kb.frontmatter_loader import parse_transcript
from kb.language import guess_language
from kb.models import THEME_SLUGS
from kb.quotes import find_quote
from kb.scaffold import scaffold_transcript
from kb.suggest import (
    MAX_WORDS,
    MIN_WORDS,
    format_suggestions,
    read_draft,
    suggest_quotes,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = transcript_paths(ROOT)
VTT = ROOT / "tests/fixtures/tagging/podcast-excerpt.vtt"


@cache
def _draft(path: Path):
    return read_draft(path)  # read each transcript once per test session


def _check_suggestions(path: Path) -> tuple[list, dict]:
    draft = _draft(path)
    suggestions = suggest_quotes(draft, per_theme=3)
    ids = {p.id for p in draft.paragraphs}
    for s in suggestions:
        assert s.paragraph.id in ids
        assert s.paragraph.id not in draft.quoted
        assert MIN_WORDS <= len(s.text.split()) <= MAX_WORDS, s.text
        assert s.text in s.paragraph.text  # cut from the paragraph, verbatim
        assert find_quote(draft.index, s.text) is not None, s.text
        assert s.themes[0] == s.theme and set(s.themes) <= set(THEME_SLUGS)
    for theme in THEME_SLUGS:
        assert sum(s.theme == theme for s in suggestions) <= 3
    assert len({s.paragraph.id for s in suggestions}) == len(suggestions)
    output = yaml.safe_load(format_suggestions(draft, suggestions))
    entries = output["quotes"] or []
    assert [e["text"] for e in entries] == [s.text for s in suggestions]
    return suggestions, output


def test_the_five_seeds_are_there():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_suggest_on_each_seed(path):
    suggestions, _ = _check_suggestions(path)
    assert suggestions, f"no suggestion for {path.name}"


def test_suggest_on_a_webvtt_file():
    draft = _draft(VTT)
    assert (draft.format, draft.language) == ("webvtt", "en")
    suggestions, output = _check_suggestions(VTT)
    # Each paragraph is suggested once, for its best theme: the skills paragraph on data
    # engineers goes to roles, and the one on confidence intervals to ethics (the tagger's
    # error: labelled skills on the dev split), so skills shows among a suggestion's themes.
    assert {s.theme for s in suggestions} >= {"roles", "expectations"}
    assert any("skills" in s.themes for s in suggestions)
    assert all(s.paragraph.id.startswith("t") for s in suggestions)  # caption ids are start times
    assert {e["speaker"] for e in output["quotes"]} == {"leo-souquet"}  # from the <v Leo Souquet> tag


def test_pasted_suggestions_pass_the_build(tmp_path):
    """The real check: paste every suggestion into its transcript and load the corpus."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "transcripts").mkdir()
    pasted = 0
    for path in SEEDS:
        draft = _draft(path)
        entries = yaml.safe_load(format_suggestions(draft, suggest_quotes(draft)))["quotes"] or []
        source, problems = parse_transcript(path.read_bytes(), path)
        assert source is not None and not problems
        meta = dict(source.meta)
        speakers = [s["id"] for s in meta["speakers"]]
        for entry in entries:
            entry["speaker"] = entry["speaker"] or speakers[0]  # unknown speaker: any id will do
            if meta["language"] != "en":
                entry["translation"] = "(test translation)"
        meta["quotes"] = [*(meta.get("quotes") or []), *entries]
        pasted += len(entries)
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + source.body
        (tmp_path / "transcripts" / path.name).write_text(text, "utf-8")
    corpus = load_corpus(tmp_path)
    original = load_corpus(ROOT)
    assert sum(len(i.quotes) for i in corpus.interviews) == sum(len(i.quotes) for i in original.interviews) + pasted


def test_french_is_detected_for_raw_text():
    assert guess_language("Le data scientist, c'est celui qui fait le modèle et qui le met en production.")[0] == "fr"
    assert guess_language("The data scientist is the one who builds the model and ships it.")[0] == "en"


@pytest.mark.parametrize("text", ["Ça marche, c'est ça, on le fait.", "So we ship it, and that is it.", "Le modèle et the pipeline, on the data."])
def test_kb_new_and_kb_suggest_guess_the_same_language(tmp_path, text):
    """One guesser: the language `kb new` writes is the one `kb suggest` tags with."""
    raw = tmp_path / "raw.txt"
    raw.write_text(text + "\n", "utf-8")
    scaffold = scaffold_transcript(raw.read_bytes(), slug="x")
    assert scaffold.language == read_draft(raw).language == guess_language(text)[0]


def test_a_missing_file_is_one_readable_problem(tmp_path, capsys):
    with pytest.raises(KBError, match="cannot read file"):
        read_draft(tmp_path / "nope.md")
    assert main(["suggest", str(tmp_path / "nope.md")]) == 1
    err = capsys.readouterr().err
    assert "nope.md: cannot read file" in err and "Traceback" not in err


def test_the_command_prints_yaml(capsys):
    assert main(["suggest", str(VTT), "--per-theme", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# kb suggest: candidate quotes for ")
    assert len(yaml.safe_load(out)["quotes"]) >= 1


def test_contributing_guide_shows_real_suggest_output(monkeypatch):
    """The sample in docs/contributing.md is what `kb suggest` prints today."""
    import contextlib
    import io

    from kb.cli import main

    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)  # the command in the guide uses a path relative to the repository
    guide = (root / "docs" / "contributing.md").read_text("utf-8")
    command = "kb suggest tests/fixtures/tagging/podcast-excerpt.vtt --per-theme 1"
    start = guide.index(f"$ {command}\n") + len(command) + 3
    shown = guide[start: guide.index("```", start)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--root", str(root), *command.split()[1:]]) == 0
    assert out.getvalue() == shown
