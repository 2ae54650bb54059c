"""What changes for readers between two versions of the knowledge base (``kb diff``).

Interviews are compared field by field (title, date, source, rights, speakers, summary…),
so a field added to the model is reported without a change here.

A maintainer reviewing a pull request sees a YAML diff; readers see quotes appear on theme
pages, move between themes, change words. ``compare`` takes two loaded snapshots (the
corpus and the complete site sources of each) and returns plain data saying what changed;
``render_markdown`` turns that into the Markdown ``kb diff`` prints (and CI writes to the
job summary). Nothing here reads files or runs git: see kb.revisions for that.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from .models import Corpus, Interview, Quote, Speaker

# Generated files that are not pages (the page list names pages a reader can open).
_TOOLTIPS_FILE = "includes/abbreviations.md"

# Quote fields whose change is an edit of what the quote says, and those that move it.
_QUOTE_WORDS = ("text", "translation", "note")
_QUOTE_PLACE = ("id", "interview", "speaker", "reports", "themes", "subtopic", "paragraph")
# Interview fields compared one by one (speakers, paragraphs and quotes have their own rules).
_INTERVIEW_SKIP = {"slug", "path", "speakers", "paragraphs", "quotes", "header"}
_THEME_SKIP = {"slug"}
_LABELS = {"rights.publish": "rights: published (full transcript or excerpts)", "rights.holder": "rights: holder",
           "rights.licence": "rights: licence", "rights.permission": "rights: permission",
           "rights.note": "rights: note", "intro": "introduction", "differences": "where interviewees differ", "key_points": "key points", "date_note": "date note",
           "paragraph": "paragraph (anchor on the interview page)", "reports": "reports the views of"}


@dataclass(frozen=True)
class Snapshot:
    """One side of the comparison: a label ("main", "working tree"), its corpus and site files."""

    label: str
    corpus: Corpus
    files: Mapping[str, str | bytes]


@dataclass(frozen=True)
class Change:
    """One field that differs; ``None`` means absent on that side."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class InterviewDiff:
    status: str  # added | removed | changed
    slug: str
    title: str
    source: str  # transcripts/<file>, the file to look at in the pull request
    changes: tuple[Change, ...] = ()
    speakers: int = 0
    quotes: int = 0


@dataclass(frozen=True)
class QuoteDiff:
    status: str  # added | removed | changed
    id: str  # the id now (the old one for a removed quote)
    interview: str  # interview title
    speaker: str  # speaker's name now (or then, for a removed quote)
    quote: Quote  # the quote now (or then)
    changes: tuple[Change, ...] = ()

    @property
    def edited(self) -> bool:
        return any(c.field in _QUOTE_WORDS for c in self.changes)

    @property
    def moved(self) -> bool:
        return any(c.field in _QUOTE_PLACE for c in self.changes)


