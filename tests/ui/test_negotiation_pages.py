"""Proposals in the window, the Compare and History pages and the Sign dialog, end to end.

The sample plan's marketing commitment is Mid-Market 165 + SMB 70 + Enterprise 100 = 335 SQLs a
month (read from the plan below, not from the code under test); raising Enterprise to 120 makes
it 335 - 100 + 120 = 355.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from slaplanner.agreement.model import Signatory
from slaplanner.plan.commitments import SqlCommitment
from slaplanner.plan.edits import Edit
from slaplanner.storage import file_store
from ui.pages.compare import DOWN, UP, ComparisonModel
from ui.pages.history import VersionsModel
from ui.qt import QFont, QMessageBox, Qt
from ui.sign_dialog import SignDialog

ENTERPRISE_LABEL = "Marketing's SQL commitment (Enterprise): 100 -> 120 a month"


@pytest.fixture(autouse=True)
def quick_results(window):
    """Few simulation runs: the tests check what is shown, not the statistics."""
    window.document.results.update(runs=100)


def page(window, name):
    index = window.page_named(name)
    assert index >= 0, name
    window.show_page(index)
    return window.pages[index]


def raise_enterprise(window, to: float = 120.0) -> None:
    plan = window.document.plan
    marketing = tuple(
        SqlCommitment(m.segment, to) if m.segment == "Enterprise" else m for m in plan.commitments.marketing
    )
    window.document.apply(Edit(("commitments", "marketing"), marketing, "Raise Enterprise"))


def combo_items(window) -> list[str]:
    combo = window.proposals.combo
    return [combo.itemText(i) for i in range(combo.count())]


def choose_in_combo(window, name: str) -> None:
    combo = window.proposals.combo
    index = combo.findData(name)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


@pytest.fixture
def two_proposals(window, tmp_path):
    """The sample saved as a .slaplan file, with a second proposal "Sales counter" whose version 2
    raises Enterprise's commitment from 100 to 120."""
    path = tmp_path / "workshop.slaplan"
    assert window.save_to(path)
    assert window.proposals.new_proposal("Sales counter")
    raise_enterprise(window)
    assert window.save()
    return path


def wait_for_task(qtbot, owner) -> None:
    qtbot.waitUntil(lambda: owner.task is not None and not owner.task.is_running(), timeout=60000)
    qtbot.wait(20)  # the queued result arrives


# -- proposals in the window --------------------------------------------------------------------
def test_the_toolbar_and_status_bar_say_which_proposal_and_version_is_open(window):
    assert combo_items(window) == ["Plan (draft)"]
    assert window.proposals.status_label.text() == "Proposal Plan, version 1 (draft)"
    assert "Proposal Plan, version 1 (draft)" in window.windowTitle()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-2:] == ["&Proposals", "&Help"]


def test_a_new_proposal_on_an_untitled_plan_keeps_the_unsaved_edits(window, sample_plan):
    raise_enterprise(window)
    assert window.proposals.new_proposal("Sales counter")
    assert combo_items(window) == ["Plan (draft)", "Sales counter (draft)"]
    assert window.proposals.combo.currentData() == "Sales counter"
    assert window.document.is_modified  # the edits moved along, still unsaved
    assert window.document.plan.commitments.marketing[2].sqls_per_month == 120.0
    assert "unsaved changes" in window.proposals.status_label.text()

    choose_in_combo(window, "Plan")  # unsaved changes: the window asks (the test answers Discard)
    assert window.document.session.proposal == "Plan"
    assert window.document.plan == sample_plan
    assert window.proposals.status_label.text() == "Proposal Plan, version 1 (draft)"


def test_cancel_keeps_the_open_proposal_and_its_edits(window, monkeypatch):
    window.proposals.new_proposal("Sales counter")
    raise_enterprise(window)
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Cancel)
    choose_in_combo(window, "Plan")
    assert window.document.session.proposal == "Sales counter"
    assert window.proposals.combo.currentData() == "Sales counter"  # the box shows what is open again
    assert window.document.plan.commitments.marketing[2].sqls_per_month == 120.0


def test_new_proposal_asks_its_name_and_a_taken_name_is_refused_plainly(window, monkeypatch):
    monkeypatch.setattr(window.proposals, "ask_name", lambda title, label, text: "Compromise")
    window.proposals.new_action.trigger()
    assert window.document.session.proposal == "Compromise"
    monkeypatch.setattr(window.proposals, "ask_name", lambda title, label, text: "compromise")
    window.proposals.new_action.trigger()
    assert combo_items(window) == ["Plan (draft)", "Compromise (draft)"]
    (title, message), *_ = window.errors
    assert title == "The proposal was not added"
    assert message == "“compromise” is not allowed; allowed: a name no other proposal has"


def test_reload_after_a_conflicting_save_opens_the_latest_version(two_proposals, window, monkeypatch):
    other = replace(window.document.plan, name="Saved elsewhere")
    file_store(two_proposals).save_version("Sales counter", other, parent=2, author="Sam")  # someone else saves v3
    raise_enterprise(window, 130.0)
    assert not window.save()
    _title, message = window.errors[-1]
    assert "Not saved: Sales counter version 3 was saved by Sam" in message
    monkeypatch.setattr(window.proposals, "ask_discard", lambda question: True)
    window.proposals.reload_action.trigger()
    assert window.document.session.base == 3
    assert window.document.plan.name == "Saved elsewhere"
    assert not window.document.is_modified


