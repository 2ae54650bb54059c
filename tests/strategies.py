"""Hypothesis strategies for untrusted transcript text, shared by tests/test_properties_*.py.

Transcripts come from strangers: these strategies draw what a careless or hostile
contributor could paste - any Unicode (accents, ø, emoji, right-to-left and zero-width
marks, NUL, lone surrogates, line and paragraph separators), very long lines, CRLF and lone
CR line ends, a BOM, and timing lines of every shape (captions, WebVTT, SRT) with absurd
numbers in them.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded and reproducible: CI must give the same verdict on every run (derandomize) and
# stay fast; no deadline because a first call may import or compile regexes.
PROPERTY_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

# Characters that have broken text pipelines before, next to ordinary letters.
TRICKY_CHARS = [
    "é", "É", "ø", "Ø", "å", "ß", "ﬁ", "İ", "ǅ", "e\u0301", "n\u0303",  # accents, ligature, combining
    "😀", "👩🏽‍💻", "🇫🇷",  # emoji, skin tone + ZWJ sequence, flag
    "\u200f", "\u200e", "\u202e", "\u2067", "\u2069",  # right-to-left / bidi controls
    "\u200b", "\u200d", "\ufeff", "\u00ad",  # zero-width, BOM, soft hyphen
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\x0b", "\x0c",  # controls, separators
    "\ud800", "\udfff",  # lone surrogates: a str may hold them, UTF-8 cannot
    "\u00a0", "\u3000", "\t",  # unusual spaces
    "ا", "ש", "中", "ä½",  # Arabic, Hebrew, CJK, mojibake
]
PUNCTUATION = list(".,;:!?…'’\"«»“”()[]{}<>-–—/\\#*_`|~&%$@=+^")
WORDS = ["so", "data", "I", "i", "i'm", "uh", "um", "mm-hmm", "uh-huh", "Transcript", "Tags", "WEBVTT",
         "NOTE", "STYLE", "Speaker:", "Bob:", "<v Bob>", "</v>", "<b>", "[Music]", "(laughs)",
         "[…]", "...", "-->", "Music", "Ørsted", "François"]

tricky_char = st.one_of(st.characters(), st.sampled_from(TRICKY_CHARS), st.sampled_from(PUNCTUATION))
# Free text: fully arbitrary, or words and tricky characters stuck together.
free_text = st.one_of(
    st.text(),
    st.lists(tricky_char, max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(WORDS), tricky_char, st.just(" ")), max_size=40).map("".join),
)

digits = st.one_of(st.integers(0, 99).map(str), st.integers(0, 10**25).map(str),
                   st.integers(0, 9).map(lambda n: f"{n:02d}"), st.just(""))
stamp = st.builds(
    lambda parts, seps, frac: "".join(p + s for p, s in zip(parts, seps, strict=False)) + frac,
    st.lists(digits, min_size=1, max_size=4),
    st.lists(st.sampled_from([":", ":", ".", ",", ";", " "]), min_size=4, max_size=4),
    st.one_of(st.just(""), digits.map(lambda d: "." + d), digits.map(lambda d: "," + d)),
)
arrow = st.sampled_from([" --> ", "-->", " -> ", " —> ", " --> --> ", "\t-->\t"])
timing_line = st.builds(lambda a, arr, b, rest: a + arr + b + rest, stamp, arrow, stamp,
                        st.sampled_from(["", " align:start", " position:10%", " x"]))
caption_line = st.builds(lambda s, t: f"{s} {t}", stamp, free_text)
srt_cue = st.builds(lambda n, t, text: f"{n}\n{t}\n{text}\n", digits, timing_line, free_text)
vtt_cue = st.builds(lambda t, text: f"{t}\n{text}\n", timing_line, free_text)
very_long_line = st.builds(lambda chunk, n: chunk * n, st.sampled_from(["word ", "a", "x" * 7 + ". ", "[", "😀", " "]),
                           st.integers(2_000, 20_000))

any_line = st.one_of(free_text, caption_line, timing_line, digits, st.sampled_from(WORDS), st.just(""))


def _join(lines: list[str], newline: str, bom: bool) -> str:
    return ("\ufeff" if bom else "") + newline.join(lines)


newline = st.sampled_from(["\n", "\r\n", "\r", "\n\n"])
# Bodies shaped like each raw format (so the parsers get past their first check) and shapeless.
body = st.one_of(
    free_text,
    st.builds(_join, st.lists(any_line, max_size=30), newline, st.booleans()),
    st.builds(_join, st.lists(caption_line, max_size=30), newline, st.booleans()),
    st.builds(lambda cues, nl, bom: _join(["WEBVTT", ""] + cues, nl, bom),
              st.lists(vtt_cue, max_size=8), newline, st.booleans()),
    st.builds(lambda cues, nl, bom: _join(cues, nl, bom), st.lists(srt_cue, max_size=8), newline, st.booleans()),
    st.builds(lambda head, lines, nl: _join(head + ["Transcript", ""] + lines, nl, False),
              st.lists(free_text, max_size=4), st.lists(any_line, max_size=6), newline),
    st.builds(lambda lines, nl: _join([f"{w} {t}" for w, t in lines], nl, False),
              st.lists(st.tuples(st.sampled_from(["Bob:", "Ann Lee:", "Q:", "Ørsted:"]), free_text), max_size=8),
              newline),
    st.builds(lambda a, long, b: a + long + b, free_text, very_long_line, free_text),
)
