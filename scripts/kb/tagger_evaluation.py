"""Measure the theme tagger against hand-labelled paragraphs (precision, recall, F1).

The labels live in tests/fixtures/tagging/labels.yml: one entry per paragraph, named by
interview slug and paragraph id, with the paragraph's first words (``starts``) so a change
in paragraph grouping is reported instead of silently scoring the wrong text, and a
``split`` (dev: may be looked at while tuning the lexicon; heldout: may not).

The tagger is scored on its prediction from the words alone (``predict_themes``), not on
``Paragraph.themes``, which also carries the themes of curated quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import KBError, Problem
from .models import THEME_SLUGS, Corpus
from .source_files import display_path
from .tagging import match_words, predict_themes

LABELS_FILE = "tests/fixtures/tagging/labels.yml"
SPLITS = ("dev", "heldout")


@dataclass(frozen=True)
class Label:
    interview: str
    paragraph_id: str
    starts: str
    themes: tuple[str, ...]
    split: str


@dataclass(frozen=True)
class Scored:
    """One labelled paragraph with the tagger's prediction."""

    label: Label
    text: str
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


def load_labels(path: Path) -> list[Label]:
    name = display_path(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KBError(Problem(name, f"cannot read labels: {exc}")) from None
    entries = data.get("paragraphs") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise KBError(Problem(name, "expected a 'paragraphs:' list", field="paragraphs"))
    labels, problems = [], []
    for number, entry in enumerate(entries):
        field = f"paragraphs/{number}"
        if not isinstance(entry, dict) or not all(k in entry for k in ("interview", "id", "starts", "themes")):
            problems.append(Problem(name, "each entry needs interview, id, starts and themes", field=field))
            continue
        unknown = [t for t in entry["themes"] or () if t not in THEME_SLUGS]
        if unknown or entry.get("split", "dev") not in SPLITS:
            problems.append(Problem(name, f"unknown theme(s) {unknown} or split {entry.get('split')!r}",
                                    field=field, hint=f"themes: {', '.join(THEME_SLUGS)}; splits: dev, heldout"))
            continue
        labels.append(Label(str(entry["interview"]), str(entry["id"]), str(entry["starts"]),
                            tuple(entry["themes"] or ()), entry.get("split", "dev")))
    if problems:
        raise KBError(problems)
    return labels


def evaluate(corpus: Corpus, labels: list[Label], *, split: str | None = None,
             labels_name: str = LABELS_FILE) -> Report:
    """Score the tagger on ``labels`` (all of them, or one split). Raises KBError when a
    labelled paragraph no longer exists or no longer starts with the labelled words."""
    problems = []
    scored = []
    for label in labels:
        if split is not None and label.split != split:
            continue
        interview = corpus.interview(label.interview)
        paragraph = interview.paragraph(label.paragraph_id) if interview else None
        if interview is None or paragraph is None:
            problems.append(Problem(labels_name, f"no paragraph {label.paragraph_id!r} in interview "
                                                 f"{label.interview!r}", field="paragraphs",
                                    hint="paragraph ids changed? relabel from `kb build --out DIR` kb.json"))
            continue
        wanted = match_words(label.starts)
        if match_words(paragraph.text)[: len(wanted)] != wanted:
            problems.append(Problem(labels_name, f"paragraph {label.interview}#{label.paragraph_id} no longer "
                                                 f"starts with {label.starts!r}", field="paragraphs",
                                    hint="the paragraph changed; read it again and relabel it"))
            continue
        predicted = predict_themes(paragraph.text, language=interview.language)
        scored.append(Scored(label, paragraph.text, predicted))
    if problems:
        raise KBError(problems)
    figures = []
    for theme in THEME_SLUGS:
        tp = sum(1 for s in scored if theme in s.predicted and theme in s.label.themes)
        fp = sum(1 for s in scored if theme in s.predicted and theme not in s.label.themes)
        fn = sum(1 for s in scored if theme not in s.predicted and theme in s.label.themes)
        figures.append(ThemeFigures(theme, tp, fp, fn))
    return Report(tuple(scored), tuple(figures))


def quote_agreement(corpus: Corpus) -> dict[str, tuple[int, int]]:
    """For each theme: (quotes whose paragraph the tagger gives that theme, quotes with it).

    A recall check against the editors' curated quotes, which the lexicon never saw.
    """
    counts = {t: [0, 0] for t in THEME_SLUGS}
    for interview, quote in corpus.quotes():
        paragraph = interview.paragraph(quote.paragraph_id)
        if paragraph is None:
            continue
        predicted = predict_themes(paragraph.text, language=interview.language)
        for theme in quote.themes:
            counts[theme][1] += 1
            counts[theme][0] += theme in predicted
    return {t: (found, total) for t, (found, total) in counts.items()}


def format_report(report: Report, *, title: str) -> str:
    lines = [title, f"{'theme':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}"]
    for t in report.themes:
        lines.append(f"{t.theme:<14}{t.precision:>10.2f}{t.recall:>8.2f}{t.f1:>7.2f}{t.support:>9}")
    lines.append(f"{'macro':<14}{report.macro_precision:>10.2f}{report.macro_recall:>8.2f}"
                 f"{report.macro_f1:>7.2f}{len(report.scored):>9}")
    return "\n".join(lines)
