import json
from importlib import resources

import jsonschema
import pytest
from helpers import ROOT
from kb.build import build_files
from kb.export import dumps_indented


def test_kb_json_validates_against_its_schema_and_matches_the_corpus():
    files = build_files(ROOT)
    data = json.loads(files["kb.json"])
    schema = json.loads(resources.files("kb").joinpath("schema/kb.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert {t["slug"] for t in data["themes"]} == {"roles", "skills", "expectations", "ethics", "mlops"}
    podcast = next(i for i in data["interviews"] if i["slug"] == "2020-02-11-leo-souquet-aws-ml-podcast")
    assert podcast["date"] == "2020-02-11"
    para_ids = {p["id"] for p in podcast["paragraphs"]}
    assert all(q["paragraph"] in para_ids for q in podcast["quotes"])
    unknown_dates = [i for i in data["interviews"] if i["date"] is None]
    assert all(i["date_note"] for i in unknown_dates)


def test_published_schema_is_the_repository_schema():
    files = build_files(ROOT)
    published = json.loads(files["schema/transcript.json"])
    assert published == json.loads(resources.files("kb").joinpath("schema/transcript.json").read_text("utf-8"))


def test_kb_json_says_where_each_quote_is_and_what_its_elisions_leave_out():
    data = json.loads(build_files(ROOT)["kb.json"])
    elided = 0
    for interview in data["interviews"]:
        texts = {p["id"]: p["text"] for p in interview["paragraphs"]}
        for quote in interview["quotes"]:
            assert quote["spans"], quote["id"]
            assert quote["spans"][0]["paragraph"] == quote["paragraph"]
            for omission in quote["omitted"]:
                elided += 1
                shown = " ".join(texts[s["paragraph"]][s["start"]: s["end"]] for s in omission["spans"])
                assert omission["text"] == shown and omission["words"] >= 1, quote["id"]
                assert quote["text"].count("…") + quote["text"].count("...") > omission["mark"]
    assert elided >= 30  # 27 quotes leave words out, three of them in two places


@pytest.mark.parametrize("split", [0, 1, 2, 3])
def test_dumps_indented_writes_what_json_dumps_writes(split: int) -> None:
    """kb.json is written a piece at a time (export.dumps_indented); the text must be
    json.dumps's with indent=1, whatever the values (newlines and quotes in strings and
    keys, empty containers, non-string keys, deep nesting)."""
    value = {
        "version": 1,
        "a\nkey \"quoted\"": ["line\none", "é\\", "", None, True, False, 0, -1.5, 1e300],
        "empty": [{}, [], {"x": {}}, [[]]],
        "interviews": [{"slug": "s", "paragraphs": [{"id": "t0", "text": "x\ny", "themes": []}]},
                       {"nested": [[1, [2, {"k": [3]}]]]}],
        "numbers": {1: "one", "2": 2},
    }
    assert dumps_indented(value, split=split, end="\n") == json.dumps(value, ensure_ascii=False, indent=1) + "\n"
