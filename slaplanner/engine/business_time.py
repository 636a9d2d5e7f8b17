"""Time on the team's clock: working minutes between two moments in a work calendar.

Business time counts only the calendar's working hours in its own time zone, skipping days off
and holidays; each day's hours are placed on the UTC line with :mod:`zoneinfo`, so a
daylight-saving change moves them as it moves the team. Moments are UTC minutes since 1970.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import numpy as np
import numpy.typing as npt

from slaplanner.plan.months import period_start
from slaplanner.plan.team import WorkCalendar

F64 = npt.NDArray[np.float64]
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MAX_DAYS = 366 * 20  # a span longer than this is clipped (a date typo must not build a century)


def local_minute(day: date, hour: float, tz: zoneinfo.ZoneInfo) -> float:
    """UTC minutes since 1970 of ``hour`` (decimal, 24 = the next midnight) on ``day`` in ``tz``."""
    whole = int(hour)
    minute = round((hour - whole) * 60)
    if whole >= 24:
        nxt = day + timedelta(days=1)
        moment = datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz)
    else:
        moment = datetime(day.year, day.month, day.day, whole, minute, tzinfo=tz)
    return (moment.astimezone(timezone.utc) - _EPOCH).total_seconds() / 60.0


@dataclass(frozen=True)
class WorkingLine:
    """A calendar's working spells between two days, as sorted UTC minute intervals."""

    starts: F64
    ends: F64
    before: F64  # working minutes before each spell

    @classmethod
    def build(cls, calendar: WorkCalendar, first: date, last: date) -> WorkingLine:
        tz = zoneinfo.ZoneInfo(calendar.time_zone)
        holidays = set(calendar.holidays)
        if (last - first).days > MAX_DAYS:
            last = first + timedelta(days=MAX_DAYS)
        starts: list[float] = []
        ends: list[float] = []
        day = first
        while day <= last:
            for span in calendar.spans_on(day.weekday()) if day.isoformat() not in holidays else ():
                starts.append(local_minute(day, span[0], tz))
                ends.append(local_minute(day, span[1], tz))
            day += timedelta(days=1)
        s = np.array(starts, dtype=np.float64)
        e = np.array(ends, dtype=np.float64)
        before = np.concatenate(([0.0], np.cumsum(e - s)[:-1])) if len(s) else np.zeros(0)
        return cls(s, e, before)

    def working_before(self, moments: F64) -> F64:
        """Working minutes from the line's start to each moment (NaN stays NaN)."""
        if not len(self.starts):
            return np.where(np.isnan(moments), np.nan, 0.0)
        safe = np.where(np.isnan(moments), self.starts[0], moments)
        i = np.searchsorted(self.starts, safe, side="right") - 1
        j = np.maximum(i, 0)
        inside = np.clip(safe - self.starts[j], 0.0, self.ends[j] - self.starts[j])
        out: F64 = np.where(i < 0, 0.0, self.before[j] + inside)
        return np.where(np.isnan(moments), np.nan, out)


def _day_of(minutes: float, tz: zoneinfo.ZoneInfo) -> date:
    return (_EPOCH + timedelta(minutes=float(minutes))).astimezone(tz).date()


def business_minutes(start: F64, end: F64, calendar: WorkCalendar) -> F64:
    """Working minutes of ``calendar`` from each ``start`` to its ``end`` (UTC minutes since 1970).

    NaN where either is unknown; negative when ``end`` is before ``start``. A lead that became
    SQL on Friday 16:50 and was touched on Monday 09:20 in a 09:00-17:00 calendar waited 30.
    """
    start = np.asarray(start, dtype=np.float64)
    end = np.asarray(end, dtype=np.float64)
    known = np.concatenate((start[~np.isnan(start)], end[~np.isnan(end)]))
    if not len(known):
        return np.full(np.broadcast(start, end).shape, np.nan)
    tz = zoneinfo.ZoneInfo(calendar.time_zone)
    first = _day_of(float(known.min()), tz) - timedelta(days=1)
    last = _day_of(float(known.max()), tz) + timedelta(days=1)
    line = WorkingLine.build(calendar, first, last)
    out: F64 = line.working_before(end) - line.working_before(start)
    return out


def month_starts(months: tuple[str, ...], time_zone: str, start_day: int = 1) -> F64:
    """UTC minutes since 1970 of each plan month's first midnight in ``time_zone``, and of the end;
    plan months start on day ``start_day`` (:func:`period_start`: 1 for calendar months)."""
    tz = zoneinfo.ZoneInfo(time_zone)
    out = [local_minute(period_start(months[0], start_day, i), 0.0, tz) for i in range(len(months) + 1)]
    return np.array(out, dtype=np.float64)
