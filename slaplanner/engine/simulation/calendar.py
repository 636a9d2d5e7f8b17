"""Calendars on a minute timeline: clock minutes, working minutes and when leads arrive.

Every time in the simulation is a minute from the first plan month's midnight in the leads'
time zone (:class:`Timeline`). A :class:`CalendarMap` maps those clock minutes to a role's
working minutes and back; :func:`arrival_tables` gives the arrival weights and, per month, the
inverse CDF that turns a uniform draw into an arrival time.
"""

from __future__ import annotations

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import numpy as np
from numpy.typing import NDArray

from slaplanner.plan.model import Plan
from slaplanner.plan.team import Team, WorkCalendar

F64 = NDArray[np.float64]
MARGIN_DAYS = 62  # the queue may run past the horizon by this much before waits are cut off
GRID = 1 << 15  # inverse-CDF grid points per month for arrival times
PERIOD_BLOCK_BITS = 10  # a calendar's periods are found from blocks of 1,024 minutes (Periods)


@dataclass(frozen=True)
class Timeline:
    """Minutes from the first plan day's midnight in the leads' time zone (UTC-based); each plan
    month starts on the plan's start day (:meth:`Plan.period_start`)."""

    t0: datetime
    month_starts: tuple[int, ...]  # minute index of each month start and of the horizon end
    total: int

    @classmethod
    def for_plan(cls, plan: Plan, lead_time_zone: str) -> Timeline:
        tz = zoneinfo.ZoneInfo(lead_time_zone)
        days = [plan.period_start(i) for i in range(plan.horizon_months + 1)]  # any start day
        t0 = datetime(days[0].year, days[0].month, days[0].day, tzinfo=tz).astimezone(timezone.utc)
        starts = []
        for day in days:
            local = datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(timezone.utc)
            starts.append(round((local - t0).total_seconds() / 60))
        return cls(t0, tuple(starts), starts[-1] + MARGIN_DAYS * 1440)

    def minute_of(self, moment: datetime) -> int:
        return round((moment.astimezone(timezone.utc) - self.t0).total_seconds() / 60)


@dataclass(frozen=True)
class CalendarMap:
    """Clock minutes <-> working minutes for one calendar on a timeline."""

    working: NDArray[np.bool_]
    cumulative: F64  # working minutes before each clock minute (length total + 1)
    clock_of: F64  # clock minute at the start of each working minute (plus a sentinel)

    @classmethod
    def build(cls, calendar: WorkCalendar, timeline: Timeline) -> CalendarMap:
        """The map of ``calendar`` on ``timeline``; the same calendar on the same timeline is built
        once (a workshop's edits mostly change volumes, not calendars) and its arrays are read-only."""
        return _built(calendar, timeline)

    @classmethod
    def _build(cls, calendar: WorkCalendar, timeline: Timeline) -> CalendarMap:
        tz = zoneinfo.ZoneInfo(calendar.time_zone)
        working = np.zeros(timeline.total, dtype=bool)
        holidays = set(calendar.holidays)
        first = timeline.t0.astimezone(tz).date() - timedelta(days=1)
        last = (timeline.t0 + timedelta(minutes=timeline.total)).astimezone(tz).date() + timedelta(days=1)
        day = first
        while day <= last:
            for span in calendar.spans_on(day.weekday()) if day.isoformat() not in holidays else ():
                a = _local_minute(timeline, tz, day, span[0])
                b = _local_minute(timeline, tz, day, span[1])
                a, b = max(a, 0), min(b, timeline.total)
                if b > a:
                    working[a:b] = True
            day += timedelta(days=1)
        cumulative = np.zeros(timeline.total + 1)
        np.cumsum(working, out=cumulative[1:])
        clock_of = np.append(np.flatnonzero(working).astype(np.float64), float(timeline.total))
        for array in (working, cumulative, clock_of):
            array.flags.writeable = False
        return cls(working, cumulative, clock_of)

    @property
    def working_minutes(self) -> int:
        return int(self.cumulative[-1])

    def to_working(self, clock: F64) -> F64:
        """Working-minute position of clock minutes (outside hours: the next opening)."""
        j = np.minimum(clock.astype(np.int64), len(self.working) - 1)
        out: F64 = np.take(self.cumulative, j) + np.take(self.working, j) * (clock - j)
        return out

    def to_clock(self, work: F64) -> F64:
        """Clock minute of working-minute positions (past the timeline: the timeline's end)."""
        k = np.minimum(work.astype(np.int64), len(self.clock_of) - 1)
        out: F64 = np.take(self.clock_of, k) + np.where(k < len(self.clock_of) - 1, work - k, 0.0)
        return out

    def working_between(self, a: int, b: int) -> float:
        return float(self.cumulative[b] - self.cumulative[a])

    @functools.cached_property
    def periods(self) -> Periods:
        """The same map as a few kilobytes of working periods (the simulation's queue reads it at
        random moments, where the per-minute arrays, megabytes, would miss the processor's cache)."""
        return Periods.of(self)


