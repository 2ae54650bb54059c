"""Rendering: pure functions from the corpus to ``{path: markdown}`` (no parsing here)."""

from __future__ import annotations

from ..models import Corpus


def render_site(corpus: Corpus) -> dict[str, str]:
    return {}
