"""The sales team for capacity planning: roles, calendars, lead arrivals, handle times, decay.

* A :class:`Role` (``SDR`` works new SQLs: first touch, follow-up cadence; ``AE`` carries
  opportunities and accepts or rejects SQLs) has a headcount per month, a ramp for new hires,
  shrinkage (meetings, breaks, PTO), a maximum occupancy and a :class:`WorkCalendar`.
* A :class:`WorkCalendar` is an IANA time zone, working hours per weekday and public holidays.
* The lead arrival profile is 168 relative weights, one per hour of the week (Monday 00:00
  first) in the leads' time zone.
* :class:`HandleTime` is minutes per kind of touch with its spread (standard deviation); the
  simulation draws gamma-distributed times (spread equal to the mean is exponential).
* :class:`DecayCurve` is the relative chance that a lead qualifies when first touched after
  so many minutes (the default follows the research cited in ``DOMAIN.md``).

Every record is a frozen dataclass validated when built; ``to_dict``/``from_dict`` round-trip.
"""

from __future__ import annotations

import math
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.validation import Collector, check_choice, check_int, check_number, check_text, record_from_dict

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROLE_KINDS = ("SDR", "AE")
TOUCH_KINDS = ("first_touch", "follow_up", "accept")
MAX_HEADCOUNT = 5000
HOURS_PER_WEEK = 168


def _tuple(value: Any) -> tuple[Any, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)


