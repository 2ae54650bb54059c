"""Rights in the front matter: who holds the words, the licence, full transcript or excerpts.

With ``publish: excerpts`` the interview page, search and kb.json carry only the paragraphs
the site needs as evidence (quoted, cited by the editors, career evidence) and one
neighbour each side; the About page lists every source's rights. The fixture is written
here: twelve numbered paragraphs, so each test can say exactly which ones are published.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from kb.build import generate
from kb.cli import main
from kb.corpus import load_corpus
from kb.excerpts import published_paragraphs
from kb.render import render_snippets

ROOT = Path(__file__).resolve().parent.parent
REVIEW = Path(__file__).resolve().parent / "fixtures" / "review"
SPEAKERS = ("Hana Host", "Gus Guest")
# Paragraph n (1-12) holds the made-up word "marker<n>", so a page shows which ones it has.
BODY = "\n\n".join(f"{SPEAKERS[n % 2]}: Paragraph marker{n} says something about data work number {n}."
                   for n in range(1, 13)) + "\n"
RIGHTS = """rights:
  holder: "Gus Guest and Hana Host"
  licence: null
  publish: excerpts
  note: "Quoted with care: no licence is known."
"""


def transcript(rights: str = RIGHTS) -> str:
    return f"""---
slug: gus-long-talk
title: "Gus Guest at length"
date: "2024-06-01"
language: en
format: article
source:
  publisher: "Test Fixture Press"
  url: "https://example.org/gus-long-talk"
  kind: article
{rights}speakers:
  - id: hana-host
    name: Hana Host
    kind: host
  - id: gus-guest
    name: Gus Guest
    kind: guest
    career:
      - what: "Talks about data work"
        evidence: "Paragraph marker1 says something"
summary: "A made-up long conversation for the excerpt tests."
quotes:
  - id: gus-marker-five
    text: "Paragraph marker5 says something about data work number 5."
    speaker: gus-guest
    themes: [skills]
---
{BODY}"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REVIEW / "base", root)
    (root / "transcripts" / "gus-long-talk.md").write_text(transcript(), encoding="utf-8")
    return root


def cite_paragraph(root: Path, number: int) -> None:
    """Make the skills theme's introduction cite paragraph ``number`` with p:SLUG#ID."""
    interview = load_corpus(root).interview("gus-long-talk")
    pid = interview.paragraphs[number - 1].id
    themes = root / "data" / "themes.yml"
    text = themes.read_text("utf-8")
    old = '    subtopics: [Where to start]\n    intro: ""'
    assert old in text
    themes.write_text(text.replace(old, '    subtopics: [Where to start]\n'
                                        f'    intro: "Data work, [at length](p:gus-long-talk#{pid})."'), "utf-8")


def shown(text: str) -> set[int]:
    return {n for n in range(1, 13) if f"marker{n} " in text}


def test_each_quoted_and_cited_paragraph_with_its_neighbours(project):
    cite_paragraph(project, 9)
    corpus = load_corpus(project)
    interview = corpus.interview("gus-long-talk")
    published = published_paragraphs(corpus)
    numbers = {n + 1 for n, p in enumerate(interview.paragraphs) if p.id in published["gus-long-talk"]}
    # career evidence in 1, the quote in 5, the theme intro cites 9
    assert numbers == {1, 2, 4, 5, 6, 8, 9, 10}
    assert published["gus-guest-first-job"] is None  # no rights recorded: the whole text


def test_the_interview_page_shows_only_the_excerpts(project):
    cite_paragraph(project, 9)
    page = generate(load_corpus(project))["interviews/gus-long-talk.md"]
    assert shown(page) == {1, 2, 4, 5, 6, 8, 9, 10}
    assert "## Excerpts" in page and "## Transcript" not in page
    assert "below are the\n8 of its 12 paragraphs" in page
    gaps = [line for line in page.splitlines() if "not published here" in line]
    assert gaps == ["*[…] 1 paragraph of the transcript not published here.*"] * 2 + [
        "*[…] 2 paragraphs of the transcript not published here.*"]
    # What the page always shows: the summary, the speakers, the source and the original.
    assert "A made-up long conversation for the excerpt tests." in page
    assert "Hana Host" in page and "Gus Guest" in page
    assert "The whole text: [https://example.org/gus-long-talk]" in page


def test_search_never_sees_an_unpublished_paragraph(project):
    """Search indexes pages: the unpublished words are on no page (nor in kb.json)."""
    files = generate(load_corpus(project))
    for path, text in files.items():
        for n in (3, 7, 8, 9, 10, 11, 12):  # nothing cites 9 here: 8-12 are left out too
            assert f"marker{n} " not in text, (path, n)


