"""The SLA document as one neutral model, built from a plan and its results.

:func:`build_document` turns a :class:`~slaplanner.plan.model.Plan` and its :class:`PlanResults`
into an :class:`SlaDocument`: a title page and a flat sequence of blocks (headings,
paragraphs, bullet lists, tables, figures, a sign-off block). The Word and PDF exporters
(:mod:`slaplanner.exports.docx`, :mod:`slaplanner.exports.pdf`) only lay these blocks out, so
both files always say the same thing.

Every section is always present; a section whose data the plan does not have yet says so in
one sentence (``MISSING_PREFIX``) instead of disappearing.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from slaplanner.engine.funnel import SCENARIOS
from slaplanner.engine.simulation import NO_SQLS_TEXT, SimulationResult, TierResult
from slaplanner.exports.blocks import (
    Block,
    BulletList,
    Figure,
    Heading,
    Paragraph,
    Signatory,
    SignOff,
    SlaDocument,
    Table,
    TitlePage,
    introduces,
)
from slaplanner.exports.charts import (
    headcount_chart,
    revenue_chart,
    segment_series,
    sql_band_chart,
    sql_chart,
    utilisation_chart,
    workload_chart,
)
from slaplanner.exports.context import AgreementFacts, ExportContext, agreement_facts, settings_text
from slaplanner.exports.glossary import GLOSSARY, spell_out_first_use
from slaplanner.exports.open_items import open_items
from slaplanner.plan.definitions import (
    Definitions,
    Example,
    describe_behaviour,
    describe_criterion,
    event_label,
    field_label,
    hand_raise_label,
    outcome_label,
    recycle_trigger_label,
)
from slaplanner.plan.format import (
    count_text,
    days_text,
    fmt_count,
    fmt_date,
    fmt_duration_minutes,
    fmt_money,
    fmt_pct,
    fmt_signed,
    long_month,
    month_label,
    wait_spread_text,
    weakest_month,
)
from slaplanner.plan.governance import Governance, business_hours_text, frequency_label, routing_label
from slaplanner.plan.model import Plan
from slaplanner.plan.months import add_months
from slaplanner.plan.team import Role
from slaplanner.results import MISSING_PREFIX, PlanResults

#: The document's top-level sections, in order (the Heading 1 texts).
SECTION_TITLES: tuple[str, ...] = (
    "Summary",
    "Version and changes",
    "Definitions",
    "Marketing's commitments",
    "Sales' commitments",
    "Lead routing and assignment",
    "Rules of engagement",
    "Capacity",
    "Measurement and closed-loop reporting",
    "Term and governance",
    "Glossary",
    "Sign-off",
)

__all__ = [
    "SECTION_TITLES",
    "Block",
    "BulletList",
    "ExportContext",
    "Figure",
    "Heading",
    "Paragraph",
    "SignOff",
    "Signatory",
    "SlaDocument",
    "Table",
    "TitlePage",
    "build_document",
    "introduces",
    "no_sql_stage",
    "rounded_to_total",
    "title_page",
]


SUBTITLE = "Service level agreement between marketing and sales"


def no_sql_stage(plan: Plan) -> str:
    """What the document says where it would show SQLs of a plan that has no SQL stage."""
    return (
        f"an SQL stage: the definitions name {plan.definitions.sql_stage} as the SQL stage, which is not one "
        f"of the plan's stages ({', '.join(plan.stages)})"
    )


def _missing(what: str) -> Paragraph:
    return Paragraph(f"{MISSING_PREFIX} {what} yet.", note=True)


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


def rounded_to_total(values: list[float] | tuple[float, ...], total: float | None = None) -> list[int]:
    """``values`` rounded to whole numbers that add up to ``total`` rounded (default: their sum),
    by the largest-remainder method: every value is rounded down, and the units still missing go
    to the values that lost most. So a table's rows add up to the total it prints."""
    target = round(sum(values) if total is None else total)
    floors = [math.floor(v) for v in values]
    missing = target - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (floors[i] - values[i], i))
    if missing < 0:  # the total asked is below the values' sum: take from those that gained least
        order = sorted(range(len(values)), key=lambda i: (values[i] - floors[i], i))
    for i in order[: abs(missing)]:
        floors[i] += 1 if missing > 0 else -1
    return floors


def _shares_text(shares: list[float]) -> list[str]:
    """Fractions as whole percentages that add up to 100 % when the fractions add up to 1."""
    return [f"{p} %" for p in rounded_to_total([s * 100 for s in shares])]


_ISO_DAY = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])\b")


def readable_dates(text: str) -> str:
    """``2026-02-12`` as ``12 February 2026`` and ``2026-09`` as ``Sep 2026``: a signed document
    never shows ISO dates, including in sentences the simulation writes."""
    text = _ISO_DAY.sub(lambda m: fmt_date(date(int(m[1]), int(m[2]), int(m[3]))), text)
    return _ISO_MONTH.sub(lambda m: month_label(f"{m[1]}-{m[2]}"), text)


def _readable(block: Block) -> Block:
    if isinstance(block, Paragraph):
        return Paragraph(readable_dates(block.text), block.note)
    if isinstance(block, BulletList):
        return BulletList(tuple(readable_dates(t) for t in block.items))
    if isinstance(block, Table):
        rows = tuple(tuple(readable_dates(c) for c in row) for row in block.rows)
        return Table(block.header, rows, block.numeric, block.widths, readable_dates(block.caption))
    return block


# -- sections -------------------------------------------------------------------------------------
def _period(plan: Plan) -> str:
    if plan.start_day != 1:  # plan months from the start day: 15 January 2026 to 14 January 2027
        first, after = plan.period_start(0), plan.period_start(plan.horizon_months)
        return f"{fmt_date(first)} to {fmt_date(after - timedelta(days=1))} ({plan.horizon_months} months)"
    last = add_months(plan.start_month, plan.horizon_months - 1)
    return f"{long_month(plan.start_month)} to {long_month(last)} ({plan.horizon_months} months)"


def _meets_goal(revenue: float, required: float) -> bool:
    """Whether ``revenue`` reaches the ``required`` revenue (to the half unit shown as equal)."""
    return revenue >= required - 0.5


