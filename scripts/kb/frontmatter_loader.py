"""Read one transcript file: bytes -> front matter (validated) + raw body, or problems.

Every way a contributor's file can be wrong ends here as a ``Problem`` naming the file,
the field and the line, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
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


class _FastStringDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader on libyaml (C) when PyYAML has it: the pure-Python parser was ~25 %
    of `kb check` on 50 interviews (docs/scaling.md). Errors are re-read with the Python
    loader, whose messages and marks the problem reports are written against."""


_FastStringDateLoader.yaml_implicit_resolvers = _StringDateLoader.yaml_implicit_resolvers


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
        if size > MAX_FILE_BYTES:  # checked before reading: never load a stray video into memory
            return None, [_too_big(name, size)]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, f"cannot read file: {exc.strerror or exc}")]
    return parse_transcript(data, path)


def decode_text(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of ``data`` without a leading BOM, or a problem saying where it is not text."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        return None, [Problem(name, f"file looks binary (NUL byte at offset {offset})",
                              line=data[:offset].count(b"\n") + 1,
                              hint="transcripts must be UTF-8 text; convert captions or documents to text first")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(name, f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset "
                                    f"{exc.start}", line=line,
                              hint="re-save the file as UTF-8 (most editors: Save with encoding > UTF-8)")]
    return text.removeprefix("\ufeff"), []


