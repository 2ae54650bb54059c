"""The trained part of the theme tagger: a multi-label logistic model over words and the lexicon.

Features of a passage (``features``): each distinct word (``w:``), each pair of adjacent
words (``b:``), each character 4-gram inside a word (``c:``, so "deploy", "déployer" and
"deployment" share "depl"), function words left out, and each lexicon term found
(``t:theme:term``), scaled to unit length (less for a passage shorter than ``NORM_FLOOR``
features, so one sentence cannot be as confident as a paragraph); plus the bilingual
lexicon's score for each theme (``lex:``), which carries what the editors know about each
theme's vocabulary into passages unlike any labelled one. A theme's probability is the logistic of its
bias plus the weighted sum of the features; a paragraph carries the theme when the
probability reaches that theme's threshold, chosen by cross-validation on the labels' dev
split (the confidence below which a chip is not shown).

The weights live in ``kb/data/theme_model.json``, written by ``kb train-tagger`` from
``data/tagging/labels.yml`` and the curated quotes, deterministically: CI retrains and
checks the file is byte-identical. The build scores passages with ``ScoringModel``: the
weights as one numpy matrix and each distinct word's features worked out once, which gives
``ThemeModel.logits`` without building every feature's string for every passage.
"""

from __future__ import annotations

import heapq
import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from .errors import KBError, Problem

MODEL_RESOURCE = "data/theme_model.json"
CHAR_N = 4
LEX_SCALE = 1.0  # lexicon features count this much against the unit-length word features
NORM_FLOOR = 200  # a short passage's features are scaled as if it had at least this many


