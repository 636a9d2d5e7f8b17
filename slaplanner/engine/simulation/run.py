"""Monte Carlo simulation: can marketing deliver the SQLs, and can sales keep its promises?

``simulate(plan, runs=..., rng=...)`` is a pure function (seeded, with progress and
cancellation). One *run* is one possible horizon:

1. **Volumes.** Each source's conversion rates are drawn from a triangular distribution over
   their low / likely / high values (one draw per run, so a good month comes with good months);
   SQLs per segment and month are Poisson around the plan's leads times the drawn rates.
2. **Arrivals.** Each month's SQLs arrive at times drawn from the arrival profile (hour of the
   week in the leads' time zone, DST-aware), sorted by the order-statistics trick.
3. **First touches** are an FCFS queue served by the SDRs available that month
   (headcount x ramp x (1 - shrinkage), rounded to whole reps whose speed is scaled to match
   the exact capacity). Because all SDRs share one calendar, arrivals are mapped onto the
   calendar's *working-minute* timeline (a lead arriving Friday 18:00 arrives at Monday's
   opening) and the queue becomes an ordinary G/G/c queue there; it is simulated for all runs
   at once (free times of the reps as arrays shaped ``(reps, runs)``, kept sorted, one step per
   arrival). A touch started before closing finishes after it (overtime).
4. **Follow-up cadence and accepts** are workload: every SQL of a tier gets ``touches - 1``
   follow-ups (SDR time) and an accept or reject (AE, in the AE calendar; it can be done from
   the SQL's arrival). First touches take priority over follow-ups.
5. **AEs** carry opportunities: open opportunities = opportunities per month x sales cycle
   (Little's law), against headcount x ramp x max open opportunities.

Results are an immutable :class:`SimulationResult`; ``as_dict()`` is the ``simulate --json``
object. See ``docs/simulation.md`` for the assumptions and the measured speed.
"""

from __future__ import annotations

import itertools
import math
import threading
import zoneinfo
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

import numpy as np
from numpy.typing import NDArray

from slaplanner.engine.erlang import aes_needed, open_opportunities
from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.commitments import ResponseCommitment
from slaplanner.plan.model import Plan
from slaplanner.plan.months import month_span_text
from slaplanner.plan.team import WEEKDAYS, Role, Team, WorkCalendar
from slaplanner.plan.validation import check_int, check_number

F64 = NDArray[np.float64]
MARGIN_DAYS = 62  # the queue may run past the horizon by this much before waits are cut off
GRID = 1 << 15  # inverse-CDF grid points per month for arrival times
DEFAULT_TARGET_PROBABILITY = 0.9
CHUNK_ELEMENTS = 4_000_000  # leads x runs per block: bounds memory (about 32 MB per array)
MAX_RUNS = 100_000  # memory grows with runs x months x tiers (counts kept per run)
MAX_SEED = 2**63 - 1  # seeds are 0..MAX_SEED (NumPy refuses negative seeds)
DEFAULT_RUNS = 2_000  # the one default for the command line, the Simulation page and the export
DEFAULT_SEED = 1
SAMPLE_LEADS = 500_000  # waits kept per simulation for quantiles, decay and the histogram


class SimulationCancelled(Exception):
    """The caller's ``cancelled()`` returned True; no result."""


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class TierResult:
    """First-touch outcome of one lead tier. Minutes are in the commitment's clock."""

    tier: str
    clock: str
    target_minutes: float
    target_share: float
    sqls_per_run: float
    p_within_target: float
    median_minutes: float
    p90_minutes: float
    p95_minutes: float
    p_met: float
    p_met_by_month: tuple[float, ...]
    accept_within_hours: float
    p_accept_within: float
    p_accept_met: float
    touches: int
    touch_days: float
    p_touches_met: float
    decay_factor: float
    histogram_edges: tuple[float, ...]
    histogram_share: tuple[float, ...]
    slower_sla: tuple[tuple[float, float, float], ...]  # (minutes, SQLs given up, revenue given up)


@dataclass(frozen=True)
class RoleResult:
    """Utilisation of one role per month: mean over runs and P(above max occupancy)."""

    role: str
    kind: str
    headcount: tuple[int, ...]
    effective_headcount: tuple[float, ...]
    max_occupancy: float
    utilisation: tuple[float, ...]
    p_over_max: tuple[float, ...]


@dataclass(frozen=True)
class HeadcountCurve:
    """P(all first-touch commitments met) for a range of SDR headcounts (held every month)."""

    role: str
    target_probability: float
    headcount_needed: int | None
    points: tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class SimulationResult:
    """Everything :func:`simulate` found. Immutable; ``as_dict()`` is the JSON output."""

    runs: int
    seed: int | None
    months: tuple[str, ...]
    segments: tuple[str, ...]
    sql_commitment_total: tuple[float, ...]
    sql_p_met: tuple[float, ...]
    sql_p_met_by_segment: tuple[tuple[str, tuple[float, ...]], ...]
    sql_quantiles: tuple[tuple[float, float, float], ...]  # P10, P50, P90 of all SQLs per month
    response: tuple[TierResult, ...]
    roles: tuple[RoleResult, ...]
    week_starts: tuple[str, ...]
    sdr_utilisation_by_week: tuple[float, ...]
    bottleneck: str
    bottleneck_detail: str
    headcount: HeadcountCurve
    ae_needed: int
    warnings: tuple[str, ...]
    sql_expected: tuple[float, ...] = ()  # mean SQLs per month over the runs

    def tier(self, name: str) -> TierResult:
        for t in self.response:
            if t.tier == name:
                return t
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        """The ``simulate --json`` object."""

        def r(x: float, n: int = 4) -> float:
            return round(float(x), n)

        return {
            "runs": self.runs,
            "seed": self.seed,
            "months": list(self.months),
            "sql_commitment": {
                # null where marketing made no commitment
                "p_met": {
                    m: (r(p) if self.sql_p_met_by_segment else None) for m, p in zip(self.months, self.sql_p_met)
                },
                "by_segment": {s: {m: r(p) for m, p in zip(self.months, ps)} for s, ps in self.sql_p_met_by_segment},
                "committed": {m: r(v, 2) for m, v in zip(self.months, self.sql_commitment_total)},
                "expected": {m: r(v, 1) for m, v in zip(self.months, self.sql_expected)},
                "sqls_p10_p50_p90": {m: [r(v, 1) for v in q] for m, q in zip(self.months, self.sql_quantiles)},
            },
            "response": {
                t.tier: {
                    "clock": t.clock,
                    "target_minutes": t.target_minutes,
                    "target_share": t.target_share,
                    "p_within_target": r(t.p_within_target),
                    "median_minutes": r(t.median_minutes, 2),
                    "p90_minutes": r(t.p90_minutes, 2),
                    "p95_minutes": r(t.p95_minutes, 2),
                    "p_met": r(t.p_met),
                    "p_met_by_month": {m: r(p) for m, p in zip(self.months, t.p_met_by_month)},
                    "p_accept_within": r(t.p_accept_within),
                    "p_accept_met": r(t.p_accept_met),
                    "p_touches_met": r(t.p_touches_met),
                    "slower_sla": [
                        {"first_touch_minutes": m, "sqls_given_up": r(q, 2), "revenue_given_up": r(v, 2)}
                        for m, q, v in t.slower_sla
                    ],
                }
                for t in self.response
            },
            "utilisation": {ro.role: {m: r(u) for m, u in zip(self.months, ro.utilisation)} for ro in self.roles},
            "bottleneck": {"role": self.bottleneck, "detail": self.bottleneck_detail},
            "headcount_needed": {
                "target_probability": self.headcount.target_probability,
                self.headcount.role: self.headcount.headcount_needed,
                "AE": self.ae_needed,
                "curve": [{"headcount": h, "p_met": r(p)} for h, p in self.headcount.points],
            },
            "warnings": list(self.warnings),
        }


