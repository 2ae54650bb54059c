"""Theme tagging: which of the five themes a paragraph talks about, and how strongly.

Two parts, both deterministic and offline:

- a bilingual **lexicon** (``kb/data/theme_lexicon.yml``): per theme and language, words
  and phrases with a weight; ``lexicon_scores`` sums the weights of the terms found
  (repeats count less, long passages are scaled down);
- a **trained model** (``kb/theme_model.py``, weights in ``kb/data/theme_model.json``): a
  logistic model per theme over the passage's words, word pairs, character 4-grams and the
  lexicon scores, trained by ``kb train-tagger`` on the hand labels of data/tagging/ (coded
  against docs/codebook.md) and the curated quotes, with a confidence threshold per theme
  chosen by cross-validation.

The lexicon also lists the codebook's **near misses** (phrases whose words count for no theme:
"my views might be a bit biased" is not ethics; ``tagging_words`` drops them before either
part reads the passage) and **small talk** (greetings, thanks, logistics: ``small_talk_score``,
which the model weighs against every theme).

A paragraph carries a theme when the model's probability reaches that theme's threshold;
``ThemeScore.reasons`` says which words decided it, ``matched`` which lexicon terms fired.
Quality is measured by ``kb evaluate-tagger`` on a held-out split the model never saw.

Matching uses ``text.tokens`` (the normaliser shared with quote verification) with accents
stripped, so "Déploiement" and "deploiement" count alike.
"""

from __future__ import annotations

import math
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from .errors import KBError, Problem
from .models import THEME_SLUGS, Corpus, Interview, Paragraph, Quote
from .safe_yaml import read_yaml
from .text import tokens
from .theme_model import features, load_model, load_scoring_model, probability

LEXICON_RESOURCE = "data/theme_lexicon.yml"
STRENGTHS = {"strong": 3.0, "medium": 2.0, "weak": 1.0}
LEXICON_LANGUAGES = ("any", "en", "fr")


@dataclass(frozen=True)
class Term:
    """One lexicon entry: a run of words; a word ending in ``*`` matches any ending."""

    words: tuple[str, ...]
    weight: float
    # No word ends in "*": the term matches where the words are equal (one tuple comparison).
    plain: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "plain", not any(w.endswith("*") for w in self.words))

    @property
    def label(self) -> str:
        return " ".join(self.words)

    def matches_at(self, words: Sequence[str], pos: int) -> bool:
        if pos + len(self.words) > len(words):
            return False
        if self.plain:
            return tuple(words[pos: pos + len(self.words)]) == self.words
        for pattern, word in zip(self.words, words[pos: pos + len(self.words)], strict=True):
            if pattern.endswith("*"):
                if not word.startswith(pattern[:-1]):
                    return False
            elif word != pattern:
                return False
        return True


@dataclass(frozen=True, eq=False)  # hashed by identity: there is one lexicon per process
class Lexicon:
    # theme -> language ("any", "en", "fr") -> terms, longest first
    terms: dict[str, dict[str, tuple[Term, ...]]]
    threshold: float
    length_words: int
    # language -> phrases whose words count for no theme (the codebook's near misses:
    # "my views might be a bit biased" is not ethics)
    near_misses: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    # language -> greetings, thanks and logistics: a signal that a passage is on no theme
    small_talk: dict[str, tuple[Term, ...]] = field(default_factory=dict)

    def terms_for(self, theme: str, language: str) -> tuple[Term, ...]:
        """The terms that count for ``language``, longest first (a phrase wins over its words)."""
        by_language = self.terms.get(theme, {})
        own = by_language.get(language) if language in by_language else by_language.get("en", ())
        merged = [*by_language.get("any", ()), *(own or ())]
        return tuple(sorted(merged, key=lambda t: (-len(t.words), t.words)))

    def first_word_index(self, theme: str, language: str) -> dict[str, tuple[Term, ...]]:
        """Terms grouped by the first word they can start at, so scoring skips the rest."""
        return _first_word_index(self, theme, language)


