"""DataTalks.Club episode pages: the page's own YAML front matter holds the transcript.

The site keeps one Markdown page per podcast episode. Its front matter carries the episode's
metadata (``title``, ``short``, ``guests``, ``links``, ``topics``, ``dateadded``) and, on most
pages, the whole transcript as a list::

    transcript:
    - header: Guest introduction          # opens a section
    - line: This week we'll talk about …  # one turn
      sec: 151                            # its start, in seconds
      time: "2:31"
      who: Alexey

The page arrives byte for byte as our transcript's body, below our own front matter. Older
pages have no list: their transcript is Q&A Markdown below the page's front matter, read
by ``qa_markdown``. ``imported_front_matter`` gives ``kb new`` what the page states.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

from ..errors import Problem
from ..inline import encode, plain
from ..models import ReadResult, Segment
from ..safe_yaml import read_yaml
from . import qa_markdown
from .blocks import sentence_segments
from .captions import parse_stamp
from .problems import read_error

FORMAT = "datatalks"
LOWER_CASE = False
ORDER = 30

_KEYS = re.compile(r"^(title|short|guests|links|topics|dateadded|transcript|season|episode):", re.MULTILINE)
_BOUNDARY = re.compile(r"^---[ \t\r]*$", re.MULTILINE)
# A long transcript quotes many "[laughs]"; the limit only guards against absurd nesting.
_MAX_BRACKETS = 50_000


def _split(body: str) -> tuple[str, str, int] | None:
    """(page front matter, the Markdown below it, offset in lines of that Markdown), or None."""
    text = body.lstrip("\ufeff")
    first = text.split("\n", 1)[0].strip()
    if first != "---":
        return None
    rest = text.split("\n", 1)[1] if "\n" in text else ""
    close = _BOUNDARY.search(rest)
    if close is None:
        return None
    page, below = rest[: close.start()], rest[close.end():]
    below = below.removeprefix("\n")
    return page, below, 1 + page.count("\n") + 1


def recognise(body: str, lines: list[str]) -> str | None:
    parts = _split(body)
    if parts is None:
        return None
    keys = set(_KEYS.findall(parts[0]))
    if "transcript" in keys or len(keys) >= 3:
        return (f"the body starts with a DataTalks.Club episode page's front matter "
                f"({', '.join(sorted(keys))})")
    return None


def _load(page: str, name: str, line: int) -> tuple[Any, dict[str, int]]:
    """The page's front matter, hardened like ours (kb.safe_yaml), and the line of each field.

    A key the page repeats is its own editors' slip, not a reason to refuse it: YAML keeps the
    last value, as the site that publishes the page does.
    """
    document, problems = read_yaml(page, name, first_line=line, what="the page's front matter",
                                   hint="the page as received should be valid YAML", max_brackets=_MAX_BRACKETS)
    fatal = [p for p in problems if "appears twice" not in p.message]
    if document is None or fatal:
        raise read_error([replace(p, field=p.field or "body") for p in fatal or problems])
    return document.data, document.lines


def read_datatalks(body: str, *, name: str, body_line: int = 1) -> ReadResult:
    parts = _split(body)
    if parts is None:
        raise read_error(Problem(name, "no DataTalks.Club page front matter ('---' … '---') at the top of the body",
                                 field="format", line=body_line,
                                 hint="format 'datatalks' expects the episode page as received, starting with '---'"))
    page_text, below, below_offset = parts
    yaml_line = body_line + 1  # the page's YAML starts on the line after its opening '---'
    page, lines = _load(page_text, name, yaml_line)
    if not isinstance(page, dict):
        raise read_error(Problem(name, "the page's front matter is not a mapping of 'key: value' lines",
                                 field="body", line=yaml_line))
    header = _header(page)
    transcript = page.get("transcript")
    if transcript in (None, [], ""):
        if not below.strip():
            raise read_error(Problem(name, "the page has no transcript: no 'transcript:' list and no text below "
                                           "its front matter", field="body", line=body_line))
        result = qa_markdown.read(below, name=name, body_line=body_line + below_offset)
        return ReadResult(segments=result.segments, header={**result.header, **header}, roles=result.roles)
    if not isinstance(transcript, list):
        raise read_error(Problem(name, f"the page's 'transcript' should be a list, got {type(transcript).__name__}",
                                 field="body", line=yaml_line))
    segments: list[Segment] = []
    problems: list[Problem] = []
    heading: str | None = None
    for number, entry in enumerate(transcript):
        line = lines.get(f"transcript/{number}", yaml_line)
        if not isinstance(entry, dict):
            problems.append(Problem(name, f"transcript entry {number + 1} is not a 'key: value' mapping",
                                    field="body", line=line, hint="entries look like '- line: …' or '- header: …'"))
            continue
        if "line" not in entry:
            if "header" in entry and isinstance(entry["header"], str | int | float):
                heading = plain(str(entry["header"])).strip() or heading
            else:
                problems.append(Problem(name, f"transcript entry {number + 1} has no 'line' (nor a 'header')",
                                        field="body", line=line,
                                        hint="each entry is '- line: words' with 'sec' and 'who', or '- header: …'"))
            continue
        words = entry["line"]
        if not isinstance(words, str | int | float) or isinstance(words, bool):
            problems.append(Problem(name, f"transcript entry {number + 1}: 'line' should be text",
                                    field="body", line=line))
            continue
        sec = entry.get("sec")
        if sec is None and isinstance(entry.get("time"), str):
            sec = parse_stamp(entry["time"])  # some entries carry only the printed "m:ss"
        if sec is not None and (isinstance(sec, bool) or not isinstance(sec, int | float)):
            problems.append(Problem(name, f"transcript entry {number + 1}: 'sec' is not a number ({sec!r})",
                                    field="body", line=line, hint="'sec' is the start in seconds, e.g. 'sec: 151'"))
            continue
        speaker = speaker_label(entry.get("who"))
        segments.extend(sentence_segments(encode(str(words)), line, speaker=speaker, heading=heading,
                                          start_seconds=float(sec) if sec is not None else None))
    if problems:
        raise read_error(problems)
    if not segments:
        raise read_error(Problem(name, "the page's transcript list has no 'line' entries", field="body",
                                 line=yaml_line))
    return ReadResult(segments=tuple(segments), header=header)


read = read_datatalks


def speaker_label(who: object) -> str | None:
    """The ``who`` of an entry as a speaker label; None when it cannot be a name.

    Pages have slips: "Alexey." with a full stop, or a sentence of the answer pasted into
    ``who``. A sentence is not a person, so that entry's speaker is left unknown (the page
    shows it, and `kb check` warns if a quote sits there) rather than inventing a speaker.
    """
    if not isinstance(who, str | int | float) or isinstance(who, bool):
        return None
    label = plain(str(who)).strip().rstrip(".:,;").strip()
    if not label or len(label) > _MAX_LABEL_CHARS or len(label.split()) > _MAX_LABEL_WORDS:
        return None
    return label


_MAX_LABEL_CHARS = 60
_MAX_SHORT_TITLE = 60  # the schema's limit for short_title
_MAX_LABEL_WORDS = 5


def _header(page: dict[str, Any]) -> dict[str, str]:
    """Facts the page states, as text (kept with the interview, exported in kb.json)."""
    header: dict[str, str] = {}
    for key in ("title", "short", "dateadded"):
        if isinstance(page.get(key), str | int | float) and str(page[key]).strip():
            header[key] = str(page[key]).strip()
    links = page.get("links")
    if isinstance(links, dict):
        header["links"] = " ".join(str(v) for v in links.values() if isinstance(v, str))
    for key in ("guests", "topics"):
        if isinstance(page.get(key), list):
            header[key] = ", ".join(str(v) for v in page[key] if isinstance(v, str | int | float))
    return header


# -- what `kb new` fills in from the page --------------------------------------------------------

_VIDEO = re.compile(r"^https?://(?:www\.)?(?:youtube\.com|youtu\.be)/")


def imported_front_matter(body: str, labels: tuple[str, ...]) -> tuple[dict[str, Any], list[str]]:
    """Front-matter values the page states, and one line per choice ``kb new`` made with them.

    ``labels``: the distinct ``who`` labels in order. Each becomes one speaker, matched to the
    page's ``guests:`` ids where the label is the start of an id; a full name is taken only
    when the page itself writes it (e.g. "Jakob Graff" in the intro for guest ``jakobgraff``).
    """
    parts = _split(body)
    page: dict[str, Any] = {}
    if parts is not None:
        document, _ = read_yaml(parts[0], "page", max_brackets=_MAX_BRACKETS)
        page = document.data if document is not None and isinstance(document.data, dict) else {}
    values: dict[str, Any] = {}
    said: list[str] = []
    if isinstance(page.get("title"), str) and page["title"].strip():
        values["title"] = page["title"].strip()
        said.append(f"title: {values['title']!r}")
    if isinstance(page.get("short"), str) and 0 < len(page["short"].strip()) <= _MAX_SHORT_TITLE:
        values["short_title"] = page["short"].strip()
        said.append(f"short_title: {values['short_title']!r}")
    added = page.get("dateadded")
    if isinstance(added, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", added):
        values["date"] = added
        values["date_note"] = ("The date this episode's page was added to the DataTalks.Club site "
                               "(dateadded); the page does not give the recording date.")
        said.append(f"date: {added} from 'dateadded' (the date the page was added, noted in date_note)")
    links = page.get("links") if isinstance(page.get("links"), dict) else {}
    urls = {k: v.strip() for k, v in links.items() if isinstance(v, str) and re.match(r"^https?://\S+$", v.strip())}
    source: dict[str, Any] = {"publisher": "DataTalks.Club", "kind": "podcast"}
    video = next((u for u in urls.values() if _VIDEO.match(u)), None)
    if video:
        source["video_url"] = video
    others = {k: u for k, u in urls.items() if u != video}
    if others:
        first, *rest = others.items()
        source["url"] = first[1]
        said.append(f"source: {first[0]} link as the source url" + (", the other links in source.note" if rest else ""))
        if rest:
            source["note"] = "Also published at: " + "; ".join(f"{k}: {u}" for k, u in rest)
    if video:
        said.append("video_url: the YouTube link (every paragraph and quote links to its second)")
    values["source"] = source
    guests = [str(g) for g in page.get("guests") or () if isinstance(g, str | int)]
    text = " ".join(str(page.get(k) or "") for k in ("title", "intro", "description"))
    speakers, matched = [], set()
    for label in labels:
        if any(_slug(label) == s["id"] for s in speakers):
            continue  # "Alexey" and "alexey": one person, and the label resolves by name
        guest = next((g for g in guests if g not in matched and _squash(g).startswith(_squash(label))), None)
        if guest is None:
            speakers.append({"id": _slug(label), "name": label, "kind": "host",
                             "name_note": f"The page names this speaker only as '{label}' (not among its guests)."})
            said.append(f"speaker {label!r}: not among the page's guests, so kind 'host' (check it)")
            continue
        matched.add(guest)
        full = _full_name(label, guest, text)
        entry: dict[str, Any] = {"id": _slug(full or label), "name": full or label, "kind": "guest"}
        if full is None:
            entry["name_note"] = f"The page names this speaker only as '{label}' (guest id '{guest}')."
        speakers.append(entry)
        said.append(f"speaker {label!r}: guest '{guest}'" + (f", full name {full!r} from the page" if full else ""))
    if not labels:  # Q&A body: the guests answer
        for guest in guests:
            full = _full_name_from_id(guest, text)
            speakers.append({"id": _slug(full or guest), "name": full or guest, "kind": "guest",
                             **({} if full else {"name_note": f"The page gives only the id '{guest}'."})})
        if speakers:
            values["qa"] = {"asks": None, "answers": speakers[0]["id"]}
            said.append(f"Q&A body: answers by {speakers[0]['name']} (the page's first guest); "
                        "questions by an unknown speaker (set qa.asks if you know who asks)")
    if speakers:
        values["speakers"] = speakers
    topics = [str(t) for t in page.get("topics") or () if isinstance(t, str) and 0 < len(t) <= 60]
    if topics:
        values["tags"] = topics
        said.append(f"tags: {', '.join(topics)} (the page's topics)")
    return values, said


def _squash(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-") or "speaker"


def _full_name(label: str, guest: str, text: str) -> str | None:
    """"Jakob" + guest id "jakobgraff" -> "Jakob Graff" when the page writes that name."""
    for match in re.finditer(rf"\b{re.escape(label)}((?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+){{1,3}})", text):
        words = match.group(1).split()
        for n in range(1, len(words) + 1):
            candidate = f"{label} {' '.join(words[:n])}"
            if _squash(candidate) == _squash(guest):
                return candidate
    return None


def _full_name_from_id(guest: str, text: str) -> str | None:
    for match in re.finditer(r"\b[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+){1,3}", text):
        words = match.group().split()
        for n in range(2, len(words) + 1):
            if _squash(" ".join(words[:n])) == _squash(guest):
                return " ".join(words[:n])
    return None
