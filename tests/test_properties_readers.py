"""Property tests: every reader, format detection and the whole loader survive any input.

Whatever a contributor pastes, the pipeline answers with its own ``KBError`` (one readable
problem per mistake) or a result - never another exception, which would reach the
contributor as a traceback.
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from kb.corpus import load_interview
from kb.errors import KBError, Problem, Problems
from kb.frontmatter_loader import parse_transcript
from kb.models import ReadResult
from kb.readers import READERS, detect_format
from strategies import PROPERTY_SETTINGS, body, free_text, newline

NAME = "transcripts/t.md"


def _read(fmt: str, text: str, body_line: int) -> ReadResult | KBError:
    try:
        return READERS[fmt].read(text, name=NAME, body_line=body_line)
    except KBError as exc:  # the one allowed failure; anything else fails the test
        return exc


@pytest.mark.parametrize("fmt", sorted(READERS))
@PROPERTY_SETTINGS
@given(text=body, body_line=st.integers(1, 500))
# Found by this test: an SRT timing with a 20-digit hour overflowed timedelta (OverflowError).
@example(text="1\n99999999999999999999:00:00,000 --> 00:00:01,000\nhi\n", body_line=1)
def test_reader_returns_segments_or_raises_kberror_only(fmt: str, text: str, body_line: int) -> None:
    result = _read(fmt, text, body_line)
    if isinstance(result, KBError):
        assert result.problems, "a KBError must carry at least one problem"
        for problem in result.problems:
            assert isinstance(problem, Problem)
            assert problem.file == NAME
            assert problem.line is None or problem.line >= body_line
            assert str(problem)  # printable: the CLI shows it
        return
    assert isinstance(result, ReadResult)
    last_line = body_line + len(text.splitlines()) + 1
    for segment in result.segments:
        assert segment.text.strip(), "a segment carries words, not blanks"
        assert body_line <= segment.line <= last_line, "line numbers point into the file"
        if segment.start_seconds is not None:
            assert math.isfinite(segment.start_seconds) and segment.start_seconds >= 0
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.header.items())


@PROPERTY_SETTINGS
@given(text=body)
def test_detect_format_names_a_registered_reader_and_says_why(text: str) -> None:
    fmt, reason = detect_format(text)
    assert fmt in READERS
    assert isinstance(reason, str) and reason


@PROPERTY_SETTINGS
@given(text=body)
def test_reading_is_deterministic(text: str) -> None:
    fmt, _ = detect_format(text)
    first, second = _read(fmt, text, 1), _read(fmt, text, 1)
    if isinstance(first, KBError):
        assert isinstance(second, KBError) and first.problems == second.problems
    else:
        assert first == second


@PROPERTY_SETTINGS
@given(text=body, nl=newline)
def test_line_ends_do_not_change_the_words(text: str, nl: str) -> None:
    """CRLF or LF: a file saved on Windows reads as the same words."""
    unix = text.replace("\r\n", "\n").replace("\r", "\n")
    fmt, _ = detect_format(unix)
    a, b = _read(fmt, unix, 1), _read(fmt, unix.replace("\n", "\r\n"), 1)
    if isinstance(a, KBError) or isinstance(b, KBError):
        assert isinstance(a, KBError) == isinstance(b, KBError)
        return
    assert [s.text for s in a.segments] == [s.text for s in b.segments]


# --- the whole loader: bytes of a file -> source and problems, never an exception ----------

_VALID_FRONT_MATTER = """---
slug: hostile
title: A title
date: 2020-01-01
language: en
format: {fmt}
source:
  publisher: Someone
speakers:
  - id: ann-lee
    name: Ann Lee
    kind: guest
  - id: bob
    name: Bob
    kind: host
summary: A summary.
turns:
  - speaker: bob
    starts: {starts}
quotes:
  - text: {quote}
    speaker: ann-lee
    themes: [roles]