@dataclass(frozen=True)
class Periods:
    """A calendar's working periods (the runs of working minutes), for the compiled queue.

    ``table`` has a row per period: clock minute it opens and closes, working minute at its
    opening and closing; then a row past the timeline (opens at the timeline's end, never closes,
    at the total working minutes). ``by_clock[b]`` and ``by_work[b]`` are the first period not
    closed at clock minute (working minute) ``b << PERIOD_BLOCK_BITS``: a lookup starts there and
    steps over the few periods of a block. Every value is a whole number of minutes, so a lookup
    gives exactly what the per-minute arrays give.
    """

    table: F64  # (periods + 1, 4)
    by_clock: NDArray[np.int64]
    by_work: NDArray[np.int64]

    @classmethod
    def of(cls, m: CalendarMap) -> Periods:
        edges = np.diff(np.concatenate(([0], m.working.view(np.int8), [0])))
        opens = np.flatnonzero(edges == 1)
        closes = np.flatnonzero(edges == -1)
        open_w = m.cumulative[opens]
        close_w = open_w + (closes - opens)
        table = np.empty((len(opens) + 1, 4))
        table[:-1] = np.column_stack((opens, closes, open_w, close_w))
        table[-1] = (len(m.working), np.inf, m.cumulative[-1], np.inf)
        block = 1 << PERIOD_BLOCK_BITS
        by_clock = np.searchsorted(closes, np.arange(len(m.working) // block + 1) * block, side="right")
        by_work = np.searchsorted(close_w, np.arange(m.working_minutes // block + 1) * block, side="right")
        out = cls(table, by_clock.astype(np.int64), by_work.astype(np.int64))
        for array in (out.table, out.by_clock, out.by_work):
            array.flags.writeable = False
        return out


@functools.lru_cache(maxsize=16)
def _built(calendar: WorkCalendar, timeline: Timeline) -> CalendarMap:
    return CalendarMap._build(calendar, timeline)


def _local_minute(timeline: Timeline, tz: zoneinfo.ZoneInfo, day: date, hour: float) -> int:
    whole = int(hour)
    minute = round((hour - whole) * 60)
    if whole >= 24:
        moment = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(days=1)
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=tz)
    else:
        moment = datetime(day.year, day.month, day.day, whole, minute, tzinfo=tz)
    return timeline.minute_of(moment)


def arrival_tables(team: Team, timeline: Timeline) -> tuple[F64, list[F64]]:
    """Per-minute arrival weights and, per month, the inverse CDF on a grid of ``GRID`` cells
    (computed once for the same profile, time zone and timeline; the arrays are read-only)."""
    weights, inverses = _arrival_tables(team.lead_time_zone, tuple(team.arrival_profile), timeline)
    return weights, list(inverses)


@functools.lru_cache(maxsize=8)
def _arrival_tables(time_zone: str, profile: tuple[float, ...], timeline: Timeline) -> tuple[F64, tuple[F64, ...]]:
    tz = zoneinfo.ZoneInfo(time_zone)
    hours = timeline.total // 60 + 1
    offsets = np.array(
        [
            (timeline.t0 + timedelta(hours=h)).astimezone(tz).utcoffset().total_seconds() // 60  # type: ignore[union-attr]
            for h in range(hours)
        ],
        dtype=np.int64,
    )
    local0 = timeline.t0.astimezone(tz)
    base = local0.weekday() * 1440 + local0.hour * 60 + local0.minute - int(offsets[0])
    minutes = np.arange(timeline.total, dtype=np.int64)
    local = base + minutes + offsets[minutes // 60]
    hour_of_week = (local // 60) % 168
    weights = np.asarray(profile, dtype=np.float64)[hour_of_week]
    grid = np.linspace(0.0, 1.0, GRID + 1)
    inverses = []
    for a, b in zip(timeline.month_starts, timeline.month_starts[1:]):
        w = weights[a:b]
        cdf = np.concatenate(([0.0], np.cumsum(w)))
        cdf /= cdf[-1]
        edges = np.arange(a, b + 1, dtype=np.float64)
        # Strictly increasing x for interp: drop flat (zero-weight) stretches except their end.
        keep = np.concatenate((np.diff(cdf) > 0, [True]))
        keep[0] = True
        inverses.append(np.interp(grid, cdf[keep], edges[keep]))
    for array in (weights, *inverses):
        array.flags.writeable = False
    return weights, tuple(inverses)