# Function words and conversational fillers, English and French (accents folded). They say
# who is talking (one interview's "yeah you know like") rather than what about, so a model
# that sees them learns the speaker instead of the theme.
STOPWORDS = frozenset(["a", "about", "actually", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "don", "done", "down", "during", "each", "even", "ever", "every", "for", "from", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "kind", "know", "like", "lot", "maybe", "me", "more", "most", "much", "my", "no", "not", "now", "of", "off", "oh", "ok", "okay", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own", "pretty", "probably", "quite", "really", "right", "s", "said", "say", "see", "she", "should", "so", "some", "something", "sort", "still", "such", "sure", "t", "than", "that", "the", "their", "them", "then", "there", "these", "they", "thing", "things", "think", "this", "those", "through", "to", "too", "um", "uh", "us", "very", "want", "was", "way", "we", "well", "were", "what", "when", "where", "whether", "which", "while", "who", "why", "will", "with", "would", "yeah", "yes", "you", "your", "alors", "au", "aussi", "aux", "avec", "bah", "bon", "c", "ca", "ce", "cela", "ces", "cet", "cette", "comme", "d", "dans", "de", "des", "donc", "du", "elle", "en", "enfin", "est", "et", "etc", "eux", "fait", "faut", "il", "ils", "j", "je", "l", "la", "le", "les", "leur", "lui", "m", "ma", "mais", "me", "meme", "mes", "moi", "mon", "n", "ne", "ni", "nos", "notre", "nous", "on", "ou", "oui", "par", "pas", "pour", "qu", "que", "quel", "quelque", "qui", "quoi", "s", "sa", "sans", "se", "ses", "si", "son", "sont", "sur", "ta", "te", "tes", "toi", "ton", "tous", "tout", "tres", "tu", "un", "une", "vos", "votre", "vous", "voila", "y"])


def word_features(words: list[str]) -> set[str]:
    """The presence features of a passage's match words (see module docstring)."""
    words = [w for w in words if w not in STOPWORDS and not w.isdigit()]
    found = {f"w:{w}" for w in words}
    found.update(f"b:{a}_{b}" for a, b in itertools.pairwise(words))
    for w in set(words):
        padded = f"<{w}>"
        if len(padded) > CHAR_N:
            found.update(f"c:{padded[i:i + CHAR_N]}" for i in range(len(padded) - CHAR_N + 1))
    return found


def lexicon_features(lexicon_scores: dict[str, float]) -> dict[str, float]:
    # The lexicon's normalised score (1.0 = its own old threshold), capped so one very
    # keyword-dense paragraph does not dominate.
    return {f"lex:{theme}": LEX_SCALE * min(score, 2.0) for theme, score in lexicon_scores.items()}


def features(words: list[str], lexicon_scores: dict[str, float],
             lexicon_terms: dict[str, tuple[str, ...]] | None = None, *,
             small_talk: float = 0.0) -> dict[str, float]:
    """``{feature: value}`` of a passage (see the module docstring)."""
    present = word_features(words)
    present.update(f"t:{theme}:{term}" for theme, terms in (lexicon_terms or {}).items() for term in terms)
    value = 1.0 / math.sqrt(max(len(present), NORM_FLOOR)) if present else 0.0
    out = {f: value for f in present}
    out.update(lexicon_features(lexicon_scores))
    if small_talk:
        out["lex:small_talk"] = LEX_SCALE * small_talk
    return out


@dataclass(frozen=True, eq=False)
class ThemeModel:
    themes: tuple[str, ...]
    bias: dict[str, float]
    threshold: dict[str, float]
    weights: dict[str, dict[str, float]]  # feature -> theme -> weight (only non-zero)

    def logits(self, feats: dict[str, float]) -> dict[str, float]:
        return self.explain(feats, top=0)[0]

    def explain(self, feats: dict[str, float], *, top: int = 6
                ) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Each theme's logit, and the ``top`` features that pushed it up most, strongest
        first (the "why this tag"), in one pass over the passage's features."""
        totals = dict(self.bias)
        pushes: dict[str, list[tuple[float, str]]] = {t: [] for t in self.themes}
        for feature, value in feats.items():
            by_theme = self.weights.get(feature)
            if not by_theme:
                continue
            for theme, weight in by_theme.items():
                push = weight * value
                totals[theme] += push
                if top and push > 0:
                    pushes[theme].append((-push, feature))
        return totals, {t: [f for _, f in heapq.nsmallest(top, found)] for t, found in pushes.items()}


class ScoringModel:
    """``ThemeModel.logits(features(...))`` for many passages, fast.

    ``features`` builds a string for every word, pair and 4-gram of every passage, then looks
    each up; most of a corpus's words recur, so the word and 4-gram features of a distinct word
    are found once (``_word``) and a passage only unions them. The present features are summed
    as rows of one weight matrix (numpy) instead of a dict per feature. Only the order of the
    floating-point additions differs from ``ThemeModel.logits`` (the set of features it sums
    in string-hash order), so logits agree to about 1e-15.
    """

    def __init__(self, model: ThemeModel) -> None:
        self.themes = model.themes
        names = list(model.weights)
        self._matrix = np.array([[model.weights[f].get(t, 0.0) for t in model.themes] for f in names]
                                or np.zeros((0, len(model.themes))), dtype=np.float64)
        self._bias = np.array([model.bias[t] for t in model.themes], dtype=np.float64)
        self._rows = {name: n for n, name in enumerate(names)}
        # word -> (row of ``w:word`` or None, its 4-gram features, the rows of those the model knows)
        self._words: dict[str, tuple[int | None, frozenset[str], frozenset[int]]] = {}
        self._lists: dict[int, list[float]] = {}  # row -> its weights as Python floats

    def _word(self, word: str) -> tuple[int | None, frozenset[str], frozenset[int]]:
        """The row of ``w:word`` (None if the model does not know it), its 4-gram features and
        their rows (a feature has one row, so the rows of distinct 4-grams are distinct)."""
        found = self._words.get(word)
        if found is None:
            padded = f"<{word}>"
            grams = (frozenset(f"c:{padded[i:i + CHAR_N]}" for i in range(len(padded) - CHAR_N + 1))
                     if len(padded) > CHAR_N else frozenset())
            gram_rows = frozenset(row for gram in grams if (row := self._rows.get(gram)) is not None)
            found = self._words[word] = (self._rows.get(f"w:{word}"), grams, gram_rows)
        return found

    def logits(self, words: list[str], lexicon_scores: dict[str, float],
               lexicon_terms: dict[str, tuple[str, ...]], *, small_talk: float = 0.0) -> dict[str, float]:
        """Each theme's logit for a passage: the same as ``model.logits(features(words, ...))``."""
        kept = [w for w in words if w not in STOPWORDS and not w.isdigit()]
        distinct = dict.fromkeys(kept)
        pairs = {f"b:{a}_{b}" for a, b in itertools.pairwise(kept)}
        terms = {f"t:{theme}:{term}" for theme, found in lexicon_terms.items() for term in found}
        rows = self._rows
        known = self._words
        found = [known.get(w) or self._word(w) for w in distinct]
        grams: frozenset[str] = frozenset().union(*(g for _, g, _ in found))
        present = len(distinct) + len(pairs) + len(grams) + len(terms)
        ids = set().union(*(r for _, _, r in found))
        ids.update(row for row, _, _ in found if row is not None)
        ids.update(row for feature in (pairs, terms) for name in feature if (row := rows.get(name)) is not None)
        totals = self._bias.copy()
        if ids:
            totals += (1.0 / math.sqrt(max(present, NORM_FLOOR))) * self._matrix[sorted(ids)].sum(axis=0)
        extra = lexicon_features(lexicon_scores)
        if small_talk:
            extra["lex:small_talk"] = LEX_SCALE * small_talk
        # The few lexicon rows are added in Python floats: numpy's call overhead on five
        # numbers was a fifth of the logits, and each element gets the same multiply, then add.
        out = totals.tolist()
        for name, value in extra.items():
            row = rows.get(name)
            if row is not None:
                out = [total + value * weight for total, weight in zip(out, self._row_list(row), strict=True)]
        return dict(zip(self.themes, out, strict=True))

    def _row_list(self, row: int) -> list[float]:
        found = self._lists.get(row)
        if found is None:
            found = self._lists[row] = self._matrix[row].tolist()
        return found


def probability(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))


def parse_model(data: object, *, name: str) -> ThemeModel:
    try:
        assert isinstance(data, dict)
        themes = tuple(data["themes"])
        model = ThemeModel(themes=themes,
                           bias={t: float(data["bias"][t]) for t in themes},
                           threshold={t: float(data["threshold"][t]) for t in themes},
                           weights={f: dict(zip(themes, (float(w) for w in ws), strict=True))
                                    for f, ws in data["weights"].items()})
    except (AssertionError, KeyError, TypeError, ValueError) as exc:
        raise KBError(Problem(name, f"not a theme model ({exc.__class__.__name__}: {exc})",
                              hint="rebuild it with `kb train-tagger`")) from None
    for feature, by_theme in model.weights.items():
        model.weights[feature] = {t: w for t, w in by_theme.items() if w}
    return model


@lru_cache(maxsize=1)
def load_model() -> ThemeModel:
    """The packaged model (``kb/data/theme_model.json``)."""
    text = resources.files("kb").joinpath(MODEL_RESOURCE).read_text("utf-8")
    return parse_model(json.loads(text), name=f"scripts/kb/{MODEL_RESOURCE}")


@lru_cache(maxsize=1)
def load_scoring_model() -> ScoringModel:
    """The packaged model, ready to score many passages (``ScoringModel``)."""
    return ScoringModel(load_model())
