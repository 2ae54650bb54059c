"""Front matter -> models in one place (kb.model_mapping), and models -> kb.json (kb.export):
a new optional field needs its schema property and its model field, and nothing else."""

from __future__ import annotations

import json
from dataclasses import field, fields, make_dataclass
from importlib import resources

import pytest
from helpers import ROOT
from kb import export, model_mapping
from kb.build import build_files
from kb.corpus import load_corpus
from kb.models import (
    CareerStep,
    Corpus,
    Interview,
    Paragraph,
    Person,
    Quote,
    Rights,
    Source,
    Speaker,
    Theme,
    Turn,
)
from kb.schemas import load_schema

SCHEMA = load_schema("transcript")["properties"]
# Each model and the transcript-schema properties of the mapping it is made from.
FROM_FRONT_MATTER = {
    Interview: SCHEMA,
    Source: SCHEMA["source"]["properties"],
    Speaker: SCHEMA["speakers"]["items"]["properties"],
    CareerStep: SCHEMA["speakers"]["items"]["properties"]["career"]["items"]["properties"],
    Quote: SCHEMA["quotes"]["items"]["properties"],
    Turn: SCHEMA["turns"]["items"]["properties"],
    Rights: SCHEMA["rights"]["properties"],
}
NOT_MODEL_FIELDS = {Interview: {"turns", "qa", "themes_override"}, Turn: {"at"}}  # read by a stage, not kept as they are


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(ROOT)


@pytest.mark.parametrize("model", list(FROM_FRONT_MATTER), ids=lambda m: m.__name__)
def test_every_schema_property_is_a_model_field_and_every_field_comes_from_somewhere(model: type) -> None:
    names = {f.name for f in fields(model)}
    properties = set(FROM_FRONT_MATTER[model]) - NOT_MODEL_FIELDS.get(model, set())
    assert properties - names == set(), "schema properties no model field receives"
    derived = set(model_mapping.derived_fields(model))
    assert names - properties - derived == set(), "model fields neither in the schema nor in DERIVED"
    assert derived <= names


def test_the_mapping_copies_each_optional_value(corpus: Corpus) -> None:
    entry = {"id": "ada", "name": "Ada", "kind": "guest", "role": "analyst", "affiliation": "Lab",
             "name_note": "spelt so", "career": [{"what": "PhD", "evidence": "my PhD"}]}
    speaker = model_mapping.speaker(entry)
    assert speaker == Speaker(id="ada", name="Ada", kind="guest", role="analyst", affiliation="Lab",
                              name_note="spelt so", career=(CareerStep(when=None, what="PhD", evidence="my PhD"),))
    assert model_mapping.turn({"at": "1:02", "starts": "So"}) == Turn(speaker=None, at_seconds=62.0, starts="So")
    interview = next(i for i in corpus.interviews if i.source.url and i.date_note is None)
    assert interview.source.publisher and interview.date  # real values reached the model


def test_a_new_optional_speaker_field_needs_only_the_schema_and_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """What adding, say, a speaker's ``pronouns`` takes: the model field (here a subclass
    standing in for the edited Speaker) flows through the mapping and into kb.json."""
    extended = make_dataclass("Speaker", [("pronouns", "str | None", field(default=None))], bases=(Speaker,),
                              frozen=True)
    monkeypatch.setattr(model_mapping, "Speaker", extended)
    monkeypatch.setattr(export, "Speaker", extended)
    speaker = model_mapping.speaker({"id": "ada", "name": "Ada Lovelace", "kind": "guest", "pronouns": "she",
                                     "career": [{"when": "1843", "what": "notes", "evidence": "my notes"}]})
    assert speaker.pronouns == "she"  # type: ignore[attr-defined]
    assert speaker.career[0].when == "1843"
    exported = export._by_name(extended, speaker)
    assert exported["pronouns"] == "she" and "career" not in exported


# Where each model's exported fields are in kb.json (one object of each kind).
def _exported(data: dict) -> dict[type, dict]:
    interview = next(i for i in data["interviews"] if i["quotes"])
    person = next(p for p in data["people"] if p["career"])
    return {Theme: data["themes"][0], Interview: interview, Source: interview["source"], Rights: interview["rights"],
            Speaker: interview["speakers"][0], Paragraph: interview["paragraphs"][0],
            Quote: interview["quotes"][0], CareerStep: person["career"][0], Person: person}


def test_kb_json_exports_every_model_field() -> None:
    data = json.loads(build_files(ROOT)["kb.json"])
    renamed = {"paragraph_id": "paragraph"}
    for model, exported in _exported(data).items():
        left_out = set(export.NOT_EXPORTED.get(model, {}))
        for f in fields(model):
            if f.name in left_out and f.name not in renamed:
                assert f.name not in exported, (model.__name__, f.name)
                continue
            assert renamed.get(f.name, f.name) in exported, f"kb.json has no {model.__name__}.{f.name}"


def test_kb_json_schema_describes_every_speaker_and_source_field() -> None:
    schema = json.loads(resources.files("kb").joinpath("schema/kb.json").read_text("utf-8"))
    text = json.dumps(schema)
    for model in (Speaker, Source, Rights):
        for f in fields(model):
            if f.name not in export.NOT_EXPORTED.get(model, {}):
                assert f'"{f.name}"' in text, f"schema/kb.json does not describe {model.__name__}.{f.name}"