def parse_transcript(data: bytes, path: Path) -> tuple[TranscriptSource | None, list[Problem]]:
    """Split and validate one transcript's bytes. Returns the source (None when unusable) and problems."""
    name = display_path(path)
    if not data.strip():
        return None, [Problem(name, "file is empty", hint="start from `kb new` (see docs/contributing.md)")]
    if len(data) > MAX_FILE_BYTES:
        return None, [_too_big(name, len(data))]
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
    # fm_text starts with the rest of the opening '---' line (file line 1), so a YAML line
    # number n (0-based) is file line n + 1.
    brackets = fm_text.count("[") + fm_text.count("{")
    if brackets > _MAX_FLOW_BRACKETS:
        # Both YAML parsers are quadratic in flow nesting (libyaml: 70 s for 100,000 '[').
        return None, [Problem(name, f"front matter has {brackets:,} '[' and '{{' brackets; the limit "
                                    f"is {_MAX_FLOW_BRACKETS:,}", line=_FM_OFFSET + 1,
                              hint="compare with the template from `kb new`")]
    try:
        root, meta = _read_yaml(fm_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        aliases = isinstance(exc, _AliasError)
        return None, [Problem(name, f"{'' if aliases else 'YAML syntax error in front matter: '}{problem}",
                              line=(mark.line + _FM_OFFSET) if mark else None,
                              column=(mark.column + 1) if mark else None,
                              hint="write the value out in full" if aliases else
                              "check indentation (spaces, not tabs) and put values containing "
                              "':' or '#' in quotes")]
    except RecursionError:
        return None, [Problem(name, "front matter is nested too deeply to read", line=_FM_OFFSET + 1,
                              hint="compare with the template from `kb new`")]
    if not isinstance(meta, dict):
        kind = _type_name(meta) if meta is not None else "nothing"
        return None, [Problem(name, f"front matter must be a mapping of 'field: value' lines, got {kind}",
                              line=_FM_OFFSET + 1, hint="compare with the template from `kb new`")]
    field_lines = _field_lines(root, offset=_FM_OFFSET)
    surrogates = [Problem(name, f"contains {ch!r}, half of a UTF-16 pair: not a character", field=field or None,
                          line=_line_for(field, field_lines), hint="write the character itself, not a \\u escape")
                  for field, ch in _lone_surrogates(meta)]
    if surrogates:
        # The Python YAML parser accepts "\ud800"; no page or message could be written with it.
        return None, surrogates
    source = TranscriptSource(path, meta, body, body_line, field_lines)
    problems = _duplicate_keys(root, name) + validate_meta(meta, name, field_lines)
    if not body.strip():
        problems.append(Problem(name, "the body (raw text under the front matter) is empty",
                                field="body", line=body_line,
                                hint="paste the raw transcript under the closing '---'"))
    return source, problems


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogates(meta: Any) -> list[tuple[str, str]]:
    """(field path, character) of every key or string value holding a lone surrogate."""
    found = []
    stack: list[tuple[str, Any]] = [("", meta)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}/{key}" if path else str(key)
                match = _SURROGATE.search(key) if isinstance(key, str) else None
                if match:
                    found.append((path, match.group()))
                else:
                    stack.append((child, item))
        elif isinstance(value, list):
            stack.extend((f"{path}/{n}" if path else str(n), item) for n, item in enumerate(value))
        elif isinstance(value, str) and (match := _SURROGATE.search(value)):
            found.append((path, match.group()))
    return sorted(found)


def _too_big(name: str, size: int) -> Problem:
    return Problem(name, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (MAX_FILE_BYTES)",
                   hint="is this really a text transcript? Split a very long one into parts")


_FM_OFFSET = 1


class _AliasError(yaml.MarkedYAMLError):
    pass


def _read_yaml(fm_text: str) -> tuple[yaml.Node | None, Any]:
    """(node tree for line numbers, data); fast C parse first, Python parse for the errors."""
    try:
        _reject_aliases(fm_text, _FastStringDateLoader)
        root = yaml.compose(fm_text, Loader=_FastStringDateLoader)
        # libyaml nests without limit; the recursive checks after it do not. Report absurd
        # nesting now (parse_transcript turns this into a problem): the Python parser takes
        # seconds to fail on a few thousand levels (26 s for 5,000 '[').
        if _deeper_than(root, _MAX_DEPTH):
            raise RecursionError(f"front matter nested deeper than {_MAX_DEPTH} levels")
        return root, yaml.load(fm_text, Loader=_FastStringDateLoader)
    except yaml.YAMLError:
        pass
    _reject_aliases(fm_text)
    return yaml.compose(fm_text, Loader=_StringDateLoader), yaml.load(fm_text, Loader=_StringDateLoader)


_MAX_DEPTH = 50  # the schema needs 5 levels
_MAX_FLOW_BRACKETS = 500  # a real front matter has a few dozen ("themes: [roles]", "[…]")


def _deeper_than(node: yaml.Node | None, limit: int) -> bool:
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(current, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in current.value for child in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)
    return False


def _reject_aliases(fm_text: str, loader: type = _StringDateLoader) -> None:
    """Anchors and aliases (&a, *a) have no use here and can blow up validation time."""
    for event in yaml.parse(fm_text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _AliasError(problem="YAML anchors and aliases (&name, *name) are not allowed",
                                       problem_mark=event.start_mark)


def _duplicate_keys(node: yaml.Node | None, name: str, prefix: str = "") -> list[Problem]:
    """YAML keeps the last of two equal keys silently; a contributor would lose the first."""
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + _FM_OFFSET
            label = key.value if isinstance(key.value, str) else str(key.value)
            if not isinstance(key.value, str):
                pass  # a list or mapping used as a key: the schema reports it as unknown
            elif key.value in seen:
                problems.append(Problem(name, f"field '{label}' appears twice (first on line "
                                              f"{seen[key.value]}); only the last one would count",
                                        field=f"{prefix}{label}", line=line,
                                        hint="merge the two entries into one"))
            else:
                seen[key.value] = line
            problems += _duplicate_keys(value, name, f"{prefix}{label}/")
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _duplicate_keys(item, name, f"{prefix}{index}/")
    return problems


def validate_meta(meta: dict[str, Any], name: str, field_lines: dict[str, int]) -> list[Problem]:
    """Check ``meta`` against the JSON Schema; one problem per mistake, in field order."""
    schema = transcript_schema()
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    problems = []
    reported_required: set[tuple[str, ...]] = set()
    errors = sorted(validator.iter_errors(meta), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        parent = "/".join(str(p) for p in error.absolute_path)
        if error.validator == "required":
            # jsonschema reports each missing field as a separate error carrying the whole
            # list; report each missing field exactly once.
            key = tuple(str(p) for p in error.absolute_path)
            if key in reported_required:
                continue
            reported_required.add(key)
            instance = error.instance if isinstance(error.instance, dict) else {}
            for missing in (f for f in error.validator_value if f not in instance):
                desc = _property_description(error.schema, missing)
                problems.append(Problem(name, f"missing required field '{missing}'",
                                        field=f"{parent}/{missing}" if parent else missing,
                                        line=_line_for(parent, field_lines), hint=desc))
            continue
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for extra in sorted((k for k in error.instance if k not in allowed), key=str):
                field = f"{parent}/{extra}" if parent else str(extra)
                close = difflib.get_close_matches(str(extra), allowed, n=1)
                hint = (f"did you mean '{close[0]}'? " if close else "") + "allowed fields: " + ", ".join(allowed)
                problems.append(Problem(name, f"unknown field '{extra}'", field=field,
                                        line=_line_for(field, field_lines), hint=hint))
            continue
        message, hint = _explain(error)
        problems.append(Problem(name, message, field=parent or None, line=_line_for(parent, field_lines),
                                hint=hint))
    date = meta.get("date")
    if isinstance(date, str) and not any(p.field == "date" for p in problems):
        # Belt and braces: the schema's pattern accepts YYYY-MM-DD shapes such as 2024-02-30.
        try:
            dt.date.fromisoformat(date if len(date) == 10 else (date + "-01-01")[:10])
        except ValueError:
            problems.append(Problem(name, f"'{date}' is not a real date", field="date",
                                    line=field_lines.get("date"), hint="use YYYY-MM-DD"))
    return problems


def _property_description(schema: Any, prop: str) -> str | None:
    """The description of ``schema.properties[prop]`` (following a $ref), for hints."""
    if not isinstance(schema, dict):
        return None
    sub = schema.get("properties", {}).get(prop, {})
    if "description" in sub:
        return str(sub["description"])
    ref = sub.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return transcript_schema()["$defs"].get(ref.rpartition("/")[2], {}).get("description")
    return None


def _explain(error: jsonschema.ValidationError) -> tuple[str, str | None]:
    """Turn a schema error into words a contributor understands."""
    desc = error.schema.get("description") if isinstance(error.schema, dict) else None
    v = error.validator
    field = error.absolute_path[-1] if error.absolute_path else None
    if v == "enum":
        choices = ", ".join(map(str, error.validator_value))
        if isinstance(error.instance, bool):  # YAML 1.1 reads no/yes/off/on as booleans
            return f"{_short(error.instance)} is not one of: {choices}", "put the value in quotes"
        return f"{_short(error.instance)} is not one of: {choices}", desc
    if v == "type":
        return (f"should be {_a(error.validator_value)}, got {_type_name(error.instance)}", desc)
    if v == "pattern":
        if "https?" in error.validator_value:
            return (f"{_short(error.instance)} is not an http:// or https:// URL",
                    "write the full address, starting with https://")
        if "a-z0-9" in error.validator_value:
            return (f"{_short(error.instance)} is not a valid id",
                    "use lower-case letters, digits and single hyphens, e.g. 'ada-lovelace'")
        return f"{_short(error.instance)} has the wrong form", desc
    if v in ("anyOf", "oneOf"):
        if field == "date":
            if isinstance(error.instance, int):
                return (f"{error.instance} is a number, not a date",
                        f"put a year in quotes (\"{error.instance}\") or write YYYY-MM-DD")
            return (f"{_short(error.instance)} is not a date",
                    "use YYYY-MM-DD, YYYY-MM, YYYY (in quotes) or null")
        return f"{_short(error.instance)} is not valid here", desc
    if v in ("minItems", "minLength"):
        return "must not be empty", desc or "fill in a value (see the comment above the field)"
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
