"""Help: F1 on a field, a column heading or a chart explains it from the one glossary; the Help
menu shows the user guide and the glossary."""

from __future__ import annotations

import pytest

from slaplanner.glossary import TERMS
from ui.charts import ChartCanvas
from ui.help import HelpPopup, help_terms, show_help, user_guide_markdown
from ui.qt import QAbstractItemView, QComboBox, QHeaderView, QLineEdit, QPoint, Qt, QtGui, QtWidgets

#: The pages whose every field, chart and column heading has help (the others come from elsewhere).
PAGES = ("Overview", "Plan & targets", "Lead volume", "Funnel", "Definitions", "Rules of engagement",
         "Commitments", "Capacity", "Agreement terms", "Review", "History")  # fmt: skip


def _fields(page):
    kinds = (QLineEdit, QComboBox, QtWidgets.QAbstractSpinBox)
    for w in page.findChildren(QtWidgets.QWidget):
        inner = isinstance(w.parentWidget(), (QComboBox, QtWidgets.QAbstractSpinBox))
        if isinstance(w, kinds) and w.isVisibleTo(page) and not inner:
            yield w


@pytest.mark.parametrize("title", PAGES)
def test_every_field_chart_and_column_heading_has_help(window, title):
    window.show()
    window.navigator.show_page(window.page_named(title))
    page = window.navigator.pages[window.page_named(title)]
    missing = []
    charts = [c for c in page.findChildren(ChartCanvas) if c.isVisibleTo(page)]
    missing += [f"chart {i}" for i, c in enumerate(charts) if not help_terms(c)]
    missing += [f"field {w.objectName() or type(w).__name__}" for w in _fields(page) if not help_terms(w)]
    for view in page.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView) or not view.isVisibleTo(page) or not hasattr(view, "horizontalHeader"):
            continue
        header = view.horizontalHeader()
        for col in range(view.model().columnCount()):
            middle = QPoint(header.sectionViewportPosition(col) + header.sectionSize(col) // 2, 4)
            if not help_terms(header.viewport(), middle):
                missing.append(f"heading {view.model().headerData(col, Qt.Orientation.Horizontal)}")
    assert not missing, missing


def test_a_column_heading_says_its_own_term(window):
    window.show()
    page = window.navigator.pages[window.page_named("Capacity")]
    window.navigator.show_page(window.page_named("Capacity"))
    view = page.roles_view
    header = view.horizontalHeader()
    model = view.model()
    col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Shrinkage")
    middle = QPoint(header.sectionViewportPosition(col) + header.sectionSize(col) // 2, 4)
    assert help_terms(header.viewport(), middle)[0].key == "shrinkage"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: the popup is a window
def test_f1_on_the_focused_field_shows_what_it_means_at_the_zoom(window, qtbot, monkeypatch):
    window.show()
    window.view.set_zoom(1.5)
    page = window.navigator.pages[window.page_named("Capacity")]
    window.navigator.show_page(window.page_named("Capacity"))
    monkeypatch.setattr(QtGui.QCursor, "pos", staticmethod(lambda: QPoint(-5000, -5000)))  # the mouse is elsewhere
    page.holidays.setFocus()
    monkeypatch.setattr(QtWidgets.QApplication, "focusWidget", staticmethod(lambda: page.holidays))
    window.act.help_on_this.trigger()
    popup = window.act.help_popup
    assert popup.isVisible()
    assert [t.key for t in popup.terms] == ["holidays"]
    assert "Days nobody in the role works" in popup.label.text() and "Why it matters" in popup.label.text()
    assert popup.font().pointSizeF() == pytest.approx(page.holidays.font().pointSizeF())
    popup.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_f1_over_a_chart_explains_the_chart(window, monkeypatch):
    window.show()
    page = window.navigator.pages[window.page_named("Overview")]
    window.navigator.show_page(window.page_named("Overview"))
    chart = page.sql_chart
    centre = chart.mapToGlobal(chart.rect().center())
    monkeypatch.setattr(QtGui.QCursor, "pos", staticmethod(lambda: centre))
    monkeypatch.setattr(QtWidgets.QApplication, "widgetAt", staticmethod(lambda _pos: chart))
    terms = show_help(window, HelpPopup(window))
    assert [t.key for t in terms][:1] == ["sql"]


def test_f1_is_the_help_key_and_the_help_menu_has_the_guide_and_the_glossary(window):
    assert window.act.help_on_this.shortcut().toString() == "F1"
    texts = [a.text().replace("&", "") for a in window.menuBar().actions()[-1].menu().actions()]
    assert {"Help on This", "User Guide", "Glossary"} <= set(texts)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen
def test_the_user_guide_and_the_glossary_open_in_the_window(window, qtbot):
    assert "File > New" in user_guide_markdown()  # shipped as package data
    window.act.user_guide.trigger()
    window.act.glossary.trigger()
    dialogs = [d for d in window.findChildren(QtWidgets.QDialog) if d.isVisible()]
    texts = " ".join(d.browser.toPlainText() for d in dialogs)
    assert "guided set-up" in texts
    assert all(t.term in texts for t in TERMS)
    for d in dialogs:
        d.close()
