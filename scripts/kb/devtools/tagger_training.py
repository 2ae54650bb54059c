"""Train the theme model (``kb train-tagger``): logistic regression per theme, thresholds by CV.

Thresholds are chosen on out-of-fold probabilities of two cross-validations of the dev split
(5 folds by key, and leaving one interview out; ``best_thresholds``), mixed with the
neighbouring paragraphs' (as ``tagging.predict_in_context`` tags); the held-out paragraphs
serve there only as unlabelled neighbours, their themes unread.

Training examples: the ``dev`` split of data/tagging/labels.yml, plus the curated quotes with
their editors' themes (weight ``QUOTE_WEIGHT``) except any quote sharing a run of ``SHINGLE``
words with a held-out paragraph (a quote cut with "…" or running over two paragraphs
included), so that no held-out words reach training; in cross-validation, likewise, no quote
from a paragraph being scored. The held-out split's themes and the fixtures are never read here.

Everything is deterministic: fixed feature order, full-batch gradient descent with a fixed
number of steps, folds fixed by the labels' keys, and weights rounded before they are
written, so the same labels give a byte-identical ``theme_model.json``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..models import THEME_SLUGS, Corpus
from ..tagging import match_words, mix_with_neighbours, passage_features
from .tagger_evaluation import Label

QUOTE_WEIGHT = 0.5
L2 = 0.0003
STEPS = 3000
FOLDS = 5
MIN_DOCS = 2  # a word feature must occur in this many training passages
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 19))  # 0.10 .. 0.90
DECIMALS = 4
BALANCE = 0.5  # positives of a theme weigh (negatives / positives) ** BALANCE
# The dev split's two cross-validations (``cross_validated_probabilities``): the thresholds
# are chosen on both, and the model records each one's F1.
CROSS_VALIDATIONS = (("5 folds", False), ("leave one interview out", True))


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    themes: tuple[str, ...]
    weight: float
    key: str  # the label key, or "" for a quote
    # a quote's runs of SHINGLE words (fewer for a shorter piece between "…"), each padded
    # with spaces: the quote shares words with a paragraph when one of them occurs in it
    pieces: tuple[str, ...] = ()


SHINGLE = 8  # words in a row that make a quote part of a paragraph


def _padded_words(text: str) -> str:
    return " " + " ".join(match_words(text)) + " "


def quote_shingles(text: str) -> tuple[str, ...]:
    """The runs of ``SHINGLE`` words of a quote (each of its pieces between "…"), padded."""
    found: list[str] = []
    for piece in text.split("…"):
        words = match_words(piece)
        found.extend(" " + " ".join(words[i:i + SHINGLE]) + " "
                     for i in range(max(1, len(words) - SHINGLE + 1)) if words)
    return tuple(dict.fromkeys(found))


def lies_in(example: Example, padded_texts: Sequence[str]) -> bool:
    """Whether a quote example shares a run of words with any of ``padded_texts``
    (``_padded_words`` of paragraphs): a quote cut with "…", or running over two paragraphs,
    lies in each paragraph it takes words from."""
    return any(piece in text for piece in example.pieces for text in padded_texts)


def quote_examples(corpus: Corpus, excluded: Sequence[Label]) -> list[Example]:
    """The curated quotes as examples, leaving out those inside an ``excluded`` label's text."""
    blocked = [_padded_words(label.text) for label in excluded]
    found = []
    for interview, quote in corpus.quotes():
        example = Example(quote.text.replace("…", " "), interview.language, quote.themes,
                          QUOTE_WEIGHT, "", quote_shingles(quote.text))
        if not lies_in(example, blocked):
            found.append(example)
    return found


def label_examples(labels: Sequence[Label]) -> list[Example]:
    return [Example(label.text, label.language, label.themes, 1.0, label.key) for label in labels]


def _passage_features(example: Example) -> dict[str, float]:
    return passage_features(example.text, language=example.language)


def _vocabulary(rows: list[dict[str, float]]) -> list[str]:
    counts: dict[str, int] = {}
    for row in rows:
        for f in row:
            counts[f] = counts.get(f, 0) + 1
    return sorted(f for f, n in counts.items() if n >= MIN_DOCS or f.startswith(("lex:", "t:")))


def _matrix(rows: list[dict[str, float]], vocab: list[str]) -> np.ndarray:
    """Passages x features, dense: a few hundred passages, so dense is simplest and fast."""
    column = {f: i for i, f in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)))
    for i, row in enumerate(rows):
        for f, v in row.items():
            if f in column:
                x[i, column[f]] = v
    return x


