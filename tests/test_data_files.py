"""The editors' data files (data/*.yml) are validated like transcripts: the same hardened
YAML loader, a JSON Schema each (kb/schema/), then the cross-checks, so `kb check` catches
every mistake `mkdocs build` would, naming the file, the field and the line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ROOT
from kb.build import generate
from kb.corpus import load_corpus, read_themes
from kb.editorial import load_editorial
from kb.errors import Problems
from kb.job_adverts import load_job_adverts
from kb.layout import GLOSSARY_FILE, JOB_ADVERTS_FILE, ROLES_FILE, THEMES_FILE
from kb.models import THEME_SLUGS, Corpus
from kb.schemas import SCHEMAS, load_schema

DATA_FILES = (THEMES_FILE, ROLES_FILE, GLOSSARY_FILE, JOB_ADVERTS_FILE)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(ROOT)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _problems(tmp_path: Path, corpus: Corpus, file: str, old: str, new: str) -> tuple[list[str], str]:
    """Problems of the project's data with ``old`` replaced by ``new`` in ``file`` (the data
    stage of load_corpus: themes, job adverts, roles and glossary), and the changed text."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / file
    original = path.read_text("utf-8")
    assert old in original, old
    text = original.replace(old, new, 1)
    path.write_text(text, "utf-8")
    problems = Problems()
    themes = read_themes(tmp_path, problems)
    load_job_adverts(tmp_path, list(corpus.interviews), problems)
    load_editorial(tmp_path, list(corpus.interviews), themes.themes, problems, theme_lines=themes.lines)
    return [str(p).replace(f"{tmp_path}/", "") for p in problems.items], text


