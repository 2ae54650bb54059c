"""Prove each curated quote is in the transcript, find where, and hold elisions to rules.

A quote matches when its words occur in the same order in the normalised transcript
(case, punctuation, whitespace and fillers ignored). ``…`` marks an elision: each piece
must match, in order, after the previous one.

A match is then described in the paragraphs' display text (``describe_match``): the
character spans of the quoted words, which the interview page highlights, and the words
each elision leaves out, which every quote card can show. An elided quote must also keep
to the rules below (docs/contributing.md, "Quoting with an elision"), so that leaving
words out can shorten what someone said but not change it.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from .models import Omission, Paragraph, TextSpan
from .paragraphs import Placed
from .text import clean_tokens, token_spans, tokens

ELLIPSIS = re.compile(r"…|\.\.\.|\[\s*(?:…|\.\.\.)\s*\]")
SEARCH_GAP = 400  # how far after a piece the matcher looks for the next one; the rules allow less

# The elision rules. The numbers were checked against the 27 elided quotes of the first
# five interviews (issue #21): their gaps ran from 1 to 64 words, their pieces from 3 words.
MIN_PIECE_WORDS = 4  # "data … athlete" and "a data engineer … is the math athlete" fail
MAX_GAP_WORDS = 60  # one gap: about two spoken sentences
MAX_PARAGRAPHS = 2  # the pieces lie in one paragraph or two adjacent ones
# ...and the words left out, in all, are never more than the words quoted.

# A note lifts the word-count rules (not the speaker and paragraph ones) when it says it is
# about the elision: a note written for another reason (a garbled word) must not lift them.
_NOTE_ON_ELISION = re.compile(r"\belision|\belided|\bleft out\b|\bomit", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[\"'’”»)\]]*\s*[.!?…]")
_CLOSING = " \"'’”»)]"
_TRAILING = re.compile(r"[^\w\s]*")
_LEADING = re.compile(r"[^\w\s]*$")


@dataclass(frozen=True)
class TokenIndex:
    """The transcript as one stream of match tokens, each knowing where it came from."""

    words: tuple[str, ...]
    paragraph: tuple[int, ...]  # paragraph index of each token
    seconds: tuple[float | None, ...]  # start of the segment each token came from
    # The display text of each paragraph; empty when built without the paragraphs.
    texts: tuple[str, ...] = ()
    runs: tuple[int, ...] = ()  # the first token of each run of tokens from one paragraph
    # run number -> ``offsets`` of its tokens, worked out when first asked: only the few
    # paragraphs a quote falls in ever are, and lining up every paragraph was a fifth of the index.
    _offsets: dict[int, list[tuple[int, int] | None]] = field(default_factory=dict, init=False,
                                                               repr=False, compare=False)

    def offsets(self, position: int) -> tuple[int, int] | None:
        """Character offsets (start, end) of token ``position``'s word in its paragraph's display
        text; None where the display text and the segments disagree, or without the paragraphs."""
        if not self.texts:
            return None
        run = bisect.bisect_right(self.runs, position) - 1
        found = self._offsets.get(run)
        if found is None:
            found = self._offsets[run] = self._line_up_run(run)
        return found[position - self.runs[run]]

    def _line_up_run(self, run: int) -> list[tuple[int, int] | None]:
        start = self.runs[run]
        end = self.runs[run + 1] if run + 1 < len(self.runs) else len(self.words)
        shown = token_spans(self.texts[self.paragraph[start]])
        matched = list(self.words[start:end])
        shown_words = [t for t, _, _ in shown]
        if matched == shown_words:  # the usual case: every word in place
            return [(first, last) for _, first, last in shown]
        found: list[tuple[int, int] | None] = [None] * len(matched)
        for offset, at in _line_up(matched, shown_words):
            found[offset] = (shown[at][1], shown[at][2])
        return found


@dataclass(frozen=True)
class Match:
    start: int  # token position of the first word
    end: int  # position after the last word
    pieces: tuple[tuple[int, int], ...] = ()  # token range of each piece, in order


@dataclass(frozen=True)
class ElisionProblem:
    message: str  # what is wrong, with the words left out
    hint: str


@dataclass(frozen=True)
class Described:
    """A match seen in the displayed paragraphs (``describe_match``)."""

    spans: tuple[TextSpan, ...]
    omissions: tuple[Omission, ...]
    problems: tuple[ElisionProblem, ...]  # the elision rules the match breaks


def build_index(placed: list[Placed], paragraphs: Sequence[Paragraph] = ()) -> TokenIndex:
    """Index the segments' words; with ``paragraphs`` (the display paragraphs the segments
    were grouped into), also where each word sits in its paragraph's text (``offsets``)."""
    words: list[str] = []
    para: list[int] = []
    secs: list[float | None] = []
    runs: list[int] = []
    for item in placed:
        toks = clean_tokens(item.segment.text)
        if not toks:
            continue
        if not para or para[-1] != item.paragraph_index:
            runs.append(len(words))
        words.extend(toks)
        para.extend([item.paragraph_index] * len(toks))
        secs.extend([item.segment.start_seconds] * len(toks))
    texts = tuple(p.text for p in paragraphs)
    return TokenIndex(tuple(words), tuple(para), tuple(secs), texts, tuple(runs) if texts else ())


