from helpers import ROOT
from kb.frontmatter_loader import load_transcript
from kb.readers.fragments import read_fragments


def test_one_segment_per_line_with_lines():
    result = read_fragments("\ufeffBonjour à tous,  \r\n\r\nje m'appelle personne.\r\n", name="x", body_line=7)
    assert [(s.text, s.line) for s in result.segments] == [("Bonjour à tous,", 7), ("je m'appelle personne.", 9)]


def test_seed_fragments():
    source, _ = load_transcript(ROOT / "transcripts" / "lyon-data-science-meetup-positive-thinking-company-talk.md")
    result = read_fragments(source.body, name="x", body_line=source.body_line)
    assert result.segments[0].text == "Merci à Lyon Data Science aussi de nous accueillir pour cet événement-là."
    assert len(result.segments) == 1494
