"""From validated front matter to model objects: the one place a YAML key becomes a field.

A front-matter key and the model field it fills have the same name, so the mapping is
derived from the dataclasses: a new optional field (say a speaker's ``short`` name) needs
only its schema property and its model field, and flows through here untouched. The few
fields that are not copied as they are (nested lists, values worked out by verification)
are named in ``DERIVED`` with their reason; tests check that every schema property lands
in a model field.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

from .models import CareerStep, Interview, Quote, Rights, Source, Speaker, Turn
from .readers.captions import parse_stamp

T = TypeVar("T")

# Model fields not copied from a front-matter key of the same name, and why.
DERIVED: dict[type, dict[str, str]] = {
    Speaker: {"career": "a list of CareerStep, built by career_step()"},
    CareerStep: {"paragraph_id": "the paragraph verification finds the evidence in"},
    Quote: {"id": "optional in front matter: derived from the speaker and the text when absent",
            "themes": "a tuple", "paragraph_id": "set by verification",
            "start_seconds": "set by verification", "spans": "set by verification (quotes.describe_match)",
            "omissions": "set by verification (quotes.describe_match)"},
    Turn: {"at_seconds": "the front matter's 'at' stamp (m:ss) in seconds"},
    Interview: {"path": "the file it was read from", "format": "may be detected from the body",
                "source": "a Source", "speakers": "verified Speakers", "paragraphs": "made from the body",
                "quotes": "verified Quotes", "tags": "a tuple", "notes": "a tuple",
                "header": "facts the body's own header gives (readers)",
                "punctuation_added": "whether the build restored punctuation (the format's reader)",
                "rights": "a Rights"},
    Rights: {"recorded": "whether the front matter has `rights` at all"},
}


def derived_fields(model: type) -> dict[str, str]:
    """The fields of ``model`` (or of a model it extends) not copied from a same-named key."""
    return {name: why for cls in reversed(model.__mro__) for name, why in DERIVED.get(cls, {}).items()}


def _copy(model: type[T], entry: dict[str, Any], **derived: Any) -> T:
    """``model`` from the keys of ``entry`` named like its fields, plus the ``derived`` ones.

    An optional key that is absent keeps the field's default, or is None when the field has
    none (the schema has already required what must be there)."""
    skip = derived_fields(model)
    values = {f.name: entry.get(f.name) for f in fields(model)  # type: ignore[arg-type]
              if f.name not in skip and (f.name in entry or f.default is MISSING and f.default_factory is MISSING)}
    return model(**values, **derived)


def speaker(entry: dict[str, Any]) -> Speaker:
    """A speaker of ``speakers:`` (career steps not yet verified)."""
    return _copy(Speaker, entry, career=tuple(career_step(c) for c in entry.get("career") or ()))


def career_step(entry: dict[str, Any]) -> CareerStep:
    return _copy(CareerStep, entry)


def source(entry: dict[str, Any]) -> Source:
    return _copy(Source, entry)


def rights(entry: dict[str, Any] | None) -> Rights:
    """The interview's rights; without a ``rights`` entry, the defaults (not recorded)."""
    return Rights() if entry is None else _copy(Rights, entry, recorded=True)


def turn(entry: dict[str, Any]) -> Turn:
    at = entry.get("at")
    return _copy(Turn, entry, at_seconds=parse_stamp(at) if at else None)


def quote(entry: dict[str, Any], **verified: Any) -> Quote:
    """A verified quote from an entry of ``quotes:``; ``verified`` gives the fields
    verification works out (id when the entry has none, paragraph_id, start_seconds...)."""
    return _copy(Quote, entry, themes=tuple(entry["themes"]), **verified)


def interview(meta: dict[str, Any], **made: Any) -> Interview:
    """The interview from its front matter; ``made`` gives what the later stages made (path,
    format, verified speakers, paragraphs, quotes, header)."""
    return _copy(Interview, meta, source=source(meta["source"]), rights=rights(meta.get("rights")),
                 tags=tuple(meta.get("tags") or ()),
                 notes=tuple(meta.get("notes") or ()), **made)
