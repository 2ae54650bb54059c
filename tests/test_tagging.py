"""The theme tagger: quality on hand labels, sanity per theme and language, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest
from kb.corpus import load_corpus
from kb.errors import KBError
from kb.models import THEME_SLUGS, Paragraph, Quote
from kb.tagger_evaluation import Label, evaluate, load_labels
from kb.tagging import (
    more_passages,
    parse_lexicon,
    predict_themes,
    score_themes,
    tag_interview,
    theme_scores,
)

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests/fixtures/tagging/labels.yml"

# Measured when the lexicon was frozen: held-out macro-F1 0.71 (dev 0.74, all 0.73).
# The floor leaves a little room for lexicon edits; below it, the tagger has regressed.
HELDOUT_MACRO_F1_FLOOR = 0.65
PER_THEME_F1_FLOOR = 0.55  # on all 100 labels; every theme must be usable, not only the average


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


@pytest.fixture(scope="module")
def labels():
    return load_labels(LABELS)


def test_labels_cover_every_interview_theme_and_untagged_paragraphs(corpus, labels):
    assert len(labels) >= 100
    assert {label.interview for label in labels} == {i.slug for i in corpus.interviews}
    for theme in THEME_SLUGS:
        for split in ("dev", "heldout"):
            assert sum(theme in label.themes for label in labels if label.split == split) >= 5, (theme, split)
    assert sum(not label.themes for label in labels) >= 20


def test_heldout_macro_f1_reaches_the_floor(corpus, labels):
    report = evaluate(corpus, labels, split="heldout")
    assert len(report.scored) >= 50
    assert report.macro_f1 >= HELDOUT_MACRO_F1_FLOOR, report.macro_f1


def test_every_theme_has_a_usable_f1(corpus, labels):
    report = evaluate(corpus, labels)
    for figures in report.themes:
        assert figures.f1 >= PER_THEME_F1_FLOOR, figures


def test_evaluation_reports_a_label_whose_paragraph_changed(corpus):
    slug = "goto-what-does-it-take-to-be-a-data-scientist"
    first = corpus.interview(slug).paragraphs[0]
    stale = Label(slug, first.id, "Some other words entirely", ("roles",), "dev")
    with pytest.raises(KBError, match="no longer starts with"):
        evaluate(corpus, [stale])
    missing = Label(slug, "p-0000000", "Welcome", (), "dev")
    with pytest.raises(KBError, match="no paragraph 'p-0000000'"):
        evaluate(corpus, [missing])


@pytest.mark.parametrize(("theme", "language", "text"), [
    ("roles", "en", "The data engineer and the data analyst have different roles in the data team."),
    ("skills", "en", "You need strong programming skills, SQL and a good grasp of statistics and maths."),
    ("expectations", "en", "Employers expect juniors to have a portfolio before they get hired."),
    ("ethics", "en", "A biased model can discriminate; interpretability does not make it ethical."),
    ("mlops", "en", "Deploying the model to production means monitoring it and running CI/CD tests."),
    ("roles", "fr", "Le métier de data engineer et le rôle du data scientist ne sont pas les mêmes."),
    ("skills", "fr", "Il faut des compétences en mathématiques, en statistiques et savoir coder en Python."),
    ("expectations", "fr", "Les offres d'emploi demandent beaucoup, et les recruteurs font passer des entretiens."),
    ("ethics", "fr", "Un modèle peut être biaisé : les biais et la discrimination posent un problème éthique."),
    ("mlops", "fr", "Il faut mettre en production le modèle, le déployer et le monitorer avec du DevOps."),
])
def test_each_theme_is_recognised_in_both_languages(theme, language, text):
    assert theme in predict_themes(text, language=language)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Thank you very much for joining me today, it was great to have you on the show."),
    ("fr", "Merci à tous d'être venus ce soir, et bonne soirée à vous."),
])
def test_small_talk_gets_no_theme(language, text):
    assert predict_themes(text, language=language) == ()


def test_scores_are_normalised_ordered_and_explained():
    text = "We deploy every model to production and monitor drift."
    scores = theme_scores(text, language="en")
    assert list(scores) == list(THEME_SLUGS)
    assert scores["mlops"] >= 1.0 > scores["ethics"]
    mlops = next(s for s in score_themes(text, language="en") if s.theme == "mlops")
    assert {"deploy*", "production", "monitor*"} <= set(mlops.matched)


def test_accents_and_case_do_not_matter():
    assert (theme_scores("Déploiement en PRODUCTION", language="fr")
            == theme_scores("deploiement en production", language="fr"))


def test_tagging_is_independent_of_paragraph_order(corpus):
    interview = corpus.interview("lyon-data-science-meetup-positive-thinking-company-talk")
    bare = [Paragraph(id=p.id, text=p.text) for p in interview.paragraphs]
    first = tag_interview(bare, [], language="fr")
    second = tag_interview(list(reversed(bare)), [], language="fr")
    assert first == list(reversed(second))


# Scores and themes of every paragraph of two interviews (French and English), as JSON. Run in
# fresh interpreters: the scores are cached in-process, so comparing two calls in one process
# compares a cached result with itself; another PYTHONHASHSEED reorders every set and dict.
_TAG_IN_A_FRESH_PROCESS = """
import json, sys
from kb.tagging import predict_themes, score_themes
texts = json.load(sys.stdin)
print(json.dumps([[language, [[s.theme, s.score, list(s.matched)] for s in score_themes(text, language=language)],
                   list(predict_themes(text, language=language))] for language, text in texts]))
