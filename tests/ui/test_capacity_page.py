"""Capacity and Commitments pages: edits go through the core, refused values say why, undo works."""

from __future__ import annotations

from dataclasses import replace

import pytest

from slaplanner.plan.team import Team
from ui.document import PlanDocument
from ui.pages.capacity import CapacityPage
from ui.pages.commitments import CommitmentsPage
from ui.qt import Qt

EditRole = Qt.ItemDataRole.EditRole


def open_page(qtbot, page_class, plan):
    """A page on its own document, refreshed on every change as the main window does."""
    page = page_class(PlanDocument(plan))
    qtbot.addWidget(page)
    page.refresh(plan)
    page.document.planChanged.connect(page.refresh)
    return page


@pytest.fixture
def capacity(qtbot, sample_plan):
    return open_page(qtbot, CapacityPage, sample_plan)


@pytest.fixture
def commitments(qtbot, sample_plan):
    return open_page(qtbot, CommitmentsPage, sample_plan)


def test_models_pass_the_model_tester(qtmodeltester, capacity, commitments):
    for model in (
        capacity.roles_model,
        capacity.headcount_model,
        capacity.hours_model,
        capacity.handle_model,
        capacity.decay_model,
        commitments.tiers_model,
        commitments.marketing_model,
    ):
        qtmodeltester.check(model)


def test_headcount_edit_and_undo(capacity):
    model = capacity.headcount_model
    assert model.setData(model.index(0, 2), "7", EditRole)
    assert capacity.document.plan.team.roles[0].headcount_in(2) == 7
    assert capacity.document.plan.team.roles[0].headcount_in(3) == 4  # the other months keep theirs
    capacity.document.undo_stack.undo()
    assert capacity.document.plan.team.roles[0].headcount_in(2) == 4


def test_refused_values_say_why(capacity):
    model = capacity.roles_model
    col = [c.field for c in model.columns].index("shrinkage")
    assert not model.setData(model.index(0, col), "95", EditRole)
    assert capacity.document.plan.team.roles[0].shrinkage == 0.35
    tip = model.data(model.index(0, col), Qt.ItemDataRole.ToolTipRole)
    assert "shrinkage" in tip.lower() and "0.9" in tip
    hours = capacity.hours_model
    assert not hours.setData(hours.index(0, 1), "8", EditRole)  # ends before it starts
    assert "after the start" in capacity.message.text()


def test_day_off_and_calendar_fields(capacity):
    hours = capacity.hours_model
    assert hours.setData(hours.index(5, 0), "10", EditRole)  # Saturday 10-17
    cal = capacity.document.plan.team.roles[0].calendar
    assert cal.hours_on(5) == (10.0, 17.0)
    assert hours.setData(hours.index(5, 0), "", EditRole)
    assert capacity.document.plan.team.roles[0].calendar.hours_on(5) is None
    capacity.time_zone.setText("Mars/Base")
    capacity._commit_time_zone()
    assert "IANA time zone" in capacity.message.text()
    capacity.holidays.setText("2026-12-25, 2026-12-31")
    capacity._commit_holidays()
    assert capacity.document.plan.team.roles[0].calendar.holidays == ("2026-12-25", "2026-12-31")


def test_default_team_for_an_empty_plan(qtbot, sample_plan):
    page = open_page(qtbot, CapacityPage, replace(sample_plan, team=Team()))
    assert not page.empty.isHidden()
    page.add_default_team()
    assert {r.kind for r in page.document.plan.team.roles} == {"SDR", "AE"}
    assert page.empty.isHidden()


def test_tier_share_edit_keeps_the_total(commitments):
    model = commitments.tiers_model
    col = [c.field for c in model.columns].index("share_of_sqls")
    assert model.setData(model.index(0, col), "40", EditRole)
    hot, warm = commitments.document.plan.commitments.response
    assert hot.share_of_sqls == pytest.approx(0.4) and warm.share_of_sqls == pytest.approx(0.6)
    assert not model.setData(model.index(0, col), "140", EditRole)


def test_marketing_commitment_set_and_cleared(commitments):
    model = commitments.marketing_model
    assert model.setData(model.index(1, 0), "80", EditRole)  # SMB
    marketing = {m.segment: m.sqls_per_month for m in commitments.document.plan.commitments.marketing}
    assert marketing["SMB"] == 80
    assert model.setData(model.index(1, 0), "", EditRole)
    assert "SMB" not in {m.segment for m in commitments.document.plan.commitments.marketing}
    assert model.data(model.index(1, 0)) == "none"


def test_add_and_remove_tier(commitments):
    commitments.add_tier()
    tiers = commitments.document.plan.commitments.response
    assert len(tiers) == 3 and tiers[-1].share_of_sqls == 0
    commitments.tiers_view.setCurrentIndex(commitments.tiers_model.index(2, 0))
    commitments.remove_tier()
    assert len(commitments.document.plan.commitments.response) == 2


def test_arrival_profile_cell_edit(capacity):
    model = capacity.profile_model
    assert model.setData(model.index(6, 23), "2.5", EditRole)  # Sunday 23:00
    assert capacity.document.plan.team.arrival_profile[6 * 24 + 23] == 2.5
    assert not model.setData(model.index(0, 0), "-1", EditRole)


def test_a_new_plan_shows_nothing_of_the_previous_plans_calendar(window):
    index = next(i for i, p in enumerate(window.pages) if p.title == "Capacity")
    page = window.pages[index]
    window.show_page(index)
    assert page.holidays.text()  # the sample plan has holidays
    window.new_plan()
    window.show_page(index)
    assert page.holidays.text() == "" and page.time_zone.text() == ""
    assert page.headcount_model.rowCount() == 0
