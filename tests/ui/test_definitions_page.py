"""The Definitions and Rules of engagement pages: live examples, editing, import, apply, warnings."""

from __future__ import annotations

import pytest

from slaplanner.imports.leads import ColumnMappingNeeded
from slaplanner.samples import sample_leads_path
from ui.qt import Qt

EditRole = Qt.ItemDataRole.EditRole
SAMPLE_LEADS = sample_leads_path()


def page(window, name):
    index = window.page_named(name)
    assert index >= 0, name
    window.show_page(index)
    return window.pages[index]


def load(qtbot, defs, path, **kwargs):
    with qtbot.waitSignal(defs.historyChanged, timeout=20000):
        defs.load_leads(path, **kwargs)
    defs.task.wait()


def test_pages_are_in_the_navigation(window):
    titles = [p.title for p in window.pages]
    assert titles.index("Definitions") + 1 == titles.index("Rules of engagement")


def test_examples_are_checked_live_as_the_threshold_changes(window):
    """The analytics manager scores 70: an MQL at a threshold of 50, broken at 75."""
    defs = page(window, "definitions")
    model = defs.examples_model
    assert [r.passed for r in model.results] == [True] * 5
    assert "All 5 examples pass" in defs.examples_label.text()
    defs.mql_edit.setText("75")
    defs.mql_edit.commit("75")
    assert window.document.plan.definitions.mql_threshold == 75
    assert model.value(1, 2) == "FAIL: Not qualified"
    assert "1 of 5 examples broken" in defs.examples_label.text()
    window.document.undo_stack.undo()
    assert model.value(1, 2) == "pass: MQL"


def test_editing_a_criterion_cell_changes_the_plan_and_a_bad_value_is_refused(window, sample_plan):
    defs = page(window, "definitions")
    fit = next(m for m in defs.models if m.section == "fit")
    points = [c.attr for c in fit.columns].index("points")
    assert fit.setData(fit.index(0, points), "12", EditRole)
    assert window.document.plan.definitions.fit[0].points == 12
    operator = [c.attr for c in fit.columns].index("operator")
    assert not fit.setData(fit.index(0, operator), "like", EditRole)
    assert window.document.plan.definitions.fit[0].operator == "between"
    assert "allowed: one of" in fit.data(fit.index(0, operator), Qt.ItemDataRole.ToolTipRole)
    window.document.undo_stack.undo()
    assert window.document.plan == sample_plan


def test_add_and_remove_an_example(window, sample_plan):
    defs = page(window, "definitions")
    defs.add_row("examples")
    examples = window.document.plan.definitions.examples
    assert len(examples) == 6 and examples[-1].name == "Example 1"
    model = defs.examples_model
    assert model.setData(model.index(5, 5), "demo_request=1@0", EditRole)  # the Events column
    assert model.value(5, 2) == "pass: SQL (fast lane)"  # expected "mql" (at least MQL); the demo makes an SQL
    defs.views["examples"].selectRow(5)
    defs.remove_rows("examples")
    assert window.document.plan.definitions.examples == sample_plan.definitions.examples
    window.document.undo_stack.setClean()  # leave nothing to save: closing the window must not ask


def test_import_shows_counts_and_apply_is_one_undo_step(window, qtbot, sample_plan):
    defs = page(window, "definitions")
    assert defs.results_split.isHidden()
    load(qtbot, defs, SAMPLE_LEADS)
    summary = defs.summary
    assert summary is not None and summary.months[0] == "2025-01"
    assert defs.history_model.rowCount() == len(summary.months) + 1
    assert defs.history_model.value(len(summary.months), 0) == summary.leads_scored  # the Total row
    assert "3 rows rejected (row 59" in defs.problems_label.text()
    assert not defs.results_split.isHidden()
    assert defs.chart.figure.axes and defs.chart.figure.axes[0].patches  # the bars were drawn
    defs.source_box.setCurrentIndex(defs.source_box.findData("Webinars"))  # one source only
    assert defs.history_model.value(0, 1) == summary.by_source["Webinars"]["MQL"][0]
    assert "Rates of Webinars" in defs.history_label.text()
    defs.source_box.setCurrentIndex(0)
    assert defs.history_model.value(0, 1) == summary.counts["MQL"][0]
    steps = window.document.undo_stack.count()
    defs.apply_to_plan()
    assert window.document.undo_stack.count() == steps + 1
    webinars = window.document.plan.source_named("Webinars")
    assert webinars.volume_mode == "monthly"
    assert webinars.monthly_leads[0] == summary.by_source["Webinars"]["Lead"][summary.months.index("2026-01")]
    window.document.undo_stack.undo()
    assert window.document.plan == sample_plan
    assert defs.apply_rates_button.isEnabled()
    defs.apply_rates_button.click()
    webinars = window.document.plan.source_named("Webinars")
    assert webinars.volume_mode == sample_plan.source_named("Webinars").volume_mode  # volumes kept
    assert webinars.conversion != sample_plan.source_named("Webinars").conversion
    assert window.document.undo_stack.undoText() == "Apply scored leads to rates"
    window.document.undo_stack.undo()
    assert window.document.plan == sample_plan


