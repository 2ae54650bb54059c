"""Load every transcript and the theme data into one ``Corpus``, collecting all problems.

Two phases, as in Pelican: read every source into memory (one bad file is reported by
name without hiding the others), then cross-check and index the whole set.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import model_mapping, tagging, transcript_cache
from .data_files import load_data_file
from .editorial import load_editorial
from .errors import KBError, Problem, Problems
from .frontmatter_loader import TranscriptSource, load_transcript
from .job_adverts import load_job_adverts
from .layout import THEMES_FILE, TRANSCRIPTS_DIR
from .models import (
    THEME_SLUGS,
    Corpus,
    Difference,
    Interview,
    KeyPoint,
    Paragraph,
    Person,
    Quote,
    QuoteGroupSpec,
    ReaderQuestion,
    ReadResult,
    Segment,
    Speaker,
    Theme,
)
from .paragraphs import apply_turns, group_paragraphs, resolve_labels
from .quotes import (
    TokenIndex,
    build_index,
    closest_passage,
    describe_match,
    find_quote,
    find_quotes,
)
from .readers import LOWER_CASE_SHAPES, detect_format, read_body
from .readers.captions import parse_stamp
from .references import Evidence
from .source_files import display_path
from .theme_editorial import difference_anchor, key_point_anchor
from .workers import map_in_processes

# Transcripts loaded on every core from this many on (kb.workers): a transcript takes tens of
# milliseconds, and the 5 seeds load in 0.16 s on two cores against 0.21 s on one.
PARALLEL_TRANSCRIPTS = 4


def transcript_paths(root: Path) -> list[Path]:
    folder = root / TRANSCRIPTS_DIR
    return sorted(p for p in folder.glob("*.md") if not p.name.startswith(("_", ".")) and p.name != "README.md")


def load_corpus(root: Path, *, notices: list[str] | None = None,
                warnings: list[Problem] | None = None, cache: bool = True) -> Corpus:
    """Build the corpus from ``root`` (the project folder). Raises KBError with every problem.

    ``notices`` collects non-fatal remarks (e.g. a guessed format) for the caller to print;
    ``warnings`` collects editorial problems that do not stop a build (`kb check --strict`
    fails on them): a quote on unknown-speaker text, a summary outside 80-150 words, a long slug.
    ``cache``: reuse and keep each transcript's result in ``root``/.cache/kb/ (kb.transcript_cache);
    False for a read-only look at a folder (``kb diff``).
    """
    problems = Problems()
    themes = read_themes(root, problems)
    interviews = []
    cache = transcript_cache.open_cache(root) if cache else None
    for interview in _load_interviews(cache, transcript_paths(root), problems,
                                      notices if notices is not None else [],
                                      warnings if warnings is not None else []):
        if interview is not None:
            interviews.append(interview)
    if cache is not None:
        cache.prune()
    people = _check_corpus(interviews, problems)
    job_adverts = load_job_adverts(root, interviews, problems)
    evidence = Evidence(interviews)
    roles, glossary = load_editorial(root, interviews, themes.themes, problems, evidence=evidence,
                                     theme_lines=themes.lines)
    questions = load_reader_questions(root, themes.themes, problems)
    problems.raise_if_any()
    return Corpus(interviews=tuple(interviews), themes=themes.themes, people=people, job_adverts=job_adverts,
                  roles=roles, glossary=glossary, references=evidence.resolved, questions=questions)


def _load_interviews(cache: transcript_cache.TranscriptCache | None, paths: list[Path], problems: Problems,
                     notices: list[str], warnings: list[Problem]) -> list[Interview | None]:
    """``load_interview`` of each path, in order, or its result for the same bytes from the
    cache (kb.transcript_cache); those the cache lacks are loaded on every core (kb.workers).
    Only transcripts that load without problems are kept: a broken one is read every time.
    Problems, notices and warnings come in the paths' order, wherever each was loaded."""
    looked = [_cached(cache, path) for path in paths]
    missing = [path for path, (_, entry) in zip(paths, looked) if entry is None]
    loaded = dict(zip(missing, map_in_processes(_load_fresh, missing, min_items=PARALLEL_TRANSCRIPTS)))
    interviews: list[Interview | None] = []
    for path, (data, entry) in zip(paths, looked):
        if entry is None:
            interview, found, found_notices, found_warnings = loaded[path]
            problems.extend(found)
            # Not if the file changed while it was read: the entry would pair old bytes with new text.
            if cache is not None and data is not None and interview is not None and not found and _unchanged(path, data):
                cache.put(path, data, transcript_cache.Entry(interview, tuple(found_notices), tuple(found_warnings)))
        else:
            interview, found_notices, found_warnings = entry.interview, list(entry.notices), list(entry.warnings)
        notices.extend(found_notices)
        warnings.extend(found_warnings)
        interviews.append(interview)
    return interviews


