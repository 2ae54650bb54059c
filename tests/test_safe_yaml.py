"""The hardened YAML loader (kb.safe_yaml) gives the same data and the same contributor-
facing messages with libyaml (yaml.CSafeLoader, tried first) and without it (the pure-
Python SafeLoader, the fallback), so a contributor reads the same line on every machine."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import ROOT
from kb import safe_yaml
from kb.frontmatter_loader import parse_transcript
from kb.safe_yaml import FastStringDateLoader, StringDateLoader, read_yaml

TEXTS = {
    "valid": "title: A talk\ndate: 2024-02-03\nspeakers:\n  - {id: ada, name: Ada}\n",
    "syntax error": "title: A talk\nspeakers:\n  - id: ada\n   name: Ada\n",
    "unclosed bracket": "themes: [roles, skills\ntitle: x\n",
    "tab indentation": "title: x\n\tsummary: y\n",
    "alias": "a: &x 1\nb: *x\n",
    "anchor only": "a: &x 1\n",
    "duplicate key": "title: A\nspeakers:\n  - id: ada\n    id: bob\ntitle: B\n",
    "too deep": "x: " + "[" * 60 + "]" * 60 + "\n",
    "too many brackets": "x: " + "[]" * 600 + "\n",
    "lone surrogate": 'title: "\\ud800"\n',
    "lone surrogate, long escape": 'speakers:\n  - name: "a\\U0000DC00"\n',
    "bad escape": 'title: "\\q"\n',
    "not a mapping": "- a\n- b\n",
}


def _both(monkeypatch: pytest.MonkeyPatch, read) -> tuple[object, object]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(safe_yaml, "FIRST_LOADER", FastStringDateLoader)
    fast = read()
    monkeypatch.setattr(safe_yaml, "FIRST_LOADER", StringDateLoader)
    python = read()
    return fast, python


def test_libyaml_is_tried_first_where_pyyaml_has_it() -> None:
    if yaml.__with_libyaml__:
        assert issubclass(FastStringDateLoader, yaml.CSafeLoader)
    else:  # the fallback: the pure-Python loader under another name
        assert issubclass(FastStringDateLoader, yaml.SafeLoader)
    assert safe_yaml.FIRST_LOADER is FastStringDateLoader
    assert not issubclass(StringDateLoader, getattr(yaml, "CSafeLoader", ()))


@pytest.mark.parametrize("case", sorted(TEXTS))
def test_same_data_and_same_problems_with_and_without_libyaml(monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    fast, python = _both(monkeypatch, lambda: read_yaml(TEXTS[case], "f.yml", what="the file"))
    assert fast == python
    document, problems = fast  # type: ignore[misc]
    if case in ("valid", "not a mapping"):
        assert problems == [] and document is not None
    else:
        assert problems, case
        assert all(p.file == "f.yml" and p.line is not None for p in problems), problems


def test_the_messages_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    for loader in (FastStringDateLoader, StringDateLoader):
        monkeypatch.setattr(safe_yaml, "FIRST_LOADER", loader)
        said = {case: [str(p) for p in read_yaml(text, "f.yml")[1]] for case, text in TEXTS.items()}
        assert said["syntax error"] == [("f.yml:4:4: YAML syntax error in the file: expected <block end>, but found "
                                        "'<block mapping start>' (hint: check indentation (spaces, not tabs) and "
                                        "put values containing ':' or '#' in quotes)")]
        assert said["alias"] == [("f.yml:1:4: YAML anchors and aliases (&name, *name) are not allowed "
                                 "(hint: write the value out in full)")]
        assert said["duplicate key"] == [
            ("f.yml:4: [speakers/0/id] field 'id' appears twice (first on line 3); only the last one would "
            "count (hint: merge the two entries into one)"),
            ("f.yml:5: [title] field 'title' appears twice (first on line 1); only the last one would count "
            "(hint: merge the two entries into one)")]
        assert said["too deep"] == [("f.yml:1: the file is nested too deeply to read "
                                    "(hint: compare with the other entries)")]
        assert said["too many brackets"] == [("f.yml:1: the file has 600 '[' and '{' brackets; the limit is 500 "
                                             "(hint: compare with the other entries)")]
        assert said["lone surrogate"] == [("f.yml:1: [title] contains '\\ud800', half of a UTF-16 pair: not a "
                                          "character (hint: write the character itself, not a \\u escape)")]
        # The substring test that spares documents the walk (no "\\u" or "\\U") must not miss this one.
        assert said["lone surrogate, long escape"] == [
            ("f.yml:2: [speakers/0/name] contains '\\udc00', half of a UTF-16 pair: not a "
             "character (hint: write the character itself, not a \\u escape)")]
        assert read_yaml(TEXTS["valid"], "f.yml")[0].data["date"] == "2024-02-03"  # type: ignore[union-attr]


@pytest.mark.parametrize("case", sorted(TEXTS))
def test_transcripts_get_the_same_problems_with_and_without_libyaml(monkeypatch: pytest.MonkeyPatch,
                                                                     case: str) -> None:
    data = f"---\n{TEXTS[case]}---\nAda: hello\n".encode()
    fast, python = _both(monkeypatch, lambda: parse_transcript(data, Path("t.md")))
    assert fast == python
    assert fast[1]  # type: ignore[index]  # none of these is a complete transcript


def test_one_parse_gives_the_data_and_lines_of_two() -> None:
    """read_yaml makes the data from the node tree it read the lines from (one libyaml parse);
    it must be what yaml.load gives, and a merge key (which rewrites its mapping's node
    while the data is made) must leave the lines as written."""
    for path in sorted((ROOT / "transcripts").glob("*.md")):
        front = path.read_text("utf-8").split("\n---\n", 1)[0].removeprefix("---")
        document, problems = read_yaml(front, str(path))
        assert not problems and document is not None
        assert document.data == yaml.load(front, Loader=StringDateLoader)
    merge = "x:\n  <<: {a: 1}\n  b: 2\n"
    document, problems = read_yaml(merge, "merge.yml")
    assert not problems and document is not None
    assert document.data == {"x": {"a": 1, "b": 2}}
    assert document.lines == safe_yaml.field_lines(yaml.compose(merge, Loader=StringDateLoader), offset=1)
    assert document.lines["x/<<"] == 2 and document.lines["x/b"] == 3
