"""Quote verification: the build proves every quote is in the transcript."""

from helpers import ROOT
from kb.models import Segment
from kb.paragraphs import group_paragraphs
from kb.quotes import build_index, closest_passage, describe_match, find_quote

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


# --- Elisions: the rules of quotes.describe_match (docs/contributing.md, "Quoting with an elision") ---

GUEST = "gus"
HOST = "hana"
SPOKEN = [  # who says what, one segment each: the guest's two turns are separated by the host's
    Segment("so uh what does a data engineer do", line=1, start_seconds=10.0, speaker=HOST),
    Segment("they build the pipelines that feed the models", line=2, start_seconds=12.0, speaker=GUEST),
    Segment("and um the data scientist is the math athlete", line=3, start_seconds=15.0, speaker=GUEST),
    Segment("we need two or three data engineers for one data scientist", line=4, start_seconds=18.0,
            speaker=GUEST),
    Segment("right and who builds the dashboards then", line=5, start_seconds=30.0, speaker=HOST),
    Segment("the analysts build the dashboards for the business", line=6, start_seconds=33.0, speaker=GUEST),
]


def _spoken(segments=SPOKEN):
    paragraphs, placed = group_paragraphs(segments, restore_case=True, names=())
    return paragraphs, build_index(placed, paragraphs)


def _described(text: str, segments=SPOKEN, note: str | None = None):
    paragraphs, index = _spoken(segments)
    match = find_quote(index, text)
    assert match is not None, text
    return describe_match(index, paragraphs, text, match, note=note)


def _messages(text: str, segments=SPOKEN, note: str | None = None) -> list[str]:
    return [p.message for p in _described(text, segments, note).problems]


def test_the_issues_splices_are_rejected_with_the_piece_named():
    """Issue #21: both verified before, although the data *scientist* is the math athlete, and
    the host asks what a data engineer does."""
    messages = _messages("a data engineer … is the math athlete")
    assert ("the piece “a data engineer” has 3 words; each piece of an elided quote needs at least 4 "
            "(a last piece may be shorter when it ends the speaker's sentence). Left out: “do. They build "
            "the pipelines that feed the models and the data scientist”") in messages
    assert any(m.startswith("an elided quote must stay within one speaker's turn") for m in messages)
    messages = _messages("data … athlete")
    assert any(m.startswith("the piece “data” has 1 word;") for m in messages), messages
    # "athlete" is no sentence end ("...the math athlete we need..."): too short as well.
    assert any(m.startswith("the piece “athlete” has 1 word;") for m in messages), messages


def test_a_splice_across_two_speakers_is_rejected():
    messages = _messages("what does a data engineer do … the pipelines that feed the models")
    assert messages == [("an elided quote must stay within one speaker's turn, but its words run over "
                        "paragraphs of gus and hana (t10 to t12). Left out: “They build”")]


def test_a_splice_over_another_speakers_turn_is_rejected():
    """The guest, twice, with the host's question left out in between."""
    messages = _messages("we need two or three data engineers for one data scientist … "
                         "the analysts build the dashboards for the business")
    assert messages[0] == ("an elided quote must stay within one speaker's turn, but its words run over "
                           "paragraphs of gus and hana (t12 to t33). Left out: “Right and who builds the "
                           "dashboards then.”")


def _long_turn(gap: int, *, quoted: int = 35) -> tuple[str, list[Segment]]:
    """One guest paragraph: ``quoted`` words, ``gap`` words, ``quoted`` words; and the quote
    of the first and last ``quoted`` words with an elision between."""
    first = " ".join(f"a{n}" for n in range(quoted))
    middle = " ".join(f"w{n}" for n in range(gap))
    last = " ".join(f"z{n}" for n in range(quoted))
    return f"{first} … {last}", [Segment(f"{first} {middle} {last}.", line=1, speaker=GUEST)]


def test_a_gap_of_61_words_is_rejected_and_60_accepted():
    quote, segments = _long_turn(61)
    assert _messages(quote, segments) == [
        ("the elision after “…a29 a30 a31 a32 a33 a34” leaves out 61 words, more than 60. Left out: “w0 w1 w2 w3 "
        "w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 "
        "w31 w32 w33 w34 w35 w36 w37 w38 w39 w40 w41 w42 w43 w44 w45 w46 w47 w48 w49 w50 w51 w52 w53 w54 w55 "
        "w56 w57 w58 w59 w60”")]
    assert _messages(*_long_turn(60)) == []


def test_leaving_out_more_words_than_are_quoted_is_rejected():
    quote, segments = _long_turn(21, quoted=10)
    assert _messages(quote, segments) == [
        ("the elision leaves out 21 words in all, more than the 20 words quoted. Left out: “w0 w1 w2 w3 w4 w5 w6 "
        "w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20”")]
    assert _messages(*_long_turn(20, quoted=10)) == []


def test_a_one_word_middle_piece_is_rejected():
    segments = [Segment("we need two or three data engineers for one data scientist and then again many "
                        "more analysts for the dashboards of the whole business team.", line=1, speaker=GUEST)]
    (message,) = _messages("we need two or three data engineers … analysts … of the whole business team", segments)
    assert message.startswith("the piece “analysts” has 1 word; each piece of an elided quote needs at least 4 "
                              "(a last piece may be shorter when it ends the speaker's sentence).")