@lru_cache(maxsize=64)
def _first_word_index(lexicon: Lexicon, theme: str, language: str) -> dict[str, tuple[Term, ...]]:
    index: dict[str, list[Term]] = {}
    for term in lexicon.terms_for(theme, language):
        index.setdefault(term.words[0], []).append(term)  # "deploy*" is keyed "deploy*"
    return {key: tuple(terms) for key, terms in index.items()}


@dataclass(frozen=True)
class ThemeScore:
    """How strongly a passage speaks to one theme, and which lexicon terms said so."""

    theme: str
    score: float  # normalised: 1.0 is the tagging threshold
    matched: tuple[str, ...]  # lexicon terms found, in order of first occurrence
    probability: float = 0.0  # the model's confidence that the passage is on the theme
    reasons: tuple[str, ...] = ()  # the features that pushed the theme up most, strongest first


def fold(word: str) -> str:
    """A match token without accents ("métier" -> "metier")."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_FOLDED: dict[str, str] = {}  # word -> fold(word): a corpus repeats its words millions of times


def match_words(text: str) -> list[str]:
    words = tokens(text)
    if text.isascii():
        # ASCII tokens have no accent to strip. Interned, so that the passages the caches
        # hold share one copy of each word, as they share _FOLDED's (25 MB at 500 without).
        return list(map(sys.intern, words))
    folded = _FOLDED
    out = []
    for word in words:
        match = folded.get(word)
        if match is None:
            match = folded[word] = fold(word)
        out.append(match)
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon; a malformed file raises KBError naming the entry."""
    name = f"scripts/kb/{LEXICON_RESOURCE}"
    return parse_lexicon(_read_lexicon(resources.files("kb").joinpath(LEXICON_RESOURCE).read_text("utf-8"), name),
                         name=name)


def _read_lexicon(text: str, name: str) -> Any:
    """The lexicon's YAML through the loader every data file uses (duplicate keys, aliases and
    depth refused with the file's line), so an editor's slip reads like any other kb error."""
    document, problems = read_yaml(text, name, what="the lexicon")
    if problems:
        raise KBError(problems)
    return document.data if document else None


def _parse_terms(entries: Any, weight: float, *, name: str, field: str,
                 problems: list[Problem]) -> list[Term]:
    found = []
    for entry in entries:
        words = tuple(fold(w) if not w.endswith("*") else fold(w[:-1]) + "*"
                      for w in str(entry).casefold().replace("-", " ").split())
        if not words or any(w in ("", "*") for w in words):
            problems.append(Problem(name, f"empty term {entry!r}", field=field))
            continue
        found.append(Term(words, weight))
    return found


def _parse_groups(groups: Any, *, name: str, field: str, problems: list[Problem]) -> tuple[Term, ...]:
    """The terms of one ``{strong: [...], medium: [...], weak: [...]}`` mapping."""
    found: list[Term] = []
    for strength, entries in groups.items():
        if strength not in STRENGTHS or not isinstance(entries, list):
            problems.append(Problem(name, f"{strength!r} should be one of strong, medium, weak "
                                          "with a list of terms", field=f"{field}/{strength}"))
            continue
        found.extend(_parse_terms(entries, STRENGTHS[strength], name=name, field=f"{field}/{strength}",
                                  problems=problems))
    return tuple(found)


def _parse_by_language(data: Any, key: str, *, name: str, problems: list[Problem],
                       grouped: bool) -> dict[str, tuple[Term, ...]]:
    """The optional ``near_misses`` (a list per language) or ``small_talk`` (strength groups
    per language) section."""
    section = data.get(key) or {}
    if not isinstance(section, dict):
        problems.append(Problem(name, f"expected a mapping of {', '.join(LEXICON_LANGUAGES)}", field=key))
        return {}
    found: dict[str, tuple[Term, ...]] = {}
    for language, entries in section.items():
        field_ = f"{key}/{language}"
        expected = dict if grouped else list
        if language not in LEXICON_LANGUAGES or not isinstance(entries, expected):
            problems.append(Problem(name, f"expected one of {', '.join(LEXICON_LANGUAGES)} with "
                                          + ("strong/medium/weak lists" if grouped else "a list of phrases"),
                                    field=field_))
            continue
        found[language] = (_parse_groups(entries, name=name, field=field_, problems=problems) if grouped
                           else tuple(_parse_terms(entries, 0.0, name=name, field=field_, problems=problems)))
    return found


