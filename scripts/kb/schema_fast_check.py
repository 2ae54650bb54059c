"""A quick yes to "is this document valid against the schema?", from jsonschema-rs.

Python's jsonschema took ~1.5 CPU s of a cold 500-interview build to find that the front
matters were valid; jsonschema-rs answers the same question in a few hundredths of a second.
It only ever says yes or "ask Python": ``surely_valid`` is True only when Python's
validator (schema_check) would find no error either, so a valid document skips the
Python validator and any other goes through it, which words every message as before.

Where the two validators could disagree, the Python side judges:

- ``pattern``: jsonschema-rs reads ECMA-262 regular expressions, whose ``\\s``, ``\\d`` and
  ``$`` are not Python's ("\\x1c" is ``\\s`` to Python, ``\\S`` to ECMA). Every pattern
  becomes a custom format whose check is Python's ``re.search``, as jsonschema's own.
- ``format``: jsonschema-rs's "date" takes 0000-01-01, Python's does not; every format
  becomes a custom format checked by the Python validator's own format checker.
- values JSON has no type for (YAML's dates, ``!!omap`` tuples, bytes, sets, non-string
  keys, NaN, lone surrogates, str subclasses): such a document is never sent to
  jsonschema-rs, since it would read a tuple as an array where Python's validator
  does not.
- a schema keyword not listed in ``_KNOWN_KEYWORDS`` turns the quick check off for the
  whole schema rather than trust the two implementations to agree on it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import jsonschema
import jsonschema_rs

from .schemas import load_schema

# Keywords whose value is one subschema, a list of them, or a name -> subschema mapping.
_ONE_SCHEMA = {"items", "additionalProperties", "propertyNames"}
_SCHEMA_LIST = {"anyOf", "oneOf", "allOf"}
_SCHEMA_MAP = {"properties", "$defs"}
# Keywords both validators were checked to read alike on plain JSON values
# (tests/test_schema_fast_check.py); "pattern" and "format" are rewritten below.
_KNOWN_KEYWORDS = _ONE_SCHEMA | _SCHEMA_LIST | _SCHEMA_MAP | {
    "$schema", "$id", "$ref", "title", "description", "type", "enum", "const", "required",
    "minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "uniqueItems",
    "pattern", "format",
}

# The format checker schema_check's validator uses.
_PYTHON_FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER
_SURROGATE = re.compile("[\ud800-\udfff]")
_INT_RANGE = (-(2**63), 2**63 - 1)  # held exactly by jsonschema-rs (i64), not as a float


class _UnknownKeyword(Exception):
    pass


@cache
def _fast_validator(schema: str) -> Any:
    """The jsonschema-rs validator for ``schema`` with Python's patterns and formats, or None
    when the schema uses a keyword the quick check does not know."""
    checks: dict[str, Callable[[str], bool]] = {}
    try:
        rewritten = _python_patterns_and_formats(load_schema(schema), checks)
    except _UnknownKeyword:
        return None
    return jsonschema_rs.validator_for(rewritten, formats=checks, validate_formats=True,
                                       ignore_unknown_formats=False)


def _python_patterns_and_formats(node: Any, checks: dict[str, Callable[[str], bool]]) -> Any:
    """A copy of the subschema ``node`` in which each ``pattern`` and ``format`` is a custom
    format named in ``checks``, whose check is the one Python's jsonschema makes."""
    if isinstance(node, bool):
        return node
    if not isinstance(node, dict):
        raise _UnknownKeyword(repr(node))
    out: dict[str, Any] = {}
    python_checks = []
    for key, value in node.items():
        if key not in _KNOWN_KEYWORDS:
            raise _UnknownKeyword(key)
        if key in _ONE_SCHEMA:
            out[key] = _python_patterns_and_formats(value, checks)
        elif key in _SCHEMA_LIST:
            out[key] = [_python_patterns_and_formats(v, checks) for v in value]
        elif key in _SCHEMA_MAP:
            out[key] = {k: _python_patterns_and_formats(v, checks) for k, v in value.items()}
        elif key == "pattern":
            name = f"python-pattern:{value}"
            # jsonschema's "pattern" is re.search(pattern, instance) on strings.
            checks[name] = lambda s, rx=re.compile(value): rx.search(s) is not None
            python_checks.append({"format": name})
        elif key == "format":
            name = f"python-format:{value}"
            checks[name] = lambda s, fmt=value: _PYTHON_FORMATS.conforms(s, fmt)
            python_checks.append({"format": name})
        else:
            out[key] = value
    if python_checks:
        # Beside a $ref or the other keywords of the same subschema, as the originals were.
        out["allOf"] = out.get("allOf", []) + python_checks
    return out


def plain_json(data: Any) -> bool:
    """True when ``data`` holds only what JSON has: dicts with str keys, lists, str (without
    lone surrogates), bool, None, ints jsonschema-rs holds exactly, and finite floats."""
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is str:
            if not value.isascii() and _SURROGATE.search(value):
                return False
        elif kind is dict:
            for key in value:
                if type(key) is not str or (not key.isascii() and _SURROGATE.search(key)):
                    return False
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif kind is int:
            if not _INT_RANGE[0] <= value <= _INT_RANGE[1]:
                return False
        elif kind is float:
            if not math.isfinite(value):
                return False
        elif value is not None and kind is not bool:
            return False
    return True


def surely_valid(data: Any, schema: str) -> bool:
    """True only when Python's validator would find ``data`` valid against ``schema``;
    False means "ask it" (the document may well be valid)."""
    validator = _fast_validator(schema)
    if validator is None or not plain_json(data):
        return False
    try:
        return bool(validator.is_valid(data))
    except Exception:  # noqa: BLE001 -- whatever jsonschema-rs cannot take, Python judges
        return False
