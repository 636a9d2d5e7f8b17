"""The queue reads a calendar as a few kilobytes of working periods (calendar.Periods) instead of
the per-minute arrays: every lookup must give exactly what the per-minute map gives."""

from __future__ import annotations

import numpy as np
import pytest

from slaplanner.engine.simulation.calendar import CalendarMap, Timeline
from slaplanner.engine.simulation.kernel import _period_of, to_clock, to_working
from slaplanner.plan.model import Plan
from slaplanner.plan.team import Team, WorkCalendar

WEEK = ("mon", "tue", "wed", "thu", "fri")
CALENDARS = {
    "business hours with holidays (New York, DST)": WorkCalendar(
        "America/New_York", tuple((d, 9.0, 17.0) for d in WEEK), ("2026-01-01", "2026-05-25", "2026-07-03")
    ),
    "split shift with a lunch break": WorkCalendar(
        "America/New_York", tuple((d, a, b) for d in WEEK for a, b in ((8.0, 12.0), (13.0, 17.5)))
    ),
    "round the clock": WorkCalendar("UTC", tuple((d, 0.0, 24.0) for d in (*WEEK, "sat", "sun"))),
    "evening and night shifts across midnight (Sydney)": WorkCalendar(
        "Australia/Sydney", tuple((d, a, b) for d in WEEK for a, b in ((0.0, 2.0), (18.0, 24.0)))
    ),
    "one short shift a week": WorkCalendar("Asia/Kolkata", (("wed", 10.5, 11.0),)),
}


def _map(calendar: WorkCalendar) -> tuple[CalendarMap, Timeline]:
    plan = Plan(start_month="2026-01", horizon_months=6, team=Team(lead_time_zone="America/New_York"))
    timeline = Timeline.for_plan(plan, "America/New_York")
    return CalendarMap.build(calendar, timeline), timeline


@pytest.mark.parametrize("name", CALENDARS)
def test_working_periods_give_exactly_what_the_minute_map_gives(name: str) -> None:
    cmap, timeline = _map(CALENDARS[name])
    periods = cmap.periods
    rng = np.random.default_rng(7)
    total = timeline.total
    # Clock minutes: random ones, whole minutes (openings, closings), and past either end.
    whole = np.arange(0, total, 97, dtype=np.float64)
    clock = np.concatenate((rng.uniform(0, total, 4000), whole, whole + 0.999, [total - 0.5, total, total + 10.0]))
    expected = cmap.to_working(np.minimum(clock, total - 1e-9))
    expected[clock >= total] = cmap.cumulative[-1]
    got = np.array([to_working(c, periods.table, periods.by_clock) for c in clock])
    assert np.array_equal(got, expected)
    # Working minutes: random ones, whole ones, and the end of the working timeline.
    w_total = cmap.working_minutes
    work = np.concatenate((rng.uniform(0, w_total, 4000), np.arange(0, w_total, 61, dtype=np.float64), [w_total]))
    got = np.array([to_clock(w, periods.table, periods.by_work) for w in work])
    assert np.array_equal(got, cmap.to_clock(work))
    # Where each shift ends (the queue's overtime rule): the first minute not worked from the
    # working minute's clock minute on.
    off = np.where(cmap.working, total, np.arange(total))
    next_off = np.minimum.accumulate(off[::-1])[::-1]
    for k in range(0, w_total, 37):
        c = int(next_off[int(cmap.clock_of[k])])
        lo, hi, shift_end, opens_at = _period_of(k + 0.5, periods.table, periods.by_work)
        assert hi == shift_end == cmap.cumulative[c] and lo <= k < hi
        opens = int(cmap.clock_of[int(lo)])  # the period starts where the minute before is not worked
        assert opens_at == opens
        assert opens == 0 or not cmap.working[opens - 1]
    assert _period_of(float(w_total), periods.table, periods.by_work) == (w_total, np.inf, w_total, total)

def test_the_periods_of_a_calendar_are_built_once_and_cannot_be_changed() -> None:
    cmap, _ = _map(CALENDARS["split shift with a lunch break"])
    assert cmap.periods is cmap.periods
    with pytest.raises(ValueError):
        cmap.periods.table[0, 0] = 1.0
    # Two periods a weekday: 8-12 and 13-17:30.
    opened = cmap.periods.table[:-1]
    assert set(opened[:, 1] - opened[:, 0]) <= {240.0, 270.0}
