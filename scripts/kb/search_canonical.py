"""Put a Pagefind bundle's filter chunks and metadata in a fixed order, so two builds match.

Why this exists: Pagefind 1.5.2 keeps each filter's values (``theme: Roles, Skills…``) and
the list of filters in hash maps seeded at random in every run, and writes them in that
map's order. The bytes of ``filter/*.pf_filter`` change from one build to the next, so do
their names (a hash of the bytes), so does the metadata file that lists them
(``pagefind.<hash>.pf_meta``) and the hash ``pagefind-entry.json`` gives for it. Everything
else Pagefind writes (word chunks, fragments) is already stable. Upstream fixed exactly
this after 1.5.2 (Pagefind commit 0b56369, "completion of deterministic output", #1124:
filters sorted by name, values by value); until a release carries it, this module applies
the same order to what 1.5.2 wrote. On a Pagefind that already sorts, it changes no name.

The files are gzip of ``pagefind_dcd`` + CBOR (plain arrays of text and integers, read by
Pagefind's WebAssembly into ordered maps, so the order changes no search result). Names
follow Pagefind's own scheme (``<lang>_`` + the start of the SHA-1 of the CBOR, written as
Pagefind writes it), so a chunk whose content did not change keeps its name. Every filter
chunk and metadata file is written again, sorted or not: Pagefind's gzip and Python's
compress the same bytes differently, and a chunk one run wrote in order and the next did
not must still come out the same.

Pages are numbered in the order they reach Pagefind, which ``search_index`` makes the sorted
order of their paths (the CLI's directory walk would make it the file system's).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

from .errors import KBError, Problem

SIGNATURE = b"pagefind_dcd"  # what Pagefind puts before the CBOR of every chunk
ENTRY = "pagefind-entry.json"
# The metadata array: [version, pages, index chunks, filters, sorts, meta fields].
META_FILTERS = 3


def canonicalise_bundle(bundle: Path) -> bool:
    """Rewrite ``bundle``'s filter chunks and metadata in sorted order; True if the order changed.

    Raises ``KBError`` when the bundle does not have the shape Pagefind 1.5 writes (a new
    Pagefind whose format this does not know), rather than writing a broken index.
    """
    entry_path = bundle / ENTRY
    entry = _read_json(entry_path)
    changed = False
    for language, info in sorted(entry.get("languages", {}).items()):
        new_hash = _canonicalise_language(bundle, language, info["hash"])
        if new_hash != info["hash"]:
            info["hash"] = new_hash
            changed = True
    # serde_json's compact form, non-ASCII kept as is: what Pagefind itself writes.
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return changed


def _canonicalise_language(bundle: Path, language: str, meta_hash: str) -> str:
    """Sort one language's filters; returns the (possibly new) hash of its metadata file."""
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _read_chunk(meta_path)
    filters = meta[META_FILTERS] if isinstance(meta, list) and len(meta) > META_FILTERS else None
    if not isinstance(filters, list) or not all(_is_pair_of_text(f) for f in filters):
        raise _unknown_shape(meta_path, "its list of filters")
    taken: set[str] = set()
    sorted_filters = []
    for name, filter_hash in sorted(filters):
        sorted_filters.append([name, _sort_filter(bundle / "filter", language, filter_hash, taken)])
    meta[META_FILTERS] = sorted_filters
    raw = cbor2.dumps(meta)
    # Pagefind names the metadata after the first len(language) + 8 characters of its hash.
    new_hash = f"{language}_{pagefind_hash(raw)[:len(language) + 8]}"
    _write_chunk(bundle / f"pagefind.{new_hash}.pf_meta", raw)
    if new_hash != meta_hash:
        meta_path.unlink()
    return new_hash


def _sort_filter(folder: Path, language: str, filter_hash: str, taken: set[str]) -> str:
    """Sort one filter chunk's values; returns its name (a new one when its bytes changed)."""
    path = folder / f"{filter_hash}.pf_filter"
    data = _read_chunk(path)
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)
            and all(isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) for v in data[1])):
        raise _unknown_shape(path, "its filter values")
    data[1].sort(key=lambda value: value[0])  # Rust's String order: code points, as Python's
    raw = cbor2.dumps(data)
    full = f"{language}_{pagefind_hash(raw)}"
    name = full[:len(language) + 8]
    while name in taken and len(name) < len(full):  # Pagefind's way out of a short-hash clash
        name = full[:len(name) + 1]
    taken.add(name)
    if name != filter_hash:
        path.unlink()
    _write_chunk(folder / f"{name}.pf_filter", raw)
    return name


def pagefind_hash(data: bytes) -> str:
    """SHA-1 as Pagefind spells it: each byte in hex without its leading zero (``{:x?}``)."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def _is_pair_of_text(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)


def _read_chunk(path: Path) -> Any:
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise _unknown_shape(path, f"the file ({exc})") from None
    if not data.startswith(SIGNATURE):
        raise _unknown_shape(path, "its signature")
    try:
        return cbor2.loads(data[len(SIGNATURE):])
    except cbor2.CBORDecodeError as exc:
        raise _unknown_shape(path, f"its CBOR ({exc})") from None


def _write_chunk(path: Path, raw: bytes) -> None:
    # mtime=0: the gzip header carries no build time.
    path.write_bytes(gzip.compress(SIGNATURE + raw, mtime=0))


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise _unknown_shape(path, f"the file ({exc})") from None


def _unknown_shape(path: Path, what: str) -> KBError:
    return KBError(Problem(str(path), f"Pagefind wrote an index this build cannot read back: {what}",
                           hint="the build sorts Pagefind 1.5's filters for byte-identical output; "
                                "check the pagefind version pinned in pyproject.toml"))
