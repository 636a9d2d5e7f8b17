"""The team model: validation with readable errors, lossless round trip, ramp and calendars."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import numpy as np
import pytest

from slaplanner.errors import ValidationError
from slaplanner.plan.model import Plan
from slaplanner.plan.new_records import new_sdr_team
from slaplanner.plan.team import DecayCurve, HandleTime, Role, Team, WorkCalendar, shifts_from_text, shifts_text


def test_sample_plan_team_round_trips(sample_plan_path):
    data = json.loads(sample_plan_path.read_text(encoding="utf-8"))
    plan = Plan.from_dict(data)
    assert plan.team.role("SDR") is not None and plan.team.role("AE") is not None
    assert plan.team.to_dict() == data["team"]
    assert Team.from_dict(plan.team.to_dict()) == plan.team
    assert plan.commitments.to_dict() == data["commitments"]
    assert [t.tier for t in plan.commitments.response] == ["Hot", "Warm"]


def test_ramp_hand_example():
    """Headcount 2, 3, 3, 3 with a 2-month ramp: the hire works 1/3, 2/3, then fully."""
    role = Role("SDR", headcount=(2, 3, 3, 3), ramp_months=2)
    assert role.effective_headcount(5) == pytest.approx((2, 2 + 1 / 3, 2 + 2 / 3, 3, 3))


def test_leavers_take_the_newest_hires_first():
    role = Role("SDR", headcount=(2, 4, 3), ramp_months=1)
    # Month 1: 2 + 2 hires at 1/2; month 2: one hire leaves, the other at full speed.
    assert role.effective_headcount(3) == pytest.approx((2, 3, 3))


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"headcount": (-1,)}, "headcount[0]", "from 0 to"),
        ({"shrinkage": 0.95}, "shrinkage", "from 0 to 0.9"),
        ({"max_occupancy": 1.2}, "max_occupancy", "from 0.05 to 1"),
        ({"kind": "CSM"}, "kind", "SDR, AE"),
    ],
)
def test_role_refuses_values_out_of_range(kwargs, field, words):
    args = {"kind": "SDR", **kwargs}
    with pytest.raises(ValidationError) as info:
        Role(**args)
    problem = info.value.problems[0]
    assert problem.field == field
    assert words in problem.allowed


def test_calendar_with_no_working_hours_is_refused():
    with pytest.raises(ValidationError) as info:
        WorkCalendar("America/New_York", ())
    assert "at least one weekday with working hours" in str(info.value)


def test_calendar_refuses_unknown_zone_and_bad_hours():
    with pytest.raises(ValidationError) as info:
        WorkCalendar("Mars/Olympus", (("mon", 17.0, 9.0),), ("2026-02-30",))
    fields = {p.field for p in info.value.problems}
    assert fields == {"time_zone", "working_hours.mon.end", "holidays[0]"}  # named as in the file


def test_calendar_json_form():
    cal = WorkCalendar.from_dict(
        {"time_zone": "Europe/Berlin", "working_hours": {"fri": [8, 14], "mon": [8.5, 17]}, "holidays": []}
    )
    assert cal.working_hours == (("mon", 8.5, 17.0), ("fri", 8.0, 14.0))
    assert cal.hours_per_week == pytest.approx(14.5)
    assert WorkCalendar.from_dict(cal.to_dict()) == cal


def test_team_refuses_two_ae_roles_and_bad_profile():
    with pytest.raises(ValidationError) as info:
        Team(roles=(Role("AE"), Role("AE")), arrival_profile=(1.0,) * 24)
    fields = {p.field for p in info.value.problems}
    assert "roles[1].kind" in fields and "arrival_profile" in fields


def test_several_sdr_teams_route_segments():
    americas = Role("SDR", "Americas", segments=("Mid-market",))
    emea = Role("SDR", "EMEA", calendar=WorkCalendar("Europe/Berlin"), segments=("Enterprise EMEA",))
    rest = Role("SDR", "Everyone else")
    team = Team(roles=(americas, emea, rest, Role("AE")))
    assert team.sdr_teams == (americas, emea, rest)
    assert team.sdr_team_for("mid-market") is americas and team.sdr_team_for("Enterprise EMEA") is emea
    assert team.sdr_team_for("SMB") is rest
    # only set segments are written: a one-team plan keeps its file (and fingerprint)
    assert "segments" not in rest.to_dict() and Role.from_dict(emea.to_dict()) == emea
    with pytest.raises(ValidationError) as info:
        Team(roles=(Role("SDR", "A"), Role("SDR", "B")))
    assert "one SDR team without segments" in str(info.value)
    with pytest.raises(ValidationError) as info:
        Team(roles=(americas, Role("SDR", "B", segments=("Mid-market",))))
    assert "roles[1].segments" in {p.field for p in info.value.problems}
    with pytest.raises(ValidationError):
        Role("AE", segments=("SMB",))


def test_split_shifts_and_breaks():
    cal = WorkCalendar.from_dict({"time_zone": "UTC", "working_hours": {"mon": [[8, 12], [13, 17]], "tue": [9, 17]}})
    assert cal.spans_on(0) == ((8.0, 12.0), (13.0, 17.0)) and cal.hours_on(0) == (8.0, 17.0)
    assert cal.hours_per_week == pytest.approx(16.0)
    assert cal.to_dict()["working_hours"] == {"mon": [[8.0, 12.0], [13.0, 17.0]], "tue": [9.0, 17.0]}
    assert WorkCalendar.from_dict(cal.to_dict()) == cal
    assert cal.describe_hours() == "Mon 8-12 and 13-17; Tue 9-17"
    with pytest.raises(ValidationError) as info:
        WorkCalendar("UTC", (("mon", 8.0, 12.0), ("mon", 11.0, 17.0)))
    assert "do not overlap" in str(info.value)


def test_decay_default_follows_the_research():
    decay = DecayCurve()
    # Lead Response Management study: ~4x from 5 to 10 minutes, ~21x from 5 to 30 minutes.
    assert decay.factor(5) / decay.factor(10) == pytest.approx(4.0)
    assert decay.factor(5) / decay.factor(30) == pytest.approx(21.0, rel=0.01)
    # HBR: within an hour ~7x as likely as an hour later, ~60x as likely as after 24 hours.
    assert decay.factor(60) / decay.factor(120) == pytest.approx(7.0)
    assert decay.factor(60) / decay.factor(1440) == pytest.approx(60.0, rel=0.01)
    # Log-linear between points: halfway from 5 to 10 minutes is 1/2 (sqrt of 1/4).
    assert decay.factor(7.5) == pytest.approx(0.5)


def test_decay_refuses_increasing_chances():
    with pytest.raises(ValidationError) as info:
        DecayCurve(((0, 0.5), (10, 0.8)))
    assert info.value.problems[0].field == "points[1].chance"


def test_handle_time_refuses_zero_minutes():
    with pytest.raises(ValidationError) as info:
        HandleTime("first_touch", 0)
    assert "above 0" in str(info.value)


def test_calendar_map_friday_evening_waits_for_monday():
    """A lead at Friday 2026-01-09 18:00 New York reaches the queue at Monday 09:00 (working time)."""
    from slaplanner.engine.simulation import CalendarMap, Timeline

    plan = Plan(start_month="2026-01", horizon_months=1, team=Team(lead_time_zone="America/New_York"))
    timeline = Timeline.for_plan(plan, "America/New_York")
    cal = WorkCalendar(
        "America/New_York", tuple((d, 9.0, 17.0) for d in ("mon", "tue", "wed", "thu", "fri")), ("2026-01-01",)
    )
    cmap = CalendarMap.build(cal, timeline)
    # 2026-01-01 is a holiday (Thursday): working days before Fri 9 Jan are Fri 2, Mon 5 .. Fri 9.
    friday_evening = timeline.minute_of(datetime(2026, 1, 9, 23, 0, tzinfo=timezone.utc))  # 18:00 EST
    monday_open = timeline.minute_of(datetime(2026, 1, 12, 14, 0, tzinfo=timezone.utc))  # 09:00 EST
    w = cmap.to_working(np.array([float(friday_evening)]))
    assert w[0] == 6 * 8 * 60  # six full working days done
    assert cmap.to_clock(w)[0] == monday_open
    # Working minutes in January 2026: 22 weekdays (Thu 1 .. Fri 30) minus New Year's Day = 21 days of 8 hours.
    assert cmap.working_between(timeline.month_starts[0], timeline.month_starts[1]) == 21 * 8 * 60


def test_calendar_follows_daylight_saving_time():
    """New York moves to EDT on Sunday 2026-03-08: 09:00 is 14:00 UTC before, 13:00 UTC after."""
    from slaplanner.engine.simulation import CalendarMap, Timeline

    plan = Plan(start_month="2026-03", horizon_months=1, team=Team(lead_time_zone="UTC"))
    timeline = Timeline.for_plan(plan, "UTC")
    cal = WorkCalendar("America/New_York", tuple((d, 9.0, 17.0) for d in ("mon", "tue", "wed", "thu", "fri")))
    cmap = CalendarMap.build(cal, timeline)

    def opens_at(moment: datetime) -> bool:
        m = timeline.minute_of(moment)
        return bool(cmap.working[m]) and not bool(cmap.working[m - 1])

    assert opens_at(datetime(2026, 3, 6, 14, 0, tzinfo=timezone.utc))  # Friday, EST
    assert opens_at(datetime(2026, 3, 9, 13, 0, tzinfo=timezone.utc))  # Monday, EDT
    assert not opens_at(datetime(2026, 3, 9, 14, 0, tzinfo=timezone.utc))


def test_team_and_commitments_survive_a_slaplan_file(tmp_path, sample_plan):
    from slaplanner.storage import load_plan, save_plan

    save_plan(sample_plan, tmp_path / "plan.slaplan")
    again = load_plan(tmp_path / "plan.slaplan")
    assert again.team == sample_plan.team
    assert again.commitments == sample_plan.commitments


# -- split shifts as typed, routing of segments, a new SDR team (issue 13) ---------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8:00-12:00, 13:00-17:00", ((8.0, 12.0), (13.0, 17.0))),
        ("8-12 and 13-17", ((8.0, 12.0), (13.0, 17.0))),  # as describe_hours writes a day
        ("9 am - 5:30 pm", ((9.0, 17.5),)),
        ("9-17.5", ((9.0, 17.5),)),
        ("8:30–12 and 12:30-17", ((8.5, 12.0), (12.5, 17.0))),
        ("off", ()),
        ("", ()),
    ],
)
def test_shifts_as_people_type_them(text, expected):
    assert shifts_from_text(text) == expected


def test_shifts_are_written_as_clock_times():
    assert shifts_text(((8.0, 12.0), (13.0, 17.5))) == "8:00-12:00, 13:00-17:30"
    assert shifts_text(()) == "off"
    with pytest.raises(ValueError, match="is not a shift"):
        shifts_from_text("from nine")


def _two_teams(first_segments=(), second_segments=("EMEA",)):
    return Team(
        roles=(
            Role("SDR", "Americas SDRs", segments=first_segments),
            Role("SDR", "EMEA SDRs", segments=second_segments),
        )
    )


def test_segments_without_a_team():
    segments = ("Americas", "EMEA", "APAC")
    assert _two_teams().segments_without_team(segments) == ()  # the first team takes the rest
    routed = _two_teams(first_segments=("Americas",))
    assert routed.segments_without_team(segments) == ("APAC",)
    with pytest.raises(ValidationError) as info:
        routed.check_routing(segments)
    (problem,) = info.value.problems
    assert (problem.field, problem.value, problem.kind) == ("roles.segments", "APAC", "required")
    assert Team().segments_without_team(segments) == ()  # no SDR team: nothing to route


def test_two_teams_claiming_one_segment_are_named():
    with pytest.raises(ValidationError, match="EMEA goes to both EMEA SDRs and Americas SDRs"):
        Team(roles=(Role("SDR", "EMEA SDRs", segments=("EMEA",)), Role("SDR", "Americas SDRs", segments=("EMEA",))))


def test_a_new_sdr_team_keeps_every_segment_with_a_team():
    team = Team(roles=(Role("SDR", "SDR team", headcount=(4,)), Role("AE", "AEs")))
    new = new_sdr_team(team, ("Mid-Market", "SMB", "Enterprise"))
    assert (new.kind, new.name, new.headcount, new.segments) == ("SDR", "SDR team 1", (1,), ("Enterprise",))
    assert new.calendar == team.roles[0].calendar
    both = Team(roles=(*team.roles, new))
    third = new_sdr_team(both, ("Mid-Market", "SMB", "Enterprise"))
    assert third.name == "SDR team 2" and third.segments == ("SMB",)


def test_a_calendar_on_a_timeline_is_built_once_and_cannot_be_changed(sample_plan):
    """Live answers rebuild the simulation's inputs after every edit; the calendar maps and arrival
    tables of an unchanged calendar are reused (the same arrays), and they are read-only so no
    caller can change what the next simulation reads."""
    import numpy as np
    import pytest

    from slaplanner.engine.simulation.calendar import CalendarMap, Timeline, arrival_tables

    timeline = Timeline.for_plan(sample_plan, sample_plan.team.lead_time_zone)
    calendar = sample_plan.team.roles[0].calendar
    first = CalendarMap.build(calendar, timeline)
    assert CalendarMap.build(calendar, timeline) is first
    with pytest.raises(ValueError):
        first.cumulative[0] = 1.0
    weights, inverses = arrival_tables(sample_plan.team, timeline)
    again, inverses_again = arrival_tables(sample_plan.team, timeline)
    assert again is weights and all(a is b for a, b in zip(inverses, inverses_again))
    with pytest.raises(ValueError):
        inverses[0][0] = np.nan