def test_unknown_columns_ask_for_a_mapping(window, qtbot, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("Signup;Channel\n2026-01-03;Webinars\n2026-02-04;Webinars\n", encoding="utf-8")
    defs = page(window, "definitions")
    asked: list[ColumnMappingNeeded] = []

    def answer(error):
        asked.append(error)
        return {"Signup": "created", "Channel": "source"}

    defs.ask_mapping = answer
    with qtbot.waitSignal(defs.historyChanged, timeout=20000):
        defs.load_leads(other)
        qtbot.waitUntil(lambda: bool(asked), timeout=20000)
    defs.task.wait()
    assert asked[0].headers == ("Signup", "Channel")
    assert defs.summary is not None and defs.summary.counts["Lead"] == (1, 1)


def test_a_file_that_is_not_csv_is_reported(window, qtbot, tmp_path):
    binary = tmp_path / "leads.xlsx"
    binary.write_bytes(b"PK\x03\x04" + bytes(64))
    defs = page(window, "definitions")
    load(qtbot, defs, binary)
    assert "not a CSV file" in defs.history_label.text()
    assert defs.summary is None and not defs.apply_button.isEnabled()


def test_rules_page_shows_conflicts_beside_the_stage(window):
    rules = page(window, "rules of engagement")
    model = rules.model
    assert model.conflicts == ()
    assert rules.conflict_list.count() == 0
    sal = window.document.plan.stages.index("SAL")
    actions = next(c for c in range(model.columnCount()) if model.header(c, Qt.Orientation.Horizontal) == "On entry")
    assert model.setData(model.index(sal, actions), "create_task", EditRole)  # no more stop_nurture
    warnings = model.columnCount() - 1
    assert "nurture started in Lead is never stopped before SAL" in model.value(sal, warnings)
    assert rules.conflict_list.count() == 1
    assert not model.setData(model.index(sal, 0), "finance", EditRole)  # owner refused
    assert "Marketing, Sales, Shared" in model.data(model.index(sal, 0), Qt.ItemDataRole.ToolTipRole)
    window.document.undo_stack.setClean()


def test_typing_into_a_stage_without_rule_creates_it(window):
    from dataclasses import replace

    from slaplanner.plan.edits import Edit
    from slaplanner.plan.engagement import RulesOfEngagement

    plan = window.document.plan
    without = RulesOfEngagement(tuple(r for r in plan.engagement.stages if r.stage != "Won"))
    window.document.apply(Edit(("engagement",), without, "drop Won"))
    rules = page(window, "rules of engagement")
    won = plan.stages.index("Won")
    assert rules.model.value(won, 0) == "—"
    assert [c.kind for c in rules.model.conflicts] == ["no_owner"]
    assert rules.model.setData(rules.model.index(won, 0), "sales", EditRole)
    assert window.document.plan.engagement.rule_for("Won") == replace(
        window.document.plan.engagement.rule_for("Won"), owner="sales"
    )
    assert rules.model.conflicts == ()
    window.document.undo_stack.setClean()


@pytest.mark.parametrize("name", ["definitions", "rules of engagement"])
def test_pages_render_offscreen(window, name, tmp_path):
    shown = page(window, name)
    window.show()
    image = shown.grab()
    assert not image.isNull() and image.width() > 400
    assert image.save(str(tmp_path / "page.png"))


def test_models_pass_qtmodeltester_with_history_loaded(window, qtbot, qtmodeltester):
    defs = page(window, "definitions")
    load(qtbot, defs, SAMPLE_LEADS)
    rules = page(window, "rules of engagement")
    for model in (*defs.models, defs.history_model, rules.model):
        qtmodeltester.check(model, force_py=True)


def test_codes_read_as_labels_but_edit_as_codes(window):
    """The tables show "Company size" and "≥", the example outcomes "Not qualified"; the stored plan
    keeps the codes. A free field's cell editor shows its code; a fixed choice's shows its words."""
    defs = page(window, "definitions")
    fit = next(m for m in defs.models if m.section == "fit")
    attrs = [c.attr for c in fit.columns]
    row = next(i for i, c in enumerate(window.document.plan.definitions.fit) if c.operator == "gte")
    field, operator = fit.index(row, attrs.index("field")), fit.index(row, attrs.index("operator"))
    assert fit.data(field, Qt.ItemDataRole.DisplayRole) == "Company size"
    assert fit.data(operator, Qt.ItemDataRole.DisplayRole) == "≥"
    assert fit.data(field, EditRole) == "company_size" and fit.data(operator, EditRole) == "≥"
    assert "Stored as gte" in fit.data(operator, Qt.ItemDataRole.ToolTipRole)
    behaviour = next(m for m in defs.models if m.section == "behaviour")
    shown = [behaviour.data(behaviour.index(r, 0), Qt.ItemDataRole.DisplayRole) for r in range(behaviour.rowCount())]
    assert "Pricing page views" in shown and not any("_" in s for s in shown)
    examples = defs.examples_model
    musts = [examples.data(examples.index(r, 1), Qt.ItemDataRole.DisplayRole) for r in range(examples.rowCount())]
    assert "Not qualified" in musts and "not_qualified" not in musts
    assert examples.data(examples.index(musts.index("Not qualified"), 1), EditRole) == "Not qualified"
    events = [examples.data(examples.index(r, 5), Qt.ItemDataRole.DisplayRole) for r in range(examples.rowCount())]
    assert "Demo requests ×1 (0 days ago)" in events and not any("_" in e for e in events)
    assert "demo_request=1@0" in [examples.data(examples.index(r, 5), EditRole) for r in range(examples.rowCount())]
    facts = examples.data(examples.index(0, 4), Qt.ItemDataRole.DisplayRole)
    assert facts.startswith("Company size: ") and "company_size" in examples.data(examples.index(0, 4), EditRole)
    why = " ".join(examples.data(examples.index(r, 6), Qt.ItemDataRole.DisplayRole) for r in range(examples.rowCount()))
    assert "Company size ≥ 1,000" in why and "company_size" not in why and "pricing_page_view" not in why
    assert window.document.plan.definitions.fit[row].field == "company_size"  # stored codes unchanged


def test_an_example_value_with_a_semicolon_shows(qtbot, sample_plan):
    """Issue 17: the page raised an exception for a valid plan whose example lead had ';' in a value."""
    from dataclasses import replace

    from ui.document import PlanDocument
    from ui.pages.definitions import DefinitionsPage

    example = sample_plan.definitions.examples[0]
    fields = tuple((k, "VP; Data" if k == "job_title" else v) for k, v in example.fields)
    examples = (replace(example, fields=fields), *sample_plan.definitions.examples[1:])
    plan = replace(sample_plan, definitions=replace(sample_plan.definitions, examples=examples))
    page = DefinitionsPage(PlanDocument(plan))
    qtbot.addWidget(page)
    page.refresh(plan)
    page.grab()


def choose(view, row, col, words):
    """Open the cell's drop-down editor, choose ``words`` and commit, as a user does."""
    from ui.tables import ChecklistBox

    index = view.model().index(row, col)
    delegate = view.itemDelegateForIndex(index)
    editor = delegate.createEditor(view.viewport(), None, index)
    delegate.setEditorData(editor, index)
    if isinstance(editor, ChecklistBox):
        editor.set_checked(words)
    else:
        assert words[0] in [editor.itemText(i) for i in range(editor.count())]
        editor.setCurrentText(words[0])
    delegate.setModelData(editor, view.model(), index)
    editor.deleteLater()


def test_choosing_a_hand_off_action_or_owner_by_its_words_stores_the_code(window):
    """The "On entry" drop-down lists "Notify the owner" ..., the owner drop-down "Sales"; the plan
    stores ``notify_owner`` and ``sales`` as before."""
    rules = page(window, "rules of engagement")
    model, view = rules.model, rules.view
    sal = window.document.plan.stages.index("SAL")
    actions = next(c for c in range(model.columnCount()) if model.header(c, Qt.Orientation.Horizontal) == "On entry")
    choose(view, sal, actions, ["Notify the owner", "Create a follow-up task"])
    assert window.document.plan.engagement.rule_for("SAL").handoff_actions == ("notify_owner", "create_task")
    assert model.data(model.index(sal, actions)) == "Notify the owner, Create a follow-up task"
    choose(view, sal, 0, ["Shared"])
    assert window.document.plan.engagement.rule_for("SAL").owner == "shared"
    assert model.setData(model.index(sal, actions), "stop nurture emails; assign_owner", EditRole)  # typed
    assert window.document.plan.engagement.rule_for("SAL").handoff_actions == ("stop_nurture", "assign_owner")
    assert not model.setData(model.index(sal, actions), "Fly to the moon", EditRole)
    assert "Notify the owner" in window.statusBar().currentMessage()
    window.document.undo_stack.setClean()


def test_the_fast_lane_reads_and_takes_words_and_stores_codes(window):
    window.show()
    defs = page(window, "definitions")
    assert window.document.plan.definitions.fast_lane_events  # the sample plan has a fast lane
    assert "_" not in defs.fast_edit.text() and defs.fast_edit.text()[0].isupper()
    defs.fast_edit.setText("Demo request, Contact requests")
    defs.fast_edit.commit(defs.fast_edit.text())
    assert window.document.plan.definitions.fast_lane_events == ("demo_request", "contact_request")
    defs.fast_edit.clearFocus()  # a field being typed in keeps its text while it means the same
    defs.refresh(window.document.plan)
    assert defs.fast_edit.text() == "Demo request, Contact request"
    window.document.undo_stack.setClean()


def test_choosing_an_operator_by_its_words_stores_the_code(window):
    defs = page(window, "definitions")
    fit = next(m for m in defs.models if m.section == "fit")
    operator = [c.attr for c in fit.columns].index("operator")
    choose(defs.views["fit"], 0, operator, ["is one of"])
    assert window.document.plan.definitions.fit[0].operator == "in"
    window.document.undo_stack.setClean()