# -- the Compare page ---------------------------------------------------------------------------------
def test_compare_highlights_the_raised_enterprise_commitment(two_proposals, window, qtbot, sample_plan):
    committed = sum(m.sqls_per_month for m in sample_plan.commitments.marketing)
    assert committed == 335  # 165 + 70 + 100
    compare = page(window, "compare")
    assert compare.checked() == ["Plan", "Sales counter"]
    compare.set_base("Plan")
    compare.start()
    wait_for_task(qtbot, compare)

    model = compare.model
    assert [model.header_text(c) for c in range(3)] == [
        "Measure",
        "Plan (base)",
        "Sales counter",
    ]
    row = next(r for r in range(model.rowCount()) if model.rows[r].key == "sqls_committed")
    assert model.text(row, 1) == "335"
    assert model.text(row, 2) == f"355 {UP}"  # the arrow, not colour alone
    cell, base_cell = model.index(row, 2), model.index(row, 1)
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None
    font = model.data(cell, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert model.data(base_cell, Qt.ItemDataRole.BackgroundRole) is None
    assert "Differs from the base, Plan: 335" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    planned = next(r for r in range(model.rowCount()) if model.rows[r].key == "sqls_planned")
    assert model.text(planned, 1) == model.text(planned, 2)  # the commitment is an input: planned SQLs stay
    assert model.data(model.index(planned, 2), Qt.ItemDataRole.BackgroundRole) is None

    labels = [line.get_label() for line in compare.chart.figure.axes[0].get_lines()]
    assert "Plan: planned" in labels and "Sales counter: planned" in labels

    compare.set_base("Sales counter")  # the other base: the same figures, the arrow turns
    assert model.text(row, 1) == f"335 {DOWN}"
    assert model.header_text(2) == "Sales counter (base)"
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "Sales counter (base)"

    assert "Out of date" not in compare.state.text()
    raise_enterprise(window, 125.0)
    assert compare.is_out_of_date()
    assert "Out of date" in compare.state.text()


def test_compare_needs_two_to_four_proposals(window):
    compare = page(window, "compare")
    assert not compare.compare_button.isEnabled()
    assert "one proposal" in compare.state.text()
    for name in ("B", "C", "D", "E"):
        window.proposals.new_proposal(name)
    assert len(compare.checked()) == 4
    unchecked = [box for name, box in compare.checks.items() if not box.isChecked()]
    assert unchecked and not any(box.isEnabled() for box in unchecked)  # a fifth waits
    assert compare.compare_button.isEnabled()


def test_comparison_model_is_a_valid_qt_model(two_proposals, window, qtbot, qtmodeltester):
    compare = page(window, "compare")
    compare.start()
    wait_for_task(qtbot, compare)
    qtmodeltester.check(compare.model)
    qtmodeltester.check(ComparisonModel())


# -- the History page -----------------------------------------------------------------------------------
def test_history_lists_versions_and_what_changed(two_proposals, window, qtbot):
    history = page(window, "history")
    model = history.model
    assert model.rowCount() == 2
    assert model.text(0, 0) == "2 (open)"
    assert model.text(1, 3) == "Copy of Plan version 1"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}", model.text(0, 1))
    assert model.text(0, 4) == window.document.session.agreement.proposal("Sales counter").head.fingerprint[:12]
    assert history.change_labels() == [ENTERPRISE_LABEL]

    history.choose(("Plan", 1), ("Sales counter", 2))  # another proposal's version
    assert history.change_labels() == [ENTERPRISE_LABEL]
    history.choose(("Plan", 1), ("Sales counter", 1))
    assert history.change_labels() == ["Nothing: the two versions have the same content."]

    history.choose(("Sales counter", 1), ("Sales counter", 2))
    history.start_results()
    wait_for_task(qtbot, history)
    assert any(label.startswith("Chance marketing meets its SQL commitment") for label in history.moved_labels())
    assert "100 simulation runs each" in history.moved_label.text()


def test_history_opens_an_older_version_and_starts_a_proposal_from_it(two_proposals, window, monkeypatch):
    history = page(window, "history")
    history.select_version(1)
    assert history.open_button.text() == "Open This Version Read-Only"
    assert history.open_selected()
    assert window.document.session.base == 1
    assert window.proposals.status_label.text() == "Proposal Sales counter, version 1 of 2 (draft, an older version)"
    assert window.document.plan.commitments.marketing[2].sqls_per_month == 100.0

    history.select_version(1)
    assert history.start_from_selected(name="From version 1")
    session = window.document.session
    assert session.proposal == "From version 1"
    assert session.agreement.proposal("From version 1").based_on == ("Sales counter", 1)
    assert window.document.plan.commitments.marketing[2].sqls_per_month == 100.0