def parse_lexicon(data: Any, *, name: str) -> Lexicon:
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("themes"), dict):
        raise KBError(Problem(name, "expected a mapping with a 'themes:' mapping", field="themes"))
    terms: dict[str, dict[str, tuple[Term, ...]]] = {}
    for theme, by_language in data["themes"].items():
        if theme not in THEME_SLUGS:
            problems.append(Problem(name, f"unknown theme {theme!r}", field=f"themes/{theme}",
                                    hint=f"themes are {', '.join(THEME_SLUGS)}"))
            continue
        terms[theme] = {}
        for language, groups in (by_language or {}).items():
            field_ = f"themes/{theme}/{language}"
            if language not in LEXICON_LANGUAGES or not isinstance(groups, dict):
                problems.append(Problem(name, f"expected one of {', '.join(LEXICON_LANGUAGES)} with "
                                              "strong/medium/weak lists", field=field_))
                continue
            terms[theme][language] = _parse_groups(groups, name=name, field=field_, problems=problems)
    missing = [t for t in THEME_SLUGS if t not in terms]
    if missing:
        problems.append(Problem(name, f"missing theme(s): {', '.join(missing)}", field="themes"))
    near_misses = _parse_by_language(data, "near_misses", name=name, problems=problems, grouped=False)
    small_talk = _parse_by_language(data, "small_talk", name=name, problems=problems, grouped=True)
    if problems:
        raise KBError(problems)
    return Lexicon(terms=terms, threshold=float(data.get("threshold", 3.0)),
                   length_words=int(data.get("length_words", 90)),
                   near_misses=near_misses, small_talk=small_talk)


def lexicon_scores(text: str, *, language: str) -> dict[str, float]:
    """``{theme: score}`` of the lexicon alone (1.0 was its own tagging threshold)."""
    return {s.theme: s.score for s in _lexicon_themes(text, language)}


def lexicon_terms(text: str, *, language: str) -> dict[str, tuple[str, ...]]:
    """``{theme: lexicon terms found in the passage}``."""
    return {s.theme: s.matched for s in _lexicon_themes(text, language)}


@lru_cache(maxsize=8192)
def _lexicon_themes(text: str, language: str) -> tuple[ThemeScore, ...]:
    return _lexicon_themes_of(list(tagging_words(text, language)), language)


def _lexicon_themes_of(words: list[str], language: str) -> tuple[ThemeScore, ...]:
    """Each theme's lexicon score for a passage's match words.

    For each theme, terms are matched left to right, longest first, and a match skips the
    words it covers (a phrase wins over its words). All five themes are scanned in one pass:
    each word is looked up once (``_LexiconMatcher.candidates``) and each theme remembers
    where its last match ended, which gives the same matches as five separate scans."""
    lexicon = load_lexicon()
    matcher = _matcher(lexicon, language)
    # Long paragraphs mention more words by sheer length; scale them down gently.
    scale = math.sqrt(min(1.0, lexicon.length_words / len(words))) if words else 0.0
    counts: list[dict[Term, int]] = [{} for _ in THEME_SLUGS]
    free_from = [0] * len(THEME_SLUGS)  # per theme: the first position not inside a match
    by_word = matcher.by_word
    for word in set(words).difference(by_word):
        matcher.candidates(word)
    # Only the positions where some term can start (a few words in ten) are visited.
    for pos in [pos for pos, word in enumerate(words) if by_word[word]]:
        for theme, terms in by_word[words[pos]]:
            if pos < free_from[theme]:
                continue
            for term in terms:
                # Its first word is this word (or starts with its stem): a one-word term matches.
                if len(term.words) == 1 or term.matches_at(words, pos):
                    found = counts[theme]
                    found[term] = found.get(term, 0) + 1
                    free_from[theme] = pos + len(term.words)
                    break
    results = []
    for theme, found in zip(THEME_SLUGS, counts, strict=True):
        raw = sum(min(2.0, 1.0 + 0.5 * (n - 1)) * t.weight for t, n in found.items())
        score = round(raw * scale / lexicon.threshold, 4)
        results.append(ThemeScore(theme, score, tuple(t.label for t in found)))
    return tuple(results)


