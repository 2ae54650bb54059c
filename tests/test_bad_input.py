"""Every kind of bad contributor input gets one readable message, a non-zero exit, no traceback,
and leaves the output folder and docs/ exactly as they were (issue 6).

Each case writes one or more broken files into a copy of the project, then runs ``kb check``
and ``kb build --out`` and asserts the message names the file, the field and (where the file
has one) the line. The required-field cases come from the schema's ``required`` list, so the
schema stays the single truth about what a transcript must have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from kb.frontmatter_loader import transcript_schema
from kb.source_files import MAX_FILE_BYTES

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "contributing"
SAMPLE = (FIXTURES / "sample-interview.md").read_text("utf-8")
BAD = "transcripts/bad.md"


def sample(*edits: tuple[str, str]) -> str:
    """The valid sample transcript with exact-text edits applied (each must apply once)."""
    text = SAMPLE
    for old, new in edits:
        assert text.count(old) == 1, f"edit target not unique in the sample: {old!r}"
        text = text.replace(old, new)
    return text


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def without_field(field: str) -> str:
    """The sample without top-level ``field`` (its line and any indented lines under it)."""
    lines = SAMPLE.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "- ")):
        end += 1
    assert field in transcript_schema()["properties"]
    return "\n".join(lines[:start] + lines[end:])


@dataclass(frozen=True)
class Case:
    files: dict[str, str | bytes]
    expected: tuple[str, ...]  # regular expressions, each must match the output of both commands


def _captions_body(lines: list[str]) -> str:
    front = SAMPLE.split("\n---\n", 1)[0].replace("format: article", "format: captions")
    front = front[: front.index("quotes:")] + "quotes: []"
    return front + "\n---\n" + "\n".join(lines) + "\n"


_NOT_UTF8 = SAMPLE.replace("Test Fixture Press", "Presse café").encode("utf-8").replace("é".encode(), b"\xe9")
_BAD_BYTE = _NOT_UTF8.index(b"\xe9")
_BAD_BYTE_LINE = _NOT_UTF8[:_BAD_BYTE].count(b"\n") + 1
_BIG = SAMPLE + "\nGus Guest: " + "words " * (MAX_FILE_BYTES // 6) + "\n"
_DUP_PERSON = SAMPLE.replace("slug: sample-interview", "slug: sample-interview-two").replace(
    "id: fixture-sql-before-deep-learning", "id: fixture-sql-two").replace("Gus Guest", "Gustav Guest")
_YAML_ERROR = sample(('summary: "A short made-up interview used by the tests of the contributor workflow."',
                      "summary: Note: a colon in a value needs quotes"))

CASES: dict[str, Case] = {
    "empty file": Case({BAD: b""}, (rf"{BAD}: file is empty",)),
    "binary file": Case({BAD: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
                        (rf"{BAD}:3: file looks binary \(NUL byte at offset 8\)",)),
    "not UTF-8": Case({BAD: _NOT_UTF8}, (
        rf"{BAD}:{_BAD_BYTE_LINE}: not valid UTF-8: byte 0xe9 at offset {_BAD_BYTE}\b",)),
    "no front matter": Case({BAD: SAMPLE.split("\n---\n", 1)[1]}, (rf"{BAD}:1: no front matter",)),
    "front matter not closed": Case({BAD: SAMPLE.replace("\n---\nHana Host", "\nHana Host")},
                                    (rf"{BAD}:1: front matter is not closed by a line '---'",)),
    "YAML syntax error": Case({BAD: _YAML_ERROR}, (
        (rf"{BAD}:{line_of(_YAML_ERROR, 'summary:')}:14: YAML syntax error in front matter: "
        r"mapping values are not allowed here"),)),
    "front matter not a mapping": Case({BAD: "---\n- slug: a\n- title: b\n---\nHana Host: hi\n"},
                                       ((rf"{BAD}:2: front matter must be a mapping of 'field: value' lines, "
                                        r"got a list"),)),
    "wrong types": Case({BAD: sample(('title: "Sample interview: a made-up conversation for the tests"',
                                      "title: 42"),
                                     ("  kind: article\n", "  kind: [article]\n"))}, (
        rf"{BAD}:3: \[title\] should be a string, got a number",
        rf"{BAD}:10: \[source/kind\] \['article'\] is not one of: video, podcast",
    )),
    "missing nested field": Case({BAD: sample(("    kind: guest\n", ""))},
                                 (rf"{BAD}:15: \[speakers/1/kind\] missing required field 'kind'",)),
    "unknown field": Case({BAD: sample(("language: en", "language: en\nlanguge: fr"))},
                          (rf"{BAD}:6: \[languge\] unknown field 'languge' \(hint: did you mean 'language'\?",)),
    "duplicate field": Case({BAD: sample(("language: en", "language: en\nlanguage: fr"))},
                            (rf"{BAD}:6: \[language\] field 'language' appears twice \(first on line 5\)",)),
    "unknown format": Case({BAD: sample(("format: article", "format: pdf"))},
                           (rf"{BAD}:6: \[format\] 'pdf' is not one of: captions, webvtt, srt, article",)),
    "unknown theme": Case({BAD: sample(("themes: [skills]", "themes: [careers]"))},
                          ((rf"{BAD}:23: \[quotes/0/themes/0\] 'careers' is not one of: roles, skills, "
                           r"expectations, ethics, mlops"),)),
    "quote speaker not among speakers": Case(
        {BAD: sample(("    speaker: fixture-gus-guest", "    speaker: fixture-nobody"))},
        ((rf"{BAD}:22: \[quotes/0/speaker\] quote speaker 'fixture-nobody' is not among speakers "
         r"\(hint: known ids: fixture-gus-guest, fixture-hana-host\)"),)),
    "quote not found": Case({BAD: sample(('text: "learn SQL before you learn deep learning"',
                                          'text: "learn Rust before you learn deep learning"'))},
                            ((rf"{BAD}:21: \[quotes/0/text\] quote not found in the transcript: "
                             r"\"learn Rust before you learn deep learning\" \(hint: closest passage is paragraph "
                             r"p-\w+: \"learn sql before you learn deep learning\""),)),
    "elision across speakers": Case({BAD: sample(('text: "learn SQL before you learn deep learning"',
                                                  'text: "tell someone starting out in … learn SQL before you learn"'))},
                                    ((rf"{BAD}:21: \[quotes/0/text\] quote 'fixture-sql-before-deep-learning': an elided "
                                      r"quote must stay within one speaker's turn, but its words run over paragraphs of "
                                      r"fixture-gus-guest and fixture-hana-host \(p-\w+ to p-\w+\)\. Left out: "
                                      r"“data science\? Honestly,” \(hint: quote one speaker at a time"),)),
    "duplicate slug": Case({BAD: SAMPLE}, (
        (r"transcripts/(bad|sample-interview)\.md: \[slug\] slug 'sample-interview' is already used by "
        r"transcripts/(bad|sample-interview)\.md"),)),
    "duplicate person id": Case({BAD: _DUP_PERSON}, (
        (r"transcripts/(bad|sample-interview)\.md: \[speakers\] person id 'fixture-gus-guest' is already used "
        r"for '(Gus|Gustav) Guest' in transcripts/(bad|sample-interview)\.md, here for '(Gus|Gustav) Guest'"),)),
    "date that is not a date": Case({BAD: sample(('date: "2024-05-01"', "date: yesterday"))},
                                    (rf"{BAD}:4: \[date\] 'yesterday' is not a date \(hint: use YYYY-MM-DD",)),
    "impossible date": Case({BAD: sample(('date: "2024-05-01"', "date: 2024-02-30"))},
                            (rf"{BAD}:4: \[date\] '2024-02-30' is not a date",)),
    "date as a bare number": Case({BAD: sample(('date: "2024-05-01"', "date: 2024"))},
                                  (rf"{BAD}:4: \[date\] 2024 is a number, not a date \(hint: put a year in quotes",)),
    "URL that is not http(s)": Case(
        {BAD: sample(('url: "https://example.org/sample-interview"', 'url: "javascript:alert(1)"'))},
        (rf"{BAD}:9: \[source/url\] 'javascript:alert\(1\)' is not an http:// or https:// URL",)),
    "malformed caption stamps": Case({BAD: _captions_body(["0:01 hello and welcome", "0:7x we start",
                                                           "1:75 too many seconds", "2:00 fine again"])}, (
        rf"{BAD}:22: \[body\] malformed timestamp: '0:7x we start'",
        rf"{BAD}:23: \[body\] malformed timestamp: '1:75 too many seconds'",
    )),
    "malformed WebVTT stamps": Case({BAD: _captions_body(["WEBVTT", "", "00:00:01.000 --> 00:00:04.000",
                                                          "hello", "", "00:00:0x.000 --> 00:00:09.000",
                                                          "broken"]).replace("format: captions",
                                                                             "format: webvtt")},
                                    (rf"{BAD}:26: \[body\] malformed WebVTT cue timing: '00:00:0x\.000 --> 00:00:09\.000'",)),
    "malformed SRT stamps": Case({BAD: _captions_body(["1", "00:00:01,000 --> 00:00:04,000", "hello", "",
                                                       "2", "00:00:0x,000 --> 00:00:09,000", "broken"]).replace(
        "format: captions", "format: srt")}, (rf"{BAD}:26: \[body\] malformed SRT near '00:00:0x,000 --> 00:00:09,000'",)),
    "enormous file": Case({BAD: _BIG}, (
        rf"{BAD}: file is {len(_BIG.encode()):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes",)),
    "empty body": Case({BAD: SAMPLE.split("\n---\n", 1)[0] + "\n---\n\n"},
                       (rf"{BAD}:26: \[body\] the body \(raw text under the front matter\) is empty",)),
    "YAML anchors": Case({BAD: sample(("themes: [skills]", "themes: &t [skills]"))},
                         (rf"{BAD}:23:\d+: YAML anchors and aliases",)),
}
for _field in transcript_schema()["required"]:
    CASES[f"missing required field {_field}"] = Case(
        {BAD: without_field(_field)}, (rf"{BAD}: \[{_field}\] missing required field '{_field}'",))


@pytest.fixture
def small_project(project_copy, memoised_tagging):
    """The project copy with only the sample transcript: each case then runs in about a second.

    Theme intros cite quotes of the seed transcripts, so they are blanked here; the full
    copy is used by the tests further down and by test_contributor_workflow.py.
    """
    for path in (project_copy.root / "transcripts").glob("*.md"):
        path.unlink()
    data = project_copy.root / "data"
    themes = yaml.safe_load((data / "themes.yml").read_text("utf-8"))
    for theme in themes["themes"]:
        theme["intro"] = ""
        for key in ("key_points", "differences", "differences_note"):
            theme.pop(key, None)
        for group in theme.get("groups", []):
            group.pop("featured", None)
    themes.pop("questions", None)
    for path in data.iterdir():
        if path.is_file():  # data/tagging/ (the tagger's labels) is not read by the build
            path.unlink()
    project_copy.write("data/themes.yml", yaml.safe_dump(themes, allow_unicode=True, sort_keys=False))
    project_copy.write("transcripts/sample-interview.md", SAMPLE)
    return project_copy


def _seed_previous_output(project_copy) -> None:
    """Stand-in for the output of an earlier successful build, which must survive."""
    project_copy.write("out/.kb-build", "marker of a kb build folder\n")
    project_copy.write("out/index.md", "previous build\n")
    project_copy.write("out/interviews/old.md", "previous page\n")


def assert_clean_failure(result, expected: tuple[str, ...]) -> None:
    assert result.code not in (0, 99), result.output
    assert "Traceback" not in result.output
    for pattern in expected:
        assert re.search(pattern, result.output), f"{pattern!r} not in:\n{result.output}"
    assert re.search(r"\d+ problem\(s\) found", result.stderr)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_reported_and_changes_nothing(small_project, name: str) -> None:
    project_copy = small_project
    case = CASES[name]
    if name not in ("duplicate slug", "duplicate person id"):
        (project_copy.root / "transcripts/sample-interview.md").unlink()
    for relative, data in case.files.items():
        project_copy.write(relative, data)
    _seed_previous_output(project_copy)
    before = (project_copy.tree_digest("out"), project_copy.tree_digest("docs"))

    assert_clean_failure(project_copy.kb("check"), case.expected)
    assert_clean_failure(project_copy.kb("build", "--out", "out"), case.expected)

    assert (project_copy.tree_digest("out"), project_copy.tree_digest("docs")) == before
    assert not [p.name for p in project_copy.root.iterdir() if p.name.startswith(".out")]


def test_the_small_project_itself_is_valid(small_project) -> None:
    """Without this, every case above could pass because the sample was already broken."""
    assert small_project.kb("check").code == 0
    result = small_project.kb("build", "--out", "out")
    assert result.code == 0, result.output
    assert (small_project.root / "out" / "kb.json").is_file()


def test_the_sample_is_valid_in_the_full_project(project_copy, memoised_tagging) -> None:
    project_copy.write(BAD, SAMPLE)
    result = project_copy.kb("check")
    assert result.code == 0, result.output


def test_all_problems_of_a_run_are_reported_together(project_copy, memoised_tagging) -> None:
    project_copy.write("transcripts/a-empty.md", b"")
    project_copy.write("transcripts/b-date.md", sample(('date: "2024-05-01"', "date: yesterday"),
                                                       ("slug: sample-interview", "slug: b-date")))
    project_copy.write("transcripts/c-two-problems.md", sample(
        ("slug: sample-interview", "slug: c-two-problems"), ("format: article", "format: pdf"),
        ('url: "https://example.org/sample-interview"', 'url: "ftp://example.org/x"')))
    result = project_copy.kb("check")
    assert result.code == 1
    for pattern in (r"transcripts/a-empty\.md: file is empty",
                    r"transcripts/b-date\.md:4: \[date\] 'yesterday' is not a date",
                    r"transcripts/c-two-problems\.md:6: \[format\] 'pdf' is not one of",
                    r"transcripts/c-two-problems\.md:9: \[source/url\] 'ftp://example\.org/x' is not an http"):
        assert re.search(pattern, result.stderr), pattern
    assert "4 problem(s) found." in result.stderr


def test_each_missing_field_is_reported_once() -> None:
    from kb.frontmatter_loader import parse_transcript

    _, problems = parse_transcript(b"---\nnotes: []\n---\nbody\n", Path("x.md"))
    missing = [p.field for p in problems if p.message.startswith("missing required field")]
    assert missing == transcript_schema()["required"]


def test_the_real_command_line_prints_no_traceback(project_copy) -> None:
    """The console script itself, in a subprocess: messages on stderr, exit 1."""
    project_copy.write(BAD, _YAML_ERROR)
    result = project_copy.run("kb", "check")
    assert result.code == 1
    assert "Traceback" not in result.output
    assert re.search(rf"^error: {BAD}:18:14: YAML syntax error", result.stderr, re.MULTILINE)


@pytest.mark.parametrize("data", [b"---\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n---\nbody\n",
                                  b"---\n1: x\n[a]: y\n---\nbody\n"], ids=["deep nesting", "odd keys"])
def test_pathological_yaml_is_a_message_not_a_crash(project_copy, data: bytes) -> None:
    project_copy.write(BAD, data)
    result = project_copy.kb("check")
    assert result.code == 1 and "Traceback" not in result.output
    assert BAD in result.stderr


def test_size_limit_is_documented() -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "contributing.md").read_text("utf-8")
    assert f"{MAX_FILE_BYTES // (1024 * 1024)} MB" in guide and "MAX_FILE_BYTES" in guide




def test_themes_override_is_validated_by_kb_check_and_applied(small_project):
    from kb.corpus import load_corpus

    first = load_corpus(small_project.root).interviews[0].paragraphs[0]
    assert first.themes  # the sample's first paragraph has tagged themes, so [] is a change
    with_override = SAMPLE.replace("\nquotes:", f"\nthemes_override:\n  {first.id}: []\nquotes:", 1)
    small_project.write("transcripts/sample-interview.md", with_override)
    assert small_project.kb("check").code == 0
    assert load_corpus(small_project.root).interviews[0].paragraphs[0].themes == ()

    unknown = SAMPLE.replace("\nquotes:", "\nthemes_override:\n  p-0000000: [roles]\nquotes:", 1)
    small_project.write("transcripts/sample-interview.md", unknown)
    assert_clean_failure(small_project.kb("check"),
                         ((r"sample-interview\.md.*themes_override names 'p-0000000', which is not "
                           r"a paragraph of this interview"),))
    bad_theme = SAMPLE.replace("\nquotes:", f"\nthemes_override:\n  {first.id}: [astrology]\nquotes:", 1)
    small_project.write("transcripts/sample-interview.md", bad_theme)
    assert_clean_failure(small_project.kb("check"), (r"themes_override", r"astrology"))
