"""render/quote_text.quote_words: a quote's words with each elision a disclosure."""

from __future__ import annotations

from html.parser import HTMLParser

from kb.models import Omission, Quote, TextSpan
from kb.render.quote_text import quote_words


def _quote(text: str, *omissions: Omission) -> Quote:
    return Quote(id="q", text=text, speaker="s", themes=("skills",), omissions=omissions)


def _omission(mark: int, text: str) -> Omission:
    return Omission(mark=mark, text=text, words=len(text.split()), spans=(TextSpan("t1", 0, len(text)),))


class _Tree(HTMLParser):
    """Collects text outside and inside the left-out words, and the elements' nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.quoted: list[str] = []
        self.left_out: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.stack.append(tag if tag != "span" else dict(attrs).get("class", "span"))
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self.stack.pop()

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        (self.left_out if "kb-elision__words" in self.stack else self.quoted).append(data)


def _parse(markup: str) -> _Tree:
    tree = _Tree()
    tree.feed(markup)
    assert tree.stack == [], "unbalanced markup"
    return tree


def test_each_elision_that_leaves_words_out_opens_on_them():
    quote = _quote("first part here … second part there […] third part.", _omission(0, "the words between"),
                   _omission(1, "more words"))
    tree = _parse(quote_words(quote))
    # Each disclosure sits on a line of its own (whitespace to the browser).
    assert " ".join("".join(tree.quoted).split()) == "first part here … second part there […] third part."
    assert tree.left_out == ["[left out: the words between]", "[left out: more words]"]
    details = [attrs for tag, attrs in tree.tags if tag == "details"]
    assert details == [{"class": "kb-elision"}] * 2
    words = [attrs for tag, attrs in tree.tags if attrs.get("class") == "kb-elision__words"]
    assert all("data-search-exclude" in a and "data-pagefind-ignore" in a for a in words) and len(words) == 2


def test_an_ellipsis_with_nothing_left_out_stays_text():
    tree = _parse(quote_words(_quote("I was going to say... no. And then…")))
    assert [tag for tag, _ in tree.tags] == []
    assert "".join(tree.quoted) == "I was going to say... no. And then…"


def test_left_out_words_are_untrusted_text():
    hostile = '<script>alert(1)</script> <img src=x onerror=alert(2)> **bold** [link](javascript:x) {: .x }'
    markup = quote_words(_quote("<b>one</b> two three four … five six seven eight", _omission(0, hostile)))
    tree = _parse(markup)
    assert [tag for tag, _ in tree.tags] == ["details", "summary", "span"]
    assert "".join(tree.left_out) == f"[left out: {hostile}]"
    assert " ".join("".join(tree.quoted).split()) == "<b>one</b> two three four … five six seven eight"
    for active in "*[]{}":
        assert active not in markup.split("kb-elision__words", 1)[1].split("</span>")[0].split(">", 1)[1]