---
"""

def _yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (escapes everything YAML cannot hold raw)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or 0x7f <= code <= 0x9f or 0xd800 <= code <= 0xdfff or ch in "\u2028\u2029\ufeff":
            out.append(f"\\u{code:04x}" if code > 0xff else f"\\x{code:02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


raw_bytes = st.one_of(
    st.binary(max_size=2000),
    free_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from([b"---\n", b"---\r\n", b"\xef\xbb\xbf---\n", b""]), st.binary(max_size=300),
              st.sampled_from([b"\n---\n", b"---", b"\r\n---\r\n", b""]), st.binary(max_size=300)
              ).map(b"".join),
    st.tuples(free_text, free_text).map(
        lambda kv: f"---\n{kv[0]}: {kv[1]}\n---\nbody\n".encode("utf-8", "surrogatepass")),
    st.tuples(free_text, free_text).map(  # every value through YAML escapes, lone surrogates included
        lambda kv: f"---\n{_yaml_string(kv[0])}: {_yaml_string(kv[1])}\n---\nbody\n".encode()),
)


@PROPERTY_SETTINGS
@given(data=raw_bytes)
# Found: 5,000 nested '[' read fine with the C YAML parser, then the recursive field-line walk
# hit RecursionError.
@example(data=b"---\na: " + b"[" * 5000 + b"]" * 5000 + b"\n---\nbody\n")
@example(data=b"---\na: " + b"{a: " * 3000 + b"1" + b"}" * 3000 + b"\n---\nbody\n")
@example(data=b"---\na: " + b"[" * 120 + b"]" * 120 + b"\n---\nbody\n")
# Found: the Python YAML parser (the fallback) turns "\ud800" into a lone surrogate, which
# crashed `kb build` when the page was written and `kb check` when a message printed it.
@example(data=b'---\nsummary: "\\ud800 x"\n"\\udfff": 1\n---\nbody\n')
@example(data=b"---\n" + b"".join(b" " * i + b"a:\n" for i in range(300)) + b"---\nbody\n")
def test_parse_transcript_returns_problems_never_raises(data: bytes) -> None:
    source, problems = parse_transcript(data, Path(NAME))
    assert source is not None or problems, "an unusable file must say why"
    for problem in problems:
        assert isinstance(problem, Problem)
        str(problem).encode("utf-8")  # the CLI prints it: it must be real text
    if source is not None and not problems:
        json.dumps(source.meta, ensure_ascii=False).encode("utf-8")  # pages and kb.json are UTF-8


def test_absurd_bracket_nesting_is_rejected_quickly() -> None:
    """Both YAML parsers are quadratic in flow nesting: 100,000 '[' took 70 s to fail before
    the loader counted brackets first. A pull request must not stall CI."""
    started = time.perf_counter()
    for data in (b"---\na: " + b"[" * 100_000 + b"\n---\nbody\n",
                 b"---\na: " + b"[" * 400 + b"\n: :\n---\nbody\n"):
        source, problems = parse_transcript(data, Path(NAME))
        assert source is None and problems
    assert time.perf_counter() - started < 10


@PROPERTY_SETTINGS
@given(fmt=st.sampled_from(sorted(READERS)), text=body, starts=free_text, quote=free_text)
def test_load_interview_survives_any_body_and_any_quote(fmt: str, text: str, starts: str, quote: str) -> None:
    """Valid front matter over any body, with any turn and quote text: through every stage
    (reader, speaker labels, turns, paragraphs, quote matching, tagging) without a crash."""
    head = _VALID_FRONT_MATTER.format(fmt=fmt, starts=_yaml_string(starts or "x"), quote=_yaml_string(quote or "x"))
    data = head.encode("utf-8") + text.encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.md"
        path.write_bytes(data)
        problems = Problems()
        interview = load_interview(path, problems, [])
    assert interview is not None or problems.items, "a rejected transcript must say why"
    for problem in problems.items:
        assert isinstance(problem, Problem)
        str(problem).encode("utf-8")  # printable by the CLI
