"""Start a transcript file: a commented front-matter template above the raw text, unchanged.

The comments are generated from the JSON Schema's descriptions (schema/transcript.json),
so the template and the checks can never disagree. What can be read from the raw file
is filled in (format, language, speaker names from labels); everything a person must
decide is left blank so that `kb check` points at it.
"""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter

from .errors import KBError, Problem
from .frontmatter_loader import transcript_schema
from .language import guess_language
from .models import ReadResult
from .paragraphs import group_paragraphs
from .readers import LOWER_CASE_SHAPES, READERS, detect_format, read_body
from .readers.qa_markdown import ANSWERS, ASKS
from .source_files import decode_text, display_path, size_problem

COMMENT_WIDTH = 96

# Common function words: enough to tell the two languages the knowledge base accepts apart.


@dataclass(frozen=True)
class Scaffold:
    """A new transcript file and what was guessed while making it (for the command to say)."""

    text: bytes
    slug: str
    format: str | None
    format_reason: str
    language: str
    language_reason: str
    speakers: tuple[str, ...] = field(default=())
    preview: tuple[str, ...] = ()  # the first paragraphs as the build will read them
    imported: tuple[str, ...] = ()  # what was taken from the page itself, one line each
    roles: bool = False  # Q&A Markdown: questions and answers, declared once in `qa:`


