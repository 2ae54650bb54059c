"""Read one transcript file: bytes -> front matter (validated) + raw body, or problems.

Every way a contributor's file can be wrong ends here as a ``Problem`` naming the file,
the field and the line, never as a traceback. The stages live apart: reading and decoding
(source_files), hardened YAML (safe_yaml), the schema check (schema_check) and its wording
(schema_wording); this module splits the front matter from the body and adds the rules
only a transcript has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter

from .errors import Problem
from .safe_yaml import content_line, read_yaml, type_name
from .schema_check import check_against_schema
from .schemas import load_schema
from .source_files import decode_text, display_path, read_bytes, size_problem

_BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY
_TEMPLATE_HINT = "compare with the template from `kb new`"


@dataclass(frozen=True)
class TranscriptSource:
    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file on which the body starts
    field_lines: dict[str, int]  # "speakers/0/id" -> line in the file


def transcript_schema() -> dict[str, Any]:
    return load_schema("transcript")


def load_transcript(path: Path) -> tuple[TranscriptSource | None, list[Problem]]:
    """Load and validate ``path``. Returns the source (None when unusable) and its problems."""
    data, problems = read_bytes(path)
    if data is None:
        return None, problems
    return parse_transcript(data, path)


def parse_transcript(data: bytes, path: Path) -> tuple[TranscriptSource | None, list[Problem]]:
    """Split and validate one transcript's bytes. Returns the source (None when unusable) and problems."""
    name = display_path(path)
    if not data.strip():
        return None, [Problem(name, "file is empty", hint="start from `kb new` (see docs/contributing.md)")]
    too_big = size_problem(len(data), name)
    if too_big:
        return None, [too_big]
    text, problems = decode_text(data, name)
    if text is None:
        return None, problems
    if not frontmatter.YAMLHandler().detect(text):
        return None, [Problem(name, "no front matter: the file must start with a line '---', the "
                                    "YAML metadata, and another line '---'", line=1,
                              hint="run `kb new` to get a template")]
    parts = _BOUNDARY.split(text, 2)
    if len(parts) < 3:
        return None, [Problem(name, "front matter is not closed by a line '---'", line=1,
                              hint="add a line '---' between the metadata and the raw text")]
    _, fm_text, body = parts
    # The body starts after the closing '---' line; keep it exactly as written.
    body = body[1:] if body.startswith("\n") else body.removeprefix("\r\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    # fm_text starts with the rest of the opening '---' line (file line 1).
    document, problems = read_yaml(fm_text, name, first_line=1, what="front matter", hint=_TEMPLATE_HINT)
    if document is None:
        return None, problems
    meta = document.data
    if not isinstance(meta, dict):
        kind = type_name(meta) if meta is not None else "nothing"
        return None, [Problem(name, f"front matter must be a mapping of 'field: value' lines, got {kind}",
                              line=content_line(fm_text, 1), hint=_TEMPLATE_HINT)]
    source = TranscriptSource(path, meta, body, body_line, document.lines)
    problems += validate_meta(meta, name, document.lines)
    if not body.strip():
        problems.append(Problem(name, "the body (raw text under the front matter) is empty",
                                field="body", line=body_line,
                                hint="paste the raw transcript under the closing '---'"))
    return source, problems


def validate_meta(meta: dict[str, Any], name: str, field_lines: dict[str, int]) -> list[Problem]:
    """Check ``meta`` against the transcript schema; one problem per mistake, in field order."""
    problems = check_against_schema(meta, "transcript", name, field_lines)
    date = meta.get("date")
    if isinstance(date, str) and not any(p.field == "date" for p in problems):
        # Belt and braces: the schema's pattern accepts YYYY-MM-DD shapes such as 2024-02-30.
        try:
            dt.date.fromisoformat(date if len(date) == 10 else (date + "-01-01")[:10])
        except ValueError:
            problems.append(Problem(name, f"'{date}' is not a real date", field="date",
                                    line=field_lines.get("date"), hint="use YYYY-MM-DD"))
    return problems