# ---------------------------------------------------------------------------------------------
# Calendars on a minute timeline


@dataclass(frozen=True)
class Timeline:
    """Minutes from the first plan month's midnight in the leads' time zone (UTC-based)."""

    t0: datetime
    month_starts: tuple[int, ...]  # minute index of each month start and of the horizon end
    total: int

    @classmethod
    def for_plan(cls, plan: Plan, lead_time_zone: str) -> Timeline:
        tz = zoneinfo.ZoneInfo(lead_time_zone)
        year, month = (int(x) for x in plan.start_month.split("-"))
        t0 = datetime(year, month, 1, tzinfo=tz).astimezone(timezone.utc)
        starts = []
        for i in range(plan.horizon_months + 1):
            y, m = divmod(month - 1 + i, 12)
            local = datetime(year + y, m + 1, 1, tzinfo=tz).astimezone(timezone.utc)
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
        tz = zoneinfo.ZoneInfo(calendar.time_zone)
        working = np.zeros(timeline.total, dtype=bool)
        holidays = set(calendar.holidays)
        first = timeline.t0.astimezone(tz).date() - timedelta(days=1)
        last = (timeline.t0 + timedelta(minutes=timeline.total)).astimezone(tz).date() + timedelta(days=1)
        day = first
        while day <= last:
            span = calendar.hours_on(day.weekday())
            if span is not None and day.isoformat() not in holidays:
                a = _local_minute(timeline, tz, day, span[0])
                b = _local_minute(timeline, tz, day, span[1])
                a, b = max(a, 0), min(b, timeline.total)
                if b > a:
                    working[a:b] = True
            day += timedelta(days=1)
        cumulative = np.zeros(timeline.total + 1)
        np.cumsum(working, out=cumulative[1:])
        clock_of = np.append(np.flatnonzero(working).astype(np.float64), float(timeline.total))
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

    def period_end(self) -> F64:
        """For each working minute k: where (in working minutes) the shift containing k ends."""
        clock = self.clock_of[:-1]
        breaks = np.flatnonzero(np.diff(clock) != 1.0) + 1
        ends = np.append(breaks, len(clock)).astype(np.float64)
        k = np.arange(len(clock) + 1)
        out: F64 = ends[np.minimum(np.searchsorted(ends, k, side="right"), len(ends) - 1)]
        return out

    def working_between(self, a: int, b: int) -> float:
        return float(self.cumulative[b] - self.cumulative[a])


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
    """Per-minute arrival weights and, per month, the inverse CDF on a grid of ``GRID`` cells."""
    tz = zoneinfo.ZoneInfo(team.lead_time_zone)
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
    weights = np.asarray(team.arrival_profile, dtype=np.float64)[hour_of_week]
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
    return weights, inverses


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class _Inputs:
    plan: Plan
    team: Team
    tiers: tuple[ResponseCommitment, ...]
    sdr: Role
    ae: Role | None
    sql_index: int
    timeline: Timeline
    sdr_map: CalendarMap
    ae_map: CalendarMap
    inverses: list[F64]
    expected_by_segment: F64  # (months, segments) likely SQLs
    sql_to_opp: float
    sql_to_won: float


def month_range(months: list[str]) -> str:
    """Plan months as short readable ranges: ``Jan–Dec 2026``, ``Jan, Mar–Apr 2026``."""
    return month_span_text(months)


def _hours_text(calendar: WorkCalendar) -> str:
    """Working hours as in the plan file: ``mon-fri 9-17`` or ``mon 9-17, sat 10-14``."""
    spans: list[tuple[list[str], float, float]] = []
    for day, start, end in calendar.working_hours:
        if spans and spans[-1][1:] == (start, end) and WEEKDAYS.index(day) == WEEKDAYS.index(spans[-1][0][-1]) + 1:
            spans[-1][0].append(day)
        else:
            spans.append(([day], start, end))
    return ", ".join(
        f"{days[0] if len(days) == 1 else days[0] + '-' + days[-1]} {start:g}-{end:g}" for days, start, end in spans
    )


@dataclass(frozen=True)
class _Checked:
    """What the feasibility checks found, and the pieces :func:`_prepare` builds on."""

    problems: tuple[Problem, ...]
    sdr: Role | None
    ae: Role | None
    tiers: tuple[ResponseCommitment, ...]
    sql_index: int
    timeline: Timeline
    sdr_map: CalendarMap | None
    ae_map: CalendarMap | None
    expected_by_segment: F64


