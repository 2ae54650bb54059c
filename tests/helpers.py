"""Small shared helpers for tests (imported by test modules)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def texts(result) -> list[str]:
    return [s.text for s in result.segments]