def _line_up(matched: list[str], shown: list[str]) -> Iterator[tuple[int, int]]:
    """Pairs (position in ``matched``, position in ``shown``) of the same word, where the two
    differ (rare cleaning differences: a caption marker split over two segments)."""
    for a, b, size in difflib.SequenceMatcher(None, matched, shown, autojunk=False).get_matching_blocks():
        yield from ((a + k, b + k) for k in range(size))


def _parts(text: str) -> list[tuple[int, str, list[str]]]:
    """(index of the part between ellipses, its text, its tokens) for parts with words."""
    return [(n, part, toks) for n, part in enumerate(ELLIPSIS.split(text)) if (toks := tokens(part))]


def quote_pieces(text: str) -> list[list[str]]:
    return [toks for _, _, toks in _parts(text)]


def find_quote(index: TokenIndex, text: str) -> Match | None:
    """Where ``text`` first occurs in the transcript, or None."""
    return next(find_quotes(index, text), None)


def find_quotes(index: TokenIndex, text: str) -> Iterator[Match]:
    """Every place ``text`` occurs, in transcript order (each later piece as close as it can)."""
    pieces = quote_pieces(text)
    if not pieces:
        return
    for start in _occurrences(index.words, pieces[0], 0, len(index.words)):
        ranges = [(start, start + len(pieces[0]))]
        for piece in pieces[1:]:
            end = ranges[-1][1]
            nxt = next(_occurrences(index.words, piece, end, end + SEARCH_GAP + len(piece)), None)
            if nxt is None:
                break
            ranges.append((nxt, nxt + len(piece)))
        else:
            yield Match(start, ranges[-1][1], tuple(ranges))


def _occurrences(words: tuple[str, ...], piece: list[str], lo: int, hi: int):
    first, size = piece[0], len(piece)
    last = min(hi, len(words)) - size  # the last position a match can start at
    pos = lo
    while pos <= last:
        try:
            pos = words.index(first, pos, last + 1)  # the scan for the first word, in C
        except ValueError:
            return
        if list(words[pos: pos + size]) == piece:
            yield pos
        pos += 1


