"""The languages a transcript may be in, their names, and the one guess of a raw text's
language (`kb new` writes it into the front matter, `kb suggest` tags with it)."""

from __future__ import annotations

from .text import tokens

LANGUAGE_NAMES = {"en": "English", "fr": "French"}  # the schema's `language` enum, named

# Common function words; "c" is the "c'" of "c'est" once the apostrophe splits it.
_FUNCTION_WORDS = {
    "fr": frozenset({"le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "que", "qui", "pas",
                     "pour", "dans", "avec", "sur", "ce", "cette", "je", "nous", "vous", "ils", "elles", "on",
                     "au", "aux", "mais", "donc", "très", "ça", "c"}),
    "en": frozenset({"the", "and", "is", "are", "that", "which", "not", "for", "in", "with", "on", "this",
                     "i", "we", "you", "they", "it", "to", "of", "a", "an", "but", "so", "very"}),
}


def language_name(code: str) -> str:
    """"French" for "fr"; the code itself for a language without a name here."""
    return LANGUAGE_NAMES.get(code, code)


def guess_language(text: str) -> tuple[str, str]:
    """``("fr" | "en", reason)`` from counts of common function words; English when tied."""
    words = tokens(text)
    fr = sum(1 for w in words if w in _FUNCTION_WORDS["fr"])
    en = sum(1 for w in words if w in _FUNCTION_WORDS["en"])
    if fr > en:
        return "fr", f"{fr} common French words against {en} English ones"
    if words:
        return "en", f"{en} common English words against {fr} French ones"
    return "en", "no text to look at; English by default"
