"""Analytic capacity estimates: Erlang C, Erlang A, follow-up workload, AE load (Little's law).

These are the instant estimates the app recomputes as the user types; the calendar-aware
answer comes from :mod:`slaplanner.engine.simulation`.

* **Erlang C** (M/M/c, stationary, 24/7): ``P(wait) = C(c, a)`` with offered load
  ``a = lambda / mu`` and ``P(wait <= t) = 1 - C(c, a) exp(-(c mu - lambda) t)``.
  Example from DOMAIN.md: 20 SQLs/h, 15-minute first touch, 6 reps: a = 5, P(wait) = 0.5875,
  P(wait <= 5 min) = 0.579.
* **Erlang A** (M/M/c+M): leads go cold after an exponential patience; the birth-death
  chain is solved numerically and the chance of a first touch within t by uniformisation.
* **Follow-up workload**: touches after the first, in SDR hours per month.
* **AE load**: open opportunities = opportunities per month x sales cycle in months.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.format import fmt_duration_minutes, fmt_pct
from slaplanner.plan.validation import check_int, check_number

if TYPE_CHECKING:
    from slaplanner.plan.model import Plan
    from slaplanner.plan.team import Role


@dataclass(frozen=True)
class QueueEstimate:
    """The analytic answer for one first-touch queue. Times in minutes. Immutable.

    When ``stable`` is False the queue grows without bound: ``load_ratio`` (offered work over
    capacity, e.g. 1.35 = 135 % of capacity) says how far over, and the wait figures are
    ``None`` (never NaN).
    """

    arrivals_per_hour: float
    handle_minutes: float
    agents: int
    offered_load: float
    load_ratio: float
    stable: bool
    p_wait: float | None
    p_within: float | None
    target_minutes: float
    mean_wait_minutes: float | None
    p_abandon: float = 0.0
    model: str = "Erlang C"
    capacity: float = 0.0  # reps' worth on shift where the reps are not at full speed (0: ``agents``)

    @property
    def message(self) -> str:
        """One line for the user."""
        if not self.stable:
            return (
                f"Unstable: {self.arrivals_per_hour:,.1f} SQLs/h need {self.offered_load:.2f} reps of work, "
                f"{self.capacity or self.agents:.3g} available: {fmt_pct(self.load_ratio)} of capacity. The queue "
                "grows without limit."
            )
        assert self.p_within is not None
        return (
            f"{self.model}: utilisation {fmt_pct(self.load_ratio)}, "
            f"{fmt_pct(self.p_within, 1)} first touched within {fmt_duration_minutes(self.target_minutes)}"
        )


def erlang_b(c: int, a: float) -> float:
    """Erlang B blocking probability by the stable recursion B(k) = a B(k-1) / (k + a B(k-1))."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """P(an arrival waits) in M/M/c with ``c`` servers and offered load ``a`` < c."""
    if c <= 0 or a >= c:
        raise ValueError("Erlang C needs a < c")
    if a <= 0:
        return 0.0
    b = erlang_b(c, a)
    rho = a / c
    return b / (1.0 - rho + rho * b)


def _check_queue(arrivals_per_hour: float, handle_minutes: float, agents: int, target_minutes: float) -> None:
    check_number("arrivals_per_hour", arrivals_per_hour, 0.0, 1e6)
    check_number("handle_minutes", handle_minutes, 0.0, 1e4, low_open=True)
    check_int("agents", agents, 0, 100_000)
    check_number("target_minutes", target_minutes, 0.0, 1e6)
    if agents == 0 and arrivals_per_hour > 0:
        raise ValidationError.single(
            "agents", 0, f"allowed: at least 1 rep while leads arrive ({arrivals_per_hour:g} per hour)"
        )


def erlang_c_estimate(
    arrivals_per_hour: float, handle_minutes: float, agents: int, target_minutes: float
) -> QueueEstimate:
    """Erlang C for a stationary 24/7 queue of first touches."""
    _check_queue(arrivals_per_hour, handle_minutes, agents, target_minutes)
    lam = arrivals_per_hour / 60.0
    mu = 1.0 / handle_minutes
    a = lam / mu
    ratio = a / agents if agents else 0.0
    if a >= agents and a > 0:
        return QueueEstimate(
            arrivals_per_hour, handle_minutes, agents, a, ratio, False, None, None, target_minutes, None
        )
    pw = erlang_c(agents, a) if a > 0 else 0.0
    rate = agents * mu - lam
    p_within = 1.0 - pw * math.exp(-rate * target_minutes)
    mean_wait = pw / rate if a > 0 else 0.0
    return QueueEstimate(
        arrivals_per_hour, handle_minutes, agents, a, ratio, True, pw, p_within, target_minutes, mean_wait
    )


def erlang_a_estimate(
    arrivals_per_hour: float,
    handle_minutes: float,
    agents: int,
    target_minutes: float,
    patience_minutes: float,
) -> QueueEstimate:
    """Erlang A (M/M/c+M): leads wait on average ``patience_minutes`` before going cold.

    Always stable (cold leads leave the queue); ``load_ratio`` still reports offered work over
    capacity. ``p_within`` is the share of all leads first touched within the target (leads that
    go cold first count as missed); ``p_abandon`` the share that go cold untouched.
    """
    _check_queue(arrivals_per_hour, handle_minutes, agents, target_minutes)
    check_number("patience_minutes", patience_minutes, 0.0, 1e7, low_open=True)
    lam = arrivals_per_hour / 60.0
    mu = 1.0 / handle_minutes
    theta = 1.0 / patience_minutes
    c = agents
    a = lam / mu
    ratio = a / c if c else 0.0
    if lam == 0:
        return QueueEstimate(0.0, handle_minutes, c, 0.0, 0.0, True, 0.0, 1.0, target_minutes, 0.0, 0.0, "Erlang A")
    # Stationary distribution of the birth-death chain, in logs to avoid overflow.
    logp = [0.0]
    n = 0
    while True:
        n += 1
        death = min(n, c) * mu + max(n - c, 0) * theta
        logp.append(logp[-1] + math.log(lam / death))
        if n > c and logp[-1] < logp[c] - 40 and n > c + 10:
            break
        if n > c + 200_000:
            break
    top = max(logp)
    p = [math.exp(v - top) for v in logp]
    total = sum(p)
    p = [v / total for v in p]
    p_wait = sum(p[c:])
    queue_mean = sum((k - c) * p[k] for k in range(c + 1, len(p)))
    p_abandon = theta * queue_mean / lam
    # Arrivals finding j leads ahead in the queue (PASTA): state j = leads ahead.
    ahead = p[c:]
    served = sum(p[:c]) if target_minutes >= 0 else 0.0
    served += _served_within(ahead, c * mu, theta, target_minutes)
    mean_wait = queue_mean / lam  # Little's law on the queue (waiting leads, served or cold)
    return QueueEstimate(
        arrivals_per_hour,
        handle_minutes,
        c,
        a,
        ratio,
        True,
        p_wait,
        served,
        target_minutes,
        mean_wait,
        p_abandon,
        "Erlang A",
    )


def _served_within(ahead: list[float], service_rate: float, theta: float, t: float) -> float:
    """Mass of waiting arrivals reaching a rep within ``t`` (uniformisation of a pure-death chain).

    State j = leads ahead; j -> j-1 at ``service_rate + j theta``; from 0 the lead is served at
    ``service_rate``; in every state the lead itself goes cold at ``theta``.
    """
    if t <= 0 or not ahead:
        return 0.0
    k_max = len(ahead) - 1
    big = service_rate + (k_max + 1) * theta
    x = big * t
    state = list(ahead)
    served = 0.0
    result = 0.0
    # Poisson(x) weights, from the mode outward would be tidier; iterate in logs instead.
    n_max = int(x + 12 * math.sqrt(x) + 30)
    log_w = -x
    for step in range(n_max + 1):
        weight = math.exp(log_w)
        result += weight * served
        # One uniformised jump.
        new = [0.0] * len(state)
        gain = 0.0
        for j, mass in enumerate(state):
            if mass == 0.0:
                continue
            down = service_rate + j * theta
            stay = 1.0 - (down + theta) / big
            new[j] += mass * stay
            if j == 0:
                gain += mass * service_rate / big
            else:
                new[j - 1] += mass * down / big
        served += gain
        state = new
        log_w += math.log(x) - math.log(step + 1)
    # Tail beyond n_max: served is non-decreasing, bound by its last value.
    return result + served * max(0.0, 1.0 - _poisson_cdf(n_max, x))


def _poisson_cdf(n: int, x: float) -> float:
    total = 0.0
    log_w = -x
    for k in range(n + 1):
        total += math.exp(log_w)
        log_w += math.log(x) - math.log(k + 1)
    return min(1.0, total)


@dataclass(frozen=True)
class Workload:
    """Work and capacity of one role in one month. Hours. Immutable."""

    role: str
    month: str
    work_hours: float
    available_hours: float

    @property
    def utilisation(self) -> float:
        """Work over available hours (above 1: over capacity). Inf when nobody is available."""
        if self.available_hours <= 0:
            return math.inf if self.work_hours > 0 else 0.0
        return self.work_hours / self.available_hours


def sdr_hours_per_sql(first_touch_minutes: float, follow_up_minutes: float, touches: int) -> float:
    """SDR hours one SQL takes: the first touch plus ``touches - 1`` follow-ups.

    Example: 12-minute first touch, 6 touches of 6 minutes after it: (12 + 5 x 6) / 60 = 0.7 h.
    """
    return (first_touch_minutes + max(0, touches - 1) * follow_up_minutes) / 60.0


def available_hours(effective_headcount: float, working_hours: float, shrinkage: float) -> float:
    """Hours a role can spend on leads: people x working hours x (1 - shrinkage)."""
    return effective_headcount * working_hours * (1.0 - shrinkage)


def open_opportunities(opportunities_per_month: float, cycle_days: float) -> float:
    """Little's law: opportunities open at once = arrival rate x time each stays open.

    Example: 60 new opportunities a month, 75-day cycle: 60 x 75 / 30.4375 = 147.8 open.
    """
    return opportunities_per_month * cycle_days / (365.25 / 12)


def aes_needed(open_opps: float, max_open_per_ae: int, max_occupancy: float) -> int:
    """Smallest number of fully ramped AEs carrying ``open_opps`` at or under max occupancy."""
    if open_opps <= 0:
        return 0
    return math.ceil(open_opps / (max_open_per_ae * max_occupancy) - 1e-9)


def agents_for_target(
    arrivals_per_hour: float, handle_minutes: float, target_minutes: float, target_share: float, limit: int = 10_000
) -> int | None:
    """Smallest c with Erlang C P(wait <= target) >= target_share (None beyond ``limit``)."""
    lam = arrivals_per_hour / 60.0
    a = lam * handle_minutes
    c = max(1, math.floor(a) + 1)
    while c <= limit:
        est = erlang_c_estimate(arrivals_per_hour, handle_minutes, c, target_minutes)
        if est.p_within is not None and est.p_within >= target_share:
            return c
        c += 1
    return None


@dataclass(frozen=True)
class FirstTouchEstimate:
    """The instant Erlang estimate of how fast the plan's SQLs are first touched. Immutable.

    The busiest month's SQLs are spread over the SDRs' working hours of that month and treated
    as a stationary 24/7 queue at that rate (Erlang C, or Erlang A when leads have a patience).

    ``status`` says how far the estimate got:

    * ``no_sdr``: the plan has no SDR role or no SQL stage, nothing to estimate;
    * ``cannot_simulate``: the plan is refused by the simulation's checks (``problem``);
    * ``no_sqls``: the plan has no SQLs;
    * ``no_reps``: no SDR time is left in the busiest month (effective headcount after shrinkage
      is 0);
    * ``cannot_estimate``: the queue's inputs are refused (``problem``; the basis is filled in);
    * ``ok``: ``queue`` holds the estimate.
    """

    status: str
    problem: Problem | None = None
    month: str = ""  # the busiest month, YYYY-MM
    sqls: float = 0.0
    working_hours: float = 0.0
    per_hour: float = 0.0
    effective_sdrs: float = 0.0
    shrinkage: float = 0.0
    reps: int = 0  # whole reps on shift, at ``speed`` (as the simulation counts them: ``whole_reps``)
    capacity: float = 0.0  # reps' worth on shift: effective SDRs x (1 - shrinkage), e.g. 0.65
    handle_minutes: float = 0.0
    target_minutes: float = 0.0
    queue: QueueEstimate | None = None
    team: str = ""  # several SDR teams: the team estimated (the busiest), else empty

    @property
    def speed(self) -> float:
        """The reps' speed (1 = full speed) that makes ``reps`` whole reps worth ``capacity``."""
        return self.capacity / self.reps if self.reps else 0.0

    @property
    def reps_text(self) -> str:
        """``6 reps on shift``, or where the capacity is not whole reps ``0.65 reps' worth on shift (1 rep
        at 65 % speed)``."""
        whole = f"{self.reps} rep{'' if self.reps == 1 else 's'}"
        if abs(self.capacity - self.reps) < 0.005:
            return f"{whole} on shift"
        return f"{self.capacity:.2f} reps' worth on shift ({whole} at {fmt_pct(self.speed)} speed)"


