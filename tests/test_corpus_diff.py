"""kb diff BASE [HEAD]: what changes for readers between two git revisions.

Each test builds a throwaway git repository whose commits add, edit, re-theme and remove
quotes and add an interview, then asserts what the Markdown names. The error cases (an
unknown revision, a revision whose sources do not load, a folder outside git) exit 2 with
one line and no traceback, and nothing in the working tree or the index changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kb.cli import main

ROOT = Path(__file__).resolve().parent.parent
REVIEW = Path(__file__).resolve().parent / "fixtures" / "review"
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                            env={**os.environ, **GIT_ENV})
    return result.stdout.strip()


def kb_diff(repo: Path, *revisions: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(repo), "diff", *revisions])
    return code, out.getvalue(), err.getvalue()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit is the review fixture's base (one interview, 3 quotes)."""
    root = tmp_path / "repo"
    shutil.copytree(REVIEW / "base", root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    return root


GUS = "transcripts/gus-guest-first-job.md"


def test_an_edited_quote_shows_old_and_new_words(repo):
    base = git(repo, "rev-parse", "HEAD")
    edit(repo / GUS, '"learn SQL before you learn deep learning"',
         '"learn SQL before you learn deep learning, and learn it properly"')
    head = commit(repo, "edit a quote")
    code, out, err = kb_diff(repo, base, head)
    assert (code, err) == (0, "")
    assert "### Quotes edited (1)" in out
    assert "`gus-sql-first`, Gus Guest" in out
    assert "- before: learn SQL before you learn deep learning\n" in out
    assert "- after: learn SQL before you learn deep learning<ins>, and learn it properly</ins>\n" in out
    assert "Quotes added" not in out and "Quotes removed" not in out and "Quotes moved" not in out
    # The quote's text appears on its interview, person and theme pages, and in kb.json.
    assert "`/themes/skills/`" in out and "`/interviews/gus-guest-first-job/`" in out and "`/kb.json`" in out


def test_a_quote_without_id_is_still_an_edit_when_its_words_change(repo):
    """Its id is derived from its words, so the edit renames it: paired, not added + removed."""
    edit(repo / GUS, "  - id: gus-explaining-results\n    text:", "  - text:")
    base = commit(repo, "no id")
    edit(repo / GUS, '"How much of the work is explaining results to people who never asked for a model."',
         '"explaining results to people who never asked for a model"')
    code, out, _ = kb_diff(repo, base, commit(repo, "trim"))
    assert code == 0
    assert "### Quotes edited (1)" in out and "Quotes added" not in out and "Quotes removed" not in out
    assert "- before: <del>How much of the work is</del> explaining results" in out
    assert "a model<del>.</del>\n" in out
    assert "- id: “gus-guest-" in out  # the derived id changed with the words


def test_a_rethemed_quote_is_moved_to_its_new_themes_and_subtopic(repo):
    base = git(repo, "rev-parse", "HEAD")
    edit(repo / GUS, "    themes: [expectations]\n", "    themes: [expectations, skills]\n    subtopic: Where to start\n")
    code, out, _ = kb_diff(repo, base, commit(repo, "re-theme"))
    assert code == 0
    assert "### Quotes moved (1)" in out and "Quotes edited" not in out
    assert "`gus-cleaning-tables`, Gus Guest: “Most of my week is spent cleaning tables" in out
    assert "- themes: “expectations” → “expectations, skills”" in out
    assert "- subtopic: (none) → “Where to start”" in out
    assert "`/themes/skills/`" in out and "/themes/roles/" not in out


def test_a_quote_given_to_another_speaker_is_moved(repo):
    base = git(repo, "rev-parse", "HEAD")
    edit(repo / GUS, "  - id: gus-explaining-results\n    text: \"How much of the work is explaining results to "
                     "people who never asked for a model.\"\n    speaker: gus-guest",
         "  - id: gus-explaining-results\n    text: \"How much of the work is explaining results to "
         "people who never asked for a model.\"\n    speaker: hana-host")
    edit(repo / GUS, "Gus Guest: How much", "Hana Host: How much")  # (a test repository: bodies are ours)
    code, out, _ = kb_diff(repo, base, commit(repo, "speaker"))
    assert code == 0
    assert "- speaker: “Gus Guest” → “Hana Host”" in out
    # Hana Host's two turns now follow each other: one paragraph on the page.
    assert "- transcript text: 1 paragraph added, 2 paragraphs removed" in out


def test_a_removed_quote_is_named_with_its_words(repo):
    base = git(repo, "rev-parse", "HEAD")
    edit(repo / GUS, '  - id: gus-explaining-results\n    text: "How much of the work is explaining results to '
                     'people who never asked for a model."\n    speaker: gus-guest\n    themes: [roles]\n', "")
    code, out, _ = kb_diff(repo, base, commit(repo, "remove"))
    assert code == 0
    assert "### Quotes removed (1)" in out
    assert "In *Gus Guest on his first job in data*:" in out
    assert "- `gus-explaining-results`, Gus Guest, themes roles:\n  > How much of the work is explaining" in out
    assert "`/themes/roles/`" in out


def test_an_added_interview_lists_its_quotes_and_new_pages(repo):
    base = git(repo, "rev-parse", "HEAD")
    shutil.copy(REVIEW / "pull-request" / "transcripts" / "tomas-tag-first-year.md", repo / "transcripts")
    code, out, _ = kb_diff(repo, base, commit(repo, "add"))
    assert code == 0
    assert ("- **Added**: *Tomas Tag on his first year as a data scientist* "
            "(`transcripts/tomas-tag-first-year.md`): 2 speakers, 1 quote.") in out
    assert "### Quotes added (1)" in out and "`tomas-cleaning-is-the-job`, Tomas Tag, themes expectations:" in out
    assert "> cleaning data is most of the job … nobody warned me about it" in out
    added = next(line for line in out.splitlines() if line.startswith("- Added: "))
    for page in ("/interviews/tomas-tag-first-year/", "/people/tomas-tag/", "/people/vera-voice/"):
        assert f"`{page}`" in added
    assert "1 interview added; 1 quote added;" in out


def test_a_removed_interview_and_a_changed_one(repo):
    shutil.copy(REVIEW / "pull-request" / "transcripts" / "tomas-tag-first-year.md", repo / "transcripts")
    base = commit(repo, "two interviews")
    (repo / "transcripts" / "tomas-tag-first-year.md").unlink()
    edit(repo / GUS, 'title: "Gus Guest on his first job in data"', 'title: "Gus Guest on his first data job"')
    edit(repo / GUS, "    kind: guest\n", "    kind: guest\n    role: data analyst\n")
    edit(repo / GUS, '  url: "https://example.org/gus-guest-first-job"', '  url: "https://example.org/gus"')
    code, out, _ = kb_diff(repo, base, commit(repo, "drop one, retitle the other"))
    assert code == 0
    assert "- **Removed**: *Tomas Tag on his first year as a data scientist*" in out
    assert "- **Changed**: *Gus Guest on his first data job* (`transcripts/gus-guest-first-job.md`):" in out
    assert "  - title: “Gus Guest on his first job in data” → “Gus Guest on his first data job”" in out
    assert "  - source.url: “https://example.org/gus-guest-first-job” → “https://example.org/gus”" in out
    assert "  - speaker gus-guest: “Gus Guest (guest)” → “Gus Guest (guest, data analyst)”" in out
    assert "### Quotes removed (1)" in out  # the removed interview's quote goes with it
    removed = next(line for line in out.splitlines() if line.startswith("- Removed: "))
    assert "`/interviews/tomas-tag-first-year/`" in removed and "`/people/tomas-tag/`" in removed


def test_theme_texts_changes_are_shown_as_words_with_their_evidence(repo):
    base = git(repo, "rev-parse", "HEAD")
    edit(repo / "data" / "themes.yml", '    description: What employers expect.\n    related: []\n'
         '    intro: ""',
         '    description: What employers expect.\n    related: []\n'
         '    intro: "**Cleaning** is [most of the week](q:gus-cleaning-tables)."')
    code, out, _ = kb_diff(repo, base, commit(repo, "intro"))
    assert code == 0
    assert "### Theme texts" in out and "- **Expectations** (`data/themes.yml`):" in out
    assert "  - introduction: (none) → “Cleaning is most of the week (q:gus-cleaning-tables).”" in out
    assert "1 theme text changed" in out and "`/themes/expectations/`" in out


def test_key_point_changes_are_shown_by_their_id(repo):
    base = git(repo, "rev-parse", "HEAD")
    edit(repo / "data" / "themes.yml", '    description: What employers expect.\n    related: []\n',
         '    description: What employers expect.\n    related: []\n    key_points:\n'
         '      - id: cleaning\n        text: "Cleaning is [most of the week](q:gus-cleaning-tables)."\n')
    code, out, _ = kb_diff(repo, base, commit(repo, "key point"))
    assert code == 0, out
    assert "  - key points.cleaning.text: (none) → “Cleaning is most of the week (q:gus-cleaning-tables).”" in out


def test_the_whole_pull_request_at_once(repo):
    """All changes of the review fixture in one comparison (the sample in the guide)."""
    base = git(repo, "rev-parse", "HEAD")
    shutil.rmtree(repo / "transcripts")
    shutil.copytree(REVIEW / "pull-request" / "transcripts", repo / "transcripts")
    code, out, _ = kb_diff(repo, base, commit(repo, "pull request"))
    assert code == 0
    first = out.splitlines()[2]
    assert first == ("1 interview added; 1 quote added; 1 quote removed; 1 quote edited; "
                     "1 quote moved; " + first.split("; ")[-1])
    for heading in ("Interviews", "Quotes added (1)", "Quotes removed (1)", "Quotes edited (1)",
                    "Quotes moved (1)", "Pages affected (15)"):  # the tag pages too
        assert f"\n### {heading}\n" in out


def test_no_head_compares_the_working_tree_without_touching_it(repo):
    edit(repo / GUS, "    themes: [roles]\n", "    themes: [roles, ethics]\n")
    (repo / "stray.txt").write_text("untracked\n", encoding="utf-8")
    status, head, index = git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD"), \
        (repo / ".git" / "index").read_bytes()
    files = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in repo.rglob("*") if ".git" not in p.parts
             and p.is_file()}
    code, out, _ = kb_diff(repo, "main")
    assert code == 0
    assert "## What changes for readers: `main` → `working tree`" in out
    assert "- themes: “roles” → “roles, ethics”" in out
    assert git(repo, "status", "--porcelain") == status and git(repo, "rev-parse", "HEAD") == head
    assert (repo / ".git" / "index").read_bytes() == index
    assert files == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in repo.rglob("*")
                     if ".git" not in p.parts and p.is_file()}