def _summary(plan: Plan, results: PlanResults) -> list[Block]:
    f = results.funnel
    k = plan.sql_stage_index
    if k is None:
        return [Heading(1, "Summary"), Paragraph(settings_text(results)), _missing(no_sql_stage(plan))]
    sql = plan.stages[k]
    planned, required = sum(f.forward[k]), sum(f.required[k])
    rev_planned, rev_required = sum(f.revenue_planned), sum(f.revenue_required)
    n = max(1, len(f.months))
    blocks: list[Block] = [Heading(1, "Summary"), Paragraph(settings_text(results))]
    lines = [
        f"Marketing delivers {fmt_count(planned)} {sql}s over the period ({fmt_count(planned / n)} a month on "
        f"average); the revenue goal needs {fmt_count(required)} ({fmt_signed(planned - required)}).",
        f"Marketing-sourced revenue planned: {fmt_money(rev_planned, plan.currency)} against "
        f"{fmt_money(rev_required, plan.currency)} required "
        f"({fmt_pct(plan.terms.marketing_share)} of the revenue target).",
    ]
    sim = results.simulation
    lost, sqls_lost = (sim.revenue_lost, sim.sqls_lost) if sim is not None else (0.0, 0.0)
    if lost > 0:  # the funnel's revenue is before the leads lead patience loses (the simulation's)
        left = rev_planned - lost
        lines.append(
            f"Lead patience loses about {fmt_count(sqls_lost)} of these {sql}s over the plan (the average "
            f"simulated run) and {fmt_money(lost, plan.currency)} of that revenue, leaving "
            f"{fmt_money(left, plan.currency)}: "
            + ("still enough for the goal." if _meets_goal(left, rev_required) else "short of the revenue goal.")
        )
    commitments = plan.commitments
    for c in commitments.marketing:
        lines.append(f"Marketing commits to {fmt_count(c.sqls_per_month)} {sql}s a month in {c.segment}.")
    g = plan.governance
    lines.append(
        f"Marketing's lead quality: at least {fmt_pct(g.acceptance_rate_floor)} of the {sql}s it delivers accepted "
        f"by sales, at least {fmt_pct(g.mql_to_sql_floor)} of {plan.definitions.mql_stage}s becoming {sql}s, and "
        f"{fmt_pct(g.data_completeness)} of leads with every required field."
    )
    for r in commitments.response:
        lines.append(
            f"For {fmt_pct(r.target_share)} of {r.tier} leads, sales makes first contact within "
            f"{fmt_duration_minutes(r.first_touch_minutes)} ({r.clock} time), accepts or rejects the lead within "
            f"{r.accept_within_hours:g} hours and makes {count_text(r.touches, 'attempt')} within "
            f"{days_text(r.touch_days)} of the lead's arrival."
        )
    blocks.append(BulletList(tuple(lines)))
    blocks.append(
        Paragraph(
            f"The rates come as ranges, so the outcome does too ({f.scenario} rates lead this document; "
            f"wins follow their {sql} by {_months(f.lag_months)} of sales cycle):"
        )
    )
    rows = []
    for name in SCENARIOS:
        s = results.scenarios.get(name)
        if s is None:
            continue
        s_planned, s_required = sum(s.forward[k]), sum(s.required[k])
        rows.append(
            (
                name.capitalize(),
                fmt_count(s_planned),
                fmt_count(s_required),
                fmt_signed(s_planned - s_required),
                fmt_money(sum(s.revenue_planned), plan.currency),
                "yes" if _meets_goal(sum(s.revenue_planned), sum(s.revenue_required)) else "no",
            )
        )
    blocks.append(
        Table(
            ("Rates", f"{sql}s planned", f"{sql}s required", "Gap", "Revenue planned", "Meets goal"),
            tuple(rows),
            numeric=(False, True, True, True, True, False),
            widths=(0.9, 1.1, 1.1, 0.9, 2.0, 0.9),
        )
    )
    if lost > 0:
        blocks.append(
            Paragraph(
                "The revenue planned and whether it meets the goal are before the leads lost to lead patience "
                "(the line on lead patience above says what is left).",
                note=True,
            )
        )
    blocks += _probabilities(plan, results)
    return blocks


def _weakest_month(by_month: tuple[float, ...], months: tuple[str, ...]) -> str:
    """``98 % (Nov 2026)``, or ``100 % (every month)`` (as the Simulation page says it)."""
    if not by_month:
        return ""
    month = weakest_month(by_month, months)
    return f"{fmt_pct(min(by_month))} ({month or 'every month'})"


def _probabilities(plan: Plan, results: PlanResults) -> list[Block]:
    sim = results.simulation
    if sim is None:
        return [Paragraph(results.simulation_note, note=True)]
    rows: list[tuple[str, str, str]] = []
    if any(sim.sql_commitment_total):
        n = max(1, len(sim.months))
        committed = sum(sim.sql_commitment_total) / n
        rows.append(
            (
                f"Marketing delivers the committed SQLs ({fmt_count(committed)} a month, every segment at least "
                "its own): chance in an average month",
                fmt_pct(sum(sim.sql_p_met) / n),
                _weakest_month(sim.sql_p_met, sim.months),
            )
        )
    for t in sim.response:

        def chance(p: float, t: TierResult = t) -> str:  # no chance to speak of where no SQL arrived
            return fmt_pct(p) if t.has_sqls else NO_SQLS_TEXT

        rows.append(
            (
                f"{t.tier}: first touch within {fmt_duration_minutes(t.target_minutes)} for "
                f"{fmt_pct(t.target_share)} of leads",
                chance(t.p_met),
                _weakest_month(t.p_met_by_month, sim.months) if t.has_sqls else "",
            )
        )
        rows.append(
            (
                f"{t.tier}: accepted or rejected within {t.accept_within_hours:g} h for {fmt_pct(t.target_share)} "
                "of leads",
                chance(t.p_accept_met),
                "",
            )
        )
        rows.append(
            (
                f"{t.tier}: {count_text(t.touches, 'attempt')} within {days_text(t.touch_days)} of the lead's "
                f"arrival for {fmt_pct(t.target_share)} of leads",
                chance(t.p_touches_met),
                "",
            )
        )
    blocks: list[Block] = [
        Paragraph(
            f"Probability of meeting each commitment, from {sim.runs:,} simulated horizons (seed {sim.seed}; "
            "conversion rates drawn from their ranges, SQL arrivals by hour of the week, reps' calendars):"
        ),
        Table(
            ("Commitment", "Probability met", "Weakest month"),
            tuple(rows),
            numeric=(False, True, True),
            widths=(4.0, 1.1, 1.7),
        ),
    ]
    if sim.bottleneck_detail:
        blocks.append(Paragraph(f"Bottleneck: {sim.bottleneck_detail}."))
    return blocks


def _definitions(plan: Plan, results: PlanResults) -> list[Block]:
    f = results.funnel
    lo, hi = results.scenarios.get("low", f), results.scenarios.get("high", f)
    defs = plan.definitions
    blocks: list[Block] = [Heading(1, "Definitions"), Heading(2, "Stages")]
    rows = []
    for i, stage in enumerate(plan.stages):
        entry = defs.stage_named(stage)
        rate = "" if i == 0 else fmt_pct(f.blended_rates[i - 1])
        span = "" if i == 0 else f"{fmt_pct(lo.blended_rates[i - 1])} to {fmt_pct(hi.blended_rates[i - 1])}"
        owner = entry.owner.capitalize() if entry else "not set"
        criteria = entry.entry_criteria if entry else ""
        rows.append((stage, owner, criteria, rate, span))
    blocks.append(
        Table(
            ("Stage", "Owner", "Entry criteria", "Rate from stage above", "Low to high rates"),
            tuple(rows),
            numeric=(False, False, False, True, True),
            widths=(1.1, 0.9, 3.0, 1.2, 1.3),
        )
    )
    blocks.append(Heading(2, "MQL and SQL criteria"))
    if not (defs.fit or defs.behaviour or defs.disqualifiers):
        blocks.append(_missing("MQL and SQL qualification criteria"))
    else:
        blocks += _criteria(defs)
    blocks.append(Heading(2, "Examples"))
    if not defs.examples:
        blocks.append(_missing("example leads that test the definitions"))
    else:
        checked = {r.name: r for r in results.examples}
        blocks.append(
            Paragraph(
                "Example leads the definitions must classify as agreed (a testable definition): each is scored "
                "with the criteria above."
            )
        )
        ex_rows = []
        for e in defs.examples:
            result = checked.get(e.name)
            outcome = "" if result is None else result.outcome()
            verdict = "" if result is None else ("as agreed" if result.passed else "NOT as agreed")
            ex_rows.append((e.name, _example_facts(e), outcome_label(e.expect), outcome, verdict))
        blocks.append(
            Table(
                ("Example lead", "Facts", "Must be", "The definition gives", "Check"),
                tuple(ex_rows),
                widths=(2.0, 3.0, 0.9, 1.3, 0.9),
            )
        )
    return blocks