def test_kb_json_carries_only_the_published_paragraphs_and_the_rights(project):
    cite_paragraph(project, 9)
    data = json.loads(generate(load_corpus(project))["kb.json"])
    schema = json.loads((ROOT / "scripts" / "kb" / "schema" / "kb.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    interview = next(i for i in data["interviews"] if i["slug"] == "gus-long-talk")
    assert shown(" ".join(p["text"] + " " for p in interview["paragraphs"])) == {1, 2, 4, 5, 6, 8, 9, 10}
    assert interview["rights"] == {"holder": "Gus Guest and Hana Host", "licence": None, "permission": None,
                                   "publish": "excerpts", "note": "Quoted with care: no licence is known.",
                                   "recorded": True}
    other = next(i for i in data["interviews"] if i["slug"] == "gus-guest-first-job")
    assert other["rights"]["recorded"] is False and other["rights"]["publish"] == "full"


def test_full_publication_shows_every_paragraph(project):
    (project / "transcripts" / "gus-long-talk.md").write_text(
        transcript(RIGHTS.replace("publish: excerpts", "publish: full")), encoding="utf-8")
    page = generate(load_corpus(project))["interviews/gus-long-talk.md"]
    assert shown(page) == set(range(1, 13))
    assert "## Transcript" in page and "not published here" not in page


def test_the_about_page_lists_each_sources_rights(project):
    (project / "transcripts" / "gus-long-talk.md").write_text(
        transcript(RIGHTS.replace("licence: null", 'licence: "CC BY 4.0"')
                   + '  permission: "Written permission <b>from</b> the press"\n'), encoding="utf-8")
    sources = render_snippets(load_corpus(project))["source-list"]
    assert ("    - *Rights:* Holder: Gus Guest and Hana Host. Licence: CC BY 4.0. Permission: Written "
            "permission &lt;b&gt;from&lt;/b&gt; the press. The site publishes excerpts only. Quoted with care: "
            "no licence is known.") in sources
    assert "    - *Rights:* Not recorded in the transcript. The full transcript is shown." in sources


def test_the_five_interviews_record_their_rights_honestly():
    corpus = load_corpus(ROOT)
    for interview in corpus.interviews:
        rights = interview.rights
        assert rights.recorded, interview.slug
        assert rights.holder and rights.holder.startswith("Not stated"), interview.slug  # no document names one
        assert rights.licence is None and rights.permission is None, interview.slug  # none is stated or given
        assert "no licence" in (rights.note or ""), interview.slug
    about = render_snippets(corpus)["source-list"]
    assert about.count("No licence is known. The full transcript is shown.") == 5
    # The holder fields end with a full stop; the statement adds none ("article.;" read badly).
    assert "held by" not in about and ".." not in about and ".;" not in about


@pytest.mark.parametrize(("rights", "field", "message"), [
    (RIGHTS.replace("publish: excerpts", "publish: some"), "rights/publish", "'some' is not one of"),
    (RIGHTS.replace('  holder: "Gus Guest and Hana Host"\n', ""), "rights/holder", "holds the rights"),
    (RIGHTS.replace("  licence: null\n", "  licence: null\n  license: MIT\n"), "rights/license",
     "unknown field 'license' (hint: did you mean 'licence'?"),
])
def test_bad_rights_are_one_clear_problem(project, capsys, rights, field, message):
    (project / "transcripts" / "gus-long-talk.md").write_text(transcript(rights), encoding="utf-8")
    assert main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "gus-long-talk.md" in line)
    assert f"[{field}]" in line and message in line and "Traceback" not in err
    assert line.split(":")[2].isdigit()  # file:line: [field] …


def test_a_real_interview_in_excerpts_builds_strictly_and_hides_the_rest(project_copy, tmp_path):
    """Switching a seed interview to excerpts keeps every link on the site working (quotes,
    career steps and the theme texts' p: references all land on published paragraphs), and
    no page or search index holds a paragraph that is left out."""
    path = project_copy.root / "transcripts" / "goto-what-does-it-take-to-be-a-data-scientist.md"
    text = path.read_text("utf-8")
    assert "  publish: full\n" in text
    path.write_text(text.replace("  publish: full\n", "  publish: excerpts\n", 1), encoding="utf-8")
    corpus = load_corpus(project_copy.root)
    interview = corpus.interview("goto-what-does-it-take-to-be-a-data-scientist")
    published = published_paragraphs(corpus)[interview.slug]
    left_out = [p for p in interview.paragraphs if p.id not in published]
    assert left_out and len(published) < len(interview.paragraphs)
    result = project_copy.mkdocs_build(tmp_path / "site")
    assert result.code == 0, result.output
    site = tmp_path / "site"
    page = (site / "interviews" / interview.slug / "index.html").read_text("utf-8")
    assert "Excerpts" in page and "not published here" in page
    texts = [p.read_text("utf-8") for p in site.rglob("*") if p.suffix in (".html", ".json") and p.is_file()]
    for paragraph in left_out:
        words = paragraph.text.split()
        if len(words) < 8:
            continue  # too short to be told apart from a published paragraph
        phrase = " ".join(words[2:8])
        assert not any(phrase in t for t in texts), phrase
