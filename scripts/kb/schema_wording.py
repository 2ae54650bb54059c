"""Words a contributor understands for each kind of JSON Schema error.

jsonschema's own messages ("'x' is not of type 'array'") are written for programmers;
``explain`` turns one error into a message and a hint, using the schema's ``description``
of the field when nothing more specific applies.
"""

from __future__ import annotations

from typing import Any

import jsonschema

from .safe_yaml import type_name


def explain(error: jsonschema.ValidationError) -> tuple[str, str | None]:
    """(message, hint) for one schema error (not ``required`` or ``additionalProperties``,
    which schema_check words itself: they name a field, not a value)."""
    desc = error.schema.get("description") if isinstance(error.schema, dict) else None
    v = error.validator
    field = error.absolute_path[-1] if error.absolute_path else None
    if v == "enum":
        choices = ", ".join(map(str, error.validator_value))
        if isinstance(error.instance, bool):  # YAML 1.1 reads no/yes/off/on as booleans
            return f"{short(error.instance)} is not one of: {choices}", "put the value in quotes"
        return f"{short(error.instance)} is not one of: {choices}", desc
    if v == "type":
        return (f"should be {a_type(error.validator_value)}, got {type_name(error.instance)}", desc)
    if v == "pattern":
        if "https?" in error.validator_value:
            return (f"{short(error.instance)} is not an http:// or https:// URL",
                    "write the full address, starting with https://")
        if "a-z0-9" in error.validator_value:
            return (f"{short(error.instance)} is not a valid id",
                    "use lower-case letters, digits and single hyphens, e.g. 'ada-lovelace'")
        return f"{short(error.instance)} has the wrong form", desc
    if v in ("anyOf", "oneOf"):
        if field == "date":
            if isinstance(error.instance, int):
                return (f"{error.instance} is a number, not a date",
                        f"put a year in quotes (\"{error.instance}\") or write YYYY-MM-DD")
            return (f"{short(error.instance)} is not a date",
                    "use YYYY-MM-DD, YYYY-MM, YYYY (in quotes) or null")
        return f"{short(error.instance)} is not valid here", desc
    if v in ("minItems", "minLength"):
        return "must not be empty", desc or "fill in a value (see the comment above the field)"
    if v in ("maxLength", "maxItems"):
        return f"is too long (limit {error.validator_value})", None
    if v == "minimum":
        return f"{short(error.instance)} is less than {error.validator_value}", desc
    if v == "maximum":
        return f"{short(error.instance)} is more than {error.validator_value}", desc
    if v == "uniqueItems":
        return "has duplicate entries", None
    return error.message, desc


def a_type(kind: Any) -> str:
    """A JSON Schema type as a contributor would say it ("a list", "a whole number")."""
    names = {"string": "a string", "array": "a list", "object": "a mapping", "null": "null",
             "integer": "a whole number", "number": "a number", "boolean": "true or false"}
    if isinstance(kind, list):
        return " or ".join(names.get(k, k) for k in kind)
    return names.get(kind, str(kind))


def short(value: Any) -> str:
    """``repr(value)``, cut to 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