def _cached(cache: transcript_cache.TranscriptCache | None, path: Path
            ) -> tuple[bytes | None, transcript_cache.Entry | None]:
    """The file's bytes (None without a cache, or when unreadable) and its cached result."""
    if cache is None:
        return None, None
    try:
        data = path.read_bytes()
    except OSError:
        return None, None  # load_interview reports it
    return data, cache.get(path, data)


def _load_fresh(path: Path) -> tuple[Interview | None, list[Problem], list[str], list[Problem]]:
    """``load_interview`` with its own problems, notices and warnings (run in a worker)."""
    found, found_notices, found_warnings = Problems(), [], []
    interview = load_interview(path, found, found_notices, warnings=found_warnings)
    return interview, list(found.items), found_notices, found_warnings


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


@dataclass(frozen=True)
class ThemesDocument:
    """The themes as read, and the line of each field of data/themes.yml (for later checks)."""

    themes: tuple[Theme, ...]
    lines: dict[str, int]


def load_themes(root: Path, problems: Problems) -> tuple[Theme, ...]:
    """The themes of ``root``/data/themes.yml, checked against schema/themes.json and each other."""
    return read_themes(root, problems).themes


def read_themes(root: Path, problems: Problems) -> ThemesDocument:
    """``load_themes`` with the file's field lines, so the reference check need not read it again."""
    path = root / THEMES_FILE
    name = display_path(path)
    document = load_data_file(path, "themes", problems)
    if document is None:
        return ThemesDocument((), {})
    themes: list[Theme] = []
    for number, entry in enumerate(document.data["themes"]):
        field = f"themes/{number}"
        if entry["slug"] in {t.slug for t in themes}:
            problems.add(name, f"theme {entry['slug']!r} is listed twice", field=f"{field}/slug",
                         line=document.line_for(f"{field}/slug"))
            continue
        for n, slug in enumerate(entry.get("related") or ()):
            if slug == entry["slug"]:
                problems.add(name, f"theme {slug!r} cannot be related to itself", field=f"{field}/related/{n}",
                             line=document.line_for(f"{field}/related/{n}"), hint="name other themes")
        keywords = entry.get("keywords") or {}
        themes.append(Theme(
            slug=entry["slug"], title=entry["title"], description=entry["description"],
            related=tuple(entry.get("related") or ()), intro=entry.get("intro", ""),
            key_points=tuple(KeyPoint(id=k["id"], text=k["text"].strip()) for k in entry.get("key_points") or ()),
            differences=tuple(Difference(id=d["id"], question=d["question"].strip(),
                                         views=tuple(v.strip() for v in d["views"]))
                              for d in entry.get("differences") or ()),
            differences_note=" ".join(entry.get("differences_note", "").split()),
            groups=_groups(entry),
            keywords={k: tuple(v) for k, v in keywords.items()},
            french_names=tuple(n.strip() for n in entry.get("french_names") or ()),
        ))
    missing = set(THEME_SLUGS) - {t.slug for t in themes}
    if missing:
        problems.add(name, f"missing theme(s): {', '.join(sorted(missing))}", field="themes",
                     line=document.line_for("themes"))
    return ThemesDocument(tuple(sorted(themes, key=lambda t: THEME_SLUGS.index(t.slug))), document.lines)


