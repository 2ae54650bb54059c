"""Load and check the hand-written editorial data: data/roles.yml and data/glossary.yml.

Both files are trusted Markdown written by maintainers, but every piece of evidence they
cite must exist: a reference ``q:QUOTE-ID``, ``p:INTERVIEW-SLUG#PARA-ID`` or
``i:INTERVIEW-SLUG`` that does not resolve is a problem naming the file, the field and its
line, so ``kb check`` catches it before any page is rendered. The theme texts in
data/themes.yml are checked here too (the theme renderer turns them into links later).

Each file is first checked against its JSON Schema (kb/schema/roles.json, glossary.json)
by data_files.load_data_file; the parsers below rely on the types it guarantees. Every
reference is resolved here, once (kb.references.Evidence); the renderer only turns the
resulting locations into links.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .data_files import load_data_file
from .errors import Problems
from .layout import GLOSSARY_FILE, ROLES_FILE, THEMES_FILE
from .models import GlossaryTerm, Interview, RoleAspect, RoleRow, RolesTable, Theme
from .references import Evidence, Reference, links_in, parse_reference
from .safe_yaml import line_for
from .source_files import display_path

NOT_SAID = "The interviews do not say."

_ANCHOR_UNSAFE = re.compile(r"[^a-z0-9]+")


def glossary_anchor(term: str) -> str:
    """The element id of a term on the glossary page: "CI/CD" -> "term-ci-cd"."""
    return "term-" + (_ANCHOR_UNSAFE.sub("-", term.casefold()).strip("-") or "x")


def load_editorial(root: Path, interviews: list[Interview], themes: tuple[Theme, ...],
                   problems: Problems, *, evidence: Evidence | None = None,
                   theme_lines: dict[str, int] | None = None
                   ) -> tuple[RolesTable | None, tuple[GlossaryTerm, ...]]:
    """Roles table and glossary from ``root``/data, and a reference check of the themes.

    Every reference that resolves is kept in ``evidence.resolved`` (pass the corpus's
    ``Evidence`` to keep them). A missing roles or glossary file is not an error (None /
    empty). When some transcript failed to load, unresolved references are not reported:
    the quote may be in that file, whose own problems already explain what is wrong.
    ``theme_lines`` (from ``corpus.read_themes``) puts line numbers on the themes' problems.
    """
    evidence = evidence if evidence is not None else Evidence(interviews)
    quiet = bool(problems)
    _check_theme_references(root, themes, theme_lines or {}, evidence, problems, quiet=quiet)
    roles = _load(root / ROLES_FILE, "roles", problems, lambda data, ctx: _parse_roles(data, ctx, evidence, quiet))
    glossary = _load(root / GLOSSARY_FILE, "glossary", problems,
                     lambda data, ctx: _parse_glossary(data, ctx, evidence, quiet))
    return roles, glossary or ()


class _Context:
    """Where problems go for one file: its display name and the line of each field."""

    def __init__(self, name: str, lines: dict[str, int], problems: Problems) -> None:
        self.name, self.lines, self.problems = name, lines, problems

    def add(self, field: str, message: str, hint: str | None = None) -> None:
        self.problems.add(self.name, message, field=field or None, line=line_for(field, self.lines),
                          hint=hint)

    def check_reference(self, field: str, reference: Reference, evidence: Evidence, *, quiet: bool) -> None:
        found = evidence.resolve(reference)
        if found and not quiet:
            self.add(field, found[0], hint=found[1])

    def check_markdown(self, field: str, markdown: str, evidence: Evidence, *, quiet: bool,
                       require: bool = True) -> None:
        """Every reference resolves; with ``require``, each paragraph cites at least one."""
        for reference in links_in(markdown):
            self.check_reference(field, reference, evidence, quiet=quiet)
        if not require:
            return
        for number, paragraph in enumerate(p for p in re.split(r"\n\s*\n", markdown) if p.strip()):
            if not links_in(paragraph) and paragraph.strip() != NOT_SAID:
                self.add(field, f"paragraph {number + 1} cites no evidence: \"{_clip(paragraph)}\"",
                         hint=f"link its claims with [words](q:QUOTE-ID), or write \"{NOT_SAID}\"")


def _load(path: Path, schema: str, problems: Problems, parse: Any) -> Any:
    if not path.exists():
        return None
    document = load_data_file(path, schema, problems)
    if document is None:
        return None
    found = Problems()
    result = parse(document.data, _Context(display_path(path), document.lines, found))
    problems.extend(found.items)
    return None if found else result


def _check_theme_references(root: Path, themes: tuple[Theme, ...], lines: dict[str, int],
                            evidence: Evidence, problems: Problems, *, quiet: bool) -> None:
    context = _Context(display_path(root / THEMES_FILE), lines, problems)
    from .theme_editorial import check_theme_editorial

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


def _parse_roles(data: dict[str, Any], ctx: _Context, evidence: Evidence, quiet: bool) -> RolesTable:
    """The roles table; ``data`` follows schema/roles.json, so only cross-checks are left."""
    intro = data["intro"]
    ctx.check_markdown("intro", intro, evidence, quiet=quiet)
    aspects: list[RoleAspect] = []
    for n, entry in enumerate(data["aspects"]):
        if entry["slug"] in {a.slug for a in aspects}:
            ctx.add(f"aspects/{n}/slug", f"aspect {entry['slug']!r} is listed twice")
        else:
            aspects.append(RoleAspect(slug=entry["slug"], title=entry["title"]))
    order = [a.slug for a in aspects]
    rows: list[RoleRow] = []
    for n, entry in enumerate(data["roles"]):
        field = f"roles/{n}"
        if entry["slug"] in {r.slug for r in rows}:
            ctx.add(f"{field}/slug", f"role {entry['slug']!r} is listed twice")
        cells = entry["cells"]
        for extra in sorted(set(cells) - set(order)):
            ctx.add(f"{field}/cells/{extra}", f"unknown aspect {extra!r}", hint=f"aspects: {', '.join(order)}")
        for aspect in order:
            text = cells.get(aspect)
            if text is None:
                ctx.add(f"{field}/cells", f"no text for aspect {aspect!r}",
                        hint=f"write \"{NOT_SAID}\" when the sources say nothing")
                continue
            ctx.check_markdown(f"{field}/cells/{aspect}", text, evidence, quiet=quiet)
        rows.append(RoleRow(slug=entry["slug"], title=entry["title"],
                            cells=tuple((a, str(cells.get(a) or "")) for a in order)))
    adverts = data.get("adverts") or {}
    adverts_intro = adverts.get("intro", "")
    ctx.check_markdown("adverts/intro", adverts_intro, evidence, quiet=quiet, require=bool(adverts))
    quotes = adverts.get("quotes") or []
    for n, quote_id in enumerate(quotes):
        ctx.check_reference(f"adverts/quotes/{n}", Reference("q", quote_id), evidence, quiet=quiet)
    return RolesTable(intro=intro, aspects=tuple(aspects), roles=tuple(rows), adverts_intro=adverts_intro,
                      adverts_quotes=tuple(quotes))


def _parse_glossary(data: dict[str, Any], ctx: _Context, evidence: Evidence,
                    quiet: bool) -> tuple[GlossaryTerm, ...]:
    """The glossary; ``data`` follows schema/glossary.json, so only cross-checks are left."""
    terms: list[GlossaryTerm] = []
    spelled: dict[str, str] = {}  # every spelling (term or alias) -> its term
    for n, entry in enumerate(data["terms"]):
        field = f"terms/{n}"
        term = " ".join(entry["term"].split())
        definition = entry["definition"]
        if "\n" in definition.strip() or re.search(r"[\[\]<>`*_|]", definition):
            ctx.add(f"{field}/definition", f"the definition of {term!r} must be one line of plain text "
                    "(no Markdown or HTML): it is also shown as a tooltip")
        aliases = entry.get("aliases") or []
        for spelling in [term, *aliases]:
            spelling = " ".join(spelling.split())
            if re.search(r"[\[\]\n]", spelling):
                ctx.add(field, f"spelling {spelling!r} may not contain brackets")
            owner = spelled.setdefault(spelling, term)
            if owner != term:
                ctx.add(field, f"{spelling!r} is already a spelling of {owner!r}",
                        hint="each spelling can have only one tooltip")
        see = entry["see"]
        for s, text in enumerate(see):
            reference = parse_reference(text)
            if reference is None:  # the schema's pattern lets "q:a)b" through; the link would break
                ctx.add(f"{field}/see/{s}", f"{text!r} is not a reference",
                        hint="write q:QUOTE-ID, p:INTERVIEW-SLUG#PARA-ID or i:INTERVIEW-SLUG")
                continue
            ctx.check_reference(f"{field}/see/{s}", reference, evidence, quiet=quiet)
        anchor = glossary_anchor(term)
        if anchor in {t.anchor for t in terms}:
            ctx.add(f"{field}/term", f"{term!r} is listed twice")
        terms.append(GlossaryTerm(term=term, anchor=anchor, definition=" ".join(definition.split()),
                                  aliases=tuple(" ".join(a.split()) for a in aliases),
                                  see=tuple(see)))
    return tuple(terms)


def _clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
