"""Capacity and Commitments pages: edits go through the core, refused values say why, undo works."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from slaplanner.plan.model import Plan
from slaplanner.plan.team import Team
from ui.document import PlanDocument
from ui.pages.capacity import CapacityPage
from ui.pages.commitments import CommitmentsPage
from ui.qt import Qt

EditRole = Qt.ItemDataRole.EditRole
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


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
    assert "shrinkage" in tip.lower() and "95 % is not allowed; allowed: from 0 % to 90 %" in tip  # the column's units
    hours = capacity.hours_model
    assert not hours.setData(hours.index(0, 0), "9:00-8:00", EditRole)  # ends before it starts
    assert "after the start" in capacity.message.text() and "hours, Monday" in capacity.message.text()


def test_day_off_and_calendar_fields(capacity):
    hours = capacity.hours_model
    assert hours.data(hours.index(5, 0)) == "off"
    assert hours.setData(hours.index(5, 0), "10-17", EditRole)  # Saturday 10:00-17:00
    cal = capacity.document.plan.team.roles[0].calendar
    assert cal.hours_on(5) == (10.0, 17.0)
    assert hours.data(hours.index(5, 0)) == "10:00-17:00"
    assert hours.setData(hours.index(5, 0), "", EditRole)
    assert capacity.document.plan.team.roles[0].calendar.hours_on(5) is None
    capacity.time_zone.setText("Mars/Base")
    capacity._commit_time_zone()
    assert "IANA time zone" in capacity.message.text()


def test_holidays_are_written_and_read_as_people_write_dates(capacity):
    """The sample's holidays show as "1 Jan 2026", never ISO; typed dates in that form are stored."""
    assert capacity.holidays.text().startswith("1 Jan 2026, 19 Jan 2026, ")
    assert not ISO.search(capacity.holidays.text())
    capacity.holidays.setText("25 Dec 2026, 31 December 2026")
    capacity._commit_holidays()
    assert capacity.document.plan.team.roles[0].calendar.holidays == ("2026-12-25", "2026-12-31")
    assert capacity.holidays.text() == "25 Dec 2026, 31 Dec 2026"
    before = capacity.document.plan
    capacity.holidays.setText("25 Dec 2026, next Friday")
    capacity._commit_holidays()
    assert capacity.document.plan is before
    assert capacity.message.text() == "Holidays: “next Friday” is not a date; write it like “25 Dec 2026”"
    assert capacity.holidays.text() == "25 Dec 2026, 31 Dec 2026"  # the field shows the plan again


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


# -- several SDR teams and split shifts (issue 13) ---------------------------------------------------


def split_shift_plan(sample_plan):
    """The sample plan as a file would hold it, its SDRs on a split shift Monday to Thursday
    (8-12 and 13-17) and 8-12 on Friday."""
    data = sample_plan.to_dict()
    hours = {d: [[8, 12], [13, 17]] for d in ("mon", "tue", "wed", "thu")} | {"fri": [8, 12]}
    data["team"]["roles"][0]["calendar"]["working_hours"] = hours
    return Plan.from_dict(json.loads(json.dumps(data)))


def test_split_shifts_are_shown_and_edited(capacity):
    hours = capacity.hours_model
    assert hours.setData(hours.index(0, 0), "8:00-12:00, 13:00-17:00", EditRole)
    cal = capacity.document.plan.team.roles[0].calendar
    assert cal.spans_on(0) == ((8.0, 12.0), (13.0, 17.0))
    assert cal.spans_on(1) == ((9.0, 17.0),)  # the other days keep theirs
    assert hours.data(hours.index(0, 0)) == "8:00-12:00, 13:00-17:00"
    assert hours.data(hours.index(0, 0), EditRole) == "8:00-12:00, 13:00-17:00"
    assert hours.setData(hours.index(1, 0), "8:30-12, 12:30-17:30", EditRole)  # typed loosely
    assert capacity.document.plan.team.roles[0].calendar.spans_on(1) == ((8.5, 12.0), (12.5, 17.5))
    capacity.document.undo_stack.undo()  # one undo step per edit
    assert capacity.document.plan.team.roles[0].calendar.spans_on(1) == ((9.0, 17.0),)
    assert capacity.document.plan.team.roles[0].calendar.spans_on(0) == ((8.0, 12.0), (13.0, 17.0))


def test_overlapping_shifts_are_refused_in_words(capacity):
    before = capacity.document.plan
    hours = capacity.hours_model
    assert not hours.setData(hours.index(0, 0), "8:00-13:00, 12:00-17:00", EditRole)
    assert capacity.document.plan is before
    message = capacity.message.text()
    assert message.startswith("SDR team hours, Monday: 12:00 is not allowed") and "do not overlap" in message
    assert not hours.setData(hours.index(0, 0), "from nine", EditRole)  # not a shift at all
    assert "is not a shift" in capacity.message.text() and capacity.document.plan is before