def _groups(entry: dict[str, Any]) -> tuple[QuoteGroupSpec, ...]:
    """The theme's quote groups, each a title and the quote subtopics it gathers.

    ``subtopics`` (the field before issue 13, in older revisions that ``kb diff`` reads) is
    read as one group holding them all, in their order; ``groups`` wins when both are given."""
    if "groups" not in entry and entry.get("subtopics"):
        return (QuoteGroupSpec(title="Quotes", subtopics=tuple(entry["subtopics"])),)
    return tuple(QuoteGroupSpec(title=g["title"], subtopics=tuple(g["subtopics"]), featured=tuple(g.get("featured") or ()))
                 for g in entry.get("groups") or ())


def load_reader_questions(root: Path, themes: tuple[Theme, ...], problems: Problems
                          ) -> tuple[ReaderQuestion, ...]:
    """The home page's questions (``questions:`` in data/themes.yml), each answered by a key
    point (``key_point: ID``) or a differ row (``difference: ID``) of the theme it names."""
    path = root / THEMES_FILE
    # Read again quietly: load_themes has already reported the file's own problems.
    document = load_data_file(path, "themes", Problems()) if path.exists() else None
    if document is None:
        return ()
    name = display_path(path)
    by_slug = {t.slug: t for t in themes}
    found = []
    for n, entry in enumerate(document.data.get("questions") or ()):
        field = f"questions/{n}"
        theme = by_slug.get(entry["theme"])
        kind = "key_point" if "key_point" in entry else "difference"
        answer = f"{'key' if kind == 'key_point' else 'differ'}-{entry[kind]}"
        answers = {key_point_anchor(k.id) for k in theme.key_points} if theme else set()
        answers |= {difference_anchor(d.id) for d in theme.differences} if theme else set()
        if theme is None or answer not in answers:
            problems.add(name, f"question #{n + 1} is answered by no {kind.replace('_', ' ')} "
                         f"{entry[kind]!r} of theme {entry['theme']!r}", field=f"{field}/{kind}",
                         line=document.line_for(field),
                         hint="give `key_point: ID` or `difference: ID`, an id in that theme")
            continue
        found.append(ReaderQuestion(question=entry["question"].strip(), theme=theme.slug, answer=answer))
    return tuple(found)


SUMMARY_WORDS = (80, 150)  # the guide's length for a summary
MAX_SLUG_CHARS = 60  # longer slugs make unwieldy URLs and file names


def load_interview(path: Path, problems: Problems, notices: list[str], *,
                   warnings: list[Problem] | None = None) -> Interview | None:
    """One transcript through every stage: front matter, reader, paragraphs, verification,
    tagging. Problems are added to ``problems``; a stage's problems stop the stages after it
    (a quote cannot be checked against a body no reader could read)."""
    source, found = load_transcript(path)
    problems.extend(found)
    if source is None or found:
        return None
    name = display_path(path)
    fmt = _format(source, name, notices)
    read = _read_body(source, fmt, name, problems)
    if read is None:
        return None
    local = Problems()
    speakers = tuple(model_mapping.speaker(s) for s in source.meta["speakers"])
    paragraphs, index = _paragraphs(source, read, fmt, speakers, local, name)
    found_warnings: list[Problem] = []
    quotes = _verify_quotes(source, speakers, paragraphs, index, local, name, found_warnings)
    speakers = tuple(_verify_career(s, source, paragraphs, index, local, name) for s in speakers)
    _check_header(source.meta, read.header, local, name, source)
    problems.extend(local.items)
    if local:
        return None
    if warnings is not None:
        warnings.extend(found_warnings + _editorial_warnings(source, name))
    overrides = source.meta.get("themes_override") or {}
    if not _check_overrides(source, overrides, paragraphs, problems, name):
        return None
    paragraphs = tagging.tag_interview(paragraphs, quotes, language=source.meta["language"],
                                       overrides=overrides)
    return model_mapping.interview(source.meta, path=path, format=fmt, speakers=speakers,
                                   paragraphs=tuple(paragraphs), quotes=tuple(quotes),
                                   header=dict(sorted(read.header.items())),
                                   punctuation_added=fmt in LOWER_CASE_SHAPES)