class _LexiconMatcher:
    """The lexicon of one language, compiled for lookup: for a word, the themes having terms
    that can start at it and those terms, longest first (``_candidates``' order). Prefix terms
    ("deploy*") are found by looking the word's beginnings up in a set of stems, one lookup
    per stem length, instead of testing every prefix term against every word."""

    def __init__(self, lexicon: Lexicon, language: str) -> None:
        self._indexes = [lexicon.first_word_index(theme, language) for theme in THEME_SLUGS]
        stems: dict[str, list[tuple[int, str]]] = {}
        for theme, index in enumerate(self._indexes):
            for key in index:
                if key.endswith("*"):
                    stems.setdefault(key[:-1], []).append((theme, key))
        self._stems = stems
        self._stem_lengths = sorted({len(stem) for stem in stems})
        # word -> candidates, filled by ``candidates``; read directly where every word counts
        self.by_word: dict[str, tuple[tuple[int, tuple[Term, ...]], ...]] = {}

    def candidates(self, word: str) -> tuple[tuple[int, tuple[Term, ...]], ...]:
        found = self.by_word.get(word)
        if found is None:
            found = self.by_word[word] = self._look_up(word)
        return found

    def _look_up(self, word: str) -> tuple[tuple[int, tuple[Term, ...]], ...]:
        stems_found: list[set[str]] = [set() for _ in self._indexes]
        for length in self._stem_lengths:
            if length > len(word):
                break
            for theme, key in self._stems.get(word[:length], ()):
                stems_found[theme].add(key)
        out = []
        for theme, index in enumerate(self._indexes):
            # The order _candidates gave: exact terms, then prefix terms in the index's order,
            # then a stable sort longest first (equal terms keep the lexicon's order).
            terms = list(index.get(word, ()))
            if stems_found[theme]:
                for key in index:
                    if key in stems_found[theme]:
                        terms.extend(index[key])
            if terms:
                terms.sort(key=lambda t: (-len(t.words), t.words))
                out.append((theme, tuple(terms)))
        return tuple(out)


@lru_cache(maxsize=8)
def _matcher(lexicon: Lexicon, language: str) -> _LexiconMatcher:
    return _LexiconMatcher(lexicon, language)


def _reasons(pushes: list[str], lexicon_terms: tuple[str, ...], limit: int = 5) -> tuple[str, ...]:
    """The strongest features for a theme as a reader would say them: words, word pairs and
    lexicon terms first ("production", "data engineer", "deploy*"); character 4-grams
    ("…depl…") only when nothing else pushed the theme up."""
    words: list[str] = []
    grams: list[str] = []
    for feature in pushes:
        kind, _, value = feature.partition(":")
        if kind == "lex":
            words.extend(lexicon_terms)
        elif kind == "t":
            words.append(value.partition(":")[2])
        elif kind == "c":
            grams.append("…" + value.strip("<>") + "…")
        else:
            words.append(value.replace("_", " "))
    return tuple(dict.fromkeys(words or grams))[:limit]


def score_themes(text: str, *, language: str) -> list[ThemeScore]:
    """Per-theme scores of a passage (paragraph or sentence), in THEME_SLUGS order.

    ``score`` is the model's probability divided by the theme's threshold, so 1.0 is the
    tagging threshold and higher means more on-topic (use it to rank). Scores depend only on
    ``text`` and ``language`` ("en", "fr"; other languages use the English lexicon plus the
    shared terms), so they are stable from build to build. ``reasons`` lists the words that
    decided it ("why this tag"), ``matched`` the lexicon terms that fired.
    """
    return list(_score_themes(text, language))


