"""Quote verification: the build proves every quote is in the transcript."""

from kb.models import Segment
from kb.paragraphs import group_paragraphs
from kb.quotes import build_index, closest_passage, find_quote

SEGMENTS = [
    Segment("so uh what does a data engineer do", line=1, start_seconds=10.0),
    Segment("they build the pipelines that feed the models", line=2, start_seconds=12.0),
    Segment("and um the data scientist is the math athlete", line=3, start_seconds=15.0),
    Segment("we need two or three data engineers for one data scientist", line=4, start_seconds=18.0),
]


def _index():
    paragraphs, placed = group_paragraphs(SEGMENTS, restore_case=True, names=())
    return paragraphs, build_index(placed)


def test_exact_quote_ignores_case_punctuation_whitespace_and_fillers():
    _, index = _index()
    match = find_quote(index, "They build the pipelines that feed the models, and the Data Scientist is the math athlete!")
    assert match is not None
    assert index.seconds[match.start] == 12.0


def test_one_word_changed_is_rejected_with_closest_passage():
    paragraphs, index = _index()
    wrong = "they build the pipelines that feed the robots"
    assert find_quote(index, wrong) is None
    hint = closest_passage(index, wrong, paragraphs)
    assert "they build the pipelines that feed the models" in hint
    assert "t10" in hint


def test_elision_accepted_only_in_order():
    _, index = _index()
    assert find_quote(index, "what does a data engineer do … two or three data engineers") is not None
    assert find_quote(index, "what does a data engineer do ... two or three data engineers") is not None
    assert find_quote(index, "two or three data engineers … what does a data engineer do") is None
    assert find_quote(index, "what does a data engineer do … a part that was never said") is None


def test_empty_quote_never_matches():
    _, index = _index()
    assert find_quote(index, "…  ,") is None