def test_nothing_to_report_still_compares(repo):
    code, out, err = kb_diff(repo, "HEAD", "main")
    assert (code, err) == (0, "")
    assert out == "## What changes for readers: `HEAD` → `main`\n\nNothing changes for readers: every page is the same.\n"


def test_a_project_in_a_subfolder_of_its_repository(tmp_path):
    outer = tmp_path / "outer"
    shutil.copytree(REVIEW / "base", outer / "site")
    git(outer, "init", "-q", "-b", "main")
    base = commit(outer, "base")
    edit(outer / "site" / GUS, "    themes: [roles]\n", "    themes: [mlops]\n")
    code, out, _ = kb_diff(outer / "site", base)
    assert code == 0 and "- themes: “roles” → “mlops”" in out


def test_transcript_text_is_escaped_in_the_markdown(repo):
    base = git(repo, "rev-parse", "HEAD")
    edit(repo / GUS, 'title: "Gus Guest on his first job in data"',
         'title: "<script>alert(1)</script> **bold** [x](javascript:alert(1)) `code`"')
    code, out, _ = kb_diff(repo, base, commit(repo, "hostile title"))
    assert code == 0
    assert "<script>" not in out and "**bold**" not in out and "[x](" not in out
    assert "\\<script\\>alert(1)\\</script\\> \\*\\*bold\\*\\* \\[x\\](javascript:alert(1)) \\`code\\`" in out


