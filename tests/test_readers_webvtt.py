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


def test_malformed_cue_timings_are_reported_on_their_own_lines():
    body = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:0x.000 --> 00:00:04.000\nbroken\n\n"
            "00:00:05.000 --> 00:00:06.000\nfine\n\n00:00:07.000 --> 00:00:08\nbroken too\n")
    with pytest.raises(KBError) as err:
        read_webvtt(body, name="bad.vtt", body_line=40)
    assert [p.line for p in err.value.problems] == [45, 51]
    assert "'00:00:0x.000 --> 00:00:04.000'" in err.value.problems[0].message


def test_a_file_that_is_not_webvtt_is_reported_on_its_first_line():
    with pytest.raises(KBError) as err:
        read_webvtt("00:00:01.000 --> 00:00:02.000\nno header\n", name="bad.vtt", body_line=12)
    assert err.value.problems[0].line == 12


def test_detected():
    assert detect_format((FIXTURES / "readers" / "voices.vtt").read_text("utf-8"))[0] == "webvtt"
