"""Independent references for the simulation tests and the benchmark (ciw is test-only).

``scenario()`` builds a one-source plan whose SQL volume is exact, so only the queue varies.
``reference_arrivals()`` draws a month of arrivals per local hour with plain datetime
arithmetic (not the simulation's tables), and ``ciw_business_hours()`` runs them through ciw
with a server schedule that is open only in working hours.
"""

from __future__ import annotations

import random
import zoneinfo
from datetime import datetime, timedelta, timezone

import numpy as np

from slaplanner.plan.commitments import Commitments, ResponseCommitment
from slaplanner.plan.model import LeadSource, Plan, RateRange
from slaplanner.plan.team import HandleTime, Role, Team, WorkCalendar, default_arrival_profile

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
US_2026 = ("2026-01-01", "2026-01-19", "2026-02-16")


def scenario(
    sqls_per_month: float | tuple[float, ...] = 2000.0,
    reps: int = 6,
    handle_minutes: float = 15.0,
    months: int = 3,
    hours: tuple[float, float] = (9.0, 17.0),
    days: tuple[str, ...] = WEEKDAYS[:5],
    holidays: tuple[str, ...] = US_2026,
    profile: tuple[float, ...] | None = None,
    target_minutes: float = 15.0,
    clock: str = "business",
    time_zone: str = "America/New_York",
    start_month: str = "2026-01",
) -> Plan:
    """Business hours by default: New York, Mon-Fri 9-17, 6 SDRs, exponential 15-min touch."""
    calendar = WorkCalendar(time_zone, tuple((d, hours[0], hours[1]) for d in days), holidays)
    team = Team(
        roles=(Role("SDR", "SDR", headcount=(reps,), shrinkage=0.0, max_occupancy=1.0, calendar=calendar),),
        lead_time_zone=time_zone,
        arrival_profile=profile if profile is not None else default_arrival_profile(),
        handle_times=(
            HandleTime("first_touch", handle_minutes, handle_minutes),
            HandleTime("follow_up", 5.0, 0.0),
            HandleTime("accept", 5.0, 0.0),
        ),
    )
    volumes = sqls_per_month if isinstance(sqls_per_month, tuple) else (sqls_per_month,) * months
    one = RateRange.exact(1.0)
    return Plan(
        name="Reference scenario",
        start_month=start_month,
        horizon_months=months,
        stages=("SQL", "Opportunity", "Won"),
        sources=(LeadSource("Inbound", "All", volume_mode="monthly", monthly_leads=volumes, conversion=(one, one)),),
        team=team,
        commitments=Commitments(
            response=(ResponseCommitment("All", first_touch_minutes=target_minutes, clock=clock, touches=1),)
        ),
    )


