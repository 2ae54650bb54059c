"""Reading the editors' YAML files in data/ (themes, roles, glossary, job adverts).

Each file goes through the same stages as a transcript's front matter: the size limit and
UTF-8 decoding (source_files), the hardened YAML loader (safe_yaml: duplicate keys,
aliases, nesting) and its JSON Schema in kb/schema/ (schema_check). What the schema cannot
say (a reference resolves, a figure is said in its quote) the file's own loader checks
next, knowing that every field already has the type the schema gives it.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problems
from .safe_yaml import YamlDocument, read_yaml
from .schema_check import check_against_schema
from .source_files import decode_text, display_path, read_bytes

# Markdown links count as brackets: the limit only guards against absurd nesting.
_DATA_MAX_FLOW_BRACKETS = 20_000


def load_data_file(path: Path, schema: str, problems: Problems) -> YamlDocument | None:
    """The file at ``path`` parsed and checked against ``kb/schema/<schema>.json``.

    Returns None, after adding every problem (file, field, line) to ``problems``, when the
    file cannot be read or breaks the schema in any way."""
    found = Problems()
    document = read_data_file(path, found)
    if document is not None:
        found.extend(check_against_schema(document.data, schema, display_path(path), document.lines))
    problems.extend(found.items)
    return None if found else document


def read_data_file(path: Path, problems: Problems) -> YamlDocument | None:
    """The file at ``path`` through the hardened YAML loader, not yet checked against a schema.

    Returns None, after adding the problems to ``problems``, when it cannot be read."""
    name = display_path(path)
    data, found = read_bytes(path, name)
    text, more = decode_text(data, name) if data is not None else (None, [])
    found += more
    document = None
    if text is not None:
        document, more = read_yaml(text, name, what="the file", hint="compare with the other entries of the file",
                                   max_brackets=_DATA_MAX_FLOW_BRACKETS)
        found += more
    problems.extend(found)
    return None if found else document
