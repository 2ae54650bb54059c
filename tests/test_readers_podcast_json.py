"""Podcasting 2.0 JSON transcripts."""

from __future__ import annotations

import json

import pytest
from helpers import FIXTURES
from kb.errors import KBError
from kb.paragraphs import group_paragraphs
from kb.readers import detect_format
from kb.readers.podcast_json import read_podcast_json

BODY = (FIXTURES / "readers" / "episode.json").read_text("utf-8")


def test_detected_and_consecutive_segments_of_one_speaker_become_paragraphs() -> None:
    assert detect_format(BODY)[0] == "podcast-json"
    result = read_podcast_json(BODY, name="e.md", body_line=5)
    assert result.segments[0].line == 5 + 3  # the first segment's object is on the JSON's 4th line
    paragraphs, _ = group_paragraphs(list(result.segments), restore_case=False, names=())
    assert [(p.speaker, p.start_seconds) for p in paragraphs] == [
        ("Hana Host", 0.5), ("Omar Ops", 8.1), ("Hana Host", 25.0), ("Omar Ops", 29.0)]
    assert paragraphs[1].text.startswith("Thanks for having me. Most of my week")


@pytest.mark.parametrize(("body", "message", "line"), [
    ('{"version": "1.0.0"}', "JSON without a 'segments' list", 5),
    ('{"segments": [\n {"startTime": 1, "body": "a"},\n {"startTime": "soon", "body": "b"}\n]}',
     "segment 2: 'startTime' is not a number of seconds ('soon')", 7),
    ('{"segments": [\n {"startTime": 1}\n]}', "segment 1 has no 'body' text", 6),
    ('{"segments": [\n {"startTime": 1, "body": "a"},\n]}', "not valid JSON", 7),
], ids=["no segments", "startTime not a number", "no body", "syntax"])
def test_bad_json_names_the_line(body: str, message: str, line: int) -> None:
    with pytest.raises(KBError) as caught:
        read_podcast_json(body, name="e.md", body_line=5)
    problem = caught.value.problems[0]
    assert message in problem.message and problem.line == line, str(problem)


def test_word_level_segments_are_joined_into_sentences() -> None:
    words = [{"speaker": "Ada", "startTime": n * 0.4, "endTime": n * 0.4 + 0.3, "body": w}
             for n, w in enumerate(["Models", "need", "tests.", "They", "also", "need", "people."])]
    result = read_podcast_json(json.dumps({"version": "1.0.0", "segments": words}), name="e.md")
    paragraphs, _ = group_paragraphs(list(result.segments), restore_case=False, names=())
    assert [p.text for p in paragraphs] == ["Models need tests. They also need people."]