def _fit(rows: list[dict[str, float]], examples: Sequence[Example]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Weights (features x themes) and biases minimising weighted log-loss + L2."""
    vocab = _vocabulary(rows)
    x = _matrix(rows, vocab)
    y = np.array([[t in e.themes for t in THEME_SLUGS] for e in examples], dtype=float)
    sw = np.array([e.weight for e in examples])[:, None] / sum(e.weight for e in examples)
    positives = np.maximum(y.sum(axis=0), 1.0)
    boost = ((len(y) - positives) / positives) ** BALANCE
    sw = sw * np.where(y > 0, boost[None, :], 1.0)
    sw = sw / sw.sum(axis=0, keepdims=True) * (sw.shape[0] and 1.0)
    # Gradient descent from w = 0 keeps w = x.T @ a, so iterate on ``a`` (one coefficient per
    # passage) with the passages' Gram matrix: the same steps, n x n instead of n x features.
    gram = x @ x.T
    # Step size from the curvature bound of the logistic loss (the heaviest theme's sample
    # weights): deterministic, no line search.
    root = np.sqrt(sw.max(axis=1))
    lipschitz = 0.25 * float(np.linalg.eigvalsh(root[:, None] * gram * root[None, :])[-1]) + 0.25 + L2
    step = 1.0 / lipschitz
    a = np.zeros((len(rows), len(THEME_SLUGS)))
    b = np.zeros(len(THEME_SLUGS))
    va, vb = a.copy(), b.copy()
    for k in range(1, STEPS + 1):  # Nesterov's accelerated gradient
        p = 1.0 / (1.0 + np.exp(-(gram @ va + vb)))
        g = sw * (p - y)
        na = va - step * (g + L2 * va)
        nb = vb - step * g.sum(axis=0)
        momentum = (k - 1) / (k + 2)
        va, vb = na + momentum * (na - a), nb + momentum * (nb - b)
        a, b = na, nb
    w = x.T @ a
    return vocab, w, b


def _predict(vocab: list[str], w: np.ndarray, b: np.ndarray, rows: list[dict[str, float]]) -> np.ndarray:
    x = _matrix(rows, vocab)
    return 1.0 / (1.0 + np.exp(-(x @ w + b)))


def fold_of(key: str) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % FOLDS


def cross_validated_probabilities(labels: Sequence[Label], quotes: Sequence[Example],
                                  context: Sequence[Label] = (), *,
                                  by_interview: bool = False) -> np.ndarray:
    """Out-of-fold probabilities for every dev label (rows in ``labels`` order), each mixed with
    its neighbours' as tagging does (``mix_with_neighbours``) when ``context`` gives every
    paragraph of the interviews in reading order (all of labels.yml).

    The folds are ``fold_of`` the keys, or with ``by_interview`` one interview each (leave one
    interview out: how the tagger does on an interview it never saw). A quote sharing words
    with a paragraph being predicted is left out of that training. A neighbour outside the dev
    split is only read as text, never trained on: its probabilities are the mean of the fold
    models' (leaving one interview out, those of the model that left its interview out)."""
    examples = label_examples(labels)
    rows = [_passage_features(e) for e in examples]
    quote_rows = [_passage_features(e) for e in quotes]
    dev_keys = {label.key for label in labels}
    others = [label for label in context if label.key not in dev_keys]
    other_rows = [passage_features(label.text, language=label.language) for label in others]
    out = np.zeros((len(examples), len(THEME_SLUGS)))
    other_out = np.zeros((len(others), len(THEME_SLUGS)))
    interviews = list(dict.fromkeys(label.interview for label in labels))
    group = ([interviews.index(label.interview) for label in labels] if by_interview
             else [fold_of(e.key) for e in examples])
    for fold in range(len(interviews) if by_interview else FOLDS):
        test = [i for i, g in enumerate(group) if g == fold]
        train = [i for i, g in enumerate(group) if g != fold]
        mine = ([j for j, label in enumerate(others) if label.interview == interviews[fold]]
                if by_interview else list(range(len(others))))
        # A quote from a paragraph being predicted is left out of its training, however it is
        # cut: a quote with "…", or running over two paragraphs, lies in each.
        held_words = [_padded_words(x.text) for x in [*(examples[i] for i in test), *(others[j] for j in mine)]]
        keep = [j for j, q in enumerate(quotes) if not lies_in(q, held_words)]
        vocab, w, b = _fit([rows[i] for i in train] + [quote_rows[j] for j in keep],
                           [examples[i] for i in train] + [quotes[j] for j in keep])
        out[test] = _predict(vocab, w, b, [rows[i] for i in test])
        if mine:
            share = 1.0 if by_interview else 1.0 / FOLDS
            other_out[mine] += share * _predict(vocab, w, b, [other_rows[j] for j in mine])
    if not context:
        return out
    by_key = {label.key: row for label, row in zip(labels, out, strict=True)}
    by_key.update({label.key: row for label, row in zip(others, other_out, strict=True)})
    mixed: dict[str, list[float]] = {}
    for interview in dict.fromkeys(label.interview for label in context):
        keys = [label.key for label in context if label.interview == interview]
        mixed.update(zip(keys, mix_with_neighbours([list(by_key[k]) for k in keys]), strict=True))
    return np.array([mixed[label.key] for label in labels])


def _f1(probabilities: np.ndarray, truth: np.ndarray, threshold: float) -> float:
    said = probabilities >= threshold
    tp = float(np.sum(said & truth))
    return 2 * tp / (float(np.sum(said)) + float(np.sum(truth))) if tp else 0.0


def best_thresholds(labels: Sequence[Label], probabilities: Sequence[np.ndarray]) -> dict[str, float]:
    """Per theme, the threshold with the best mean out-of-fold F1 over ``probabilities`` (the
    5 folds' and leaving one interview out's; ties: the one nearest 0.5).

    A paragraph of an interview the model never saw gets lower probabilities than one of an
    interview it trained on, so the two cross-validations favour different thresholds (ethics
    0.55 by 5 folds, 0.25 leaving one interview out). Their mean serves both a new paragraph of
    a known interview and a new interview; measured on the dev split with the thresholds chosen
    without the interview (or fold) scored, it did better than either alone (docs/codebook.md)."""
    chosen = {}
    for j, theme in enumerate(THEME_SLUGS):
        truth = np.array([theme in label.themes for label in labels])
        chosen[theme] = max(THRESHOLDS, key=lambda t, j=j, truth=truth: (
            round(sum(_f1(p[:, j], truth, t) for p in probabilities) / len(probabilities), 6),
            -abs(t - 0.5)))
    return chosen


def cross_validated_f1(labels: Sequence[Label], probabilities: np.ndarray,
                       thresholds: dict[str, float]) -> dict[str, float]:
    """Per theme, the out-of-fold F1 on the dev split at the chosen thresholds: the
    training's own estimate (optimistic, as the thresholds were chosen on the same folds),
    the figure variants of the tagger are compared by (docs/codebook.md)."""
    return {theme: round(_f1(probabilities[:, j], np.array([theme in x.themes for x in labels]),
                             thresholds[theme]), 2)
            for j, theme in enumerate(THEME_SLUGS)}


def train(labels: Sequence[Label], corpus: Corpus) -> dict:
    """The model as JSON-ready data, from the ``dev`` labels and the corpus's quotes."""
    dev = [label for label in labels if label.split == "dev"]
    heldout = [label for label in labels if label.split != "dev"]
    quotes = quote_examples(corpus, heldout)
    cross_validations = {name: cross_validated_probabilities(dev, quotes, context=labels, by_interview=by_interview)
                         for name, by_interview in CROSS_VALIDATIONS}
    thresholds = best_thresholds(dev, list(cross_validations.values()))
    examples = label_examples(dev) + quotes
    vocab, w, b = _fit([_passage_features(e) for e in examples], examples)
    w = np.round(w, DECIMALS)
    weights = {f: [float(v) + 0.0 for v in w[i]] for i, f in enumerate(vocab) if np.any(w[i])}
    return {
        "about": "Theme tagger weights, written by `kb train-tagger` from data/tagging/labels.yml "
                 "(dev split) and the curated quotes; do not edit by hand.",
        "themes": list(THEME_SLUGS),
        "training": {"dev_labels": len(dev), "quotes": len(quotes), "l2": L2, "steps": STEPS,
                     "folds": FOLDS, "quote_weight": QUOTE_WEIGHT},
        "threshold": thresholds,
        "dev_cross_validated_f1": {name: cross_validated_f1(dev, probabilities, thresholds)
                                   for name, probabilities in cross_validations.items()},
        "bias": {t: round(float(b[j]), DECIMALS) + 0.0 for j, t in enumerate(THEME_SLUGS)},
        "weights": weights,
    }


def model_json(model: dict) -> str:
    """The stored form: sorted keys, one feature per line, so diffs stay readable."""
    head = {k: v for k, v in model.items() if k != "weights"}
    lines = json.dumps(head, indent=1, sort_keys=True, ensure_ascii=False)[:-2]
    body = ",\n".join(f"  {json.dumps(f, ensure_ascii=False)}: {json.dumps(ws)}"
                      for f, ws in sorted(model["weights"].items()))
    return f'{lines},\n "weights": {{\n{body}\n }}\n}}\n'
