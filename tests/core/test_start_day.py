"""A plan horizon that starts on any day: plan months run from the start day (15 Jan to 14 Feb is
"Jan 2026"), and the simulation, the review of actuals and the document count months that way."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from slaplanner.engine.business_time import month_starts
from slaplanner.engine.review import review
from slaplanner.engine.simulation import Timeline
from slaplanner.errors import ValidationError
from slaplanner.exports.document import _period
from slaplanner.imports.actuals import build_actuals, minutes_of
from slaplanner.negotiation.diff import diff_plans
from slaplanner.new_plan import read_start_day
from slaplanner.plan.model import Plan
from slaplanner.plan.months import period_start
from slaplanner.samples import sample_plan_text

NY = ZoneInfo("America/New_York")


def sample() -> Plan:
    return Plan.from_dict(json.loads(sample_plan_text()))


def test_months_start_on_the_day_or_the_last_day_of_a_shorter_month():
    assert [period_start("2026-01", 15, i) for i in range(3)] == [date(2026, 1, 15), date(2026, 2, 15),
                                                                  date(2026, 3, 15)]  # fmt: skip
    assert [period_start("2026-01", 31, i) for i in range(4)] == [date(2026, 1, 31), date(2026, 2, 28),
                                                                  date(2026, 3, 31), date(2026, 4, 30)]  # fmt: skip
    assert period_start("2026-01", 1, 12) == date(2027, 1, 1)


def test_a_day_the_start_month_does_not_have_is_refused_in_words():
    with pytest.raises(ValidationError) as error:
        replace(sample(), start_month="2026-02", start_day=30)
    assert "start_day: 30 is not allowed; allowed: a day of Feb 2026, 1 to 28" in str(error.value)
    with pytest.raises(ValidationError):
        replace(sample(), start_day=0)


def test_calendar_months_are_written_as_before_and_day_15_round_trips():
    plan = sample()
    assert plan.start_day == 1 and "start_day" not in plan.to_dict() and plan.period_note == ""
    mid = replace(plan, start_day=15)
    again = Plan.from_dict(json.loads(json.dumps(mid.to_dict())))
    assert again == mid and again.start_day == 15
    assert mid.period_note == "Each plan month runs from the 15th: Jan 2026 is 15 Jan to 14 Feb 2026"
    changes = diff_plans(plan, mid)
    assert [(c.path, c.old, c.new) for c in changes] == [("start_day", 1, 15)]
    assert changes[0].label.startswith("Plan months start on day")


def test_the_day_as_people_write_it():
    assert [read_start_day(t) for t in ("15", "15th", "the 1st", " 2nd ", "23rd")] == [15, 15, 1, 2, 23]
    for bad in ("0", "32", "mid", "15.5"):
        with pytest.raises(ValueError, match="write a day from 1 to 31"):
            read_start_day(bad)


def test_the_simulation_timeline_counts_months_from_the_start_day():
    """From 15 Jan 2026 00:00 New York: 31 days to 15 Feb, then 28 days to 15 Mar less the hour
    clocks go forward on 8 Mar (44,640 and 84,900 minutes)."""
    plan = replace(sample(), start_day=15)
    timeline = Timeline.for_plan(plan, "America/New_York")
    assert timeline.t0 == datetime(2026, 1, 15, tzinfo=NY)
    assert timeline.month_starts[:3] == (0, 31 * 1440, 31 * 1440 + 28 * 1440 - 60)
    starts = month_starts(plan.months, "America/New_York", 15)
    assert starts[0] == minutes_of(datetime(2026, 1, 15, tzinfo=NY))
    assert np.diff(starts).tolist() == np.diff(timeline.month_starts).tolist()


def test_the_review_counts_a_lead_in_the_plan_month_it_was_created_in():
    """Months from the 15th: a lead created on 10 Jan belongs to the month of 15 Dec ("Dec 2025"),
    one created on 20 Jan to "Jan 2026"; with calendar months both are January's."""
    plan = sample()
    leads = [{"lead_id": "a", "created_at": "2026-01-10"}, {"lead_id": "b", "created_at": "2026-01-20"}]
    actuals = build_actuals(leads)
    mid = review(replace(plan, start_day=15), actuals)
    assert mid.months == ("2025-12", "2026-01")
    assert mid.funnel.actual[0] == (1, 1)
    whole = review(plan, actuals)
    assert whole.months == ("2026-01",) and whole.funnel.actual[0] == (2,)


def test_the_document_states_the_period_to_the_day():
    plan = sample()
    assert _period(plan) == "January 2026 to December 2026 (12 months)"
    assert _period(replace(plan, start_day=15)) == "15 January 2026 to 14 January 2027 (12 months)"
    assert replace(plan, start_day=15).governance.effective_from(plan.start_month, 15) == date(2026, 1, 15)
