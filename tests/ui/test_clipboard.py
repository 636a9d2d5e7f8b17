"""Issue 17: copying cells from the grids keeps a cell a cell and never hands a spreadsheet a formula."""

from __future__ import annotations

from dataclasses import replace

from slaplanner.cells import clipboard_cell, pasted_cell
from ui.qt import QGuiApplication


def test_a_copied_cell_is_one_inert_cell():
    assert clipboard_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert clipboard_cell("a\tb\nc") == "a b c"
    assert clipboard_cell("-5") == "-5" and clipboard_cell("Webinars") == "Webinars"
    assert pasted_cell(clipboard_cell("=1+1")) == "=1+1" and pasted_cell("'plain") == "'plain"


def test_copying_a_source_named_like_a_formula(window, sample_plan):
    """A source named '=HYPERLINK(...)' with a tab in its channel: the clipboard holds one row of
    cells, the name quoted; pasting it back gives the same name."""
    odd = replace(sample_plan.sources[0], name='=HYPERLINK("http://evil","x")', channel="web\tads")
    window.document.reset(replace(sample_plan, sources=(odd, *sample_plan.sources[1:])))
    page = window.pages[window.page_named("lead volume")]
    window.show_page(window.page_named("lead volume"))
    view = page.sources_view
    model = view.model()
    select = view.selectionModel().SelectionFlag.Select
    view.clearSelection()
    view.selectionModel().select(model.index(0, 0), select)  # name ... channel: columns 0 to 2
    view.selectionModel().select(model.index(0, 2), select)
    view.copy_selection()
    text = QGuiApplication.clipboard().text()
    cells = text.rstrip("\n").split("\t")
    assert text.count("\n") == 1
    assert cells[0] == '\'=HYPERLINK("http://evil","x")'
    assert cells[-1] == "web ads"
