"""Corpus-level rules: format guessing, speaker attribution, facts the page states."""

import shutil

import pytest
from helpers import ROOT
from kb.corpus import load_corpus
from kb.errors import KBError

PODCAST = "2020-02-11-leo-souquet-aws-ml-podcast.md"


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "transcripts", tmp_path / "transcripts")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def _edit(project, name, old, new, count=1):
    path = project / "transcripts" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), "utf-8")


def test_missing_format_is_guessed_and_said(project):
    _edit(project, PODCAST, "format: header-transcript\n", "")
    notices = []
    corpus = load_corpus(project, notices=notices)
    assert corpus.interview("2020-02-11-leo-souquet-aws-ml-podcast").format == "header-transcript"
    assert any("guessed 'header-transcript'" in n and PODCAST in n for n in notices)


def test_date_must_agree_with_the_page(project):
    path = project / "transcripts" / PODCAST
    lines = path.read_text("utf-8").split("\n")
    lines = ["date: 2020-02-12" if line.startswith("date:") else line for line in lines]
    path.write_text("\n".join(lines), "utf-8")
    with pytest.raises(KBError, match=r"differs from the date the page gives \(2020-02-11\)"):
        load_corpus(project)


def test_quote_attributed_to_the_wrong_speaker_is_rejected(project):
    corpus = load_corpus(ROOT)
    interview = corpus.interview("2020-02-11-leo-souquet-aws-ml-podcast")
    quote = next(q for q in interview.quotes if q.speaker == "leo-souquet")
    path = project / "transcripts" / PODCAST
    text = path.read_text("utf-8")
    marker = f"id: {quote.id}\n"
    start = text.index(marker)
    block_end = text.index("speaker: leo-souquet", start)
    path.write_text(text[:block_end] + "speaker: julien-aws-podcast-host" +
                    text[block_end + len("speaker: leo-souquet"):], "utf-8")
    with pytest.raises(KBError) as err:
        load_corpus(project)
    messages = [str(p) for p in err.value.problems]
    assert any("attributed to 'julien-aws-podcast-host'" in m and "'leo-souquet' speaking" in m for m in messages)


def test_all_problems_of_a_run_are_reported_together(project):
    _edit(project, PODCAST, "language: en", "language: english")
    _edit(project, "prosper-burq-chu-toulouse-interview-summary.md", "kind: summary", "kind: gossip")
    with pytest.raises(KBError) as err:
        load_corpus(project)
    files = {p.file for p in err.value.problems}
    assert any(PODCAST in f for f in files) and any("prosper-burq" in f for f in files)


@pytest.mark.parametrize(("value", "message"), [
    ("5", "[themes/3/french_names] should be a list, got a number"),
    ("Éthique", "[themes/3/french_names] should be a list, got a string"),
    ("[5]", "[themes/3/french_names/0] should be a string, got a number"),
    ("[Éthique, Éthique]", "[themes/3/french_names] has duplicate entries"),
])
def test_french_names_of_a_theme_are_checked_with_file_field_and_line(tmp_path, value, message):
    from kb.corpus import load_themes
    from kb.errors import Problems

    (tmp_path / "data").mkdir()
    text = (ROOT / "data" / "themes.yml").read_text("utf-8")
    assert "    french_names: [Éthique]\n" in text
    changed = text.replace("    french_names: [Éthique]\n", f"    french_names: {value}\n")
    (tmp_path / "data" / "themes.yml").write_text(changed, "utf-8")
    line = changed.splitlines().index(f"    french_names: {value}") + 1
    problems = Problems()
    load_themes(tmp_path, problems)
    shown = [str(p).removeprefix(str(tmp_path) + "/") for p in problems.items]
    assert shown and shown[0].startswith(f"data/themes.yml:{line}: {message}"), shown


def test_french_names_are_read():
    from kb.corpus import load_themes
    from kb.errors import Problems

    themes = {t.slug: t for t in load_themes(ROOT, Problems())}
    assert themes["ethics"].french_names == ("Éthique",)
    assert themes["roles"].french_names == ("Rôles", "Métiers")


def test_seed_notes_read_as_plain_text():
    """Editors' notes in the front matter are shown as escaped text (a stranger's Markdown
    must stay inert), so Markdown in them reaches the reader as stray marks: the GOTO note
    once showed "`Name: text`" with its backticks on the interview page."""
    from kb.render import render_site

    corpus = load_corpus(ROOT)
    for interview in corpus.interviews:
        notes = {"source: note": interview.source.note, "rights: note": interview.rights.note,
                 "rights: holder": interview.rights.holder}
        for field, text in notes.items():
            assert not any(mark in (text or "") for mark in ("`", "**", "](")), (interview.slug, field, text)
    pages = render_site(corpus)
    for interview in corpus.interviews:
        about = next(line for line in pages[f"interviews/{interview.slug}.md"].splitlines()
                     if "About the source" in line)
        assert "&#96;" not in about, about
