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
    assert err.value.problems[0].line is not None


def test_detected():
    assert detect_format((FIXTURES / "readers" / "sample.srt").read_text("utf-8"))[0] == "srt"
