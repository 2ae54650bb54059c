"""Each new raw shape end to end: `kb new` -> fill in -> `kb check --strict` -> `mkdocs build --strict`.

The fixtures are our own invented interviews written in the shape of a DataTalks.Club episode
page, Q&A Markdown and a Podcasting 2.0 JSON transcript (never anyone's real pages).
"""

from __future__ import annotations

import re

import pytest
from helpers import FIXTURES, fill_in

READERS = FIXTURES / "readers"
DATATALKS = (READERS / "datatalks-episode.md").read_bytes()
QA = (READERS / "qa-interview.md").read_bytes()
JSON = (READERS / "episode.json").read_bytes()

SUMMARY = ("An invented interview written for the knowledge base's own tests, in the shape of a real "
           "source. The guest describes a first job, the tools that came with it and the habits that "
           "made the work trustworthy: learning SQL properly, testing data, keeping models working "
           "after they ship, and showing results in a form colleagues can check for themselves. "
           "Nothing here is a real person's words; the file exists so that every raw shape the "
           "pipeline reads is tested from the raw file to the published page.")


def _kinds(kinds: dict[str, str]):
    def apply(meta: dict) -> None:
        for speaker in meta["speakers"]:
            speaker["kind"] = kinds.get(speaker["id"], speaker["kind"])
    return apply


def test_each_new_shape_from_raw_file_to_strict_build(project_copy) -> None:
    project_copy.write("raw/spreadsheets-to-pipelines.md", DATATALKS)
    project_copy.write("raw/analyst.md", QA)
    project_copy.write("raw/ops.json", JSON)

    made = project_copy.kb("new", "raw/spreadsheets-to-pipelines.md")
    assert made.code == 0, made.output
    assert "format: datatalks (the body starts with a DataTalks.Club episode page" in made.stdout
    assert "from the page: date: 2023-05-17 from 'dateadded'" in made.stdout
    assert "from the page: speaker 'Nora': guest 'noragrid', full name 'Nora Grid' from the page" in made.stdout
    assert "[Hana · 1:02] This week we talk about moving from spreadsheets to pipelines." in made.stdout
    datatalks = project_copy.root / "transcripts" / "spreadsheets-to-pipelines.md"
    assert datatalks.read_bytes().endswith(DATATALKS)

    made = project_copy.kb("new", "raw/analyst.md", "--slug", "fictional-analyst")
    assert made.code == 0, made.output
    assert "format: qa-markdown (3 paragraphs open with a 'Q:' question)" in made.stdout
    assert "fill in `qa:`" in made.stdout
    assert "[question (qa.asks) · no time] Can you tell us how you started?" in made.stdout

    made = project_copy.kb("new", "raw/ops.json", "--slug", "omar-ops-monitoring")
    assert made.code == 0, made.output
    assert "format: podcast-json" in made.stdout
    assert "speakers found in the text: Hana Host, Omar Ops" in made.stdout
    assert "[Omar Ops · 0:08] Thanks for having me." in made.stdout

    # What a contributor still writes by hand: summary, quotes, and who the Q&A speakers are.
    fill_in(datatalks, DATATALKS, summary=SUMMARY, quotes=[
        {"id": "nora-grid-trust", "text": "A pipeline that nobody trusts is worse than a spreadsheet",
         "speaker": "nora-grid", "themes": ["skills"]}])
    qa_path = project_copy.root / "transcripts" / "fictional-analyst.md"
    fill_in(qa_path, QA, title="Interview with a fictional analyst", date="2024", summary=SUMMARY,
            source={"publisher": "Test Blog", "kind": "article"},
            speakers=[{"id": "test-interviewer", "name": "Test Interviewer", "kind": "host"},
                      {"id": "fay-analyst", "name": "Fay Analyst", "kind": "guest"}],
            qa={"asks": "test-interviewer", "answers": "fay-analyst"},
            quotes=[{"id": "fay-analyst-version-control", "text": "why version control matters",
                     "speaker": "fay-analyst", "themes": ["skills"]}])
    json_path = project_copy.root / "transcripts" / "omar-ops-monitoring.md"
    fill_in(json_path, JSON, title="Omar Ops on monitoring", date="2024-06-01", summary=SUMMARY,
            source={"publisher": "Test Podcast", "kind": "podcast"},
            speakers=_kinds({"hana-host": "host", "omar-ops": "guest"}),
            quotes=[{"id": "omar-ops-watch-models", "text": "a model that nobody watches slowly stops being useful",
                     "speaker": "omar-ops", "themes": ["mlops"]}])

    checked = project_copy.kb("check", "--strict")
    assert checked.code == 0, checked.output
    site = project_copy.root.parent / "site"
    built = project_copy.mkdocs_build(site, strict=True)
    assert built.code == 0, built.output

    page = (site / "interviews" / "spreadsheets-to-pipelines" / "index.html").read_text("utf-8")
    assert "<strong>copying numbers between spreadsheets</strong>" in page
    assert "<em>why</em>" in page
    assert '<a href="https://example.org/nora/first-pipeline" rel="nofollow noopener">my blog</a>' in page
    assert "https://www.youtube.com/watch?v=dQw0test000&amp;t=80" in page  # the paragraph's second
    assert "Spreadsheets to Pipelines" not in page or "2023-05-17" in page
    qa_page = (site / "interviews" / "fictional-analyst" / "index.html").read_text("utf-8")
    assert re.search(r"<ul>\s*<li>how to write <strong>clear</strong> tickets</li>", qa_page)
    assert re.search(r"<ol>\s*<li>Morning: dashboards and <em>questions</em>", qa_page)
    for html in (page, qa_page):
        text = re.sub(r"<[^>]+>", " ", html)
        assert "**" not in text and "](" not in text and "{:target" not in text