# (file, replace this, by this, the line the problem is on (text found there after the
# change), the expected message). Each row is one mistake an editor could make.
CASES = [
    # themes.yml
    (THEMES_FILE, "related: [skills, mlops]", "related: 5", "related: 5",
     "[themes/0/related] should be a list, got a number"),
    (THEMES_FILE, "related: [skills, mlops]", "related: [skills, astrology]", "astrology",
     "[themes/0/related/1] 'astrology' is not one of: roles, skills, expectations, ethics, mlops"),
    (THEMES_FILE, "related: [skills, mlops]", "related: [skills, roles]", "related: [skills, roles]",
     "[themes/0/related/1] theme 'roles' cannot be related to itself"),
    (THEMES_FILE, "    title: Roles\n", "    title: [Roles]\n", "title: [Roles]",
     "[themes/0/title] should be a string, got a list"),
    (THEMES_FILE, "    title: Roles\n", "    title: Roles\n    colour: red\n", "colour: red",
     "[themes/0/colour] unknown field 'colour'"),
    (THEMES_FILE, "    title: Roles\n", "    title: Roles\n    title: Rôles\n", "title: Rôles",
     "[themes/0/title] field 'title' appears twice (first on line 23); only the last one would count"),
    (THEMES_FILE, "  - slug: skills", "  - slug: skill", "slug: skill",
     "[themes/1/slug] 'skill' is not one of: roles, skills, expectations, ethics, mlops"),
    (THEMES_FILE, "  - slug: skills", "  - slug: roles", "  - slug: roles\n    title: Skills",
     "[themes/1/slug] theme 'roles' is listed twice"),
    (THEMES_FILE, "themes:\n", "themes: &all\n", "themes: &all",
     "YAML anchors and aliases (&name, *name) are not allowed (hint: write the value out in full)"),
    # roles.yml
    (ROLES_FILE, "  - {slug: does, title: What they do}", "  - {slug: does, title: What they do, slug: do}",
     "slug: do}", "[aspects/0/slug] field 'slug' appears twice"),
    (ROLES_FILE, "  - {slug: does, title: What they do}", "  - {slug: does, title: 7}", "title: 7}",
     "[aspects/0/title] should be a string, got a number"),
    (ROLES_FILE, "  - {slug: does, title: What they do}", "  - {slug: does, title: What they do, hint: x}",
     "hint: x}", "[aspects/0/hint] unknown field 'hint'"),
    (ROLES_FILE, "      does: >-", "      doez: >-", "doez", "[roles/0/cells/doez] unknown aspect 'doez'"),
    (ROLES_FILE, "    - lyon-job-advert-survey-method\n", "    - lyon-job-advert-survey\n", "advert-survey\n",
     ("[adverts/quotes/0] reference q:lyon-job-advert-survey is not the id of any quote (hint: did you mean "
     "'lyon-job-advert-survey-method'?)")),
    (ROLES_FILE, "  quotes:\n", "  quotes: &q\n", "quotes: &q", "YAML anchors and aliases"),
    # glossary.yml
    (GLOSSARY_FILE, "  - term: AutoML\n", "  - term: AutoML\n    colour: red\n", "colour: red",
     "[terms/0/colour] unknown field 'colour' (hint: allowed fields: term, aliases, definition, see)"),
    (GLOSSARY_FILE, "  - term: AutoML\n", "  - term: AutoML\n    term: Auto ML\n", "term: Auto ML",
     "[terms/0/term] field 'term' appears twice"),
    (GLOSSARY_FILE, "aliases: [CICD]", "aliases: CICD", "aliases: CICD",
     "[terms/2/aliases] should be a list, got a string"),
    (GLOSSARY_FILE, "see: [q:prayson-citizen-data-scientist]", "see: [q:prayson-citizen]", "q:prayson-citizen]",
     ("[terms/0/see/0] reference q:prayson-citizen is not the id of any quote (hint: did you mean "
     "'prayson-citizen-data-scientist'?)")),
    (GLOSSARY_FILE, "see: [q:prayson-citizen-data-scientist]", "see: [prayson]", "see: [prayson]",
     "[terms/0/see/0] 'prayson' has the wrong form"),
    (GLOSSARY_FILE, "terms:\n", "defaults: &d {see: []}\nterms:\n", "defaults: &d",
     "YAML anchors and aliases (&name, *name) are not allowed"),
    # job_adverts.yml
    (JOB_ADVERTS_FILE, "    adverts: 40\n", "    adverts: forty\n", "adverts: forty",
     "[roles/0/adverts] should be a whole number, got a string"),
    (JOB_ADVERTS_FILE, "interview: lyon-data-science-meetup-positive-thinking-company-talk",
     "interview: no-such-talk", "interview: no-such-talk", "[interview] interview 'no-such-talk' is not the slug"),
    (JOB_ADVERTS_FILE, "    adverts: 40\n", "    adverts: 40\n    colour: red\n", "colour: red",
     "[roles/0/colour] unknown field 'colour'"),
    (JOB_ADVERTS_FILE, "    adverts: 40\n", "    adverts: 40\n    adverts: 41\n", "adverts: 41",
     "[roles/0/adverts] field 'adverts' appears twice"),
    (JOB_ADVERTS_FILE, "categories:            # fixed order", "categories: &c          # fixed order", "&c",
     "YAML anchors and aliases (&name, *name) are not allowed"),
    (JOB_ADVERTS_FILE, "{category: business, percent: 10,", "{category: business, percent: true,",
     "percent: true", "[roles/1/shares/2/percent] should be a whole number or null, got true/false"),
]


@pytest.mark.parametrize(("file", "old", "new", "on", "message"), CASES,
                         ids=[f"{c[0].split('/')[1]}-{n}" for n, c in enumerate(CASES)])
def test_each_mistake_in_a_data_file_is_one_message_with_file_field_and_line(
        tmp_path: Path, corpus: Corpus, file: str, old: str, new: str, on: str, message: str) -> None:
    problems, text = _problems(tmp_path, corpus, file, old, new)
    assert problems, "no problem reported"
    first = problems[0]
    assert first.startswith(f"{file}:{_line_of(text, on)}"), problems
    assert message in first, problems
    assert "Traceback" not in "\n".join(problems)


def test_a_file_nested_too_deeply_is_refused_before_validation(tmp_path: Path, corpus: Corpus) -> None:
    problems, _ = _problems(tmp_path, corpus, ROLES_FILE, "aspects:\n", "deep: " + "[" * 60 + "]" * 60 + "\naspects:\n")
    assert problems == [(f"{ROLES_FILE}:1: the file is nested too deeply to read "
                        "(hint: compare with the other entries of the file)")]


