"""The one exception type for problems a contributor must fix, and a collector for them.

Library code raises or collects ``Problem``; only the edges (CLI, MkDocs hook) turn them
into output, so a contributor never sees a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    field: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.field:
            text += f"[{self.field}] "
        text += self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class KBError(Exception):
    """Raised with one or more problems; ``str()`` gives one line per problem."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems so a run reports all of them, not only the first."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str | Path, message: str, **where: object) -> None:
        self.items.append(Problem(str(file), message, **where))  # type: ignore[arg-type]

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise KBError(self.items)
