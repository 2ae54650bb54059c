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
# The same, where the only space is the plain one (printable text): a simpler, faster scan.
_PLAIN_SPACE_BEFORE_PUNCTUATION = re.compile(" [,.;:!?]")
_LEADING_PUNCTUATION = re.compile(r"^(?:[,.;:]\s*)+")
_FILLER_WORD = "(?:" + "|".join(sorted(FILLERS, key=len, reverse=True)) + ")"
# A filler alone or hyphenated with others ("mm-hmm", "uh-huh"), with its trailing comma. The
# lookahead on the fillers' first letters only lets the engine skip the other positions fast.
_FILLER_RUN = re.compile(
    rf"(?=[{''.join(sorted({f[0] for f in FILLERS}))}])(?<![\w'’-]){_FILLER_WORD}(?:-(?:{_FILLER_WORD}|huh))*(?![\w'’-])[,.]?",
    re.IGNORECASE,
)
# Every filler holds one of these, in lower case (a test checks it): a text holding none has
# no filler run, and the case-insensitive pattern with its look-arounds need not scan it.
_FILLER_HINTS = ("uh", "um", "mm", "erm", "eu", "bah")
_FILLER_HINT = re.compile("|".join(_FILLER_HINTS))
_NOT_TOKENS = FILLERS | {"_"}
_LONE_I = re.compile(r"(?<![\w'’])i(?=(?:['’](?:m|ve|ll|d|s)\b)|(?![\w'’]))")
_MAX_PASSES = 8
_SENTENCE_START = re.compile(r"([.!?…]\s+|^\s*)([a-zà-ÿ])")
_SENTENCE_START_INSIDE = re.compile(r"([.!?…]\s+)([a-zà-ÿ])")


def strip_invisible(text: str) -> str:
    # Every invisible character is a control or format character, which str.isprintable
    # refuses: printable text (nearly all of it) has none, found by one C scan.
    return text if text.isprintable() else _INVISIBLE.sub("", text)


def _may_hold_filler(text: str) -> bool:
    return _FILLER_HINT.search(text.lower()) is not None


def _drop_fillers(text: str) -> str:
    return _FILLER_RUN.sub(" ", text) if _may_hold_filler(text) else text


def tokens(text: str) -> list[str]:
    """Case-folded words of ``text`` without fillers: the unit of quote matching."""
    text = unicodedata.normalize("NFC", strip_invisible(text))
    # The same filler runs as clean_display drops ("uh-huh" whole, not only "uh"), so a
    # quote copied verbatim from the transcript matches the cleaned transcript.
    text = _drop_fillers(text).casefold()
    return [w for w in _WORD.findall(text) if w not in _NOT_TOKENS]


def clean_tokens(text: str) -> list[str]:
    """``tokens(clean_display(text))``, cleaning and normalising once: the match words of a
    segment as readers see it (quote verification indexes every segment this way)."""
    cleaned, settled = _clean(text)
    if not settled or not unicodedata.is_normalized("NFC", cleaned):
        return tokens(cleaned)
    # Cleaning removed every invisible character, and a filler run left in settled text would
    # have made the last pass change it: all tokens() has left to do is fold the case.
    return [w for w in _WORD.findall(cleaned.casefold()) if w not in _NOT_TOKENS]


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
    text = _clean(text)[0]
    if restore_case:
        text = restore_case_of(text, names=names, sentence_start=sentence_start)
    return text


def _clean(text: str) -> tuple[str, bool]:
    """``clean_display``'s cleaning, and whether it settled (a last pass changed nothing)."""
    text = unicodedata.normalize("NFC", strip_invisible(text))
    # Removing a marker or a filler can bring a new one together ("[a [Music] b]" -> "[a b]",
    # "[uh uh ... long]" -> "[ ]"), so clean until nothing changes: cleaning twice must give
    # the same text. Every pass that changes something shortens the text; the bound keeps
    # pathological nesting (thousands of brackets deep) linear instead of quadratic.
    for _ in range(_MAX_PASSES):
        cleaned = _clean_once(text)
        if cleaned == text:
            return text, True
        text = cleaned
    return text, False


def restore_case_of(text: str, *, names: tuple[str, ...] = (), sentence_start: bool = True) -> str:
    """The case restoration of ``clean_display(..., restore_case=True)``, for text it has
    already cleaned: ``restore_case_of(clean_display(t), ...)`` is ``clean_display(t,
    restore_case=True, ...)``."""
    text = _LONE_I.sub("I", text)
    for name in names:
        # The pattern starts with a look-behind, so re cannot seek its letters fast: a
        # substring test first skips the paragraphs that do not say the name (most of them).
        if name.casefold() not in text:
            continue
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
    # Each pattern runs only where a C substring test says it could match: a regex scan costs
    # more than the rest of the pass. Printable text has no whitespace but the plain space
    # (str.isprintable), and replacing markers and fillers by spaces keeps it printable.
    plain = text.isprintable()
    if "[" in text or "(" in text:
        text = _MARKER.sub(" ", text)
    text = _drop_fillers(text)
    if not plain or "  " in text:
        text = _SPACES.sub(" ", text)
    if not plain or _PLAIN_SPACE_BEFORE_PUNCTUATION.search(text):
        text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    text = text.strip()
    # All leading punctuation left by a removed filler or marker ("uh, so" -> ", so").
    return _LEADING_PUNCTUATION.sub("", text) if text[:1] in (",", ".", ";", ":") else text


def word_count(text: str) -> int:
    # The number of substitutions, without making a list of the words.
    return _WORD.subn("", text)[1]


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»)]*\s+(?=[\"'“«(]?[A-ZÀ-ÖØ-Þ0-9])")


def split_sentences(text: str) -> list[str]:
    """Split running prose into sentences (good enough for grouping into paragraphs)."""
    parts = _SENTENCE_END.split(text.strip())
    return [p.strip() for p in parts if p.strip()]
