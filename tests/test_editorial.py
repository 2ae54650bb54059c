"""Editorial content: themes, roles compared and glossary are grounded and complete.

The real data files are checked against the real corpus (every reference resolves, the
coverage targets hold, texts have the agreed shape), and the loader's messages are checked
on small broken copies.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import ROOT
from kb.corpus import load_corpus, load_reader_questions, load_themes, read_themes
from kb.editorial import NOT_SAID, glossary_anchor, load_editorial
from kb.errors import Problems
from kb.models import Corpus, Location
from kb.references import Evidence, Reference, links_in, parse_reference
from kb.stats import interview_counts, theme_counts

TOULOUSE = "prosper-burq-chu-toulouse-interview-summary"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(ROOT)


def _paragraphs(markdown: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", markdown) if p.strip()]


def _words(markdown: str) -> int:
    plain = re.sub(r"\]\([^)]*\)", "]", markdown)  # link targets are not words a reader sees
    return len(re.sub(r"[\[\]*]", " ", plain).split())


def _theme_texts(theme) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every piece of the editors' prose on a theme page: intro, key points, differ cells."""
    texts = [(f"themes/{theme.slug}/intro", theme.intro)]
    texts += [(f"themes/{theme.slug}/key_points/{k.id}", k.text) for k in theme.key_points]
    texts += [(f"themes/{theme.slug}/differences/{d.id}/{n}", v)
              for d in theme.differences for n, v in enumerate(d.views)]
    return texts


def _editorial_texts(corpus: Corpus) -> list[tuple[str, str]]:
    texts = [text for t in corpus.themes for text in _theme_texts(t)]
    assert corpus.roles is not None
    texts.append(("roles/intro", corpus.roles.intro))
    texts.append(("roles/adverts", corpus.roles.adverts_intro))
    texts += [(f"roles/{r.slug}/{a}", text) for r in corpus.roles.roles for a, text in r.cells]
    return texts


def test_roles_and_glossary_are_loaded(corpus: Corpus) -> None:
    assert corpus.roles is not None
    assert [r.slug for r in corpus.roles.roles][:4] == ["data-scientist", "data-engineer", "data-analyst",
                                                        "ml-engineer"]
    assert [a.slug for a in corpus.roles.aspects] == ["does", "skills", "blur"]
    assert len(corpus.glossary) >= 15


def references(markdown: str) -> list[tuple[str, str]]:
    return [(r.kind, r.target) for r in links_in(markdown)]


def test_every_reference_resolves_and_the_corpus_keeps_where_it_points(corpus: Corpus) -> None:
    evidence = Evidence(corpus.interviews)
    every = [Reference(k, t) for _, text in _editorial_texts(corpus) for k, t in references(text)]
    every += [parse_reference(ref) for term in corpus.glossary for ref in term.see]  # type: ignore[misc]
    assert corpus.roles is not None
    every += [Reference("q", q) for q in corpus.roles.adverts_quotes]
    assert None not in every
    assert [r for r in every if evidence.resolve(r)] == []
    # resolved once, at load time: the renderer only reads these
    assert {str(r) for r in every} == set(corpus.references)
    assert corpus.references == evidence.resolved
    quote = corpus.interviews[0].quotes[0]
    assert evidence.resolved.get(f"q:{quote.id}") in (None, Location(corpus.interviews[0].slug, quote.paragraph_id))


def test_each_theme_has_twelve_quotes_from_three_interviews(corpus: Corpus) -> None:
    counts = {t.slug: (t.quotes, len(t.interviews)) for t in theme_counts(corpus)}
    assert set(counts) == {"roles", "skills", "expectations", "ethics", "mlops"}
    assert {s: c for s, c in counts.items() if c[0] < 12 or c[1] < 3} == {}


def test_each_interview_contributes_to_three_themes(corpus: Corpus) -> None:
    counts = {i.slug: i.themes for i in interview_counts(corpus)}
    assert len(counts) == 5
    assert {s: t for s, t in counts.items() if len(t) < 3} == {}


