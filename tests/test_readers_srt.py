import pytest
from helpers import FIXTURES
from kb.errors import KBError
from kb.readers import detect_format
from kb.readers.srt_reader import read_srt


def test_cues_labels_and_times():
    body = (FIXTURES / "readers" / "sample.srt").read_text("utf-8")
    result = read_srt(body, name="x.srt", body_line=3)
    assert [(s.speaker, s.text, s.start_seconds) for s in result.segments] == [
        ("Ada", "Hello and welcome.", 1.0),
        (None, "This line has no label.", 3.5),
        ("Grace", "Goodbye.", 3723.4),
    ]
    assert [s.line for s in result.segments] == [4, 8, 12]


def test_crlf_and_bom():
    body = "\ufeff" + (FIXTURES / "readers" / "sample.srt").read_text("utf-8").replace("\n", "\r\n")
    assert len(read_srt(body, name="x.srt").segments) == 3


def test_malformed_srt_names_the_line():
    body = "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:0x,000 --> 00:00:04,000\nbroken\n"
    with pytest.raises(KBError) as err:
        read_srt(body, name="bad.srt")
    assert "malformed SRT" in str(err.value)
    assert err.value.problems[0].line == 6  # the timing line that does not parse


def test_malformed_srt_line_counts_from_the_body_line():
    body = ("1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03,000 --> 00:00:04,000\nfine\n\n"
            "3\n00:00:0x,000 --> 00:00:06,000\nbroken\n")
    with pytest.raises(KBError) as err:
        read_srt(body, name="bad.srt", body_line=20)
    assert str(err.value).startswith("bad.srt:29: [body] malformed SRT near '00:00:0x,000 --> 00:00:06,000'")


def test_detected():
    assert detect_format((FIXTURES / "readers" / "sample.srt").read_text("utf-8"))[0] == "srt"
