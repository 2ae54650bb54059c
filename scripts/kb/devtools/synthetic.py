"""A synthetic corpus for benchmarks: N transcripts recombined from the real seed transcripts.

Why: the knowledge base has a handful of interviews today and should stay fast with
hundreds. This module makes a project folder with N transcripts that look like the real
ones (same five raw shapes, same kind of text, same amount of front matter) so that the
build can be timed and its pages weighed at any size.

How: every synthetic interview takes windows of lines, sentences or paragraphs from the
body of one seed transcript of a given shape, in their original order, under a new slug,
new (invented, clearly fake) speakers, new speaker turns, and quotes and career evidence
copied verbatim from the generated body, so that ``load_corpus`` verifies them like real
ones. A recurring pool of hosts makes long person pages, as a real podcast series would.

Deterministic: interview ``k`` depends only on ``(seed, k)``, never on N or on time, so two
runs write byte-identical files and the corpus of 50 starts with the corpus of 5.
Nothing here is ever written into the project's own transcripts/ or docs/.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..corpus import TRANSCRIPTS_DIR, load_interview, transcript_paths
from ..errors import KBError, Problem, Problems
from ..frontmatter_loader import load_transcript
from ..models import THEME_SLUGS, Interview, Segment
from ..readers import read_body
from ..text import tokens

# Invented names: recognisably fake, so a synthetic page can never be mistaken for a person.
_FIRST = ("Ada", "Basil", "Cleo", "Dario", "Edda", "Fabian", "Greta", "Hugo", "Ines", "Jonas",
          "Kira", "Lionel", "Maren", "Nils", "Odile", "Pavel", "Quinn", "Rosa", "Silas", "Tove",
          "Ugo", "Vera", "Wim", "Xenia", "Yann", "Zora", "Anouk", "Bruno", "Celia", "Dag")
_LAST = ("Synthwood", "Mockridge", "Benchley", "Samplewell", "Fakeson", "Testard", "Placeholm",
         "Dummont", "Stubbins", "Fixturo", "Corpusky", "Seedhaven", "Loremont", "Ipsumberg",
         "Randall", "Shuffler", "Windowson", "Splicer", "Recombe", "Parafrag")
_SERIES = ("Data Careers Radio", "The Model Shop", "Pipelines and People", "Notebook Nights",
           "Feature Store Talks", "Gradient Hour", "The Inference Desk", "Causal Coffee",
           "Cluster Chat", "Bias and Variance", "Tabular Tuesday", "The Deploy Log")
_HOSTS = 24  # a fixed pool, so interview k never depends on N
_REUSE_GUEST = 0.1  # share of interviews whose guest already appeared in an earlier one


@dataclass(frozen=True)
class Seed:
    """The raw material of one shape: the seed body cut into reusable units."""

    shape: str
    language: str
    units: tuple[str, ...]  # caption texts, fragment lines, sentences or blocks
    labels: tuple[str | None, ...]  # article only: the speaker label of each block
    header: tuple[str, ...]  # the title the reader found (prose)
    summary: str
    kind: str  # the seed's source kind (video, podcast...), given to its synthetic copies


def load_seeds(root: Path) -> dict[str, Seed]:
    """Cut each seed transcript of ``root`` into units, one seed per shape the generator writes."""
    seeds: dict[str, Seed] = {}
    for path in transcript_paths(root):
        source, problems = load_transcript(path)
        if source is None or problems:
            raise KBError(problems or [Problem(str(path), "cannot read seed transcript")])
        shape = source.meta.get("format")
        if shape in SHAPES and shape not in seeds:
            seeds[shape] = _cut(shape, source.body, source.meta, name=str(path))
    missing = [s for s in SHAPES if s not in seeds]
    if missing:
        raise KBError(Problem(str(root / TRANSCRIPTS_DIR), f"no seed transcript for shape(s) {', '.join(missing)}",
                              hint="the generator recombines one real transcript of each shape"))
    return seeds


def _cut(shape: str, body: str, meta: dict[str, Any], *, name: str) -> Seed:
    """The seed's units as its own reader sees them: the generator never re-parses a shape.

    Caption and fragment lines and the podcast's sentences are the reader's segments; the
    article's and the essay's units are the source's paragraphs (segments up to the next
    paragraph break), each with the speaker label the reader found.
    """
    read = read_body(shape, body, name=name)
    labels: list[str | None] = []
    header: tuple[str, ...] = ()
    if shape in ("captions", "fragments", "header-transcript"):
        units = [segment.text for segment in read.segments]
    else:
        paragraphs = _source_paragraphs(read.segments)
        units = [text for _, text in paragraphs]
        if shape == "article":
            labels = [label for label, _ in paragraphs]
        header = (read.header["title"],) if "title" in read.header else ()
    return Seed(shape, meta["language"], tuple(units), tuple(labels), header, meta["summary"],
                meta["source"].get("kind") or "talk")


def _source_paragraphs(segments: tuple[Segment, ...]) -> list[tuple[str | None, str]]:
    """(speaker label, text) of each paragraph of the source: segments joined up to a break."""
    paragraphs: list[tuple[str | None, list[str]]] = []
    for segment in segments:
        if segment.hard_break or not paragraphs:
            paragraphs.append((segment.speaker, []))
        paragraphs[-1][1].append(segment.text)
    return [(label, " ".join(texts)) for label, texts in paragraphs]


def make_project(root: Path, target: Path, count: int, *, seed: int = 0) -> list[Path]:
    """Create a project folder ``target`` with ``count`` transcripts: the real ones of ``root``
    plus synthetic ones up to ``count``. Returns the paths of all transcripts.

    The real transcripts stay because data/ (theme intros, job adverts) cites their quotes
    and paragraphs, and the build fails on a reference that does not resolve. Everything
    else the site build needs (mkdocs.yml, docs/, data/, scripts/...) is copied from
    ``root``; ``target`` must not exist yet.
    """
    real = transcript_paths(root)
    if count < len(real):
        raise KBError(Problem(str(root / TRANSCRIPTS_DIR), f"cannot make a corpus of {count} interviews: "
                              f"the project already has {len(real)}", hint=f"ask for at least {len(real)}"))
    copy_project_files(root, target)
    folder = target / TRANSCRIPTS_DIR
    folder.mkdir()
    copied = [Path(shutil.copy2(path, folder / path.name)) for path in real]
    return copied + write_corpus(root, folder, count - len(real), seed=seed)


_NOT_COPIED = {".git", TRANSCRIPTS_DIR, "site", "tests", "benchmarks", ".venv", ".hypothesis",
               ".ruff_cache", ".pytest_cache", "__pycache__", "out", "build", "test-artifacts"}


def copy_project_files(root: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for entry in sorted(root.iterdir()):
        if entry.name in _NOT_COPIED or entry.name.startswith(".") or entry.name.endswith(".egg-info"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(entry, target / entry.name)


def write_corpus(root: Path, folder: Path, count: int, *, seed: int = 0) -> list[Path]:
    """Write ``count`` synthetic transcripts into ``folder``; returns their paths."""
    seeds = load_seeds(root)
    folder.mkdir(parents=True, exist_ok=True)
    guests: list[dict[str, Any]] = []
    used_names: set[str] = set()
    paths = []
    for k in range(count):
        rng = random.Random(f"kb-synthetic-{seed}-{k}")
        paths.append(_write_interview(folder, k, rng, seeds, guests, used_names))
    return paths


def _person(name: str, **fields: Any) -> dict[str, Any]:
    return {"id": _slug(name), "name": name, **fields}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _new_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if name not in used:
            used.add(name)
            return name
        if len(used) >= len(_FIRST) * len(_LAST):  # the pool is exhausted: number the names
            name = f"{name} {len(used)}"
            used.add(name)
            return name


def _host(rng: random.Random) -> tuple[int, dict[str, Any]]:
    # Zipf-like: a few hosts run long series (their person pages get long), most run a few.
    weights = [1 / (rank + 1) for rank in range(_HOSTS)]
    index = rng.choices(range(_HOSTS), weights)[0]
    name = f"{_FIRST[index % len(_FIRST)]} Hostwell {index + 1}"
    series = _SERIES[index % len(_SERIES)]
    return index, _person(name, kind="host", affiliation=series)


def _write_interview(folder: Path, k: int, rng: random.Random, seeds: dict[str, Seed],
                     guests: list[dict[str, Any]], used_names: set[str]) -> Path:
    shape = SHAPES[k % len(SHAPES)]
    seed = seeds[shape]
    host_index, host = _host(rng)
    series = host["affiliation"]
    if guests and rng.random() < _REUSE_GUEST:
        guest = dict(rng.choice(guests))
    else:
        guest = _person(_new_name(rng, used_names), kind="guest", role=rng.choice(
            ("data scientist", "ML engineer", "data engineer", "analytics lead", "research scientist")),
            affiliation=f"{rng.choice(_LAST)} Analytics")
        guests.append(guest)
    date = (dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2500))).isoformat()
    slug = f"{date[:4]}-{guest['id']}-{_slug(series)}-{k:04d}"
    audience = {"id": f"{_slug(series)}-audience", "name": f"Audience of {series}", "kind": "audience"}
    speakers: list[dict[str, Any]]
    if shape == "prose":
        author = _person(_new_name(rng, used_names), kind="author")
        speakers = [author, dict(guest)]
    else:
        speakers = [host, dict(guest)] + ([audience] if shape in ("captions", "fragments") else [])
    body, turns = _BODY[shape](seed, rng, speakers, date=date, series=series, guest=guest)
    meta: dict[str, Any] = {
        "slug": slug,
        "title": f"{series}, episode {k + 1}: {guest['name']} (synthetic {shape} interview)",
        "date": date,
        "language": seed.language,
        "format": shape,
        "source": {"publisher": series, "kind": seed.kind,
                   "note": "Synthetic benchmark transcript recombined from the seed transcripts."},
        "speakers": speakers,
        "summary": f"Synthetic interview {k + 1} for the build benchmark: {guest['name']} with "
                   f"{speakers[0]['name']}. Words recombined from a real {shape} transcript, whose "
                   f"summary read: {seed.summary}",
        "tags": sorted(rng.sample(("MLOps", "career change", "statistics", "cloud", "ethics", "hiring",
                                   "deep learning", "SQL", "teaching", "consulting"), 3)),
        "notes": ["Synthetic: generated by `kb bench`; not a real interview."],
    }
    if turns:
        meta["turns"] = turns
    meta["quotes"] = []
    path = folder / f"{slug}.md"
    _write(path, meta, body)
    interview = _load(path)
    _add_quotes_and_careers(meta, interview, rng, host_index)
    _write(path, meta, body)
    return path


def _write(path: Path, meta: dict[str, Any], body: str) -> None:
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100) + "---\n" + body
    path.write_text(text, encoding="utf-8", newline="\n")


def _load(path: Path) -> Interview:
    problems = Problems()
    interview = load_interview(path, problems, [])
    if interview is None:
        raise KBError(problems.items or [Problem(str(path), "synthetic transcript did not load")])
    return interview


def _windows(rng: random.Random, size: int, *, share: tuple[float, float], parts: tuple[int, int],
             min_len: int) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) windows in order covering about ``share`` of ``size`` units.

    Non-overlapping, so no passage appears twice and every quote has one place to match.
    """
    wanted = max(min_len, int(size * rng.uniform(*share)))
    count = max(1, min(rng.randint(*parts), wanted // min_len, size // min_len))
    slot = size // count
    windows = []
    for i in range(count):
        length = min(slot, max(min_len, wanted // count))
        start = i * slot + rng.randrange(max(1, slot - length + 1))
        windows.append((start, min(size, start + length)))
    return windows


def _turn_chunks(rng: random.Random, windows: list[tuple[int, int]], turn_len: tuple[int, int]
                 ) -> list[tuple[int, int]]:
    """Split windows into speaker turns of ``turn_len`` units."""
    chunks = []
    for start, end in windows:
        pos = start
        while pos < end:
            step = rng.randint(*turn_len)
            chunks.append((pos, min(end, pos + step)))
            pos += step
    return chunks


def _who(rng: random.Random, index: int, speakers: list[dict[str, Any]]) -> str:
    """Host and guest alternate; now and then the audience asks (when there is one)."""
    if len(speakers) > 2 and index % 2 == 0 and rng.random() < 0.1:
        return speakers[2]["id"]
    return speakers[index % 2]["id"]


def _captions_body(seed: Seed, rng: random.Random, speakers: list[dict[str, Any]], **_: Any
                   ) -> tuple[str, list[dict[str, Any]]]:
    windows = _windows(rng, len(seed.units), share=(0.5, 1.0), parts=(3, 8), min_len=60)
    lines, turns = [], []
    seconds = 0
    for number, (start, end) in enumerate(_turn_chunks(rng, windows, (8, 60))):
        turns.append({"speaker": _who(rng, number, speakers), "at": _stamp(seconds)})
        for text in seed.units[start:end]:
            lines.append(f"{_stamp(seconds)} {text}")
            seconds += rng.randint(1, 4)
    return "\n".join(lines) + "\n", turns


def _units_with_turns_by_first_words(seed: Seed, rng: random.Random, windows: list[tuple[int, int]],
                                     turn_len: tuple[int, int], speakers: list[dict[str, Any]]
                                     ) -> tuple[list[str], list[dict[str, Any]]]:
    """The windows' units in order, and a turn (by its first words) at each chunk start."""
    units: list[str] = []
    turns: list[dict[str, Any]] = []
    for number, (start, end) in enumerate(_turn_chunks(rng, windows, turn_len)):
        starts = _starts(seed.units, start, end)
        if starts:
            turns.append({"speaker": _who(rng, number, speakers), "starts": starts})
        units.extend(seed.units[start:end])
    return units, turns


def _stamp(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _starts(units: tuple[str, ...], start: int, end: int) -> str | None:
    """The first words of a turn (at least six when the lines allow), verbatim."""
    words: list[str] = []
    for text in units[start:end]:
        words.extend(text.split())
        if len(words) >= 6:
            break
    text = " ".join(words[:12])
    return text if tokens(text) else None


def _fragments_body(seed: Seed, rng: random.Random, speakers: list[dict[str, Any]], **_: Any
                    ) -> tuple[str, list[dict[str, Any]]]:
    windows = _windows(rng, len(seed.units), share=(0.5, 1.0), parts=(3, 8), min_len=60)
    lines, turns = _units_with_turns_by_first_words(seed, rng, windows, (10, 80), speakers)
    return "\n".join(lines) + "\n", turns


def _header_body(seed: Seed, rng: random.Random, speakers: list[dict[str, Any]], *, date: str,
                 series: str, **_: Any) -> tuple[str, list[dict[str, Any]]]:
    windows = _windows(rng, len(seed.units), share=(0.5, 1.0), parts=(2, 6), min_len=25)
    sentences, turns = _units_with_turns_by_first_words(seed, rng, windows, (2, 12), speakers)
    day = dt.date.fromisoformat(date)
    header = f"{series} Episode\n\n{day:%B} {day.day}, {day.year}\nIn this episode I talk with {speakers[1]['name']}."
    return f"{header}\n\nTranscript\n\n{' '.join(sentences)}\n\nTags\n\nData ScienceCareers\n", turns


def _article_body(seed: Seed, rng: random.Random, speakers: list[dict[str, Any]], *, series: str,
                  **_: Any) -> tuple[str, list[dict[str, Any]]]:
    # Seed labels map to the new speakers: the first label seen is the host, the others the guest.
    seen = [label for label in dict.fromkeys(seed.labels) if label]
    names = {label: speakers[0 if i == 0 else 1]["name"] for i, label in enumerate(seen)}
    windows = _windows(rng, len(seed.units), share=(0.4, 1.0), parts=(2, 5), min_len=6)
    blocks = [f"Home {series} Articles", f"Conversation with {speakers[1]['name']}", "Share on:"]
    for start, end in windows:
        for index in range(start, end):
            label = seed.labels[index]
            if label is None and index == start:  # a window must open with a label
                label = next((lb for lb in reversed(seed.labels[:index]) if lb), seen[0])
            text = seed.units[index]
            blocks.append(f"{names[label]}: {text}" if label else text)
    return "\n\n".join(blocks) + "\n", []


def _prose_body(seed: Seed, rng: random.Random, speakers: list[dict[str, Any]], *, guest: dict[str, Any],
                **_: Any) -> tuple[str, list[dict[str, Any]]]:
    count = rng.randint(max(2, len(seed.units) // 2), len(seed.units))
    picked = sorted(rng.sample(range(len(seed.units)), count))
    blocks = list(seed.header) + [seed.units[i] for i in picked]
    return "\n\n".join(blocks) + "\n", []


_BODY = {"captions": _captions_body, "fragments": _fragments_body, "header-transcript": _header_body,
         "article": _article_body, "prose": _prose_body}
# The shapes the generator writes (a new reader joins the benchmark by adding a body writer here).
SHAPES = ("captions", "article", "header-transcript", "fragments", "prose")


def _add_quotes_and_careers(meta: dict[str, Any], interview: Interview, rng: random.Random,
                            host_index: int) -> None:
    """Quotes and career evidence: word spans copied from the paragraphs the build made."""
    stream = " " + " ".join(" ".join(tokens(p.text)) for p in interview.paragraphs) + " "
    speakers = {s["id"]: s for s in meta["speakers"]}
    guest = meta["speakers"][1]["id"]
    author = meta["speakers"][0]["id"] if meta["speakers"][0]["kind"] == "author" else None
    candidates = [p for p in interview.paragraphs if len(p.text.split()) >= 14]
    by_guest = [p for p in candidates if p.speaker in (guest, author)] or candidates
    quotes: list[dict[str, Any]] = []
    evidence: list[str] = []
    wanted = rng.randint(8, 20)
    for _attempt in range(wanted * 4):
        if len(quotes) >= wanted or not candidates:
            break
        paragraph = rng.choice(by_guest if rng.random() < 0.8 else candidates)
        words = paragraph.text.split()
        size = rng.randint(12, min(40, len(words)))
        first = rng.randrange(len(words) - size + 1)
        text = " ".join(words[first: first + size])
        key = " " + " ".join(tokens(text)) + " "
        if len(key.split()) < 8 or stream.count(key) != 1 or any(text == q["text"] for q in quotes):
            continue
        speaker = paragraph.speaker if paragraph.speaker in speakers else guest
        if len(evidence) < 3 and speaker == guest and speakers[guest].get("career") is None:
            evidence.append(text)
            continue
        quote: dict[str, Any] = {
            "id": f"{meta['slug'][:70]}-q{len(quotes) + 1}",
            "text": text,
            "speaker": speaker,
            "themes": sorted(rng.sample(THEME_SLUGS, rng.choice((1, 1, 2)))),
        }
        if meta["language"] != "en":
            quote["translation"] = "[Synthetic benchmark quote: no translation.]"
        if speaker == author:
            quote["reports"] = guest
        quotes.append(quote)
    meta["quotes"] = quotes
    guest_entry = speakers[guest]
    if evidence and "career" not in guest_entry:
        guest_entry["career"] = [{"what": f"Synthetic career step {i + 1}", "evidence": text}
                                 for i, text in enumerate(evidence)]
