"""Candidate quotes for a transcript, per theme, ready to paste into its front matter.

A contributor adding an interview runs ``kb suggest FILE``: the transcript is read into
paragraphs exactly as the build reads it (same ids), the tagger ranks paragraphs per theme,
and in each chosen paragraph the sentence or two (15-80 words) that speaks most to the theme
becomes the suggested quote. Spans are cut from the paragraph's own words and checked with
``quotes.find_quote``, so they pass quote verification when pasted unchanged.

Works on a transcript with front matter (with or without quotes) and on a raw caption or
text file (.vtt, .srt, .txt), whose format is detected as ``kb check`` would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import corpus as corpus_module
from .errors import KBError, Problem, Problems
from .language import guess_language
from .models import THEME_SLUGS, Paragraph, Segment
from .paragraphs import Placed, group_paragraphs
from .quotes import TokenIndex, build_index, find_quote
from .readers import LOWER_CASE_SHAPES, detect_format, read_body
from .source_files import decode_text, display_path, read_bytes
from .tagging import predict_themes, score_themes, theme_scores
from .text import split_sentences

MIN_WORDS = 15
MAX_WORDS = 80
WINDOW_WORDS = 45  # span size when a passage has no sentence ends (lower-case captions)
WINDOW_STEP = 10
RAW_SUFFIXES = (".vtt", ".srt", ".txt")


@dataclass(frozen=True)
class Draft:
    """A transcript read into paragraphs, with what suggestion needs to know about it."""

    name: str  # file name as shown to the user
    language: str
    format: str
    paragraphs: tuple[Paragraph, ...]
    index: TokenIndex
    quoted: frozenset[str]  # ids of paragraphs already holding a curated quote
    speaker_ids: frozenset[str]  # ids declared in front matter (empty for raw files)


@dataclass(frozen=True)
class Suggestion:
    theme: str  # the theme this passage is suggested for
    paragraph: Paragraph
    score: float  # the paragraph's score for ``theme`` (1.0 = tagging threshold)
    text: str  # verbatim span, 15-80 words
    themes: tuple[str, ...]  # every theme the span itself is tagged with (``theme`` first)
    matched: tuple[str, ...]  # the words that decided ``theme`` for the span (ThemeScore.reasons)


def read_draft(path: Path, *, language: str | None = None) -> Draft:
    """Read ``path`` into paragraphs. Raises KBError (one problem per line) on bad input."""
    name = display_path(path)
    data, problems = read_bytes(path, name)
    text, more = decode_text(data, name) if data is not None else (None, [])
    if text is None:
        raise KBError(problems + more)
    if path.suffix.lower() in RAW_SUFFIXES or not text.startswith("---"):
        return _read_raw(text, name=name, language=language)
    return _read_transcript(path, name=name, language=language)


def _read_transcript(path: Path, *, name: str, language: str | None) -> Draft:
    problems = Problems()
    interview = corpus_module.load_interview(path, problems, [])
    problems.raise_if_any()
    assert interview is not None
    paragraphs = interview.paragraphs
    # One segment per paragraph: paragraph text is its segments' words, cleaned the same way.
    placed = [Placed(Segment(text=p.text, line=p.line or 0, start_seconds=p.start_seconds), n)
              for n, p in enumerate(paragraphs)]
    return Draft(name=name, language=language or interview.language, format=interview.format,
                 paragraphs=paragraphs, index=build_index(placed),
                 quoted=frozenset(q.paragraph_id for q in interview.quotes if q.paragraph_id),
                 speaker_ids=frozenset(s.id for s in interview.speakers))


def _read_raw(text: str, *, name: str, language: str | None) -> Draft:
    fmt, _reason = detect_format(text)
    read = read_body(fmt, text, name=name, body_line=1)
    if not read.segments:
        raise KBError(Problem(name, f"the '{fmt}' reader found no text", field="body"))
    paragraphs, placed = group_paragraphs(list(read.segments), restore_case=fmt in LOWER_CASE_SHAPES,
                                          names=())
    return Draft(name=name, language=language or guess_language(text)[0], format=fmt,
                 paragraphs=tuple(paragraphs), index=build_index(placed), quoted=frozenset(),
                 speaker_ids=frozenset())


def suggest_quotes(draft: Draft, *, per_theme: int = 3) -> list[Suggestion]:
    """Up to ``per_theme`` suggestions per theme, best first, each paragraph used once.

    Paragraphs already holding a curated quote are skipped. A paragraph tagged with several
    themes goes to the theme it scores highest on that still has room.
    """
    pairs = []
    for position, paragraph in enumerate(draft.paragraphs):
        if paragraph.id in draft.quoted:
            continue
        for theme, score in theme_scores(paragraph.text, language=draft.language).items():
            if score >= 1.0:
                pairs.append((-score, THEME_SLUGS.index(theme), position, theme, paragraph))
    pairs.sort(key=lambda item: item[:3])
    used: set[str] = set()
    chosen: dict[str, list[Suggestion]] = {t: [] for t in THEME_SLUGS}
    for neg_score, _, _, theme, paragraph in pairs:
        if paragraph.id in used or len(chosen[theme]) >= per_theme:
            continue
        suggestion = _best_span(draft, paragraph, theme, -neg_score)
        if suggestion is not None:
            chosen[theme].append(suggestion)
            used.add(paragraph.id)
    return [s for theme in THEME_SLUGS for s in chosen[theme]]


def candidate_spans(text: str) -> list[str]:
    """Verbatim runs of one or more whole sentences of 15-80 words; for a passage without
    sentence ends, windows of about 45 words."""
    sentences = split_sentences(text)
    spans = []
    for start in range(len(sentences)):
        for end in range(start + 1, len(sentences) + 1):
            span = " ".join(sentences[start:end])
            size = len(span.split())
            if size > MAX_WORDS:
                break
            if size >= MIN_WORDS:
                spans.append(span)
    for sentence in sentences:
        words = sentence.split()
        if len(words) > MAX_WORDS:
            last = max(0, len(words) - WINDOW_WORDS)
            starts = sorted({*range(0, last + 1, WINDOW_STEP), last})
            spans.extend(" ".join(words[s: s + WINDOW_WORDS]) for s in starts)
    return spans


_EDGE = re.compile(r"^[,;:\s]+|[,;:\s]+$")


def _best_span(draft: Draft, paragraph: Paragraph, theme: str, score: float) -> Suggestion | None:
    best: tuple[float, int, int, str] | None = None
    for order, span in enumerate(candidate_spans(paragraph.text)):
        span = _EDGE.sub("", span)
        if len(span.split()) < MIN_WORDS or find_quote(draft.index, span) is None:
            continue
        span_score = theme_scores(span, language=draft.language)[theme]
        key = (-span_score, abs(len(span.split()) - 40), order, span)
        if best is None or key < best:
            best = key
    if best is None or -best[0] <= 0:
        return None
    span = best[3]
    themes = predict_themes(span, language=draft.language)
    themes = (theme, *(t for t in themes if t != theme))
    matched = next(s.reasons for s in score_themes(span, language=draft.language) if s.theme == theme)
    return Suggestion(theme=theme, paragraph=paragraph, score=score, text=span, themes=themes, matched=matched)


def format_suggestions(draft: Draft, suggestions: list[Suggestion]) -> str:
    """YAML with comments: a ``quotes:`` list the contributor can paste into front matter."""
    lines = [
        f"# kb suggest: candidate quotes for {draft.name}",
        (f"# ({draft.format}, language {draft.language}, {len(draft.paragraphs)} paragraphs, "
         f"{len(draft.quoted)} already quoted)"),
        "# Read each passage in context (the paragraph id is its anchor on the interview page),",
        "# trim it if you like - keep the words verbatim, mark cuts with … - check the speaker",
        "# and themes, then paste the entries you keep under `quotes:` and run `kb check`.",
        "quotes:",
    ]
    for theme in THEME_SLUGS:
        picked = [s for s in suggestions if s.theme == theme]
        lines.append(f"  # --- {theme} ---")
        if not picked:
            lines.append(f"  # no passage scored high enough for {theme}")
        for s in picked:
            where = f"paragraph {s.paragraph.id}"
            if s.paragraph.start_seconds is not None:
                where += f" (at {_clock(s.paragraph.start_seconds)})"
            elif s.paragraph.line and len({p.line for p in draft.paragraphs}) > 1:
                where += f" (line {s.paragraph.line})"
            lines.append(f"  # {where}, score {s.score:.2f}; because of: {', '.join(s.matched)}")
            entry = {"text": s.text, "speaker": _speaker(draft, s.paragraph), "themes": list(s.themes)}
            dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=88,
                                    default_flow_style=None)
            lines.extend("  " + line for line in dumped.rstrip("\n").split("\n"))
            if entry["speaker"] is None:
                lines.append("    # speaker unknown here: put the id from `speakers:`")
            if draft.language != "en":
                lines.append("    # translation: required for a quote not in English")
    return "\n".join(lines) + "\n"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _speaker(draft: Draft, paragraph: Paragraph) -> str | None:
    if paragraph.speaker is None:
        return None
    if paragraph.speaker in draft.speaker_ids or not draft.speaker_ids:
        # Raw files: a caption voice tag or "Name:" label, made into an id-shaped suggestion.
        return re.sub(r"[^a-z0-9]+", "-", paragraph.speaker.casefold()).strip("-") or None
    return None
