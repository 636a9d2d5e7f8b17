"""The Agreement terms page: the governance of the SLA edited as plan data, one undo step per edit,
drop-downs for fixed choices, refusals in the words of the row, and no sideways scrolling at 150 %."""

from __future__ import annotations

import pytest

from slaplanner.plan.governance import EscalationLevel, Governance
from ui.pages.agreement_terms import AgreementTermsPage, ChoiceDelegate
from ui.qt import QApplication, QComboBox, Qt, QtWidgets

EditRole = Qt.ItemDataRole.EditRole
DisplayRole = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def terms(window) -> AgreementTermsPage:
    index = window.page_named("Agreement terms")
    assert index >= 0
    window.show_page(index)
    page = window.pages[index]
    assert isinstance(page, AgreementTermsPage)
    return page


def row_of(model, label: str) -> int:
    return next(i for i, s in enumerate(model.settings) if s.label == label)


def test_the_page_sits_after_commitments_and_shows_the_plans_terms(window, terms):
    titles = [p.title for p in window.pages]
    assert titles.index("Agreement terms") == titles.index("Commitments") + 1
    ladder = terms.ladder_model
    assert [ladder.headerData(r, Qt.Orientation.Vertical) for r in range(3)] == ["Level 1", "Level 2", "Level 3"]
    assert ladder.data(ladder.index(1, 1), DisplayRole) == "1 business day"
    row = row_of(terms.term_model, "Effective date")
    assert terms.term_model.data(terms.term_model.index(row, 0), DisplayRole) == "1 January 2026 (the plan's first day)"
    assert "Hot: accept or reject within 24 h" in terms.sales_note.text()  # sales' side, from the commitments


def test_models_pass_the_model_tester(qtmodeltester, terms):
    for model in (terms.term_model, terms.meetings_model, terms.ladder_model, terms.quality_model):
        qtmodeltester.check(model)


def test_an_escalation_edit_is_one_undo_step(window, terms):
    before = window.document.plan
    ladder = terms.ladder_model
    assert ladder.setData(ladder.index(1, 1), "16", EditRole)
    assert window.document.plan.governance.escalation[1] == EscalationLevel("VP Sales", 16.0)
    assert ladder.data(ladder.index(1, 1), DisplayRole) == "2 business days"
    window.document.undo_stack.undo()
    assert window.document.plan == before


def test_a_refused_value_names_the_field_in_plain_words(window, terms):
    before = window.document.plan
    with_message = []
    window.document.editRefused.connect(with_message.append)
    assert not terms.ladder_model.setData(terms.ladder_model.index(1, 1), "0", EditRole)
    assert window.document.plan == before
    assert with_message[-1].startswith("Level 2, Settles it within (business hours): 0 is not allowed")
    model = terms.term_model
    assert not model.setData(model.index(row_of(model, "Term (months)"), 0), "40", EditRole)
    assert with_message[-1].startswith("Term (months): 40 is not allowed; allowed: a whole number from 1 to 36")
    quality = terms.quality_model
    assert not quality.setData(quality.index(row_of(quality, "Acceptance rate, at least"), 0), "120", EditRole)
    assert "Acceptance rate, at least: 120 % is not allowed" in with_message[-1]
    assert not quality.setData(quality.index(row_of(quality, "Lead routing"), 0), "random", EditRole)
    assert "Lead routing" in with_message[-1] and "by territory, round-robin, by segment" in with_message[-1]
    assert not model.setData(model.index(row_of(model, "Effective date"), 0), "next week", EditRole)
    assert "Effective date" in with_message[-1] and "is not a date" in with_message[-1]
    assert window.document.plan == before
    assert terms.message.text() == with_message[-1]


def test_fixed_choices_are_drop_downs(window, terms, qtbot):
    view = terms.meetings_view
    delegate = view.itemDelegateForColumn(1)
    assert isinstance(delegate, ChoiceDelegate)
    index = terms.meetings_model.index(0, 1)
    editor = delegate.createEditor(view.viewport(), QtWidgets.QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "weekly",
        "every two weeks",
        "monthly",
        "quarterly",
        "yearly",
    ]
    delegate.setEditorData(editor, index)
    assert editor.currentText() == "weekly"
    editor.setCurrentIndex(1)
    delegate.setModelData(editor, terms.meetings_model, index)
    assert window.document.plan.governance.reviews[0].frequency == "every_two_weeks"
    routing = row_of(terms.quality_model, "Lead routing")
    assert isinstance(terms.quality_view.itemDelegateForRow(routing), ChoiceDelegate)
    assert terms.quality_model.setData(terms.quality_model.index(routing, 0), "by territory", EditRole)
    assert window.document.plan.governance.routing_method == "territory"


def test_buttons_add_and_remove_levels_and_meetings_and_restore(window, terms):
    terms.add_level()
    levels = window.document.plan.governance.escalation
    assert len(levels) == 4 and levels[-1].within_business_hours == 48.0
    terms.remove_last_level()
    terms.add_meeting()
    assert window.document.plan.governance.reviews[-1].name == "Meeting 4"
    terms.meetings_view.setCurrentIndex(terms.meetings_model.index(0, 0))
    terms.remove_selected_meeting()
    assert [m.name for m in window.document.plan.governance.reviews] == [
        "Monthly review",
        "Quarterly renegotiation",
        "Meeting 4",
    ]
    terms.restore_defaults()
    assert window.document.plan.governance == Governance()
    assert terms.meetings_model.rowCount() == 3


def test_no_sideways_scrolling_at_150_percent_on_1280_by_800(window, terms, qtbot):
    window.resize(1280, 800)
    window.show()
    window.view.set_zoom(1.5)
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(50)
    scrolled = [
        type(area).__name__
        for area in terms.findChildren(QtWidgets.QAbstractScrollArea)
        if area.isVisibleTo(terms) and area.horizontalScrollBar().isVisible() and area.horizontalScrollBar().maximum()
    ]
    assert scrolled == []
