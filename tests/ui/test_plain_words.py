"""Plain words on screen: no ISO months or dates ("2026-02", "2026-02-12") and no codes
(``demo_request``, ``notify_owner``) in any page's labels, fields, buttons, table cells or headings;
refusals name the field in words."""

from __future__ import annotations

import re

import pytest
from PySide6.QtTest import QTest

from ui.qt import QAbstractItemView, QComboBox, QGroupBox, QLabel, QLineEdit, QPushButton, Qt, QtWidgets

ISO = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def visible_texts(page) -> list[str]:
    texts: list[str] = []
    for w in page.findChildren(QtWidgets.QWidget):
        if not w.isVisibleTo(page):
            continue
        if isinstance(w, (QLabel, QPushButton, QtWidgets.QCheckBox)):
            texts.append(re.sub(r"<[^>]+>", "", w.text()))
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QLineEdit):
            texts.append(w.text())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None and not isinstance(w, QtWidgets.QHeaderView):
            model = w.model()
            columns = model.columnCount() if isinstance(w, QtWidgets.QTableView) else 1
            for c in range(columns):
                texts.append(str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
            for r in range(model.rowCount()):
                texts.append(str(model.headerData(r, Qt.Orientation.Vertical) or ""))
                texts += [str(model.index(r, c).data() or "") for c in range(columns)]
    return texts


def _titles():
    from ui.pages import discover_pages

    classes, _errors = discover_pages()
    return [c.title for c in sorted(classes, key=lambda c: c.order)]


@pytest.mark.parametrize("title", _titles())
def test_no_iso_months_or_codes_on_any_page(window, title):
    window.show()
    index = window.page_named(title)
    window.navigator.show_page(index)
    page = window.navigator.pages[index]
    texts = visible_texts(page)
    iso = [t for t in texts if ISO.search(t)]
    codes = [t for t in texts if CODE.search(t)]
    assert not iso, iso[:5]
    assert not codes, codes[:5]


def test_the_first_month_is_written_and_read_as_people_do(window):
    page = window.navigator.pages[window.page_named("Plan & targets")]
    window.navigator.show_page(window.page_named("Plan & targets"))
    field = next(f for f in page.fields if f.key == "start_month")
    assert field.text() == "Jan 2026"
    field.setText("Mar 2026")
    field.commit(field.text())
    assert window.document.plan.start_month == "2026-03"


def test_a_refused_threshold_names_the_field_in_words(window):
    window.show()
    page = window.navigator.pages[window.page_named("Definitions")]
    window.navigator.show_page(window.page_named("Definitions"))
    page.sql_edit.setFocus()
    page.sql_edit.selectAll()
    QTest.keyClicks(page.sql_edit, "8")  # on the way to 80
    message = window.statusBar().currentMessage()
    assert "SQL threshold: 8 is not allowed" in message and "sql_threshold" not in message


def test_the_clock_of_a_response_target_is_words_and_a_drop_down(window):
    """New-user trial: the Commitments page showed the stored code "business"."""
    from ui.pages.commitments import TIER_COLUMNS
    from ui.tables import ChoiceDelegate

    page = next(p for p in window.pages if p.title == "Commitments")
    model, view = page.tiers_model, page.tiers_view
    col = next(i for i, c in enumerate(TIER_COLUMNS) if c.field == "clock")
    assert model.data(model.index(0, col)) == "Business hours"
    delegate = view.itemDelegateForColumn(col)
    assert isinstance(delegate, ChoiceDelegate) and delegate.choices == ["Business hours", "Around the clock"]
    assert model.setData(model.index(0, col), "Around the clock")
    assert window.document.plan.commitments.response[0].clock == "clock"
    assert model.setData(model.index(0, col), "business hours")  # typed words read too
    assert window.document.plan.commitments.response[0].clock == "business"
    assert not model.setData(model.index(0, col), "weekdays")
    assert window.document.plan.commitments.response[0].clock == "business"


def test_the_tier_table_names_each_tier_once(window):
    """New-user trial: the tier table read 'Hot | Hot' (a row header beside the editable Tier column)."""
    page = next(p for p in window.pages if p.title == "Commitments")
    assert not page.tiers_view.verticalHeader().isVisible()
    assert page.tiers_model.data(page.tiers_model.index(0, 0)) == "Hot"
