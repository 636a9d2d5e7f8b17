"""The editors one by one: sources, volume mode, growth, seasonality, stages, targets."""

from __future__ import annotations

import pytest

from ui.document import PlanDocument
from ui.mainwindow import MainWindow, empty_plan
from ui.qt import Qt

EditRole = Qt.ItemDataRole.EditRole
ToolTip = Qt.ItemDataRole.ToolTipRole


def page(window, name):
    index = window.page_named(name)
    window.show_page(index)
    return window.pages[index]


def test_switching_a_source_to_monthly_values_keeps_its_leads_and_back(window, sample_plan):
    model = page(window, "lead volume").sources_model
    leads = sample_plan.sources[0].leads(sample_plan.months)
    assert model.setData(model.index(0, 3), "Monthly values", EditRole)
    src = window.document.plan.sources[0]
    # typed months are whole leads, as the grid shows them: each month within half a lead
    assert src.volume_mode == "monthly" and src.monthly_leads == pytest.approx(leads, abs=0.5)
    assert all(v == int(v) for v in src.monthly_leads)
    assert not model.is_editable(0, 4)  # baseline does not apply to typed months
    assert model.setData(model.index(0, 3), "Baseline × seasonality", EditRole)
    back = window.document.plan.sources[0]
    assert back.volume_mode == "baseline" and back.leads(sample_plan.months) == pytest.approx(leads)
    assert not model.setData(model.index(0, 3), "weekly", EditRole)
    assert "not a way to give volume" in model.data(model.index(0, 3), ToolTip)


def test_growth_is_typed_in_percent(window):
    model = page(window, "lead volume").sources_model
    assert model.setData(model.index(1, 5), "2.5", EditRole)
    assert window.document.plan.sources[1].growth == pytest.approx(0.025)
    assert model.data(model.index(1, 5), Qt.ItemDataRole.DisplayRole) == "2.5 %"
    assert not model.setData(model.index(1, 5), "150", EditRole)
    assert "150 % is not allowed; allowed: from -50 % to 100 %" in model.data(model.index(1, 5), ToolTip)


def test_a_duplicate_source_name_is_refused(window, sample_plan):
    model = page(window, "lead volume").sources_model
    assert not model.setData(model.index(1, 0), "organic search", EditRole)
    assert "a name no other source has" in model.data(model.index(1, 0), ToolTip)
    assert window.document.plan == sample_plan


def test_seasonality_paste_changes_the_computed_months(window, sample_plan):
    lead = page(window, "lead volume")
    lead.season_view.setCurrentIndex(lead.season_model.index(0, 0))
    assert lead.season_view.paste_text("1.2\t1,3\n") is None  # a decimal comma from a European sheet
    src = window.document.plan.sources[0]
    assert src.seasonality[:2] == (1.2, 1.3)
    jan = lead.months_model.value(0, 0)
    assert jan == pytest.approx(src.baseline * 1.2)


def test_renaming_stages_keeps_the_rates_of_kept_transitions(window, sample_plan):
    settings_page = page(window, "plan")
    field = settings_page.stages_edit
    field.setText("Lead, MQL, SQL, Opportunity, Won")  # SAL merged away
    field.editingFinished.emit()
    plan = window.document.plan
    assert plan.stages == ("Lead", "MQL", "SQL", "Opportunity", "Won")
    assert plan.sources[0].conversion[0] == sample_plan.sources[0].conversion[0]  # Lead -> MQL kept
    # MQL -> SQL merges MQL -> SAL and SAL -> SQL, so the SQLs planned stay the same.
    old = sample_plan.sources[0].conversion
    assert plan.sources[0].conversion[1].likely == pytest.approx(old[1].likely * old[2].likely)
    assert page(window, "funnel").rates_model.columnCount() == 12
    field.setText("Lead")
    field.editingFinished.emit()
    assert "Stages:" in field.error and "from 2 to 10 stages" in field.error
    assert window.document.plan.stages == ("Lead", "MQL", "SQL", "Opportunity", "Won")


def test_targets_can_be_typed_into_a_plan_without_any(qtbot, settings):
    win = MainWindow(PlanDocument(empty_plan()), settings=settings)
    qtbot.addWidget(win)
    model = page(win, "plan").targets_model
    assert model.setData(model.index(0, 2), "1.000.000", EditRole)
    targets = win.document.plan.terms.revenue_target
    assert len(targets) == 12 and targets[2] == 1_000_000.0 and sum(targets) == 1_000_000.0
    assert not model.is_editable(1, 0)  # marketing-sourced is computed


def test_start_month_is_checked_when_the_field_is_left(window):
    field = page(window, "plan").start_edit
    field.setText("2026-13")
    field.editingFinished.emit()
    assert "“2026-13” is not a month" in field.error  # a month as people write it: "Apr 2027" or 2027-04
    field.setText("2027-04")
    field.editingFinished.emit()
    assert window.document.plan.start_month == "2027-04" and not field.error
    assert page(window, "lead volume").months_model.header(0, Qt.Orientation.Horizontal) == "Apr 2027"


def test_months_can_start_on_any_day(window):
    """ "Months start on day" 15: the plan's months run from the 15th, said beside the field; a day
    the start month does not have is refused in words and the plan keeps its day."""
    settings = page(window, "plan")
    field = settings.start_day_edit
    field.setText("15th")
    field.editingFinished.emit()
    assert window.document.plan.start_day == 15 and not field.error
    assert settings.period_note.text() == "Each plan month runs from the 15th: Jan 2026 is 15 Jan to 14 Feb 2026"
    settings.start_edit.setText("Feb 2026")
    settings.start_edit.editingFinished.emit()
    field.setText("30")
    field.editingFinished.emit()
    assert "a day of Feb 2026, 1 to 28" in field.error and "start_day" not in field.error
    assert window.document.plan.start_day == 15


def test_the_month_grid_totals_all_sources(window, sample_plan):
    model = page(window, "lead volume").months_model
    total_row = len(sample_plan.sources)
    assert model.rowCount() == total_row + 1
    assert model.header(total_row, Qt.Orientation.Vertical) == "All sources"
    first_month = sum(s.leads(sample_plan.months)[0] for s in sample_plan.sources)
    assert model.value(total_row, 0) == pytest.approx(first_month)
    assert not model.setData(model.index(total_row, 0), "1", EditRole)  # computed, not editable
    assert model.setData(model.index(4, 0), "1000", EditRole)  # Trade shows: 0 -> 1000
    assert model.value(total_row, 0) == pytest.approx(first_month + 1000)
