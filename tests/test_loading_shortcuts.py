"""Loading shortcuts (issue 16) give the results of the plain loops they replaced, bit for bit.

Neighbour mixing (tagging.mix_with_neighbours) now works on all of an interview's rows at
once, lexicon scans (tagging._scan) visit only the positions where a term can start, and an
untimed paragraph's id reads only the start of its text (paragraphs._first_tokens); each is
checked here against the loop it replaced.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kb import paragraphs, tagging
from kb.text import tokens
from strategies import PROPERTY_SETTINGS, body, free_text


def _plain_mix(rows: list[list[float]]) -> list[list[float]]:
    mixed = []
    for i, row in enumerate(rows):
        total, weight = list(row), 1.0
        for distance, w in enumerate(tagging.CONTEXT_WEIGHTS, start=1):
            for j in (i - distance, i + distance):
                if 0 <= j < len(rows):
                    total = [a + w * b for a, b in zip(total, rows[j], strict=True)]
                    weight += w
        mixed.append([a / weight for a in total])
    return mixed


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 9, 120])
def test_mixing_with_neighbours_is_the_plain_loop_bit_for_bit(size: int) -> None:
    rng = random.Random(size)
    for _ in range(20):
        rows = [[rng.random() for _ in range(5)] for _ in range(size)]
        assert tagging.mix_with_neighbours(rows) == _plain_mix(rows)


def _plain_scan(words: list[str], section: str, language: str) -> list[tuple[int, tagging.Term]]:
    lexicon = tagging.load_lexicon()
    found, pos = [], 0
    while pos < len(words):
        for term in tagging._section_candidates(lexicon, section, language, words[pos]):
            if len(term.words) == 1 or term.matches_at(words, pos):
                found.append((pos, term))
                pos += len(term.words)
                break
        else:
            pos += 1
    return found


SECTION_WORDS = ["thank", "thanks", "you", "so", "much", "for", "having", "me", "my", "views",
                 "might", "be", "a", "bit", "biased", "merci", "beaucoup", "bonjour", "welcome", "data"]


@PROPERTY_SETTINGS
@given(words=st.lists(st.sampled_from(SECTION_WORDS), max_size=40),
       section=st.sampled_from(["near_misses", "small_talk"]), language=st.sampled_from(["en", "fr", "de"]))
def test_a_section_scan_finds_what_the_plain_walk_finds(words: list[str], section: str, language: str) -> None:
    assert tagging._scan(words, tagging.load_lexicon(), section, language) == _plain_scan(words, section, language)


@PROPERTY_SETTINGS
@given(text=st.one_of(free_text, body, st.lists(st.sampled_from(["uh", "mm-hmm", "Data", "é", "  ", "[x]", "a_b"]),
                                                 max_size=60).map(" ".join)),
       count=st.integers(min_value=1, max_value=14))
def test_the_first_tokens_of_a_text_are_those_of_all_of_it(text: str, count: int) -> None:
    assert paragraphs._first_tokens(text, count) == tokens(text)[:count]


def _numpy_logits(model, words, lexicon_scores, lexicon_terms, small_talk):  # type: ignore[no-untyped-def]
    """``ScoringModel.logits`` as it was, adding the lexicon rows in numpy."""
    import itertools
    import math

    from kb import theme_model

    kept = [w for w in words if w not in theme_model.STOPWORDS and not w.isdigit()]
    distinct = dict.fromkeys(kept)
    pairs = {f"b:{a}_{b}" for a, b in itertools.pairwise(kept)}
    terms = {f"t:{theme}:{term}" for theme, found in lexicon_terms.items() for term in found}
    found = [model._word(w) for w in distinct]
    grams = frozenset().union(*(g for _, g, _ in found))
    present = len(distinct) + len(pairs) + len(grams) + len(terms)
    ids = set().union(*(r for _, _, r in found))
    ids.update(row for row, _, _ in found if row is not None)
    ids.update(row for feature in (pairs, terms) for name in feature if (row := model._rows.get(name)) is not None)
    totals = model._bias.copy()
    if ids:
        totals += (1.0 / math.sqrt(max(present, theme_model.NORM_FLOOR))) * model._matrix[sorted(ids)].sum(axis=0)
    extra = theme_model.lexicon_features(lexicon_scores)
    if small_talk:
        extra["lex:small_talk"] = theme_model.LEX_SCALE * small_talk
    for name, value in extra.items():
        if (row := model._rows.get(name)) is not None:
            totals += value * model._matrix[row]
    return dict(zip(model.themes, totals.tolist(), strict=True))


@pytest.mark.parametrize("text", [
    "We deploy the model to production and monitor its drift with the data engineers.",
    "Thanks so much for having me, it's a pleasure to be here today.",
    "Les biais du modèle posent une question d'éthique pour les données personnelles.",
    "",
])
def test_the_lexicon_rows_added_in_python_give_the_same_logits_bit_for_bit(text: str) -> None:
    from kb import theme_model

    model = theme_model.load_scoring_model()
    for language in ("en", "fr"):
        words = list(tagging.tagging_words(text, language))
        lexicon = tagging._lexicon_themes(text, language)
        args = (words, {s.theme: s.score for s in lexicon}, {s.theme: s.matched for s in lexicon})
        small_talk = tagging.small_talk_score(text, language=language)
        assert model.logits(*args, small_talk=small_talk) == _numpy_logits(model, *args, small_talk)
