"""Open items to agree before signing: where the plan's own numbers say a commitment cannot hold.

The engagement conflicts (:mod:`slaplanner.engine.conflicts`) check the rules against each other.
These check the commitments against the plan's results: the team the simulation needs against the
team staffed, each commitment's chance of being met against the target chance, and marketing's SQL
commitment against the SQLs the plan yields and the SQLs the revenue goal needs. Each item says what
is wrong in one plain sentence and what would settle it.
"""

from __future__ import annotations

from dataclasses import dataclass

from slaplanner.plan.format import (
    a_pct,
    count_text,
    days_text,
    fmt_count,
    fmt_duration_minutes,
    fmt_pct,
    month_label,
    month_range_text,
)
from slaplanner.plan.model import Plan
from slaplanner.results import PlanResults

#: A committed or required volume within this many SQLs a month of the other counts as equal.
TOLERANCE = 0.5


@dataclass(frozen=True)
class OpenItem:
    """One thing both sides must agree on before signing.

    Attributes:
        topic: what it is about (``SDR headcount``, ``Hot first touch``, ``Marketing's SQL commitment``).
        finding: what the numbers say, in one sentence.
        settle: what would settle it (the choices to agree on).
    """

    topic: str
    finding: str
    settle: str


def people_text(n: int, role: str) -> str:
    """``1 AE``, ``3 AEs``; a team whose name is already plural stays so: ``3 EMEA SDRs`` (never
    "SDRss"), and one person of it is ``1 person in EMEA SDRs``."""
    if role.endswith("s"):
        return f"{n} {role}" if n != 1 else f"1 person in {role}"
    return f"{n} {role}" if n == 1 else f"{n} {role}s"


def _staffed_text(heads: list[int]) -> str:
    lo, hi = min(heads), max(heads)
    return f"{lo}" if lo == hi else f"{lo} to {hi}"


def open_items(plan: Plan, results: PlanResults) -> tuple[OpenItem, ...]:
    """The open items of ``plan`` with its ``results``, in the order people settle them: team,
    chances of meeting each commitment, then marketing's commitment against the plan and the goal."""
    items: list[OpenItem] = []
    sim = results.simulation
    months = plan.months
    n = plan.horizon_months
    k = plan.sql_stage_index
    sql = plan.stages[k] if k is not None else "SQL"
    if sim is not None:
        hc = sim.headcount
        target = hc.target_probability
        teams = plan.team.sdr_teams
        for role in teams:
            who = role.name if len(teams) > 1 else hc.role
            needed = sim.needed_for(role.name, role.kind)
            curve = dict(sim.headcount_by_team).get(role.name, hc)
            tried_points = curve.points
            heads = [role.headcount_in(m) for m in range(n)]
            if needed is None and curve.stopped:
                items.append(
                    OpenItem(
                        f"{who} headcount",
                        f"The simulation found no {who} headcount: {curve.stopped}.",
                        "Correct a lead volume typed wrong and run the simulation again, or lower the volumes or "
                        "shorten the horizon until the team is one the simulation can follow.",
                    )
                )
            elif needed is None:
                tried = tried_points[-1][0] if tried_points else max(heads)
                items.append(
                    OpenItem(
                        f"{who} headcount",
                        f"No {who} team of up to {tried} people gives a {fmt_pct(target)} chance of meeting "
                        f"every first-touch commitment and follow-up cadence; the plan staffs {_staffed_text(heads)}.",
                        "Lengthen the first-touch targets or the cadences, lower the share of leads they cover, lower "
                        "the volume of leads, or agree a lower chance.",
                    )
                )
            elif needed > min(heads):
                more: dict[int, list[str]] = {}
                for m in range(n):
                    if heads[m] < needed:
                        more.setdefault(needed - heads[m], []).append(months[m])
                gaps = ", ".join(
                    f"{extra} more in {month_range_text(when)}" for extra, when in sorted(more.items(), reverse=True)
                )
                items.append(
                    OpenItem(
                        f"{who} headcount",
                        f"The simulation needs {people_text(needed, who)} for a {fmt_pct(target)} chance of meeting "
                        f"every first-touch commitment and follow-up cadence; the plan staffs {_staffed_text(heads)}.",
                        f"Staff {people_text(needed, who)} in every month ({gaps}), or lengthen the first-touch "
                        "targets or the cadences, or agree a lower chance.",
                    )
                )
        ae = plan.team.role("AE")
        if ae is not None and sim.ae_needed:
            heads = [ae.headcount_in(m) for m in range(n)]
            if sim.ae_needed > min(heads):
                items.append(
                    OpenItem(
                        "AE headcount",
                        f"Carrying the open opportunities needs {people_text(sim.ae_needed, 'AE')}; the plan staffs "
                        f"{_staffed_text(heads)}.",
                        f"Hire up to {people_text(sim.ae_needed - min(heads), 'AE')}, or lower the revenue target and "
                        "the volume behind it, or agree that the AEs work above their maximum occupancy.",
                    )
                )
        # More people help only where the search found a headcount that reaches the chance (where none
        # does, the calendar, the lead patience or the targets limit it: advice to hire would contradict it).
        hiring_helps = hc.headcount_needed is not None or bool(hc.stopped)
        staff = (
            f"Staff more {hc.role}s, "
            if hiring_helps
            else "Cover the hours in which leads wait longest (nights, weekends), "
        )
        for t in sim.response:
            if not t.has_sqls:  # neither met nor missed: nothing to settle
                continue
            if t.p_met < target:
                items.append(
                    OpenItem(
                        f"{t.tier} first touch",
                        f"First touch within {fmt_duration_minutes(t.target_minutes)} for {fmt_pct(t.target_share)} "
                        f"of {t.tier} leads is met with {a_pct(t.p_met)} chance over the whole plan, below the "
                        f"{fmt_pct(target)} the plan aims for.",
                        f"{staff}lengthen the target or lower the share, or agree the lower chance.",
                    )
                )
            if t.touches > 0 and t.p_touches_met < target:
                items.append(
                    OpenItem(
                        f"{t.tier} follow-up cadence",
                        f"{count_text(t.touches, 'touch', 'touches')} within {days_text(t.touch_days)} for "
                        f"{fmt_pct(t.target_share)} of {t.tier} leads is kept with {a_pct(t.p_touches_met)} chance "
                        f"over the whole plan ({fmt_pct(t.touches_within, 1)} of the leads got them), below the "
                        f"{fmt_pct(target)} the plan aims for.",
                        f"{staff}lengthen the cadence or make fewer touches in it, or agree the lower chance.",
                    )
                )
            if t.p_accept_met < target:
                items.append(
                    OpenItem(
                        f"{t.tier} acceptance",
                        f"Accepting or rejecting {fmt_pct(t.target_share)} of {t.tier} leads within "
                        f"{t.accept_within_hours:g} h is kept with {a_pct(t.p_accept_met)} chance over the whole "
                        f"plan ({fmt_pct(t.p_accept_within, 1)} of the leads were), below the {fmt_pct(target)} the "
                        "plan aims for.",
                        "Lengthen the acceptance window, or have the AEs accept in more hours of the week, or agree "
                        "the lower chance.",
                    )
                )
        if any(sim.sql_commitment_total) and sim.sql_p_met:
            chance = sum(sim.sql_p_met) / len(sim.sql_p_met)
            if chance < target:
                worst = min(range(len(sim.months)), key=lambda m: sim.sql_p_met[m])
                items.append(
                    OpenItem(
                        f"Marketing's {sql} commitment",
                        f"Marketing delivers the committed {sql}s with {a_pct(chance)} chance in an average month "
                        f"({fmt_pct(sim.sql_p_met[worst])} in {month_label(sim.months[worst])}), below the "
                        f"{fmt_pct(target)} the plan aims for.",
                        "Lower the commitment in the weak months, or add leads or raise the rates behind them.",
                    )
                )
        lost = sim.patience_loss_text(plan.currency, sql)
        if lost:
            items.append(
                OpenItem(
                    "Leads lost to lead patience",
                    lost,
                    (f"Staff more {hc.role}s, or cover" if hiring_helps else "Cover")
                    + " the hours in which leads wait longest (nights, weekends), or agree the loss and lower the "
                    "revenue expected from these leads.",
                )
            )
    items += _commitment_against_plan(plan, results)
    return tuple(items)


