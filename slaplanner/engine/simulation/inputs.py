"""The inputs of one simulation, prepared once from the plan, and the random volumes of its runs."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from slaplanner.engine.simulation.calendar import F64, CalendarMap, Timeline, arrival_tables
from slaplanner.engine.simulation.feasibility import Route, check
from slaplanner.errors import ValidationError
from slaplanner.plan.commitments import ResponseCommitment
from slaplanner.plan.model import Plan
from slaplanner.plan.team import Role, Team


@dataclass(frozen=True)
class Inputs:
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
    routes: tuple[Route, ...] = ()  # the SDR teams (``sdr`` and ``sdr_map`` are the first's)

    def for_team(self, route: Route) -> Inputs:
        """These inputs with ``route``'s SDR team as the one the queue simulates."""
        return replace(self, sdr=route.role, sdr_map=route.calendar)


def prepare(plan: Plan) -> Inputs:
    checked = check(plan)
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
    return Inputs(
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
        routes=checked.routes,
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


def expected_sqls(inp: Inputs, rng: np.random.Generator, runs: int) -> tuple[F64, F64]:
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


def effective_with_hires(role: Role, months: int, headcount: int | None) -> list[float]:
    """Fully ramped equivalents per month of ``role``, or of ``headcount`` people: the plan's own
    staff as planned (at most ``headcount`` of them), and the people short of ``headcount`` in a
    month hired at the plan's start, ramping like any hire (a (k + 1) / (ramp + 1) share of a rep
    in their k-th month)."""
    effective = list(role.effective_headcount(months))
    if headcount is None:
        return effective
    for m in range(months):
        short = max(0, headcount - role.headcount_in(m))
        effective[m] = min(effective[m], float(headcount)) + short * min(1.0, (m + 1) / (role.ramp_months + 1))
    return effective


def sdr_servers(role: Role, months: int, headcount: int | None) -> tuple[list[int], list[float]]:
    """Whole reps on the queue per month and their speed (1 = full speed): the effective
    headcount (see :func:`effective_with_hires`) less shrinkage, rounded to whole reps whose speed
    is scaled to match the exact capacity."""
    servers, speed = [], []
    for eff in effective_with_hires(role, months, headcount):
        c, s = whole_reps(eff * (1.0 - role.shrinkage))
        servers.append(c)
        speed.append(s)
    return servers, speed


def whole_reps(capacity: float) -> tuple[int, float]:
    """``capacity`` (reps' worth on shift, e.g. 0.65 or 5.6) as whole reps and their speed (1 = full
    speed) giving exactly that capacity: 0.65 is 1 rep at 65 %, 5.6 is 6 at 93 %, 5.4 is 5 at 108 %.
    The simulation's queue and the round-the-clock estimate both count reps this way."""
    c = max(1, round(capacity))
    return c, (capacity / c if capacity > 0 else 1e-9)