def _check(plan: Plan) -> _Checked:
    """Everything that makes a plan impossible to simulate, one problem per field (months merged)."""
    team = plan.team
    months = plan.months
    problems: list[Problem] = []
    sdr = team.role("SDR")
    ae = team.role("AE")
    if sdr is None:
        kinds = "only " + ", ".join(f"{r.kind} ({r.name})" for r in team.roles) if team.roles else "no roles"
        problems.append(Problem("team.roles", kinds, "allowed: a team with an SDR role (it makes the first touches)"))
    tiers = plan.commitments.response or (ResponseCommitment("All SQLs"),)
    stage_names = [s.casefold() for s in plan.stages]
    sql_index = stage_names.index("sql") if "sql" in stage_names else -1
    if sql_index < 0:
        problems.append(Problem("stages", ", ".join(plan.stages), "allowed: a funnel with an SQL stage"))
    elif sql_index == len(plan.stages) - 1:
        problems.append(Problem("stages", ", ".join(plan.stages), "allowed: stages after SQL (opportunity, won)"))
    expected = np.zeros((len(months), max(1, len(plan.segments))))
    if sql_index >= 0:
        for s in plan.sources:
            leads = np.asarray(s.leads(months))
            rate = math.prod(r.likely for r in s.conversion[:sql_index])
            expected[:, plan.segments.index(s.segment)] += leads * rate
    totals = expected.sum(axis=1)
    arriving = [m for m in range(len(months)) if totals[m] > 0]
    timeline = Timeline.for_plan(plan, team.lead_time_zone)
    sdr_map = CalendarMap.build(sdr.calendar, timeline) if sdr is not None else None
    ae_map = CalendarMap.build(ae.calendar, timeline) if ae is not None else sdr_map
    for role, cmap in ((sdr, sdr_map), (ae, ae_map)):
        if role is None or cmap is None:
            continue
        closed = [
            months[m]
            for m, (a, b) in enumerate(zip(timeline.month_starts, timeline.month_starts[1:]))
            if cmap.working_between(a, b) <= 0
        ]
        if closed and (role.kind == "SDR" or len(closed) == len(months)):
            # Accepts (AE) wait for the next open month; first touches (SDR) need every month.
            problems.append(
                Problem(
                    f"team.roles[{role.kind}].calendar.holidays ({month_range(closed)})",
                    f"{_hours_text(role.calendar)} with every working day a holiday",
                    "allowed: some working hours in every plan month",
                )
            )
        zero = [m for m in arriving if role.headcount_in(m) == 0]
        if zero:
            most = max(totals[m] for m in zero)
            problems.append(
                Problem(
                    f"team.roles[{role.kind}].headcount ({month_range([months[m] for m in zero])})",
                    0,
                    f"allowed: at least 1 {role.kind} while SQLs arrive (up to {most:,.0f} a month)",
                )
            )
    return _Checked(tuple(problems), sdr, ae, tiers, sql_index, timeline, sdr_map, ae_map, expected)


def feasibility_problems(plan: Plan) -> tuple[Problem, ...]:
    """Why :func:`simulate` would refuse ``plan`` (empty when it can be simulated).

    The same checks :func:`simulate` makes: an SDR role, an SQL stage with stages after it,
    working hours in every plan month, at least one SDR (and AE, when there is an AE role) in
    every month in which SQLs arrive. Months with the same problem are one problem with a month
    range: ``team.roles[SDR].headcount (Jan–Dec 2026): 0 is not allowed; allowed: at least 1
    SDR while SQLs arrive (up to 443 a month)``.
    """
    return _check(plan).problems


def _prepare(plan: Plan) -> _Inputs:
    checked = _check(plan)
    if checked.problems:
        raise ValidationError(checked.problems)
    sdr, timeline, sdr_map, ae_map = checked.sdr, checked.timeline, checked.sdr_map, checked.ae_map
    assert sdr is not None and sdr_map is not None and ae_map is not None
    team = plan.team
    months = plan.months
    sql_index = checked.sql_index
    ae = checked.ae
    tiers = checked.tiers
    expected = checked.expected_by_segment
    _, inverses = arrival_tables(team, timeline)
    # Blended likely rates after SQL, for opportunities and revenue.
    after = []
    for k in range(sql_index, len(plan.stages) - 1):
        num = sum(sum(s.leads(months)) * math.prod(r.likely for r in s.conversion[: k + 1]) for s in plan.sources)
        den = sum(sum(s.leads(months)) * math.prod(r.likely for r in s.conversion[:k]) for s in plan.sources)
        after.append(num / den if den > 0 else 0.0)
    return _Inputs(
        plan=plan,
        team=team,
        tiers=tiers,
        sdr=sdr,
        ae=ae,
        sql_index=sql_index,
        timeline=timeline,
        sdr_map=sdr_map,
        ae_map=ae_map,
        inverses=inverses,
        expected_by_segment=expected,
        sql_to_opp=after[0] if after else 0.0,
        sql_to_won=math.prod(after) if after else 0.0,
    )


def _triangular(rng: np.random.Generator, low: float, mode: float, high: float, size: int) -> F64:
    """Triangular draws by the inverse CDF (works when low == high, unlike Generator.triangular)."""
    if high <= low:
        return np.full(size, mode)
    u = rng.random(size)
    cut = (mode - low) / (high - low)
    left = low + np.sqrt(u * (high - low) * (mode - low))
    right = high - np.sqrt((1 - u) * (high - low) * (high - mode))
    out: F64 = np.where(u < cut, left, right)
    return out


def _expected_sqls(inp: _Inputs, rng: np.random.Generator, runs: int) -> tuple[F64, F64]:
    """Expected SQLs (runs, months, segments) and SQL->opportunity rate per run (runs,)."""
    plan = inp.plan
    months = plan.months
    segments = plan.segments
    out = np.zeros((runs, len(months), max(1, len(segments))))
    opp_num = np.zeros(runs)
    opp_den = np.zeros(runs)
    for s in plan.sources:
        leads = np.asarray(s.leads(months))
        rate = np.ones(runs)
        for r in s.conversion[: inp.sql_index]:
            rate *= _triangular(rng, r.low, r.likely, r.high, runs)
        opp = s.conversion[inp.sql_index]
        to_opp = _triangular(rng, opp.low, opp.likely, opp.high, runs)
        sqls = rate[:, None] * leads[None, :]
        out[:, :, segments.index(s.segment)] += sqls
        opp_num += sqls.sum(axis=1) * to_opp
        opp_den += sqls.sum(axis=1)
    sql_to_opp: F64 = np.where(opp_den > 0, opp_num / np.maximum(opp_den, 1e-300), inp.sql_to_opp)
    return out, sql_to_opp


