"""The benchmark's synthetic corpus (kb.devtools.synthetic): transcripts that pass `kb check`, made the
same way every time, and pages that stay small as the corpus grows (kb.render caps)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from kb.build import generate
from kb.cli import main
from kb.corpus import load_corpus, transcript_paths
from kb.devtools.synthetic import SHAPES, make_project
from kb.errors import KBError
from kb.render.lookup import THEME_PAGE_QUOTES

ROOT = Path(__file__).resolve().parent.parent
REAL = len(transcript_paths(ROOT))
EXTRA = 12  # every shape at least twice, and more quotes on a theme than one page holds


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("synthetic") / "project"
    make_project(ROOT, target, REAL + EXTRA, seed=7)
    return target


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.md"))}


def test_synthetic_transcripts_pass_kb_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "check"]) == 0
    assert f"ok: {REAL + EXTRA} interviews" in capsys.readouterr().out


def test_every_shape_is_made_and_every_synthetic_interview_has_verified_quotes(project: Path) -> None:
    corpus = load_corpus(project)
    synthetic = [i for i in corpus.interviews if "synthetic" in i.title]
    assert len(synthetic) == EXTRA
    assert {i.format for i in synthetic} == set(SHAPES)
    for interview in synthetic:
        assert interview.quotes, interview.slug
        # verification placed every quote in a paragraph of the generated body
        assert all(q.paragraph_id and interview.paragraph(q.paragraph_id) for q in interview.quotes)
        assert interview.speakers[0].kind in ("host", "author")


def test_generation_is_deterministic_and_a_smaller_corpus_is_a_prefix(project: Path, tmp_path: Path) -> None:
    small = tmp_path / "small"
    make_project(ROOT, small, REAL + 3, seed=7)
    big = _digest(project / "transcripts")
    assert _digest(small / "transcripts").items() <= big.items()  # byte-identical files
    other = tmp_path / "other"
    make_project(ROOT, other, REAL + 1, seed=8)
    assert not _digest(other / "transcripts").items() <= big.items()


def test_the_real_transcripts_are_kept_and_fewer_interviews_is_refused(project: Path, tmp_path: Path) -> None:
    for path in transcript_paths(ROOT):
        assert (project / "transcripts" / path.name).read_bytes() == path.read_bytes()
    with pytest.raises(KBError, match="at least"):
        make_project(ROOT, tmp_path / "too-few", REAL - 1)


def test_long_themes_are_split_into_pages_that_link_to_each_other(project: Path) -> None:
    corpus = load_corpus(project)
    files = generate(corpus)
    theme = "themes/skills.md"
    continued = sorted(p for p in files if p.startswith("themes/skills-quotes-"))
    assert continued, "12 extra interviews give more than one page of skills quotes"
    quotes_on = {p: files[p].count('<figure class="kb-quote') for p in [theme, *continued]}
    assert all(count <= THEME_PAGE_QUOTES for count in quotes_on.values())
    assert "(skills-quotes-2.md)" in files[theme]
    # For the theme's name in search, the theme page comes first: its title weighs 10, the
    # continuation pages' "Skills: quotes, page 2 of N" 2 (Pagefind's default for an h1 is 7).
    assert '# Skills { data-pagefind-weight="10" }' in files[theme].splitlines()
    for page in continued:
        assert '{ data-pagefind-weight="2" }' in next(line for line in files[page].splitlines()
                                                       if line.startswith("# Skills: quotes, page"))
    # every quote of the theme is on exactly one of its pages
    assert sum(quotes_on.values()) == sum(1 for _, q in corpus.quotes() if "skills" in q.themes)


def test_the_word_sample_is_full_even_when_few_words_are_rare(project: Path) -> None:
    """kb bench needs at least 50 words to call every transcript word findable; at 500
    synthetic interviews only 10 words were in at most three interviews. Each sampled word
    is said in an unquoted paragraph of the interview it is looked up in."""
    from kb.devtools import generation_child
    from kb.text import tokens

    corpus = load_corpus(project)
    by_page = {f"interviews/{i.slug}/": i for i in corpus.interviews}
    for rare in (generation_child.RARE, 0):  # 0: no word is rare enough, all are topped up
        original = generation_child.RARE
        generation_child.RARE = rare
        try:
            sample = generation_child.sample_unquoted_words(corpus)
        finally:
            generation_child.RARE = original
        assert len(sample) == generation_child.WORD_SAMPLE
        assert len({word for word, _, _ in sample}) == len(sample)
        for word, page, title in sample:
            interview = by_page[page]
            assert interview.title == title
            quoted = {q.paragraph_id for q in interview.quotes}
            assert any(word in tokens(p.text) for p in interview.paragraphs if p.id not in quoted), word