@pytest.mark.parametrize("slug", ["roles", "skills", "expectations", "ethics", "mlops"])
def test_theme_page_parts_have_the_agreed_shape(corpus: Corpus, slug: str) -> None:
    """Issue 13: an intro of 150-300 words, 3-6 key points, at least 3 differ rows, each with
    two sides from two different people; fewer rows only with a note saying why (never an
    invented side)."""
    theme = corpus.theme(slug)
    assert theme is not None
    assert 150 <= _words(theme.intro) <= 300
    assert 3 <= len(theme.key_points) <= 6
    assert all(_words(k.text) <= 45 for k in theme.key_points), [k.id for k in theme.key_points]
    assert len(theme.differences) >= 3 or (len(theme.differences) >= 2 and theme.differences_note)
    for row in theme.differences:
        assert len(row.views) >= 2, row.id
        assert all(_words(v) <= 30 for v in row.views), row.id  # "each side's view in a few words"


def test_differ_rows_cite_each_side_in_its_own_words(corpus: Corpus) -> None:
    """A cell that names someone ("**Misra Turp:** ...") cites that person's own quotes."""
    names = {s.id: s.name for i in corpus.interviews for s in i.speakers}
    speaker_of = {q.id: (q.reports or q.speaker) for _, q in corpus.quotes()}
    wrong = []
    for theme in corpus.themes:
        for row in theme.differences:
            for view in row.views:
                who = re.match(r"\*\*(.+?):\*\*", view)
                assert who, (row.id, view)
                for kind, target in references(view):
                    if kind == "q" and names[speaker_of[target]].split(" (")[0] not in who.group(1) \
                            and who.group(1) not in ("Lyon speaker",):
                        wrong.append((theme.slug, row.id, who.group(1), target))
                    if kind == "q" and who.group(1) == "Lyon speaker":
                        assert target.startswith("lyon-"), (row.id, target)
    assert wrong == []


def test_every_paragraph_and_cell_cites_evidence(corpus: Corpus) -> None:
    uncited = [(where, p[:60]) for where, text in _editorial_texts(corpus)
               for p in _paragraphs(text) if not references(p) and p.strip() != NOT_SAID]
    assert uncited == []


def test_every_sentence_of_theme_texts_with_a_claim_is_linked(corpus: Corpus) -> None:
    """Sentences are claims here; a sentence with no link must at least lean on the next one."""
    unlinked = []
    for theme in corpus.themes:
        for field, text in _theme_texts(theme):
            for paragraph in _paragraphs(text):
                flat = " ".join(paragraph.split())
                sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z*\[])", flat)
                for n, sentence in enumerate(sentences):
                    nxt = sentences[n + 1] if n + 1 < len(sentences) else ""
                    # A bare question ("How much maths?") or a lead-in ending in ":" introduces
                    # the linked sentence that follows.
                    if not references(sentence) and not (
                            sentence.endswith(("?", ":")) and references(nxt)):
                        unlinked.append((theme.slug, field, sentence))
    assert unlinked == []


def test_theme_groups_gather_exactly_the_subtopics_its_quotes_use(corpus: Corpus) -> None:
    for theme in corpus.themes:
        used = {q.subtopic for _, q in corpus.quotes() if theme.slug in q.themes and q.subtopic}
        assert set(theme.subtopics) == used, theme.slug  # no quote falls into "Other quotes"
        assert len(theme.subtopics) == len(set(theme.subtopics)), theme.slug
        assert len(theme.groups) <= 8, theme.slug


def test_home_questions_each_have_an_answer(corpus: Corpus) -> None:
    assert 4 <= len(corpus.questions) <= 6
    for question in corpus.questions:
        theme = corpus.theme(question.theme)
        assert theme is not None
        anchors = {f"key-{k.id}" for k in theme.key_points} | {f"differ-{d.id}" for d in theme.differences}
        assert question.answer in anchors