def _sdr_servers(role: Role, months: int, headcount: int | None) -> tuple[list[int], list[float]]:
    """Whole reps on the first-touch queue per month and their speed (1 = full speed)."""
    if headcount is not None:
        role = Role(
            kind=role.kind,
            name=role.name,
            headcount=(headcount,),
            ramp_months=0,
            shrinkage=role.shrinkage,
            max_occupancy=role.max_occupancy,
            calendar=role.calendar,
        )
    effective = role.effective_headcount(months)
    servers, speed = [], []
    for m in range(months):
        capacity = effective[m] * (1.0 - role.shrinkage)
        c = max(1, round(capacity))
        servers.append(c)
        speed.append(capacity / c if capacity > 0 else 1e-9)
    return servers, speed


# ---------------------------------------------------------------------------------------------
# The queue


@dataclass
class _Acc:
    """Accumulators of one simulation (mutable while running, summarised into the result)."""

    within: NDArray[np.int64]  # (runs, months, tiers)
    count: NDArray[np.int64]
    accept_within: NDArray[np.int64]
    first_touch_work: F64  # (runs, months) SDR minutes
    samples: list[list[F64]]  # per tier, waits in the tier's clock (minutes), sampled runs only
    decay_samples: list[list[F64]]  # per tier, clock waits, sampled runs only
    week_work: F64
    week_leads: F64
    sampled: int


@dataclass(frozen=True)
class _QueueSetup:
    """What every lane of the queue needs, computed once.

    Arrival tables are per month on the inverse-CDF grid (``GRID`` cells, plus one sentinel
    cell at index ``GRID`` for padding: working time -inf, never accepted): clock minute and
    working minute at each grid point with the step to the next, so a uniform position u maps
    to a time by one gather and one multiply-add.
    """

    servers: list[int]
    speed: list[float]
    shares: NDArray[np.uint16]  # tier thresholds on a 0..65535 scale
    targets: list[float]
    business: list[bool]
    clock_at: list[F64]  # per month: clock minute at each grid point (+ sentinel)
    clock_step: list[F64]
    work_at: list[F64]  # per month: working minute at each grid point (+ sentinel -inf)
    work_step: list[F64]
    accept_ok: list[list[NDArray[np.bool_]]]  # per month, per tier: accepted in time (+ sentinel False)
    period_end: F64  # per working minute: the working-minute position where its shift ends
    handle_minutes: float
    gamma_shape: float  # 0: fixed handle time; 1: exponential
    n_weeks: int


def _queue_setup(inp: _Inputs, n_months: int, headcount: int | None) -> _QueueSetup:
    tiers = inp.tiers
    shares = np.cumsum([t.share_of_sqls for t in tiers])[:-1]
    ft = inp.team.handle_time("first_touch")
    servers, speed = _sdr_servers(inp.sdr, n_months, headcount)
    # Accepting is done by the AEs in their calendar; it can start when the SQL arrives.
    ae = inp.ae_map
    accept_minutes = inp.team.handle_time("accept").minutes
    clock_at, clock_step, work_at, work_step, accept_ok = [], [], [], [], []
    for inv in inp.inverses[:n_months]:
        clock = inv.copy()
        work = inp.sdr_map.to_working(clock)
        delay = ae.to_clock(ae.to_working(clock) + accept_minutes) - clock
        clock_step.append(np.append(np.diff(clock), 0.0))
        work_step.append(np.append(np.diff(work), 0.0))
        work[-1] = -np.inf
        clock[-1] = -np.inf  # padding: an arrival at -inf waits +inf, never within target
        work_at.append(work)
        clock_at.append(clock)
        accept_ok.append([np.append(delay[:-1] <= t.accept_within_hours * 60.0, False) for t in tiers])
    return _QueueSetup(
        servers=servers,
        speed=speed,
        shares=np.round(shares * 65536).clip(0, 65535).astype(np.uint16),
        targets=[t.first_touch_minutes for t in tiers],
        business=[t.clock == "business" for t in tiers],
        clock_at=clock_at,
        clock_step=clock_step,
        work_at=work_at,
        work_step=work_step,
        accept_ok=accept_ok,
        period_end=inp.sdr_map.period_end(),
        handle_minutes=ft.minutes,
        gamma_shape=1.0 / ft.cv**2 if ft.cv > 0 else 0.0,
        n_weeks=inp.timeline.total // 10080 + 1,
    )


class _Progress:
    """Thread-safe progress and cancellation across lanes, throttled to ~1 % steps."""

    def __init__(
        self, total: int, progress: Callable[[float], None] | None, cancelled: Callable[[], bool] | None
    ) -> None:
        self.total = max(1, total)
        self.done = 0
        self.last = -1.0
        self.progress = progress
        self.cancelled = cancelled
        self.stop = False
        self.lock = threading.Lock()

    def step(self, rows: int) -> None:
        with self.lock:
            self.done += rows
            if self.stop:
                raise SimulationCancelled()
            if self.cancelled is not None and self.cancelled():
                self.stop = True
                raise SimulationCancelled()
            frac = self.done / self.total
            if self.progress is not None and frac - self.last >= 0.01:
                self.last = frac
                self.progress(min(1.0, frac))


def _count(flags: NDArray[np.bool_]) -> NDArray[np.int16]:
    """True values per column (per run) of a block; int16 is 5x faster than a default sum."""
    out: NDArray[np.int16] = np.add.reduce(flags, axis=0, dtype=np.int16)
    return out


def _log_uniform(rng: np.random.Generator, shape: tuple[int, int]) -> NDArray[np.float32]:
    """log(1 - U) for U uniform in [0, 1), float32: minus an Exp(1) draw, faster than
    ``standard_exponential`` because NumPy's float32 log is vectorised (tail cut at 16.6)."""
    u = rng.random(shape, dtype=np.float32)
    np.subtract(np.float32(1.0), u, out=u)
    np.log(u, out=u)
    return u