def _team_sqls(plan: Plan, role: Role, sql_index: int) -> list[float]:
    """SQLs per month (likely rates) of the segments an SDR team works."""
    months = plan.months
    out = [0.0] * len(months)
    for s in plan.sources:
        if plan.team.sdr_team_for(s.segment) is not role:
            continue
        rate = math.prod(r.likely for r in s.conversion[:sql_index])
        for i, leads in enumerate(s.leads(months)):
            out[i] += leads * rate
    return out


def first_touch_estimate(plan: Plan) -> FirstTouchEstimate:
    """Erlang C (Erlang A with a patience) for the plan's busiest month of SQLs; see :class:`FirstTouchEstimate`."""
    # Imported here: the simulation imports this module (AE load), so a top-level import would be circular.
    from slaplanner.engine.funnel import compute_funnel
    from slaplanner.engine.simulation import CalendarMap, Timeline, feasibility_problems, whole_reps

    team = plan.team
    sql_index = plan.sql_stage_index
    if not team.sdr_teams or sql_index is None:
        return FirstTouchEstimate("no_sdr")
    problems = feasibility_problems(plan)
    if problems:
        return FirstTouchEstimate("cannot_simulate", problem=problems[0])
    sqls = compute_funnel(plan, "likely").forward[sql_index]
    if not any(sqls):
        return FirstTouchEstimate("no_sqls")
    timeline = Timeline.for_plan(plan, team.lead_time_zone)
    # Several SDR teams: each takes its segments' SQLs; the estimate is the busiest team's.
    best: FirstTouchEstimate | None = None
    for sdr in team.sdr_teams:
        share = _team_sqls(plan, sdr, sql_index)
        team_sqls = [share[i] if len(team.sdr_teams) > 1 else sqls[i] for i in range(len(sqls))]
        if not any(team_sqls):
            continue
        m = max(range(len(team_sqls)), key=lambda i: team_sqls[i])
        calendar = CalendarMap.build(sdr.calendar, timeline)
        hours = calendar.working_between(timeline.month_starts[m], timeline.month_starts[m + 1]) / 60.0
        effective = sdr.effective_headcount(m + 1)[m]
        capacity = effective * (1 - sdr.shrinkage)
        candidate = FirstTouchEstimate(
            "ok",
            month=plan.months[m],
            sqls=team_sqls[m],
            working_hours=hours,
            per_hour=team_sqls[m] / hours,
            effective_sdrs=effective,
            shrinkage=sdr.shrinkage,
            reps=whole_reps(capacity)[0] if capacity > 0 else 0,
            capacity=capacity,
            handle_minutes=team.handle_time("first_touch").minutes,
            # The shortest target of a tier that gets SQLs (a tier at a 0 % share has none to touch).
            target_minutes=min(
                (t.first_touch_minutes for t in plan.commitments.response if t.share_of_sqls > 0),
                default=min((t.first_touch_minutes for t in plan.commitments.response), default=60.0),
            ),
            team=sdr.name if len(team.sdr_teams) > 1 else "",
        )
        load = candidate.per_hour / max(candidate.capacity, 1e-9)
        if best is None or load > best.per_hour / max(best.capacity, 1e-9):
            best = candidate
    if best is None:
        return FirstTouchEstimate("no_sqls")
    basis = best
    per_hour = basis.per_hour
    if not basis.capacity > 0:
        return replace(basis, status="no_reps")
    # Whole reps at the speed that gives the exact capacity, as the simulation's queue: a touch takes
    # a slower rep longer.
    handle = basis.handle_minutes / basis.speed
    try:
        if team.lead_patience_hours > 0:
            queue = erlang_a_estimate(per_hour, handle, basis.reps, basis.target_minutes, team.lead_patience_hours * 60)
        else:
            queue = erlang_c_estimate(per_hour, handle, basis.reps, basis.target_minutes)
    except ValidationError as error:
        return replace(basis, status="cannot_estimate", problem=error.problems[0])
    # Said in full-speed reps: the work offered and the capacity it meets (their ratio is unchanged).
    queue = replace(
        queue, handle_minutes=basis.handle_minutes, offered_load=queue.offered_load * basis.speed,
        capacity=basis.capacity,
    )  # fmt: skip
    return replace(basis, queue=queue)
