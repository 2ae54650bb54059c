"""jsonschema-rs's quick yes (kb.schema_fast_check) against Python's jsonschema (schema_check).

The one rule: ``surely_valid`` may say yes only where Python's validator finds no error, so
``check_against_schema`` gives the same problems with and without the quick check. Each
place where the two validators were found to disagree has a test here that fails when its
handling is taken out: regex classes (ECMA's \\s is not Python's), ``format: date`` (0000-01-01),
and values JSON has no type for (YAML tuples, sets, bytes, dates, non-string keys).
"""

from __future__ import annotations

import copy
import math
import re
import sys
from typing import Any

import jsonschema_rs
import pytest
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from kb import schema_check
from kb.frontmatter_loader import load_transcript
from kb.safe_yaml import read_yaml
from kb.schema_check import _validator, check_against_schema
from kb.schema_fast_check import (
    _python_patterns_and_formats,
    _UnknownKeyword,
    plain_json,
    surely_valid,
)
from kb.schemas import SCHEMAS, load_schema
from strategies import PROPERTY_SETTINGS, TRICKY_CHARS
from test_bad_input import BAD, CASES, SAMPLE, assert_clean_failure, sample, small_project  # noqa: F401

DATA_SCHEMAS = {"themes.yml": "themes", "roles.yml": "roles", "glossary.yml": "glossary",
                "job_adverts.yml": "job_adverts"}
SAMPLE_META = load_transcript(ROOT / "tests/fixtures/contributing/sample-interview.md")[0].meta
GLOSSARY = read_yaml((ROOT / "data/glossary.yml").read_text("utf-8"), "glossary.yml")[0].data

# Every character Python's \s takes, and ECMA-262's whitespace and line terminators.
PY_SPACE = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
ECMA_SPACE = list("\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                  "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")
CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7f, 0xa0)]]
ODD_CHARS = sorted(set(PY_SPACE + ECMA_SPACE + CONTROLS + TRICKY_CHARS))
# Digits Python's \d takes but ECMA's does not (Arabic-Indic, Devanagari, full-width).
ODD_DIGITS = ["\u0662", "\u0968", "\uff12", "\U0001d7d0"]


def python_valid(data: Any, schema: str) -> bool:
    return not any(_validator(schema).iter_errors(data))


