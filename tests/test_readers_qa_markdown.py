"""Q&A Markdown: questions, answers, named labels, sections, lists and emphasis."""

from __future__ import annotations

import pytest
from helpers import FIXTURES
from kb.errors import KBError
from kb.paragraphs import group_paragraphs
from kb.readers import detect_format
from kb.readers.qa_markdown import read_qa_markdown

BODY = (FIXTURES / "readers" / "qa-interview.md").read_text("utf-8")


def test_detected_by_its_questions() -> None:
    assert detect_format(BODY) == ("qa-markdown", "3 paragraphs open with a 'Q:' question")


def test_questions_answers_sections_and_title() -> None:
    result = read_qa_markdown(BODY, name="q.md", body_line=1)
    assert result.header == {"title": "Interview with a fictional analyst"}
    assert result.roles == {"A": 3, "Q": 7}
    firsts = [(s.speaker, s.heading, s.text) for s in result.segments if s.hard_break]
    assert firsts[1] == ("Q", "Background", "Can you tell us how you started?")
    assert ("Q", "Daily work", "Do you still use spreadsheets?") in firsts
    answer = next(s for s in result.segments if s.text.startswith("Every day."))
    assert answer.speaker == "A" and answer.line == 28


def test_markup_is_kept_apart_from_the_words() -> None:
    result = read_qa_markdown(BODY, name="q.md", body_line=1)
    paragraphs, _ = group_paragraphs(list(result.segments), restore_case=False, names=())
    for paragraph in paragraphs:
        assert "**" not in paragraph.text and "](" not in paragraph.text and "- " not in paragraph.text[:2]
    background = next(p for p in paragraphs if p.text.startswith("I studied geography"))
    kinds = [(m.kind, background.text[m.start:m.end]) for m in background.markup]
    assert ("em", "geography") in kinds
    assert ("item", "how to write clear tickets") in kinds
    assert ("link", "version control") in kinds
    assert next(m.href for m in background.markup if m.kind == "link") == "https://example.org/git"
    daily = next(p for p in paragraphs if p.text.startswith("Two parts"))
    assert [daily.text[m.start:m.end] for m in daily.markup if m.kind == "ordered-item"] == [
        "Morning: dashboards and questions from the sales team.",
        "Afternoon: deeper analysis, usually one question at a time."]


@pytest.mark.parametrize(("body", "expected"), [
    ("**Ada Lovelace:** Models need tests.\n\nAnd people.\n\n**Grace Hopper:** Yes.\n",
     [("Ada Lovelace", "Models need tests."), ("Ada Lovelace", "And people."), ("Grace Hopper", "Yes.")]),
    ("**Q:** Why?\n\n**A:** Because.\n", [("Q", "Why?"), ("A", "Because.")]),
    ("Q: Why?\nA: Because.\nStill the answer.\n", [("Q", "Why?"), ("A", "Because."), ("A", "Still the answer.")]),
], ids=["bold names", "bold Q and A", "one line per turn"])
def test_label_styles(body: str, expected: list[tuple[str, str]]) -> None:
    result = read_qa_markdown(body, name="q.md")
    assert [(s.speaker, s.text) for s in result.segments] == expected


def test_an_empty_body_is_a_problem() -> None:
    with pytest.raises(KBError, match="no text found"):
        read_qa_markdown("## Only a heading\n", name="q.md")