def test_toulouse_claims_are_worded_as_the_apprentices_report(corpus: Corpus) -> None:
    """A paragraph citing the Toulouse summary must say it is the apprentice's account."""
    toulouse = {q.id for q in corpus.interview(TOULOUSE).quotes}
    for where, text in _editorial_texts(corpus):
        for paragraph in _paragraphs(text):
            cited = {t for k, t in references(paragraph) if k == "q"} & toulouse
            cited |= {t for k, t in references(paragraph) if k != "q" and t.startswith(TOULOUSE)}
            if cited:
                assert "apprentice" in paragraph, (where, sorted(cited))


def test_the_lyon_speakers_garbled_name_is_never_guessed(corpus: Corpus) -> None:
    texts = [t for _, t in _editorial_texts(corpus)] + [g.definition for g in corpus.glossary]
    assert not [t for t in texts if re.search(r"\b(David|Daoichi|Ami)\b", t)]


def test_glossary_terms_occur_in_the_sources(corpus: Corpus) -> None:
    """Only terms readers actually meet: each term or one of its spellings is in the sources."""
    text = " ".join([p.text for i in corpus.interviews for p in i.paragraphs]
                    + [q.text for _, q in corpus.quotes()]).casefold()
    missing = [g.term for g in corpus.glossary
               if not any(s.casefold() in text for s in (g.term, *g.aliases))]
    assert missing == []


def test_glossary_anchors_are_unique_and_safe(corpus: Corpus) -> None:
    anchors = [g.anchor for g in corpus.glossary]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", a) for a in anchors)
    assert glossary_anchor("CI/CD") == "term-ci-cd"


# --- the loader's messages, on broken copies --------------------------------------------

def _project(tmp_path: Path, *, roles: object = None, glossary: object = None, themes: str | None = None) -> Path:
    (tmp_path / "data").mkdir()
    if roles is not None:
        (tmp_path / "data" / "roles.yml").write_text(yaml.safe_dump(roles, sort_keys=False), "utf-8")
    if glossary is not None:
        (tmp_path / "data" / "glossary.yml").write_text(yaml.safe_dump(glossary, sort_keys=False), "utf-8")
    if themes is not None:
        (tmp_path / "data" / "themes.yml").write_text(themes, "utf-8")
    return tmp_path


def _messages(root: Path, corpus: Corpus) -> list[str]:
    problems = Problems()
    load_editorial(root, list(corpus.interviews), corpus.themes, problems)
    return [str(p) for p in problems.items]


def _roles(cell: str) -> dict:
    return {"intro": "See [the talk](i:lyon-data-science-meetup-positive-thinking-company-talk).",
            "aspects": [{"slug": "does", "title": "What they do"}],
            "roles": [{"slug": "data-scientist", "title": "Data scientist", "cells": {"does": cell}}]}


def test_missing_files_are_not_errors(tmp_path: Path, corpus: Corpus) -> None:
    problems = Problems()
    roles, glossary = load_editorial(_project(tmp_path), list(corpus.interviews), corpus.themes, problems)
    assert (roles, glossary, problems.items) == (None, (), [])


def test_unknown_quote_in_a_roles_cell_names_file_field_and_suggests(tmp_path: Path, corpus: Corpus) -> None:
    messages = _messages(_project(tmp_path, roles=_roles("[maths](q:leo-know-the-math)")), corpus)
    assert len(messages) == 1
    assert "data/roles.yml:9: " in messages[0]
    assert "[roles/0/cells/does]" in messages[0]
    assert "q:leo-know-the-math is not the id of any quote" in messages[0]
    assert "did you mean 'leo-know-the-math-behind-black-box-tools'" in messages[0]