def _example_facts(example: Example) -> str:
    parts = [f"{field_label(k)}: {v}" for k, v in example.fields]
    parts += [f"{event_label(name)} ×{fact.count} ({fact.days_ago:g} days ago)" for name, fact in example.events]
    return "; ".join(parts)


def _criteria(defs: Definitions) -> list[Block]:
    text = (
        f"A lead becomes an {defs.mql_stage} at a score of {defs.mql_threshold:g} or more and an {defs.sql_stage} "
        f"at {defs.sql_threshold:g} or more"
    )
    if defs.fast_lane_events:
        text += f", or at once on a hand-raise ({', '.join(hand_raise_label(e) for e in defs.fast_lane_events)})"
    blocks: list[Block] = [Paragraph(text + "; a disqualified lead never qualifies.")]
    rows: list[tuple[str, str, str]] = [("Fit", describe_criterion(c), f"{c.points:+g}") for c in defs.fit]
    for b in defs.behaviour:
        detail = describe_behaviour(b)
        if b.half_life_days:
            detail += f" (points halve every {b.half_life_days:g} days)"
        rows.append(("Behaviour", detail, f"{b.points:+g}"))
    for d in defs.disqualifiers:
        rows.append(("Disqualifier", describe_criterion(d) + (f" ({d.reason})" if d.reason else ""), "out"))
    blocks.append(
        Table(("Kind", "Criterion", "Points"), tuple(rows), numeric=(False, False, True), widths=(1.1, 4.4, 0.8))
    )
    return blocks


def _marketing(plan: Plan, results: PlanResults) -> list[Block]:
    f = results.funnel
    k = plan.sql_stage_index
    if k is None:
        return [Heading(1, "Marketing's commitments"), _missing(no_sql_stage(plan))]
    sql = plan.stages[k]
    blocks: list[Block] = [Heading(1, "Marketing's commitments"), Heading(2, f"{sql} volume")]
    by_segment = segment_series(f, k)
    committed = {c.segment: c.sqls_per_month for c in plan.commitments.marketing}
    sim = results.simulation
    n = max(1, len(f.months))
    if committed:
        p_met = dict(sim.sql_p_met_by_segment) if sim is not None else {}
        segments = list(committed)
        promised = rounded_to_total([committed[seg] for seg in segments])
        planned = rounded_to_total([sum(by_segment.get(seg, ())) / n for seg in segments])
        committed_rows: list[tuple[str, ...]] = []
        for seg, c_text, p_text in zip(segments, promised, planned):
            row: tuple[str, ...] = (seg, fmt_count(c_text), fmt_count(p_text))
            if p_met:
                ps = p_met.get(seg, ())
                row += (fmt_pct(sum(ps) / len(ps)) if ps else "",)
            committed_rows.append(row)
        if len(segments) > 1:
            total_row: tuple[str, ...] = ("Total", fmt_count(sum(promised)), fmt_count(sum(planned)))
            # Marketing's commitment is met in a month when every segment meets its own: that chance, not a
            # sum of the segments' (the segments' chances above are each one alone).
            every = fmt_pct(sum(sim.sql_p_met) / max(1, len(sim.sql_p_met))) if p_met and sim is not None else ""
            committed_rows.append(total_row + ((f"{every} (all at once)",) if p_met else ()))
        header: tuple[str, ...] = ("Segment", "Committed a month", "Planned, average month")
        if p_met:
            header += ("Chance met, average month",)
        blocks.append(
            Paragraph(
                f"Marketing commits to deliver these {sql}s every month, by segment, beside what the plan yields in an "
                "average month of the period:"
            )
        )
        blocks.append(
            Table(header, tuple(committed_rows), numeric=(False, True, True, True), widths=(1.6, 1.4, 1.4, 1.4))
        )
    else:
        blocks.append(
            Paragraph(
                f"{MISSING_PREFIX} agreed {sql} commitments per segment yet; the table below shows what the plan's "
                "sources and rates yield, as the basis for them.",
                note=True,
            )
        )
    blocks += _quality(plan, results)
    blocks.append(Heading(2, f"{sql}s month by month"))
    if not plan.sources:
        blocks.append(_missing("lead sources"))
        return blocks
    segments = list(by_segment)
    header = ("Month", *segments, "All segments", "Required", "Gap")
    totals = rounded_to_total([sum(by_segment[s][m] for s in segments) for m in range(len(f.months))])
    required = rounded_to_total(list(f.required[k]))
    rows: list[tuple[str, ...]] = []
    columns: list[list[int]] = [[] for _ in segments]
    for m, month in enumerate(f.months):
        values = rounded_to_total([by_segment[s][m] for s in segments], totals[m])
        for j, v in enumerate(values):
            columns[j].append(v)
        rows.append(
            (
                month_label(month),
                *(fmt_count(v) for v in values),
                fmt_count(totals[m]),
                fmt_count(required[m]),
                fmt_signed(f.gap[k][m]),  # of the unrounded figures, as `slaplanner report` and the workbook
            )
        )
    rows.append(
        (
            "Total",
            *(fmt_count(sum(c)) for c in columns),
            fmt_count(sum(totals)),
            fmt_count(sum(required)),
            fmt_signed(math.fsum(f.gap[k])),
        )
    )
    blocks.append(
        Table(
            header,
            tuple(rows),
            numeric=(False, *([True] * (len(header) - 1))),
            caption=f"{sql}s per month and segment ({f.scenario} rates); the total is over the period",
        )
    )
    blocks.append(
        Paragraph(
            f"Each month is rounded to whole {sql}s so that the segments add up to the month and the months "
            "to the period; a segment's total may differ by one from the sum of its unrounded values. The gap "
            "is planned minus required before rounding (as in the report and the workbook), so it may differ "
            "by one from the difference of the rounded columns.",
            note=True,
        )
    )
    blocks.append(Figure.of(sql_chart(plan, f), f"{sql}s planned per month by segment, against the {sql}s required"))
    if sim is not None and any(sim.sql_commitment_total):
        blocks.append(
            Figure.of(
                sql_band_chart(plan, sim, f),
                f"Simulated {sql}s per month (median and P10 to P90) against the commitment and the requirement",
            )
        )
    blocks.append(Figure.of(revenue_chart(plan, f), "Cumulative marketing-sourced revenue, planned and required"))
    return blocks


