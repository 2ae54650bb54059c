"""The kb command stays a thin layer: `kb --help` imports only the command modules and what
their options need, not the pipeline or the developer tools (issue #16: 0.24 s of every
`kb` run went to importing the benchmark and everything else)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("kb.benchmark", "kb.synthetic", "kb.devtools.benchmark", "kb.devtools.synthetic", "kb.corpus", "kb.build", "kb.render", "kb.readers",
         "kb.quotes", "kb.paragraphs", "kb.scaffold", "kb.suggest", "kb.corpus_diff", "kb.revisions",
         "jinja2", "jsonschema", "frontmatter")


def test_kb_help_does_not_import_the_pipeline() -> None:
    code = ("import json, sys\nfrom kb.cli import build_parser\nparser = build_parser()\n"
            "parser.format_help()\nprint(json.dumps(sorted(sys.modules)))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                       text=True).stdout)
    assert "kb.commands.build" in loaded  # the commands themselves are discovered and registered
    heavy = sorted(m for m in loaded if m in HEAVY or m.startswith(tuple(h + "." for h in HEAVY)))
    assert heavy == []


def test_every_command_still_runs_from_the_cli(tmp_path) -> None:
    """Each command imports its own modules when it runs (a lazy import that is wrong fails here)."""
    from kb.cli import build_parser, main

    parser = build_parser()
    commands = sorted(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert {"build", "check", "new", "suggest", "stats", "bench", "evaluate-tagger", "diff"} <= set(commands)
    assert main(["--root", str(tmp_path), "stats"]) == 1  # no data: a problem, not a NameError
    assert main(["--root", str(tmp_path), "check"]) == 1
    assert main(["--root", str(tmp_path), "new", "--slug", "x", "--title", "X"]) == 0
    assert main(["--root", str(tmp_path), "suggest", str(tmp_path / "missing.md")]) == 1
    assert main(["--root", str(tmp_path), "build", "--out", str(tmp_path / "out")]) == 1
    assert main(["--root", str(tmp_path), "diff", "HEAD"]) == 2
