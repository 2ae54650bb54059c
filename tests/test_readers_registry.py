"""The reader registry describes itself: one module per shape, matching the schema."""

from __future__ import annotations

from kb.frontmatter_loader import transcript_schema
from kb.readers import _MODULES, LOWER_CASE_SHAPES, READERS, Reader, detect_format


def test_registry_matches_the_schema_format_enum() -> None:
    assert sorted(READERS) == sorted(transcript_schema()["properties"]["format"]["enum"])
    description = transcript_schema()["properties"]["format"]["description"]
    for fmt in READERS:
        assert fmt in description, f"the schema's format description does not explain {fmt!r}"


def test_every_reader_module_satisfies_the_protocol() -> None:
    for module in _MODULES:
        assert isinstance(module, Reader), module.__name__
        assert isinstance(module.FORMAT, str) and isinstance(module.LOWER_CASE, bool)
        assert module.__doc__, f"{module.__name__} says what shape it reads"
    assert len({m.FORMAT for m in _MODULES}) == len(_MODULES)


def test_lower_case_shapes_are_declared_by_the_readers() -> None:
    assert {m.FORMAT for m in _MODULES if m.LOWER_CASE} == LOWER_CASE_SHAPES == {"captions"}


def test_prose_is_the_fallback_and_detection_gives_a_reason() -> None:
    assert _MODULES[-1].FORMAT == "prose"
    assert detect_format("Just a sentence.\n") == ("prose", "none of the other shapes matched")
    assert detect_format("") == ("prose", "the body is empty")


def test_modules_are_found_without_a_list_and_tried_most_specific_first() -> None:
    assert [m.FORMAT for m in _MODULES] == [
        "webvtt", "srt", "datatalks", "podcast-json", "captions", "qa-markdown", "article",
        "header-transcript", "fragments", "prose"]
