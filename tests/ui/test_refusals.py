"""Refused values speak of the cell being edited, and go away once the plan changes."""

from __future__ import annotations

from ui.qt import Qt

EditRole = Qt.ItemDataRole.EditRole
ToolTip = Qt.ItemDataRole.ToolTipRole


def page(window, name):
    index = window.page_named(name)
    window.show_page(index)
    return window.pages[index]


def rate_cell(model, plan, source, transition, level):
    col = 3 * transition + ("low", "likely", "high").index(level)
    return model.index(plan.sources.index(plan.source_named(source)), col)


def test_a_likely_rate_below_the_low_rate_names_what_was_typed(window):
    """Webinars Lead->MQL is 25 % / 32 % / 40 %: typing 1 % as likely is below the low rate."""
    model = page(window, "funnel").rates_model
    plan = window.document.plan
    index = rate_cell(model, plan, "Webinars", 0, "likely")
    assert not model.setData(index, "1", EditRole)
    tip = model.data(index, ToolTip)
    assert "1 % is below the low rate (25 %)" in tip
    assert window.document.plan == plan
    index = rate_cell(model, plan, "Webinars", 0, "low")
    assert not model.setData(index, "35", EditRole)
    assert "35 % is above the likely rate (32 %)" in model.data(index, ToolTip)
    index = rate_cell(model, plan, "Webinars", 0, "high")
    assert not model.setData(index, "30", EditRole)
    assert "30 % is below the likely rate (32 %)" in model.data(index, ToolTip)
    assert model.setData(rate_cell(model, plan, "Webinars", 0, "likely"), "30", EditRole)
    assert window.document.plan.source_named("Webinars").conversion[0].likely == 0.30


def test_a_refused_value_goes_away_when_the_plan_changes(window):
    lead = page(window, "lead volume")
    model = lead.months_model
    index = model.index(0, 2)
    before = model.data(index, EditRole)
    assert not model.setData(index, "-5", EditRole)
    assert model.data(index, EditRole) == "-5"  # what was typed stays visible, marked
    window.document.reset(window.document.plan)  # e.g. the same plan opened again
    assert model.data(index, EditRole) == before


def test_the_status_bar_forgets_a_refusal_once_the_next_edit_goes_through(window):
    model = page(window, "lead volume").months_model
    assert not model.setData(model.index(0, 2), "-5", EditRole)
    assert window.statusBar().currentMessage().startswith("Not changed. ")
    assert model.setData(model.index(1, 2), "500", EditRole)
    assert window.statusBar().currentMessage() == ""
