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

import math
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from slaplanner.engine.erlang import aes_needed, open_opportunities
from slaplanner.engine.simulation.calendar import F64
from slaplanner.engine.simulation.inputs import Inputs, expected_sqls, prepare
from slaplanner.engine.simulation.queue import (
    WAIT_RATIO,
    Acc,
    simulate_queue,
    touch_cost,
    touches_per_sql,
    wait_bin_edges,
)
from slaplanner.engine.simulation.results import (
    HeadcountCurve,
    RoleResult,
    SimulationCancelled,
    SimulationResult,
    TierResult,
    busy_weeks_lead,
)
from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.format import fmt_count, fmt_date, fmt_pct, fmt_pct_beside, month_label
from slaplanner.plan.model import Plan
from slaplanner.plan.team import Role
from slaplanner.plan.validation import check_choice, check_int, check_number

DEFAULT_TARGET_PROBABILITY = 0.9
#: How many touches the headcount search may follow, each weighted by what it costs with the headcount
#: tried (:func:`~slaplanner.engine.simulation.queue.touch_cost`): about half a minute on a 2-core
#: machine, as :data:`slaplanner.results.SIMULATION_BUDGET` for the runs themselves. The sample plan's
#: search at 2,000 runs uses a hundredth of it, the sample with twice its leads a tenth; a search that
#: would need more (thousands of SDRs, scanned on every touch of every run) stops and says why.
SEARCH_BUDGET = 1_000_000_000
MAX_RUNS = 100_000  # memory grows with runs x months x tiers (counts kept per run)
MAX_SEED = 2**63 - 1  # seeds are 0..MAX_SEED (NumPy refuses negative seeds)
#: Which SQLs a simulation lets arrive: the plan's (leads x rates) or marketing's commitment.
LOADS = ("planned", "committed")
DEFAULT_RUNS = 2_000  # the one default for the command line, the Simulation page and the export
DEFAULT_SEED = 1


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
    load: str = "planned",
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
        search_runs: runs per candidate headcount in the search (default runs // 4, 100 to 2,000); a
            candidate is measured on a fifth of them first, on all of them where that does not settle it.
        search_headcount: False skips the headcount search (``headcount.points`` is empty).
        load: which SQLs arrive: ``planned`` (the plan's leads times its conversion rates, drawn
            from their ranges) or ``committed`` (marketing's SQL commitment per segment and month;
            exactly that many each month, arriving at random times).

    Raises:
        ValidationError: an impossible plan (no SDR, zero SDRs while SQLs arrive, a calendar
            with no working hours in a month, no SQL stage).
    """
    runs = int(check_int("runs", runs, 1, MAX_RUNS))
    check_choice("load", load, LOADS)
    if load == "committed" and not plan.commitments.marketing:
        allowed = "allowed: planned, until marketing's SQL commitment is entered (Commitments)"
        raise ValidationError([Problem("load", load, allowed, "required")])
    check_number("target_probability", target_probability, 0.0, 1.0, low_open=True)
    inp = prepare(plan)
    months = plan.months
    n_months = len(months)
    segments = plan.segments or ("General",)
    warnings: list[str] = []

    seeds = rng.integers(0, 2**63 - 1, size=4)
    volume_rng = np.random.default_rng(int(seeds[0]))
    expected, sql_to_opp = expected_sqls(inp, volume_rng, runs)
    if load == "committed":  # exactly the committed SQLs each month; only their arrival times are random
        by_segment = np.rint(committed_sqls(plan, runs)).astype(np.int64)
        sql_to_opp = np.full(runs, inp.sql_to_opp)
    else:
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
    # Each SDR team works the SQLs of its segments on its own calendar (an independent queue).
    routes = inp.routes or ()
    teams = [(inp.for_team(r), by_segment[:, :, list(r.segments)].sum(axis=2).astype(np.int64)) for r in routes]
    if not teams:
        teams = [(inp, counts)]
    team_seeds = [int(seeds[1])] + [int(s) for s in np.random.SeedSequence(int(seeds[3])).generate_state(len(teams))]
    team_share = main_share / len(teams)
    accs = [
        simulate_queue(
            t_inp, t_counts, team_seeds[i], progress=part(i * team_share, (i + 1) * team_share), cancelled=cancelled
        )
        for i, (t_inp, t_counts) in enumerate(teams)
    ]
    acc = _merged(accs)

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
    # A commitment for a segment no lead source is in: no SQL ever arrives there, so it is never met
    # (it was left out: "committed" read 335 where the plan commits 345, and P(met) was too high).
    known = {s.casefold() for s in segments}
    for c in plan.commitments.marketing:
        if c.segment.casefold() in known:
            continue
        met_never = c.sqls_per_month <= 0
        met_all &= met_never
        commitment_total += c.sqls_per_month
        by_seg_p.append((c.segment, tuple(float(met_never) for _ in months)))
        if not met_never:
            warnings.append(
                f"Marketing commits {fmt_count(c.sqls_per_month)} SQLs a month for {c.segment}, but no lead source "
                "is in that segment: that commitment is never met (every segment must meet its own)."
            )
    sql_p = tuple(float(v) for v in met_all.mean(axis=0)) if by_seg_p else tuple(1.0 for _ in months)
    q = np.percentile(counts, [10, 50, 90], axis=0)
    sql_quantiles = tuple((float(q[0, m]), float(q[1, m]), float(q[2, m])) for m in range(n_months))

    # SDR workload per team: first touches and the cadence's follow-ups, both simulated as queued work.
    ms = inp.timeline.month_starts
    roles = []
    for (t_inp, _), t_acc in zip(teams, accs):
        sdr = t_inp.sdr
        sdr_eff = np.asarray(sdr.effective_headcount(n_months))
        sdr_hours = np.array([t_inp.sdr_map.working_between(ms[m], ms[m + 1]) for m in range(n_months)])
        sdr_avail = sdr_eff * sdr_hours * (1.0 - sdr.shrinkage)
        roles.append(_role_result(sdr, n_months, t_acc.first_touch_work + t_acc.follow_up_work, sdr_avail)[1])

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
        lost = acc.lost[:, :, t]
        touched = acc.touched[:, :, t].sum(axis=1)
        touch_share = np.where(total > 0, touched / np.maximum(total, 1), 1.0)
        served = int(cnt.sum() - lost.sum())
        fine = acc.wait_hist[t]
        if fine.sum():
            med, p90, p95 = histogram_quantiles(fine, (0.5, 0.9, 0.95))
            cdf = _histogram_cdf(fine, edges)
            hist = np.diff(cdf)
        else:
            med = p90 = p95 = 0.0
            hist = np.zeros(len(edges) - 1)
        decay_now = float(acc.decay_sum[:, t].sum() / served) if served > 0 else 1.0
        acc_share = np.where(total > 0, acc.accept_within[:, :, t].sum(axis=1) / np.maximum(total, 1), 1.0)
        sqls_per_run = float(total.mean())
        lost_share = float(lost.sum() / max(1, cnt.sum()))
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
                p_touches_met=float((touch_share >= tier.target_share).mean()),
                touches_within=float(acc.touched[:, :, t].sum() / max(1, cnt.sum())),
                lost_share=lost_share,
                decay_factor=decay_now,
                histogram_edges=tuple(float(e) for e in edges),
                # of all the tier's leads: a lead lost to patience is never touched, so with patience on the
                # curve tops out at the share touched and agrees with p_within_target (the quantiles above
                # are of the leads touched)
                histogram_share=tuple(float(h) for h in hist * (1.0 - lost_share)),
                slower_sla=tuple(slower),
                priority=t + 1,
            )
        )

    if not counts.any():
        warnings.append(
            "No SQLs arrive in the plan's horizon: there is nothing to touch, so the first-touch figures are "
            "empty (not met, not missed)."
        )
    else:
        for tier_result, commitment in zip(tier_results, inp.tiers):
            if not tier_result.has_sqls:
                warnings.append(
                    f"No {tier_result.tier} SQLs arrive (its share of SQLs is {fmt_pct(commitment.share_of_sqls)}): "
                    "its promises are neither met nor missed."
                )

    # Utilisation by week: the work (first touches and follow-ups) of the SQLs arriving in the week,
    # over the hours of every SDR team (each team's own weeks are checked for its warning).
    end = inp.timeline.month_starts[-1]
    n_weeks = max(1, min(accs[0].week_work.shape[1], end // 10080))
    week_starts = [(inp.timeline.t0 + timedelta(minutes=w * 10080)).date().isoformat() for w in range(n_weeks)]
    all_work = np.zeros(n_weeks)
    all_hours = np.zeros(n_weeks)
    busy_weeks: list[tuple[str, int, float]] = []
    team_weeks: list[tuple[str, tuple[float, ...], float]] = []  # several teams: each one's weeks
    for (t_inp, _), t_acc in zip(teams, accs):
        work, hours = _weekly(t_inp, t_acc, n_weeks, end)
        all_work += work
        all_hours += hours
        sdr = t_inp.sdr
        # A week without working hours (closed) does its leads' work in the next open week.
        util = np.where(hours > 0, work / np.maximum(hours, 1e-300), 0.0)
        busy = [(d, float(u)) for d, u in zip(week_starts, util) if u > sdr.max_occupancy]
        if len(teams) > 1:
            team_weeks.append((sdr.name, tuple(float(u) for u in util), sdr.max_occupancy))
        if busy:
            busy_weeks.append((sdr.name, len(busy), sdr.max_occupancy))
            shown = ", ".join(
                f"week of {fmt_date(date.fromisoformat(d))} {fmt_pct_beside(u, sdr.max_occupancy)}" for d, u in busy[:6]
            ) + (f" and {len(busy) - 6} more" if len(busy) > 6 else "")
            warnings.append(f"{busy_weeks_lead(sdr.name, len(busy))}{shown} (maximum {fmt_pct(sdr.max_occupancy)}).")
    week_util = [float(w / h) if h > 0 else 0.0 for w, h in zip(all_work, all_hours)]

    # Warnings: over capacity.
    for ro in roles:
        for m, u in enumerate(ro.utilisation):
            if u > 1.0:
                warnings.append(
                    f"{ro.role} over capacity in {month_label(months[m])}: the work needs {fmt_pct_beside(u, 1.0)} of "
                    "capacity (more work than the team can do: the backlog grows)."
                )
            elif u > ro.max_occupancy:
                shown = fmt_pct_beside(u, ro.max_occupancy)
                warnings.append(
                    f"{ro.role} above maximum occupancy in {month_label(months[m])}: {shown} "
                    f"(maximum {fmt_pct(ro.max_occupancy)})."
                )

    # Bottleneck: the role with the highest utilisation relative to its maximum occupancy.
    worst = max(
        ((ro, m, u / ro.max_occupancy) for ro in roles for m, u in enumerate(ro.utilisation)), key=lambda x: x[2]
    )
    b_role, b_month, b_ratio = worst
    detail = (
        f"{b_role.role} in {month_label(months[b_month])}: utilisation {fmt_pct(b_role.utilisation[b_month])} "
        f"against a maximum occupancy of {fmt_pct(b_role.max_occupancy)}"
    )
    worst_tier = min(tier_results, key=lambda t: t.p_met) if tier_results else None
    if worst_tier is not None and worst_tier.p_met < target_probability and b_ratio <= 1.0:
        detail += f"; the {worst_tier.tier} first-touch promise is kept with a chance of {fmt_pct(worst_tier.p_met)}"
    bottleneck = b_role.role
    if not counts.any():  # nothing to do: no role is the bottleneck (not the SDRs "at 0 %")
        bottleneck, detail = "", "none: no SQLs arrive in the plan's horizon"

    # Headcount search with common random numbers, team by team.
    patience = inp.team.lead_patience_hours
    limits = (
        f", the lead patience (a lead not touched within its patience, {patience:g} h on average, nights and "
        "weekends included, is lost) or the targets"
        if patience > 0
        else " or the targets"
    )
    curves: list[HeadcountCurve] = []
    unreachable: list[str] = []  # the SDR teams no headcount tried gets to the chance (their limit is not people)
    for i, (t_inp, t_counts) in enumerate(teams):
        if search_headcount:
            lo, hi = 0.7 + 0.3 * i / len(teams), 0.7 + 0.3 * (i + 1) / len(teams)
            t_curve = _headcount_curve(
                t_inp, t_counts[:search], int(seeds[2]), target_probability, part(lo, hi), cancelled
            )
        else:
            t_curve = HeadcountCurve(t_inp.sdr.kind, target_probability, None, ())
        curves.append(t_curve)
        if t_curve.stopped:
            who = t_inp.sdr.name if len(teams) > 1 else t_curve.role
            warnings.append(f"No {who} headcount found: {t_curve.stopped}.")
        elif t_curve.points and t_curve.headcount_needed is None:
            last, p_last = t_curve.points[-1]
            who = t_inp.sdr.name if len(teams) > 1 else t_curve.role
            warnings.append(
                f"No {who} headcount tried (up to {last}) reaches a {fmt_pct(target_probability)} chance of keeping "
                f"every first-touch commitment and cadence (at {last}: {fmt_pct(p_last)}): the calendar (nights, "
                f"weekends, holidays){limits} limit it, not headcount."
            )
            unreachable.append(who)
    if unreachable and bottleneck:
        # The role with the highest utilisation is a bottleneck of capacity; the first-touch promises have
        # another limit, which more people of any role do not lift: said beside it, not hidden behind it.
        by = "the calendar, the lead patience or the targets" if patience > 0 else "the calendar or the targets"
        detail += (
            f"; the first touches are limited by {by}, not by headcount (no {' or '.join(unreachable)} headcount "
            f"tried reaches {fmt_pct(target_probability)})"
        )
    if len(curves) == 1:
        curve = curves[0]
    else:  # several teams: the sum of what each needs (points per team in headcount_by_team)
        needs = [c.headcount_needed for c in curves]
        total = None if any(n is None for n in needs) or not search_headcount else sum(n or 0 for n in needs)
        stopped = "; ".join(f"{t_inp.sdr.name}: {c.stopped}" for (t_inp, _), c in zip(teams, curves) if c.stopped)
        curve = HeadcountCurve("SDR", target_probability, total, (), stopped)
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
        load=load,
        headcount_by_team=tuple((t_inp.sdr.name, c) for (t_inp, _), c in zip(teams, curves)) if len(teams) > 1 else (),
        patience_hours=inp.team.lead_patience_hours,
        busy_weeks=tuple(busy_weeks),
        sdr_utilisation_by_week_by_team=tuple(team_weeks),
        sqls_lost=float(acc.lost.sum() / runs),
        revenue_lost=float(acc.lost.sum() / runs * revenue_per_sql),
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


def _merged(accs: list[Acc]) -> Acc:
    """The teams' counts added up (tiers are the plan's, whichever team works a lead); the work and
    weekly arrays of the first team (each team's own are read from its own Acc)."""
    if len(accs) == 1:
        return accs[0]
    first = accs[0]
    return Acc(
        within=sum((a.within for a in accs[1:]), first.within.copy()),
        count=sum((a.count for a in accs[1:]), first.count.copy()),
        accept_within=sum((a.accept_within for a in accs[1:]), first.accept_within.copy()),
        touched=sum((a.touched for a in accs[1:]), first.touched.copy()),
        lost=sum((a.lost for a in accs[1:]), first.lost.copy()),
        first_touch_work=sum((a.first_touch_work for a in accs[1:]), first.first_touch_work.copy()),
        follow_up_work=sum((a.follow_up_work for a in accs[1:]), first.follow_up_work.copy()),
        week_work=first.week_work,
        decay_sum=sum((a.decay_sum for a in accs[1:]), first.decay_sum.copy()),
        wait_hist=sum((a.wait_hist for a in accs[1:]), first.wait_hist.copy()),
    )


def _weekly(inp: Inputs, acc: Acc, n_weeks: int, end: int) -> tuple[F64, F64]:
    """One team's work (mean over runs) and available hours per week: weeks of 7 days from the
    first plan day, a short last week (under 7 days) joined to the one before."""
    sdr = inp.sdr
    ms = np.asarray(inp.timeline.month_starts)
    eff = np.asarray(sdr.effective_headcount(len(ms) - 1))
    week_mean = acc.week_work.mean(axis=0)
    work, hours = np.zeros(n_weeks), np.zeros(n_weeks)
    for w in range(n_weeks):
        a = w * 10080
        b = end if w == n_weeks - 1 else a + 10080
        blocks = slice(w, max(w + 1, min(len(week_mean), -(-b // 10080))))
        month = int(np.searchsorted(ms, a, side="right") - 1)
        hours[w] = inp.sdr_map.working_between(a, b) * float(eff[month]) * (1.0 - sdr.shrinkage)
        work[w] = float(week_mean[blocks].sum())
    return work, hours


def histogram_quantiles(counts: NDArray[np.int64], qs: tuple[float, ...]) -> tuple[float, ...]:
    """Quantiles of the waits counted in ``counts`` (bins of ``wait_bin_edges``), linear within a bin."""
    edges = wait_bin_edges()
    edges[-1] = edges[-2] * WAIT_RATIO
    cum = np.concatenate(([0.0], np.cumsum(counts, dtype=np.float64)))
    total = cum[-1]
    out = []
    for q in qs:
        target = q * total
        i = int(np.searchsorted(cum, target, side="left"))
        i = min(max(i, 1), len(counts))
        below, inside = cum[i - 1], cum[i] - cum[i - 1]
        frac = (target - below) / inside if inside > 0 else 0.0
        out.append(float(edges[i - 1] + frac * (edges[i] - edges[i - 1])))
    return tuple(out)


def _histogram_cdf(counts: NDArray[np.int64], at: F64) -> F64:
    """Share of the counted waits below each of ``at`` (edges of a coarser histogram; the last gets 1)."""
    edges = wait_bin_edges()
    edges[-1] = edges[-2] * WAIT_RATIO
    cum = np.concatenate(([0.0], np.cumsum(counts, dtype=np.float64))) / max(1, int(counts.sum()))
    out: F64 = np.interp(at, edges, cum)
    out[0] = 0.0
    out[-1] = 1.0
    return out


def _p_all_met(inp: Inputs, acc: Acc) -> float:
    """P(every tier's first-touch commitment and its follow-up cadence are met in the run)."""
    ok = np.ones(acc.count.shape[0], dtype=bool)
    for t, tier in enumerate(inp.tiers):
        total = acc.count[:, :, t].sum(axis=1)
        share = np.where(total > 0, acc.within[:, :, t].sum(axis=1) / np.maximum(total, 1), 1.0)
        touched = np.where(total > 0, acc.touched[:, :, t].sum(axis=1) / np.maximum(total, 1), 1.0)
        ok &= (share >= tier.target_share) & (touched >= tier.target_share)
    return float(ok.mean())


def settled(p: float, runs: int, target: float, z: float = 3.0) -> bool:
    """Whether ``p`` measured on ``runs`` runs is clearly on one side of ``target``: its Wilson score
    interval at ``z`` standard errors (3: 99.7 %) does not contain it."""
    if runs <= 0:
        return False
    z2 = z * z
    centre = (p + z2 / (2 * runs)) / (1 + z2 / runs)
    half = z / (1 + z2 / runs) * math.sqrt(max(0.0, p * (1 - p)) / runs + z2 / (4 * runs * runs))
    return centre - half >= target or centre + half < target


def committed_sqls(plan: Plan, runs: int) -> NDArray[np.float64]:
    """Marketing's committed SQLs as expected arrivals (runs, months, segments): each segment's
    commitment every month; a segment with no commitment brings none."""
    segments = plan.segments or ("General",)
    committed = {m.segment.casefold(): m.sqls_per_month for m in plan.commitments.marketing}
    per_month = np.array([committed.get(s.casefold(), 0.0) for s in segments])
    out: NDArray[np.float64] = np.broadcast_to(per_month, (runs, plan.horizon_months, len(segments))).copy()
    return out


def _headcount_curve(
    inp: Inputs,
    counts: NDArray[np.int64],
    seed: int,
    target: float,
    progress: Callable[[float], None] | None,
    cancelled: Callable[[], bool] | None,
) -> HeadcountCurve:
    """Smallest SDR headcount with P(every tier's first touch and cadence kept) >= target: the
    plan's staff plus, in each month, the people short of that headcount, hired at the plan's start
    and ramping like the plan's hires (``effective_with_hires``); their work includes follow-ups."""
    sdr = inp.sdr
    n_months = counts.shape[1]
    ms = inp.timeline.month_starts
    # Lower bound: enough reps for the work (first touches and the cadence's follow-ups) in the
    # busiest month.
    ft = inp.team.handle_time("first_touch").minutes
    follow = inp.team.handle_time("follow_up").minutes
    per_sql = ft + follow * sum(t.share_of_sqls * max(0, t.touches - 1) for t in inp.tiers)
    need = 1
    for m in range(n_months):
        hours = inp.sdr_map.working_between(ms[m], ms[m + 1])
        if hours > 0:
            need = max(need, math.ceil(counts[:, m].mean() * per_sql / (hours * (1.0 - sdr.shrinkage))))
    tried: dict[int, float] = {}
    rough: dict[int, float] = {}
    shown: dict[int, float] = {}
    steps = 0
    # Each headcount is first measured on a fifth of the runs (the same leads: common random
    # numbers). Where that already settles which side of the target it is on (the 99.7 % Wilson
    # interval clear of the target: for 90 %, all of 100 runs kept or at most 80), that figure
    # stands; otherwise it is measured again on all the runs. Only headcounts near the target cost
    # the full runs.
    few = counts[: max(20, counts.shape[0] // 5)]
    # What each run's touches cost to follow (first touches and follow-ups), for the search's budget.
    run_touches = np.cumsum(counts.sum(axis=1)) * touches_per_sql(inp.tiers)
    spent = 0.0

    def measure(h: int, table: dict[int, float], sample: NDArray[np.int64]) -> float:
        nonlocal steps, spent
        if h not in table:
            if cancelled is not None and cancelled():
                raise SimulationCancelled()
            cost = float(run_touches[sample.shape[0] - 1]) * touch_cost(h)
            if spent + cost > SEARCH_BUDGET:
                raise _SearchTooLong()
            spent += cost
            acc = simulate_queue(inp, sample, seed, headcount=h, collect=False, cancelled=cancelled)
            table[h] = _p_all_met(inp, acc)
            steps += 1
            if progress is not None:
                progress(min(1.0, steps / 12))
        return table[h]

    def p_met(h: int) -> float:
        return measure(h, tried, counts)

    def p_rough(h: int) -> float:
        return measure(h, rough, few) if few.shape[0] < counts.shape[0] else p_met(h)

    def p_settled(h: int) -> float:
        """The figure shown for ``h``: the fifth's where it settles the question, else all the runs'."""
        if h not in shown:
            p = p_rough(h)
            shown[h] = p if settled(p, few.shape[0], target) else p_met(h)
        return shown[h]

    def search(p: Callable[[int], float], low: int, ceiling: int) -> int | None:
        """Smallest headcount from ``low`` up to ``ceiling`` with p >= target (p grows with headcount):
        double until it is reached, then bisect; the cost grows with the logarithm of the answer."""
        if p(low) >= target:
            while low > 1 and p(low - 1) >= target:
                low -= 1
            return low
        high = None
        h = max(low + 1, need)
        while h <= ceiling:
            if p(h) >= target:
                high = h
                break
            low = h
            h = min(ceiling, max(h + 1, h * 2)) if h < ceiling else ceiling + 1
        if high is None:
            return None
        while high - low > 1:
            mid = (low + high) // 2
            if p(mid) >= target:
                high = mid
            else:
                low = mid
        return high

    ceiling = max(need * 8, need + 40)
    try:
        guess = search(p_rough, max(1, need - 1), ceiling)
        # Settled: from just below the rough answer (the rough one may be a step off either way).
        found = search(p_settled, max(1, (guess if guess is not None else ceiling) - 1), ceiling)
        if found is not None:  # the curve around the answer, for the chart
            for h in (found - 2, found - 1, found + 1):
                if h >= 1 and (h < found or p_settled(found) < 0.999):
                    p_settled(h)
    except _SearchTooLong:
        so_far = tuple(sorted(shown.items()))
        return HeadcountCurve(sdr.kind, target, None, so_far, _stopped_text(sdr.kind, need, so_far))
    points = sorted(shown.items())
    return HeadcountCurve(sdr.kind, target, found, tuple(points))


class _SearchTooLong(Exception):
    """The headcount search would overrun :data:`SEARCH_BUDGET` with the next headcount."""


def _stopped_text(kind: str, need: int, tried: tuple[tuple[int, float], ...]) -> str:
    """Why a headcount search stopped short, as a clause that follows "No SDR headcount found: "."""
    done = f"after trying up to {tried[-1][0]:,} (a {fmt_pct(tried[-1][1])} chance)" if tried else "before trying any"
    return (
        f"the busiest month's work alone needs at least {need:,} {kind}s, too many to simulate lead by lead in "
        f"reasonable time, so the search stopped {done}; check the lead volumes: one month far above the others "
        "is often a typing error"
    )