def _commitment_against_plan(plan: Plan, results: PlanResults) -> list[OpenItem]:
    k = plan.sql_stage_index
    commitments = plan.commitments.marketing
    if k is None or not commitments:
        return []
    f = results.funnel
    sql = plan.stages[k]
    committed = sum(c.sqls_per_month for c in commitments)
    planned, required = f.forward[k], f.required[k]
    items: list[OpenItem] = []
    above = [m for m, v in enumerate(planned) if v > committed + TOLERANCE]
    if above:
        peak = max(planned[m] for m in above)
        items.append(
            OpenItem(
                f"Marketing's {sql} commitment against the plan",
                f"Marketing commits to {fmt_count(committed)} {sql}s a month, fewer than the plan yields in "
                f"{len(above)} of {len(planned)} months ({month_range_text([f.months[m] for m in above])}; up to "
                f"{fmt_count(peak)}).",
                "Raise the commitment in those months to what the plan yields, or agree that the "
                f"{sql}s above it are "
                "upside sales does not plan on.",
            )
        )
    short = [m for m, v in enumerate(required) if committed < v - TOLERANCE]
    over_year = committed * len(required) < sum(required) - TOLERANCE
    if short or over_year:
        where = (
            f"in {len(short)} of {len(required)} months ({month_range_text([f.months[m] for m in short])}; up to "
            f"{fmt_count(max(required[m] for m in short))} needed)"
            if short
            else "over the period"
        )
        total = (
            f"; {fmt_count(committed * len(required))} over the period against {fmt_count(sum(required))}"
            if over_year
            else ""
        )
        items.append(
            OpenItem(
                f"Marketing's {sql} commitment against the revenue goal",
                f"Marketing commits to {fmt_count(committed)} {sql}s a month, fewer than the revenue goal needs "
                f"{where}{total}.",
                "Raise the commitment (with the leads behind it), lower the revenue target, or lower marketing's "
                "share of it.",
            )
        )
    return items
