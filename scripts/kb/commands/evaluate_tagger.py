"""kb evaluate-tagger: precision, recall and F1 of the theme tagger, and the labellers' kappa."""

from __future__ import annotations

import argparse
import json

from . import project_root


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("evaluate-tagger",
                            help="score the theme tagger against the hand labels in data/tagging/ "
                                 "(P/R/F1 per theme, macro-F1, the labellers' kappa)")
    parser.add_argument("--errors", action="store_true",
                        help="list the dev paragraphs where the tagger and the labels disagree, with "
                             "the words that decided each tag (held-out errors are never listed)")
    parser.set_defaults(func=run)


def _predict_interview(texts, language: str) -> list[tuple[str, ...]]:
    """The tagger as the build runs it: each paragraph read with its neighbours."""
    from ..tagging import predict_in_context

    return predict_in_context(texts, language=language)


def _lexicon_predict(text: str, language: str) -> tuple[str, ...]:
    """The lexicon alone at its own threshold: the baseline the trained model has to beat."""
    from ..tagging import lexicon_scores

    return tuple(theme for theme, score in lexicon_scores(text, language=language).items() if score >= 1.0)


def run(args: argparse.Namespace) -> int:
    # Imported here: `kb --help` does not load the pipeline or the developer tools.
    from ..corpus import load_corpus, load_interview
    from ..devtools.tagger_evaluation import (
        FIXTURE_LABELS_FILE,
        FIXTURES_DIR,
        LABELS_FILE,
        SECOND_PASS_FILE,
        check_sources,
        cohen_kappa,
        evaluate,
        format_report,
        load_labels,
        load_second_pass,
        predict_interviews,
    )
    from ..errors import KBError, Problems
    from ..models import THEME_SLUGS
    from ..tagging import reasons_in_context

    root = project_root(args)
    labels = load_labels(root / LABELS_FILE)
    fixture_labels = load_labels(root / FIXTURE_LABELS_FILE)
    corpus = load_corpus(root)
    problems, notices = Problems(), []
    fixtures = [load_interview(path, problems, notices)
                for path in sorted((root / FIXTURES_DIR).glob("*.md"))]
    if problems:
        raise KBError(problems.items)
    check_sources(labels, {i.slug: [p.text for p in i.paragraphs] for i in corpus.interviews},
                  labels_name=LABELS_FILE)
    check_sources(fixture_labels, {i.slug: [p.text for p in i.paragraphs] for i in fixtures if i},
                  labels_name=FIXTURE_LABELS_FILE)
    sections = [("heldout (never trained or tuned on)", [x for x in labels if x.split == "heldout"]),
                ("dev (the training data: a fit, not a measure)", [x for x in labels if x.split == "dev"])]
    for interview in fixtures:
        if interview:
            sections.append((f"fixture {interview.slug} ({interview.format})",
                             [x for x in fixture_labels if x.interview == interview.slug]))
    predict = predict_interviews([*labels, *fixture_labels], _predict_interview)
    for number, (title, chosen) in enumerate(sections):
        if number:
            print()
        report = evaluate(chosen, predict)
        print(format_report(report, title=f"{title}: {len(report.scored)} paragraphs"))
        baseline = evaluate(chosen, _lexicon_predict)
        print("lexicon alone: " + ", ".join(f"{t.theme} {t.f1:.2f}" for t in baseline.themes)
              + f"; macro {baseline.macro_f1:.2f}")
    if args.errors:
        print("\ndev paragraphs where the tagger and the labels disagree:")
        for s in evaluate(labels, predict, split="dev").scored:
            if set(s.predicted) != set(s.label.themes):
                mine = [x for x in labels if x.interview == s.label.interview]
                texts, index = [x.text for x in mine], mine.index(s.label)
                why = {t: reasons_in_context(texts, index, t, language=s.label.language, limit=3)
                       for t in s.predicted}
                print(f"  {s.label.key}: labelled {list(s.label.themes)}, tagged {list(s.predicted)} "
                      f"{why} | {s.label.text[:90]}")
    # The training's own cross-validation on the dev split, as `kb train-tagger` recorded it
    # in the model (the figure variants of the tagger are chosen by).
    from ..theme_model import MODEL_RESOURCE

    stored = json.loads((root / "scripts/kb" / MODEL_RESOURCE).read_text("utf-8"))
    print()
    for name, f1 in stored.get("dev_cross_validated_f1", {}).items():
        print(f"dev cross-validated F1, {name} (recorded by kb train-tagger): "
              + ", ".join(f"{t} {f1[t]:.2f}" for t in THEME_SLUGS) + f"; macro {sum(f1.values()) / len(f1):.2f}")
    second = root / SECOND_PASS_FILE
    print()
    if second.exists():
        shared, kappas = cohen_kappa({x.key: x.themes for x in labels}, load_second_pass(second))
        print(f"labellers' agreement (Cohen's kappa, {shared} paragraphs labelled twice independently):")
        print("  " + ", ".join(f"{t} {kappas[t]:.2f}" for t in THEME_SLUGS)
              + f"; mean {sum(kappas.values()) / len(kappas):.2f}")
    else:
        print(f"labellers' agreement: no second pass ({SECOND_PASS_FILE} is missing)")
    return 0
