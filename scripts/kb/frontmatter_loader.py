"""Read one transcript file: bytes -> front matter (validated) + raw body, or problems.

Every way a contributor's file can be wrong ends here as a ``Problem`` naming the file,
the field and the line, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import frontmatter
import jsonschema
import yaml

from .errors import Problem

# A transcript of a two-hour talk is ~150 KB; 2 MB leaves room for long captions while
# stopping accidental uploads (videos, archives) before they reach the parser.
MAX_FILE_BYTES = 2 * 1024 * 1024

_BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY


@dataclass(frozen=True)
class TranscriptSource:
    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file on which the body starts
    field_lines: dict[str, int]  # "speakers/0/id" -> line in the file


class _StringDateLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as the strings the contributor wrote."""


_StringDateLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@lru_cache(maxsize=1)
def transcript_schema() -> dict[str, Any]:
    text = resources.files("kb").joinpath("schema/transcript.json").read_text("utf-8")
    return json.loads(text)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_transcript(path: Path) -> tuple[TranscriptSource | None, list[Problem]]:
    """Load and validate ``path``. Returns the source (None when unusable) and its problems."""
    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(name, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                                  hint="split the interview or trim non-transcript text")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, f"cannot read file: {exc.strerror or exc}")]
    return parse_transcript(data, path)


def parse_transcript(data: bytes, path: Path) -> tuple[TranscriptSource | None, list[Problem]]:
    name = display_path(path)
    if not data.strip():
        return None, [Problem(name, "file is empty", hint="start from `kb new`")]
    if b"\x00" in data:
        offset = data.index(b"\x00")
        return None, [Problem(name, f"file looks binary (NUL byte at offset {offset})",
                              hint="transcripts must be UTF-8 text")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(name, f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset "
                                    f"{exc.start}", line=line,
                              hint="re-save the file as UTF-8")]
    text = text.removeprefix("\ufeff")
    if not frontmatter.YAMLHandler().detect(text):
        return None, [Problem(name, "no front matter: the file must start with a line '---', the "
                                    "YAML metadata, and another line '---'", line=1,
                              hint="run `kb new` to get a template")]
    parts = _BOUNDARY.split(text, 2)
    if len(parts) < 3:
        return None, [Problem(name, "front matter is not closed by a line '---'", line=1)]
    _, fm_text, body = parts
    # The body starts after the closing '---' line; keep it exactly as written.
    body = body[1:] if body.startswith("\n") else body.removeprefix("\r\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    try:
        meta = yaml.load(fm_text, Loader=_StringDateLoader)
        root = yaml.compose(fm_text, Loader=_StringDateLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(name, f"YAML syntax error in front matter: {problem}",
                              line=(mark.line + 2) if mark else None,
                              column=(mark.column + 1) if mark else None,
                              hint="check indentation and quote values containing ':' or '#'")]
    if not isinstance(meta, dict):
        kind = type(meta).__name__ if meta is not None else "empty"
        return None, [Problem(name, f"front matter must be a mapping of fields, got {kind}", line=2)]
    field_lines = _field_lines(root, offset=2)
    source = TranscriptSource(path, meta, body, body_line, field_lines)
    problems = validate_meta(meta, name, field_lines)
    if not body.strip():
        problems.append(Problem(name, "the body (raw text under the front matter) is empty",
                                line=body_line, hint="paste the raw transcript under the closing '---'"))
    return source, problems


def validate_meta(meta: dict[str, Any], name: str, field_lines: dict[str, int]) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(transcript_schema())
    problems = []
    errors = sorted(validator.iter_errors(meta), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        field = "/".join(str(p) for p in error.absolute_path) or None
        message, hint = _explain(error)
        if error.validator == "required" and error.validator_value:
            missing = _missing_field(error)
            field = f"{field}/{missing}" if field else missing
        problems.append(Problem(name, message, field=field, line=_line_for(field, field_lines), hint=hint))
    date = meta.get("date")
    if isinstance(date, str) and not any(p.field == "date" for p in problems):
        try:
            dt.date.fromisoformat(date if len(date) == 10 else (date + "-01-01")[:10])
        except ValueError:
            problems.append(Problem(name, f"'{date}' is not a real date", field="date",
                                    line=field_lines.get("date"), hint="use YYYY-MM-DD"))
    return problems


def _missing_field(error: jsonschema.ValidationError) -> str:
    instance = error.instance if isinstance(error.instance, dict) else {}
    return next((f for f in error.validator_value if f not in instance), "?")


def _explain(error: jsonschema.ValidationError) -> tuple[str, str | None]:
    """Turn a schema error into words a contributor understands."""
    desc = error.schema.get("description") if isinstance(error.schema, dict) else None
    v = error.validator
    if v == "required":
        return f"missing required field '{_missing_field(error)}'", None
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return f"unknown field(s) {', '.join(map(repr, extra))}", f"allowed fields: {allowed}"
    if v == "enum":
        choices = ", ".join(map(str, error.validator_value))
        return f"{_short(error.instance)} is not one of: {choices}", desc
    if v == "type":
        return (f"should be {_a(error.validator_value)}, got {_type_name(error.instance)}", desc)
    if v == "pattern":
        if "https?" in error.validator_value:
            return f"{_short(error.instance)} is not an http:// or https:// URL", None
        if "a-z0-9" in error.validator_value:
            return (f"{_short(error.instance)} is not a valid id",
                    "use lower-case letters, digits and single hyphens")
        return f"{_short(error.instance)} has the wrong form", desc
    if v in ("anyOf", "oneOf"):
        if error.absolute_path and error.absolute_path[-1] == "date":
            return f"{_short(error.instance)} is not a date", "use YYYY-MM-DD, YYYY-MM, YYYY or null"
        return f"{_short(error.instance)} is not valid here", desc
    if v in ("minItems", "minLength"):
        return "must not be empty", desc
    if v in ("maxLength", "maxItems"):
        return f"is too long (limit {error.validator_value})", None
    if v == "uniqueItems":
        return "has duplicate entries", None
    return error.message, desc


def _a(kind: Any) -> str:
    names = {"string": "a string", "array": "a list", "object": "a mapping", "null": "null",
             "integer": "a whole number", "number": "a number", "boolean": "true or false"}
    if isinstance(kind, list):
        return " or ".join(names.get(k, k) for k in kind)
    return names.get(kind, str(kind))


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "true/false", int: "a number",
            float: "a number", type(None): "nothing (null)"}.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_lines(node: yaml.Node | None, offset: int, prefix: str = "") -> dict[str, int]:
    """Map each field path ("speakers/0/id") to its line in the file."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}{key.value}"
            lines[path] = key.start_mark.line + offset
            lines.update(_field_lines(value, offset, path + "/"))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}{index}"
            lines[path] = item.start_mark.line + offset
            lines.update(_field_lines(item, offset, path + "/"))
    return lines


def _line_for(field: str | None, field_lines: dict[str, int]) -> int | None:
    while field:
        if field in field_lines:
            return field_lines[field]
        field = field.rpartition("/")[0]
    return None
