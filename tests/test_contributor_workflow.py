"""A contributor's path end to end: raw file -> `kb new` -> fill in -> `kb check` -> strict build.

Also: the scaffold explains every schema field, `kb new` never overwrites or accepts a raw
file the build would reject, a failed build loses nothing, removed transcripts leave no
stale pages, and `mkdocs build` fails with the same messages as `kb check`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from helpers import fill_in
from kb.frontmatter_loader import transcript_schema
from kb.scaffold import describe, scaffold_transcript

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "contributing"
VTT = (FIXTURES / "talk.vtt").read_bytes()
SRT = (FIXTURES / "talk.srt").read_bytes()
SAMPLE = (FIXTURES / "sample-interview.md").read_text("utf-8")


def _speaker_kinds(kinds: dict[str, str]):
    def apply(meta: dict) -> None:
        for speaker in meta["speakers"]:
            speaker["kind"] = kinds[speaker["id"]]
    return apply


def test_new_check_and_strict_build_on_webvtt_and_srt(project_copy) -> None:
    project_copy.write("raw/talk.vtt", VTT)
    project_copy.write("raw/talk.srt", SRT)

    made = project_copy.kb("new", "raw/talk.vtt", "--title", "Tomas Tag on his first year")
    assert made.code == 0, made.output
    assert "wrote transcripts/tomas-tag-on-his-first-year.md" in made.stdout
    assert "format: webvtt (the first line is WEBVTT)" in made.stdout
    assert "speakers found in the text: Vera Voice, Tomas Tag" in made.stdout
    made = project_copy.kb("new", "raw/talk.srt", "--slug", "piet-parse-physics-to-ml", "--title",
                           "Piet Parse: from physics to machine learning")
    assert made.code == 0, made.output
    assert "format: srt (numbered cues" in made.stdout

    # Untouched templates fail, pointing at what is left to fill in.
    unfilled = project_copy.kb("check")
    assert unfilled.code == 1
    for field in ("date", "source/publisher", "speakers/0/kind", "summary"):
        assert "transcripts/tomas-tag-on-his-first-year.md:" in unfilled.stderr
        assert re.search(rf"tomas-tag-on-his-first-year\.md:\d+: \[{field}\]", unfilled.stderr), field

    vtt_path = project_copy.root / "transcripts" / "tomas-tag-on-his-first-year.md"
    fill_in(vtt_path, VTT, date="2024-03-01", source={"publisher": "Test Podcast", "kind": "podcast"},
            speakers=_speaker_kinds({"vera-voice": "host", "tomas-tag": "guest"}),
            summary="Tomas Tag looks back on his first year as a data scientist.",
            quotes=[{"id": "tomas-tag-cleaning-is-the-job", "text": "cleaning data is most of the job",
                     "speaker": "tomas-tag", "themes": ["expectations"]}])
    srt_path = project_copy.root / "transcripts" / "piet-parse-physics-to-ml.md"
    fill_in(srt_path, SRT, date="2023", source={"publisher": "Test Meetup", "kind": "talk"},
            speakers=_speaker_kinds({"sara-subtitle": "host", "piet-parse": "guest"}),
            summary="Piet Parse explains how he moved from physics simulations into machine learning.",
            quotes=[{"text": "how to deploy a model and keep it working in production",
                     "speaker": "piet-parse", "themes": ["mlops"]}])

    checked = project_copy.kb("check")
    assert checked.code == 0, checked.output
    site = project_copy.root.parent / "site"
    built = project_copy.mkdocs_build(site, strict=True)
    assert built.code == 0, built.output
    published = json.loads((site / "schema" / "transcript.json").read_text("utf-8"))
    assert published == transcript_schema()
    kb_json = json.loads((site / "kb.json").read_text("utf-8"))
    quotes = {q["id"]: q for i in kb_json["interviews"] for q in i["quotes"]}
    assert quotes["tomas-tag-cleaning-is-the-job"]["speaker"] == "tomas-tag"
    pages = "\n".join(p.read_text("utf-8") for p in site.rglob("*.html")
                      if "tomas-tag-on-his-first-year" in str(p) or "piet-parse-physics-to-ml" in str(p))
    assert "cleaning data is most of the job" in pages
    assert "keep it working in production" in pages


def test_new_from_nothing_then_check_says_what_is_missing(project_copy) -> None:
    made = project_copy.kb("new", "--slug", "my-new-interview")
    assert made.code == 0, made.output
    assert "format: not set" in made.stdout
    path = project_copy.root / "transcripts" / "my-new-interview.md"
    assert path.read_text("utf-8").endswith("\n---\n")
    checked = project_copy.kb("check")
    assert checked.code == 1
    assert re.search(r"my-new-interview\.md:\d+: \[body\] the body .* is empty", checked.stderr)
    assert re.search(r"my-new-interview\.md:\d+: \[title\] must not be empty", checked.stderr)


def test_new_never_overwrites(project_copy) -> None:
    project_copy.write("raw/talk.vtt", VTT)
    assert project_copy.kb("new", "raw/talk.vtt", "--slug", "sample").code == 0
    path = project_copy.root / "transcripts" / "sample.md"
    path.write_bytes(path.read_bytes() + b"\n")  # the contributor's edits
    before = path.read_bytes()
    again = project_copy.kb("new", "raw/talk.vtt", "--slug", "sample")
    assert again.code == 1
    assert "transcripts/sample.md: already exists; kb new never overwrites a file" in again.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(("raw", "message"), [
    (b"caf\xe9 au lait\n", r"raw/in\.txt:1: not valid UTF-8: byte 0xe9 at offset 3"),
    (b"0:01 hello\n0:7x broken\n0:09 fine\n0:12 fine\n", r"raw/in\.txt:2: \[body\] malformed timestamp"),
    (SAMPLE.encode(), r"raw/in\.txt:1: already starts with front matter"),
], ids=["not UTF-8", "malformed captions", "already a transcript"])
def test_new_refuses_a_raw_file_the_build_would_reject(project_copy, raw: bytes, message: str) -> None:
    project_copy.write("raw/in.txt", raw)
    args = ["new", "raw/in.txt", "--slug", "x"] + (["--format", "captions"] if b"0:01" in raw else [])
    result = project_copy.kb(*args)
    assert result.code == 1 and "Traceback" not in result.output
    assert re.search(message, result.stderr), result.stderr
    assert not (project_copy.root / "transcripts" / "x.md").exists()


def _schema_fields(schema: dict, prefix: str = "") -> list[tuple[str, dict]]:
    defs = transcript_schema()["$defs"]
    out = []
    for name, prop in schema.get("properties", {}).items():
        out.append((prefix + name, prop))
        resolved = defs[prop["$ref"].rpartition("/")[2]] if "$ref" in prop else prop
        out += _schema_fields(resolved, f"{prefix}{name}.")
        out += _schema_fields(resolved.get("items", {}), f"{prefix}{name}[].")
    return out


def test_every_schema_field_is_described_and_explained_in_the_template() -> None:
    text = scaffold_transcript(None, slug="x").text.decode()
    comments = " ".join(line.strip().lstrip("#").strip() for line in text.splitlines()
                        if line.strip().startswith("#"))
    fields = _schema_fields(transcript_schema())
    assert len(fields) > 30
    for path, prop in fields:
        description = describe(prop)
        assert description, f"{path} has no description in schema/transcript.json"
        assert " ".join(description.split()) in comments, path


def test_scaffold_keeps_the_raw_bytes_and_escapes_labels() -> None:
    raw = b'WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v A "quoted": name>Hello: there #1\r\n'
    made = scaffold_transcript(raw, slug="x")
    assert made.text.endswith(raw)
    meta = yaml.safe_load(made.text.decode().split("\n---\n")[0].removeprefix("---\n"))
    assert meta["speakers"][0]["name"] == 'A "quoted": name'


# --- nothing is lost ---------------------------------------------------------------------------

def test_failed_build_keeps_the_previous_output_and_removed_pages_disappear(project_copy,
                                                                          memoised_tagging) -> None:
    project_copy.write("transcripts/sample-interview.md", SAMPLE)
    first = project_copy.kb("build", "--out", "out")
    assert first.code == 0, first.output
    good = project_copy.tree_digest("out")
    assert any("sample-interview" in path for path in good)

    project_copy.write("transcripts/sample-interview.md", SAMPLE.replace("format: article", "format: pdf"))
    failed = project_copy.kb("build", "--out", "out")
    assert failed.code == 1
    assert project_copy.tree_digest("out") == good
    assert sorted(p.name for p in project_copy.root.iterdir() if p.name.startswith(".out")) == []

    (project_copy.root / "transcripts" / "sample-interview.md").unlink()
    again = project_copy.kb("build", "--out", "out")
    assert again.code == 0, again.output
    after = project_copy.tree_digest("out")
    assert not [path for path in after if "sample-interview" in path]
    assert "sample-interview" not in (project_copy.root / "out" / "kb.json").read_text("utf-8")


@pytest.mark.parametrize(("out", "message"), [
    ("docs", "refusing to write into the project's docs/ folder"),
    ("docs/generated", "refusing to write into the project's docs/ folder"),
    ("transcripts", "refusing to write into the project's transcripts/ folder"),
    ("data", "refusing to write into the project's data/ folder"),
    (".", "refusing to replace the project folder"),
    ("notes", "exists and was not made by `kb build`; refusing to replace it"),
])
def test_build_never_replaces_a_folder_it_did_not_make(project_copy, out: str, message: str) -> None:
    project_copy.write("notes/todo.txt", "my own notes\n")
    before = {name: project_copy.tree_digest(name) for name in ("docs", "transcripts", "data", "notes")}
    result = project_copy.kb("build", "--out", out)
    assert result.code == 1 and "Traceback" not in result.output
    assert message in result.stderr, result.stderr
    assert {name: project_copy.tree_digest(name) for name in before} == before


# --- the same messages from mkdocs build ----------------------------------------------------------

@pytest.mark.parametrize(("edit", "message"), [
    (('summary: "A short made-up interview used by the tests of the contributor workflow."',
      "summary: Note: a colon"), r"transcripts/bad\.md:18:14: YAML syntax error in front matter"),
    (('text: "learn SQL before you learn deep learning"', 'text: "learn Rust before you learn deep learning"'),
     r"transcripts/bad\.md:21: \[quotes/0/text\] quote not found in the transcript"),
], ids=["YAML syntax error", "quote not found"])
def test_mkdocs_build_fails_cleanly_with_the_same_message(project_copy, edit, message: str) -> None:
    project_copy.write("transcripts/bad.md", SAMPLE.replace(*edit))
    docs_before = project_copy.tree_digest("docs")
    result = project_copy.mkdocs_build(project_copy.root.parent / "site", strict=True)
    assert result.code != 0
    assert "Traceback" not in result.output
    assert re.search(message, result.output), result.output
    assert project_copy.tree_digest("docs") == docs_before


def test_the_guides_worked_example_passes_kb_check(project_copy, memoised_tagging) -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "contributing.md").read_text("utf-8")
    start = guide.index("```yaml\n---\n") + len("```yaml\n")
    front = guide[start: guide.index("---\nWEBVTT", start) + len("---\n")]
    project_copy.write("transcripts/tomas-tag-on-his-first-year-as-a-data-scientist.md",
                       front.encode("utf-8") + VTT)
    result = project_copy.kb("check")
    assert result.code == 0, result.output


def test_the_guides_rejected_elision_gets_the_messages_the_guide_shows(project_copy, memoised_tagging) -> None:
    """docs/contributing.md, "Quoting with an elision": its accepted quote is the worked
    example's; its rejected one fails `kb check` with exactly the lines printed there."""
    guide = (Path(__file__).resolve().parent.parent / "docs" / "contributing.md").read_text("utf-8")
    start = guide.index("```yaml\n---\n") + len("```yaml\n")
    front = guide[start: guide.index("---\nWEBVTT", start) + len("---\n")]
    section = guide[guide.index("## Quoting with an elision"): guide.index("## What CI checks")]
    accepted, rejected = re.findall(r'^    text: "([^"]*)"$', section, flags=re.MULTILINE)
    assert f'text: "{accepted}"' in front
    shown = section[section.index("$ kb check\n") + len("$ kb check\n"):]
    shown = shown[: shown.index("```")].splitlines()
    project_copy.write("transcripts/tomas-tag-on-his-first-year-as-a-data-scientist.md",
                       front.replace(accepted, rejected).encode("utf-8") + VTT)
    result = project_copy.kb("check")
    assert result.code == 1
    assert result.output.strip().splitlines() == shown


