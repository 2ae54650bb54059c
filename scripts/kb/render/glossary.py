"""The glossary page (glossary.md) and the site-wide abbreviation list for tooltips.

Definitions come from data/glossary.yml. ``render_abbreviations`` gives the lines
Material's tooltips are made from (``*[MLOps]: definition``, the ``abbr`` extension); the
MkDocs hook appends them to every page, as pymdownx.snippets' ``auto_append`` would, and
``kb build --out`` writes them to includes/abbreviations.md for other renderers.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..models import Corpus, GlossaryTerm
from .escape import escape_text, safe_id
from .lookup import SiteIndex
from .paths import GLOSSARY_PAGE
from .references import resolve_references
from .templating import front_matter, render_template

TITLE = "Glossary"
DESCRIPTION = "Terms readers meet in the interviews, defined in a sentence or two, with where they are discussed."


@dataclass(frozen=True)
class Entry:
    term: GlossaryTerm
    heading: Markup  # "### Term { #term-anchor }"
    aliases: Markup | None
    definition: Markup
    see: tuple[Markup, ...]  # links to the quotes / paragraphs / interviews


def render_glossary_page(site: SiteIndex) -> str:
    """The page (empty without data/glossary.yml)."""
    corpus = site.corpus
    if not corpus.glossary:
        return ""
    letters: dict[str, list[Entry]] = {}
    for term in sorted(corpus.glossary, key=lambda t: t.term.casefold()):
        see = _see_links(corpus, term.see)
        aliases = Markup(", ".join(escape_text(a) for a in term.aliases)) if term.aliases else None
        entry = Entry(term=term, heading=Markup(f"### {escape_text(term.term)} {{ #{safe_id(term.anchor)} }}"),
                      aliases=aliases, definition=escape_text(term.definition), see=tuple(see))
        letter = term.term[:1].upper() if term.term[:1].isalpha() else "#"
        letters.setdefault(letter, []).append(entry)
    text = render_template("glossary.md.j2",
                           front=front_matter(title=TITLE, description=DESCRIPTION),
                           title=TITLE, letters=sorted(letters.items()))
    return text


def _see_links(corpus: Corpus, references: tuple[str, ...]) -> list[Markup]:
    """One item per speaker or source: a name seen once is its link; a name behind several
    references is said once, with its passages numbered ("Misra Turp: passage 1, passage 2"),
    so the line does not repeat the same name link after link."""
    by_label: dict[str, list[str]] = {}
    for reference in references:
        by_label.setdefault(_reference_label(corpus, reference), []).append(reference)
    see = []
    for label, refs in by_label.items():
        text = escape_text(label)
        if len(refs) == 1:
            markdown = f"[{text}]({refs[0]})"
        else:
            markdown = f"{text}: " + ", ".join(f"[passage {n}]({ref})" for n, ref in enumerate(refs, 1))
        see.append(Markup(resolve_references(markdown, corpus, page=GLOSSARY_PAGE)))
    return see


def abbreviation_titles(corpus: Corpus) -> dict[str, str]:
    """``{spelling: definition}`` for every term and alias, longer spellings first, so
    "Automatic Mixed Precision" is matched before "mixed precision".

    Definitions are plain, one-line text (the loader checks it); characters that would end
    the line or the bracket of the ``abbr`` syntax are removed all the same.
    """
    pairs = []
    for term in corpus.glossary:
        definition = _one_line(term.definition)
        for spelling in (term.term, *term.aliases):
            pairs.append((spelling, _one_line(spelling).replace("]", ""), definition))
    pairs.sort(key=lambda item: (-len(item[0]), item[0]))
    titles: dict[str, str] = {}
    for _, spelling, definition in pairs:
        titles.setdefault(spelling, definition)
    return titles


def render_abbreviations(corpus: Corpus) -> str:
    """``*[spelling]: definition`` for every term and alias (Markdown ``abbr`` syntax), for
    ``kb build --out``; the MkDocs hook gives ``abbreviation_titles`` to abbr directly."""
    return "".join(f"*[{spelling}]: {definition}\n"
                   for spelling, definition in abbreviation_titles(corpus).items())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _reference_label(corpus: Corpus, reference: str) -> str:
    """What a reader sees for a reference: who said it, or which source."""
    location = corpus.references[reference]
    interview = corpus.interview(location.interview)
    assert interview is not None  # resolved by the loader
    kind, _, target = reference.partition(":")
    if kind == "q":
        quote = next(q for q in interview.quotes if q.id == target)
        speaker = interview.speaker(quote.speaker)
        who = speaker.name if speaker else "Unknown speaker"
        reported = interview.speaker(quote.reports) if quote.reports else None
        return f"{who}, reporting {reported.name}" if reported is not None else who
    source = interview.source.publisher or interview.title
    kind = interview.source.kind or "source"
    if source.casefold().endswith(kind.casefold()):  # "… Podcast", not "… Podcast podcast"
        return f"a passage of the {source}" if location.paragraph else source
    return f"a passage of the {source} {kind}" if location.paragraph else source