def test_unknown_paragraph_and_interview_are_reported(tmp_path: Path, corpus: Corpus) -> None:
    cell = "[a](p:misra-turp-datatalks-club-work-and-expectations#t999999) and [b](i:no-such-talk)"
    messages = _messages(_project(tmp_path, roles=_roles(cell)), corpus)
    assert any("has no paragraph 't999999'" in m for m in messages)
    assert any("i:no-such-talk is not the slug of any interview" in m for m in messages)


def test_a_cell_without_evidence_is_rejected_unless_it_says_so(tmp_path: Path, corpus: Corpus) -> None:
    assert any("cites no evidence" in m for m in _messages(
        _project(tmp_path, roles=_roles("Data scientists love maths.")), corpus))
    (tmp_path / "ok").mkdir()
    assert _messages(_project(tmp_path / "ok", roles=_roles(NOT_SAID)), corpus) == []


def test_a_missing_cell_is_reported(tmp_path: Path, corpus: Corpus) -> None:
    roles = _roles("[x](q:misra-apply-anyway)")
    roles["aspects"].append({"slug": "skills", "title": "Key skills"})
    messages = _messages(_project(tmp_path, roles=roles), corpus)
    assert messages == [m for m in messages if "no text for aspect 'skills'" in m] and messages


def test_glossary_schema_problems_come_first(tmp_path: Path, corpus: Corpus) -> None:
    glossary = {"terms": [
        {"term": "ML Ops", "aliases": ["MLOps"], "definition": "Ops.", "see": ["lyon"]},
        {"term": "DevOps", "definition": "Dev and ops."},
    ]}
    messages = _messages(_project(tmp_path, glossary=glossary), corpus)
    assert len(messages) == 2, messages
    assert "glossary.yml:7: [terms/0/see/0] 'lyon' has the wrong form (hint: q:QUOTE-ID" in messages[0]
    assert "glossary.yml:8: [terms/1/see] missing required field 'see'" in messages[1]


def test_glossary_problems(tmp_path: Path, corpus: Corpus) -> None:
    glossary = {"terms": [
        {"term": "MLOps", "definition": "Ops for ML.", "see": ["q:nope"]},
        {"term": "ML Ops", "aliases": ["MLOps"], "definition": "Has *Markdown*.", "see": ["q:a)b"]},
    ]}
    messages = _messages(_project(tmp_path, glossary=glossary), corpus)
    joined = "\n".join(messages)
    assert "[terms/0/see/0] reference q:nope is not the id of any quote" in joined
    assert "'MLOps' is already a spelling of 'MLOps'" in joined
    assert "must be one line of plain text" in joined
    assert "[terms/1/see/0] 'q:a)b' is not a reference" in joined
    assert all(m.startswith("data/glossary.yml") or "glossary.yml" in m for m in messages)


def _theme_messages(tmp_path: Path, corpus: Corpus, text: str) -> list[str]:
    """kb check's messages for a broken copy of data/themes.yml, against the real corpus."""
    root = _project(tmp_path, themes=text)
    problems = Problems()
    themes = read_themes(root, problems)
    load_editorial(root, list(corpus.interviews), themes.themes, problems, theme_lines=themes.lines)
    load_reader_questions(root, themes.themes, problems)
    return [str(p).replace(f"{root}/", "") for p in problems.items]


def _real_themes() -> str:
    return (ROOT / "data" / "themes.yml").read_text("utf-8")


def test_broken_theme_reference_is_caught_with_its_line(tmp_path: Path, corpus: Corpus) -> None:
    text = _real_themes().replace("q:misra-apply-anyway", "q:misra-apply-anyhow", 1)
    [message] = _theme_messages(tmp_path, corpus, text)
    assert re.match(r"data/themes.yml:\d+: \[themes/\d+/(key_points|differences)/\d+/", message), message
    assert "misra-apply-anyhow" in message


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def test_uncited_differ_cell_fails_naming_file_field_and_line(tmp_path: Path, corpus: Corpus) -> None:
    cell = '"**Misra Turp:** [it depends on the team](q:misra-in-house-engineering-devops); with no engineer, [she did quite a bit](q:misra-devops-learning-out-of-need)."'
    text = _real_themes().replace(cell, '"**Misra Turp:** it depends on the team."', 1)
    messages = _theme_messages(tmp_path, corpus, text)
    line = _line_of(text, '"**Misra Turp:** it depends on the team."')
    assert f"data/themes.yml:{line}: [themes/4/differences/0/views/1] row 'should-data-scientists-own-devops', " \
           "view 2 cites no evidence" in messages[0], messages
    assert len(messages) == 1


