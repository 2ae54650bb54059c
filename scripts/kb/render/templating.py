"""The Jinja2 environment for page templates (scripts/kb/templates/*.md.j2).

Escaping is on by default and it is *our* escaping: every ``{{ value }}`` goes through
``escape.escape_text`` (HTML + Markdown) unless the value is ``Markup``, which only
the render code builds from escaped parts (links, quote blocks, resolved theme Markdown).
Templates must not build strings with ``~``/``format``: concatenating Markup with a plain
string would apply HTML escaping only.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from .escape import escape_text


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return escape_text("" if value is None else value)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kb", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render_template(name: str, **context: Any) -> str:
    text = environment().get_template(name).render(**context)
    # Collapse runs of blank lines left by template logic; Markdown does not need them.
    lines: list[str] = []
    for line in text.rstrip().split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines) + "\n"


# libyaml's emitter when PyYAML has it: the pure-Python one spent a third of rendering on the
# JSON-LD strings, character by character. Both write the same text (tests/test_same_output.py).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(*, title: str, description: str | None = None, tags: list[str] | None = None,
                 extra: dict[str, Any] | None = None) -> Markup:
    """YAML front matter for a generated page.

    MkDocs themes print ``title`` and tag names into HTML without escaping, so untrusted
    values are HTML-escaped here; yaml.safe_dump then makes them valid YAML whatever they are.
    """
    data: dict[str, Any] = {"title": html.escape(" ".join(title.split()))}
    if description:
        data["description"] = html.escape(" ".join(description.split()))
    if tags:
        data["tags"] = [html.escape(" ".join(t.split())) for t in tags]
    data.update(extra or {})
    dumped = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return Markup(f"---\n{dumped}---\n")
