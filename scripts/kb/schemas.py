"""The JSON Schemas in kb/schema/, read as data (no validator: cheap to import, e.g. for
`kb new --help`, which lists the schema's languages and formats)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

# Every schema the pipeline checks against, published beside each other under /schema/.
SCHEMAS = ("transcript", "themes", "roles", "glossary", "job_adverts")


@cache
def load_schema(schema: str) -> dict[str, Any]:
    """The JSON Schema ``kb/schema/<schema>.json``."""
    text = resources.files("kb").joinpath(f"schema/{schema}.json").read_text("utf-8")
    return json.loads(text)
