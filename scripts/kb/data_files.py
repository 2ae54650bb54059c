"""Reading the editors' YAML files in data/ (themes, roles, glossary, job adverts).

One place turns an unreadable file or a YAML syntax error into a ``Problem`` with its
line, and maps every field path to its line so validation can point at it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problems
from .frontmatter_loader import _field_lines, display_path


def read_data_file(path: Path, problems: Problems, *, what: str = "the file"
                   ) -> tuple[Any, dict[str, int]] | None:
    """``(parsed YAML, {field path: line})``, or None after adding the problem to ``problems``."""
    name = display_path(path)
    try:
        text = path.read_text("utf-8")
        data = yaml.safe_load(text)
        lines = _field_lines(yaml.compose(text), offset=1)
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(name, f"cannot read {what}: {exc}")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.add(name, f"YAML syntax error: {getattr(exc, 'problem', exc)}",
                     line=mark.line + 1 if mark else None,
                     column=mark.column + 1 if mark else None)
        return None
    return data, lines