def test_kb_build_out_is_the_complete_page_set(tmp_path):
    """Another renderer can be pointed at the folder: hand-written pages come along, with
    their generated parts (theme cards, interview list, sources) filled in."""
    from kb.build import write_site_sources

    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "pages"
    write_site_sources(root, out)
    for page in ("index.md", "about.md", "contributing.md", "themes/mlops.md", "kb.json"):
        assert (out / page).is_file(), page
    home = (out / "index.md").read_text("utf-8")
    assert "<!-- kb:" not in home
    assert "interviews/2020-02-11-leo-souquet-aws-ml-podcast.md" in home
    assert (root / "docs" / "index.md").read_text("utf-8").count("<!-- kb:") >= 1  # source untouched


def test_failed_mkdocs_build_keeps_the_previous_site(project_copy, tmp_path):
    """The hook reads the sources before MkDocs empties the site folder."""
    site = tmp_path / "previous-site"
    assert project_copy.mkdocs_build(site, strict=False).code == 0
    before = project_copy.tree_digest(site)
    transcript = min((project_copy.root / "transcripts").glob("*.md"))
    transcript.write_text(transcript.read_text("utf-8").replace("\ntitle:", "\ntitel:", 1), "utf-8")
    result = project_copy.mkdocs_build(site, strict=False)
    assert result.code != 0
    assert "Traceback" not in result.output and "[title] missing required field" in result.output
    assert project_copy.tree_digest(site) == before