def describe_match(index: TokenIndex, paragraphs: Sequence[Paragraph], text: str, match: Match, *,
                   note: str | None = None) -> Described:
    """The match's spans in the display text, what its elisions leave out, and the elision
    rules it breaks. ``index`` must be built with ``paragraphs``.

    A ``…`` with nothing left out (the speaker's own "..." copied with the words) is no
    elision: the pieces on either side count as one.
    """
    parts = _parts(text)
    ranges = match.pieces or ((match.start, match.end),)
    # Runs of pieces with no word between them; each gap goes with the ellipsis after its run.
    runs: list[tuple[int, int, str]] = []  # (first token, end token, the quote's words)
    gaps: list[tuple[int, int, int]] = []  # (ellipsis number, first token, end token)
    previous_part = 0  # the quote's parts are numbered by the ellipses before them
    for (lo, hi), (part_no, part, _) in zip(ranges, parts, strict=True):
        if runs and lo == runs[-1][1]:
            runs[-1] = (runs[-1][0], hi, f"{runs[-1][2]} … {part.strip()}")
        else:
            if runs:
                gaps.append((previous_part, runs[-1][1], lo))
            runs.append((lo, hi, part.strip()))
        previous_part = part_no
    spans = tuple(span for lo, hi, _ in runs for span in _text_spans(index, paragraphs, lo, hi))
    omissions = tuple(_omission(index, paragraphs, mark, lo, hi) for mark, lo, hi in gaps)
    problems = _elision_problems(index, paragraphs, runs, omissions, note) if gaps else ()
    return Described(spans, omissions, problems)


def _text_spans(index: TokenIndex, paragraphs: Sequence[Paragraph], lo: int, hi: int) -> list[TextSpan]:
    """Character spans of tokens ``lo:hi``, one per paragraph they touch."""
    return [TextSpan(paragraphs[n].id, start, end) for n, start, end in _char_ranges(index, lo, hi)]


def _char_ranges(index: TokenIndex, lo: int, hi: int) -> Iterator[tuple[int, int, int]]:
    """(paragraph index, start, end) of tokens ``lo:hi``, cut at paragraph boundaries."""
    for paragraph_index, run in groupby(range(lo, hi), key=lambda pos: index.paragraph[pos]):
        known = [found for pos in run if (found := index.offsets(pos)) is not None]
        if known:
            yield paragraph_index, known[0][0], known[-1][1]


def _omission(index: TokenIndex, paragraphs: Sequence[Paragraph], mark: int, lo: int, hi: int) -> Omission:
    # Each range takes in the punctuation attached to its first and last words ("(see", "model?"):
    # it is left out too, and the words read better with it.
    ranges = [(n, start - len(_LEADING.search(paragraphs[n].text[:start]).group()),
               end + len(_TRAILING.match(paragraphs[n].text, end).group()))
              for n, start, end in _char_ranges(index, lo, hi)]
    shown = " ".join(paragraphs[n].text[start:end] for n, start, end in ranges)
    # Words whose place in the display text is unknown are still disclosed, as matched.
    return Omission(mark=mark, text=shown or " ".join(index.words[lo:hi]), words=hi - lo,
                    spans=tuple(TextSpan(paragraphs[n].id, start, end) for n, start, end in ranges))