def test_a_short_last_piece_is_accepted_only_where_the_sentence_ends():
    segments = [Segment("learning SQL first is what I would tell anyone who asks me, honestly. Then more.",
                        line=1, speaker=GUEST)]
    assert _messages("learning SQL first is what I would … honestly.", segments) == []
    messages = _messages("learning SQL first is what I would … anyone who", segments)
    assert messages and messages[0].startswith("the piece “anyone who” has 2 words")


def test_pieces_may_span_two_adjacent_paragraphs_but_not_three():
    words = [" ".join(f"p{n}w{k}" for k in range(45)) + "." for n in range(3)]
    segments = [Segment(text, line=n + 1, speaker=GUEST, hard_break=True) for n, text in enumerate(words)]
    paragraphs, _ = _spoken(segments)
    assert len(paragraphs) == 3
    two = "p0w30 p0w31 p0w32 p0w33 p0w34 p0w35 p0w36 p0w37 p0w38 p0w39 p0w40 p0w41 p0w42 p0w43 p0w44 … p1w10 p1w11 p1w12 p1w13 p1w14 p1w15 p1w16 p1w17 p1w18 p1w19"
    assert _messages(two, segments) == []
    three = "p0w0 p0w1 p0w2 p0w3 p0w4 p0w5 p0w6 p0w7 p0w8 p0w9 p0w10 p0w11 p0w12 p0w13 p0w14 p0w15 p0w16 p0w17 p0w18 p0w19 p0w20 p0w21 p0w22 p0w23 p0w24 p0w25 p0w26 p0w27 p0w28 p0w29 p0w30 p0w31 p0w32 p0w33 p0w34 p0w35 p0w36 p0w37 p0w38 p0w39 p0w40 p0w41 p0w42 p0w43 p0w44 … p1w44 p2w0 p2w1 p2w2 p2w3 p2w4 p2w5 p2w6 p2w7 p2w8 p2w9 p2w10 p2w11 p2w12 p2w13 p2w14 p2w15 p2w16 p2w17 p2w18 p2w19 p2w20 p2w21 p2w22 p2w23 p2w24 p2w25 p2w26 p2w27 p2w28 p2w29 p2w30 p2w31 p2w32 p2w33 p2w34 p2w35 p2w36 p2w37 p2w38 p2w39 p2w40 p2w41 p2w42 p2w43 p2w44"
    (message,) = _messages(three, segments)
    assert message.startswith("the pieces of an elided quote must lie in one paragraph or two adjacent ones; "
                              "these run over 3")


def test_a_note_on_the_elision_lifts_the_word_count_rules_only():
    quote, segments = _long_turn(61, quoted=10)
    assert _messages(quote, segments, note="The elision leaves out a list of examples.") == []
    assert _messages(quote, segments, note="'a1' is as captioned.")  # a note about something else
    splice = "what does a data engineer do … the pipelines that feed the models"
    assert _messages(splice, note="The elided words are the guest's.")  # speakers: no exception


def test_spans_and_omissions_are_what_the_page_shows():
    paragraphs, index = _spoken()
    text = "They build the pipelines that feed the models … we need two or three data engineers"
    match = find_quote(index, text)
    described = describe_match(index, paragraphs, text, match)
    assert described.problems == ()
    by_id = {p.id: p.text for p in paragraphs}
    assert [by_id[s.paragraph_id][s.start: s.end] for s in described.spans] == [
        "They build the pipelines that feed the models", "we need two or three data engineers"]
    (omission,) = described.omissions
    assert (omission.mark, omission.words) == (0, 8)
    assert omission.text == "and the data scientist is the math athlete"
    assert [by_id[s.paragraph_id][s.start: s.end] for s in omission.spans] == [omission.text]


def test_an_ellipsis_that_leaves_nothing_out_is_not_an_elision():
    """The speaker's own "..." copied with the words, or one that opens or closes the quote."""
    segments = [Segment("I was going to say... no, the data is the hard part of it.", line=1, speaker=GUEST)]
    for quote in ("I was going to say... no, the data", "… the data is the hard part", "the data is the hard…"):
        described = _described(quote, segments)
        assert described.omissions == () and described.problems == (), quote


def test_every_elided_quote_of_the_transcripts_keeps_to_the_rules():
    """Loading the corpus applies the rules; each elision that leaves words out has them, as
    the interview page shows them, and the quoted words are where the spans say."""
    from kb.corpus import load_corpus
    from kb.quotes import ELLIPSIS

    corpus = load_corpus(ROOT)  # raises KBError with every broken rule
    elided = [(i, q) for i, q in corpus.quotes() if ELLIPSIS.search(q.text)]
    assert len(elided) >= 28
    for interview, quote in elided:
        texts = {p.id: p.text for p in interview.paragraphs}
        assert quote.spans and all(texts[s.paragraph_id][s.start: s.end] for s in quote.spans), quote.id
        for omission in quote.omissions:
            shown = " ".join(texts[s.paragraph_id][s.start: s.end] for s in omission.spans)
            assert omission.text == shown and omission.words > 0, quote.id
    # Only one quote has an ellipsis that leaves nothing out: the speaker's own trailing "...".
    assert [q.id for _, q in elided if not q.omissions] == ["prayson-legacy-code-lifetime"]
