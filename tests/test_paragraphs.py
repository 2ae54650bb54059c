from kb.models import Segment, Speaker, Turn
from kb.paragraphs import MAX_WORDS, apply_turns, group_paragraphs, resolve_labels
from kb.text import word_count


def _captions(n: int) -> list[Segment]:
    return [Segment(f"word{i} alpha beta gamma delta epsilon zeta", line=i + 1, start_seconds=float(2 * i))
            for i in range(n)]


def test_paragraph_sizes_and_time_ids():
    paragraphs, placed = group_paragraphs(_captions(100), restore_case=True, names=())
    sizes = [word_count(p.text) for p in paragraphs]
    assert max(sizes) <= MAX_WORDS
    assert min(sizes[:-1]) >= 40
    assert all(p.id == f"t{int(p.start_seconds)}" for p in paragraphs)
    assert len(placed) == 100


def test_ids_are_stable_when_another_paragraph_changes():
    segs = [Segment("First paragraph here. " * 30, line=1, hard_break=True),
            Segment("Second paragraph there. " * 30, line=3, hard_break=True)]
    before, _ = group_paragraphs(segs, restore_case=False, names=())
    segs[0] = Segment("First paragraph edited. " * 30, line=1, hard_break=True)
    after, _ = group_paragraphs(segs, restore_case=False, names=())
    assert before[1].id == after[1].id
    assert before[0].id != after[0].id


def test_turns_by_time_and_by_first_words_split_mid_line():
    segs = [Segment("hello are you ready", line=1, start_seconds=0.0),
            Segment("as well i am ready", line=2, start_seconds=2.0),
            Segment("great let us start", line=3, start_seconds=4.0)]
    turns = (Turn("host", at_seconds=0.0), Turn("guest", at_seconds=2.0, starts="i am ready"),
             Turn("host", starts="great let us"))
    out, problems = apply_turns(segs, turns, default=None, name="x")
    assert not problems
    assert [(s.speaker, s.text) for s in out] == [
        ("host", "hello are you ready"), ("host", "as well"), ("guest", "i am ready"), ("host", "great let us start")]


def test_turn_not_found_is_reported():
    segs = [Segment("hello there", line=1)]
    _, problems = apply_turns(segs, (Turn("host", starts="never said"),), default=None, name="x.md")
    assert "not found" in problems[0].message and problems[0].field == "turns/0"


def test_labels_resolve_to_ids_by_full_or_first_name():
    speakers = (Speaker("ada-l", "Ada Lovelace", "host"),)
    out, problems = resolve_labels([Segment("hi", 1, speaker="Ada"), Segment("yo", 2, speaker="Bob")],
                                   speakers, "x.md")
    assert out[0].speaker == "ada-l"
    assert problems[0].message.startswith("speaker label 'Bob'") and problems[0].line == 2


def test_caption_case_and_fillers_restored_for_display():
    segs = [Segment("[Music] uh i think i'm ready misra", line=1, start_seconds=0.0)]
    paragraphs, _ = group_paragraphs(segs, restore_case=True, names=("Misra",))
    assert paragraphs[0].text == "I think I'm ready Misra."