def passage_features(text: str, *, language: str) -> dict[str, float]:
    """The model's input for a passage (``theme_model.features``): the words the tagger
    reads, the lexicon's scores and terms per theme, and the small-talk score. Training and
    tagging both call this, so the two cannot drift apart."""
    lexicon = _lexicon_themes(text, language)
    return features(list(tagging_words(text, language)), {s.theme: s.score for s in lexicon},
                    {s.theme: s.matched for s in lexicon}, small_talk=small_talk_score(text, language=language))


@lru_cache(maxsize=8192)
def _passage_scores(text: str, language: str) -> tuple[tuple[ThemeScore, ...], tuple[float, ...]]:
    """The lexicon's scores and the model's probability of each theme, for one passage: the
    same as ``model.logits(passage_features(text))``, by ``ScoringModel``."""
    words = list(tagging_words(text, language))
    lexicon = _lexicon_themes(text, language)
    logits = load_scoring_model().logits(words, {s.theme: s.score for s in lexicon},
                                         {s.theme: s.matched for s in lexicon},
                                         small_talk=small_talk_score(text, language=language))
    return lexicon, tuple(probability(logits[s.theme]) for s in lexicon)


def _score_themes(text: str, language: str) -> tuple[ThemeScore, ...]:
    model = load_model()
    lexicon, probabilities = _passage_scores(text, language)
    # Only the reasons need every feature by name (the slower path); the scores are the build's.
    _, pushes = model.explain(passage_features(text, language=language), top=12)
    return tuple(ThemeScore(lex.theme, round(p / model.threshold[lex.theme], 4), lex.matched,
                            probability=round(p, 4), reasons=_reasons(pushes[lex.theme], lex.matched))
                 for lex, p in zip(lexicon, probabilities, strict=True))


def _scores(text: str, language: str) -> tuple[tuple[str, float], ...]:
    """``(theme, score)`` in THEME_SLUGS order, without the reasons (what tagging needs)."""
    threshold = load_model().threshold
    lexicon, probabilities = _passage_scores(text, language)
    return tuple((lex.theme, round(p / threshold[lex.theme], 4))
                 for lex, p in zip(lexicon, probabilities, strict=True))


def theme_scores(text: str, *, language: str) -> dict[str, float]:
    """``{theme slug: score}`` for a passage; 1.0 is the tagging threshold (see score_themes).

    This is the function behind ``Paragraph.themes`` and the "More passages on this theme"
    lists: rank paragraphs by ``theme_scores(p.text, language=i.language)[theme]``, best
    first (or use ``more_passages`` which does exactly that).
    """
    return dict(_scores(text, language))


def predict_themes(text: str, *, language: str) -> tuple[str, ...]:
    """The themes a passage is tagged with from its words alone, in THEME_SLUGS order."""
    return tuple(theme for theme, score in _scores(text, language) if score >= 1.0)


def tag_interview(paragraphs: list[Paragraph], quotes: list[Quote], *, language: str,
                  overrides: dict[str, list[str]] | None = None) -> list[Paragraph]:
    """Give every paragraph its ``themes``: the tagger's confident themes (read in the context of
    the paragraphs around it, ``predict_in_context``) plus, for a paragraph
    holding curated quotes, the themes editors gave those quotes (editors know better); an
    editor's ``themes_override`` for a paragraph id replaces both."""
    quoted: dict[str, set[str]] = {}
    for quote in quotes:
        quoted.setdefault(quote.paragraph_id or "", set()).update(quote.themes)
    overrides = overrides or {}
    predicted = predict_in_context([p.text for p in paragraphs], language=language)
    tagged = []
    for paragraph, own in zip(paragraphs, predicted, strict=True):
        if paragraph.id in overrides:
            themes = set(overrides[paragraph.id])
        else:
            themes = set(own) | quoted.get(paragraph.id, set())
        tagged.append(replace(paragraph, themes=tuple(t for t in THEME_SLUGS if t in themes)))
    return tagged


@dataclass(frozen=True)
class Passage:
    interview: Interview
    paragraph: Paragraph
    score: float