def _stage_rate(plan: Plan, results: PlanResults, frm: str, to: int) -> float | None:
    """The planned share of ``frm`` leads that reach stage ``to`` (blended rates), or None."""
    names = [s.casefold() for s in plan.stages]
    if frm.casefold() not in names:
        return None
    i = names.index(frm.casefold())
    if i >= to:
        return None
    return math.prod(results.funnel.blended_rates[i:to])


def _quality(plan: Plan, results: PlanResults) -> list[Block]:
    """Marketing's lead-quality commitments, beside its volume commitment."""
    g = plan.governance
    k = plan.sql_stage_index
    mql = plan.definitions.mql_stage
    sql = plan.stages[k] if k is not None else "SQL"
    planned = _stage_rate(plan, results, mql, k) if k is not None else None
    expected = f"{fmt_pct(planned)} at {results.funnel.scenario} rates" if planned is not None else ""
    if planned is not None and planned + 1e-9 < g.mql_to_sql_floor:
        expected += " (below the floor: an open point)"
    fields = f" ({g.required_fields})" if g.required_fields else ""
    rows = (
        (
            f"Acceptance rate: share of the {sql}s delivered that sales accepts",
            f"at least {fmt_pct(g.acceptance_rate_floor)}",
            "measured from the CRM",
        ),
        (f"{mql} to {sql}: share of {mql}s that become {sql}s", f"at least {fmt_pct(g.mql_to_sql_floor)}", expected),
        (
            f"Data completeness: share of leads delivered with every required field{fields}",
            f"at least {fmt_pct(g.data_completeness)}",
            "measured from the CRM",
        ),
    )
    return [
        Heading(2, "Lead quality"),
        Paragraph(f"Beside the volume, marketing commits to the quality of the {sql}s it delivers, every month:"),
        Table(
            ("Quality measure", "Marketing commits to", "The plan expects"),
            rows,
            widths=(3.6, 1.5, 1.7),
        ),
    ]


def _sales(plan: Plan, results: PlanResults) -> list[Block]:
    response = plan.commitments.response
    defs = plan.definitions
    blocks: list[Block] = [Heading(1, "Sales' commitments"), Heading(2, "Response times per tier")]
    if not response:
        blocks.append(_missing("response-time commitments per lead tier"))
    else:
        simulated = {t.tier: t for t in results.simulation.response} if results.simulation is not None else {}
        rows = []
        shares = _shares_text([r.share_of_sqls for r in response])
        for r, share in zip(response, shares):
            row: tuple[str, ...] = (
                r.tier + (f": {r.description}" if r.description else ""),
                share,
                fmt_duration_minutes(r.first_touch_minutes),
                "business hours" if r.clock == "business" else "around the clock",
                fmt_pct(r.target_share),
            )
            if simulated:
                t = simulated.get(r.tier)
                if t is None:
                    row += ("", "")
                elif t.has_sqls:  # the share touched in time beside the target share it is held to
                    row += (f"{fmt_pct(t.p_within_target, 1)} in time; {_waits_text(t)}", fmt_pct(t.p_met))
                else:
                    row += (NO_SQLS_TEXT, "")
            rows.append(row)
        header: tuple[str, ...] = ("Tier", "Share of SQLs", "First touch within", "Clock", "For this share of leads")
        widths: tuple[float, ...] = (2.4, 1.0, 1.2, 1.3, 1.1)
        if simulated:
            header = (
                "Tier",
                "SQL share",
                "First touch",
                "Clock",
                "Target share",
                "Simulated",
                "Chance met",
            )
            widths = (2.0, 0.9, 1.0, 1.1, 0.9, 1.3, 1.0)
        blocks.append(Table(header, tuple(rows), numeric=(False, True, True, False, True, True, True), widths=widths))
        k = plan.sql_stage_index
        sim = results.simulation
        lost = sim.patience_loss_text(plan.currency, plan.stages[k] if k is not None else "SQL") if sim else ""
        if lost:
            blocks.append(
                Paragraph(
                    f"{lost} The simulated times above are of the leads touched; the open items below say what "
                    "would settle the loss."
                )
            )
    blocks.append(Heading(2, "Follow-up cadence"))
    if not response:
        blocks.append(_missing("a follow-up cadence"))
    else:
        blocks.append(
            BulletList(
                tuple(
                    f"{r.tier}: at least {count_text(r.touches, 'attempt')} within {days_text(r.touch_days)} of the "
                    f"lead's arrival, for {fmt_pct(r.target_share)} of leads."
                    for r in response
                )
            )
        )
        g = plan.governance
        blocks.append(
            Paragraph(
                f"A lead nobody has touched {business_hours_text(g.reassign_after_hours)} after it was assigned is "
                f"re-assigned to the backup owner; {_recycling(plan)}."
            )
        )
    blocks.append(Heading(2, "Acceptance window"))
    if response:
        blocks.append(
            BulletList(
                tuple(
                    f"{r.tier}: sales accepts or rejects at least {fmt_pct(r.target_share)} of leads within "
                    f"{r.accept_within_hours:g} hours of their arrival."
                    for r in response
                )
            )
        )
        blocks.append(
            Paragraph(
                "A lead neither accepted nor rejected in time counts as accepted for marketing's acceptance rate; "
                "a rejected lead carries a rejection code, and marketing may dispute it (the dispute path is under "
                "governance)."
            )
        )
    elif not defs.is_empty:
        blocks.append(Paragraph(f"Sales accepts or rejects each lead within {defs.acceptance_window_hours:g} hours."))
    else:
        blocks.append(_missing("an acceptance window"))
    blocks.append(Heading(2, "Feedback and rejection codes"))
    reasons = defs.rejection_reasons
    blocks.append(
        Paragraph(
            "Sales records the outcome of every lead in the CRM: accepted or rejected, and for a rejected lead "
            "one of the codes below, so that marketing can learn which sources and criteria produce leads sales "
            "can work."
        )
    )
    if reasons:
        blocks.append(
            Table(
                ("Code", "Meaning"),
                tuple((r.code, r.label) for r in reasons),
                widths=(1.2, 4.0),
            )
        )
    else:
        blocks.append(_missing("rejection reason codes"))
    return blocks


def _waits_text(t: TierResult) -> str:
    """The tier's simulated waits; with lead patience they are of the leads touched, and the share
    lost is said beside them."""
    waits = wait_spread_text(t.median_minutes, None, t.p95_minutes, business=t.clock == "business")
    if t.lost_share > 0:
        waits += f" of the leads touched; {fmt_pct(t.lost_share)} lost to patience"
    return waits


_ROUTING_SENTENCES = {
    "territory": "New {sql}s are assigned by territory: each goes to the owner of the lead's region.",
    "round_robin": "New {sql}s are assigned round-robin: each goes to the next SDR on shift, in turn.",
    "segment": "New {sql}s are assigned by segment: each goes to the team that works the lead's segment.",
}


