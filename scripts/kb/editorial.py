"""Load and check the hand-written editorial data: data/roles.yml and data/glossary.yml.

Both files are trusted Markdown written by maintainers, but every piece of evidence they
cite must exist: a reference ``q:QUOTE-ID``, ``p:INTERVIEW-SLUG#PARA-ID`` or
``i:INTERVIEW-SLUG`` that does not resolve is a problem naming the file, the field and its
line, so ``kb check`` catches it before any page is rendered. The theme texts in
data/themes.yml are checked here too (the theme renderer turns them into links later).

Turning references into links is the renderer's job (kb.render.references); this module
only says whether they point at something.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .data_files import read_data_file
from .errors import Problems
from .frontmatter_loader import _field_lines, _line_for, display_path
from .models import GlossaryTerm, Interview, RoleAspect, RoleRow, RolesTable, Theme

ROLES_FILE = "data/roles.yml"
GLOSSARY_FILE = "data/glossary.yml"
THEMES_FILE = "data/themes.yml"
NOT_SAID = "The interviews do not say."

# The link forms maintainers write: [words](q:ID), [words](p:SLUG#PARA), [words](i:SLUG).
REFERENCE = re.compile(r"\]\(\s*(?P<kind>[qpi]):(?P<target>[^)\s]*)\s*\)")
_ANCHOR_UNSAFE = re.compile(r"[^a-z0-9]+")


class Evidence:
    """What references may point at: quote ids, paragraph ids per interview, interview slugs."""

    def __init__(self, interviews: Iterable[Interview]) -> None:
        self.interviews = {i.slug: i for i in interviews}
        self.quotes = {q.id for i in self.interviews.values() for q in i.quotes}

    def problem(self, kind: str, target: str) -> tuple[str, str] | None:
        """(message, hint) when ``kind:target`` does not resolve, else None."""
        if kind == "q":
            if target in self.quotes:
                return None
            return f"reference q:{target} is not the id of any quote", _did_you_mean(target, self.quotes)
        if kind == "i":
            if target in self.interviews:
                return None
            return f"reference i:{target} is not the slug of any interview", _did_you_mean(
                target, self.interviews)
        slug, _, paragraph = target.partition("#")
        interview = self.interviews.get(slug)
        if interview is None:
            return f"reference p:{target}: no interview with slug {slug!r}", _did_you_mean(
                slug, self.interviews)
        if not paragraph or interview.paragraph(paragraph) is None:
            return (f"reference p:{target}: interview {slug!r} has no paragraph {paragraph!r}",
                    "paragraph ids are in kb.json (`kb build --out DIR`)")
        return None


def references(markdown: str) -> list[tuple[str, str]]:
    """Every (kind, target) reference in ``markdown``, in order."""
    return [(m.group("kind"), m.group("target")) for m in REFERENCE.finditer(markdown)]


def glossary_anchor(term: str) -> str:
    """The element id of a term on the glossary page: "CI/CD" -> "term-ci-cd"."""
    return "term-" + (_ANCHOR_UNSAFE.sub("-", term.casefold()).strip("-") or "x")


def load_editorial(root: Path, interviews: list[Interview], themes: tuple[Theme, ...],
                   problems: Problems) -> tuple[RolesTable | None, tuple[GlossaryTerm, ...]]:
    """Roles table and glossary from ``root``/data, and a reference check of the themes.

    A missing roles or glossary file is not an error (None / empty). When some transcript
    failed to load, unresolved references are not reported: the quote may be in that file,
    whose own problems already explain what is wrong.
    """
    evidence = Evidence(interviews)
    quiet = bool(problems)
    _check_theme_references(root, themes, evidence, problems, quiet=quiet)
    roles = _load(root / ROLES_FILE, problems, lambda data, ctx: _parse_roles(data, ctx, evidence, quiet))
    glossary = _load(root / GLOSSARY_FILE, problems,
                     lambda data, ctx: _parse_glossary(data, ctx, evidence, quiet))
    return roles, glossary or ()


class _Context:
    """Where problems go for one file: its display name and the line of each field."""

    def __init__(self, name: str, lines: dict[str, int], problems: Problems) -> None:
        self.name, self.lines, self.problems = name, lines, problems

    def add(self, field: str, message: str, hint: str | None = None) -> None:
        self.problems.add(self.name, message, field=field or None, line=_line_for(field, self.lines),
                          hint=hint)

    def check_markdown(self, field: str, markdown: str, evidence: Evidence, *, quiet: bool,
                       require: bool = True) -> None:
        """Every reference resolves; with ``require``, each paragraph cites at least one."""
        for kind, target in references(markdown):
            found = evidence.problem(kind, target)
            if found and not quiet:
                self.add(field, found[0], hint=found[1])
        if not require:
            return
        for number, paragraph in enumerate(p for p in re.split(r"\n\s*\n", markdown) if p.strip()):
            if not references(paragraph) and paragraph.strip() != NOT_SAID:
                self.add(field, f"paragraph {number + 1} cites no evidence: \"{_clip(paragraph)}\"",
                         hint=f"link its claims with [words](q:QUOTE-ID), or write \"{NOT_SAID}\"")


def _load(path: Path, problems: Problems, parse: Any) -> Any:
    if not path.exists():
        return None
    read = read_data_file(path, problems)
    if read is None:
        return None
    data, lines = read
    name = display_path(path)
    found = Problems()
    result = parse(data, _Context(name, lines, found))
    problems.extend(found.items)
    return None if found else result


def _check_theme_references(root: Path, themes: tuple[Theme, ...], evidence: Evidence,
                            problems: Problems, *, quiet: bool) -> None:
    path = root / THEMES_FILE
    try:
        lines = _field_lines(yaml.compose(path.read_text("utf-8")), offset=1)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return  # load_themes has already reported it
    context = _Context(display_path(path), lines, problems)
    from .theme_editorial import check_theme_editorial  # it reads this module's REFERENCE

    for number, theme in enumerate(themes):
        where = f"themes/{number}"
        context.check_markdown(f"{where}/intro", theme.intro, evidence, quiet=quiet)
        # Key points and differ cells: every reference resolves (whether each cites enough
        # is check_theme_editorial's job).
        for n, point in enumerate(theme.key_points):
            context.check_markdown(f"{where}/key_points/{n}/text", point.text, evidence, quiet=quiet,
                                   require=False)
        for n, row in enumerate(theme.differences):
            for v, view in enumerate(row.views):
                context.check_markdown(f"{where}/differences/{n}/views/{v}", view, evidence, quiet=quiet,
                                       require=False)
        check_theme_editorial(theme, where, evidence.interviews.values(),
                              lambda field, message, hint: context.add(field, message, hint=hint),
                              quiet=quiet)


def _parse_roles(data: Any, ctx: _Context, evidence: Evidence, quiet: bool) -> RolesTable | None:
    if not isinstance(data, dict):
        ctx.add("", "expected a mapping with intro, aspects, roles and adverts")
        return None
    intro = _string(ctx, data, "intro", "intro")
    ctx.check_markdown("intro", intro, evidence, quiet=quiet)
    aspects: list[RoleAspect] = []
    for n, entry in enumerate(_list(ctx, data, "aspects")):
        if not isinstance(entry, dict) or not _is_text(entry.get("slug")) or not _is_text(entry.get("title")):
            ctx.add(f"aspects/{n}", "each aspect needs a 'slug' and a 'title'")
        elif entry["slug"] in {a.slug for a in aspects}:
            ctx.add(f"aspects/{n}/slug", f"aspect {entry['slug']!r} is listed twice")
        else:
            aspects.append(RoleAspect(slug=entry["slug"], title=entry["title"]))
    order = [a.slug for a in aspects]
    rows: list[RoleRow] = []
    for n, entry in enumerate(_list(ctx, data, "roles")):
        field = f"roles/{n}"
        if not isinstance(entry, dict) or not _is_text(entry.get("slug")) or not _is_text(entry.get("title")):
            ctx.add(field, "each role needs a 'slug' and a 'title'")
            continue
        if entry["slug"] in {r.slug for r in rows}:
            ctx.add(f"{field}/slug", f"role {entry['slug']!r} is listed twice")
        cells = entry.get("cells")
        if not isinstance(cells, dict):
            ctx.add(f"{field}/cells", f"expected 'cells:' with one text per aspect ({', '.join(order)})")
            continue
        for extra in sorted(set(cells) - set(order)):
            ctx.add(f"{field}/cells/{extra}", f"unknown aspect {extra!r}", hint=f"aspects: {', '.join(order)}")
        for aspect in order:
            text = cells.get(aspect)
            if not _is_text(text):
                ctx.add(f"{field}/cells", f"no text for aspect {aspect!r}",
                        hint=f"write \"{NOT_SAID}\" when the sources say nothing")
                continue
            ctx.check_markdown(f"{field}/cells/{aspect}", text, evidence, quiet=quiet)
        rows.append(RoleRow(slug=entry["slug"], title=entry["title"],
                            cells=tuple((a, str(cells.get(a) or "")) for a in order)))
    adverts = data.get("adverts") or {}
    if not isinstance(adverts, dict):
        ctx.add("adverts", "expected a mapping with 'intro' and 'quotes'")
        adverts = {}
    adverts_intro = str(adverts.get("intro") or "")
    ctx.check_markdown("adverts/intro", adverts_intro, evidence, quiet=quiet, require=bool(adverts))
    quotes = adverts.get("quotes") or []
    if not isinstance(quotes, list):
        ctx.add("adverts/quotes", "expected a list of quote ids")
        quotes = []
    for n, quote_id in enumerate(quotes):
        found = evidence.problem("q", str(quote_id))
        if found and not quiet:
            ctx.add(f"adverts/quotes/{n}", found[0], hint=found[1])
    return RolesTable(intro=intro, aspects=tuple(aspects), roles=tuple(rows), adverts_intro=adverts_intro,
                      adverts_quotes=tuple(str(q) for q in quotes))


def _parse_glossary(data: Any, ctx: _Context, evidence: Evidence,
                    quiet: bool) -> tuple[GlossaryTerm, ...] | None:
    entries = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        ctx.add("terms", "expected a 'terms:' list of {term, aliases, definition, see}")
        return None
    terms: list[GlossaryTerm] = []
    spelled: dict[str, str] = {}  # every spelling (term or alias) -> its term
    for n, entry in enumerate(entries):
        field = f"terms/{n}"
        if not isinstance(entry, dict) or not _is_text(entry.get("term")):
            ctx.add(field, "each entry needs a 'term'")
            continue
        term = " ".join(entry["term"].split())
        definition = entry.get("definition")
        if not _is_text(definition):
            ctx.add(f"{field}/definition", f"{term!r} needs a 'definition' (one or two sentences)")
            definition = ""
        elif "\n" in definition.strip() or re.search(r"[\[\]<>`*_|]", definition):
            ctx.add(f"{field}/definition", f"the definition of {term!r} must be one line of plain text "
                    "(no Markdown or HTML): it is also shown as a tooltip")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(_is_text(a) for a in aliases):
            ctx.add(f"{field}/aliases", "'aliases' must be a list of spellings")
            aliases = []
        for spelling in [term, *aliases]:
            spelling = " ".join(spelling.split())
            if re.search(r"[\[\]\n]", spelling):
                ctx.add(field, f"spelling {spelling!r} may not contain brackets")
            owner = spelled.setdefault(spelling, term)
            if owner != term:
                ctx.add(field, f"{spelling!r} is already a spelling of {owner!r}",
                        hint="each spelling can have only one tooltip")
        see = entry.get("see") or []
        if not isinstance(see, list) or not see:
            ctx.add(f"{field}/see", f"{term!r} needs 'see:' references to where it is discussed")
            see = []
        for s, reference in enumerate(see):
            kind, _, target = str(reference).partition(":")
            if kind not in ("q", "p", "i") or not target:
                ctx.add(f"{field}/see/{s}", f"{reference!r} is not a reference",
                        hint="write q:QUOTE-ID, p:INTERVIEW-SLUG#PARA-ID or i:INTERVIEW-SLUG")
                continue
            found = evidence.problem(kind, target)
            if found and not quiet:
                ctx.add(f"{field}/see/{s}", found[0], hint=found[1])
        anchor = glossary_anchor(term)
        if anchor in {t.anchor for t in terms}:
            ctx.add(f"{field}/term", f"{term!r} is listed twice")
        terms.append(GlossaryTerm(term=term, anchor=anchor, definition=" ".join(str(definition).split()),
                                  aliases=tuple(" ".join(a.split()) for a in aliases),
                                  see=tuple(str(r) for r in see)))
    return tuple(terms)


def _string(ctx: _Context, data: dict[str, Any], key: str, field: str) -> str:
    value = data.get(key)
    if not _is_text(value):
        ctx.add(field, f"needs '{key}' text")
        return ""
    return value


def _list(ctx: _Context, data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        ctx.add(key, f"expected a non-empty '{key}:' list")
        return []
    return value


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _did_you_mean(target: str, known: Iterable[str]) -> str:
    known = sorted(known)
    # A truncated id is the commonest slip; difflib's ratio is low for those.
    close = [k for k in known if target and k.startswith(target)] or difflib.get_close_matches(
        target, known, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else "check the id in the transcript's front matter"


def _clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
