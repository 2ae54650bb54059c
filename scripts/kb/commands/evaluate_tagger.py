"""kb evaluate-tagger: precision, recall and F1 of the theme tagger against hand labels."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..models import THEME_SLUGS
from ..source_files import display_path
from ..tagger_evaluation import (
    LABELS_FILE,
    SPLITS,
    evaluate,
    format_report,
    load_labels,
    quote_agreement,
)
from . import project_root


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("evaluate-tagger",
                            help="score the theme tagger against hand-labelled paragraphs (P/R/F1)")
    parser.add_argument("--labels", type=Path, default=None,
                        help=f"labels file (default: {LABELS_FILE} under --root)")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all",
                        help="which labels to score (default: each split, then all)")
    parser.add_argument("--errors", action="store_true",
                        help="list the paragraphs where the tagger and the labels disagree")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..corpus import load_corpus  # here: `kb --help` does not load the pipeline

    root = project_root(args)
    path = args.labels or root / LABELS_FILE
    labels = load_labels(path)
    corpus = load_corpus(root)
    splits = [args.split] if args.split != "all" else [*SPLITS, "all"]
    for number, split in enumerate(splits):
        report = evaluate(corpus, labels, split=None if split == "all" else split,
                          labels_name=display_path(path))
        if number:
            print()
        print(format_report(report, title=f"split: {split} ({len(report.scored)} paragraphs)"))
        if args.errors and split != "all":
            for s in report.scored:
                if set(s.predicted) != set(s.label.themes):
                    print(f"  {s.label.interview}#{s.label.paragraph_id}: labelled "
                          f"{list(s.label.themes)}, tagged {list(s.predicted)} | {s.text[:100]}")
    print()
    print("curated quotes whose paragraph the tagger gives the quote's theme (recall, unseen):")
    agreement = quote_agreement(corpus)
    print("  " + ", ".join(f"{t} {agreement[t][0]}/{agreement[t][1]}" for t in THEME_SLUGS))
    return 0
