from helpers import ROOT
from kb.frontmatter_loader import load_transcript
from kb.readers.header_transcript import read_header_transcript


def test_seed_header_becomes_metadata_and_paragraph_is_split():
    source, _ = load_transcript(ROOT / "transcripts" / "2020-02-11-leo-souquet-aws-ml-podcast.md")
    result = read_header_transcript(source.body, name="x", body_line=source.body_line)
    assert result.header["title"] == "AWS AI Machine Learning Podcast Episode 9"
    assert result.header["date"] == "2020-02-11"
    assert "https://julsimon.buzzsprout.com" in result.header["links"].split()
    assert result.header["tags"].startswith("Data Science")
    assert len(result.segments) > 100  # sentences
    assert result.segments[0].text.startswith("Hello everyone, this is Julien")
    assert not any("Tags" == s.text for s in result.segments)


def test_small_page_with_crlf():
    body = "My Show 3\r\n\r\nMarch 3, 2021\r\nA blurb https://example.org.\r\n\r\nTranscript\r\n\r\nHi there. Welcome back! Ok?\r\n"
    result = read_header_transcript(body, name="x")
    assert result.header == {"title": "My Show 3", "date": "2021-03-03", "blurb": "A blurb https://example.org.",
                             "links": "https://example.org"}
    assert [s.text for s in result.segments] == ["Hi there.", "Welcome back!", "Ok?"]