def _check_overrides(source: TranscriptSource, overrides: dict[str, list[str]],
                     paragraphs: list[Paragraph], problems: Problems, name: str) -> bool:
    """False (after adding a problem for each) when ``themes_override`` names a paragraph id
    the interview does not have; the schema has already checked the themes."""
    unknown = sorted(set(overrides) - {p.id for p in paragraphs})
    for pid in unknown:
        problems.add(name, f"themes_override names {pid!r}, which is not a paragraph of this interview",
                     field=f"themes_override/{pid}",
                     line=source.field_lines.get(f"themes_override/{pid}", source.body_line),
                     hint="paragraph ids are in kb.json and are the anchors of the interview page; "
                          "they change when the paragraph's words or start change")
    return not unknown


def _format(source: TranscriptSource, name: str, notices: list[str]) -> str:
    """The body's format: the front matter's ``format``, or the one detected (with a notice)."""
    fmt = source.meta.get("format")
    if fmt is None:
        fmt, reason = detect_format(source.body)
        notices.append(f"{name}: no 'format' field; guessed '{fmt}' ({reason}). "
                       f"Add `format: {fmt}` to the front matter.")
    return fmt


def _read_body(source: TranscriptSource, fmt: str, name: str, problems: Problems) -> ReadResult | None:
    """The body read by the reader for ``fmt``, or None after adding its problems."""
    try:
        read = read_body(fmt, source.body, name=name, body_line=source.body_line)
    except KBError as exc:
        problems.extend(exc.problems)
        return None
    if not read.segments:
        problems.add(name, f"the '{fmt}' reader found no text in the body", field="body",
                     line=source.body_line)
        return None
    return read


def _paragraphs(source: TranscriptSource, read: ReadResult, fmt: str, speakers: tuple[Speaker, ...],
                problems: Problems, name: str) -> tuple[list[Paragraph], TokenIndex]:
    """Segments -> speakers resolved, turns applied -> paragraphs, and the index quotes are found in."""
    _check_speaker_ids(source, speakers, problems, name)
    segments = _apply_roles(list(read.segments), read.roles, source, speakers, problems, name)
    segments, label_problems = resolve_labels(segments, speakers, name)
    problems.extend(label_problems)
    authors = [s.id for s in speakers if s.kind == "author"]
    turns = tuple(model_mapping.turn(t) for t in source.meta.get("turns") or ())
    segments, turn_problems = apply_turns(segments, turns, default=authors[0] if len(authors) == 1 else None,
                                          name=name)
    problems.extend(turn_problems)
    names = tuple(part for s in speakers for part in s.name.split() if part[:1].isupper() and len(part) > 2)
    paragraphs, placed = group_paragraphs(segments, restore_case=fmt in LOWER_CASE_SHAPES, names=names)
    return paragraphs, build_index(placed, paragraphs)


def _apply_roles(segments: list[Segment], roles: dict[str, int], source: TranscriptSource,
                 speakers: tuple[Speaker, ...], problems: Problems, name: str) -> list[Segment]:
    """Q&A role labels ("Q", "A") -> the speaker ids declared once in the front matter's `qa:`."""
    if not roles:
        return segments
    qa = source.meta.get("qa") or {}
    ids = {s.id for s in speakers}
    if not qa.get("answers"):
        problems.add(name, "Q&A body but no answering speaker declared", field="qa",
                     line=roles.get("A", min(roles.values())),
                     hint="add to the front matter: `qa: {asks: ID or null, answers: ID}` with ids from speakers")
        return [replace(seg, speaker=None) if seg.speaker in roles else seg for seg in segments]
    mapping = {"Q": qa.get("asks"), "A": qa["answers"]}
    for role, key in (("Q", "asks"), ("A", "answers")):
        if mapping[role] is not None and mapping[role] not in ids:
            problems.add(name, f"qa {key} {mapping[role]!r} is not among speakers", field=f"qa/{key}",
                         line=source.field_lines.get(f"qa/{key}"), hint=f"known ids: {', '.join(sorted(ids))}")
    return [replace(seg, speaker=mapping[seg.speaker]) if seg.speaker in mapping else seg for seg in segments]


