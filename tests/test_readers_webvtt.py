import pytest
from helpers import FIXTURES
from kb.errors import KBError
from kb.readers import detect_format
from kb.readers.webvtt_reader import read_webvtt


def test_voice_tags_become_speaker_labels_and_tags_are_stripped():
    body = (FIXTURES / "readers" / "voices.vtt").read_text("utf-8")
    result = read_webvtt(body, name="x.vtt")
    assert [(s.speaker, s.text) for s in result.segments] == [
        ("Ada Lovelace", "Hello and welcome, I am Ada."),
        ("Grace Hopper", "Thanks Ada. Data science is mostly cleaning data, honestly."),
        ("Ada Lovelace", "One hour later we end."),
    ]
    assert [s.start_seconds for s in result.segments] == [1.0, 5.0, 3610.25]
    assert result.segments[0].line == 5  # the cue timing line


def test_crlf_and_bom_are_accepted():
    body = "\ufeff" + (FIXTURES / "readers" / "voices.vtt").read_text("utf-8").replace("\n", "\r\n")
    assert len(read_webvtt(body, name="x.vtt").segments) == 3


def test_malformed_webvtt_is_a_clear_error():
    with pytest.raises(KBError, match="malformed WebVTT"):
        read_webvtt("WEBVTT\n\n00:00:01.000 --> garbage\nHello\n", name="bad.vtt")


def test_detected():
    assert detect_format((FIXTURES / "readers" / "voices.vtt").read_text("utf-8"))[0] == "webvtt"
