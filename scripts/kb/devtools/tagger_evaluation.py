"""Measure the theme tagger against hand labels: precision, recall, F1, and the labellers' kappa.

The labels are data the project owns, in ``data/tagging/`` (see docs/codebook.md):

- ``labels.yml``: every paragraph of the five interviews, coded against the codebook, each
  entry carrying the labelled **text** itself and a ``split`` (``dev``: training,
  cross-validation and error reading; ``heldout``: scored, never tuned on);
- ``fixture-labels.yml``: the paragraphs of two invented interviews in
  ``data/tagging/fixtures/`` (a WebVTT file and DataTalks.Club-style captions), never used
  for training;
- ``second-pass.yml``: an independent second labelling of a sample, by key, for Cohen's kappa.

Because a label holds its words, the tagger is scored on exactly the labelled text however
the pipeline paragraphs the transcript today; ``check_sources`` reports a label whose words
no longer occur in its interview (an edited transcript or a changed normaliser), so a stale
label cannot silently score other words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import KBError, Problem
from ..models import THEME_SLUGS
from ..source_files import display_path
from ..tagging import match_words

LABELS_DIR = "data/tagging"
LABELS_FILE = f"{LABELS_DIR}/labels.yml"
FIXTURE_LABELS_FILE = f"{LABELS_DIR}/fixture-labels.yml"
SECOND_PASS_FILE = f"{LABELS_DIR}/second-pass.yml"
FIXTURES_DIR = f"{LABELS_DIR}/fixtures"
SPLITS = ("dev", "heldout", "fixture")

Predict = Callable[[str, str], Iterable[str]]  # (text, language) -> themes
# (one interview's paragraph texts in reading order, language) -> each paragraph's themes
PredictInterview = Callable[[Sequence[str], str], Sequence[Iterable[str]]]


@dataclass(frozen=True)
class Label:
    key: str
    interview: str
    language: str
    split: str
    themes: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Scored:
    """One labelled paragraph with the tagger's prediction."""

    label: Label
    predicted: tuple[str, ...]


@dataclass(frozen=True)
class ThemeFigures:
    theme: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives


@dataclass(frozen=True)
class Report:
    scored: tuple[Scored, ...]
    themes: tuple[ThemeFigures, ...]

    @property
    def macro_precision(self) -> float:
        return sum(t.precision for t in self.themes) / len(self.themes)

    @property
    def macro_recall(self) -> float:
        return sum(t.recall for t in self.themes) / len(self.themes)

    @property
    def macro_f1(self) -> float:
        return sum(t.f1 for t in self.themes) / len(self.themes)

    def theme(self, slug: str) -> ThemeFigures:
        return next(t for t in self.themes if t.theme == slug)


def _read_entries(path: Path) -> tuple[str, list]:
    name = display_path(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KBError(Problem(name, f"cannot read labels: {exc}")) from None
    entries = data.get("paragraphs") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise KBError(Problem(name, "expected a 'paragraphs:' list", field="paragraphs"))
    return name, entries


def _themes(entry: dict, name: str, field: str, problems: list[Problem]) -> tuple[str, ...] | None:
    themes = entry.get("themes")
    if not isinstance(themes, list) or any(t not in THEME_SLUGS for t in themes):
        problems.append(Problem(name, f"themes should be a list of {', '.join(THEME_SLUGS)}, "
                                      f"not {themes!r}", field=f"{field}/themes"))
        return None
    return tuple(t for t in THEME_SLUGS if t in themes)


def load_labels(path: Path) -> list[Label]:
    """The labels of ``path``; every malformed entry is reported (KBError), none skipped."""
    name, entries = _read_entries(path)
    labels: list[Label] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries):
        field = f"paragraphs/{number}"
        required = ("key", "interview", "language", "split", "themes", "text")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in required if k != "themes"):
            problems.append(Problem(name, f"each entry needs {', '.join(required)}", field=field))
            continue
        themes = _themes(entry, name, field, problems)
        if entry["split"] not in SPLITS:
            problems.append(Problem(name, f"unknown split {entry['split']!r}", field=f"{field}/split",
                                    hint=f"splits: {', '.join(SPLITS)}"))
            continue
        if entry["key"] in seen:
            problems.append(Problem(name, f"duplicate key {entry['key']!r}", field=f"{field}/key"))
            continue
        seen.add(entry["key"])
        if themes is not None:
            labels.append(Label(entry["key"], entry["interview"], entry["language"], entry["split"],
                                themes, entry["text"]))
    if problems:
        raise KBError(problems)
    return labels