def _editorial_warnings(source: TranscriptSource, name: str) -> list[Problem]:
    """What the contributing guide asks for but a build can live without."""
    found = []
    meta = source.meta
    words = len(str(meta.get("summary", "")).split())
    low, high = SUMMARY_WORDS
    if not low <= words <= high:
        found.append(Problem(name, f"summary has {words} words; the guide asks for {low}-{high}", field="summary",
                             line=source.field_lines.get("summary"),
                             hint="who, what about, the main points, in your own words"))
    slug = str(meta.get("slug", ""))
    if len(slug) > MAX_SLUG_CHARS:
        found.append(Problem(name, f"slug is {len(slug)} characters; keep it to {MAX_SLUG_CHARS} or fewer",
                             field="slug", line=source.field_lines.get("slug"),
                             hint="URLs and file names read better short, e.g. 'ada-lovelace-pydata-2024'"))
    return found


def _check_speaker_ids(source: TranscriptSource, speakers: tuple[Speaker, ...], problems: Problems,
                       name: str) -> None:
    seen: set[str] = set()
    for number, s in enumerate(speakers):
        if s.id in seen:
            problems.add(name, f"speaker id {s.id!r} is listed twice", field=f"speakers/{number}/id",
                         line=source.field_lines.get(f"speakers/{number}/id"))
        seen.add(s.id)
    for number, turn in enumerate(source.meta.get("turns") or ()):
        field = f"turns/{number}/speaker"
        if turn.get("speaker") is not None and turn["speaker"] not in seen:
            problems.add(name, f"turn speaker {turn['speaker']!r} is not among speakers", field=field,
                         line=source.field_lines.get(field), hint=f"known ids: {', '.join(sorted(seen))}")
        at = turn.get("at")
        if at and parse_stamp(at) is None:
            problems.add(name, f"turn time {at!r} is not a valid m:ss or h:mm:ss stamp",
                         field=f"turns/{number}/at", line=source.field_lines.get(f"turns/{number}/at"))


def _verify_quotes(source: TranscriptSource, speakers: tuple[Speaker, ...], paragraphs: list[Paragraph],
                   index: Any, problems: Problems, name: str, warnings: list[Problem]) -> list[Quote]:
    ids = {s.id: s for s in speakers}
    quotes: list[Quote] = []
    seen: set[str] = set()
    for number, entry in enumerate(source.meta.get("quotes") or ()):
        field = f"quotes/{number}"
        line = source.field_lines.get(field)
        text = entry["text"]
        qid = entry.get("id") or f"{entry['speaker']}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"
        if qid in seen:
            problems.add(name, f"quote id {qid!r} is used twice", field=f"{field}/id", line=line)
        seen.add(qid)
        for key in ("speaker", "reports"):
            if entry.get(key) is not None and entry[key] not in ids:
                problems.add(name, f"quote {key} {entry[key]!r} is not among speakers", field=f"{field}/{key}",
                             line=source.field_lines.get(f"{field}/{key}"),
                             hint=f"known ids: {', '.join(sorted(ids))}")
        if source.meta.get("language") != "en" and not entry.get("translation"):
            problems.add(name, "a quote in a language other than English needs a 'translation'",
                         field=f"{field}/translation", line=line)
        matches = list(find_quotes(index, text))
        if not matches:
            problems.add(name, f"quote not found in the transcript: \"{_clip(text)}\"", field=f"{field}/text",
                         line=source.field_lines.get(f"{field}/text", line),
                         hint="closest passage is " + closest_passage(index, text, paragraphs))
            continue
        # The same words may be said twice: prefer the place where the quoted speaker speaks,
        # then one where the elisions keep to the rules (quotes.describe_match).
        placed = [(m, _other_speakers(m, index, paragraphs, entry["speaker"]),
                   describe_match(index, paragraphs, text, m, note=entry.get("note"))) for m in matches]
        match, others, described = min(placed, key=lambda p: (bool(p[1]), bool(p[2].problems)))
        paragraph = paragraphs[index.paragraph[match.start]]
        for problem in described.problems:
            problems.add(name, f"quote {qid!r}: {problem.message}", field=f"{field}/text",
                         line=source.field_lines.get(f"{field}/text", line), hint=problem.hint)
        if others and entry["speaker"] in ids:
            problems.add(name, f"quote is attributed to {entry['speaker']!r} but the transcript has "
                               f"{', '.join(map(repr, others))} speaking there (paragraph {paragraph.id})",
                         field=f"{field}/speaker", line=source.field_lines.get(f"{field}/speaker", line),
                         hint="fix the quote's speaker or the turns")
        touched = {paragraphs[i].speaker for i in set(index.paragraph[match.start: match.end])}
        if touched == {None}:
            warnings.append(Problem(name, f"quote attributed to {entry['speaker']!r} sits on text whose speaker is "
                                          f"unknown (paragraph {paragraph.id})", field=f"{field}/speaker",
                                    line=source.field_lines.get(f"{field}/speaker", line),
                                    hint="add turns (or labels) saying who speaks there, so the page shows it too"))
        quotes.append(model_mapping.quote(entry, id=qid, paragraph_id=paragraph.id,
                                          start_seconds=index.seconds[match.start], spans=described.spans,
                                          omissions=described.omissions))
    return quotes