def slugify(text: str) -> str:
    """``"Ada Lovelace: A Talk!"`` -> ``"ada-lovelace-a-talk"`` (the schema's id pattern)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def speaker_labels(result: ReadResult) -> tuple[str, ...]:
    """Distinct speaker labels the reader saw (voice tags, 'Name:' lines, ``who:``), in order;
    Q&A role labels ("Q", "A") are not names and are left out."""
    seen: dict[str, None] = {}
    for segment in result.segments:
        if segment.speaker and not (result.roles and segment.speaker in (ASKS, ANSWERS)):
            seen.setdefault(segment.speaker)
    return tuple(seen)


PREVIEW_PARAGRAPHS = 3
PREVIEW_CHARS = 100


def preview_lines(result: ReadResult, fmt: str) -> tuple[str, ...]:
    """The first paragraphs as the build will group them: speaker label, start time, words."""
    paragraphs, _ = group_paragraphs(list(result.segments), restore_case=fmt in LOWER_CASE_SHAPES, names=())
    lines = []
    roles = {ASKS: "question (qa.asks)", ANSWERS: "answer (qa.answers)"} if result.roles else {}
    for paragraph in paragraphs[:PREVIEW_PARAGRAPHS]:
        who = roles.get(paragraph.speaker or "", paragraph.speaker) or "no speaker"
        when = _clock(paragraph.start_seconds) if paragraph.start_seconds is not None else "no time"
        words = paragraph.text if len(paragraph.text) <= PREVIEW_CHARS else paragraph.text[:PREVIEW_CHARS - 1] + "…"
        lines.append(f"[{who} · {when}] {words}")
    if len(paragraphs) > PREVIEW_PARAGRAPHS:
        more = len(paragraphs) - PREVIEW_PARAGRAPHS
        lines.append(f"… {more} more paragraph{'s' if more > 1 else ''}")
    return tuple(lines)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def scaffold_transcript(raw: bytes | None, *, name: str = "(new file)", slug: str, title: str | None = None,
                        language: str | None = None, fmt: str | None = None,
                        date: str | None = None) -> Scaffold:
    """The complete file for a new transcript: commented front matter + ``raw`` byte for byte."""
    body = ""
    if raw is not None:
        too_big = size_problem(len(raw), name)
        if too_big:
            raise KBError(too_big)
        decoded, problems = decode_text(raw, name)
        if decoded is None:
            raise KBError(problems)
        if frontmatter.YAMLHandler().detect(decoded) and detect_format(decoded)[0] != "datatalks":
            raise KBError(Problem(name, "already starts with front matter ('---'): it looks like a "
                                        "transcript, not a raw file", line=1,
                                  hint="run `kb new` on the raw text as received, or edit the transcript"))
        body = decoded
    if fmt is not None:
        fmt_reason = "given with --format"
    elif body.strip():
        fmt, fmt_reason = detect_format(body)
    else:
        fmt_reason = "no raw text yet: add `format:` once you paste it, or let `kb check` guess"
    if language is not None:
        lang, lang_reason = language, "given with --language"
    else:
        lang, lang_reason = guess_language(body)
    # The reader must accept the body now: a raw file the build cannot read must be fixed
    # before it becomes a transcript, because transcript bodies are never edited by hand.
    result = read_body(fmt, body, name=name, body_line=1) if fmt and body.strip() else ReadResult(segments=())
    labels = speaker_labels(result)
    speakers = [{"id": slugify(label) or f"speaker-{n + 1}", "name": label, "kind": ""}
                for n, label in enumerate(labels)] or [{"id": "", "name": "", "kind": ""}]
    values: dict[str, Any] = {
        "slug": slug, "title": "", "date": "", "language": lang,
        "source": {"publisher": ""}, "speakers": speakers, "summary": "", "quotes": [],
    }
    if result.roles:
        values["qa"] = {"asks": "", "answers": ""}
    importer = getattr(READERS[fmt], "imported_front_matter", None) if fmt else None
    imported: list[str] = []
    if importer is not None and body.strip():
        page_values, imported = importer(body, labels)
        values.update(page_values)
    # What the command line gives wins over what the page says.
    if title:
        values["title"] = title
    if date:
        values["date"] = date
    if fmt:
        values["format"] = fmt
    front = render_front_matter(values)
    return Scaffold(text=front.encode("utf-8") + (raw or b""), slug=slug, format=fmt,
                    format_reason=fmt_reason, language=lang, language_reason=lang_reason,
                    speakers=labels, preview=preview_lines(result, fmt) if fmt and result.segments else (),
                    imported=tuple(imported), roles=bool(result.roles))


def write_new_transcript(folder: Path, scaffold: Scaffold) -> Path:
    """Write ``folder/<slug>.md``; never overwrites (KBError when the file exists)."""
    path = folder / f"{scaffold.slug}.md"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("xb") as handle:  # "x": fail if it exists, atomically
            handle.write(scaffold.text)
    except FileExistsError:
        raise KBError(Problem(display_path(path), "already exists; kb new never overwrites a file",
                              hint="choose another --slug, or edit the existing file")) from None
    return path


# -- the template -----------------------------------------------------------------------------

_HEADER = """\
# Front matter of an interview transcript. Fill in every field marked (required),
# then run `kb check`. Lines starting with '#' are comments: keep or delete them.
# Optional fields are commented out: remove the '# ' in front to use one.
# Field reference: scripts/kb/schema/transcript.json (published as /schema/transcript.json);
# how to contribute: docs/contributing.md. Do not edit the raw text below the closing '---'.
"""


def render_front_matter(values: dict[str, Any]) -> str:
    """``---`` + commented YAML for every schema field, with ``values`` filled in, + ``---``."""
    schema = transcript_schema()
    lines = _object_lines(schema, values, indent="")
    return "---\n" + _HEADER + "\n".join(lines) + "\n---\n"


def _resolve(prop: dict[str, Any]) -> dict[str, Any]:
    ref = prop.get("$ref", "")
    if ref.startswith("#/$defs/"):
        base = dict(transcript_schema()["$defs"][ref.rpartition("/")[2]])
        base.update({k: v for k, v in prop.items() if k != "$ref"})
        return base
    return prop


def describe(prop: dict[str, Any]) -> str:
    """The field's explanation: its own description, plus its type's when that adds something."""
    own = prop.get("description", "")
    ref = prop.get("$ref", "")
    inherited = ""
    if ref.startswith("#/$defs/"):
        inherited = transcript_schema()["$defs"][ref.rpartition("/")[2]].get("description", "")
    parts = [p for p in (own, inherited) if p]
    return " ".join(dict.fromkeys(parts))


def _comment(text: str, indent: str) -> list[str]:
    lead = " " * (len(text) - len(text.lstrip()))
    return textwrap.wrap(text.lstrip(), width=COMMENT_WIDTH, initial_indent=f"{indent}# {lead}",
                         subsequent_indent=f"{indent}# {lead}  ", break_on_hyphens=False)


def _scalar(value: Any) -> str:
    # JSON is valid YAML flow syntax and escapes whatever came from the raw file.
    return json.dumps(value, ensure_ascii=False)


def _object_lines(schema: dict[str, Any], values: dict[str, Any], indent: str) -> list[str]:
    lines: list[str] = []
    required = schema.get("required", [])
    for name, raw_prop in schema.get("properties", {}).items():
        prop = _resolve(raw_prop)
        status = "required" if name in required else "optional"
        lines += _comment(f"{name} ({status}): {describe(raw_prop)}", indent)
        if name in values:
            lines += _value_lines(name, prop, values[name], indent)
        else:
            lines += [f"{indent}# {line.lstrip()}" if not line.lstrip().startswith("#") else line
                      for line in _example_lines(name, prop, indent)]
    return lines


def _value_lines(name: str, prop: dict[str, Any], value: Any, indent: str) -> list[str]:
    if prop.get("type") == "object" and isinstance(value, dict):
        return [f"{indent}{name}:"] + _object_lines(prop, value, indent + "  ")
    items = _resolve(prop.get("items", {}))
    if prop.get("type") == "array" and items.get("type") == "object":
        if not value:
            return [f"{indent}{name}: []"] + _item_reference(name, items, indent)
        lines = [f"{indent}{name}:"]
        for number, item in enumerate(value):
            item_lines = (_object_lines(items, item, indent + "    ") if number == 0
                          else _bare_object_lines(items, item, indent + "    "))
            first = next(i for i, line in enumerate(item_lines) if not line.lstrip().startswith("#"))
            item_lines[first] = f"{indent}  - " + item_lines[first][len(indent) + 4:]
            lines += item_lines
        return lines
    return [f"{indent}{name}: {_scalar(value)}"]


def _bare_object_lines(schema: dict[str, Any], values: dict[str, Any], indent: str) -> list[str]:
    """Later list items: the values only (the first item carries the explanations)."""
    return [f"{indent}{key}: {_scalar(value)}" for key, value in values.items()]


def _item_reference(name: str, items: dict[str, Any], indent: str) -> list[str]:
    """An empty list's item fields, explained, then a commented example to copy."""
    lines = _comment(f"Each entry of {name} has these fields:", indent)
    for key, raw_prop in items.get("properties", {}).items():
        status = "required" if key in items.get("required", []) else "optional"
        lines += _comment(f"  {key} ({status}): {describe(raw_prop)}", indent)
        nested = _resolve(raw_prop)
        nested_items = _resolve(nested.get("items", {}))
        if nested.get("type") == "array" and nested_items.get("type") == "object":
            for sub, sub_prop in nested_items.get("properties", {}).items():
                sub_status = "required" if sub in nested_items.get("required", []) else "optional"
                lines += _comment(f"    {sub} ({sub_status}): {describe(sub_prop)}", indent)
    example = _EXAMPLES.get(name)
    if example:
        lines += [f"{indent}# Example:"] + [f"{indent}# {line}" for line in example]
    return lines