# --- cannot compare: exit 2, one line, no traceback -----------------------------------------


def test_an_unknown_revision(repo):
    code, out, err = kb_diff(repo, "no-such-branch")
    assert (code, out) == (2, "")
    assert err.startswith("kb diff: cannot compare: unknown revision 'no-such-branch'")
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_an_option_looking_revision_is_not_passed_to_git(repo):
    code, _, err = kb_diff(repo, "main", "--", "--output=/tmp/x")
    assert code == 2 and "unknown revision '--output=/tmp/x'" in err


def test_a_revision_whose_sources_do_not_load(repo):
    edit(repo / GUS, '"learn SQL before you learn deep learning"', '"learn Excel before you learn deep learning"')
    broken = commit(repo, "broken quote")
    short = broken[:7]
    code, out, err = kb_diff(repo, "HEAD~1", short)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0] == f"kb diff: cannot compare: the sources at {short} do not load (1 problem(s))"
    assert lines[1].startswith(f"  error: {short}:transcripts/gus-guest-first-job.md:")
    assert "[quotes/0/text] quote not found in the transcript" in lines[1]
    assert "Traceback" not in err and "kb-diff-" not in err  # no temporary path leaks out


def test_a_working_tree_whose_sources_do_not_load(repo):
    (repo / "transcripts" / "empty.md").write_text("", encoding="utf-8")
    code, _, err = kb_diff(repo, "main")
    assert code == 2
    assert err.splitlines()[0].startswith("kb diff: cannot compare: the sources at working tree do not load")
    assert "transcripts/empty.md" in err


