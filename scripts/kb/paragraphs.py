"""Segments -> readable paragraphs with speakers and stable anchors, the same for every shape.

1. speaker labels a reader saw ("Prayson Daniel") become speaker ids;
2. turns annotated in front matter split segments where a new speaker starts;
3. segments are grouped into paragraphs of roughly 40-150 words, never across a speaker
   change, a heading or (for written sources) a paragraph break of the source; timed
   captions never break right after a function word ("a", "the", "because"...), and
   unpunctuated captions prefer to break where the next caption clearly starts a sentence
   ("so", "okay", "yeah"...): only there (and at a speaker change or the end) does the
   build add a full stop and a capital;
4. each paragraph gets an id that depends only on itself: its start time when the source
   has stamps, otherwise a hash of its first words.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from .errors import Problem
from .inline import decode
from .models import Paragraph, Segment, Speaker, Turn
from .text import FILLERS, clean_display, restore_case_of, tokens, word_count

TARGET_WORDS = 90
MAX_WORDS = 150
MIN_WORDS = 40
# A timed paragraph may run past MAX_WORDS rather than end on a function word, up to here.
HARD_MAX_WORDS = 2 * MAX_WORDS
_WORD_SPAN = re.compile(r"\w+")
ID_WORDS = 12  # an untimed paragraph's id hashes its first words
_HEAD_CHARS = 12  # characters per word read to find them, with room for fillers and markup
_SENTENCE_END = (".", "!", "?", "…", "»", '"', "”")

def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words after which a sentence cannot end (English and French): a paragraph break there
# reads as a cut ("...you work as a." / "Developer advocate"), so timed captions never
# break after one.
FUNCTION_WORDS = _word_set("""
    a an the my your his her its our their some any every each
    and or but nor because so if when although though than as whether
    of to in at by with for from into onto between through during
    without within like across against upon via per
    which whom whose that i we they he she very quite
    i'm it's that's there's you're we're they're he's she's let's
    le la les un une des du de et ou mais donc que qui à au aux en dans pour
    avec sur sous par chez sans vers mon ma mes ton ta tes son sa ses notre nos votre vos
    leur leurs ce cet cette ces je ne se très c'est qu'il qu'on j'ai
""")
# First words with which unpunctuated speech clearly starts a new sentence.
SENTENCE_OPENERS = _word_set("""
    so okay ok yeah yes well now alright oh sure exactly definitely absolutely hello hi
    thanks