def _other_speakers(match: Any, index: Any, paragraphs: list[Paragraph], speaker: str) -> list[str]:
    """Known speakers other than ``speaker`` of the paragraphs the matched words fall in."""
    touched = sorted(set(index.paragraph[match.start: match.end]))
    return sorted({p.speaker for p in (paragraphs[i] for i in touched)
                   if p.speaker is not None and p.speaker != speaker})


def _verify_career(speaker: Speaker, source: TranscriptSource, paragraphs: list[Paragraph], index: Any,
                   problems: Problems, name: str) -> Speaker:
    if not speaker.career:
        return speaker
    number = next(i for i, s in enumerate(source.meta["speakers"]) if s["id"] == speaker.id)
    steps = []
    for step_no, step in enumerate(speaker.career):
        match = find_quote(index, step.evidence)
        field = f"speakers/{number}/career/{step_no}/evidence"
        if match is None:
            problems.add(name, f"career evidence not found in the transcript: \"{_clip(step.evidence)}\"",
                         field=field, line=source.field_lines.get(field),
                         hint="closest passage is " + closest_passage(index, step.evidence, paragraphs))
            continue
        steps.append(replace(step, paragraph_id=paragraphs[index.paragraph[match.start]].id))
    return replace(speaker, career=tuple(steps))


def _check_header(meta: dict[str, Any], header: dict[str, str], problems: Problems, name: str,
                  source: TranscriptSource) -> None:
    """Facts the page itself states must agree with the front matter."""
    page_date = header.get("date")
    if page_date and meta.get("date") and meta["date"] != page_date:
        problems.add(name, f"date {meta['date']} differs from the date the page gives ({page_date})",
                     field="date", line=source.field_lines.get("date"))


def _check_corpus(interviews: list[Interview], problems: Problems) -> tuple[Person, ...]:
    """Cross-file rules: unique slugs and quote ids, one name per person id."""
    by_slug: dict[str, Interview] = {}
    for interview in interviews:
        other = by_slug.get(interview.slug)
        if other is not None:
            problems.add(display_path(interview.path), f"slug {interview.slug!r} is already used by "
                         f"{display_path(other.path)}", field="slug", hint="slugs must be unique")
        by_slug.setdefault(interview.slug, interview)
    quote_owner: dict[str, Interview] = {}
    for interview in interviews:
        for quote in interview.quotes:
            owner = quote_owner.setdefault(quote.id, interview)
            if owner is not interview:
                problems.add(display_path(interview.path), f"quote id {quote.id!r} is already used by "
                             f"{display_path(owner.path)}", field="quotes", hint="quote ids are global")
    people: dict[str, list[tuple[str, Speaker]]] = {}
    first_file: dict[str, Interview] = {}
    for interview in interviews:
        for speaker in interview.speakers:
            appearances = people.setdefault(speaker.id, [])
            if appearances and appearances[0][1].name != speaker.name:
                problems.add(display_path(interview.path),
                             f"person id {speaker.id!r} is already used for {appearances[0][1].name!r} in "
                             f"{display_path(first_file[speaker.id].path)}, here for {speaker.name!r}",
                             field="speakers", hint="use the same name for the same person, or another id")
            first_file.setdefault(speaker.id, interview)
            appearances.append((interview.slug, speaker))
    return tuple(Person(id=pid, name=apps[0][1].name, appearances=tuple(apps))
                 for pid, apps in sorted(people.items()))


def _clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