def _routing(plan: Plan, results: PlanResults) -> list[Block]:
    """Lead routing and assignment: how a new SQL finds its owner, and who covers an absence."""
    g = plan.governance
    k = plan.sql_stage_index
    sql = plan.stages[k] if k is not None else "SQL"
    blocks: list[Block] = [Heading(1, "Lead routing and assignment")]
    lines = [
        _ROUTING_SENTENCES.get(
            g.routing_method, "New {sql}s are assigned " + routing_label(g.routing_method) + "."
        ).format(sql=sql),
        f"Backup owner: {g.backup_owner} takes the {sql}s of an owner who is away (holiday, leave, outside "
        "working hours) and any lead nobody has touched "
        f"{business_hours_text(g.reassign_after_hours)} after it was assigned.",
    ]
    sdrs = [r for r in plan.team.roles if r.kind == "SDR"]

    def staffed(role: Role) -> str:
        """``1 SDR``, ``3 SDRs``, ``4 to 5 SDRs``."""
        heads = role.headcount
        return count_text(heads[0], "SDR") if len(set(heads)) == 1 else f"{min(heads)} to {max(heads)} SDRs"

    if len(sdrs) == 1:
        only = sdrs[0]
        lines.append(
            f"Owners: {only.name} ({staffed(only)} over the period), working in {only.calendar.time_zone} time."
        )
    elif sdrs:  # several SDR teams: each owns its segments' leads (it named the first team alone)
        owners = [
            f"{r.name} for {_and([s for s in plan.segments if plan.team.sdr_team_for(s) is r] or ['no segment'])} "
            f"({staffed(r)} over the period, working in {r.calendar.time_zone} time)"
            for r in sdrs
        ]
        lines.append(f"Owners: {_and(owners)}.")
    if plan.segments and k is not None:
        per = segment_series(results.funnel, k)
        n = max(1, len(results.funnel.months))
        counts = rounded_to_total([sum(per.get(seg, ())) / n for seg in plan.segments])
        lines.append(
            f"{sql}s to route in an average month: "
            + ", ".join(f"{seg} {fmt_count(c)}" for seg, c in zip(plan.segments, counts))
            + f" (all segments {fmt_count(sum(counts))})."
        )
    blocks.append(BulletList(tuple(lines)))
    return blocks


_ACTION_WORDS = {
    "stop_nurture": "nurture stops",
    "start_nurture": "nurture starts",
    "notify_owner": "owner alerted",
    "assign_owner": "owner assigned",
    "create_task": "follow-up task created",
    "send_buyer_insight": "buyer insight sent to sales",
}


def _engagement(plan: Plan, results: PlanResults) -> list[Block]:
    rules = plan.engagement
    defs = plan.definitions
    blocks: list[Block] = [Heading(1, "Rules of engagement"), Heading(2, "Owners, hand-off, recycling and escalation")]
    if rules.is_empty:
        blocks.append(_missing("rules of engagement (owners, hand-off, recycling, escalation)"))
    else:
        blocks.append(
            Paragraph(
                "Who owns a lead in each stage, who may contact it there, what happens when it enters the stage, "
                "when it goes back to marketing, and who is alerted when the stage's clock runs out."
            )
        )
        rows = []
        for r in rules.stages:
            contact = " and ".join(
                w for w, on in (("nurture e-mail", r.nurture_email), ("sales touches", r.sales_touches)) if on
            )
            rows.append(
                (
                    r.stage,
                    r.owner.capitalize() or "not set",
                    contact or "none",
                    ", ".join(_ACTION_WORDS.get(a, a) for a in r.handoff_actions) or "none",
                    f"{r.recycle_after_days:g} days" if r.recycle_after_days else "never",
                    f"{r.sla_clock_hours:g} h" if r.sla_clock_hours else "none",
                    r.escalate_to or "nobody",
                )
            )
        blocks.append(
            Table(
                ("Stage", "Owner", "Contact allowed", "At hand-off", "Recycle after", "Clock", "Escalate to"),
                tuple(rows),
                widths=(1.1, 0.9, 1.3, 2.0, 0.9, 0.7, 1.2),
            )
        )
    if defs.recycle_rules:
        reason_labels = {r.code.casefold(): r.label or r.code for r in defs.rejection_reasons}
        blocks.append(
            Table(
                ("When", "Rejection reason", "Goes back to", "After", "Score reset"),
                tuple(
                    (
                        recycle_trigger_label(r.when),
                        reason_labels.get(r.reason_code.casefold(), r.reason_code) if r.reason_code else "any",
                        r.to_stage,
                        f"{r.wait_days:g} days",
                        "yes" if r.reset_score else "no",
                    )
                    for r in defs.recycle_rules
                ),
                widths=(1.4, 1.3, 1.2, 0.9, 0.9),
                caption="Recycling",
            )
        )
    blocks.append(Heading(2, "Open conflicts and items to agree"))
    conflicts = results.conflicts
    if conflicts:
        found = "1 open conflict" if len(conflicts) == 1 else f"{len(conflicts)} open conflicts"
        blocks.append(Paragraph(f"The conflict check found {found} in the rules to settle before signing:"))
        blocks.append(
            Table(
                ("Kind", "Where", "What to settle"),
                tuple((c.kind.replace("_", " "), c.stage or c.rule, c.message) for c in conflicts),
                widths=(1.3, 1.2, 4.5),
            )
        )
    else:
        blocks.append(Paragraph("The conflict check found no open conflicts between the rules and definitions."))
    items = open_items(plan, results)
    if items:
        count = "1 open item" if len(items) == 1 else f"{len(items)} open items"
        blocks.append(
            Paragraph(
                f"The plan's own numbers leave {count} to agree: the commitments as written cannot all hold. "
                "Each needs one of the settlements listed before signing:"
            )
        )
        blocks.append(
            Table(
                ("Open item", "What the numbers say", "What would settle it"),
                tuple((i.topic, i.finding, i.settle) for i in items),
                widths=(1.3, 3.0, 2.7),
            )
        )
    elif results.simulation is not None:
        blocks.append(
            Paragraph(
                "The team staffed carries the commitments with the target chance, and marketing's commitment "
                "matches the plan and the revenue goal: no open items."
            )
        )
    else:
        blocks.append(
            Paragraph(
                "Marketing's commitment matches the plan and the revenue goal; the team's capacity is not simulated, "
                "so whether it carries the commitments is not checked.",
                note=True,
            )
        )
    return blocks