""")


@dataclass(frozen=True)
class Placed:
    """A segment assigned to a paragraph, for quote matching (time precision is per segment)."""

    segment: Segment
    paragraph_index: int


def resolve_labels(segments: list[Segment], speakers: tuple[Speaker, ...], name: str
                   ) -> tuple[list[Segment], list[Problem]]:
    """Replace labels such as "Nicholai Stålung" or "Prayson" by speaker ids."""
    ids = {s.id for s in speakers}
    by_name: dict[str, str] = {}
    for s in speakers:
        by_name[s.name.casefold()] = s.id
        by_name.setdefault(s.name.split()[0].casefold(), s.id)
    problems: list[Problem] = []
    unknown: set[str] = set()
    resolved = []
    for seg in segments:
        label = seg.speaker
        if label is None or label in ids:
            resolved.append(seg)
            continue
        speaker_id = by_name.get(label.casefold())
        if speaker_id is None and label not in unknown:
            unknown.add(label)
            problems.append(Problem(name, f"speaker label {label!r} matches no entry in speakers",
                                    field="speakers", line=seg.line,
                                    hint="add a speaker whose name is exactly the label"))
        resolved.append(replace(seg, speaker=speaker_id))
    return resolved, problems


def apply_turns(segments: list[Segment], turns: tuple[Turn, ...], *, default: str | None,
                name: str) -> tuple[list[Segment], list[Problem]]:
    """Assign speakers from front-matter turns, splitting a segment where a turn starts mid-way.

    Segments that already carry a speaker (labels, voice tags) keep it.
    """
    problems: list[Problem] = []
    out = list(segments)
    starts: list[tuple[int, str | None]] = []  # (segment index where the turn starts, speaker)
    cursor = (0, 0)  # (segment index, character offset) after the previous turn
    for number, turn in enumerate(turns):
        where = _locate_turn(out, turn, cursor)
        if where is None:
            label = f"turns/{number}"
            what = (f"at {turn.at_seconds:g}s" if turn.starts is None
                    else f"starting {turn.starts!r}" + (f" from {turn.at_seconds:g}s" if turn.at_seconds is not None else ""))
            problems.append(Problem(name, f"turn {what} not found after the previous turn",
                                    field=label, hint="copy the first words of the turn verbatim; "
                                    "turns must be listed in transcript order"))
            continue
        index, offset = where
        if offset > 0:
            seg = out[index]
            out[index: index + 1] = [replace(seg, text=seg.text[:offset].rstrip()),
                                     replace(seg, text=seg.text[offset:].lstrip(), hard_break=False)]
            starts = [(i + 1 if i > index else i, s) for i, s in starts]
            index += 1
        starts.append((index, turn.speaker))
        cursor = (index, 0)
    speaker = default
    pending = dict(starts)
    result = []
    for index, seg in enumerate(out):
        if index in pending:
            speaker = pending[index]
        result.append(seg if seg.speaker is not None or speaker is None else replace(seg, speaker=speaker))
    return result, problems


def _locate_turn(segments: list[Segment], turn: Turn, cursor: tuple[int, int]
                 ) -> tuple[int, int] | None:
    first = cursor[0]
    if turn.at_seconds is not None:
        first = next((i for i in range(cursor[0], len(segments))
                      if (s := segments[i].start_seconds) is not None and s >= turn.at_seconds - 0.001), None)
        if first is None:
            return None
        if turn.starts is None:
            return first, 0
        cursor = (first, 0)
    assert turn.starts is not None
    wanted = tokens(turn.starts)
    if not wanted:
        return None
    # Walk the words from the cursor on, across segments, until the turn's first words match.
    words: list[str] = []  # the tokens walked so far
    where: list[tuple[int, int]] = []  # (segment index, char offset) of each
    checked = 0
    for index in range(first, len(segments)):
        for match in _WORD_SPAN.finditer(segments[index].text):
            if index == cursor[0] and match.start() < cursor[1]:
                continue
            for tok in _word_tokens(match.group()):
                words.append(tok)
                where.append((index, match.start()))
        last = len(words) - len(wanted)  # the last position the turn's words can start at
        pos = checked
        while pos <= last:
            try:
                pos = words.index(wanted[0], pos, last + 1)  # the scan for the first word, in C
            except ValueError:
                break
            if words[pos: pos + len(wanted)] == wanted:
                return where[pos]
            pos += 1
        checked = max(checked, last + 1)
    return None


@lru_cache(maxsize=65536)
def _word_tokens(word: str) -> tuple[str, ...]:
    # One word at a time, over the same words again for each turn: memoised.
    return tuple(tokens(word))


def group_paragraphs(segments: list[Segment], *, restore_case: bool, names: tuple[str, ...]
                     ) -> tuple[list[Paragraph], list[Placed]]:
    """Group segments into paragraphs and give each a stable id."""
    groups: list[list[Segment]] = []
    words = 0  # in the current group, kept as it grows (summing it again each time was quadratic)
    for seg in segments:
        current = groups[-1] if groups else None
        size = word_count(seg.text)  # once: _starts_new needs it too
        if current is None or _starts_new(current, seg, unpunctuated=restore_case, words=words, size=size):
            groups.append([seg])
            words = size
        else:
            current.append(seg)
            words += size
    # Each group's text is cleaned once: empty groups are dropped, the case restored on the rest.
    cleaned = [(g, text) for g in groups if (text := clean_display(" ".join(s.text for s in g)))]
    groups = [g for g, _ in cleaned]
    paragraphs: list[Paragraph] = []
    placed: list[Placed] = []
    used: set[str] = set()
    for number, (group, clean) in enumerate(cleaned):
        starts = (not restore_case or number == 0
                  or _sentence_boundary(groups[number - 1], group, starting=True))
        text, markup = decode(restore_case_of(clean, names=names, sentence_start=starts)
                              if restore_case else clean)
        if not text:
            continue
        # Unpunctuated captions: a full stop only where a sentence clearly ends (the next
        # paragraph starts one, or this is the last); elsewhere the paragraph runs on.
        last = number == len(groups) - 1
        ends = last or _sentence_boundary(group, groups[number + 1])
        if restore_case and text[-1].isalnum():
            if ends and not ends_on_function_word(text):
                text += "."
            elif not last and groups[number + 1][0].speaker != group[-1].speaker:
                text += " —"  # cut off mid-phrase by the next speaker (crosstalk)
        first = group[0]
        pid = _unique(_paragraph_id(first.start_seconds, text), used)
        paragraphs.append(Paragraph(id=pid, text=text, speaker=first.speaker,
                                    start_seconds=first.start_seconds, heading=first.heading,
                                    line=first.line, markup=markup))
        placed.extend(Placed(seg, len(paragraphs) - 1) for seg in group)
    return paragraphs, placed


def _starts_new(current: list[Segment], seg: Segment, *, unpunctuated: bool, words: int, size: int) -> bool:
    """``words``: the word count of ``current``; ``size``: that of ``seg``."""
    last = current[-1]
    if seg.speaker != last.speaker or seg.heading != last.heading:
        return True
    if seg.hard_break and words >= MIN_WORDS // 2:
        return True
    timed = last.start_seconds is not None and seg.start_seconds is not None
    if timed and ends_on_function_word(last.text) and words < HARD_MAX_WORDS:
        return False  # caption lines cut phrases anywhere: never end a paragraph mid-phrase
    if words + size > MAX_WORDS:
        return True
    if words >= TARGET_WORDS:
        if timed and unpunctuated:
            # No sentence ends to go by: where the next caption opens a sentence, at a
            # pause, or near the size limit.
            return (starts_sentence(seg.text) or seg.start_seconds - last.start_seconds >= 2.5
                    or words >= MAX_WORDS - 20)
        if timed and not last.text.rstrip().endswith(_SENTENCE_END):
            return words >= MAX_WORDS - 20  # a pause mid-sentence is not a paragraph end
        return last.text.rstrip().endswith(_SENTENCE_END)
    return False


def _spoken_words(words: Iterable[str]) -> Iterator[str]:
    """Case-folded words with their edge punctuation, fillers left out, of ``text.split()``
    (or of its reverse)."""
    for word in words:
        word = word.strip(".,;:!?…—–-\"'“”«»()[]").casefold()
        if word and word not in FILLERS:
            yield word.replace("’", "'")


def ends_on_function_word(text: str) -> bool:
    """True when ``text`` stops right after a word no sentence ends on ("a", "the", "and"...).

    Text that ends with sentence punctuation has been ended by its source, whatever the word.
    """
    stripped = text.rstrip()
    if not stripped or stripped.endswith(_SENTENCE_END):
        return False
    return next(_spoken_words(reversed(stripped.split())), None) in FUNCTION_WORDS


def starts_sentence(text: str) -> bool:
    """True when unpunctuated ``text`` clearly opens a new sentence ("so", "okay", "yeah"...)."""
    return next(_spoken_words(text.split()), None) in SENTENCE_OPENERS


def _sentence_boundary(before: list[Segment], after: list[Segment], *, starting: bool = False) -> bool:
    """Between two paragraphs of unpunctuated captions, does a sentence clearly end
    (``starting``: does one start)? A new speaker always starts one, even when the last
    speaker's phrase was cut off."""
    if before[-1].speaker != after[0].speaker or before[-1].heading != after[0].heading:
        return starting or not ends_on_function_word(before[-1].text)
    return starts_sentence(after[0].text) and not ends_on_function_word(before[-1].text)


def _paragraph_id(start: float | None, text: str) -> str:
    if start is not None:
        return f"t{int(start)}"
    head = " ".join(_first_tokens(text, ID_WORDS))
    return "p-" + hashlib.sha1(head.encode("utf-8")).hexdigest()[:7]


def _first_tokens(text: str, count: int) -> list[str]:
    """``tokens(text)[:count]``, from the start of a long text only. A cut at a plain space
    splits no word and no filler run, so the tokens before it are the first tokens of all."""
    cut = text.find(" ", _HEAD_CHARS * count)
    if cut != -1:
        head = tokens(text[:cut])
        if len(head) >= count:
            return head[:count]
    return tokens(text)[:count]


def _unique(pid: str, used: set[str]) -> str:
    candidate, n = pid, 2
    while candidate in used:
        candidate, n = f"{pid}-{n}", n + 1
    used.add(candidate)
    return candidate
