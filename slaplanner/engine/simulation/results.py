"""What a simulation gives back: immutable result records, and the cancellation it may raise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slaplanner.plan.format import fmt_money, fmt_pct

#: What a tier's chances and waits read where none of its SQLs arrived.
NO_SQLS_TEXT = "no SQLs to touch"


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
    priority: int = 1  # 1 = served first: the tier's place in the plan's list of tiers
    touches_within: float = 1.0  # share of the tier's SQLs that got every touch of the cadence in its days
    lost_share: float = 0.0  # share of the tier's SQLs lost to lead patience (never touched)

    @property
    def slower_sla_shown(self) -> tuple[float, float, float] | None:
        """The slower first-touch target every face quotes: the first option slower than the target
        that gives up at least one SQL (a decay curve flat after the target costs nothing there: "about
        0 fewer SQLs" tells nobody anything); ``None`` where none does."""
        return next((s for s in self.slower_sla if s[0] > self.target_minutes and s[1] >= 0.5), None)

    def no_sqls_text(self, within: str) -> str:
        """What a tier none of whose SQLs arrived says instead of its figures, with its target's time
        as the face writes it (``within``: "5 min", "5 business min")."""
        return f"{NO_SQLS_TEXT} (target {fmt_pct(self.target_share)} within {within}; not met, not missed)"

    @property
    def has_sqls(self) -> bool:
        """Whether any of the tier's SQLs arrived: without any, its figures are neither met nor
        missed (every face says :data:`NO_SQLS_TEXT` instead of a 100 % chance)."""
        return self.sqls_per_run > 0


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
    #: Why the search stopped before it found an answer ("" when it ran its course): trying that many
    #: SDRs on every simulated lead would take too long (a lead volume far above the plan's others).
    stopped: str = ""

    @property
    def most_tried(self) -> int:
        """The largest headcount the search tried (its points are in order), 0 when it tried none."""
        return self.points[-1][0] if self.points else 0

    @property
    def needed_text(self) -> str:
        """The headcount found, in words where there is none: "not reached" (no headcount tried
        reaches the chance) or "not found (the search stopped: ...)" (:attr:`stopped` says why, in
        the warnings)."""
        if self.headcount_needed is not None:
            return str(self.headcount_needed)
        return "not found (the search stopped: see the warnings)" if self.stopped else "not reached"


def busy_weeks_lead(team: str, weeks: int) -> str:
    """How the warning that lists a team's weeks above its maximum occupancy starts: "SDR team above
    maximum occupancy in 2 weeks: "."""
    return f"{team} above maximum occupancy in {weeks} week{'s' if weeks > 1 else ''}: "


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
    load: str = "planned"  # which SQLs arrive: "planned" (leads x rates) or "committed" (marketing's commitment)
    headcount_by_team: tuple[tuple[str, HeadcountCurve], ...] = ()  # several SDR teams: each one's search
    patience_hours: float = 0.0  # mean lead patience simulated (0: leads wait as long as it takes)
    sqls_lost: float = 0.0  # mean SQLs per run lost to lead patience
    revenue_lost: float = 0.0  # the revenue those SQLs would have brought (likely rates after SQL)
    #: Each SDR team's weeks above its maximum occupancy: (team, weeks, maximum occupancy), teams with
    #: none left out (what its warning lists)
    busy_weeks: tuple[tuple[str, int, float], ...] = ()
    #: With several SDR teams, each team's utilisation by week (its own leads' work over its own hours)
    #: and its maximum occupancy: (team, by week, maximum); empty with one team
    sdr_utilisation_by_week_by_team: tuple[tuple[str, tuple[float, ...], float], ...] = ()

    @property
    def busy_week_warnings(self) -> tuple[str, ...]:
        """The warnings that list an SDR team's weeks above its maximum occupancy, one per team in
        :attr:`busy_weeks` (the months' warnings left out)."""
        leads = [busy_weeks_lead(team, weeks) for team, weeks, _limit in self.busy_weeks]
        return tuple(w for w in self.warnings if any(w.startswith(lead) for lead in leads))

    def patience_loss_text(self, currency: str, stage: str = "SQL") -> str:
        """What lead patience cost, in one sentence for every face ("" when no lead was lost): "Lost
        to lead patience (2 h on average, nights and weekends included): about 1,293 SQLs over the plan
        (the average run; 12.3 %
        of Hot, 30.1 % of Warm) and 4,266,444 USD of revenue they would have brought (...)". ``stage``:
        the plan's name for its SQL stage."""
        if not self.sqls_lost > 0:
            return ""
        shares = ", ".join(f"{fmt_pct(t.lost_share, 1)} of {t.tier}" for t in self.response if t.lost_share > 0)
        return (
            f"Lost to lead patience ({self.patience_hours:g} h on average, nights and weekends included): about "
            f"{self.sqls_lost:,.0f} {stage}s over the plan (the average run; {shares}) and "
            f"{fmt_money(self.revenue_lost, currency)} of "
            f"revenue they would have brought (the likely rates after {stage})."
        )

    def needed_for(self, role: str, kind: str) -> int | None:
        """People the simulation says role ``role`` (its name) of ``kind`` needs: an SDR team's own
        search when there are several, the one search otherwise, the AEs' P90 for the AE role."""
        if kind == "AE":
            return self.ae_needed
        return self.curve_for(role).headcount_needed

    def curve_for(self, role: str) -> HeadcountCurve:
        """The headcount search of SDR role ``role`` (its name): its team's own where there are
        several SDR teams, the one search otherwise."""
        for name, curve in self.headcount_by_team:
            if name == role:
                return curve
        return self.headcount

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
            "load": self.load,
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
                    "priority": t.priority,
                    "sqls_per_run": r(t.sqls_per_run, 2),
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
                    "touches_within": r(t.touches_within),
                    "lost_share": r(t.lost_share),
                    "slower_sla": [
                        {"first_touch_minutes": m, "sqls_given_up": r(q, 2), "revenue_given_up": r(v, 2)}
                        for m, q, v in t.slower_sla
                    ],
                }
                for t in self.response
            },
            "lost_to_patience": {
                "patience_hours": self.patience_hours,
                "sqls_per_run": r(self.sqls_lost, 2),
                "revenue": r(self.revenue_lost, 2),
            },
            "utilisation": {ro.role: {m: r(u) for m, u in zip(self.months, ro.utilisation)} for ro in self.roles},
            "bottleneck": {"role": self.bottleneck, "detail": self.bottleneck_detail},
            "headcount_needed": {
                "target_probability": self.headcount.target_probability,
                self.headcount.role: self.headcount.headcount_needed,
                "AE": self.ae_needed,
                "curve": [{"headcount": h, "p_met": r(p)} for h, p in self.headcount.points],
                "search_stopped": self.headcount.stopped,  # "" unless the search stopped short (why it did)
                # several SDR teams: each team's own search (SDR above is their sum)
                "by_team": {
                    name: {
                        "needed": c.headcount_needed,
                        "curve": [{"headcount": h, "p_met": r(p)} for h, p in c.points],
                        "search_stopped": c.stopped,
                    }
                    for name, c in self.headcount_by_team
                },
            },
            "warnings": list(self.warnings),
        }
