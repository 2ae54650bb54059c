"""render/tables.stacked_table: HTML tables whose cells carry their column's name, so that
kb.css can stack each row into a card on a phone."""

import markdown
import pytest
from bs4 import BeautifulSoup
from kb.render.escape import escape_text, link
from kb.render.tables import stacked_table
from markupsafe import Markup


def _html(markup: Markup) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(str(markup), extensions=["md_in_html", "attr_list", "tables"]),
                         "html.parser")


def test_every_cell_names_its_column_and_markdown_still_works():
    table = stacked_table([Markup("Role"), Markup("What they do")],
                          [[Markup("**Data scientist**"), link("models", "roles.md#ds")]], css="kb-table--x")
    soup = _html(table)
    assert soup.select_one("div")["class"] == ["kb-table", "kb-table--x"]
    assert soup.select_one("table").get("class") is None  # Material styles it like any table
    assert [th.get_text() for th in soup.select("thead th")] == ["Role", "What they do"]
    cells = soup.select("tbody td")
    assert [td["data-label"] for td in cells] == ["Role", "What they do"]
    assert cells[0].strong.get_text() == "Data scientist"
    assert cells[1].a["href"] == "roles.md#ds"


def test_column_names_are_escaped_in_the_attribute():
    hostile = 'Say "hi" <script>alert(1)</script> *x*'
    soup = _html(stacked_table([escape_text(hostile)], [[escape_text("v")]], labels=[hostile]))
    td = soup.select_one("td")
    assert td["data-label"] == hostile  # the browser reads back exactly the text
    assert soup.find("script") is None and set(td.attrs) == {"data-label"}


def test_a_row_with_the_wrong_number_of_cells_is_a_programming_error():
    with pytest.raises(ValueError, match="one cell per column"):
        stacked_table([Markup("a"), Markup("b")], [[Markup("only one")]])
    with pytest.raises(ValueError, match="one cell per column"):
        stacked_table([Markup("a")], [], labels=["a", "b"])