def more_passages(corpus: Corpus | Iterable[Interview], theme: str, *, limit: int = 8,
                  exclude_quoted: bool = True) -> list[Passage]:
    """Paragraphs tagged with ``theme``, best first, for "More passages on this theme".

    Paragraphs that already hold a curated quote are left out by default (the theme page
    shows those quotes). Ties are broken by interview slug then position in the interview,
    so the list is the same on every build. Link each to ``<interview page>#<paragraph.id>``.
    """
    interviews = corpus.interviews if isinstance(corpus, Corpus) else tuple(corpus)
    found: list[tuple[float, str, int, Passage]] = []
    for interview in interviews:
        quoted = {q.paragraph_id for q in interview.quotes}
        for position, paragraph in enumerate(interview.paragraphs):
            if theme not in paragraph.themes or (exclude_quoted and paragraph.id in quoted):
                continue
            score = theme_scores(paragraph.text, language=interview.language)[theme]
            found.append((-score, interview.slug, position, Passage(interview, paragraph, score)))
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found[:limit]]


# Near misses and small talk (the lexicon's two extra sections; see the module docstring).

def _phrase_index(terms: Iterable[Term]) -> tuple[dict[str, tuple[Term, ...]], tuple[str, ...]]:
    index: dict[str, list[Term]] = {}
    for term in sorted(terms, key=lambda t: (-len(t.words), t.words)):
        index.setdefault(term.words[0], []).append(term)
    return {k: tuple(v) for k, v in index.items()}, tuple(k for k in index if k.endswith("*"))


@lru_cache(maxsize=16)
def _section_index(lexicon: Lexicon, section: str, language: str
                   ) -> tuple[dict[str, tuple[Term, ...]], tuple[str, ...]]:
    by_language = getattr(lexicon, section)
    own = by_language.get(language) if language in by_language else by_language.get("en", ())
    return _phrase_index([*by_language.get("any", ()), *(own or ())])


@lru_cache(maxsize=100_000)
def _section_candidates(lexicon: Lexicon, section: str, language: str, word: str) -> tuple[Term, ...]:
    """The section's terms that can start at ``word``, longest first; once per distinct word."""
    index, prefixes = _section_index(lexicon, section, language)
    found = list(index.get(word, ()))
    found.extend(t for key in prefixes if word.startswith(key[:-1]) for t in index[key])
    return tuple(sorted(found, key=lambda t: (-len(t.words), t.words)))


@lru_cache(maxsize=16)
def _section_table(lexicon: Lexicon, section: str, language: str) -> dict[str, tuple[Term, ...]]:
    """word -> ``_section_candidates``, filled as words are met: one dict lookup per word."""
    return {}


def _scan(words: Sequence[str], lexicon: Lexicon, section: str, language: str) -> list[tuple[int, Term]]:
    """Where the terms of a lexicon ``section`` occur in ``words``: longest first, no overlaps."""
    table = _section_table(lexicon, section, language)
    for word in set(words).difference(table):
        table[word] = _section_candidates(lexicon, section, language, word)
    found = []
    free_from = 0  # the first position not inside a match
    # Only the positions where some term can start are visited: most words start none.
    for pos in [pos for pos, word in enumerate(words) if table[word]]:
        if pos < free_from:
            continue
        # A candidate's first word is this word (or starts with its stem): a one-word term matches.
        for term in table[words[pos]]:
            if len(term.words) == 1 or term.matches_at(words, pos):
                found.append((pos, term))
                free_from = pos + len(term.words)
                break
    return found


@lru_cache(maxsize=8192)
def tagging_words(text: str, language: str) -> tuple[str, ...]:
    """The words the tagger reads: ``match_words`` without the lexicon's near misses (the
    phrases the codebook says are not a theme: "my views might be a bit biased")."""
    words = match_words(text)
    lexicon = load_lexicon()
    if not lexicon.near_misses:
        return tuple(words)
    near_misses = _scan(words, lexicon, "near_misses", language)
    if not near_misses:
        return tuple(words)
    dropped: set[int] = set()
    for pos, term in near_misses:
        dropped.update(range(pos, pos + len(term.words)))
    return tuple(w for i, w in enumerate(words) if i not in dropped)


