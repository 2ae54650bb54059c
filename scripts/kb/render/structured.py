"""schema.org structured data (JSON-LD) for generated pages (issue 18).

Each generated page carries its JSON-LD in its front matter (``kb_jsonld``, a string), so
``kb build --out DIR`` holds it too; overrides/main.html prints it in a
``<script type="application/ld+json">`` in the page head. Only what the document states
goes in: no date when it gives none, names and titles as written.

Untrusted text cannot leave the script element: :func:`script_json` writes ``<``, ``>``
and ``&`` as JSON ``\\u`` escapes, so neither ``</script>`` nor ``<!--`` can appear in it.
"""

from __future__ import annotations

import json
from typing import Any

from ..models import Interview, Person, Quote, Speaker
from . import paths
from .escape import safe_url

CONTEXT = "https://schema.org"

# What kind of creative work each source is (front matter source.kind).
WORK_TYPE = {"podcast": "PodcastEpisode", "video": "VideoObject", "article": "Article",
             "talk": "Event", "summary": "Article"}


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML <script> element whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def person_data(speaker: Speaker | Person) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": " ".join(speaker.name.split())}
    if isinstance(speaker, Speaker):
        if speaker.role:
            data["jobTitle"] = " ".join(speaker.role.split())
        if speaker.affiliation:
            data["affiliation"] = {"@type": "Organization", "name": " ".join(speaker.affiliation.split())}
    return data


def work_data(interview: Interview, person_ids: dict[str, str] | None = None) -> dict[str, Any]:
    """The interview as a PodcastEpisode, VideoObject, Article or Event; with ``person_ids``
    (speaker id -> ``@id``), each person carries an ``@id`` the page's quotes can point to."""
    kind = interview.source.kind or ("article" if interview.format == "article" else None)
    work_type = WORK_TYPE.get(kind or "", "CreativeWork")
    data: dict[str, Any] = {"@type": work_type, "name": " ".join(interview.title.split())}
    if interview.summary:
        data["description"] = " ".join(interview.summary.split())
    data["inLanguage"] = interview.language

    def person(speaker: Speaker) -> dict[str, Any]:
        found = person_data(speaker)
        if person_ids and speaker.id in person_ids:
            found["@id"] = person_ids[speaker.id]
        return found

    people = [person(s) for s in interview.speakers]
    speakers_key = {"Event": "performer", "Article": "author"}.get(work_type, "actor")
    if work_type == "Article" and kind == "summary":
        authors = [person(s) for s in interview.speakers if s.kind == "author"]
        data["author"] = authors or people
        data["about"] = [person(s) for s in interview.speakers if s.kind != "author"]
    elif work_type == "Article":
        data["author"] = people  # the interview's voices: host and guests
    else:
        data[speakers_key] = people
    if interview.date:
        data["startDate" if work_type == "Event" else "datePublished"] = interview.date
    source = interview.source
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": " ".join(source.publisher.split())}
    if work_type == "Event" and source.venue:
        data["location"] = {"@type": "Place", "name": " ".join(source.venue.split())}
    url = safe_url(source.url) or safe_url(source.video_url)
    if url:
        data["url"] = url
    if work_type == "VideoObject" and safe_url(source.video_url):
        data["contentUrl"] = safe_url(source.video_url)
    return data


def _person_id(page: str, speaker_id: str) -> str:
    """A person's ``@id``: their person page, as ``page`` links to it."""
    return str(paths.url(page, paths.person_page(speaker_id)))


def _quotation(interview: Interview, quote: Quote, *, spoken_by: str | None, part_of: str,
               node_id: str | None = None) -> dict[str, Any]:
    """A quote as a schema.org Quotation naming its speaker and its work by ``@id``."""
    data: dict[str, Any] = {"@type": "Quotation"}
    if node_id is not None:
        data["@id"] = node_id
    data["text"] = " ".join(quote.text.split())
    if quote.translation:
        data["inLanguage"] = interview.language
    if spoken_by is not None:
        data["spokenByCharacter"] = {"@id": spoken_by}
    data["isPartOf"] = {"@id": part_of}
    return data


def interview_jsonld(interview: Interview, quotes: list[Quote]) -> str:
    """Interview pages: the work (``#interview``) with its speakers, each written once with an
    ``@id`` (their person page), and one Quotation per quote naming both by ``@id``: a speaker's
    full label and role were repeated for every quote before (60 times on the Lyon talk)."""
    page = paths.interview_page(interview.slug)
    ids = {s.id: _person_id(page, s.id) for s in interview.speakers}
    work = work_data(interview, ids)
    work["@id"] = "#interview"
    graph = [work, *(_quotation(interview, q, spoken_by=ids.get(q.speaker), part_of="#interview")
                     for q in quotes)]
    return script_json({"@context": CONTEXT, "@graph": graph})


def quotes_jsonld(refs: list[tuple[Interview, Quote]], *, page: str) -> str | None:
    """Theme pages: one Quotation per card shown (``@id`` its card), each naming its speaker
    and work by ``@id``: each Person (``@id`` their page) and each work (``@id`` its entry
    under "Sources on this page") is written once in the graph, not once per quote."""
    if not refs:
        return None
    nodes: dict[str, dict[str, Any]] = {}
    quotes = []
    for interview, quote in refs:
        work_id = "#source-" + interview.slug
        nodes.setdefault(work_id, {"@type": work_data(interview)["@type"], "@id": work_id,
                                   "name": " ".join(interview.title.split())})
        speaker = interview.speaker(quote.speaker)
        person_id = None
        if speaker is not None:
            person_id = _person_id(page, speaker.id)
            nodes.setdefault(person_id, {**person_data(speaker), "@id": person_id})
        quotes.append(_quotation(interview, quote, spoken_by=person_id, part_of=work_id,
                                 node_id="#" + paths.quote_anchor(quote.id)))
    return script_json({"@context": CONTEXT, "@graph": [*quotes, *nodes.values()]})


def person_jsonld(person: Person, speakers: list[Speaker]) -> str:
    """People pages: the Person, with roles and affiliations as the interviews state them."""
    data = {"@context": CONTEXT, **person_data(person)}
    titles = sorted({" ".join(s.role.split()) for s in speakers if s.role})
    places = sorted({" ".join(s.affiliation.split()) for s in speakers if s.affiliation})
    if titles:
        data["jobTitle"] = titles if len(titles) > 1 else titles[0]
    if places:
        data["affiliation"] = [{"@type": "Organization", "name": p} for p in places]
    return script_json(data)
