"""One reader per raw shape, found through one registry built from the reader modules.

A reader turns a transcript body into ``Segment`` objects (plus any metadata the page
itself carries). It knows nothing about speakers' ids, paragraphs or themes: those come
later, the same for every shape.

Adding a shape is one module in this package that satisfies ``Reader`` (its format name,
where it comes in the detection order, how it recognises a body and why, how it reads one):
the registry finds it. Add its name to the schema's ``format`` enum (a test checks the two
agree), its tests and its docs.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Protocol, runtime_checkable

from ..models import ReadResult


@runtime_checkable
class Reader(Protocol):
    """What every reader module provides (modules satisfy protocols by their attributes)."""

    FORMAT: str  # the name written as `format:` in the front matter
    LOWER_CASE: bool  # text arrives lower-case without punctuation; the build restores case
    ORDER: int  # detection order: the most specific shapes first (lower is tried first)

    def recognise(self, body: str, lines: list[str]) -> str | None:
        """The reason in words why ``body`` has this shape, or None. ``lines``: its non-blank
        lines, stripped (computed once for all readers)."""
        ...

    def read(self, body: str, *, name: str, body_line: int = 1) -> ReadResult:
        """Segments of ``body``; raises KBError (see readers.problems) when it cannot."""
        ...


def _reader_modules() -> tuple[Reader, ...]:
    """Every module of this package that declares a FORMAT, in detection order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "FORMAT"):
            found.append(module)
    return tuple(sorted(found, key=lambda m: (m.ORDER, m.FORMAT)))  # type: ignore[attr-defined]


_MODULES: tuple[Reader, ...] = _reader_modules()

READERS: dict[str, Reader] = {module.FORMAT: module for module in _MODULES}

# Shapes that carry lower-case text without punctuation, whose case the build restores.
LOWER_CASE_SHAPES = frozenset(module.FORMAT for module in _MODULES if module.LOWER_CASE)


def read_body(fmt: str, body: str, *, name: str, body_line: int = 1) -> ReadResult:
    """Read ``body`` with the reader for ``fmt`` (a format name from the registry)."""
    return READERS[fmt].read(body, name=name, body_line=body_line)


def detect_format(body: str) -> tuple[str, str]:
    """Guess the reader for ``body``; returns (format, the reason in words)."""
    lines = [ln.strip() for ln in body.lstrip("\ufeff").splitlines() if ln.strip()]
    if not lines:
        return "prose", "the body is empty"
    for module in _MODULES:
        reason = module.recognise(body, lines)
        if reason is not None:
            return module.FORMAT, reason
    return "prose", "none of the other shapes matched"  # unreachable: prose always answers