def test_differ_row_citing_one_person_fails(tmp_path: Path, corpus: Corpus) -> None:
    """Two cells quoting the same person are not a disagreement between two people."""
    text = _real_themes().replace("[specialise to develop real expertise](q:leo-specialise-for-real-expertise)",
                                  "[specialise](q:misra-deep-learning-is-specialised)", 1)
    [message] = _theme_messages(tmp_path, corpus, text)
    assert "[themes/0/differences/3/views] row 'specialist-or-generalist' cites 1 person" in message
    assert "at least two people" in message


def test_key_point_without_a_quote_fails(tmp_path: Path, corpus: Corpus) -> None:
    text = _real_themes().replace("[the professional who knows how to create value out of data](q:misra-creating-value-out-of-data): [a model, a pipeline](q:misra-trained-model-or-pipeline), or [an analysis with no machine learning at all](q:misra-no-machine-learning-needed)",
                                  "the professional who turns data into value", 1)
    [message] = _theme_messages(tmp_path, corpus, text)
    assert re.match(r"data/themes.yml:\d+: \[themes/0/key_points/0/text\] key point 'value-from-data' cites no quote",
                    message), message


def test_group_mistakes_fail(tmp_path: Path, corpus: Corpus) -> None:
    text = _real_themes()
    text = text.replace("featured: [misra-creating-value-out-of-data, misra-consultant-reports-dashboards]",
                        "featured: [misra-creating-value-out-of-data, leo-sagemaker-makes-life-easier]", 1)
    text = text.replace("subtopics: [Specialist vs generalist, Career paths]",
                        "subtopics: [Specialist vs generalist, Career paths, Team composition]", 1)
    extra = "".join(f"      - title: Extra {n}\n        subtopics: [Nothing {n}]\n" for n in range(4))
    text = text.replace("    groups:\n", "    groups:\n" + extra, 1)
    joined = "\n".join(_theme_messages(tmp_path, corpus, text))
    assert "[themes/0/groups] 9 groups; a theme page shows at most 8" in joined
    assert "featured 'leo-sagemaker-makes-life-easier' is not a quote of this group" in joined
    assert "subtopic 'Team composition' is already in group 'Data engineers and data scientists'" in joined


def test_home_question_must_point_at_an_answer(tmp_path: Path, corpus: Corpus) -> None:
    text = _real_themes().replace("difference: how-much-maths", "difference: how-many-maths", 1)
    [message] = _theme_messages(tmp_path, corpus, text)
    line = _line_of(text, "  - question: How much maths do I need?")
    assert message.startswith(f"data/themes.yml:{line}: [questions/2/difference] question #3 is answered by no "
                              "difference 'how-many-maths' of theme 'skills'"), message


def test_old_subtopics_field_still_loads_as_one_group(tmp_path: Path, corpus: Corpus) -> None:
    """Older revisions (kb diff reads them) list ``subtopics``: one group, in their order."""
    data = yaml.safe_load(_real_themes())
    del data["themes"][0]["groups"]
    data["themes"][0]["subtopics"] = ["Maths", "Job market"]
    root = _project(tmp_path, themes=yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    problems = Problems()
    [roles, *_] = load_themes(root, problems)
    assert not problems
    assert [(g.title, g.subtopics) for g in roles.groups] == [("Quotes", ("Maths", "Job market"))]
