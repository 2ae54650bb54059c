"""kb bench: time and weigh the build on synthetic corpora (see kb/devtools/benchmark.py, docs/scaling.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import KBError, Problem
from . import project_root


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bench", help="benchmark the build on synthetic corpora of several sizes",
        description="Make synthetic corpora recombined from the seed transcripts, time the generation "
                    "and the full `mkdocs build` cold and warm (transcript cache on), weigh the site, and check the scaling targets.")
    parser.add_argument("--sizes", default="5,50,500", help="interview counts (default: 5,50,500)")
    parser.add_argument("--runs", default="3,3,2",
                        help="runs per size, medians are reported (default: 3,3,2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the synthetic corpus")
    parser.add_argument("--material-sizes", default=None, metavar="SIZES",
                        help="measure Material's built-in search for comparison only at these sizes "
                             "(default: every size)")
    parser.add_argument("--preview-sizes", default=None, metavar="SIZES",
                        help="time save -> page shows it under mkdocs serve at these sizes (default: the "
                             "largest; each costs two full builds)")
    parser.add_argument("--json", type=Path, default=None,
                        help="write the results as JSON here (e.g. benchmarks/results.json)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="copy each synthetic project (with its site) into this folder")
    parser.add_argument("--generate", type=int, metavar="N", default=None,
                        help="only make a synthetic project with N interviews in --out, then stop")
    parser.add_argument("--out", type=Path, default=None, help="folder for --generate (must not exist)")
    parser.set_defaults(func=run)


def _numbers(text: str, option: str) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        values = []
    if not values or min(values) < 1:
        raise KBError(Problem(option, f"expected positive whole numbers separated by commas, got {text!r}"))
    return values


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `kb --help` and the other commands do not pay for it.
    from ..devtools.benchmark import (
        format_search_table,
        format_table,
        format_targets,
        run_benchmark,
    )
    from ..devtools.synthetic import make_project
    root = project_root(args)
    if args.generate is not None:
        if args.out is None or args.out.exists():
            raise KBError(Problem("--out", "--generate needs --out with a folder that does not exist yet"))
        paths = make_project(root, args.out, args.generate, seed=args.seed)
        print(f"wrote a project with {len(paths)} synthetic transcripts to {args.out}")
        return 0
    sizes = _numbers(args.sizes, "--sizes")
    runs = _numbers(args.runs, "--runs")
    if len(runs) == 1:
        runs = runs * len(sizes)
    if len(runs) != len(sizes):
        raise KBError(Problem("--runs", f"give one run count, or one per size ({len(sizes)})"))
    material = _numbers(args.material_sizes, "--material-sizes") if args.material_sizes else None
    preview = _numbers(args.preview_sizes, "--preview-sizes") if args.preview_sizes else None
    results = run_benchmark(root, sizes, runs, seed=args.seed, keep=args.keep, material_sizes=material,
                            preview_sizes=preview, log=lambda line: print(line, file=sys.stderr, flush=True))
    print(format_table(results))
    print()
    print(format_search_table(results))
    print(format_targets(results))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 0