def test_a_plan_with_split_shifts_keeps_them_when_edited_elsewhere(qtbot, sample_plan):
    """The data-loss bug: the calendar editor held one span a day, so any edit dropped the breaks."""
    plan = split_shift_plan(sample_plan)
    page = open_page(qtbot, CapacityPage, plan)
    calendar = plan.team.roles[0].calendar
    assert page.hours_model.data(page.hours_model.index(0, 0)) == "8:00-12:00, 13:00-17:00"
    model = page.headcount_model
    assert model.setData(model.index(0, 2), "7", EditRole)
    assert page.document.plan.team.roles[0].calendar == calendar
    hours = page.hours_model
    assert hours.setData(hours.index(4, 0), "8-12, 13-16", EditRole)  # Friday gets an afternoon
    after = page.document.plan.team.roles[0].calendar
    assert [after.spans_on(d) for d in range(4)] == [calendar.spans_on(d) for d in range(4)]
    assert after.spans_on(4) == ((8.0, 12.0), (13.0, 16.0))
    page.time_zone.setText("America/Chicago")
    page._commit_time_zone()
    page.holidays.setText("25 Dec 2026")
    page._commit_holidays()
    kept = page.document.plan.team.roles[0].calendar
    assert kept.working_hours == after.working_hours
    saved = page.document.plan.to_dict()["team"]["roles"][0]["calendar"]["working_hours"]
    assert saved["mon"] == [[8.0, 12.0], [13.0, 17.0]]


def test_add_a_second_sdr_team_and_edit_it(capacity):
    document = capacity.document
    capacity.add_team_button.click()
    team = document.plan.team
    assert [r.name for r in team.sdr_teams] == ["SDR team", "SDR team 1"]
    first, second = team.sdr_teams
    assert first.segments == () and second.segments == ("Enterprise",)  # every segment still has a team
    assert capacity.role_box.currentIndex() == 1 and capacity.role_box.currentText() == "SDR team 1"
    assert [b.text() for b in capacity.segment_boxes if b.isChecked()] == ["Enterprise"]
    model = capacity.roles_model
    name, seg = ([c.field for c in model.columns].index(f) for f in ("name", "segments"))
    assert model.setData(model.index(1, name), "EMEA SDRs", EditRole)
    assert model.data(model.index(1, seg)) == "Enterprise"
    assert model.data(model.index(0, seg)) == "every other segment"
    capacity.time_zone.setText("Europe/Berlin")
    capacity._commit_time_zone()
    heads = capacity.headcount_model
    assert heads.headerData(1, Qt.Orientation.Vertical) == "EMEA SDRs"
    assert heads.setData(heads.index(1, 0), "3", EditRole)
    emea = document.plan.team.roles[1]
    assert (emea.name, emea.calendar.time_zone, emea.headcount_in(0)) == ("EMEA SDRs", "Europe/Berlin", 3)
    assert document.plan.team.roles[0].calendar.time_zone == "America/New_York"
    capacity.segment_boxes[1].click()  # EMEA takes SMB too
    assert document.plan.team.roles[1].segments == ("SMB", "Enterprise")
    for _ in range(5):  # each edit is one undo step: segments, headcount, time zone, name, add
        document.undo_stack.undo()
    assert len(document.plan.team.sdr_teams) == 1


def test_segment_routing_refusals_name_the_field(capacity):
    document = capacity.document
    capacity.add_sdr_team()  # takes Enterprise
    before = document.plan
    capacity.role_box.setCurrentIndex(0)
    capacity.segment_boxes[2].click()  # the first team claims Enterprise as well
    assert document.plan is before
    message = capacity.message.text()
    assert message.startswith("Segments: ") and "Enterprise goes to both SDR team and SDR team 1" in message
    assert not capacity.segment_boxes[2].isChecked()  # the ticks show the plan again
    model = capacity.roles_model
    seg = [c.field for c in model.columns].index("segments")
    assert not model.setData(model.index(0, seg), "Mid-Market", EditRole)  # SMB would have no team
    assert document.plan is before
    assert capacity.message.text().startswith("SDR team, Segments: no SDR team would take SMB;")
    assert not model.setData(model.index(1, seg), "Enterprise, APAC", EditRole)
    assert "“APAC” is not a segment of the plan" in capacity.message.text()
    assert model.setData(model.index(1, seg), "enterprise, smb", EditRole)
    assert document.plan.team.roles[1].segments == ("Enterprise", "SMB")


def test_remove_a_team(capacity):
    document = capacity.document
    assert not capacity.remove_team_button.isEnabled()  # the only SDR team stays
    capacity.add_sdr_team()
    assert capacity.remove_team_button.isEnabled()
    capacity.remove_team_button.click()
    assert [r.name for r in document.plan.team.roles] == ["SDR team", "Account executives"]
    assert document.plan.team.sdr_team_for("Enterprise").name == "SDR team"
    document.undo_stack.undo()
    assert len(document.plan.team.sdr_teams) == 2
    # without a team for the other segments, a removal would leave segments without a team
    model = capacity.roles_model
    seg = [c.field for c in model.columns].index("segments")
    assert model.setData(model.index(0, seg), "Mid-Market, SMB", EditRole)
    before = document.plan
    capacity.role_box.setCurrentIndex(1)
    capacity.remove_team()
    assert document.plan is before and "no SDR team would take Enterprise" in capacity.message.text()


def test_the_page_shows_no_iso_dates_or_codes(capacity):
    """What tests/ui/test_plain_words.py checks on every page, for this page's own fields."""
    capacity.add_sdr_team()
    texts = [capacity.holidays.text(), capacity.time_zone.text(), capacity.segments_note.text()]
    for model in (capacity.roles_model, capacity.headcount_model, capacity.hours_model):
        texts += [str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(model.columnCount())]
        texts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    assert not [t for t in texts if ISO.search(t) or re.search(r"\b[a-z]+(?:_[a-z0-9]+)+\b", t)]
