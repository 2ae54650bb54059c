"""Small shared helpers for tests (imported by test modules)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def texts(result) -> list[str]:
    return [s.text for s in result.segments]


def fill_in(path: Path, raw: bytes, **values: object) -> None:
    """What a contributor does by hand: fill the template's fields; the raw bytes stay as they are."""
    data = path.read_bytes()
    assert data.endswith(raw), "kb new must append the raw file byte for byte"
    front = data[: len(data) - len(raw)].decode("utf-8")
    assert front.startswith("---\n") and front.endswith("\n---\n")
    meta = yaml.safe_load(front[4:-4])
    for key, value in values.items():
        if callable(value):
            value(meta)
        else:
            meta[key] = value
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    path.write_bytes(b"---\n" + dumped.encode("utf-8") + b"---\n" + raw)
