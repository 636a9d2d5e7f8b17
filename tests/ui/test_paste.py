"""Paste like a spreadsheet (ui.tables): a block is validated as a whole, fractions are
recognised, labels map to sources, new rows add sources, and the status bar says what changed.

The sample plan's Paid search Lead → MQL rate is 12 / 18 / 24 % (low / likely / high); it has
7 sources and 12 months from Jan 2026.
"""

from __future__ import annotations

import pytest

from ui.document import PlanDocument
from ui.pages.funnel import RatesModel
from ui.pages.lead_volume import MonthlyLeadsModel, SeasonalityModel
from ui.qt import Qt


@pytest.fixture
def document(qtbot, sample_plan):
    return PlanDocument(sample_plan)


def rate(document, source: int, stage: int = 0):
    r = document.plan.sources[source].conversion[stage]
    return (round(r.low, 6), round(r.likely, 6), round(r.high, 6))


def test_a_consistent_block_is_accepted_whatever_the_old_values(document, sample_plan):
    model = RatesModel(document)
    # 40 / 50 / 60 %: each cell alone is refused against the old 12 / 18 / 24 (low above likely ...)
    assert model.paste(1, 0, [["40", "50", "60"]]) is None
    assert rate(document, 1) == (0.4, 0.5, 0.6)
    # and back down below the old low: 5 / 6 / 7 %
    assert model.paste(1, 0, [["5", "6", "7"]]) is None
    assert rate(document, 1) == (0.05, 0.06, 0.07)
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.plan == sample_plan


def test_an_inconsistent_block_is_refused_whole_and_says_why(document, sample_plan):
    model = RatesModel(document)
    message = model.paste(1, 0, [["60", "50", "40"]])  # low above likely above high
    assert message is not None and "Paid search" in message and "likely" in message
    assert document.plan == sample_plan
    assert document.undo_stack.count() == 0


def test_rates_pasted_as_fractions_are_read_as_percent_with_a_note(document):
    model = RatesModel(document)
    assert model.paste(0, 0, [["0.1", "0.12", "0.2"], ["0.05", "0.1", "0.15"]]) is None
    assert rate(document, 0) == (0.1, 0.12, 0.2)  # 12 %, never 0.12 %
    assert rate(document, 1) == (0.05, 0.1, 0.15)
    assert model.last_paste is not None
    assert "0.1 was read as 10 %" in model.last_paste.message()


def test_a_block_in_percent_stays_in_percent(document):
    model = RatesModel(document)
    assert model.paste(0, 0, [["10", "12", "20"]]) is None
    assert rate(document, 0) == (0.1, 0.12, 0.2)
    assert model.paste(0, 0, [["0.5", "0.6", "12"]]) is None  # 12 cannot be a fraction: all percent
    assert rate(document, 0) == (0.005, 0.006, 0.12)
    assert "read as" not in model.last_paste.message()


def test_a_label_column_maps_rows_to_sources_by_name(document, sample_plan):
    model = RatesModel(document)
    block = [["Lead → MQL", "", ""], ["Webinars", "30", "35", "45"], ["paid search", "10", "11", "12"]]
    assert model.paste(0, 0, [line + [""] * (4 - len(line)) for line in block]) is None
    assert rate(document, 3) == (0.3, 0.35, 0.45)  # Webinars (was 25 / 32 / 40)
    assert rate(document, 1) == (0.1, 0.11, 0.12)  # Paid search, whatever the case
    assert rate(document, 0) == rate(PlanDocument(sample_plan), 0)  # Organic search untouched
    assert model.last_paste.message() == "Pasted 2 × 3 cells"


def test_more_rows_than_sources_add_sources_in_one_undo_step(document, sample_plan):
    model = MonthlyLeadsModel(document)
    block = [["Events", "10", "20", "30"], ["Referral program", "1", "2", "3"]]
    assert model.paste(0, 0, block) is None
    plan = document.plan
    assert [s.name for s in plan.sources[-2:]] == ["Events", "Referral program"]
    assert plan.sources[-2].leads(plan.months)[:3] == (10.0, 20.0, 30.0)
    assert plan.sources[-1].leads(plan.months)[:3] == (1.0, 2.0, 3.0)
    assert document.undo_stack.count() == 1
    assert "added sources Events, Referral program" in model.last_paste.message()
    document.undo_stack.undo()
    assert document.plan == sample_plan


def test_rows_pasted_below_the_last_source_add_sources(document):
    model = SeasonalityModel(document)
    assert model.paste(6, 0, [["1.1", "1.2"], ["0.9", "0.8"]]) is None  # Partner referrals and one more
    plan = document.plan
    assert len(plan.sources) == 8
    assert plan.sources[6].seasonality[:2] == (1.1, 1.2)
    assert plan.sources[7].seasonality[:2] == (0.9, 0.8)
    assert plan.sources[7].name == "New source 1"


def test_pasted_n_by_m_only_when_every_cell_changed(document):
    model = SeasonalityModel(document)
    # Organic search starts 0.95, 1.0, 1.1: pasting 0.95, 1.0, 1.3 changes one cell of three
    assert model.paste(0, 0, [["0.95", "1", "1.3"]]) is None
    assert model.last_paste.message() == "Pasted 1 × 3: 1 cell changed (2 already had these values)"
    assert model.paste(0, 0, [["0.95", "1", "1.3"]]) is None
    assert model.last_paste.message() == "Pasted 1 × 3: nothing changed (the cells already had these values)"
    assert document.undo_stack.count() == 1  # nothing changed: no undo step
    assert model.paste(0, 0, [["1", "1.1", "1.2"]]) is None
    assert model.last_paste.message() == "Pasted 1 × 3 cells"


def test_money_as_people_write_it_in_a_grid(document):
    model = MonthlyLeadsModel(document)
    assert model.paste(4, 0, [["1.2k", "2,1 Tsd", "USD 900"]]) is None
    assert document.plan.sources[4].monthly_leads[:3] == (1200.0, 2100.0, 900.0)


def test_the_status_bar_says_what_the_paste_did(window):
    from ui.tables import GridView

    lead = next(p for p in window.pages if p.title == "Lead volume")
    view: GridView = lead.months_view
    view.setCurrentIndex(lead.months_model.index(4, 0))
    assert view.paste_text("Trade shows\t1\t2\n") is None
    assert window.statusBar().currentMessage() == "Pasted 1 × 2 cells"


def test_durations_as_people_say_them_in_minutes_and_hours_cells(window):
    capacity = next(p for p in window.pages if p.title == "Capacity")
    model = capacity.handle_model
    assert model.setData(model.index(0, 0), "1h", Qt.ItemDataRole.EditRole)
    assert window.document.plan.team.handle_times[0].minutes == 60.0
    assert model.setData(model.index(0, 0), "1 h 30 min", Qt.ItemDataRole.EditRole)
    assert window.document.plan.team.handle_times[0].minutes == 90.0
    assert not model.setData(model.index(0, 0), "soon", Qt.ItemDataRole.EditRole)
    assert "“soon” is not a duration" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)

    from ui.pages.engagement import COLUMNS

    rules = next(p for p in window.pages if p.title.startswith("Rules"))
    col = next(i for i, c in enumerate(COLUMNS) if c[0] == "sla_clock_hours")
    stage = window.document.plan.stages[1]
    assert rules.model.setData(rules.model.index(1, col), "2 days", Qt.ItemDataRole.EditRole)
    rule = next(r for r in window.document.plan.engagement.stages if r.stage == stage)
    assert rule.sla_clock_hours == 48.0
