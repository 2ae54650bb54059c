"""The theme tagger: quality on hand labels, sanity per theme and language, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kb.corpus import load_corpus, load_interview
from kb.devtools.tagger_evaluation import (
    FIXTURE_LABELS_FILE,
    FIXTURES_DIR,
    LABELS_FILE,
    SECOND_PASS_FILE,
    Label,
    check_sources,
    cohen_kappa,
    evaluate,
    load_labels,
    load_second_pass,
    predict_interviews,
)
from kb.errors import KBError, Problems
from kb.models import THEME_SLUGS, Paragraph, Quote
from kb.tagging import (
    _read_lexicon,
    lexicon_scores,
    mix_with_neighbours,
    more_passages,
    parse_lexicon,
    predict_in_context,
    predict_themes,
    reasons_in_context,
    score_themes,
    small_talk_score,
    tag_interview,
    tagging_words,
    theme_scores,
)

ROOT = Path(__file__).resolve().parents[1]
MODEL_PATH = ROOT / "scripts/kb/data/theme_model.json"

# Measured when the model was trained (kb evaluate-tagger, issue #17 fourth round: no quote
# sharing words with a held-out paragraph trains the model, the cross-validation leaves out
# every quote from the paragraphs it scores, thresholds chosen on the mean F1 of the 5 folds
# and of leaving one interview out): held-out macro-F1 0.67 (roles 0.74, skills 0.72,
# expectations 0.61, ethics 0.57 on 9 paragraphs, mlops 0.73); WebVTT fixture 0.80 (lowest
# theme skills 0.67), DataTalks-style fixture 0.70 (lowest skills 0.50). The third round's
# held-out 0.73 had trained on five quotes that ran into held-out paragraphs; without them the
# held-out floors were lowered from 0.70/0.66 (docs/codebook.md). Short of the 0.80 target
# of issue #17: the floors pin what is reached, a little below, so that a regression fails;
# they are not the target.
HELDOUT_MACRO_F1_FLOOR = 0.65
HELDOUT_THEME_F1_FLOOR = 0.54
FIXTURE_MACRO_F1_FLOOR = 0.67
FIXTURE_THEME_F1_FLOOR = 0.47
KAPPA_FLOOR = 0.75  # measured 0.83-0.94 per theme on 126 paragraphs


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


@pytest.fixture(scope="module")
def labels():
    return load_labels(ROOT / LABELS_FILE)


@pytest.fixture(scope="module")
def fixture_labels():
    return load_labels(ROOT / FIXTURE_LABELS_FILE)


def _predict(labels):
    """The tagger as the build runs it, each label read with the other paragraphs of its interview."""
    return predict_interviews(labels, lambda texts, language: predict_in_context(texts, language=language))


def test_labels_cover_every_interview_language_theme_and_untagged_paragraphs(corpus, labels):
    assert len(labels) >= 400
    assert {label.interview for label in labels} == {i.slug for i in corpus.interviews}
    assert {label.language for label in labels} == {"en", "fr"}
    for theme in THEME_SLUGS:
        for split in ("dev", "heldout"):
            assert sum(theme in label.themes for label in labels if label.split == split) >= 5, (theme, split)
    assert sum(not label.themes for label in labels) >= 50


def test_every_label_is_still_the_text_of_its_interview(corpus, labels):
    check_sources(labels, {i.slug: [p.text for p in i.paragraphs] for i in corpus.interviews},
                  labels_name=LABELS_FILE)


def test_a_label_survives_re_paragraphing_but_not_an_edited_text():
    label = Label("k", "talk", "en", "dev", ("roles",), "The end of one. The start of two")
    check_sources([label], {"talk": ["Intro. The end of one.", "The start of two, and more."]},
                  labels_name="labels.yml")
    with pytest.raises(KBError, match="k: the labelled words no longer occur in talk"):
        check_sources([label], {"talk": ["Intro. The end of one.", "The beginning of two."]},
                      labels_name="labels.yml")
    with pytest.raises(KBError, match="no interview 'talk'"):
        check_sources([label], {}, labels_name="labels.yml")


def test_malformed_labels_are_each_reported(tmp_path):
    path = tmp_path / "labels.yml"
    path.write_text("paragraphs:\n- {key: a, interview: x, language: en, split: dev, themes: [money], text: t}\n"
                    "- {key: b, interview: x, language: en, split: later, themes: [], text: t}\n"
                    "- {key: c, interview: x}\n", "utf-8")
    with pytest.raises(KBError) as caught:
        load_labels(path)
    text = str(caught.value)
    assert "paragraphs/0/themes" in text and "money" in text
    assert "unknown split 'later'" in text
    assert "paragraphs/2" in text


def test_heldout_scores_reach_the_floors(labels):
    report = evaluate(labels, _predict(labels), split="heldout")
    assert len(report.scored) >= 120
    assert report.macro_f1 >= HELDOUT_MACRO_F1_FLOOR, report.macro_f1
    for figures in report.themes:
        assert figures.f1 >= HELDOUT_THEME_F1_FLOOR, figures


@pytest.mark.parametrize("slug", ["fixture-webvtt-ml-engineer", "fixture-datatalks-analyst-to-scientist"])
def test_fixture_interviews_reach_the_floors(fixture_labels, slug):
    problems, notices = Problems(), []
    path = {"fixture-webvtt-ml-engineer": "webvtt-ml-engineer.md",
            "fixture-datatalks-analyst-to-scientist": "datatalks-style-analyst-to-scientist.md"}[slug]
    path = ROOT / FIXTURES_DIR / path
    interview = load_interview(path, problems, notices)
    assert not problems and interview is not None
    mine = [label for label in fixture_labels if label.interview == slug]
    assert len(mine) >= 30
    check_sources(mine, {slug: [p.text for p in interview.paragraphs]}, labels_name=FIXTURE_LABELS_FILE)
    report = evaluate(mine, _predict(mine))
    assert report.macro_f1 >= FIXTURE_MACRO_F1_FLOOR, report.macro_f1
    for figures in report.themes:
        assert figures.f1 >= FIXTURE_THEME_F1_FLOOR, figures


def test_second_pass_is_independent_sample_with_reported_kappa(labels):
    second = load_second_pass(ROOT / SECOND_PASS_FILE)
    first = {label.key: label.themes for label in labels}
    assert len(second) >= 100 and set(second) <= set(first)
    assert {first_label.interview for first_label in labels if first_label.key in second} == \
        {label.interview for label in labels}
    shared, kappas = cohen_kappa(first, second)
    assert shared == len(second)
    for theme, kappa in kappas.items():
        assert kappa >= KAPPA_FLOOR, (theme, kappa)


def test_cohen_kappa_on_known_values():
    first = {"a": ("roles",), "b": ("roles",), "c": (), "d": ()}
    assert cohen_kappa(first, dict(first))[1]["roles"] == 1.0
    # One disagreement in four, each labeller saying yes half the time: (0.75 - 0.5) / 0.5.
    second = {"a": ("roles",), "b": (), "c": ("roles",), "d": ()}
    assert cohen_kappa(first, second)[1]["roles"] == pytest.approx(0.0)
    third = {"a": ("roles",), "b": ("roles",), "c": ("roles",), "d": ()}
    assert cohen_kappa(first, third)[1]["roles"] == pytest.approx(0.5)
    assert cohen_kappa(first, {"zzz": ()})[0] == 0


def test_train_tagger_names_the_labels_file_it_reads():
    from kb.commands import train_tagger
    assert train_tagger.LABELS_FILE == LABELS_FILE


def test_stored_model_is_what_kb_train_tagger_builds():
    result = subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(ROOT), "train-tagger", "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_train_tagger_check_fails_on_a_changed_model(tmp_path):
    changed = tmp_path / "theme_model.json"
    changed.write_text(MODEL_PATH.read_text("utf-8").replace('"bias": {', '"bias": { ', 1), "utf-8")
    result = subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(ROOT), "train-tagger", "--check",
                             "--out", str(changed)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "is not what `kb train-tagger` builds" in result.stderr


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
    # The model ranks mlops first; on a sentence this short it also gives ethics a score above
    # 1.0 (ethics' threshold is low): a known false positive on short spans, see docs/codebook.md.
    assert scores["mlops"] >= 1.0 and max(scores, key=scores.get) == "mlops"
    mlops = next(s for s in score_themes(text, language="en") if s.theme == "mlops")
    assert {"deploy*", "production", "monitor*"} <= set(mlops.matched)
    assert 0.0 < mlops.probability <= 1.0
    assert mlops.reasons and len(mlops.reasons) <= 5  # "why this tag": the words that decided it
    assert lexicon_scores(text, language="en")["mlops"] >= 1.0


def test_a_tag_needs_the_models_confidence():
    # A chip is shown only at or above the theme's threshold: score = probability / threshold.
    from kb.theme_model import load_model
    model = load_model()
    for s in score_themes("Employers expect juniors to have a portfolio before they get hired.", language="en"):
        assert (s.score >= 1.0) == (s.probability >= model.threshold[s.theme] - 1e-4)


def test_themes_override_replaces_the_tagger_and_quote_themes():
    paragraphs = [Paragraph(id="p-1", text="We deploy every model to production and monitor drift."),
                  Paragraph(id="p-2", text="Hello and welcome.")]
    quote = Quote(id="q", text="We deploy", speaker="x", themes=("ethics",), paragraph_id="p-1")
    tagged = tag_interview(paragraphs, [quote], language="en", overrides={"p-1": ["skills"], "p-2": []})
    assert [p.themes for p in tagged] == [("skills",), ()]


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
        predicted = predict_in_context([p.text for p in interview.paragraphs], language=interview.language)
        for paragraph, own in zip(interview.paragraphs, predicted, strict=True):
            expected = set(own) | quoted.get(paragraph.id, set())
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


def test_the_lexicon_is_read_like_every_data_file():
    # A duplicate key would silently drop half an entry with yaml.safe_load; the hardened
    # loader names the line instead.
    text = "themes:\n  roles:\n    en:\n      strong: [analyst]\n    en:\n      weak: [role]\n"
    with pytest.raises(KBError) as caught:
        _read_lexicon(text, "lexicon.yml")
    assert "lexicon.yml:5" in str(caught.value)
    assert "en" in str(caught.value)
    assert _read_lexicon("themes: {}\n", "lexicon.yml") == {"themes": {}}


def test_a_broken_near_miss_or_small_talk_section_is_reported():
    themes = {t: {"en": {"strong": ["x"]}} for t in THEME_SLUGS}
    with pytest.raises(KBError) as caught:
        parse_lexicon({"themes": themes, "near_misses": {"de": ["a bit biased"], "en": ["-"]},
                       "small_talk": {"en": ["hello"], "fr": {"loud": ["bonjour"]}}}, name="lexicon.yml")
    text = str(caught.value)
    assert "near_misses/de" in text and "empty term '-'" in text
    assert "small_talk/en" in text and "small_talk/fr/loud" in text


# The failures named in issue #17, in our own words (none of these texts is a label).
@pytest.mark.parametrize("text", [
    "My views might be a bit biased, because I teach this for a living.",
    "I'm a bit biased here, since I co-founded the school, but I think it works.",
])
def test_a_speakers_own_bias_is_not_ethics(text):
    assert "ethics" not in predict_themes(text, language="en")
    assert "biased" not in tagging_words(text, "en")  # the near miss's words count for nothing


def test_a_biased_model_is_still_ethics():
    text = "The screening model was biased against older applicants, so we audited it for fairness."
    assert "biased" in tagging_words(text, "en")
    assert "ethics" in predict_themes(text, language="en")


@pytest.mark.parametrize(("language", "text"), [
    ("en", ("Who may open a patient's file matters more than the model. We set up access control so "
           "that only the doctors treating a patient can read the records, every access is logged, "
           "and nothing leaves the hospital without consent.")),
    ("fr", ("Qui peut lire le dossier médical d'un patient ? Nous avons mis en place un contrôle d'accès "
           "pour que seuls les médecins qui le soignent y aient accès : ce sont des données sensibles.")),
])
def test_a_privacy_and_access_control_paragraph_is_ethics(language, text):
    ethics = next(s for s in score_themes(text, language=language) if s.theme == "ethics")
    assert ethics.score >= 1.0 and ethics.reasons  # tagged, and the chip can say why


@pytest.mark.parametrize("text", [
    ("Hi everyone and welcome back to the podcast. My guest today has worked as a data scientist "
    "for many different companies. Thanks for joining us!"),
    ("Hello everyone, this week's special guest is a data engineer. Thank you for having us, and "
    "please subscribe to the channel."),
])
def test_a_greeting_is_not_expectations(text):
    assert small_talk_score(text, language="en") >= 1.0
    assert "expectations" not in predict_themes(text, language="en")


def test_roles_is_not_on_most_paragraphs_of_a_datatalks_episode(corpus, labels):
    # Issue #17: on a real DataTalks.Club episode roles went on 67 of 100 paragraphs. The
    # Misra Turp episode is one (captions); its labellers put roles on about 13% of it.
    interview = corpus.interview("misra-turp-datatalks-club-work-and-expectations")
    tagged = sum("roles" in themes for themes in
                 predict_in_context([p.text for p in interview.paragraphs], language="en"))
    mine = [x for x in labels if x.interview == interview.slug]
    labelled = sum("roles" in x.themes for x in mine) / len(mine)
    rate = tagged / len(interview.paragraphs)
    assert rate <= labelled + 0.10, (rate, labelled)


def test_evaluate_tagger_prints_each_set_its_lexicon_baseline_and_kappa(capsys):
    from kb.cli import main

    assert main(["--root", str(ROOT), "evaluate-tagger"]) == 0
    out = capsys.readouterr().out
    for title in ("heldout (never trained or tuned on): 148 paragraphs", "dev (the training data",
                  "fixture fixture-webvtt-ml-engineer (webvtt)",
                  "fixture fixture-datatalks-analyst-to-scientist (captions)"):
        assert title in out
    assert out.count("lexicon alone: roles ") == 4 and out.count("\nmacro ") == 4
    assert "Cohen's kappa, 126 paragraphs labelled twice" in out
    recorded = json.loads(MODEL_PATH.read_text("utf-8"))["dev_cross_validated_f1"]
    for name in ("5 folds", "leave one interview out"):
        f1 = recorded[name]
        assert (f"dev cross-validated F1, {name} (recorded by kb train-tagger): roles {f1['roles']:.2f}, "
                f"skills {f1['skills']:.2f}") in out


def test_mix_with_neighbours_weighs_each_paragraph_by_distance():
    # Weights 1 (itself), 0.25 (one away), 0.125 (two away); the ends have fewer neighbours.
    mixed = mix_with_neighbours([[1.0], [0.0], [0.0], [0.0]])
    assert mixed[0][0] == pytest.approx(1 / 1.375)
    assert mixed[1][0] == pytest.approx(0.25 / 1.625)
    assert mixed[2][0] == pytest.approx(0.125 / 1.625)
    assert mixed[3][0] == 0.0
    assert mix_with_neighbours([]) == [] and mix_with_neighbours([[0.5, 0.2]]) == [[0.5, 0.2]]


def test_an_answer_is_read_with_the_question_before_it():
    # A short answer that alone says too little, inside an exchange on deployment: its
    # neighbours carry it over the mlops threshold, and the "why" names their words as context.
    question = "How do you deploy models to production, monitor them and retrain them when drift appears?"
    answer = "We do it every week, with the whole team."
    after = "Deployment to production, monitoring and retraining pipelines are the core of MLOps work."
    assert "mlops" not in predict_themes(answer, language="en")
    texts = [question, after, answer, question, after]
    assert "mlops" in predict_in_context(texts, language="en")[2]
    assert "mlops" not in predict_in_context([question, answer], language="en")[1]  # one neighbour is not enough
    assert predict_in_context([answer], language="en") == [predict_themes(answer, language="en")]
    why = reasons_in_context(texts, 2, "mlops", language="en")
    assert any(w.startswith("context: ") for w in why), why


def test_an_unrelated_neighbour_does_not_tag_a_greeting():
    texts = ["Hello and welcome, thanks for joining us today.",
             "We deploy every model to production and monitor drift."]
    assert predict_in_context(texts, language="en")[0] == ()


def _example(text, themes, key="", weight=1.0):
    from kb.devtools.tagger_training import Example, quote_shingles
    return Example(text, "en", tuple(themes), weight, key, quote_shingles(text) if not key else ())


def test_a_quote_cut_or_spanning_two_paragraphs_lies_in_each_paragraph_it_takes_words_from():
    from kb.devtools.tagger_training import _padded_words, lies_in
    first = "We put the model in production and we monitor the drift of its inputs every single week."
    second = "Then the data engineer rebuilds the pipeline when a new source arrives from the client side."
    other = "Welcome back to the show, everyone, and thanks for making the time to talk to us today."
    cut = _example("we monitor the drift of its inputs every single week … the data engineer rebuilds "
                   "the pipeline when a new source arrives", ["mlops"])
    spanning = _example("and we monitor the drift of its inputs every single week. Then the data engineer "
                        "rebuilds the pipeline when a new source", ["mlops"])
    for quote in (cut, spanning):
        assert lies_in(quote, [_padded_words(first)])
        assert lies_in(quote, [_padded_words(second)])
        assert not lies_in(quote, [_padded_words(other)])
    # Shared words that are not a run of eight in a row do not make a quote part of a paragraph.
    assert not lies_in(_example("the model and the data and the pipeline", ["mlops"]), [_padded_words(first)])


def test_leaving_one_interview_out_never_trains_on_that_interview():
    """Interview "a" talks about deployment, labelled mlops, and a quote from it says so too;
    "b" and "c" talk about other things, on no theme. Five folds learn a's words from its other
    paragraphs; leaving "a" out, the model never saw them (nor the quote)."""
    from kb.devtools.tagger_training import cross_validated_probabilities
    said = {"a": "we deploy the container to the kubernetes cluster and watch the rollout",
            "b": "the weather in lyon was lovely and we walked along the river after lunch",
            "c": "my cousin plays the violin in an orchestra and travels every summer"}
    labels = [Label(f"{slug}-{n}", slug, "en", "dev", ("mlops",) if slug == "a" else (), f"{said[slug]} {n}")
              for slug in "abc" for n in range(12)]
    quotes = [_example(f"{said['a']} 3", ["mlops"], weight=0.5)]
    mlops = THEME_SLUGS.index("mlops")
    folds = cross_validated_probabilities(labels, quotes)[:, mlops]
    alone = cross_validated_probabilities(labels, quotes, by_interview=True)[:, mlops]
    assert min(folds[:12]) > 0.5 > max(folds[12:])
    assert max(alone[:12]) < 0.5 < min(folds[:12])
