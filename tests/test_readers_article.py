import pytest
from helpers import ROOT
from kb.errors import KBError
from kb.frontmatter_loader import load_transcript
from kb.readers.article import read_article

BODY = """Home Site Articles Some Title...

Some Title

A standfirst that repeats the teaser of the article.

Share on:
linkedin facebook

Ada Lovelace: Welcome. Let us talk about models.

Interpretability

Grace Hopper: Models need tests. They also need people.

And this paragraph has no label, so it is still Grace.
"""


def test_chrome_dropped_labels_headings_and_continuations():
    result = read_article(BODY, name="a.md", body_line=1)
    assert result.header["title"] == "Some Title"
    assert any(d.startswith("Share on:") for d in result.dropped)
    got = [(s.speaker, s.heading, s.text, s.hard_break) for s in result.segments]
    assert got == [
        ("Ada Lovelace", None, "Welcome.", True),
        ("Ada Lovelace", None, "Let us talk about models.", False),
        ("Grace Hopper", "Interpretability", "Models need tests.", True),
        ("Grace Hopper", "Interpretability", "They also need people.", False),
        ("Grace Hopper", "Interpretability", "And this paragraph has no label, so it is still Grace.", True),
    ]
    assert result.segments[0].line == 10


def test_crlf_and_trailing_spaces():
    result = read_article(BODY.replace("\n", "  \r\n"), name="a.md")
    assert result.segments[0].text == "Welcome."


def test_no_labels_is_an_error():
    with pytest.raises(KBError, match="no 'Name: text' paragraph"):
        read_article("Just prose here. Nothing else.\n", name="a.md")


def test_seed_article():
    source, _ = load_transcript(ROOT / "transcripts" / "goto-what-does-it-take-to-be-a-data-scientist.md")
    result = read_article(source.body, name="x", body_line=source.body_line)
    assert result.header["title"] == "What Does It Take To Be a Data Scientist?"
    speakers = {s.speaker for s in result.segments}
    assert speakers == {"Nicholai Stålung", "Ekaterina Sirazitdinova", "Prayson Daniel"}
    assert not any("linkedin" in s.text for s in result.segments)
    assert "Interpretability and expandability" in {s.heading for s in result.segments}