def test_a_syntax_error_names_the_line_and_column(tmp_path: Path, corpus: Corpus) -> None:
    problems, text = _problems(tmp_path, corpus, GLOSSARY_FILE, "  - term: AutoML\n", "  - term: AutoML\n   bad\n")
    [problem] = problems
    assert problem.startswith(f"{GLOSSARY_FILE}:{_line_of(text, '   bad')}:4: ")
    assert "YAML syntax error in the file: " in problem


def test_a_data_file_that_is_not_text_is_one_message(tmp_path: Path, corpus: Corpus) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / ROLES_FILE).write_bytes(b"intro: caf\xe9\n")
    problems = Problems()
    load_editorial(tmp_path, list(corpus.interviews), corpus.themes, problems)
    assert [str(p) for p in problems.items] == [
        (f"{tmp_path / ROLES_FILE}:1: not valid UTF-8: byte 0xe9 at offset 10 "
        "(hint: re-save the file as UTF-8 (most editors: Save with encoding > UTF-8))")]


def test_kb_check_reports_what_only_mkdocs_build_used_to_catch(project_copy, memoised_tagging) -> None:
    """The issue's cases: `related: 5` was a traceback, `[skills, astrology]` passed kb check,
    a duplicate key in roles.yml and an alias in glossary.yml passed silently."""
    themes = project_copy.root / THEMES_FILE
    text = themes.read_text("utf-8")
    themes.write_text(text.replace("related: [skills, mlops]", "related: 5", 1)
                      .replace("related: [roles, ", "related: [astrology, ", 1), "utf-8")
    roles = project_copy.root / ROLES_FILE
    roles.write_text(roles.read_text("utf-8").replace("intro: |", "aspects: []\nintro: |", 1), "utf-8")
    glossary = project_copy.root / GLOSSARY_FILE
    glossary.write_text(glossary.read_text("utf-8") + "  - &again {term: Again, definition: Again., see: [i:x]}\n",
                        "utf-8")
    result = project_copy.kb("check")
    assert result.code == 1 and "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert any(f"{THEMES_FILE}:25: [themes/0/related] should be a list, got a number" in e for e in errors)
    assert any("[themes/1/related/0] 'astrology' is not one of" in e for e in errors)
    assert any(f"{ROLES_FILE}:" in e and "[aspects] field 'aspects' appears twice" in e for e in errors)
    assert any(f"{GLOSSARY_FILE}:" in e and "anchors and aliases" in e for e in errors)
    assert f"{len(errors)} problem(s) found." in result.stderr


def test_every_schema_is_strict_and_published(corpus: Corpus) -> None:
    files = generate(corpus)
    for schema in SCHEMAS:
        published = json.loads(files[f"schema/{schema}.json"])
        assert published == load_schema(schema)
        stack = [published]
        while stack:  # every mapping the schemas describe refuses unknown fields
            node = stack.pop()
            if isinstance(node, dict):
                if node.get("type") == "object" and "properties" in node:
                    assert node.get("additionalProperties") is False, (schema, node)
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)


def test_the_theme_slugs_are_the_same_everywhere() -> None:
    assert tuple(load_schema("themes")["$defs"]["theme"]["enum"]) == THEME_SLUGS
    assert tuple(load_schema("transcript")["$defs"]["theme"]["enum"]) == THEME_SLUGS


def test_the_committed_data_files_pass(tmp_path: Path, corpus: Corpus) -> None:
    for file in DATA_FILES:
        assert _problems(tmp_path / file.replace("/", "-"), corpus, file, "\n", "\n")[0] == []


def test_codebook_has_a_section_per_theme_under_its_reader_facing_name():
    """docs/codebook.md names each theme as the site does ("MLOps", not "mlops"), gives the
    label editors type, and keeps the slug as the section's anchor (codebook/#mlops)."""
    import re

    import yaml

    themes = yaml.safe_load((ROOT / "data" / "themes.yml").read_text(encoding="utf-8"))["themes"]
    headings = re.findall(r"^## (.+)$", (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8"),
                          re.MULTILINE)
    for theme in themes:
        expected = f"{theme['title']} (label `{theme['slug']}`) {{ #{theme['slug']} }}"
        assert expected in headings, (expected, headings)