def _capacity(plan: Plan, results: PlanResults) -> list[Block]:
    f = results.funnel
    k = plan.sql_stage_index
    if k is None:
        return [Heading(1, "Capacity"), _missing(no_sql_stage(plan))]
    sim = results.simulation
    blocks: list[Block] = [Heading(1, "Capacity"), Heading(2, "Assumptions")]
    peak = max(f.forward[k], default=0.0)
    n = max(1, len(f.months))
    facts = [
        f"{plan.stages[k]}s to work: {fmt_count(sum(f.forward[k]) / n)} a month on average, "
        f"{fmt_count(peak)} in the busiest month.",
        f"Sales cycle: {plan.terms.sales_cycle_days:g} days ({_months(f.lag_months)}); "
        f"average deal size {fmt_money(plan.terms.average_deal_size, plan.currency)}.",
    ]
    blocks.append(BulletList(tuple(facts)))
    roles = plan.team.roles
    if not roles:
        blocks.append(_missing("a sales team (roles, headcount, calendars)"))
    else:
        blocks.append(
            Table(
                ("Role", "Headcount", "Ramp", "Shrinkage", "Max occupancy", "Calendar"),
                tuple(_role_row(r) for r in roles),
                numeric=(False, True, True, True, True, False),
                widths=(1.6, 1.1, 0.7, 1.1, 1.1, 2.2),
            )
        )
    blocks.append(Heading(2, "Results"))
    if sim is None:
        if plan.team.roles:  # a team, but the simulation did not run: say why, once
            blocks.append(Paragraph(results.simulation_note, note=True))
        else:
            blocks.append(
                Paragraph(
                    f"{MISSING_PREFIX} capacity results yet (headcount, utilisation, risks): they need a sales team.",
                    note=True,
                )
            )
    else:
        blocks += _capacity_results(sim)
    blocks.append(Heading(2, "Charts"))
    blocks.append(
        Figure.of(workload_chart(plan, f), f"{plan.stages[k]}s arriving per month: the workload sales must absorb")
    )
    if sim is not None and sim.roles:
        blocks.append(Figure.of(utilisation_chart(sim), "Utilisation per role and month (mean of the simulated runs)"))
    if sim is not None and (sim.headcount.points or any(c.points for _name, c in sim.headcount_by_team)):
        each = " of each team (on its own leads)" if sim.headcount_by_team else ""
        blocks.append(
            Figure.of(
                headcount_chart(sim),
                f"Probability that every first-touch promise and follow-up cadence is kept, by {sim.headcount.role} "
                f"headcount{each}",
            )
        )
    return blocks


def _role_row(role: Role) -> tuple[str, ...]:
    heads = tuple(role.headcount)
    headcount = f"{heads[0]}" if len(set(heads)) == 1 else f"{heads[0]} to {heads[-1]}"
    cal = role.calendar
    hours = cal.describe_hours(_clock) or "no hours"
    return (
        f"{role.name or role.kind} ({role.kind})",
        headcount,
        f"{role.ramp_months} mo",
        fmt_pct(role.shrinkage),
        fmt_pct(role.max_occupancy),
        f"{hours}, {cal.time_zone}; {count_text(len(cal.holidays), 'holiday') if cal.holidays else 'no holidays'}",
    )


def _clock(hour: float) -> str:
    return f"{int(hour):02d}:{round((hour % 1) * 60):02d}"