def _example_lines(name: str, prop: dict[str, Any], indent: str) -> list[str]:
    """An optional field, to be shown commented out."""
    items = _resolve(prop.get("items", {}))
    if prop.get("type") == "array" and items.get("type") == "object":
        return [f"{indent}{name}: []"] + _item_reference(name, items, indent)
    if prop.get("type") == "array":
        return [f"{indent}{name}: []"]
    if prop.get("type") == "object":  # e.g. rights: its fields, explained, all commented out
        return [f"{indent}{name}:"] + _object_lines(prop, {}, indent + "  ")
    return [f"{indent}{name}: \"\""]


# Commented examples for the lists a contributor fills by hand.
_EXAMPLES: dict[str, Iterable[str]] = {
    "quotes": (
        "quotes:",
        "  - id: ada-maths-is-not-enough",
        "    text: \"exact words copied from the raw text below … more exact words\"",
        "    speaker: ada-lovelace",
        "    themes: [skills]",
    ),
    "turns": (
        "turns:",
        "  - speaker: ada-lovelace",
        "    at: \"12:34\"",
        "  - speaker: grace-hopper",
        "    starts: \"first words of the next turn\"",
    ),
    "career": (
        "career:",
        "  - when: \"2015\"",
        "    what: \"PhD in statistics\"",
        "    evidence: \"exact words from the body that say so\"",
    ),
}