def _elision_problems(index: TokenIndex, paragraphs: Sequence[Paragraph], runs: list[tuple[int, int, str]],
                      omissions: tuple[Omission, ...], note: str | None) -> tuple[ElisionProblem, ...]:
    problems: list[ElisionProblem] = []
    left_out = " Left out: " + " … ".join(f"“{_clip(o.text)}”" for o in omissions)
    first, last = index.paragraph[runs[0][0]], index.paragraph[runs[-1][1] - 1]
    touched = paragraphs[first: last + 1]
    who = sorted({p.speaker or "no known speaker" for p in touched})
    if len(who) > 1 or touched[0].speaker is None:
        problems.append(ElisionProblem(
            f"an elided quote must stay within one speaker's turn, but its words run over paragraphs "
            f"of {' and '.join(who)} ({touched[0].id} to {touched[-1].id}).{left_out}",
            "quote one speaker at a time: make two quotes, one per speaker"))
    if len(touched) > MAX_PARAGRAPHS:
        problems.append(ElisionProblem(
            f"the pieces of an elided quote must lie in one paragraph or two adjacent ones; these run "
            f"over {len(touched)} ({touched[0].id} to {touched[-1].id}).{left_out}",
            "make two quotes, or quote a shorter passage"))
    if note and _NOTE_ON_ELISION.search(note):
        return tuple(problems)
    waiver = ("; if the cut is fair, add a `note` that explains the elision (it must mention the "
              "elision, and is shown on the card)")
    for (_, end, words), omission in zip(runs, omissions, strict=False):
        if omission.words > MAX_GAP_WORDS:
            problems.append(ElisionProblem(
                f"the elision after “{_tail(words)}” leaves out {omission.words} words, more than "
                f"{MAX_GAP_WORDS}. Left out: “{_clip(omission.text)}”",
                "quote a shorter passage, or make two quotes" + waiver))
    quoted = sum(hi - lo for lo, hi, _ in runs)
    omitted = sum(o.words for o in omissions)
    if omitted > quoted:
        problems.append(ElisionProblem(
            f"{'the elisions leave' if len(omissions) > 1 else 'the elision leaves'} out {omitted} words "
            f"in all, more than the {quoted} words quoted.{left_out}",
            "quote more of the passage, or make two quotes" + waiver))
    for number, (lo, hi, words) in enumerate(runs):
        is_last = number == len(runs) - 1
        if hi - lo < MIN_PIECE_WORDS and not (is_last and _ends_sentence(index, paragraphs, hi - 1)):
            plural = "word" if hi - lo == 1 else "words"
            problems.append(ElisionProblem(
                f"the piece “{words}” has {hi - lo} {plural}; each piece of an elided quote needs at least "
                f"{MIN_PIECE_WORDS} (a last piece may be shorter when it ends the speaker's sentence).{left_out}",
                "quote the words around the piece too" + waiver))
    return tuple(problems)


def _ends_sentence(index: TokenIndex, paragraphs: Sequence[Paragraph], position: int) -> bool:
    """Whether the word at token ``position`` ends a sentence (or its paragraph) on the page."""
    found = index.offsets(position)
    if found is None:
        return False
    rest = paragraphs[index.paragraph[position]].text[found[1]:]
    return bool(_SENTENCE_END.match(rest)) or not rest.strip(_CLOSING)


def _tail(words: str, size: int = 6) -> str:
    split = words.split()
    return ("…" if len(split) > size else "") + " ".join(split[-size:])


def _clip(text: str, limit: int = 600) -> str:  # a gap of 60 words shows in full
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit // 2 - 1] + " … " + text[-(limit // 2 - 2):]


def closest_passage(index: TokenIndex, text: str, paragraphs: list[Paragraph]) -> str:
    """The transcript passage most like ``text``, for the error message of a failed quote."""
    wanted = [t for piece in quote_pieces(text) for t in piece]
    if not wanted or not index.words:
        return "(transcript has no words)"
    best_pos, best_score = 0, -1.0
    step = max(1, len(wanted) // 4)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    for pos in range(0, max(1, len(index.words) - len(wanted) + 1), step):
        matcher.set_seq1(index.words[pos: pos + len(wanted)])
        if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
            continue
        score = matcher.ratio()
        if score > best_score:
            best_pos, best_score = pos, score
    # refine around the best coarse window
    for pos in range(max(0, best_pos - step), min(len(index.words), best_pos + step + 1)):
        matcher.set_seq1(index.words[pos: pos + len(wanted)])
        score = matcher.ratio()
        if score > best_score:
            best_pos, best_score = pos, score
    # Align the window on the first block the two share, so the passage starts where the quote does.
    matcher.set_seq1(index.words[best_pos: best_pos + len(wanted)])
    first_block = matcher.get_matching_blocks()[0]
    best_pos = max(0, min(best_pos + first_block.a - first_block.b, len(index.words) - len(wanted)))
    passage = " ".join(index.words[best_pos: best_pos + len(wanted)])
    pid = paragraphs[index.paragraph[best_pos]].id if paragraphs else "?"
    return f"paragraph {pid}: \"{passage}\" ({best_score:.0%} similar)"
