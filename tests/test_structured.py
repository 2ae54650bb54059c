"""schema.org JSON-LD (render/structured.py): it parses, states only what the documents
state, and untrusted text cannot close the <script> element it is printed in."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from kb.build import generate
from kb.corpus import load_corpus
from kb.render.structured import interview_jsonld, person_jsonld, script_json, work_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus(ROOT)


@pytest.fixture(scope="module")
def pages(corpus):  # type: ignore[no-untyped-def]
    return generate(corpus)


def page_jsonld(page: str) -> dict:
    front = yaml.safe_load(page.split("\n---\n", 1)[0].removeprefix("---\n"))
    return json.loads(front["kb_jsonld"])


def test_script_json_cannot_close_the_script_element() -> None:
    hostile = "</script><!-- <script>alert(1)</script> & \u2028"
    text = script_json({"name": hostile})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": hostile}


@pytest.mark.parametrize(("kind", "expected"), [("podcast", "PodcastEpisode"), ("video", "VideoObject"),
                                                ("article", "Article"), ("talk", "Event"),
                                                ("summary", "Article"), (None, "CreativeWork")])
def test_work_type_follows_the_source_kind(corpus, kind, expected) -> None:  # type: ignore[no-untyped-def]
    interview = corpus.interviews[0]
    interview = replace(interview, format="prose", source=replace(interview.source, kind=kind))
    assert work_data(interview)["@type"] == expected


def test_every_interview_page_has_its_work_speakers_and_quotations(corpus, pages) -> None:  # type: ignore[no-untyped-def]
    for interview in corpus.interviews:
        data = page_jsonld(pages[f"interviews/{interview.slug}.md"])
        assert data["@context"] == "https://schema.org"
        work, *quotes = data["@graph"]
        assert work["name"] == " ".join(interview.title.split())
        # datePublished only when the document gives a date, never invented
        dated = work.get("datePublished") or work.get("startDate")
        assert dated == interview.date
        people = [p for key in ("actor", "author", "performer", "about") for p in work.get(key, [])]
        assert {p["name"] for p in people} == {" ".join(s.name.split()) for s in interview.speakers}
        assert all(p["@type"] == "Person" for p in people)
        assert [q["text"] for q in quotes] == [" ".join(q.text.split()) for q in interview.quotes]
        # each speaker written once, with an @id the quotes point to (not a copy per quote)
        by_id = {p["@id"]: p for p in people}
        assert len(by_id) == len(people)
        for quote, source in zip(quotes, interview.quotes, strict=True):
            assert quote["@type"] == "Quotation" and quote["isPartOf"] == {"@id": "#interview"}
            assert set(quote["spokenByCharacter"]) == {"@id"}
            spoken_by = by_id[quote["spokenByCharacter"]["@id"]]
            assert spoken_by["name"] == " ".join(interview.speaker(source.speaker).name.split())
            assert spoken_by["@id"].endswith(f"/people/{source.speaker}/")


def test_undated_interview_has_no_date_and_podcast_is_an_episode(corpus) -> None:  # type: ignore[no-untyped-def]
    kinds = {i.slug: json.loads(interview_jsonld(i, []))["@graph"][0] for i in corpus.interviews}
    podcast = kinds["2020-02-11-leo-souquet-aws-ml-podcast"]
    assert podcast["@type"] == "PodcastEpisode" and podcast["datePublished"] == "2020-02-11"
    talk = kinds["lyon-data-science-meetup-positive-thinking-company-talk"]
    assert talk["@type"] == "Event" and "startDate" not in talk and "datePublished" not in talk
    assert talk["location"]["name"] == "Lyon Data Science meetup"


def test_people_pages_have_a_person(corpus, pages) -> None:  # type: ignore[no-untyped-def]
    for person in corpus.people:
        data = page_jsonld(pages[f"people/{person.id}.md"])
        assert data["@type"] == "Person" and data["name"] == " ".join(person.name.split())
    person = corpus.people[0]
    assert json.loads(person_jsonld(person, [])) == {"@context": "https://schema.org", "@type": "Person",
                                                       "name": " ".join(person.name.split())}


def test_theme_pages_list_their_cards_as_quotations(corpus, pages) -> None:  # type: ignore[no-untyped-def]
    """One Quotation per card (``@id`` its card); each speaker and work is one node of the
    graph, named by ``@id`` from every quote (not copied into each: issue 9)."""
    data = page_jsonld(pages["themes/skills.md"])
    nodes = {n["@id"]: n for n in data["@graph"]}
    assert len(nodes) == len(data["@graph"])
    quotes = [n for n in data["@graph"] if n["@type"] == "Quotation"]
    assert len(quotes) >= 10 and all(q["text"] and q["@id"].startswith("#q-") for q in quotes)
    by_id = {q.id: (i, q) for i in corpus.interviews for q in i.quotes}
    for node in quotes:
        interview, quote = by_id[node["@id"].removeprefix("#q-")]
        assert node["text"] == " ".join(quote.text.split())
        person = nodes[node["spokenByCharacter"]["@id"]]
        assert person["@type"] == "Person"
        assert person["name"] == " ".join(interview.speaker(quote.speaker).name.split())
        assert person["@id"].endswith(f"people/{interview.speaker(quote.speaker).id}/")
        work = nodes[node["isPartOf"]["@id"]]
        assert work["name"] == " ".join(interview.title.split()) and work["@id"] == f"#source-{interview.slug}"
    people = [n for n in data["@graph"] if n["@type"] == "Person"]
    assert len({p["@id"] for p in people}) == len(people) < len(quotes)