def load_second_pass(path: Path) -> dict[str, tuple[str, ...]]:
    """``{key: themes}`` of an independent second labelling (same keys as labels.yml)."""
    name, entries = _read_entries(path)
    found: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for number, entry in enumerate(entries):
        field = f"paragraphs/{number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            problems.append(Problem(name, "each entry needs a key and themes", field=field))
            continue
        themes = _themes(entry, name, field, problems)
        if themes is not None:
            found[entry["key"]] = themes
    if problems:
        raise KBError(problems)
    return found


def check_sources(labels: Iterable[Label], interviews: Mapping[str, Iterable[str]], *,
                  labels_name: str) -> None:
    """Raise KBError naming every label whose words are not (any more) in its interview.

    ``interviews`` maps a slug to its paragraphs' texts in order. A label matches when its
    words, as the quote matcher sees them, occur as one run in the interview's words: a label
    spanning a new paragraph break still matches, an edited sentence does not.
    """
    joined = {slug: " " + " ".join(w for text in texts for w in match_words(text)) + " "
              for slug, texts in interviews.items()}
    problems = []
    for label in labels:
        words = " " + " ".join(match_words(label.text)) + " "
        if label.interview not in joined:
            problems.append(Problem(labels_name, f"{label.key}: no interview {label.interview!r}",
                                    field="paragraphs"))
        elif words not in joined[label.interview]:
            problems.append(Problem(labels_name, f"{label.key}: the labelled words no longer occur in "
                                                 f"{label.interview} ({label.text[:60]!r}...)",
                                    field="paragraphs",
                                    hint="the transcript or its normalisation changed; read the text "
                                         "again and relabel it"))
    if problems:
        raise KBError(problems)


def predict_interviews(labels: Sequence[Label], predict: PredictInterview) -> Predict:
    """A per-text ``Predict`` for ``evaluate`` from one that reads whole interviews in context:
    each interview's labels, in file order (every paragraph in reading order, all splits), are
    predicted together, so a held-out paragraph is read with its neighbours as tagging reads it.
    The neighbours' labels are never read."""
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for interview in dict.fromkeys(label.interview for label in labels):
        mine = [label for label in labels if label.interview == interview]
        for label, themes in zip(mine, predict([x.text for x in mine], mine[0].language), strict=True):
            found[(label.text, label.language)] = tuple(themes)
    return lambda text, language: found[(text, language)]


def evaluate(labels: Iterable[Label], predict: Predict, *, split: str | None = None) -> Report:
    """Score ``predict`` on ``labels`` (all of them, or one split), on each label's own text."""
    scored = tuple(Scored(label, tuple(predict(label.text, label.language)))
                   for label in labels if split is None or label.split == split)
    figures = []
    for theme in THEME_SLUGS:
        tp = sum(1 for s in scored if theme in s.predicted and theme in s.label.themes)
        fp = sum(1 for s in scored if theme in s.predicted and theme not in s.label.themes)
        fn = sum(1 for s in scored if theme not in s.predicted and theme in s.label.themes)
        figures.append(ThemeFigures(theme, tp, fp, fn))
    return Report(scored, tuple(figures))


def cohen_kappa(first: Mapping[str, tuple[str, ...]], second: Mapping[str, tuple[str, ...]]
                ) -> tuple[int, dict[str, float]]:
    """Per-theme Cohen's kappa of two labellings over the keys both labelled.

    Returns (number of shared keys, {theme: kappa}). Kappa is (observed agreement - chance
    agreement) / (1 - chance agreement), chance from each labeller's own rate of saying yes;
    1.0 when both labellers agree perfectly, including on a theme neither ever used.
    """
    keys = sorted(set(first) & set(second))
    kappas: dict[str, float] = {}
    for theme in THEME_SLUGS:
        a = [theme in first[k] for k in keys]
        b = [theme in second[k] for k in keys]
        n = len(keys)
        if not n:
            kappas[theme] = 0.0
            continue
        observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
        pa, pb = sum(a) / n, sum(b) / n
        chance = pa * pb + (1 - pa) * (1 - pb)
        kappas[theme] = 1.0 if chance == 1 else (observed - chance) / (1 - chance)
    return len(keys), kappas


def format_report(report: Report, *, title: str) -> str:
    lines = [title, f"{'theme':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}"]
    for t in report.themes:
        lines.append(f"{t.theme:<14}{t.precision:>10.2f}{t.recall:>8.2f}{t.f1:>7.2f}{t.support:>9}")
    lines.append(f"{'macro':<14}{report.macro_precision:>10.2f}{report.macro_recall:>8.2f}"
                 f"{report.macro_f1:>7.2f}{len(report.scored):>9}")
    return "\n".join(lines)