def python_problems(data: Any, schema: str, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(schema_check, "surely_valid", lambda data, schema: False)
        return check_against_schema(data, schema, "f.md", {})


def assert_sound(data: Any, schema: str) -> bool:
    """The rule; returns the quick verdict."""
    quick = surely_valid(data, schema)
    if quick:
        assert python_valid(data, schema), f"quick yes where Python finds errors: {data!r}"
    return quick


def real_documents() -> list[tuple[str, Any, str]]:
    """(label, data, schema) of every transcript and data file of the project and the fixtures."""
    found = []
    for path in sorted([*ROOT.glob("transcripts/*.md"), *ROOT.glob("tests/fixtures/**/*.md")]):
        source, _ = load_transcript(path)
        if source is not None:
            found.append((str(path.relative_to(ROOT)), source.meta, "transcript"))
    for path in sorted([*ROOT.glob("data/*.yml"), *ROOT.glob("tests/fixtures/**/data/*.yml")]):
        if path.name in DATA_SCHEMAS:
            document, _ = read_yaml(path.read_text("utf-8"), path.name)
            if document is not None:
                found.append((str(path.relative_to(ROOT)), document.data, DATA_SCHEMAS[path.name]))
    return found


REAL = real_documents()


@pytest.mark.parametrize(("label", "data", "schema"), REAL, ids=[r[0] for r in REAL])
def test_real_documents_get_the_python_verdict(label: str, data: Any, schema: str) -> None:
    # Equal, not only implied: the real documents must take the quick path, or it buys nothing.
    assert surely_valid(data, schema) == python_valid(data, schema), label


def test_the_real_documents_cover_every_schema_and_some_errors() -> None:
    assert {schema for _, _, schema in REAL} == set(SCHEMAS)
    assert len([r for r in REAL if r[2] == "transcript"]) >= 10
    assert any(not python_valid(data, schema) for _, data, schema in REAL)  # the hostile fixtures


def with_value(meta: dict, path: tuple, value: Any) -> dict:
    data = copy.deepcopy(meta)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize("char", ODD_CHARS, ids=lambda c: f"U+{ord(c[0]):04X}")
def test_patterns_are_read_as_python_reads_them(char: str) -> None:
    # jsonschema-rs's ECMA \s leaves out "\x1c"-"\x1f" and "\x85", which Python's takes: given
    # the patterns as they are, it says yes to URLs and ids Python rejects.
    for path, value in [(("source", "url"), f"https://example.org/a{char}b"),
                        (("slug",), f"sample{char}interview"), (("slug",), f"sample-interview{char}"),
                        (("speakers", 0, "id"), f"{char}fixture-hana-host")]:
        assert_sound(with_value(SAMPLE_META, path, value), "transcript")
    # The glossary's "\S" (some non-space): "\x1c" alone is a non-space to ECMA, a space to Python.
    glossary = copy.deepcopy(GLOSSARY)
    glossary["terms"][0]["definition"] = char * 3
    quick = assert_sound(glossary, "glossary")
    if plain_json(glossary):  # a lone surrogate goes to Python whatever it is
        assert quick == python_valid(glossary, "glossary")


def test_a_url_with_a_python_space_is_refused() -> None:
    data = with_value(SAMPLE_META, ("source", "url"), "https://example.org/a\x1cb")
    assert not python_valid(data, "transcript")
    assert not surely_valid(data, "transcript")
    # What jsonschema-rs says of it with the schema as written: why patterns are rewritten.
    assert jsonschema_rs.validator_for(load_schema("transcript"), validate_formats=True).is_valid(data)


@pytest.mark.parametrize("date", ["0000-01-01", "2024-02-30", "2023-02-29", "2024-13-01", "2024-1-01",
                                  "2024-01-01\n", "\u0662\u0660\u0662\u0664", "\u0662\u0660\u0662\u0664-01-01",
                                  "２０２４-01-01", "2024-05", "2024", "9999-12-31", "0001-01-01",
                                  "2024-05-01T00:00:00", "+2024-05-01", " 2024-05-01"])
def test_dates_get_the_python_verdict(date: str) -> None:
    data = with_value(SAMPLE_META, ("date",), date)
    assert surely_valid(data, "transcript") == python_valid(data, "transcript"), date


def test_year_zero_is_refused() -> None:
    # jsonschema-rs's own "date" format takes year 0, Python's date.fromisoformat does not.
    data = with_value(SAMPLE_META, ("date",), "0000-01-01")
    assert not python_valid(data, "transcript")
    assert not surely_valid(data, "transcript")
    assert jsonschema_rs.validator_for(load_schema("transcript"), validate_formats=True).is_valid(data)


# YAML that gives values JSON has no type for, each where the schema wants a JSON one.
NOT_JSON = {
    "omap tuples": ("tags", "!!omap [{career: 1}]"),
    "pairs tuples": ("tags", "!!pairs [{career: 1}, {path: 2}]"),
    "set": ("tags", "!!set {career: null}"),
    "bytes": ("summary", "!!binary aGVsbG8="),
    "date": ("summary", "!!timestamp 2024-05-01"),
    "datetime": ("summary", "!!timestamp 2024-05-01T10:00:00Z"),
    "number key": ("themes_override", "{1: [skills]}"),
    "boolean key": ("themes_override", "{yes: [skills]}"),
    "null key": ("themes_override", "{null: [skills]}"),
    "nan": ("title", ".nan"),
    "infinity": ("title", ".inf"),
    "huge integer": ("title", "123456789012345678901234567890"),
}


@pytest.mark.parametrize("case", list(NOT_JSON))
def test_values_json_has_no_type_for_go_to_python(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    field, yaml_value = NOT_JSON[case]
    document, problems = read_yaml(f"{field}: {yaml_value}\n", "f.md")
    assert document is not None and not problems
    data = {**SAMPLE_META, **document.data}
    assert not plain_json(data)
    assert not surely_valid(data, "transcript")
    assert check_against_schema(data, "transcript", "f.md", {}) == python_problems(data, "transcript", monkeypatch)


def test_a_tuple_is_no_list_to_python() -> None:
    # jsonschema-rs reads a tuple (YAML !!omap) as an array; Python's validator does not.
    data = {**SAMPLE_META, "tags": ("career", "path")}
    assert not python_valid(data, "transcript")
    assert not surely_valid(data, "transcript")
    assert jsonschema_rs.validator_for(load_schema("transcript"), validate_formats=True).is_valid(data)


def test_lone_surrogates_and_str_subclasses_go_to_python() -> None:
    class Name(str):
        pass

    for data in [{**SAMPLE_META, "title": "a\ud800b"}, {**SAMPLE_META, "title": Name("x")},
                 {**SAMPLE_META, "themes_override": {"p-\udfff": []}}]:
        assert not plain_json(data)
        assert not surely_valid(data, "transcript")


def test_what_jsonschema_rs_cannot_take_is_pythons_to_judge(monkeypatch: pytest.MonkeyPatch) -> None:
    # Second line of defence behind plain_json: jsonschema-rs raises on a set or bytes.
    monkeypatch.setattr("kb.schema_fast_check.plain_json", lambda data: True)
    for value in [{"career"}, b"career", {1: "x"}, "a\ud800"]:
        assert not surely_valid({**SAMPLE_META, "tags": value}, "transcript")


def test_a_keyword_it_does_not_know_turns_the_quick_check_off() -> None:
    with pytest.raises(_UnknownKeyword):
        _python_patterns_and_formats({"type": "object", "patternProperties": {"^x": {}}}, {})
    with pytest.raises(_UnknownKeyword):
        _python_patterns_and_formats({"properties": {"a": {"not": {"type": "string"}}}}, {})
    # A property called "format" or "pattern" is a name, not a keyword.
    checks: dict = {}
    out = _python_patterns_and_formats({"properties": {"format": {"pattern": "x"}}}, checks)
    assert out == {"properties": {"format": {"allOf": [{"format": "python-pattern:x"}]}}}


# --- hypothesis: front matters and a data file mutated at one place ---

def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


odd_text = st.one_of(
    st.lists(st.sampled_from(ODD_CHARS), max_size=4).map("".join),
    st.lists(st.sampled_from(ODD_CHARS + list("az09-:/.") + ODD_DIGITS), max_size=12).map("".join),
    st.text(max_size=8),
)
patterned = st.one_of(
    st.builds(lambda a, b: f"https://example.org/{a}x{b}", odd_text, odd_text),
    st.builds(lambda a, b: f"{a}fixture-gus-guest{b}", odd_text, odd_text),
    st.builds(lambda a, b: f"1:2{a}3{b}", odd_text, odd_text),
    st.builds(lambda a, b: f"q:x{a}{b}", odd_text, odd_text),
)
odd_date = st.one_of(
    st.dates().map(str),
    st.builds(lambda y, m, d, sep: f"{y:04d}{sep}{m:02d}{sep}{d:02d}", st.integers(0, 9999), st.integers(0, 13),
              st.integers(0, 32), st.sampled_from(["-", "-", "/", "‐", "−"])),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
    st.text(st.sampled_from(list("0123456789-") + ODD_DIGITS), max_size=11),
)
wrong_type = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.just([]), st.just({}), st.lists(st.sampled_from(["skills", "roles", 1, None]), max_size=3),
    st.just(("skills",)), st.just({"id": "x"}), st.sampled_from(["", "skills", "roles", "guest", "en", "full"]),
)
new_value = st.one_of(odd_text, patterned, odd_date, wrong_type)


def _mutated(base: Any, schema: str, data: st.DataObject) -> Any:
    path = data.draw(st.sampled_from(_paths(base)))
    doc = copy.deepcopy(base)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    action = data.draw(st.sampled_from(["replace", "replace", "replace", "delete", "add"]))
    if action == "delete":
        del parent[path[-1]]
    elif action == "add" and isinstance(parent, dict):
        parent[data.draw(st.sampled_from(["extra", "id", "at", "starts", "when", "p-1", "q"]))] = data.draw(new_value)
    elif action == "add":
        parent.append(data.draw(new_value))
    else:
        parent[path[-1]] = data.draw(new_value)
    return doc


FULL_META = {**SAMPLE_META, "short_title": "Sample", "date_note": "as printed", "tags": ["career"],
             "qa": {"asks": None, "answers": "fixture-gus-guest"},
             "rights": {"holder": "the speakers", "licence": None, "publish": "full"},
             "themes_override": {"p-1234567": ["skills"]}, "notes": ["a note"],
             "turns": [{"speaker": "fixture-gus-guest", "at": "0:01", "starts": "Honestly"}]}


def test_the_full_sample_is_valid() -> None:
    assert python_valid(FULL_META, "transcript") and surely_valid(FULL_META, "transcript")


@settings(PROPERTY_SETTINGS, max_examples=400)
@given(st.data())
def test_a_mutated_front_matter_gets_the_python_problems(data: st.DataObject) -> None:
    doc = _mutated(FULL_META, "transcript", data)
    assert_sound(doc, "transcript")
    with pytest.MonkeyPatch.context() as m:
        assert check_against_schema(doc, "transcript", "f.md", {}) == python_problems(doc, "transcript", m)


@settings(PROPERTY_SETTINGS, max_examples=150)
@given(st.data())
def test_a_mutated_glossary_gets_the_python_verdict(data: st.DataObject) -> None:
    assert_sound(_mutated({"terms": GLOSSARY["terms"][:3]}, "glossary", data), "glossary")


@settings(PROPERTY_SETTINGS, max_examples=300)
@given(st.one_of(odd_text, patterned, odd_date))
def test_odd_strings_in_patterned_fields_get_the_python_verdict(value: str) -> None:
    for path in [("slug",), ("date",), ("source", "url"), ("speakers", 1, "id"), ("turns", 0, "at"),
                 ("qa", "answers")]:
        doc = with_value(FULL_META, path, value)
        assert surely_valid(doc, "transcript") == python_valid(doc, "transcript"), (path, value)
    doc = {**FULL_META, "themes_override": {value: ["skills"]}}
    assert surely_valid(doc, "transcript") == python_valid(doc, "transcript"), value


def test_floats_are_finite_to_the_quick_check() -> None:
    assert plain_json({"a": [1.5, 2, True, None, "x"]})
    assert not plain_json({"a": [math.inf]})
    assert not plain_json(2**63)


# --- end to end: kb check words every bad input as before ---

E2E_CASES = {name: CASES[name] for name in (
    "wrong types", "missing nested field", "unknown field", "unknown format", "unknown theme",
    "date that is not a date", "impossible date", "date as a bare number", "URL that is not http(s)",
    "missing required field speakers")}
E2E_CASES |= {
    "URL with a Python space": type(CASES["wrong types"])(
        {BAD: sample(('url: "https://example.org/sample-interview"', 'url: "https://example.org/a\\x1cb"'))},
        (rf"{BAD}:9: \[source/url\] 'https://example.org/a\\x1cb' is not an http:// or https:// URL",)),
    "year zero": type(CASES["wrong types"])(
        {BAD: sample(('date: "2024-05-01"', 'date: "0000-01-01"'))}, (rf"{BAD}:4: \[date\] '0000-01-01' is not a date",)),
    "omap tags": type(CASES["wrong types"])(
        {BAD: sample(("language: en", "language: en\ntags: !!omap [{career: 1}]"))},
        (rf"{BAD}:6: \[tags/0\] should be a string, got tuple",)),
    "id with a Python space": type(CASES["wrong types"])(
        {BAD: sample(("slug: sample-interview", 'slug: "sample\\x1finterview"'))},
        (rf"{BAD}:2: \[slug\] 'sample\\x1finterview' is not a valid id",)),
}


@pytest.mark.parametrize("name", list(E2E_CASES))
def test_kb_check_says_the_same_with_and_without_the_quick_check(small_project, monkeypatch, name: str) -> None:  # noqa: F811
    (small_project.root / "transcripts/sample-interview.md").unlink()
    for relative, data in E2E_CASES[name].files.items():
        small_project.write(relative, data)
    quick = small_project.kb("check")
    assert_clean_failure(quick, E2E_CASES[name].expected)
    monkeypatch.setattr(schema_check, "surely_valid", lambda data, schema: False)
    assert small_project.kb("check") == quick


def test_the_sample_passes_kb_check_on_the_quick_path(small_project, monkeypatch) -> None:  # noqa: F811
    taken = []
    real = schema_check.surely_valid
    monkeypatch.setattr(schema_check, "surely_valid",
                        lambda data, schema: taken.append((schema, real(data, schema))) or taken[-1][1])
    assert small_project.kb("check").code == 0
    assert ("transcript", True) in taken and all(verdict for _, verdict in taken)
