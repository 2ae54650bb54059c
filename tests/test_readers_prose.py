from helpers import ROOT
from kb.frontmatter_loader import load_transcript
from kb.readers.prose import read_prose


def test_title_and_sentences():
    result = read_prose("A Title\n\nFirst sentence. Second one!\n\nNew paragraph here.\n", name="x")
    assert result.header == {"title": "A Title"}
    assert [(s.text, s.hard_break, s.line) for s in result.segments] == [
        ("First sentence.", True, 3), ("Second one!", False, 3), ("New paragraph here.", True, 5)]


def test_seed_prose():
    source, _ = load_transcript(ROOT / "transcripts" / "prosper-burq-chu-toulouse-interview-summary.md")
    result = read_prose(source.body, name="x", body_line=source.body_line)
    assert result.header["title"] == "Interview Summarized"
    assert sum(s.hard_break for s in result.segments) == 6
