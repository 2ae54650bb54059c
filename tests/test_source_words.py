"""No word of a source is lost: the words of each source against the words of its paragraphs.

For the Markdown shapes the source's words are worked out here independently of the readers
(markup removed by regular expressions, not by kb.inline), so a reader that drops or mangles
a word fails. For the seed transcripts, the words every reader segment carries must all reach
a paragraph (grouping loses nothing).
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import yaml
from helpers import FIXTURES, ROOT
from kb.corpus import load_corpus
from kb.frontmatter_loader import load_transcript
from kb.inline import plain
from kb.paragraphs import group_paragraphs
from kb.readers import read_body
from kb.text import clean_display, tokens

READERS = FIXTURES / "readers"


def _markdown_words(text: str) -> list[str]:
    text = re.sub(r"\{:[^}]*\}", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their label only
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)]|#{1,6})\s+", " ", text, flags=re.MULTILINE)  # list and heading marks
    text = re.sub(r"^\s*\**[QA]\**:\**", " ", text, flags=re.MULTILINE)  # Q:/A: labels
    return tokens(text.replace("*", " ").replace("_", " "))


def _paragraph_words(fmt: str, body: str) -> list[str]:
    result = read_body(fmt, body, name="t.md")
    paragraphs, _ = group_paragraphs(list(result.segments), restore_case=False, names=())
    words: list[str] = []
    heading = None
    for p in paragraphs:  # a section heading is shown once, above its first paragraph
        if p.heading != heading and p.heading:
            words += tokens(p.heading)
        heading = p.heading
        words += tokens(p.text)
    for p in paragraphs:
        assert not re.search(r"\*\*|\]\(|(?<!\w)_\w", p.text), p.text  # no markup shown as text
    return words


def test_qa_markdown_keeps_every_word() -> None:
    body = (READERS / "qa-interview.md").read_text("utf-8")
    title = body.splitlines()[0]
    expected = _markdown_words(body.replace(title, ""))  # the title goes to the header
    assert Counter(_paragraph_words("qa-markdown", body)) == Counter(expected)


def test_datatalks_page_keeps_every_word_of_its_transcript() -> None:
    body = (READERS / "datatalks-episode.md").read_text("utf-8")
    page = yaml.safe_load(body.split("---\n")[1])
    expected = [w for e in page["transcript"] for w in _markdown_words(e.get("line") or e["header"])]
    assert Counter(_paragraph_words("datatalks", body)) == Counter(expected)


def test_podcast_json_keeps_every_word() -> None:
    body = (READERS / "episode.json").read_text("utf-8")
    expected = [w for s in json.loads(body)["segments"] for w in tokens(s["body"])]
    assert _paragraph_words("podcast-json", body) == expected


@pytest.mark.parametrize("slug", sorted(i.slug for i in load_corpus(ROOT).interviews))
def test_seed_paragraphs_keep_every_word_their_reader_read(slug: str) -> None:
    interview = next(i for i in load_corpus(ROOT).interviews if i.slug == slug)
    source, _ = load_transcript(interview.path)
    assert source is not None
    segments = read_body(interview.format, source.body, name=slug, body_line=source.body_line).segments
    read_words = Counter(w for s in segments for w in tokens(clean_display(plain(s.text))))
    shown = Counter(w for p in interview.paragraphs for w in tokens(p.text))
    # Turns split segments but never drop words; case restoration changes no token.
    assert shown == read_words
