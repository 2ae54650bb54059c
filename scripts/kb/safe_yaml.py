"""Hardened YAML for everything contributors and editors write (front matter, data/*.yml).

``read_yaml`` parses with libyaml (``yaml.CSafeLoader``) when PyYAML has it and falls back
to the pure-Python ``SafeLoader``; either way the problems it reports are worded from the
Python parser's messages and marks, so a contributor reads the same message on every
machine. On top of YAML's own rules it refuses what has no use here and can hurt:
anchors and aliases, absurd nesting or bracket counts, duplicate keys (YAML keeps the last
one silently) and lone UTF-16 surrogates. Dates stay the strings the contributor wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem


class StringDateLoader(yaml.SafeLoader):
    """The pure-Python SafeLoader, keeping dates as the strings the contributor wrote."""


StringDateLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FastStringDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader on libyaml (C) when PyYAML has it: the pure-Python parser was ~25 %
    of `kb check` on 50 interviews (docs/scaling.md). Without libyaml it is the Python one."""


FastStringDateLoader.yaml_implicit_resolvers = StringDateLoader.yaml_implicit_resolvers

# The loader tried first; tests set it to StringDateLoader to check the messages are the
# same without libyaml.
FIRST_LOADER: type = FastStringDateLoader

MAX_DEPTH = 50  # the transcript schema needs 5 levels, the data files 6
# Both YAML parsers are quadratic in flow nesting (libyaml: 70 s for 100,000 '['): a front
# matter has a few dozen ("themes: [roles]"); data files, whose Markdown links count too, more.
MAX_FLOW_BRACKETS = 500


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML and the line of every field path ("speakers/0/id" -> line in the file)."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)

    def line_for(self, path: str | None) -> int | None:
        return line_for(path, self.lines)


def read_yaml(text: str, name: str, *, first_line: int = 1, what: str = "the file",
              hint: str = "compare with the other entries", max_brackets: int = MAX_FLOW_BRACKETS
              ) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``text`` (which starts on line ``first_line`` of file ``name``).

    Returns the document, or None when nothing usable could be read, and the problems:
    duplicate keys come with a document (the file is readable, but wrong); every other
    problem comes without one. ``what`` names the text in messages ("front matter"),
    ``hint`` says where to look for a well-formed example.
    """
    offset = first_line - 1
    start = content_line(text, first_line)
    brackets = text.count("[") + text.count("{")
    if brackets > max_brackets:
        return None, [Problem(name, f"{what} has {brackets:,} '[' and '{{' brackets; the limit is "
                                    f"{max_brackets:,}", line=start, hint=hint)]
    try:
        root, data = _parse(text)
    except _AliasError as exc:
        mark = exc.problem_mark
        return None, [Problem(name, str(exc.problem), line=mark.line + 1 + offset, column=mark.column + 1,
                              hint="write the value out in full")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(name, f"YAML syntax error in {what}: {problem}",
                              line=(mark.line + 1 + offset) if mark else None,
                              column=(mark.column + 1) if mark else None,
                              hint="check indentation (spaces, not tabs) and put values containing "
                                   "':' or '#' in quotes")]
    except RecursionError:
        return None, [Problem(name, f"{what} is nested too deeply to read", line=start, hint=hint)]
    lines = field_lines(root, offset=1 + offset)
    # The data can only hold a lone surrogate that the text holds or writes as an escape
    # ("\ud800"): a substring test spares most documents the walk over every value.
    may_hold = "\\u" in text or "\\U" in text or _SURROGATE.search(text) is not None
    surrogates = [Problem(name, f"contains {ch!r}, half of a UTF-16 pair: not a character",
                          field=path or None, line=line_for(path, lines),
                          hint="write the character itself, not a \\u escape")
                  for path, ch in (_lone_surrogates(data) if may_hold else ())]
    if surrogates:
        # The Python YAML parser accepts "\ud800"; no page or message could be written with it.
        return None, surrogates
    return YamlDocument(data, lines), _duplicate_keys(root, name, offset=1 + offset)


def content_line(text: str, first_line: int) -> int:
    """The file line where ``text``'s YAML starts: front matter text begins with the end of
    the opening '---' line, so its first YAML line is the next one."""
    return first_line + 1 if text[:1] in ("\n", "\r") and text else first_line


def type_name(value: Any) -> str:
    """What a contributor would call the type of a YAML value ("a list", "true/false")."""
    return {dict: "a mapping", list: "a list", str: "a string", bool: "true/false", int: "a number",
            float: "a number", type(None): "nothing (null)"}.get(type(value), type(value).__name__)


def field_lines(node: yaml.Node | None, offset: int, prefix: str = "") -> dict[str, int]:
    """Map each field path ("speakers/0/id") to its line in the file (YAML line + ``offset``)."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}{key.value}"
            lines[path] = key.start_mark.line + offset
            lines.update(field_lines(value, offset, path + "/"))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}{index}"
            lines[path] = item.start_mark.line + offset
            lines.update(field_lines(item, offset, path + "/"))
    return lines