def _and(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _weeks_text(sim: SimulationResult) -> str:
    """The weeks above the maximum occupancy, in one sentence ("" when there are none); with several
    SDR teams, each team's count, as the risks list them."""
    n_weeks = len(sim.sdr_utilisation_by_week)
    by_team = sim.busy_weeks  # as the risks list them
    if not by_team:  # a month's average can stay under the maximum while single weeks go over it
        return ""
    if len(by_team) > 1 or len([r for r in sim.roles if r.kind == "SDR"]) > 1:
        limits = {limit for _, _, limit in by_team}
        one_limit = f" ({fmt_pct(limits.pop())})" if len(limits) == 1 else ""
        counts = [
            f"{count} for {name}" + ("" if one_limit else f" (maximum {fmt_pct(limit)})")
            for name, count, limit in by_team
        ]
        counts[0] = counts[0].replace(" for ", f" of the plan's {n_weeks} weeks for ", 1)
        return (
            f"Week by week the SDR teams are above their maximum occupancy{one_limit} in {_and(counts)}, "
            "listed under the risks below."
        )
    _name, busy, limit = by_team[0]
    return (
        f"Week by week the SDRs are above their maximum occupancy ({fmt_pct(limit)}) in {busy} of the plan's "
        f"{n_weeks} weeks, listed under the risks below."
    )


def _capacity_results(sim: SimulationResult) -> list[Block]:
    rows = []
    for r in sim.roles:
        n = max(1, len(r.utilisation))
        peak = max(range(len(r.utilisation)), key=lambda m: r.utilisation[m]) if r.utilisation else 0
        over = sum(1 for p in r.p_over_max if p > 0.5)
        rows.append(
            (
                r.role,
                f"{r.headcount[0]}" if len(set(r.headcount)) == 1 else f"{r.headcount[0]} to {r.headcount[-1]}",
                fmt_pct(sum(r.utilisation) / n),
                f"{fmt_pct(r.utilisation[peak])} ({month_label(sim.months[peak])})" if r.utilisation else "",
                f"{over} of {n}",
            )
        )
    blocks: list[Block] = [
        Table(
            ("Role", "Headcount", "Mean utilisation", "Busiest month", "Months likely over maximum"),
            tuple(rows),
            numeric=(False, True, True, True, True),
            widths=(1.8, 1.0, 1.1, 1.5, 1.3),
        )
    ]
    weeks = _weeks_text(sim)
    if weeks:
        blocks.append(Paragraph(weeks))
    needed = []
    hc = sim.headcount
    if hc.headcount_needed is not None:
        needed.append(
            f"{hc.role}s needed for a {fmt_pct(hc.target_probability)} chance of keeping every first-touch "
            f"promise and follow-up cadence: {hc.headcount_needed}."
        )
    elif hc.stopped:
        needed.append(f"No {hc.role} headcount found: {hc.stopped}.")
    elif hc.points:
        needed.append(
            f"No {hc.role} headcount up to {hc.most_tried} reaches a {fmt_pct(hc.target_probability)} chance "
            "of keeping every first-touch promise and follow-up cadence."
        )
    if sim.ae_needed:
        needed.append(
            "Account executives needed to carry the open opportunities of a busy month (90th percentile): "
            f"{sim.ae_needed}."
        )
    if sim.bottleneck_detail:
        needed.append(f"Bottleneck: {sim.bottleneck_detail}.")
    if needed:
        blocks.append(BulletList(tuple(needed)))
    if sim.warnings:
        blocks.append(Paragraph("Risks the simulation found:"))
        blocks.append(BulletList(tuple(sim.warnings)))
    return blocks


def _forum(g: Governance, frequency: str) -> str:
    """``weekly, in the Working review``: how often, and the review meeting of that frequency."""
    for m in g.reviews:
        if m.frequency == frequency:
            return f"{frequency_label(frequency).capitalize()}, in the {m.name}"
    return frequency_label(frequency).capitalize()


def _measurement(plan: Plan, results: PlanResults) -> list[Block]:
    title = "Measurement and closed-loop reporting"
    k = plan.sql_stage_index
    if k is None:
        return [Heading(1, title), _missing(no_sql_stage(plan))]
    sql = plan.stages[k]
    g = plan.governance
    f = results.funnel
    sim = results.simulation
    blocks: list[Block] = [Heading(1, title)]
    blocks.append(
        Paragraph(
            "Both sides measure the agreement against actuals from the CRM. Each measure has an owner who reports "
            "it, a source it is read from, a frequency and the threshold that counts as met. A measure missed "
            f"{g.escalate_after_misses} periods in a row goes up the escalation ladder (under governance, below)."
        )
    )
    weekly, monthly, quarterly = _forum(g, "weekly"), _forum(g, "monthly"), _forum(g, "quarterly")
    crm = "CRM lead report"
    review = "the Review in SLA Planner (CRM lead export)"
    committed = {c.segment: c.sqls_per_month for c in plan.commitments.marketing}
    if committed:
        target = ", ".join(f"{s}: at least {fmt_count(v)}" for s, v in committed.items()) + " every month"
    else:
        target = f"at least {fmt_count(sum(f.required[k]) / max(1, len(f.months)))} in an average month (required)"
    rows: list[tuple[str, str, str, str, str]] = [
        (f"{sql}s delivered per segment, by the date they became {sql}", "Marketing operations", review, monthly,
         target),
        (f"Acceptance rate: share of {sql}s delivered that sales accepts", "SDR manager", crm, weekly,
         f"at least {fmt_pct(g.acceptance_rate_floor)}"),
        (f"Rejected {sql}s with a rejection code", "SDR manager", crm, weekly, "every rejection coded"),
        (f"{plan.definitions.mql_stage} to {sql}: share of {plan.definitions.mql_stage}s that become {sql}s",
         "Marketing operations", crm, monthly, f"at least {fmt_pct(g.mql_to_sql_floor)}"),
        ("Data completeness: share of leads delivered with every required field", "Marketing operations", crm,
         monthly, f"at least {fmt_pct(g.data_completeness)}"),
    ]  # fmt: skip
    for r in plan.commitments.response:
        rows.append(
            (f"First touch, {r.tier}: share of leads touched in time (median and 90th percentile)", "SDR manager",
             review, weekly, f"{fmt_pct(r.target_share)} within {fmt_duration_minutes(r.first_touch_minutes)}")
        )  # fmt: skip
        rows.append(
            (f"Follow-up depth, {r.tier}: attempts per lead", "SDR manager", "CRM activity report", weekly,
             f"{count_text(r.touches, 'attempt')} within {days_text(r.touch_days)} of arrival")
        )  # fmt: skip
        rows.append(
            (f"Acceptance window, {r.tier}: share of leads accepted or rejected in time", "SDR manager", crm,
             weekly, f"within {r.accept_within_hours:g} hours")
        )  # fmt: skip
    if not plan.commitments.response:
        rows.append(("First touch time (median and 90th percentile)", "SDR manager", review, weekly, "to be agreed"))
    for role in plan.team.roles:
        if role.kind == "SDR":
            needed = sim.needed_for(role.name, role.kind) if sim is not None else None
            threshold = f"utilisation below {fmt_pct(role.max_occupancy)}"
            if needed is not None:
                threshold += f"; at least {needed} staffed"
            rows.append((f"Capacity: {role.name} utilisation and headcount staffed", "VP Sales",
                         "the Simulation in SLA Planner, with the team's calendar", monthly, threshold))  # fmt: skip
        else:
            threshold = f"at most {role.max_open_opportunities} open opportunities per AE"
            if sim is not None and sim.ae_needed:
                threshold += f"; at least {sim.ae_needed} staffed"
            rows.append((f"Capacity: open opportunities per AE ({role.name})", "VP Sales", "CRM opportunity report",
                         monthly, threshold))  # fmt: skip
    rows.append(
        ("Pipeline and marketing-sourced revenue against plan", "VP Sales and VP Marketing",
         "CRM opportunity report", quarterly,
         f"{fmt_money(sum(f.revenue_required), plan.currency)} over the period")
    )  # fmt: skip
    blocks.append(
        Table(
            ("Measure", "Owner", "Source", "How often", "Threshold"),
            tuple(rows),
            widths=(2.6, 1.1, 1.5, 1.2, 1.6),
        )
    )
    blocks.append(
        Paragraph(
            "The Review in SLA Planner reads the CRM lead export against this agreement and shows, commitment by "
            "commitment and month by month, whether it was kept (the review dashboard, described in the guide's "
            "review chapter, docs/review.md); its scorecard is the report the monthly review reads."
        )
    )
    return blocks


def _governance(plan: Plan, results: PlanResults) -> list[Block]:
    """Term and governance: term, review cadence, escalation ladder, remedies, disputes, amendments."""
    g = plan.governance
    start = g.effective_from(plan.start_month, plan.start_day)
    end = _months_after(start, g.term_months) - timedelta(days=1)
    blocks: list[Block] = [Heading(1, "Term and governance"), Heading(2, "Term")]
    blocks.append(
        Paragraph(
            f"This agreement takes effect on {fmt_date(start)} and runs for {_months(g.term_months)}, to "
            f"{fmt_date(end)}, unless a new version signed by both sides replaces it earlier."
        )
    )
    blocks.append(Heading(2, "Review cadence"))
    if g.reviews:
        blocks.append(Paragraph("The agreement is reviewed in these meetings:"))
        blocks.append(
            Table(
                ("Meeting", "How often", "Who attends", "Purpose"),
                tuple((m.name, frequency_label(m.frequency), m.attendees, m.purpose) for m in g.reviews),
                widths=(1.5, 1.1, 1.8, 3.2),
            )
        )
    else:
        blocks.append(_missing("review meetings"))
    blocks.append(Heading(2, "Escalation ladder"))
    if g.escalation:
        blocks.append(
            Paragraph(
                "A missed commitment, a lead past its clock or a disputed lead goes up the ladder: each level has "
                "the time shown, counted in the sales team's business hours, to settle it before the next level "
                "takes it:"
            )
        )
        blocks.append(
            Table(
                ("Level", "Who", "Settles it within"),
                tuple(
                    (str(i), level.who, business_hours_text(level.within_business_hours))
                    for i, level in enumerate(g.escalation, start=1)
                ),
                numeric=(True, False, False),
                widths=(0.6, 3.0, 1.8),
            )
        )
    else:
        blocks.append(_missing("an escalation ladder"))
    first = g.escalation[0].who if g.escalation else "both leaders"
    blocks.append(Heading(2, "Remedies when a commitment is missed"))
    blocks.append(
        BulletList(
            (
                f"Re-assigned: a lead nobody has touched {business_hours_text(g.reassign_after_hours)} after it was "
                f"assigned goes to the backup owner ({g.backup_owner}).",
                f"Recycled: {_recycling(plan)}, with its rejection or recycle reason.",
                f"Escalated: a commitment missed {g.escalate_after_misses} review periods in a row goes to {first}, "
                "then up the ladder, with a plan to recover it (hire, change the target or change the commitment).",
            )
        )
    )
    blocks.append(Heading(2, "Disputed rejections"))
    blocks.append(
        Paragraph(
            "Marketing may dispute a lead sales rejected, in the next working review. "
            f"{g.dispute_reviewer} review the lead against the agreed definitions and decide within "
            f"{g.dispute_within_days:g} business days; a lead they find qualified counts as accepted. "
            "A dispute they cannot settle goes up the escalation ladder."
        )
    )
    blocks.append(Heading(2, "Amendments"))
    blocks.append(Paragraph(g.amendment))
    return blocks


def _recycling(plan: Plan) -> str:
    """When a lead sales does not work goes back to marketing, from the rules of engagement (its one home)."""
    stages = [(r.stage, r.recycle_after_days) for r in plan.engagement.stages if r.recycle_after_days]
    if not stages:
        return "when a lead sales does not work goes back to marketing's nurture is not set in the rules of engagement"
    after = ", ".join(f"{days:g} days as {stage}" for stage, days in stages)
    return (
        f"a lead without a sales contact goes back to marketing's nurture after {after}, as the rules of engagement say"
    )


def _months_after(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month where it has fewer days)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31,
            30, 31][month - 1]  # fmt: skip
    return date(year, month, min(day.day, days))


