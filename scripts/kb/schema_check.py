"""Check parsed YAML against one of the JSON Schemas in kb/schema/, one problem per mistake.

The same checker serves transcripts' front matter (transcript.json) and every editors'
data file (themes.json, roles.json, glossary.json, job_adverts.json): each problem names
the file, the field path and its line, with a hint from the schema's descriptions.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

import jsonschema

from .errors import Problem
from .safe_yaml import line_for
from .schema_fast_check import surely_valid
from .schema_wording import explain
from .schemas import load_schema


@cache
def _validator(schema: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(schema),
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def check_against_schema(data: Any, schema: str, name: str, lines: dict[str, int]) -> list[Problem]:
    """Problems of ``data`` (from file ``name``, field lines ``lines``) against ``schema``, in field order."""
    if surely_valid(data, schema):
        # jsonschema-rs's quick yes (schema_fast_check); any other answer is Python's to word.
        return []
    problems = []
    reported_required: set[tuple[str, ...]] = set()
    errors = sorted(_validator(schema).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
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
                desc = _property_description(schema, error.schema, missing)
                problems.append(Problem(name, f"missing required field '{missing}'",
                                        field=f"{parent}/{missing}" if parent else missing,
                                        line=line_for(parent, lines), hint=desc))
            continue
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for extra in sorted((k for k in error.instance if k not in allowed), key=str):
                field = f"{parent}/{extra}" if parent else str(extra)
                close = difflib.get_close_matches(str(extra), allowed, n=1)
                hint = (f"did you mean '{close[0]}'? " if close else "") + "allowed fields: " + ", ".join(allowed)
                problems.append(Problem(name, f"unknown field '{extra}'", field=field,
                                        line=line_for(field, lines), hint=hint))
            continue
        message, hint = explain(error)
        problems.append(Problem(name, message, field=parent or None, line=line_for(parent, lines), hint=hint))
    return problems


def _property_description(schema: str, sub_schema: Any, prop: str) -> str | None:
    """The description of ``sub_schema.properties[prop]`` (following a $ref), for hints."""
    if not isinstance(sub_schema, dict):
        return None
    sub = sub_schema.get("properties", {}).get(prop, {})
    if "description" in sub:
        return str(sub["description"])
    ref = sub.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return load_schema(schema).get("$defs", {}).get(ref.rpartition("/")[2], {}).get("description")
    return None