def line_for(path: str | None, lines: dict[str, int]) -> int | None:
    """The line of field ``path``, or of its nearest parent that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition("/")[0]
    return None


class _AliasError(yaml.MarkedYAMLError):
    pass


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """(node tree for line numbers, data); fast parse first, Python parse for the errors."""
    if FIRST_LOADER is not StringDateLoader:
        try:
            if "&" in text or "*" in text:  # no anchor or alias can be written without them
                _reject_aliases(text, FIRST_LOADER)
            loader = FIRST_LOADER(text)
            try:
                root = loader.get_single_node()  # what yaml.compose returns
                # libyaml nests without limit; the recursive checks after it do not. Report absurd
                # nesting now (read_yaml turns this into a problem): the Python parser takes
                # seconds to fail on a few thousand levels (26 s for 5,000 '[').
                if _deeper_than(root, MAX_DEPTH):
                    raise RecursionError(f"nested deeper than {MAX_DEPTH} levels")
                if "<<" in text or "merge" in text:
                    # A merge key rewrites its mapping's node while the data is made, and the
                    # node tree must stay as written (field lines, duplicate keys): parse again.
                    return root, yaml.load(text, Loader=FIRST_LOADER)
                # The data made from the same nodes, as yaml.load would (get_single_data):
                # one parse instead of two.
                return root, (loader.construct_document(root) if root is not None else None)
            finally:
                loader.dispose()
        except yaml.YAMLError:
            pass  # worded below from the Python parser's message and mark
    _reject_aliases(text, StringDateLoader)
    root = yaml.compose(text, Loader=StringDateLoader)
    if _deeper_than(root, MAX_DEPTH):
        raise RecursionError(f"nested deeper than {MAX_DEPTH} levels")
    return root, yaml.load(text, Loader=StringDateLoader)


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


def _reject_aliases(text: str, loader: type) -> None:
    """Anchors and aliases (&a, *a) have no use here and can blow up validation time."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _AliasError(problem="YAML anchors and aliases (&name, *name) are not allowed",
                              problem_mark=event.start_mark)


def _duplicate_keys(node: yaml.Node | None, name: str, *, offset: int, prefix: str = "") -> list[Problem]:
    """YAML keeps the last of two equal keys silently; a contributor would lose the first."""
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + offset
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
            problems += _duplicate_keys(value, name, offset=offset, prefix=f"{prefix}{label}/")
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _duplicate_keys(item, name, offset=offset, prefix=f"{prefix}{index}/")
    return problems


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogates(data: Any) -> list[tuple[str, str]]:
    """(field path, character) of every key or string value holding a lone surrogate."""
    found = []
    stack: list[tuple[str, Any]] = [("", data)]
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