_SIDE_ROLES = {"marketing": ("Marketing", "Marketing leader"), "sales": ("Sales", "Sales leader")}


def _version_section(facts: AgreementFacts) -> list[Block]:
    saved = f" on {fmt_date(facts.saved_on)}" if facts.saved_on else ""
    by = f" by {facts.author}" if facts.author else ""
    opening = (
        f"This document sets out the proposal {facts.proposal}, version {facts.version} of the agreement "
        f"{facts.agreement}, saved{saved}{by}."
    )
    if facts.unsaved:
        opening = (
            f"This document sets out the proposal {facts.proposal} as edited after version {facts.version} of the "
            f"agreement {facts.agreement}: the changes are not saved as a version yet, so it cannot be signed as it is."
        )
    lines = [f"Status: {_status(facts)}.", f"Fingerprint: {facts.short_fingerprint} (the full one is in the sign-off)."]
    if not facts.intact and not facts.unsaved:
        lines.append(
            f"Version {facts.version} was changed after it was saved: its content no longer matches the fingerprint "
            "recorded then, so no signature on it counts."
        )
    for s in facts.sides:
        party, _role = _SIDE_ROLES[s.side]
        who = ", ".join(p for p in (s.name, s.title) if p) or "not named yet"
        if s.signed_on is not None:
            lines.append(f"{party}: signed by {who} on {fmt_date(s.signed_on)}.")
        else:
            lines.append(f"{party}: {who}; not signed yet.")
    blocks: list[Block] = [
        Heading(1, "Version and changes"),
        Paragraph(opening),
        BulletList(tuple(lines)),
        Heading(2, "Changes since the previous agreed version"),
    ]
    if facts.previous is None:
        if facts.is_agreed:
            blocks.append(Paragraph("This is the first agreed version: no earlier version was agreed."))
        elif facts.any_agreed:
            blocks.append(Paragraph("No agreed version was saved before this one: nothing earlier to compare."))
        else:
            blocks.append(Paragraph("No agreed version yet: there is nothing earlier to compare with."))
        return blocks
    name, number, agreed_on = facts.previous
    when = f", agreed on {fmt_date(agreed_on)}" if agreed_on else ""
    if not facts.changes:
        blocks.append(Paragraph(f"No changes since {name} version {number}{when}."))
        return blocks
    count = "1 change" if len(facts.changes) == 1 else f"{len(facts.changes)} changes"
    blocks.append(Paragraph(f"{count.capitalize()} since {name} version {number}{when}:"))
    blocks.append(BulletList(facts.changes))
    return blocks


def _status(facts: AgreementFacts) -> str:
    return facts.status_text


def _glossary() -> list[Block]:
    return [
        Heading(1, "Glossary"),
        Paragraph("The terms this agreement uses:"),
        Table(("Term", "Meaning"), GLOSSARY, widths=(1.4, 5.0)),
    ]


def _sign_off(plan: Plan, facts: AgreementFacts) -> list[Block]:
    people = tuple(
        Signatory(
            *_SIDE_ROLES[s.side],
            name=s.name,
            title=s.title,
            signed_on=fmt_date(s.signed_on) if s.signed_on is not None else "",
        )
        for s in facts.sides
    )
    return [
        Heading(1, "Sign-off"),
        Paragraph(
            f"By signing, both leaders agree to the commitments in this document for {_period(plan)}: the proposal "
            f"{facts.proposal}, version {facts.version}, whose content has the fingerprint below."
        ),
        SignOff(people, facts.fingerprint),
    ]


def build_document(
    plan: Plan,
    results: PlanResults,
    *,
    version: str = "",
    issued: date | None = None,
    context: ExportContext | None = None,
) -> SlaDocument:
    """The SLA document for ``plan``: title page, the sections of :data:`SECTION_TITLES`.

    ``context`` names the agreement, proposal and version the plan comes from (default: the
    plan on its own, as one proposal's version 1); ``version`` is an optional reference for
    the title page. A version that is not agreed makes a draft: every page says so.
    """
    facts = agreement_facts(context or ExportContext.of_plan(plan), plan)
    blocks: list[Block] = _summary(plan, results) + _version_section(facts)
    for part in (_definitions, _marketing, _sales, _routing, _engagement, _capacity, _measurement, _governance):
        blocks += part(plan, results)
    blocks += _glossary() + _sign_off(plan, facts)
    blocks = spell_out_first_use(_readable(b) for b in blocks)
    return SlaDocument(
        title=plan.name,
        title_page=title_page(plan, version, issued, facts),
        blocks=tuple(blocks),
        author=facts.author or "SLA Planner",
        draft=not facts.is_agreed,
        comments=f"{facts.proposal}, version {facts.version}; fingerprint {facts.fingerprint}; {_status(facts)}",
    )


def title_page(
    plan: Plan, version: str = "", issued: date | None = None, facts: AgreementFacts | None = None
) -> TitlePage:
    """The title page: the plan's name, the period, the parties, the proposal, version, status and
    fingerprint (with ``facts``), the reference (``version``, when given) and the date."""
    issued = issued or date.today()
    parties = "Marketing (the marketing leader) and Sales (the sales leader)"
    rows: list[tuple[str, str]] = [("Period", _period(plan))]
    if plan.period_note:
        rows.append(("Months", plan.period_note))
    if facts is not None:
        named = [
            f"{_SIDE_ROLES[s.side][0]} ({', '.join(p for p in (s.name, s.title) if p)})"
            if s.name
            else f"{_SIDE_ROLES[s.side][0]} (the {_SIDE_ROLES[s.side][1].lower()})"
            for s in facts.sides
        ]
        parties = " and ".join(named)
    rows.append(("Parties", parties))
    if facts is not None:
        saved = f", saved {fmt_date(facts.saved_on)}" if facts.saved_on and not facts.unsaved else ""
        number = f"{facts.version} with changes not saved yet" if facts.unsaved else f"{facts.version}{saved}"
        rows += [
            ("Proposal", facts.proposal),
            ("Version", number),
            ("Status", _status(facts)),
            ("Fingerprint", facts.short_fingerprint),
        ]
    if version.strip():
        rows.append(("Reference" if facts is not None else "Version", version.strip()))
    rows.append(("Date", fmt_date(issued)))
    return TitlePage(
        title=plan.name,
        subtitle=SUBTITLE + (" (draft)" if facts is not None and not facts.is_agreed else ""),
        facts=tuple(rows),
    )