def test_outside_a_git_repository(tmp_path):
    shutil.copytree(REVIEW / "base", tmp_path / "plain")
    code, out, err = kb_diff(tmp_path / "plain", "main")
    assert (code, out) == (2, "")
    assert err == f"kb diff: cannot compare: {tmp_path / 'plain'} is not inside a git repository " \
                  "(kb diff compares git revisions)\n"


def test_the_command_as_a_subprocess_exits_2_without_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(tmp_path), "diff", "main"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.startswith("kb diff: cannot compare: ") and "is not inside a git repository" in result.stderr


# --- the sample in docs/contributing.md -----------------------------------------------------


def test_contributing_guide_shows_real_diff_output(repo):
    """The "Reviewing a pull request" sample is what kb diff prints for the review fixture."""
    git(repo, "checkout", "-q", "-b", "pr-42")
    shutil.rmtree(repo / "transcripts")
    shutil.copytree(REVIEW / "pull-request" / "transcripts", repo / "transcripts")
    commit(repo, "Add Tomas Tag's interview; fix Gus Guest's quotes")
    guide = (ROOT / "docs" / "contributing.md").read_text("utf-8")
    command = "kb diff main pr-42"
    start = guide.index(f"$ {command}\n") + len(command) + 3
    shown = guide[start: guide.index("````", start)]
    code, out, _ = kb_diff(repo, "main", "pr-42")
    assert code == 0
    assert out == shown


def test_rights_changes_are_reported(repo):
    base = git(repo, "rev-parse", "HEAD")
    edit(repo / GUS, "speakers:\n", 'rights:\n  holder: "Gus Guest"\n  licence: null\n  publish: excerpts\nspeakers:\n')
    code, out, _ = kb_diff(repo, base, commit(repo, "rights"))
    assert code == 0
    assert "  - rights: holder: (none) → “Gus Guest”" in out
    assert "  - rights: published (full transcript or excerpts): “full” → “excerpts”" in out
    assert "recorded" not in out
