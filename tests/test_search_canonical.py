"""kb.search_canonical: Pagefind's filters put in one order, whatever order a run wrote them in.

Pagefind 1.5.2 writes filter values and the list of filters in a hash map's random order.
These tests run the real Pagefind, then write the same bundle again in another order (what
another run could have written) and check that both come out byte-identical.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import cbor2
import pytest
from kb.errors import KBError
from kb.search_canonical import SIGNATURE, canonicalise_bundle, pagefind_hash
from kb.search_index import build_search_index

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<div data-pagefind-body><h1>{title}</h1><p>{text}</p>
<span data-pagefind-filter="theme">{theme}</span><span data-pagefind-filter="person">{person}</span></div>
</body></html>"""

THEMES = ["Roles", "Skills", "Ethics", "Expectations", "MLOps"]
PEOPLE = ["Zoé", "Ada", "Émile", "Bob", "Chloé", "Yann"]


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for i in range(12):
        page = site / f"page-{i}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(title=f"Page {i}", text=f"words about data number {i}",
                                    theme=THEMES[i % len(THEMES)], person=PEOPLE[i % len(PEOPLE)]), "utf-8")
    return site


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE)
    return cbor2.loads(data[len(SIGNATURE):])


def _write(path: Path, value) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(value)))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _meta_path(bundle: Path) -> Path:
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"


def _reorder(bundle: Path) -> None:
    """Write the bundle as another Pagefind run could have: filters and values reversed, renamed."""
    meta_path = _meta_path(bundle)
    meta = _read(meta_path)
    renamed = []
    for name, old in reversed(meta[3]):
        data = _read(bundle / "filter" / f"{old}.pf_filter")
        data[1].reverse()
        new = f"en_{pagefind_hash(cbor2.dumps(data))[:7]}"
        (bundle / "filter" / f"{old}.pf_filter").unlink()
        _write(bundle / "filter" / f"{new}.pf_filter", data)
        renamed.append([name, new])
    meta[3] = renamed
    meta_path.unlink()
    meta_hash = f"en_{pagefind_hash(cbor2.dumps(meta))[:10]}"
    _write(bundle / f"pagefind.{meta_hash}.pf_meta", meta)
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    entry["languages"]["en"]["hash"] = meta_hash
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False), "utf-8")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    site = _site(tmp_path_factory.mktemp("canonical"))
    build_search_index(site, default_language="en")  # runs Pagefind, then canonicalise_bundle
    return site / "pagefind" / "en"


def test_filters_and_their_values_come_out_sorted(bundle: Path) -> None:
    meta = _read(_meta_path(bundle))
    names = [name for name, _ in meta[3]]
    assert names == sorted(names) == ["person", "theme"]
    for name, chunk in meta[3]:
        data = _read(bundle / "filter" / f"{chunk}.pf_filter")
        assert data[0] == name
        values = [value for value, _ in data[1]]
        assert values == sorted(values)
        assert set(values) == set(PEOPLE if name == "person" else THEMES)
    # Every filter chunk on disk is one the metadata names: the unsorted ones are gone.
    assert sorted(p.stem for p in (bundle / "filter").iterdir()) == sorted(chunk for _, chunk in meta[3])


def test_a_bundle_written_in_another_order_comes_out_byte_identical(bundle: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(bundle, other)
    _reorder(other)
    assert _tree(other) != _tree(bundle)  # the reordering did change bytes and names
    assert canonicalise_bundle(other) is True
    assert _tree(other) == _tree(bundle)


def test_a_sorted_bundle_comes_out_the_same(bundle: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(bundle, copy)
    assert canonicalise_bundle(copy) is False
    assert _tree(copy) == _tree(bundle)


def test_a_chunk_already_in_order_but_compressed_otherwise_is_rewritten(bundle: Path, tmp_path: Path) -> None:
    """One run writes a filter in order (Pagefind's gzip, kept), the next out of order (sorted
    and compressed here): same content, same name, so the bytes must be the same too."""
    copy = tmp_path / "copy"
    shutil.copytree(bundle, copy)
    for chunk in [*(copy / "filter").iterdir(), _meta_path(copy)]:
        data = gzip.decompress(chunk.read_bytes())
        chunk.write_bytes(gzip.compress(data, compresslevel=1, mtime=12345))
    assert _tree(copy) != _tree(bundle)
    assert canonicalise_bundle(copy) is False  # no order changed...
    assert _tree(copy) == _tree(bundle)  # ...and every byte is as in the canonical bundle


def test_names_follow_pagefinds_own_hash(bundle: Path) -> None:
    """The word chunks are Pagefind's, untouched: their names are the hash this module computes,
    so a chunk it rewrites is named as Pagefind would name it."""
    chunks = sorted((bundle / "index").iterdir())
    assert chunks
    for chunk in chunks:
        raw = gzip.decompress(chunk.read_bytes())[len(SIGNATURE):]
        assert chunk.stem.startswith("en_" + pagefind_hash(raw)[:7])


def test_an_index_of_unknown_shape_is_a_clear_error(bundle: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(bundle, broken)
    chunk = next((broken / "filter").iterdir())
    chunk.write_bytes(gzip.compress(b"not pagefind"))
    with pytest.raises(KBError) as error:
        canonicalise_bundle(broken)
    message = str(error.value)
    assert chunk.name in message and "cannot read back: its signature" in message
    assert "pyproject.toml" in message


def test_pagefind_hash_drops_leading_zeros_like_pagefind() -> None:
    # SHA-1 of b"" is da39a3ee 5e6b4b0d 3255bfef 95601890 afd80709: 0d, 07, 09 lose their 0.
    assert pagefind_hash(b"") == "da39a3ee5e6b4bd3255bfef95601890afd879"
