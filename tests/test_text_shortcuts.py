"""The normaliser's shortcuts (issue 16) give what the plain regex passes give.

kb.text skips a pattern where a substring test says it cannot match, and tokenises cleaned
segments without normalising them again (``clean_tokens``). These tests hold each shortcut
to the facts it rests on, over every code point, and to the unguarded passes, on the texts
the other property tests use (tests/strategies.py).
"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from kb import text as kbtext
from kb.text import FILLERS, clean_display, clean_tokens, tokens
from strategies import PROPERTY_SETTINGS, body, free_text

texts = st.one_of(free_text, body)
EVERY_CHARACTER = [chr(n) for n in range(sys.maxunicode + 1)]


def _plain_clean_once(text: str) -> str:
    """``_clean_once`` as it was before the shortcuts: every pattern over every text."""
    text = kbtext._MARKER.sub(" ", text)
    text = kbtext._FILLER_RUN.sub(" ", text)
    text = kbtext._SPACES.sub(" ", text)
    text = kbtext._SPACE_BEFORE_PUNCTUATION.sub("", text).strip()
    return kbtext._LEADING_PUNCTUATION.sub("", text)


def _plain_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", kbtext._INVISIBLE.sub("", text))
    text = kbtext._FILLER_RUN.sub(" ", text).casefold()
    return [w for w in kbtext._WORD.findall(text) if w not in FILLERS and w != "_"]


def test_no_invisible_character_is_printable() -> None:
    assert [c for c in EVERY_CHARACTER if kbtext._INVISIBLE.match(c) and c.isprintable()] == []


def test_the_only_printable_whitespace_is_the_plain_space() -> None:
    assert [c for c in EVERY_CHARACTER if re.match(r"\s", c) and c.isprintable()] == [" "]


def test_every_filler_holds_a_hint_in_every_case() -> None:
    """The filler pattern ignores case; the hint test reads the lower-cased text: every
    character the pattern takes for a filler's letter lower-cases to that letter."""
    assert all(kbtext._FILLER_HINT.search(filler) for filler in FILLERS)
    letters = "".join(sorted(set("".join(FILLERS))))
    either_case = re.compile(f"[{letters}]", re.IGNORECASE)
    assert [c for c in EVERY_CHARACTER if bool(either_case.fullmatch(c)) != (c.lower() in letters)] == []


@PROPERTY_SETTINGS
@given(text=texts)
@example(text="so, uh , we [Music]  said ;\tUHM-huh. yes")
@example(text=",: \u00a0 mm, the\u200b end .")
def test_a_pass_with_shortcuts_is_the_plain_pass(text: str) -> None:
    assert kbtext._clean_once(text) == _plain_clean_once(text)


@PROPERTY_SETTINGS
@given(text=texts)
@example(text="Uh-huh, ÉRM the İlkay\u200bdata")
def test_tokens_with_shortcuts_are_the_plain_tokens(text: str) -> None:
    assert tokens(text) == _plain_tokens(text)


@PROPERTY_SETTINGS
@given(text=texts)
@example(text="[a [Music] b] uh, so e\u0301 (laughs) mm-hmm")
def test_clean_tokens_are_the_tokens_of_the_cleaned_text(text: str) -> None:
    assert clean_tokens(text) == tokens(clean_display(text))


@pytest.mark.parametrize("text", ["[" * 20 + "uh " * 20 + "]" * 20, "e\u0301", ""])
def test_clean_tokens_of_unsettled_or_odd_text(text: str) -> None:
    assert clean_tokens(text) == tokens(clean_display(text))


def test_word_count_counts_the_words() -> None:
    assert kbtext.word_count("we need data, don't we?") == len(re.findall(r"\w+", "we need data, don't we?"))
    assert kbtext.word_count("") == 0
