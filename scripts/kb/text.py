"""The one text normaliser, shared by display cleaning, quote matching and tagging.

Two views of the same words:
- ``tokens(text)``: what quote matching and tagging compare - case-folded words with
  punctuation, whitespace and fillers removed.
- ``clean_display(text)``: what readers see - markers and fillers removed, whitespace fixed,
  light case restoration for lower-case captions.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Fillers are dropped in both views; matching ignores them so a quote need not copy them.
FILLERS = frozenset({"uh", "um", "uhm", "umm", "uhh", "erm", "hmm", "mm", "euh", "heu", "bah"})

# Bracketed caption markers: [Music], [Applause], (laughter)...
_MARKER = re.compile(r"\[[^\[\]\n]{1,40}\]|\((?:laughs?|laughter|music|applause|inaudible)\)", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)
# Control and invisible format characters (NUL, bidi marks, zero-width) are not words.
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_OTHER_SPACES = "\t\r\n\u00a0\u2000-\u200a\u3000"  # and the plain space
# A run of spaces (line ends included) other than one plain space, which would be replaced by
# itself: matching only those runs gives the same text without a match at every word gap.
_SPACES = re.compile(f" [ {_OTHER_SPACES}]+|[{_OTHER_SPACES}][ {_OTHER_SPACES}]*")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,.;:!?])")
_LEADING_PUNCTUATION = re.compile(r"^(?:[,.;:]\s*)+")
_FILLER_WORD = "(?:" + "|".join(sorted(FILLERS, key=len, reverse=True)) + ")"
# A filler alone or hyphenated with others ("mm-hmm", "uh-huh"), with its trailing comma. The
# lookahead on the fillers' first letters only lets the engine skip the other positions fast.
_FILLER_RUN = re.compile(
    rf"(?=[{''.join(sorted({f[0] for f in FILLERS}))}])(?<![\w'’-]){_FILLER_WORD}(?:-(?:{_FILLER_WORD}|huh))*(?![\w'’-])[,.]?",
    re.IGNORECASE,
)
_LONE_I = re.compile(r"(?<![\w'’])i(?=(?:['’](?:m|ve|ll|d|s)\b)|(?![\w'’]))")
_MAX_PASSES = 8
_SENTENCE_START = re.compile(r"([.!?…]\s+|^\s*)([a-zà-ÿ])")
_SENTENCE_START_INSIDE = re.compile(r"([.!?…]\s+)([a-zà-ÿ])")


def strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def tokens(text: str) -> list[str]:
    """Case-folded words of ``text`` without fillers: the unit of quote matching."""
    text = unicodedata.normalize("NFC", strip_invisible(text))
    # The same filler runs as clean_display drops ("uh-huh" whole, not only "uh"), so a
    # quote copied verbatim from the transcript matches the cleaned transcript.
    text = _FILLER_RUN.sub(" ", text).casefold()
    return [w for w in _WORD.findall(text) if w not in FILLERS and w != "_"]


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """``tokens(text)`` with the character offsets in ``text`` of the word each came from.

    Meant for display text (``clean_display`` output: composed, no invisible characters, no
    fillers), where it gives exactly ``tokens(text)``; quote verification lines the two up
    and leaves any word they disagree on without offsets.
    """
    if text.isascii():  # case folding is lower() and keeps every word whole and in place
        return [(word, *match.span()) for match in _WORD.finditer(text.lower())
                if (word := match.group()) not in FILLERS and word != "_"]
    found = []
    for match in _WORD.finditer(text):
        # Case folding can split a word ("İ" folds to "i" + a combining dot): same as tokens().
        for token in _WORD.findall(match.group().casefold()):
            if token not in FILLERS and token != "_":
                found.append((token, match.start(), match.end()))
    return found


def clean_display(text: str, *, restore_case: bool = False, names: tuple[str, ...] = (),
                  sentence_start: bool = True) -> str:
    """Readable text: no markers or fillers, single spaces, and (for lower-case captions)
    capitalised sentence starts, ``I`` and the given proper names.

    ``sentence_start=False``: the text continues a sentence begun before it, so its first
    word keeps its case."""
    text = unicodedata.normalize("NFC", strip_invisible(text))
    # Removing a marker or a filler can bring a new one together ("[a [Music] b]" -> "[a b]",
    # "[uh uh ... long]" -> "[ ]"), so clean until nothing changes: cleaning twice must give
    # the same text. Every pass that changes something shortens the text; the bound keeps
    # pathological nesting (thousands of brackets deep) linear instead of quadratic.
    for _ in range(_MAX_PASSES):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    if restore_case:
        text = restore_case_of(text, names=names, sentence_start=sentence_start)
    return text


def restore_case_of(text: str, *, names: tuple[str, ...] = (), sentence_start: bool = True) -> str:
    """The case restoration of ``clean_display(..., restore_case=True)``, for text it has
    already cleaned: ``restore_case_of(clean_display(t), ...)`` is ``clean_display(t,
    restore_case=True, ...)``."""
    text = _LONE_I.sub("I", text)
    for name in names:
        # A function, not the name itself, as replacement: a name is contributor text
        # and must not be read as a template ("\\1", "\\g<0>").
        text = _name_pattern(name).sub(lambda _m, name=name: name, text)
    pattern = _SENTENCE_START if sentence_start else _SENTENCE_START_INSIDE
    text = pattern.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    return text


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    # Compiled once per name: re's own cache holds 512 patterns, fewer than a corpus's names.
    return re.compile(rf"(?<![\w'’]){re.escape(name.casefold())}(?![\w])")


def _clean_once(text: str) -> str:
    text = _MARKER.sub(" ", text)
    text = _FILLER_RUN.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub("", text).strip()
    # All leading punctuation left by a removed filler or marker ("uh, so" -> ", so").
    return _LEADING_PUNCTUATION.sub("", text)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»)]*\s+(?=[\"'“«(]?[A-ZÀ-ÖØ-Þ0-9])")


def split_sentences(text: str) -> list[str]:
    """Split running prose into sentences (good enough for grouping into paragraphs)."""
    parts = _SENTENCE_END.split(text.strip())
    return [p.strip() for p in parts if p.strip()]