"""


def test_tagging_is_deterministic_across_processes_and_hash_seeds(corpus):
    import json
    import os
    import subprocess
    import sys

    texts = [(interview.language, p.text) for slug in ("lyon-data-science-meetup-positive-thinking-company-talk",
                                                       "misra-turp-datatalks-club-work-and-expectations")
             for interview in [corpus.interview(slug)] for p in interview.paragraphs]
    outputs = []
    for seed in ("0", "1", "2024"):
        proc = subprocess.run([sys.executable, "-c", _TAG_IN_A_FRESH_PROCESS], input=json.dumps(texts),
                              env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True,
                              timeout=300, check=True)
        outputs.append(json.loads(proc.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    # ...and the same as this process computes, so the subprocesses really ran the tagger.
    assert outputs[0][0][2] == list(predict_themes(texts[0][1], language=texts[0][0]))
    assert any(themes for _, _, themes in outputs[0])


def test_french_paragraphs_are_tagged(corpus):
    interview = corpus.interview("lyon-data-science-meetup-positive-thinking-company-talk")
    assert interview.language == "fr"
    predicted = [predict_themes(p.text, language="fr") for p in interview.paragraphs]
    assert sum(1 for themes in predicted if themes) >= len(predicted) // 3
    for theme in ("roles", "skills", "expectations", "mlops"):
        assert any(theme in themes for themes in predicted), theme


def test_every_paragraph_carries_the_taggers_themes_plus_its_quotes(corpus):
    for interview in corpus.interviews:
        quoted = {}
        for quote in interview.quotes:
            quoted.setdefault(quote.paragraph_id, set()).update(quote.themes)
        for paragraph in interview.paragraphs:
            expected = set(predict_themes(paragraph.text, language=interview.language))
            expected |= quoted.get(paragraph.id, set())
            assert set(paragraph.themes) == expected
            assert list(paragraph.themes) == [t for t in THEME_SLUGS if t in paragraph.themes]


def test_quote_themes_are_added_to_their_paragraph():
    paragraph = Paragraph(id="p-1", text="Hello and welcome.")
    quote = Quote(id="q", text="Hello", speaker="x", themes=("ethics",), paragraph_id="p-1")
    assert tag_interview([paragraph], [quote], language="en")[0].themes == ("ethics",)


def test_more_passages_ranks_unquoted_paragraphs_best_first(corpus):
    passages = more_passages(corpus, "mlops", limit=5)
    assert 0 < len(passages) <= 5
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True)
    for passage in passages:
        assert "mlops" in passage.paragraph.themes
        assert passage.paragraph.id not in {q.paragraph_id for q in passage.interview.quotes}
    assert more_passages(corpus, "mlops", limit=5) == passages


def test_a_broken_lexicon_is_reported_by_entry():
    with pytest.raises(KBError) as caught:
        parse_lexicon({"themes": {"roles": {"de": {"strong": ["x"]}}, "money": {}}}, name="lexicon.yml")
    text = str(caught.value)
    assert "unknown theme 'money'" in text
    assert "themes/roles/de" in text
    assert "missing theme(s): skills" in text