@pytest.mark.parametrize(("name", "raw", "message"), [
    ("no-line.md", b"---\ntitle: T\ntranscript:\n- who: Ada\n  sec: 1\n---\n",
     r"raw/no-line\.md:4: \[body\] transcript entry 1 has no 'line'"),
    ("bad-sec.md", b"---\ntitle: T\ntranscript:\n- line: Hello there.\n  sec: soon\n  who: Ada\n---\n",
     r"raw/bad-sec\.md:4: \[body\] transcript entry 1: 'sec' is not a number \('soon'\)"),
    ("no-segments.json", b'{"version": "1.0.0", "chapters": []}\n',
     r"raw/no-segments\.json:1: \[body\] JSON without a 'segments' list"),
    ("huge.json", b'{"segments": []}' + b" " * (2 * 1024 * 1024), r"raw/huge\.json: file is 2,097,168 bytes; the limit is 2,097,152"),
], ids=["datatalks entry without line", "datatalks sec not a number", "json without segments", "over the size limit"])
def test_bad_raw_file_one_message_exit_1_nothing_written(project_copy, name: str, raw: bytes, message: str) -> None:
    project_copy.write(f"raw/{name}", raw)
    before = project_copy.tree_digest("transcripts")
    result = project_copy.kb("new", f"raw/{name}", "--slug", "bad-input")
    assert result.code == 1 and "Traceback" not in result.output
    assert re.search(message, result.stderr), result.stderr
    assert result.stderr.count("error:") == 1
    assert project_copy.tree_digest("transcripts") == before


def test_q_and_a_without_an_answering_speaker_is_one_clear_problem(project_copy) -> None:
    project_copy.write("raw/analyst.md", QA)
    assert project_copy.kb("new", "raw/analyst.md", "--slug", "fictional-analyst").code == 0
    path = project_copy.root / "transcripts" / "fictional-analyst.md"
    fill_in(path, QA, title="T", date="2024", summary=SUMMARY, source={"publisher": "Test Blog"},
            speakers=[{"id": "fay-analyst", "name": "Fay Analyst", "kind": "guest"}],
            qa=lambda meta: meta.pop("qa", None))
    result = project_copy.kb("check")
    assert result.code == 1 and "Traceback" not in result.output
    assert re.search(r"fictional-analyst\.md:\d+: \[qa\] Q&A body but no answering speaker declared", result.stderr)
    assert result.stderr.count("error:") == 1


@pytest.mark.parametrize(("raw", "name", "args"), [
    (FIXTURES / "contributing" / "talk.vtt", "first-year.vtt",
     ("--title", "Tomas Tag on his first year as a data scientist")),
    (READERS / "datatalks-episode.md", "spreadsheets-to-pipelines.md", ()),
], ids=["webvtt", "datatalks"])
def test_the_guide_shows_what_kb_new_prints_today(project_copy, raw, name: str, args: tuple[str, ...]) -> None:
    project_copy.write(name, raw.read_bytes())
    made = project_copy.kb("new", name, *args)
    assert made.code == 0, made.output
    guide = (FIXTURES.parent.parent / "docs" / "contributing.md").read_text("utf-8")
    assert f"```text\n{made.stdout}```" in guide, made.stdout
