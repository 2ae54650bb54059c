"""DataTalks.Club episode pages: the transcript list in the page's own front matter."""

from __future__ import annotations

import pytest
from helpers import FIXTURES
from kb.errors import KBError
from kb.readers import detect_format
from kb.readers.datatalks import imported_front_matter, read_datatalks

PAGE = (FIXTURES / "readers" / "datatalks-episode.md").read_text("utf-8")


def _page(transcript: str, below: str = "") -> str:
    return f"---\ntitle: An invented page\nguests:\n- adaguest\ndateadded: 2022-01-02\ntranscript:\n{transcript}---\n{below}"


def test_detected_with_the_keys_that_gave_it_away() -> None:
    fmt, reason = detect_format(PAGE)
    assert fmt == "datatalks"
    assert "DataTalks.Club episode page" in reason and "transcript" in reason


def test_lines_become_segments_with_speaker_start_and_section() -> None:
    result = read_datatalks(PAGE, name="p.md", body_line=10)
    first = result.segments[0]
    assert (first.speaker, first.start_seconds, first.heading) == ("Hana", 62.0, "Guest introduction")
    assert first.text == "This week we talk about moving from spreadsheets to pipelines."
    assert first.line == 10 + 25  # the '- line:' entry: line 26 of the page, which starts on line 10
    assert {s.heading for s in result.segments} == {"Guest introduction", "First job"}
    assert [s.start_seconds for s in result.segments if s.hard_break] == [62.0, 71.0, 75.0, 80.0, 141.0, 146.0]
    assert result.header["title"].startswith("From Spreadsheets to Pipelines")
    assert result.header["dateadded"] == "2023-05-17"
    # The Links section below the page's front matter is not part of the conversation.
    assert not any("website" in s.text for s in result.segments)


def test_page_without_a_list_is_read_as_q_and_a_markdown_below_its_front_matter() -> None:
    page = _page("", "\n**Q: What changed?**\n\nEverything, slowly.\n")
    result = read_datatalks(page, name="p.md", body_line=1)
    assert [(s.speaker, s.text, s.line) for s in result.segments] == [
        ("Q", "What changed?", 9), ("A", "Everything, slowly.", 11)]
    assert result.roles == {"Q": 9, "A": 11}


@pytest.mark.parametrize(("transcript", "message", "line"), [
    ("- who: Ada\n  sec: 5\n", "transcript entry 1 has no 'line' (nor a 'header')", 7),
    ("- line: Hello.\n  sec: soon\n  who: Ada\n", "transcript entry 1: 'sec' is not a number ('soon')", 7),
    ("- line: Hello.\n  sec: 1\n- 42\n", "transcript entry 2 is not a 'key: value' mapping", 9),
], ids=["no line", "sec not a number", "not a mapping"])
def test_bad_entries_name_their_line(transcript: str, message: str, line: int) -> None:
    with pytest.raises(KBError) as caught:
        read_datatalks(_page(transcript), name="p.md", body_line=1)
    problem = caught.value.problems[0]
    assert message in problem.message and problem.line == line, str(problem)


def test_page_yaml_errors_and_aliases_are_problems_not_tracebacks() -> None:
    for page in ("---\ntitle: [unclosed\ntranscript:\n---\n", "---\ntitle: &a x\nshort: *a\ntranscript: []\n---\n"):
        with pytest.raises(KBError) as caught:
            read_datatalks(page, name="p.md", body_line=3)
        assert caught.value.problems[0].line is not None and caught.value.problems[0].line >= 3


def test_imported_front_matter_states_only_what_the_page_says() -> None:
    values, said = imported_front_matter(PAGE, ("Hana", "Nora"))
    assert values["title"] == "From Spreadsheets to Pipelines: a Fictional Data Engineer's Path"
    assert values["short_title"] == "Spreadsheets to Pipelines"
    assert values["date"] == "2023-05-17" and "added" in values["date_note"]
    assert values["source"]["video_url"] == "https://www.youtube.com/watch?v=dQw0test000"
    assert values["source"]["url"].startswith("https://anchor.fm/")
    assert "open.spotify.com" in values["source"]["note"]
    assert values["tags"] == ["data engineering", "career change"]
    hana, nora = values["speakers"]
    # Nora is the guest 'noragrid' and the page's intro writes her full name; Hana is only a label.
    assert nora == {"id": "nora-grid", "name": "Nora Grid", "kind": "guest"}
    assert hana["name"] == "Hana" and hana["kind"] == "host" and "only as 'Hana'" in hana["name_note"]
    assert any("dateadded" in line for line in said)


def test_slips_in_who_and_a_missing_sec_are_read_as_the_page_means_them() -> None:
    page = _page("- line: One.\n  time: '1:05'\n  who: 'Ada.'\n"
                 "- line: Two.\n  sec: 70\n  who: I think this sentence was pasted into who by mistake\n")
    first, second = read_datatalks(page, name="p.md").segments
    assert (first.speaker, first.start_seconds) == ("Ada", 65.0)
    assert (second.speaker, second.start_seconds) == (None, 70.0)  # a sentence is not a speaker