@lru_cache(maxsize=8192)
def small_talk_score(text: str, *, language: str) -> float:
    """How much a passage sounds like a greeting, thanks or logistics (1.0 = the lexicon's
    threshold), from the lexicon's ``small_talk`` terms; the model weighs it against each theme.
    Not scaled by length: a greeting still greets inside a long paragraph, and the model
    weighs it against everything else the paragraph says."""
    lexicon = load_lexicon()
    found = _scan(list(tagging_words(text, language)), lexicon, "small_talk", language)
    return round(min(sum(t.weight for _, t in found) / lexicon.threshold, 2.0), 4)


# Context: in an interview a paragraph's theme is set partly by its neighbours (the host's
# question before an answer, the answer's next paragraph). Measured on the dev split,
# by cross-validation: mixing each paragraph's probabilities with its neighbours' took macro-F1
# from 0.67 to 0.69 (5 folds) and from 0.63 to 0.65 (leaving one interview out); heavier
# neighbours (0.5, 0.25) helped the folds and not a new interview; neighbours' words as extra
# features did not help (docs/codebook.md).

CONTEXT_WEIGHTS = (0.25, 0.125)  # the weight of a neighbour 1, 2 paragraphs away (the paragraph's own is 1)


def mix_with_neighbours(rows: Sequence[Sequence[float]]) -> list[list[float]]:
    """Each row (one paragraph's per-theme probabilities, paragraphs in reading order) as the
    weighted mean of itself and the rows up to ``len(CONTEXT_WEIGHTS)`` before and after it."""
    if not rows:
        return []
    # All rows at once, one array operation per neighbour: each row still adds its neighbours
    # in the same order (1 before, 1 after, 2 before, 2 after), so the sums are bit-identical.
    own = np.array(rows, dtype=np.float64)
    total = own.copy()
    weight = np.ones(len(rows), dtype=np.float64)
    for distance, w in enumerate(CONTEXT_WEIGHTS, start=1):
        total[distance:] += w * own[:-distance]  # the row ``distance`` before
        weight[distance:] += w
        total[:-distance] += w * own[distance:]  # the row ``distance`` after
        weight[:-distance] += w
    return (total / weight[:, None]).tolist()


def _probabilities(text: str, language: str) -> list[float]:
    """A passage's own probability per theme, in THEME_SLUGS order (cached with its scores).
    Rounded as ``ThemeScore.probability`` is, without working out the reasons (the build's path)."""
    return [round(p, 4) for p in _passage_scores(text, language)[1]]


def predict_in_context(texts: Sequence[str], *, language: str) -> list[tuple[str, ...]]:
    """The themes of each paragraph of one interview (``texts`` in reading order), from its own
    probabilities mixed with its neighbours' (``mix_with_neighbours``), in THEME_SLUGS order."""
    model = load_model()
    rows = [_probabilities(text, language) for text in texts]
    return [tuple(t for t, p in zip(THEME_SLUGS, row, strict=True) if p >= model.threshold[t])
            for row in mix_with_neighbours(rows)]


def reasons_in_context(texts: Sequence[str], index: int, theme: str, *, language: str,
                       limit: int = 5) -> tuple[str, ...]:
    """Why paragraph ``index`` of ``texts`` carries ``theme``: its own deciding words, then those
    of the neighbour that pushed the theme most, marked "context: " (the host's question)."""
    def score(i: int) -> ThemeScore:
        return next(s for s in _score_themes(texts[i], language) if s.theme == theme)
    own = score(index)
    near = [i for d in range(1, len(CONTEXT_WEIGHTS) + 1) for i in (index - d, index + d) if 0 <= i < len(texts)]
    found = list(own.reasons[:limit])
    if near:
        best = max(near, key=lambda i: (CONTEXT_WEIGHTS[abs(i - index) - 1] * score(i).probability, -i))
        if score(best).probability > own.probability:
            found[max(0, limit - 2):] = [f"context: {w}" for w in score(best).reasons[:2]]
    return tuple(found)
