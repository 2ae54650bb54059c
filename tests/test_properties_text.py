"""Property tests for the one text normaliser (kb.text): total, idempotent, consistent.

Invariants:
- nothing raises, whatever the text (NUL, lone surrogates, bidi marks, emoji...);
- ``clean_display`` is idempotent, with or without case restoration and proper names;
- cleaning never changes the words a quote is matched against: ``tokens(clean_display(x))
  == tokens(x)`` when ``x`` has no caption marker (markers are the one thing cleaning drops
  that ``tokens`` keeps);
- ``tokens`` is idempotent on its own output, ignores case and Unicode composition (a quote
  typed with decomposed accents matches), and its words are case-folded word characters;
- ``split_sentences`` loses and adds no character other than whitespace.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st
from kb.text import (
    FILLERS,
    clean_display,
    restore_case_of,
    split_sentences,
    strip_invisible,
    token_spans,
    tokens,
)
from strategies import PROPERTY_SETTINGS, body, free_text

texts = st.one_of(free_text, body)
# Proper names as the corpus passes them (name parts starting with a capital), including
# ones a regex replacement would misread as a template ("\1", "\g<0>").
names = st.lists(st.one_of(st.sampled_from(["Prayson", "Ørsted", "Straße", "İlkay", "A\\1b", "Ab\\g<0>", "Ann-Lee"]),
                           free_text.filter(lambda t: t[:1].isupper() and len(t) > 2)),
                 max_size=3).map(tuple)
_MARKERISH = re.compile(r"[\[\]()]")


@PROPERTY_SETTINGS
@given(text=texts, restore_case=st.booleans(), names=names)
# Found by this test: leading punctuation left by several fillers, a marker inside brackets.
@example(text="uh,,erm[Music],uhm,", restore_case=False, names=())
@example(text="\u200b:,é,\u200b", restore_case=False, names=())
@example(text="[a [Music] b] so", restore_case=True, names=())
def test_clean_display_is_idempotent(text: str, restore_case: bool, names: tuple[str, ...]) -> None:
    once = clean_display(text, restore_case=restore_case, names=names)
    assert clean_display(once, restore_case=restore_case, names=names) == once


@PROPERTY_SETTINGS
@given(text=texts, restore_case=st.booleans(), names=names)
def test_clean_display_output_is_one_clean_line(text: str, restore_case: bool, names: tuple[str, ...]) -> None:
    cleaned = clean_display(text, restore_case=restore_case, names=names)
    assert cleaned == cleaned.strip()
    assert "\n" not in cleaned and "\r" not in cleaned and "  " not in cleaned
    assert strip_invisible(cleaned) == cleaned, "NUL, bidi and zero-width marks are removed"
    assert cleaned == unicodedata.normalize("NFC", cleaned)


@PROPERTY_SETTINGS
@given(text=texts.filter(lambda t: not _MARKERISH.search(t)), restore_case=st.booleans(), names=names)
# Found: a name was used as a re.sub template ("\1" raised re.error); "uh-huh" left "huh"
# in tokens but not in the cleaned text, so a verbatim quote with it could not match.
@example(text="a\\1b said so", restore_case=True, names=("A\\1b",))
@example(text="yes uh-huh we need data", restore_case=False, names=())
def test_cleaning_keeps_the_words_quotes_match_against(text: str, restore_case: bool,
                                                        names: tuple[str, ...]) -> None:
    assert tokens(clean_display(text, restore_case=restore_case, names=names)) == tokens(text)


@PROPERTY_SETTINGS
@given(text=texts, names=names, sentence_start=st.booleans())
def test_case_restoration_of_cleaned_text_is_clean_display_with_it(text: str, names: tuple[str, ...],
                                                                    sentence_start: bool) -> None:
    """Paragraph grouping cleans each paragraph once and restores the case on the result."""
    assert (restore_case_of(clean_display(text), names=names, sentence_start=sentence_start)
            == clean_display(text, restore_case=True, names=names, sentence_start=sentence_start))


@PROPERTY_SETTINGS
@given(text=texts, restore_case=st.booleans())
@example(text="İlkay said uh yes", restore_case=False)
@example(text="Straße and ﬁle, mm-hmm", restore_case=True)
def test_token_spans_of_display_text_are_its_tokens_in_place(text: str, restore_case: bool) -> None:
    """Quote highlighting: each token of the display text with the span of the word it came
    from (the ASCII fast path and the general one alike)."""
    shown = clean_display(text, restore_case=restore_case)
    spans = token_spans(shown)
    assert [t for t, _, _ in spans] == tokens(shown)
    for token, start, end in spans:
        assert token in tokens(shown[start:end])


@PROPERTY_SETTINGS
@given(text=texts)
def test_tokens_of_cleaned_text_are_stable(text: str) -> None:
    """Matching compares tokens(clean_display(transcript)): cleaning again changes nothing."""
    cleaned = clean_display(text)
    assert tokens(clean_display(cleaned)) == tokens(cleaned)


@PROPERTY_SETTINGS
@given(text=texts)
def test_tokens_are_idempotent_and_case_and_composition_blind(text: str) -> None:
    words = tokens(text)
    assert tokens(" ".join(words)) == words
    assert tokens(text.upper().lower()) == tokens(text.lower())
    assert tokens(unicodedata.normalize("NFD", text)) == words
    assert tokens(unicodedata.normalize("NFC", text)) == words
    for word in words:
        assert word and word not in FILLERS
        assert re.fullmatch(r"\w+", word)


@PROPERTY_SETTINGS
@given(text=texts)
def test_split_sentences_only_moves_whitespace(text: str) -> None:
    sentences = split_sentences(text)
    assert all(s and s == s.strip() for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(text.split())


@PROPERTY_SETTINGS
@given(words=st.lists(st.sampled_from(["we", "need", "data", "Engineers", "I", "think", "so"]), min_size=1,
                      max_size=12),
       filler=st.sampled_from(sorted(FILLERS) + ["mm-hmm", "uh-huh", "[Music]", "(laughs)"]))
def test_fillers_and_markers_vanish_from_display_but_words_stay(words: list[str], filler: str) -> None:
    text = " ".join(words[:1] + [filler] + words[1:])
    cleaned = clean_display(text)
    assert filler.casefold() not in cleaned.casefold().split()
    assert tokens(cleaned) == tokens(" ".join(words))