@dataclass(frozen=True)
class SectionDiff:
    """A theme's texts, or one of the editorial pages (roles compared, glossary, job adverts)."""

    title: str
    source: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class PagesDiff:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    tooltips: bool = False  # the glossary tooltips every page carries changed

    def __len__(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


@dataclass(frozen=True)
class CorpusDiff:
    base: str
    head: str
    interviews: tuple[InterviewDiff, ...]
    quotes: tuple[QuoteDiff, ...]
    themes: tuple[SectionDiff, ...]
    editorial: tuple[SectionDiff, ...]
    pages: PagesDiff

    def quotes_with(self, status: str) -> list[QuoteDiff]:
        return [q for q in self.quotes if q.status == status]

    def __bool__(self) -> bool:
        return bool(self.interviews or self.quotes or self.themes or self.editorial or len(self.pages)
                    or self.pages.tooltips)


# --- comparing ---------------------------------------------------------------------------


def compare(base: Snapshot, head: Snapshot) -> CorpusDiff:
    """Everything a reader would notice going from ``base`` to ``head``."""
    return CorpusDiff(
        base=base.label, head=head.label,
        interviews=tuple(_compare_interviews(base.corpus, head.corpus)),
        quotes=tuple(_compare_quotes(base.corpus, head.corpus)),
        themes=tuple(_compare_themes(base.corpus, head.corpus)),
        editorial=tuple(_compare_editorial(base.corpus, head.corpus)),
        pages=_compare_pages(base.files, head.files),
    )


def _source(interview: Interview) -> str:
    return f"transcripts/{interview.path.name}"


def _compare_interviews(old: Corpus, new: Corpus) -> Iterable[InterviewDiff]:
    before = {i.slug: i for i in old.interviews}
    after = {i.slug: i for i in new.interviews}
    for slug in sorted(before.keys() | after.keys()):
        a, b = before.get(slug), after.get(slug)
        if a is None or b is None:
            shown = b or a
            assert shown is not None
            yield InterviewDiff("added" if a is None else "removed", slug, shown.title, _source(shown),
                                speakers=len(shown.speakers), quotes=len(shown.quotes))
            continue
        changes = [Change("file", _source(a), _source(b))] if a.path.name != b.path.name else []
        # `recorded` only says whether the front matter has `rights`; its fields say the rest.
        changes += [c for c in _changed_fields(a, b, skip=_INTERVIEW_SKIP) if c.field != "rights.recorded"]
        changes += _speaker_changes(a.speakers, b.speakers)
        text = _paragraph_summary(a, b)
        if text:
            changes.append(Change("transcript text", None, text))
        if changes:
            yield InterviewDiff("changed", slug, b.title, _source(b), tuple(changes),
                                speakers=len(b.speakers), quotes=len(b.quotes))


def _speaker_changes(old: tuple[Speaker, ...], new: tuple[Speaker, ...]) -> list[Change]:
    before, after = {s.id: s for s in old}, {s.id: s for s in new}
    changes = []
    for sid in sorted(before.keys() | after.keys()):
        a, b = before.get(sid), after.get(sid)
        described = (_describe_speaker(a), _describe_speaker(b))
        if described[0] != described[1]:
            changes.append(Change(f"speaker {sid}", *described))
    return changes


def _describe_speaker(speaker: Speaker | None) -> str | None:
    if speaker is None:
        return None
    details = ", ".join(x for x in (speaker.kind, speaker.role, speaker.affiliation) if x)
    text = f"{speaker.name} ({details})"
    if speaker.name_note:
        text += f"; name note: {speaker.name_note}"
    if speaker.career:
        text += "; career: " + "; ".join(f"{c.when or 'undated'}: {c.what}" for c in speaker.career)
    return text


def _paragraph_summary(a: Interview, b: Interview) -> str:
    """"2 paragraphs changed, 1 added" when the transcript as shown to readers differs."""
    before = {p.id: (p.text, p.speaker) for p in a.paragraphs}
    after = {p.id: (p.text, p.speaker) for p in b.paragraphs}
    counts = {
        "changed": sum(1 for pid in before.keys() & after.keys() if before[pid] != after[pid]),
        "added": len(after.keys() - before.keys()),
        "removed": len(before.keys() - after.keys()),
    }
    parts = [f"{n} paragraph{'s' if n != 1 else ''} {what}" for what, n in counts.items() if n]
    return ", ".join(parts)


def _compare_quotes(old: Corpus, new: Corpus) -> Iterable[QuoteDiff]:
    before = {q.id: (i, q) for i, q in old.quotes()}
    after = {q.id: (i, q) for i, q in new.quotes()}
    removed = [before[k] for k in sorted(before.keys() - after.keys())]
    added = [after[k] for k in sorted(after.keys() - before.keys())]
    # A quote without an explicit id is named after its words, so editing them renames it:
    # pair such a removal with the most similar addition in the same interview and speaker.
    pairs = _pair_renamed(removed, added)
    paired_old = {id(p[0][1]) for p in pairs}
    paired_new = {id(p[1][1]) for p in pairs}
    out: list[QuoteDiff] = []
    for i, q in removed:
        if id(q) not in paired_old:
            out.append(QuoteDiff("removed", q.id, i.title, _speaker_name(i, q.speaker), q))
    for i, q in added:
        if id(q) not in paired_new:
            out.append(QuoteDiff("added", q.id, i.title, _speaker_name(i, q.speaker), q))
    common = [(before[k], after[k]) for k in sorted(before.keys() & after.keys())]
    for (ia, a), (ib, b) in [*common, *pairs]:
        changes = _quote_changes(ia, a, ib, b)
        if changes:
            out.append(QuoteDiff("changed", b.id, ib.title, _speaker_name(ib, b.speaker), b, tuple(changes)))
    order = {"added": 0, "removed": 1, "changed": 2}
    return sorted(out, key=lambda d: (order[d.status], d.interview, d.id))


def _pair_renamed(removed: list[tuple[Interview, Quote]],
                  added: list[tuple[Interview, Quote]]) -> list[tuple[tuple[Interview, Quote], ...]]:
    scored = []
    for r in removed:
        for a in added:
            if r[0].slug == a[0].slug and r[1].speaker == a[1].speaker:
                ratio = difflib.SequenceMatcher(None, r[1].text.split(), a[1].text.split()).ratio()
                if ratio >= 0.5:
                    scored.append((-ratio, r[1].id, a[1].id, r, a))
    pairs, used = [], set()
    for _, rid, aid, r, a in sorted(scored, key=lambda s: s[:3]):
        if ("r", rid) not in used and ("a", aid) not in used:
            used |= {("r", rid), ("a", aid)}
            pairs.append((r, a))
    return pairs


def _quote_changes(ia: Interview, a: Quote, ib: Interview, b: Quote) -> list[Change]:
    changes = []
    if a.id != b.id:
        changes.append(Change("id", a.id, b.id))
    if ia.slug != ib.slug:
        changes.append(Change("interview", ia.title, ib.title))
    for name in ("text", "translation", "note"):
        old, new = getattr(a, name), getattr(b, name)
        if _words(old) != _words(new):
            changes.append(Change(name, old, new))
    if a.speaker != b.speaker:
        changes.append(Change("speaker", _speaker_name(ia, a.speaker), _speaker_name(ib, b.speaker)))
    if a.reports != b.reports:
        changes.append(Change("reports", _speaker_name(ia, a.reports), _speaker_name(ib, b.reports)))
    if a.themes != b.themes:
        changes.append(Change("themes", ", ".join(a.themes), ", ".join(b.themes)))
    if a.subtopic != b.subtopic:
        changes.append(Change("subtopic", a.subtopic, b.subtopic))
    if a.paragraph_id != b.paragraph_id and ia.slug == ib.slug:
        changes.append(Change("paragraph", a.paragraph_id, b.paragraph_id))
    return changes


def _speaker_name(interview: Interview, speaker_id: str | None) -> str | None:
    if speaker_id is None:
        return None
    speaker = interview.speaker(speaker_id)
    return speaker.name if speaker else speaker_id


def _words(text: str | None) -> list[str] | None:
    return None if text is None else text.split()


def _compare_themes(old: Corpus, new: Corpus) -> Iterable[SectionDiff]:
    before = {t.slug: t for t in old.themes}
    for theme in new.themes:
        previous = before.get(theme.slug)
        if previous is not None:
            changes = _changed_fields(previous, theme, skip=_THEME_SKIP)
            if changes:
                yield SectionDiff(theme.title, "data/themes.yml", tuple(changes))


def _compare_editorial(old: Corpus, new: Corpus) -> Iterable[SectionDiff]:
    roles = _keyed_changes(
        _role_cells(old), _role_cells(new),
        extra=[Change(name, getattr(old.roles, name, None) or None, getattr(new.roles, name, None) or None)
               for name in ("intro", "adverts_intro")])
    if roles:
        yield SectionDiff("Roles compared", "data/roles.yml", tuple(roles))
    terms = _keyed_changes({t.term: _flat(t, skip={"term", "anchor"}) for t in old.glossary},
                           {t.term: _flat(t, skip={"term", "anchor"}) for t in new.glossary})
    if terms:
        yield SectionDiff("Glossary", "data/glossary.yml", tuple(terms))
    if old.job_adverts != new.job_adverts:
        yield SectionDiff("Job-advert figures", "data/job_adverts.yml",
                          (Change("figures", "as before", "changed"),))


def _role_cells(corpus: Corpus) -> dict[str, dict[str, str | None]]:
    if corpus.roles is None:
        return {}
    titles = {a.slug: a.title for a in corpus.roles.aspects}
    return {row.title: {titles.get(slug, slug): text for slug, text in row.cells} for row in corpus.roles.roles}


def _keyed_changes(old: dict[str, dict[str, str | None]], new: dict[str, dict[str, str | None]],
                   extra: Iterable[Change] = ()) -> list[Change]:
    """Entries added, removed or changed (field by field) between two ``{key: fields}``."""
    changes = [c for c in extra if c.old != c.new]
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            changes.append(Change(key, None if a is None else "present", None if b is None else "present"))
            continue
        for name in sorted(a.keys() | b.keys()):
            if a.get(name) != b.get(name):
                changes.append(Change(f"{key}: {name}", a.get(name), b.get(name)))
    return changes


def _changed_fields(a: Any, b: Any, *, skip: set[str]) -> list[Change]:
    """Field-by-field changes of two dataclasses, nested ones flattened (``source.url``)."""
    before, after = _flat(a, skip=skip), _flat(b, skip=skip)
    names = [*before, *(n for n in after if n not in before)]  # the dataclasses' field order
    return [Change(name, before.get(name), after.get(name)) for name in names
            if before.get(name) != after.get(name)]


def _flat(obj: Any, *, skip: set[str] = frozenset(), prefix: str = "") -> dict[str, str | None]:
    flat: dict[str, str | None] = {}
    for f in fields(obj):
        if f.name in skip:
            continue
        value, name = getattr(obj, f.name), prefix + f.name
        if is_dataclass(value):
            flat.update(_flat(value, prefix=name + "."))
        elif isinstance(value, tuple) and value and all(is_dataclass(v) for v in value):
            # A theme's key points, differ rows, groups: one entry per item, by its id or title.
            for n, item in enumerate(value):
                key = getattr(item, "id", None) or getattr(item, "title", None) or str(n + 1)
                flat.update(_flat(item, skip={"id", "title"}, prefix=f"{name}.{key}."))
        elif isinstance(value, dict):
            flat.update({f"{name}.{k}": _plain(v) for k, v in sorted(value.items())})
        else:
            flat[name] = _plain(value)
    return flat


def _plain(value: Any) -> str | None:
    if value is None or value == "" or value == ():
        return None
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _compare_pages(old: Mapping[str, str | bytes], new: Mapping[str, str | bytes]) -> PagesDiff:
    tooltips = old.get(_TOOLTIPS_FILE) != new.get(_TOOLTIPS_FILE)
    pages_old = {k: v for k, v in old.items() if k != _TOOLTIPS_FILE}
    pages_new = {k: v for k, v in new.items() if k != _TOOLTIPS_FILE}
    return PagesDiff(
        added=tuple(sorted(pages_new.keys() - pages_old.keys(), key=_url)),
        removed=tuple(sorted(pages_old.keys() - pages_new.keys(), key=_url)),
        changed=tuple(sorted((k for k in pages_old.keys() & pages_new.keys() if pages_old[k] != pages_new[k]),
                             key=_url)),
        tooltips=tooltips,
    )


def _url(path: str) -> str:
    """Where a reader finds a docs file: ``themes/roles.md`` -> ``/themes/roles/``."""
    if not path.endswith(".md"):
        return "/" + path
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return "/" + stem


# --- rendering ---------------------------------------------------------------------------

# CommonMark lets any ASCII punctuation be escaped; these are the ones that could turn a
# transcript's words into emphasis, links, HTML or a table cell in the job summary.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
_LONG = 70  # characters: longer values are shown as before/after lines with the words marked


def render_markdown(diff: CorpusDiff) -> str:
    """The Markdown ``kb diff`` prints (deterministic: sorted, no dates or commit ids)."""
    lines = [f"## What changes for readers: {_code(diff.base)} → {_code(diff.head)}", ""]
    if not diff:
        lines += ["Nothing changes for readers: every page is the same.", ""]
        return "\n".join(lines)
    lines += [_totals(diff), ""]
    if diff.interviews:
        lines += ["### Interviews", ""]
        for item in diff.interviews:
            lines += _interview_lines(item)
        lines.append("")
    sections = [
        ("Quotes added", diff.quotes_with("added"), None),
        ("Quotes removed", diff.quotes_with("removed"), None),
        ("Quotes edited", [q for q in diff.quotes_with("changed") if q.edited], _QUOTE_WORDS),
        ("Quotes moved", [q for q in diff.quotes_with("changed") if q.moved], _QUOTE_PLACE),
    ]
    for title, quotes, shown in sections:
        if quotes:
            lines += [f"### {title} ({len(quotes)})", ""]
            for interview in sorted({q.interview for q in quotes}):
                lines += [f"In *{_md(interview)}*:", ""]
                for quote in quotes:
                    if quote.interview == interview:
                        lines += _quote_lines(quote, shown)
                lines.append("")
    for title, items in (("Theme texts", diff.themes), ("Editorial pages", diff.editorial)):
        if items:
            lines += [f"### {title}", ""]
            for section in items:
                lines.append(f"- **{_md(section.title)}** ({_code(section.source)}):")
                for change in section.changes:
                    # Maintainers' Markdown, shown as words with the evidence each cites.
                    readable = Change(change.field, _readable(change.old), _readable(change.new))
                    lines += _change_lines(readable, indent="  ")
            lines.append("")
    lines += _page_lines(diff.pages)
    return "\n".join(lines)


def _totals(diff: CorpusDiff) -> str:
    counts = [
        (sum(1 for i in diff.interviews if i.status == "added"), "interview", "added"),
        (sum(1 for i in diff.interviews if i.status == "removed"), "interview", "removed"),
        (sum(1 for i in diff.interviews if i.status == "changed"), "interview", "changed"),
        (len(diff.quotes_with("added")), "quote", "added"),
        (len(diff.quotes_with("removed")), "quote", "removed"),
        (sum(1 for q in diff.quotes_with("changed") if q.edited), "quote", "edited"),
        (sum(1 for q in diff.quotes_with("changed") if q.moved), "quote", "moved"),
        (len(diff.themes), "theme text", "changed"),
        (len(diff.pages), "page", "affected"),
    ]
    return "; ".join(f"{n} {noun}{'s' if n != 1 else ''} {what}" for n, noun, what in counts if n) + "."


def _interview_lines(item: InterviewDiff) -> list[str]:
    head = f"- **{item.status.capitalize()}**: *{_md(item.title)}* ({_code(item.source)})"
    if item.status != "changed":
        return [f"{head}: {_count(item.speakers, 'speaker')}, {_count(item.quotes, 'quote')}."]
    lines = [head + ":"]
    for change in item.changes:
        lines += _change_lines(change, indent="  ")
    return lines


def _quote_lines(item: QuoteDiff, shown: tuple[str, ...] | None) -> list[str]:
    quote = item.quote
    where = f"{_code(item.id)}, {_md(item.speaker)}"
    if shown is None:
        themes = ", ".join(quote.themes)
        subtopic = f" ({_md(quote.subtopic)})" if quote.subtopic else ""
        lines = [f"- {where}, themes {themes}{subtopic}:", f"  > {_md(quote.text)}"]
        if quote.translation:
            lines += ["  >", f"  > *Translation:* {_md(quote.translation)}"]
        return lines
    changes = [c for c in item.changes if c.field in shown]
    if "text" not in shown:
        where += f": “{_md(_clip(quote.text))}”"
    lines = [f"- {where}:"]
    for change in changes:
        lines += _change_lines(change, indent="  ")
    return lines


def _change_lines(change: Change, *, indent: str) -> list[str]:
    label = _LABELS.get(change.field, change.field.replace("_", " "))
    old, new = change.old, change.new
    if old is None and new is not None and change.field == "transcript text":
        return [f"{indent}- {label}: {_md(new)}"]
    # A quote's words always get before/after lines, so the changed words stand out.
    if change.field not in ("text", "translation") and max(len(old or ""), len(new or "")) <= _LONG:
        return [f"{indent}- {_md(label)}: {_value(old)} → {_value(new)}"]
    lines = [f"{indent}- {_md(label)}:"]
    for before, after in _changed_paragraphs(old or "", new or ""):
        marked_old, marked_new = _marked(before, after)
        lines.append(f"{indent}  - before: {marked_old if before else '(none)'}")
        lines.append(f"{indent}  - after: {marked_new if after else '(none)'}")
    return lines


def _page_lines(pages: PagesDiff) -> list[str]:
    if not len(pages) and not pages.tooltips:
        return []
    lines = [f"### Pages affected ({len(pages)})", ""]
    for what, paths in (("added", pages.added), ("removed", pages.removed), ("changed", pages.changed)):
        if paths:
            lines.append(f"- {what.capitalize()}: " + ", ".join(_code(_url(p)) for p in paths))
    if pages.tooltips:
        lines.append("- The glossary tooltips change on every page.")
    lines.append("")
    return lines


def _changed_paragraphs(old: str, new: str) -> list[tuple[str, str]]:
    """Only the paragraphs (blank-line separated) that differ, paired before/after."""
    a = [p for p in re.split(r"\n\s*\n", old) if p.strip()]
    b = [p for p in re.split(r"\n\s*\n", new) if p.strip()]
    pairs = []
    matcher = difflib.SequenceMatcher(None, [" ".join(p.split()) for p in a], [" ".join(p.split()) for p in b])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            pairs.append(("\n\n".join(a[i1:i2]), "\n\n".join(b[j1:j2])))
    return pairs


def _marked(old: str, new: str) -> tuple[str, str]:
    """Both texts escaped, with <del>words only in the old one</del> and <ins>only in the new</ins>.

    Words and punctuation are compared separately ("learning" -> "learning," marks the
    comma). HTML tags rather than ``~~``/``**``, whose rules fail next to punctuation.
    """
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    if matcher.ratio() < 0.4:  # rewritten, not edited: marking the few shared words would mislead
        return _md(old), _md(new)
    out_a: list[str] = []
    out_b: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out_a.append(_span(a[i1:i2]))
            out_b.append(_span(b[j1:j2]))
            continue
        for out, tokens, element in ((out_a, a[i1:i2], "del"), (out_b, b[j1:j2], "ins")):
            if tokens:
                text = _span(tokens)
                space = " " if text.startswith(" ") else ""
                out.append(f"{space}<{element}>{text.strip()}</{element}>")
    return "".join(out_a).strip(), "".join(out_b).strip()


def _tokens(text: str) -> list[str]:
    """Words and punctuation marks, each with the space before it (" word", ",")."""
    return re.findall(r"\s*(?:\w+(?:['’]\w+)*|[^\w\s])", " ".join(text.split()))


def _span(tokens: list[str]) -> str:
    text = "".join(tokens)
    return (" " if text.startswith(" ") else "") + _md(text)


_REFERENCE = re.compile(r"\[([^\]]*)\]\(\s*([qpi]:[^)\s]*)\s*\)")


def _readable(markdown: str | None) -> str | None:
    """``**Who?** [words](q:id)`` -> ``Who? words (q:id)``: the words and the evidence cited."""
    if markdown is None:
        return None
    return _REFERENCE.sub(r"\1 (\2)", markdown).replace("**", "")


def _value(value: str | None) -> str:
    return "(none)" if value is None else f"“{_md(value)}”"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _md(text: str) -> str:
    """Untrusted text as inline Markdown that shows exactly these words, on one line (no
    tags, links or emphasis: only the ``<del>``/``<ins>`` marks this module adds are HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _code(text: str) -> str:
    """Inline code that cannot be closed early by backticks in ``text``."""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _clip(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"
