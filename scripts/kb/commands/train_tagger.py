"""kb train-tagger: rebuild the theme model from the hand labels, byte for byte."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import project_root

LABELS_FILE = "data/tagging/labels.yml"  # kb.devtools.tagger_evaluation.LABELS_FILE (a test pins it)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("train-tagger",
                            help="retrain the theme model (scripts/kb/data/theme_model.json) from "
                                 f"{LABELS_FILE} (dev split) and the curated quotes")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the stored model differs from a fresh training")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the model (default: the packaged file under --root)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: `kb --help` does not load the pipeline, numpy or the developer tools.
    from ..corpus import load_corpus
    from ..devtools.tagger_evaluation import load_labels
    from ..devtools.tagger_training import model_json, train
    from ..theme_model import MODEL_RESOURCE

    root = project_root(args)
    labels = load_labels(root / LABELS_FILE)
    text = model_json(train(labels, load_corpus(root)))
    target = args.out or root / "scripts/kb" / MODEL_RESOURCE
    if args.check:
        stored = target.read_text("utf-8") if target.exists() else ""
        if stored != text:
            print(f"{target} is not what `kb train-tagger` builds from {LABELS_FILE}: "
                  "run `kb train-tagger` and commit the result", file=sys.stderr)
            return 1
        print(f"{target} matches a fresh training ({len(text):,} bytes)")
        return 0
    target.write_text(text, "utf-8")
    print(f"wrote {target} ({len(text):,} bytes)")
    return 0