def check_time_zone(name: str, value: Any) -> str:
    """Return ``value`` if it names an IANA time zone (``America/New_York``)."""
    allowed = "allowed: an IANA time zone such as America/New_York or Europe/Berlin"
    if not isinstance(value, str) or not value.strip():
        raise ValidationError.single(name, value, allowed)
    try:
        zoneinfo.ZoneInfo(value.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise ValidationError.single(name, value, allowed) from None
    return value.strip()


def default_arrival_profile() -> tuple[float, ...]:
    """B2B inbound leads: most on weekday office hours, a tail in the evening, little at weekends."""
    day = [0.05] * 7 + [0.4, 1.0, 1.2, 1.2, 1.0, 0.9, 1.1, 1.1, 1.0, 0.8] + [0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05]
    weekend = [w * 0.15 for w in day]
    return tuple(round(w, 4) for w in day * 5 + weekend * 2)


_TIME = r"(\d{1,2})(?:[:h](\d{2})|([.,]\d+))?\s*(am|pm)?"
_SHIFT = re.compile(_TIME + r"\s*-\s*" + _TIME)
_DAY_OFF = ("", "off", "-", "closed", "day off", "none")


def _hour(whole: str, minutes: str | None, fraction: str | None, half: str | None) -> float:
    hour = (
        float(whole) + (int(minutes) / 60 if minutes else 0.0) + (float(fraction.replace(",", ".")) if fraction else 0)
    )
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour >= 12:
        hour -= 12
    return hour


def shifts_from_text(text: str) -> tuple[tuple[float, float], ...]:
    """A day's shifts as people type them: "8:00-12:00, 13:00-17:00", "9-17.5", "9am-5pm";
    "off" or nothing is a day off. Hours are read, not checked (the calendar refuses an end
    before its start or shifts that overlap).

    Raises:
        ValueError: a part is not a shift "start-end"; the message quotes it.
    """
    t = str(text).strip().casefold().replace("–", "-").replace("—", "-").replace(" to ", "-")
    if t in _DAY_OFF:
        return ()
    t = re.sub(r"\s*-\s*", "-", re.sub(r"\s+(am|pm)\b", r"\1", t))
    spans: list[tuple[float, float]] = []
    for piece in re.split(r"[,;+&/\s]+|\band\b", t):
        if not piece.strip():
            continue
        match = _SHIFT.fullmatch(piece.strip())
        if match is None:
            raise ValueError(f"“{piece.strip()}” is not a shift; write it like 9:00-17:00 (a break: 8-12, 13-17)")
        spans.append((_hour(*match.groups()[:4]), _hour(*match.groups()[4:])))
    return tuple(spans)


def clock_text(hour: float) -> str:
    """An hour of the day as a clock: 8.5 -> "8:30", 17 -> "17:00"."""
    minutes = round(hour * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def shifts_text(spans: tuple[tuple[float, float], ...]) -> str:
    """A day's shifts as people write them: "8:00-12:00, 13:00-17:00" ("off" for none)."""
    return ", ".join(f"{clock_text(a)}-{clock_text(b)}" for a, b in spans) or "off"


@dataclass(frozen=True)
class WorkCalendar:
    """When a team works: ``(weekday, start_hour, end_hour)`` shifts in local time.

    Hours are decimal (8.5 = 08:30), 0 <= start < end <= 24; a weekday may have several shifts
    (a split shift, or a break between two: ``mon 8-12`` and ``mon 13-17``) that do not overlap;
    a weekday without a shift is a day off. ``holidays`` are ISO dates (``2026-12-25``) on which
    nobody works. In the plan file a day with one shift is ``"mon": [9, 17]``, with several
    ``"mon": [[8, 12], [13, 17]]``.
    """

    time_zone: str = "America/New_York"
    working_hours: tuple[tuple[str, float, float], ...] = tuple((d, 9.0, 17.0) for d in WEEKDAYS[:5])
    holidays: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        set_(self, "time_zone", c.check(check_time_zone, "time_zone", self.time_zone, default="UTC"))
        hours: list[tuple[str, float, float]] = []
        for i, item in enumerate(_tuple(self.working_hours)):
            if not (isinstance(item, (list, tuple)) and len(item) == 3):
                c.add(f"working_hours[{i}]", item, "allowed: [weekday, start hour, end hour]")
                continue
            # Named by weekday as in the plan file ("working_hours.mon.end"), by position otherwise.
            at = f"working_hours.{item[0]}" if item[0] in WEEKDAYS else f"working_hours[{i}]"
            before = len(c.problems)
            day = c.check(check_choice, f"{at}.weekday", item[0], WEEKDAYS, default="")
            start = c.check(check_number, f"{at}.start", item[1], 0.0, 24.0, default=0.0)
            end = c.check(check_number, f"{at}.end", item[2], 0.0, 24.0, default=0.0)
            if not day or len(c.problems) > before:  # a refused hour is said once, not again as out of order
                continue
            if end <= start:
                c.add(f"{at}.end", item[2], f"allowed: a time after the start ({start:g})")
                continue
            overlap = next((h for h in hours if h[0] == day and h[1] < end and start < h[2]), None)
            if overlap is not None:
                c.add(
                    f"{at}.start",
                    item[1],
                    f"allowed: shifts of a day that do not overlap ({day} {overlap[1]:g}-{overlap[2]:g} is one)",
                )
                continue
            hours.append((day, start, end))
        if not hours and not c.problems:
            c.add("working_hours", [], "allowed: at least one weekday with working hours")
        hours.sort(key=lambda h: (WEEKDAYS.index(h[0]), h[1]))
        set_(self, "working_hours", tuple(hours))
        days: list[str] = []
        for i, h in enumerate(_tuple(self.holidays)):
            try:
                days.append(date.fromisoformat(str(h).strip()).isoformat())
            except ValueError:
                c.add(f"holidays[{i}]", h, "allowed: a date as YYYY-MM-DD")
        set_(self, "holidays", tuple(sorted(set(days))))
        c.raise_if_any()

    @property
    def hours_per_week(self) -> float:
        return sum(end - start for _, start, end in self.working_hours)

    def spans_on(self, weekday: int) -> tuple[tuple[float, float], ...]:
        """The shifts (start, end) on ``weekday`` (0 = Monday), in order; empty for a day off."""
        return tuple((start, end) for day, start, end in self.working_hours if WEEKDAYS.index(day) == weekday)

    def hours_on(self, weekday: int) -> tuple[float, float] | None:
        """From the first shift's start to the last shift's end on ``weekday`` (0 = Monday), or
        None for a day off (see :meth:`spans_on` for the shifts themselves)."""
        spans = self.spans_on(weekday)
        return (spans[0][0], spans[-1][1]) if spans else None

    def describe_hours(self, clock: Callable[[float], str] = lambda h: f"{h:g}") -> str:
        """Working hours in a few words: ``Mon-Fri 9-17`` or ``Mon-Thu 8-12 and 13-17; Fri 8-12``
        (consecutive days with the same shifts grouped; ``clock`` writes an hour)."""
        groups: list[tuple[list[str], tuple[tuple[float, float], ...]]] = []
        for index, day in enumerate(WEEKDAYS):
            spans = self.spans_on(index)
            if not spans:
                continue
            if groups and groups[-1][1] == spans and WEEKDAYS.index(groups[-1][0][-1]) == index - 1:
                groups[-1][0].append(day)
            else:
                groups.append(([day], spans))
        return "; ".join(
            (days[0].title() if len(days) == 1 else f"{days[0].title()}-{days[-1].title()}")
            + " "
            + " and ".join(f"{clock(a)}-{clock(b)}" for a, b in spans)
            for days, spans in groups
        )

    def to_dict(self) -> dict[str, Any]:
        hours: dict[str, Any] = {}
        for day, start, end in self.working_hours:
            if day not in hours:
                hours[day] = [start, end]
            elif isinstance(hours[day][0], list):
                hours[day].append([start, end])
            else:
                hours[day] = [hours[day], [start, end]]
        return {"time_zone": self.time_zone, "working_hours": hours, "holidays": list(self.holidays)}

    @classmethod
    def from_dict(cls, data: Any) -> WorkCalendar:
        if not isinstance(data, dict):
            raise ValidationError.single("", data, "allowed: an object describing a working calendar")
        data = dict(data)
        hours = data.get("working_hours")
        if isinstance(hours, dict):
            shifts: list[Any] = []
            for day, span in hours.items():
                if isinstance(span, (list, tuple)) and span and all(isinstance(x, (list, tuple)) for x in span):
                    shifts.extend((day, *one) for one in span)  # several shifts: [[8, 12], [13, 17]]
                elif isinstance(span, (list, tuple)):
                    shifts.append((day, *span))
                else:
                    shifts.append((day, span))
            data["working_hours"] = tuple(shifts)
        return record_from_dict(cls, data, "a working calendar", {f.name for f in fields(cls)})


@dataclass(frozen=True)
class Role:
    """A sales role. ``kind`` is ``SDR`` (works new SQLs) or ``AE`` (carries opportunities).

    ``headcount`` holds one value per plan month; a shorter list repeats its last value.
    A hire works at (k + 1) / (ramp_months + 1) of full capacity in their k-th month (k = 0 the
    month they join) until fully ramped. ``shrinkage`` is the share of working time spent on
    anything but leads; ``max_occupancy`` the highest sustainable share of the rest.
    ``max_open_opportunities`` is what one fully ramped AE can carry. ``segments`` routes SQLs to
    an SDR team (several SDR teams, e.g. Americas and EMEA, each with its own calendar): the team
    works the SQLs of these segments; an SDR team without segments works every segment no other
    team is given.
    """

    kind: str
    name: str = ""
    headcount: tuple[int, ...] = (1,)
    ramp_months: int = 0
    shrinkage: float = 0.3
    max_occupancy: float = 0.85
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    max_open_opportunities: int = 40
    segments: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        c.check(check_choice, "kind", self.kind, ROLE_KINDS, default="")
        routed: list[str] = []
        for i, segment in enumerate(_tuple(self.segments)):
            name = c.check(check_text, f"segments[{i}]", segment, max_length=80, default="")
            if name and name.casefold() not in (r.casefold() for r in routed):
                routed.append(name)
        if routed and self.kind != "SDR":
            c.add("segments", ", ".join(routed), "allowed: segments only for an SDR team (it routes their SQLs)")
        set_(self, "segments", tuple(routed))
        set_(self, "name", c.check(check_text, "name", self.name or self.kind, max_length=40, default=""))
        heads = _tuple(self.headcount)
        if not heads:
            c.add("headcount", [], "allowed: at least one monthly headcount")
        set_(
            self,
            "headcount",
            tuple(c.check(check_int, f"headcount[{i}]", h, 0, MAX_HEADCOUNT, default=0) for i, h in enumerate(heads)),
        )
        set_(self, "ramp_months", c.check(check_int, "ramp_months", self.ramp_months, 0, 24, default=0))
        set_(self, "shrinkage", c.check(check_number, "shrinkage", self.shrinkage, 0.0, 0.9, default=0.0))
        set_(
            self,
            "max_occupancy",
            c.check(check_number, "max_occupancy", self.max_occupancy, 0.05, 1.0, default=1.0),
        )
        if not isinstance(self.calendar, WorkCalendar):
            with c.field("calendar."):
                set_(self, "calendar", WorkCalendar.from_dict(self.calendar))
        set_(
            self,
            "max_open_opportunities",
            c.check(check_int, "max_open_opportunities", self.max_open_opportunities, 1, 10_000, default=1),
        )
        c.raise_if_any()

    def headcount_in(self, month_index: int) -> int:
        """People in the role in plan month ``month_index`` (the last value repeats)."""
        return self.headcount[min(month_index, len(self.headcount) - 1)]

    def effective_headcount(self, months: int) -> tuple[float, ...]:
        """Fully ramped equivalents per month: starters count 1, hires ramp linearly.

        Example: headcount (2, 3, 3, 3) with ramp_months 2 gives 2, 2 + 1/3, 2 + 2/3, 3.
        """
        out: list[float] = []
        hires: list[tuple[int, int]] = []  # (month joined, people)
        previous = self.headcount_in(0)
        for m in range(months):
            now = self.headcount_in(m)
            if m and now > previous:
                hires.append((m, now - previous))
            elif now < previous:
                # Leavers: the newest hires leave first, then ramped people.
                drop = previous - now
                while drop and hires:
                    joined, people = hires.pop()
                    kept = max(0, people - drop)
                    drop -= people - kept
                    if kept:
                        hires.append((joined, kept))
            previous = now
            ramping = 0.0
            hired = 0
            for joined, people in hires:
                hired += people
                ramping += people * min(1.0, (m - joined + 1) / (self.ramp_months + 1))
            out.append(now - hired + ramping)
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "headcount": list(self.headcount),
            "ramp_months": self.ramp_months,
            "shrinkage": self.shrinkage,
            "max_occupancy": self.max_occupancy,
            "calendar": self.calendar.to_dict(),
            "max_open_opportunities": self.max_open_opportunities,
            # written only when set, so a plan with one team keeps its file and fingerprint
            **({"segments": list(self.segments)} if self.segments else {}),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Role:
        return record_from_dict(cls, data, "a role", {f.name for f in fields(cls)})


@dataclass(frozen=True)
class HandleTime:
    """Minutes one touch of kind ``touch`` takes (mean) and its spread (standard deviation)."""

    touch: str
    minutes: float
    spread: float = 0.0

    def __post_init__(self) -> None:
        c = Collector()
        c.check(check_choice, "touch", self.touch, TOUCH_KINDS, default="")
        object.__setattr__(
            self, "minutes", c.check(check_number, "minutes", self.minutes, 0.0, 480.0, low_open=True, default=1.0)
        )
        object.__setattr__(self, "spread", c.check(check_number, "spread", self.spread, 0.0, 480.0, default=0.0))
        c.raise_if_any()

    @property
    def cv(self) -> float:
        """Coefficient of variation (spread / mean)."""
        return self.spread / self.minutes

    def to_dict(self) -> dict[str, Any]:
        return {"touch": self.touch, "minutes": self.minutes, "spread": self.spread}

    @classmethod
    def from_dict(cls, data: Any) -> HandleTime:
        return record_from_dict(cls, data, "a handle time", {"touch", "minutes", "spread"})


#: Relative chance of qualifying after a first touch at so many minutes (5 minutes = 1).
#: From DOMAIN.md: qualifying odds fall ~4x from 5 to 10 minutes and ~21x from 5 to 30
#: minutes (Lead Response Management study, 2007); within an hour is ~7x as likely as an
#: hour later and ~60x as likely as after 24 hours (HBR, Oldroyd et al., 2011). The 60-minute
#: point (0.035) is our interpolation joining the two studies; edit the curve to your data.
DEFAULT_DECAY: tuple[tuple[float, float], ...] = (
    (0.0, 1.0),
    (5.0, 1.0),
    (10.0, 0.25),
    (30.0, 0.048),
    (60.0, 0.035),
    (120.0, 0.005),
    (1440.0, 0.00058),
)


@dataclass(frozen=True)
class DecayCurve:
    """How the chance of qualifying falls as the first touch is delayed.

    ``points`` are (minutes, relative chance) with increasing minutes and non-increasing
    chances in (0, 1]; between points the chance is interpolated on a log scale, after the last
    point it stays constant.
    """

    points: tuple[tuple[float, float], ...] = DEFAULT_DECAY

    def __post_init__(self) -> None:
        c = Collector()
        pts: list[tuple[float, float]] = []
        for i, p in enumerate(_tuple(self.points)):
            if not (isinstance(p, (list, tuple)) and len(p) == 2):
                c.add(f"points[{i}]", p, "allowed: [minutes, relative chance]")
                continue
            minutes = c.check(check_number, f"points[{i}].minutes", p[0], 0.0, 60.0 * 24 * 90, default=0.0)
            chance = c.check(check_number, f"points[{i}].chance", p[1], 0.0, 1.0, low_open=True, default=1.0)
            if pts and minutes <= pts[-1][0]:
                c.add(f"points[{i}].minutes", p[0], f"allowed: more than the previous point ({pts[-1][0]:g})")
            elif pts and chance > pts[-1][1]:
                c.add(f"points[{i}].chance", p[1], f"allowed: at most the previous point ({pts[-1][1]:g})")
            pts.append((minutes, chance))
        if not pts and not c.problems:
            c.add("points", [], "allowed: at least one point")
        c.raise_if_any()
        object.__setattr__(self, "points", tuple(pts))

    def factor(self, minutes: float) -> float:
        """The relative chance of qualifying after ``minutes`` (log-linear interpolation)."""
        xs = [p[0] for p in self.points]
        ys = [math.log(p[1]) for p in self.points]
        if minutes <= xs[0]:
            return math.exp(ys[0])
        for (x0, y0), (x1, y1) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
            if minutes <= x1:
                return math.exp(y0 + (y1 - y0) * (minutes - x0) / (x1 - x0))
        return math.exp(ys[-1])

    def to_dict(self) -> dict[str, Any]:
        return {"points": [list(p) for p in self.points]}

    @classmethod
    def from_dict(cls, data: Any) -> DecayCurve:
        return record_from_dict(cls, data, "a decay curve", {"points"})


def _default_handle_times() -> tuple[HandleTime, ...]:
    return (
        HandleTime("first_touch", 12.0, 6.0),
        HandleTime("follow_up", 6.0, 3.0),
        HandleTime("accept", 10.0, 5.0),
    )


@dataclass(frozen=True)
class Team:
    """The sales team for capacity: roles (SDR teams, one AE role), lead arrivals, handle times, decay.

    Several SDR teams split the SQLs by segment (:attr:`Role.segments`): at most one of them goes
    without segments (it takes every segment not routed elsewhere) and no segment goes to two.
    ``lead_patience_hours`` is how long a lead waits for a first touch on average before it goes
    cold (0: leads never go cold): the Erlang A estimate and the simulation lose such leads.
    """

    roles: tuple[Role, ...] = ()
    lead_time_zone: str = "America/New_York"
    arrival_profile: tuple[float, ...] = field(default_factory=default_arrival_profile)
    handle_times: tuple[HandleTime, ...] = field(default_factory=_default_handle_times)
    decay: DecayCurve = field(default_factory=DecayCurve)
    lead_patience_hours: float = 0.0

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        set_(self, "roles", tuple(self.roles))
        kinds: list[str] = []
        names: set[str] = set()
        for i, r in enumerate(self.roles):
            if not isinstance(r, Role):
                c.add(f"roles[{i}]", r, "allowed: a role")
                continue
            if r.kind == "AE" and r.kind in kinds:
                c.add(f"roles[{i}].kind", r.kind, "allowed: one AE role (several SDR teams are allowed)")
            kinds.append(r.kind)
            if r.name.strip().casefold() in names:  # results are given per team name: two would be one
                c.add(f"roles[{i}].name", r.name, "allowed: a name no other role of the team has")
            names.add(r.name.strip().casefold())
        sdr_teams = [r for r in self.roles if isinstance(r, Role) and r.kind == "SDR"]
        if sum(1 for r in sdr_teams if not r.segments) > 1:
            c.add(
                "roles",
                ", ".join(r.name for r in sdr_teams if not r.segments),
                "allowed: one SDR team without segments at most (route the others' segments: Capacity, Segments)",
            )
        owner: dict[str, str] = {}
        for i, r in enumerate(self.roles):
            if not isinstance(r, Role):
                continue
            for segment in r.segments:
                if segment.casefold() in owner:
                    c.add(
                        f"roles[{i}].segments",
                        segment,
                        f"allowed: each segment routed to one SDR team ({segment} goes to both "
                        f"{owner[segment.casefold()]} and {r.name})",
                    )
                owner.setdefault(segment.casefold(), r.name)
        set_(
            self,
            "lead_time_zone",
            c.check(check_time_zone, "lead_time_zone", self.lead_time_zone, default="UTC"),
        )
        profile = _tuple(self.arrival_profile)
        if len(profile) != HOURS_PER_WEEK:
            c.add(
                "arrival_profile",
                f"{len(profile)} values",
                "allowed: 168 weights, one per hour of the week from Monday 00:00",
            )
            profile = default_arrival_profile()
        weights = tuple(
            c.check(check_number, f"arrival_profile[{i}]", w, 0.0, 1e6, default=0.0) for i, w in enumerate(profile)
        )
        if not c.problems and sum(weights) <= 0:
            c.add("arrival_profile", "all zero", "allowed: at least one hour with a weight above 0")
        set_(self, "arrival_profile", weights)
        set_(self, "handle_times", tuple(self.handle_times))
        touches = [h.touch for h in self.handle_times]
        for i, t in enumerate(touches):
            if t in touches[:i]:
                c.add(f"handle_times[{i}].touch", t, "allowed: one handle time per kind of touch")
        if not isinstance(self.decay, DecayCurve):
            c.add("decay", self.decay, "allowed: a decay curve")
        set_(
            self,
            "lead_patience_hours",
            c.check(check_number, "lead_patience_hours", self.lead_patience_hours, 0.0, 24.0 * 90, default=0.0),
        )
        c.raise_if_any()

    @property
    def is_empty(self) -> bool:
        return not self.roles

    @property
    def sdr_teams(self) -> tuple[Role, ...]:
        """Every SDR team, in the plan's order."""
        return tuple(r for r in self.roles if r.kind == "SDR")

    def sdr_team_for(self, segment: str) -> Role | None:
        """The SDR team that works ``segment``'s SQLs: the one it is routed to, else the team without
        segments, else None (no SDR team takes it)."""
        default = None
        for r in self.sdr_teams:
            if segment.casefold() in (s.casefold() for s in r.segments):
                return r
            if not r.segments and default is None:
                default = r
        return default

    def segments_without_team(self, segments: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """The ``segments`` whose SQLs no SDR team works (none routed to it, and no SDR team
        without segments to take the rest); empty when every one has a team or there is no SDR team."""
        if not self.sdr_teams:
            return ()
        return tuple(s for s in segments if self.sdr_team_for(s) is None)

    def check_routing(self, segments: tuple[str, ...] | list[str]) -> None:
        """Raise a ValidationError naming the SDR teams' segments when one of ``segments`` has no
        SDR team (the plan can still be saved, but not simulated: :func:`segments_without_team`)."""
        missing = self.segments_without_team(segments)
        if missing:
            allowed = (
                "allowed: every segment routed to an SDR team (give it to a team, or leave one team's "
                "segments empty: that team takes every segment not routed elsewhere)"
            )
            raise ValidationError([Problem("roles.segments", ", ".join(missing), allowed, "required", subject="SDR")])

    def role(self, kind: str) -> Role | None:
        """The first role of ``kind`` (``SDR`` or ``AE``), or None (several SDR teams: :attr:`sdr_teams`)."""
        for r in self.roles:
            if r.kind == kind:
                return r
        return None

    def handle_time(self, touch: str) -> HandleTime:
        """The handle time of ``touch``; a default when the plan has none for it."""
        for h in self.handle_times:
            if h.touch == touch:
                return h
        for h in _default_handle_times():
            if h.touch == touch:
                return h
        raise KeyError(touch)

    def to_dict(self) -> dict[str, Any]:
        return {
            "roles": [r.to_dict() for r in self.roles],
            "lead_time_zone": self.lead_time_zone,
            "arrival_profile": list(self.arrival_profile),
            "handle_times": [h.to_dict() for h in self.handle_times],
            "decay": self.decay.to_dict(),
            "lead_patience_hours": self.lead_patience_hours,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Team:
        if not isinstance(data, dict):
            raise ValidationError.single("", data, "allowed: an object describing the team")
        c = Collector()
        kwargs: dict[str, Any] = {}
        for key in sorted(set(data) - {f.name for f in fields(cls)}):
            c.add(key, data[key], "allowed: no such field in the team")
        for key, build in (("roles", Role.from_dict), ("handle_times", HandleTime.from_dict)):
            if key in data:
                raw = data[key]
                if not isinstance(raw, list):
                    c.add(key, raw, "allowed: a list")
                    continue
                items = []
                for i, item in enumerate(raw):
                    with c.field(f"{key}[{i}]."):
                        items.append(build(item))
                kwargs[key] = tuple(items)
        if "decay" in data:
            with c.field("decay."):
                kwargs["decay"] = DecayCurve.from_dict(data["decay"])
        for key in ("lead_time_zone", "arrival_profile", "lead_patience_hours"):
            if key in data:
                kwargs[key] = data[key]
        c.raise_if_any()
        return cls(**kwargs)