def month_bounds(plan: Plan, month_index: int = 0) -> tuple[datetime, datetime]:
    """UTC start and end of a plan month in the leads' time zone."""
    tz = zoneinfo.ZoneInfo(plan.team.lead_time_zone)
    year, month = (int(x) for x in plan.months[month_index].split("-"))
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def reference_arrivals(plan: Plan, rng: np.random.Generator, month_index: int = 0) -> np.ndarray:
    """Sorted arrival minutes (from the month start) of one month: Poisson per local hour."""
    start, end = month_bounds(plan, month_index)
    tz = zoneinfo.ZoneInfo(plan.team.lead_time_zone)
    profile = plan.team.arrival_profile
    hours = int((end - start).total_seconds() // 3600)
    weights = np.array(
        [
            profile[
                ((start + timedelta(hours=h)).astimezone(tz)).weekday() * 24
                + (start + timedelta(hours=h)).astimezone(tz).hour
            ]
            for h in range(hours)
        ]
    )
    total = plan.sources[0].leads(plan.months)[month_index]
    counts = rng.poisson(total * weights / weights.sum())
    times = np.concatenate([60.0 * h + 60.0 * rng.random(k) for h, k in enumerate(counts)])
    return np.sort(times)


def working_intervals(plan: Plan, start: datetime, days: int) -> list[tuple[float, float]]:
    """Working periods of the SDR calendar as (from, to) minutes after ``start``."""
    cal = plan.team.roles[0].calendar
    tz = zoneinfo.ZoneInfo(cal.time_zone)
    out = []
    local0 = start.astimezone(tz).date()
    for d in range(-1, days + 1):
        day = local0 + timedelta(days=d)
        span = cal.hours_on(day.weekday())
        if span is None or day.isoformat() in cal.holidays:
            continue
        a = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(hours=span[0])
        b = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(hours=span[1])
        fa = (a.astimezone(timezone.utc) - start).total_seconds() / 60
        fb = (b.astimezone(timezone.utc) - start).total_seconds() / 60
        if fb > 0:
            out.append((max(fa, 0.0), fb))
    return out


def working_minutes(intervals: list[tuple[float, float]], t: np.ndarray) -> np.ndarray:
    """Working minutes between 0 and each t."""
    total = np.zeros_like(t, dtype=float)
    for a, b in intervals:
        total += np.clip(t - a, 0.0, b - a)
    return total


def ciw_business_hours(plan: Plan, seed: int, month_index: int = 0) -> tuple[int, float]:
    """One month in ciw: (leads, share first touched within the target in business minutes)."""
    import ciw

    rng = np.random.default_rng(seed)
    arrivals = reference_arrivals(plan, rng, month_index)
    start, _ = month_bounds(plan, month_index)
    intervals = working_intervals(plan, start, 31 + 40)
    reps = plan.team.roles[0].headcount[0]
    ends, numbers = [], []
    for a, b in intervals:
        if a > 0:
            ends.append(a)
            numbers.append(0)
        ends.append(b)
        numbers.append(reps)
    ends.append(ends[-1] + 1e9)
    numbers.append(0)
    gaps = [*list(np.diff(np.concatenate(([0.0], arrivals)))), 1000000000000.0]
    handle = plan.team.handle_time("first_touch").minutes
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Sequential(gaps)],
        service_distributions=[ciw.dists.Exponential(rate=1.0 / handle)],
        number_of_servers=[ciw.Schedule(numbers_of_servers=numbers, shift_end_dates=ends)],
    )
    ciw.seed(seed)
    random.seed(seed)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(intervals[-1][1])
    recs = sim.get_all_records()
    arrive = np.array([r.arrival_date for r in recs])
    served = np.array([r.service_start_date for r in recs])
    wait = working_minutes(intervals, served) - working_minutes(intervals, arrive)
    target = plan.commitments.response[0].first_touch_minutes
    return len(recs), float(np.mean(wait <= target + 1e-9))


def ciw_priority_24_7(
    per_hour: tuple[float, ...], handle: float, reps: int, minutes: float, target: float, seed: int
) -> list[tuple[int, float]]:
    """A 24/7 M/M/c queue with non-preemptive priority classes in ciw (class 0 served first), started
    empty and run for ``minutes``: per class, (leads, share waiting at most ``target`` minutes)."""
    import ciw

    names = [f"Class {i}" for i in range(len(per_hour))]
    network = ciw.create_network(
        arrival_distributions={n: [ciw.dists.Exponential(rate=r / 60.0)] for n, r in zip(names, per_hour)},
        service_distributions={n: [ciw.dists.Exponential(rate=1.0 / handle)] for n in names},
        number_of_servers=[reps],
        priority_classes={n: i for i, n in enumerate(names)},
    )
    ciw.seed(seed)
    random.seed(seed)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(minutes + 10 * 24 * 60)
    out = []
    for name in names:
        waits = np.array(
            [r.waiting_time for r in sim.get_all_records() if r.customer_class == name and r.arrival_date < minutes]
        )
        out.append((len(waits), float(np.mean(waits <= target + 1e-9))))
    return out
