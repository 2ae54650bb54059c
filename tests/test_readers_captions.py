import pytest
from helpers import FIXTURES, ROOT, texts
from kb.errors import KBError
from kb.frontmatter_loader import load_transcript
from kb.readers.captions import parse_stamp, read_captions


def test_stamps_minutes_and_hours():
    assert parse_stamp("0:05") == 5
    assert parse_stamp("1:02") == 62
    assert parse_stamp("1:02:03") == 3723
    assert parse_stamp("12:60") is None
    assert parse_stamp("1:75:00") is None


def test_crlf_bom_trailing_spaces_empty_lines_and_stamp_only_lines():
    body = (FIXTURES / "readers" / "crlf-bom.captions.txt").read_bytes().decode("utf-8")
    result = read_captions(body, name="x.md", body_line=10)
    # "0:05" alone carries no words and is skipped; the BOM and CR are gone.
    assert texts(result) == ["[Music]", "uh hello everyone i think", "one hour in um we talk about mlops"]
    assert [s.start_seconds for s in result.segments] == [0, 2, 3723]
    assert [s.line for s in result.segments] == [10, 11, 14]


def test_malformed_stamps_are_reported_with_lines():
    body = "0:01 fine\n0:7 short seconds\nno stamp here\n0:09 fine again\n"
    with pytest.raises(KBError) as err:
        read_captions(body, name="bad.md", body_line=5)
    messages = [str(p) for p in err.value.problems]
    assert messages[0].startswith("bad.md:6: [body] malformed timestamp")
    assert messages[1].startswith("bad.md:7: [body] line without a timestamp")


def test_timestamps_going_backwards_are_reported():
    with pytest.raises(KBError, match="goes backwards"):
        read_captions("0:10 a\n0:05 b\n", name="x.md")


def test_each_problem_names_its_own_line():
    """Not the body's first line, nor one line for all: each problem where it is."""
    body = "0:01 fine\n\n0:10 ten\n0:05 back in time\n0:20 fine\n0:2x broken\n"
    with pytest.raises(KBError) as err:
        read_captions(body, name="bad.md", body_line=31)
    assert [(p.line, p.message.split(":")[0]) for p in err.value.problems] == [
        (34, "timestamp goes backwards (0"), (36, "malformed timestamp")]


def test_seed_captions():
    source, problems = load_transcript(ROOT / "transcripts" / "misra-turp-datatalks-club-work-and-expectations.md")
    assert not problems
    result = read_captions(source.body, name="x", body_line=source.body_line)
    assert len(result.segments) > 1800
    assert result.segments[0].text.startswith("hello everyone welcome to our event")
    assert result.segments[0].line == source.body_line
    assert max(s.start_seconds for s in result.segments) > 3600  # h:mm:ss stamps at the end