def test_versions_model_is_a_valid_qt_model(two_proposals, window, qtmodeltester):
    qtmodeltester.check(page(window, "history").model)
    qtmodeltester.check(VersionsModel())


# -- signing ---------------------------------------------------------------------------------------------------
def sign(window, name: str, side: str, title: str = "") -> SignDialog:
    dialog = SignDialog(window.document, window)
    dialog.name.setText(name)
    dialog.title_edit.setText(title)
    dialog.side.setCurrentIndex(dialog.side.findData(side))
    dialog.sign()
    return dialog


def test_signing_by_both_sides_makes_it_agreed_and_edits_go_to_a_new_proposal(two_proposals, window, qtbot):
    dialog = SignDialog(window.document, window)
    fingerprint = window.document.session.agreement.proposal("Sales counter").head.fingerprint
    assert "Proposal Sales counter, version 2" in dialog.what.text()
    assert fingerprint[:16] in dialog.what.text()
    assert "becomes the agreed version and is locked" in dialog.meaning.text()

    first = sign(window, "Dana Whitfield", "marketing", "VP Marketing")
    assert first.result() == SignDialog.DialogCode.Accepted
    again = sign(window, "Dana Whitfield", "marketing")
    assert again.refusal.text().startswith(
        "Not signed. Marketing already signed Sales counter version 2 (Dana Whitfield"
    )
    assert "(draft)" in window.proposals.status_label.text()

    with qtbot.waitSignal(window.document.agreementChanged):
        sign(window, "Sam Ortega", "sales", "VP Sales")
    assert window.proposals.status_label.text() == "Proposal Sales counter, version 2 (AGREED)"
    assert "Proposal Sales counter, version 2 (AGREED)" in window.windowTitle()
    assert "Sales counter (AGREED)" in combo_items(window)
    history = page(window, "history")
    assert history.model.text(0, 6) == "Agreed (locked)"
    signed = history.model.text(0, 5)
    assert "Marketing: Dana Whitfield (VP Marketing)" in signed and "Sales: Sam Ortega (VP Sales)" in signed
    refused = sign(window, "Someone", "sales")
    assert refused.refusal.text() == "Not signed. Sales counter version 2 is already agreed and locked"

    raise_enterprise(window, 130.0)
    assert "saving puts them in a new proposal" in window.proposals.status_label.text()
    assert window.save()
    assert window.document.session.proposal == "Sales counter (amendment)"
    # What happened first: at 1280 px the status bar cut 'your changes were saved as a new proposal, Sales c'.
    assert window.statusBar().currentMessage().startswith("Saved as a new proposal, Sales counter (amendment): ")
    assert "Sales counter (amendment) (draft)" in combo_items(window)
    assert "Sales counter (AGREED)" in combo_items(window)
    agreement = window.document.session.agreement
    assert agreement.proposal("Sales counter").head.number == 2  # the agreed version never changed


def test_the_dialog_keeps_the_cores_rule_of_who_may_sign(two_proposals, window):
    """The dialog signs through the core: one person never signs both sides, only the side's
    signatory signs for it, and an empty title keeps theirs."""
    assert sign(window, "Dana Whitfield", "marketing", "VP Marketing").result() == SignDialog.DialogCode.Accepted
    both = sign(window, "dana  whitfield", "sales")
    assert both.refusal.text() == (
        "Not signed. Dana Whitfield already signed Sales counter version 2 for marketing; one person cannot "
        "sign for both sides, so someone else signs for sales"
    )
    choose_in_combo(window, "Plan")
    intern = sign(window, "Random Intern", "marketing")
    assert intern.refusal.text() == (
        "Not signed. Random Intern may not sign for marketing: only Dana Whitfield (VP Marketing) may sign for "
        "marketing in this agreement"
    )
    assert sign(window, "Dana Whitfield", "marketing").result() == SignDialog.DialogCode.Accepted
    agreement = window.document.session.agreement
    assert [(s.name, s.title) for s in agreement.signatures_of("Plan")] == [("Dana Whitfield", "VP Marketing")]
    assert agreement.status("Sales counter") == "draft"


def test_signing_is_refused_before_the_agreement_is_a_slaplan_file(window):
    dialog = sign(window, "Dana Whitfield", "marketing")
    assert dialog.refusal.text() == "Not signed. Save the agreement as a .slaplan file before signing it"
    assert not window.document.session.agreement.signatures


def test_signing_with_unsaved_changes_asks_to_save_first(two_proposals, window):
    raise_enterprise(window, 130.0)
    dialog = sign(window, "Dana Whitfield", "marketing")
    assert dialog.refusal.text() == "Not signed. Save your changes first: only a saved version can be signed."
    assert not window.document.session.agreement.signatures


def test_a_known_signatory_fills_in_title_and_side(two_proposals, window):
    window.document.sign(Signatory("Dana Whitfield", "marketing", "VP Marketing"))
    dialog = SignDialog(window.document, window)
    assert dialog.side.currentData() == "sales"  # the side that has not signed yet
    dialog.name.setText("dana whitfield")
    dialog.name.editingFinished.emit()
    assert dialog.title_edit.text() == "VP Marketing"
    assert dialog.side.currentData() == "marketing"