def _lane(
    inp: _Inputs,
    setup: _QueueSetup,
    counts: NDArray[np.int64],
    rng: np.random.Generator,
    acc: _Acc,
    offset: int,
    sample_runs: int,
    tracker: _Progress,
) -> None:
    """Simulate the first-touch queue for the runs in ``counts`` (a lane), filling ``acc``.

    Runs are columns; the i-th arrival of every run is one step. Arrival times are generated in
    blocks of a few rows (cache-sized) by the Renyi representation of uniform order
    statistics: U_(i) = 1 - exp(-sum_{j<=i} E_j / (n - j + 1)) with E_j ~ Exp(1), so a month's
    sorted arrivals come out in order without sorting. The reps' free times ``free`` (reps x
    runs) stay sorted: the next lead goes to the rep free first, and the rep's new free time
    is inserted back in order with 2 (reps - 1) element-wise min/max operations.
    """
    width, n_months = counts.shape
    n_tiers = len(inp.tiers)
    sdr_map = inp.sdr_map
    ms = inp.timeline.month_starts
    block = max(1, min(16_384, 65_536 // max(1, width)))  # <= 16,384 rows: int16 counts cannot overflow
    c_max = max(setup.servers)
    free = np.full((c_max, width), np.inf)
    active = setup.servers[0]
    free[:active] = sdr_map.cumulative[ms[0]]
    x = np.empty(width)
    tmp = np.empty(width)
    index = np.empty(width, dtype=np.int64)
    shift_end = np.empty(width)
    period_end = setup.period_end
    cols = slice(offset, offset + width)
    sample = min(sample_runs, width)
    any_clock = not all(setup.business)
    for m in range(n_months):
        n = counts[:, m]
        n_max = int(n.max()) if width else 0
        c = setup.servers[m]
        if c < active:
            free[c:active] = np.inf
        elif c > active:
            free[active:c] = sdr_map.cumulative[ms[m]]
            free[:c] = np.sort(free[:c], axis=0)
        active = c
        work_at, work_step = setup.work_at[m], setup.work_step[m]
        clock_at, clock_step = setup.clock_at[m], setup.clock_step[m]
        carry = np.zeros(width)
        n32 = n.astype(np.float32)
        scale = np.float32(setup.handle_minutes / setup.speed[m])
        count = np.zeros((n_tiers, width), dtype=np.int64)
        within = np.zeros((n_tiers, width), dtype=np.int64)
        accept = np.zeros((n_tiers, width), dtype=np.int64)
        ft_work = np.zeros(width)
        for i0 in range(0, n_max, block):
            i1 = min(n_max, i0 + block)
            rows = i1 - i0
            remaining = n32[None, :] - np.arange(i0, i1, dtype=np.float32)[:, None]
            valid = remaining > 0
            np.maximum(remaining, 1.0, out=remaining)
            np.negative(remaining, out=remaining)
            gaps32 = _log_uniform(rng, (rows, width))  # -Exp(1)
            gaps32 /= remaining
            # Running sum in float64 (the positions must not drift over a month of arrivals).
            total = gaps32.astype(np.float64)
            total[0] += carry
            for i in range(1, rows):
                np.add(total[i - 1], total[i], out=total[i])
            carry = total[-1].copy()
            # u = 1 - exp(-total); grid position u * GRID.
            pos = total.astype(np.float32)
            np.negative(pos, out=pos)
            np.exp(pos, out=pos)
            np.subtract(1.0, pos, out=pos)
            pos *= np.float32(GRID)
            k = pos.astype(np.int32)
            np.minimum(k, GRID - 1, out=k)
            pos -= k
            k[~valid] = GRID  # padding: the sentinel cell
            # np.take: about 3x faster than fancy indexing for these gathers
            arrive = np.take(work_at, k)
            arrive += np.take(work_step, k) * pos
            if setup.gamma_shape == 1.0:
                service = _log_uniform(rng, (rows, width))
                service *= -scale
            elif setup.gamma_shape > 0:
                service = rng.standard_gamma(setup.gamma_shape, (rows, width), dtype=np.float32)
                service *= np.float32(scale / setup.gamma_shape)
            else:
                service = np.full((rows, width), scale, dtype=np.float32)
            service[~valid] = 0.0
            ft_work += np.add.reduce(service, axis=0)
            start = np.empty((rows, width))
            f = free
            for i in range(rows):
                st = start[i]
                np.maximum(arrive[i], f[0], out=st)
                # A touch started before closing is finished in overtime: the rep is next free
                # at the following opening, which is the shift's end in working minutes.
                np.copyto(index, st, casting="unsafe")
                np.take(period_end, index, out=shift_end, mode="clip")
                np.add(st, service[i], out=x)
                np.minimum(x, shift_end, out=x)
                if c == 1:
                    f[0] = x
                else:
                    np.minimum(x, f[1], out=f[0])
                    for j in range(1, c - 1):
                        np.maximum(f[j], x, out=tmp)
                        np.minimum(tmp, f[j + 1], out=f[j])
                    np.maximum(f[c - 1], x, out=f[c - 1])
            # Waits in business minutes (padding: -inf arrival gives +inf, never within target).
            wait = start - arrive
            clock = None
            clock_wait = None
            if any_clock:
                clock = np.take(clock_at, k) + np.take(clock_step, k) * pos
                clock_wait = sdr_map.to_clock(start) - clock
            if n_tiers > 1:
                draw = rng.integers(0, 65536, size=(rows, width), dtype=np.uint16)
                tier = np.zeros((rows, width), dtype=np.int8)
                for edge in setup.shares:
                    tier += draw >= edge
                tier[~valid] = -1
            for t in range(n_tiers):
                w = wait if setup.business[t] else clock_wait
                assert w is not None
                hit = w <= setup.targets[t]
                ok = np.take(setup.accept_ok[m][t], k)
                if n_tiers > 1:
                    mine = tier == t
                    count[t] += _count(mine)
                    hit &= mine
                    ok &= mine
                within[t] += _count(hit)
                accept[t] += _count(ok)
            if n_tiers == 1:
                count[0] += _count(valid)
            if sample:
                sub = valid[:, :sample]
                ks = k[:, :sample]
                s_clock = np.take(clock_at, ks) + np.take(clock_step, ks) * pos[:, :sample]
                s_wait_clock = np.maximum(sdr_map.to_clock(start[:, :sample]) - s_clock, 0.0)
                for t in range(n_tiers):
                    mine = sub if n_tiers == 1 else sub & (tier[:, :sample] == t)
                    w = wait if setup.business[t] else clock_wait
                    assert w is not None
                    acc.samples[t].append(w[:, :sample][mine])
                    acc.decay_samples[t].append(s_wait_clock[mine])
                week = np.minimum((s_clock[sub] // 10080).astype(np.int64), setup.n_weeks - 1)
                acc.week_work += np.bincount(week, weights=service[:, :sample][sub], minlength=setup.n_weeks)
                acc.week_leads += np.bincount(week, minlength=setup.n_weeks)
            tracker.step(rows)
        acc.count[cols, m] = count.T
        acc.within[cols, m] = within.T
        acc.accept_within[cols, m] = accept.T
        acc.first_touch_work[cols, m] = ft_work * setup.speed[m]


LANES = 2  # runs are split into this many lanes, simulated on threads (fixed for reproducibility)


def _simulate_queue(
    inp: _Inputs,
    counts: NDArray[np.int64],  # (runs, months)
    seed: int,
    *,
    headcount: int | None = None,
    collect: bool = True,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> _Acc:
    runs, n_months = counts.shape
    n_tiers = len(inp.tiers)
    setup = _queue_setup(inp, n_months, headcount)
    per_run = max(1, int(counts.sum(axis=1).max()))
    acc = _Acc(
        within=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        count=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        accept_within=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        first_touch_work=np.zeros((runs, n_months)),
        samples=[[] for _ in inp.tiers],
        decay_samples=[[] for _ in inp.tiers],
        week_work=np.zeros(setup.n_weeks),
        week_leads=np.zeros(setup.n_weeks),
        sampled=max(1, min(runs, SAMPLE_LEADS // per_run)) if collect else 0,
    )
    lanes = LANES if runs >= 2 * 256 else 1
    bounds = np.linspace(0, runs, lanes + 1).astype(int)
    generators = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(lanes)]
    steps = sum(int(counts[a:b].max(axis=0).sum()) for a, b in itertools.pairwise(bounds) if b > a)
    tracker = _Progress(steps, progress, cancelled)
    jobs = []
    for lane in range(lanes):
        a, b = int(bounds[lane]), int(bounds[lane + 1])
        jobs.append((counts[a:b], generators[lane], a, acc.sampled if lane == 0 else 0))
    if lanes == 1:
        lane_counts, generator, first, sampled = jobs[0]
        _lane(inp, setup, lane_counts, generator, acc, first, sampled, tracker)
    else:
        with ThreadPoolExecutor(max_workers=lanes) as pool:
            futures = [pool.submit(_lane, inp, setup, c, g, acc, a, s, tracker) for c, g, a, s in jobs]
            for fut in futures:
                fut.result()
    if progress is not None:
        progress(1.0)
    return acc


# ---------------------------------------------------------------------------------------------
# The public function


def simulate(
    plan: Plan,
    *,
    runs: int,
    rng: np.random.Generator,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    seed: int | None = None,
    target_probability: float = DEFAULT_TARGET_PROBABILITY,
    search_runs: int | None = None,
    search_headcount: bool = True,
) -> SimulationResult:
    """Simulate ``runs`` possible horizons of ``plan`` and summarise what they say.

    Args:
        plan: the plan with its ``team`` (an SDR role at least) and ``commitments``.
        runs: number of Monte Carlo replications (1 to 100,000).
        rng: the random generator; the same seed gives the same result.
        progress: called with the fraction done (0 to 1), in about 1 % steps.
        cancelled: polled now and then; when it returns True :class:`SimulationCancelled` is raised.
        seed: only recorded in the result (``rng`` decides the numbers).
        target_probability: the probability the headcount search aims for.
        search_runs: runs per candidate headcount in the search (default runs // 4, 100 to 2,000).
        search_headcount: False skips the headcount search (``headcount.points`` is empty).

    Raises:
        ValidationError: an impossible plan (no SDR, zero SDRs while SQLs arrive, a calendar
            with no working hours in a month, no SQL stage).
    """
    runs = int(check_int("runs", runs, 1, MAX_RUNS))
    check_number("target_probability", target_probability, 0.0, 1.0, low_open=True)
    inp = _prepare(plan)
    months = plan.months
    n_months = len(months)
    segments = plan.segments or ("General",)
    warnings: list[str] = []

    seeds = rng.integers(0, 2**63 - 1, size=4)
    volume_rng = np.random.default_rng(int(seeds[0]))
    expected, sql_to_opp = _expected_sqls(inp, volume_rng, runs)
    by_segment = volume_rng.poisson(expected)
    counts = by_segment.sum(axis=2).astype(np.int64)

    search = search_runs if search_runs is not None else min(2_000, max(100, runs // 4))
    search = min(search, runs)

    def part(lo: float, hi: float) -> Callable[[float], None] | None:
        if progress is None:
            return None
        report = progress
        return lambda f: report(lo + (hi - lo) * f)

    main_share = 0.7 if search_headcount else 1.0
    acc = _simulate_queue(inp, counts, int(seeds[1]), progress=part(0.0, main_share), cancelled=cancelled)

    # Marketing's SQL commitment.
    committed = {m.segment.casefold(): m.sqls_per_month for m in plan.commitments.marketing}
    met_all = np.ones((runs, n_months), dtype=bool)
    by_seg_p: list[tuple[str, tuple[float, ...]]] = []
    commitment_total = np.zeros(n_months)
    for s_index, segment in enumerate(segments):
        goal = committed.get(segment.casefold())
        if goal is None:
            continue
        met = by_segment[:, :, s_index] >= goal
        met_all &= met
        commitment_total += goal
        by_seg_p.append((segment, tuple(float(v) for v in met.mean(axis=0))))
    sql_p = tuple(float(v) for v in met_all.mean(axis=0)) if by_seg_p else tuple(1.0 for _ in months)
    q = np.percentile(counts, [10, 50, 90], axis=0)
    sql_quantiles = tuple((float(q[0, m]), float(q[1, m]), float(q[2, m])) for m in range(n_months))

    # SDR workload: first touches (simulated) + follow-ups (expected per SQL) per run and month.
    sdr = inp.sdr
    follow = inp.team.handle_time("follow_up").minutes
    follow_work = np.zeros((runs, n_months))
    for t, tier in enumerate(inp.tiers):
        follow_work += acc.count[:, :, t] * max(0, tier.touches - 1) * follow
    sdr_work = acc.first_touch_work + follow_work
    sdr_eff = np.asarray(sdr.effective_headcount(n_months))
    ms = inp.timeline.month_starts
    sdr_hours = np.array([inp.sdr_map.working_between(ms[m], ms[m + 1]) for m in range(n_months)])
    sdr_avail = sdr_eff * sdr_hours * (1.0 - sdr.shrinkage)
    sdr_util, sdr_result = _role_result(sdr, n_months, sdr_work, sdr_avail)
    roles = [sdr_result]
    touches_ok = (sdr_util <= sdr.max_occupancy).all(axis=1)

    # AE: open opportunities by Little's law, plus accept work.
    ae_needed_max = 0
    if inp.ae is not None:
        ae = inp.ae
        opps = counts * sql_to_opp[:, None]
        open_opps = open_opportunities(1.0, plan.terms.sales_cycle_days) * opps
        ae_eff = np.asarray(ae.effective_headcount(n_months))
        ae_cap = ae_eff * ae.max_open_opportunities
        roles.append(_role_result(ae, n_months, open_opps, ae_cap)[1])
        p90_open = np.percentile(open_opps, 90, axis=0)
        ae_needed_max = max(aes_needed(float(v), ae.max_open_opportunities, ae.max_occupancy) for v in p90_open)

    # Response commitments per tier.
    revenue_per_sql = inp.sql_to_won * plan.terms.average_deal_size
    tier_results = []
    edges = np.concatenate(([0.0], np.geomspace(1.0, 60.0 * 24 * 14, 40)))
    for t, tier in enumerate(inp.tiers):
        cnt = acc.count[:, :, t]
        win = acc.within[:, :, t]
        total = cnt.sum(axis=1)
        share = np.where(total > 0, win.sum(axis=1) / np.maximum(total, 1), 1.0)
        monthly = np.where(cnt > 0, win / np.maximum(cnt, 1), 1.0)
        sample = np.concatenate(acc.samples[t]) if acc.samples[t] else np.zeros(0)
        clock_sample = np.concatenate(acc.decay_samples[t]) if acc.decay_samples[t] else np.zeros(0)
        if sample.size:
            med, p90, p95 = (float(v) for v in np.percentile(sample, [50, 90, 95]))
            hist = np.histogram(np.minimum(sample, edges[-1]), bins=edges)[0] / sample.size
            decay_now = float(_decay(inp.team, clock_sample).mean())
        else:
            med = p90 = p95 = 0.0
            hist = np.zeros(len(edges) - 1)
            decay_now = 1.0
        acc_share = np.where(total > 0, acc.accept_within[:, :, t].sum(axis=1) / np.maximum(total, 1), 1.0)
        sqls_per_run = float(total.mean())
        slower = slower_sla_cost(sqls_per_run, tier.first_touch_minutes, inp.team.decay.factor, revenue_per_sql)
        tier_results.append(
            TierResult(
                tier=tier.tier,
                clock=tier.clock,
                target_minutes=tier.first_touch_minutes,
                target_share=tier.target_share,
                sqls_per_run=sqls_per_run,
                p_within_target=float(win.sum() / max(1, cnt.sum())),
                median_minutes=med,
                p90_minutes=p90,
                p95_minutes=p95,
                p_met=float((share >= tier.target_share).mean()),
                p_met_by_month=tuple(float(v) for v in (monthly >= tier.target_share).mean(axis=0)),
                accept_within_hours=tier.accept_within_hours,
                p_accept_within=float(acc.accept_within[:, :, t].sum() / max(1, cnt.sum())),
                p_accept_met=float((acc_share >= tier.target_share).mean()),
                touches=tier.touches,
                touch_days=tier.touch_days,
                p_touches_met=float(touches_ok.mean()),
                decay_factor=decay_now,
                histogram_edges=tuple(float(e) for e in edges),
                histogram_share=tuple(float(h) for h in hist),
                slower_sla=tuple(slower),
            )
        )

    # Utilisation by week (SDR first touches + expected follow-ups, from the sampled runs).
    week_starts: list[str] = []
    week_util: list[float] = []
    sampled = max(1, acc.sampled)
    mean_follow = sum(t.share_of_sqls * max(0, t.touches - 1) for t in inp.tiers) * follow
    end = inp.timeline.month_starts[-1]
    # Weeks of 7 days from the first plan day; a short last week (under 7 days) joins the one before.
    n_weeks = max(1, min(len(acc.week_work), end // 10080))
    for w in range(n_weeks):
        a = w * 10080
        b = end if w == n_weeks - 1 else a + 10080
        blocks = slice(w, max(w + 1, min(len(acc.week_work), -(-b // 10080))))
        month = int(np.searchsorted(np.asarray(ms), a, side="right") - 1)
        hours = inp.sdr_map.working_between(a, b) * float(sdr_eff[month]) * (1.0 - sdr.shrinkage)
        work = (acc.week_work[blocks].sum() + acc.week_leads[blocks].sum() * mean_follow) / sampled
        week_starts.append((inp.timeline.t0 + timedelta(minutes=a)).date().isoformat())
        # A week without working hours (closed) does its leads' work in the next open week.
        week_util.append(float(work / hours) if hours > 0 else 0.0)
    busy = [(d, u) for d, u in zip(week_starts, week_util) if u > sdr.max_occupancy]
    if busy:
        shown = ", ".join(f"from {d} {u:.0%}" for d, u in busy[:6]) + (
            f" and {len(busy) - 6} more" if len(busy) > 6 else ""
        )
        warnings.append(
            f"{sdr.name} above maximum occupancy in {len(busy)} week{'s' if len(busy) > 1 else ''}: {shown} "
            f"(maximum {sdr.max_occupancy:.0%})."
        )

    # Warnings: over capacity.
    for ro in roles:
        for m, u in enumerate(ro.utilisation):
            if u > 1.0:
                warnings.append(
                    f"{ro.role} over capacity in {months[m]}: the work needs {u:.0%} of capacity "
                    "(more work than the team can do: the backlog grows)."
                )
            elif u > ro.max_occupancy:
                warnings.append(
                    f"{ro.role} above maximum occupancy in {months[m]}: {u:.0%} (maximum {ro.max_occupancy:.0%})."
                )

    # Bottleneck: the role with the highest utilisation relative to its maximum occupancy.
    worst = max(
        ((ro, m, u / ro.max_occupancy) for ro in roles for m, u in enumerate(ro.utilisation)), key=lambda x: x[2]
    )
    b_role, b_month, b_ratio = worst
    detail = (
        f"{b_role.role} in {months[b_month]}: utilisation {b_role.utilisation[b_month]:.0%} "
        f"against a maximum occupancy of {b_role.max_occupancy:.0%}"
    )
    worst_tier = min(tier_results, key=lambda t: t.p_met) if tier_results else None
    if worst_tier is not None and worst_tier.p_met < target_probability and b_ratio <= 1.0:
        detail += f"; the first-touch commitment of tier {worst_tier.tier} is met with P = {worst_tier.p_met:.2f}"
    bottleneck = b_role.role

    # Headcount search with common random numbers.
    if search_headcount:
        curve = _headcount_curve(inp, counts[:search], int(seeds[2]), target_probability, part(0.7, 1.0), cancelled)
    else:
        curve = HeadcountCurve(inp.sdr.kind, target_probability, None, ())
    if curve.points and curve.headcount_needed is None:
        last, p_last = curve.points[-1]
        warnings.append(
            f"No {curve.role} headcount tried (up to {last}) reaches P = {target_probability:.0%} for every "
            f"first-touch commitment (at {last}: {p_last:.0%}): the calendar (nights, weekends, holidays) or "
            "the targets limit it, not headcount."
        )
    if progress is not None:
        progress(1.0)
    return SimulationResult(
        runs=runs,
        seed=seed,
        months=months,
        segments=tuple(segments),
        sql_commitment_total=tuple(float(v) for v in commitment_total),
        sql_p_met=sql_p,
        sql_p_met_by_segment=tuple(by_seg_p),
        sql_quantiles=sql_quantiles,
        response=tuple(tier_results),
        roles=tuple(roles),
        week_starts=tuple(week_starts),
        sdr_utilisation_by_week=tuple(week_util),
        bottleneck=bottleneck,
        bottleneck_detail=detail,
        headcount=curve,
        ae_needed=ae_needed_max,
        warnings=tuple(warnings),
        sql_expected=tuple(float(v) for v in counts.mean(axis=0)),
    )


def slower_sla_cost(
    sqls: float,
    target_minutes: float,
    decay: Callable[[float], float],
    revenue_per_sql: float,
    options: tuple[float, ...] | None = None,
) -> tuple[tuple[float, float, float], ...]:
    """What a slower first-touch SLA would cost, relative to the current target.

    The plan's SQLs are taken to be what the tier yields when its leads are touched at the
    current target T0. Touched at T >= T0 instead, each lead's chance of qualifying falls by
    decay(T) / decay(T0), so the SQLs given up are ``sqls x (1 - decay(T) / decay(T0))``:
    0 at T0, growing with T (the decay curve only falls), and never more than ``sqls``.
    Revenue given up = SQLs given up x ``revenue_per_sql``. Returns (T, SQLs, revenue) for
    T0, 2 T0, 4 T0 and the longer of 1 h, 4 h, 24 h (``options`` overrides the list).
    """
    if options is None:
        options = (target_minutes, 2 * target_minutes, 4 * target_minutes, 60.0, 240.0, 1440.0)
    base = decay(target_minutes)
    out = []
    for minutes in sorted({float(t) for t in options if t >= target_minutes}):
        kept = min(1.0, max(0.0, decay(minutes) / base)) if base > 0 else 1.0
        lost = max(0.0, sqls) * (1.0 - kept)
        out.append((minutes, lost, lost * revenue_per_sql))
    return tuple(out)


def _role_result(role: Role, n_months: int, work: F64, capacity: F64) -> tuple[F64, RoleResult]:
    """Utilisation per run and month (work over capacity; capacity is never 0 here) and its summary."""
    util: F64 = work / np.maximum(capacity, 1e-9)
    return util, RoleResult(
        role.name,
        role.kind,
        tuple(role.headcount_in(m) for m in range(n_months)),
        tuple(float(v) for v in role.effective_headcount(n_months)),
        role.max_occupancy,
        tuple(float(v) for v in util.mean(axis=0)),
        tuple(float(v) for v in (util > role.max_occupancy).mean(axis=0)),
    )


def _decay(team: Team, minutes: F64) -> F64:
    pts = team.decay.points
    xs = np.array([p[0] for p in pts])
    ys = np.log(np.array([p[1] for p in pts]))
    out: F64 = np.exp(np.interp(minutes, xs, ys))
    return out


def _p_all_met(inp: _Inputs, acc: _Acc) -> float:
    ok = np.ones(acc.count.shape[0], dtype=bool)
    for t, tier in enumerate(inp.tiers):
        total = acc.count[:, :, t].sum(axis=1)
        share = np.where(total > 0, acc.within[:, :, t].sum(axis=1) / np.maximum(total, 1), 1.0)
        ok &= share >= tier.target_share
    return float(ok.mean())


def _headcount_curve(
    inp: _Inputs,
    counts: NDArray[np.int64],
    seed: int,
    target: float,
    progress: Callable[[float], None] | None,
    cancelled: Callable[[], bool] | None,
) -> HeadcountCurve:
    """Smallest SDR headcount (the same every month) with P(all first-touch commitments) >= target."""
    sdr = inp.sdr
    n_months = counts.shape[1]
    ms = inp.timeline.month_starts
    # Lower bound: enough reps for the first-touch work alone in the busiest month.
    ft = inp.team.handle_time("first_touch").minutes
    need = 1
    for m in range(n_months):
        hours = inp.sdr_map.working_between(ms[m], ms[m + 1])
        if hours > 0:
            need = max(need, math.ceil(counts[:, m].mean() * ft / (hours * (1.0 - sdr.shrinkage))))
    points: list[tuple[int, float]] = []
    found: int | None = None
    h = max(1, need - 1)
    limit = need * 4 + 20
    steps = 0
    while h <= limit:
        if cancelled is not None and cancelled():
            raise SimulationCancelled()
        acc = _simulate_queue(inp, counts, seed, headcount=h, collect=False, cancelled=cancelled)
        p = _p_all_met(inp, acc)
        points.append((h, p))
        steps += 1
        if progress is not None:
            progress(min(1.0, steps / 6))
        if p >= target and found is None:
            found = h
        if found is not None and (h >= found + 1 or p >= 0.999):
            break
        if found is None and h > need + 2 and p - points[-4][1] < 0.002:
            break  # more reps no longer help: the calendar or the targets limit, not headcount
        h += 1
    return HeadcountCurve(sdr.kind, target, found, tuple(points))
