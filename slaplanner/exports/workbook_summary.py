"""The executive workbook's Summary: the SLA in ten seconds.

It opens with the agreement itself: marketing's SQLs per segment and month (committed, planned,
the chance each is met), each tier's response target and the chance it is met, the headcount
needed against staffed, and the revenue against the goal. Months that fall short are highlighted
by conditional formatting whose formulas compare the live cells, so the highlight follows the
model when someone changes the Assumptions.

Live where possible, labelled where not: the funnel figures and the rate-level table are formulas
over the Funnel and Assumptions; the simulation's figures are values, labelled with the day, runs,
seed, rate level and load they come from, and a check cell (``SimulationCheck``) compares the
Assumptions now in the workbook with a hidden copy of the ones simulated.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from slaplanner.engine.funnel import SCENARIOS
from slaplanner.engine.simulation import NO_SQLS_TEXT
from slaplanner.exports.context import AgreementFacts
from slaplanner.exports.workbook_style import (
    BASE_SIZE,
    COUNT,
    COUNT_SIGNED,
    FONT_NAME,
    MONTH,
    NOTE_FONT,
    THIN,
    TOTAL_FONT,
    _block,
    _first_day,
    _header,
    _money_format,
    _note,
    _title,
    put_text,
)
from slaplanner.exports.xlsx_values import CachedValues
from slaplanner.plan.commitments import ResponseCommitment
from slaplanner.plan.format import fmt_date, fmt_duration_minutes, fmt_pct
from slaplanner.plan.model import Plan
from slaplanner.results import LOAD_NAMES, MISSING_PREFIX, PlanResults

if TYPE_CHECKING:
    from slaplanner.engine.simulation import SimulationResult, TierResult
    from slaplanner.exports.workbook import _Layout

SHORT_FILL = PatternFill("solid", fgColor="F8CBAD")  # a month or figure short of what was agreed
BELOW_FILL = PatternFill("solid", fgColor="FFE699")  # the commitment is below what the goal needs
SHORT_FONT = Font(name=FONT_NAME, size=BASE_SIZE, bold=True, color="9C0006")
CHECK_BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
CHECK_BAD_FONT = Font(name=FONT_NAME, size=BASE_SIZE + 1, bold=True, color="9C0006")
CHECK_OK_FONT = Font(name=FONT_NAME, size=BASE_SIZE + 1, bold=True, color="2E7D32")

MATCHES = "Simulation matches the assumptions"
CHANGED = "Assumptions changed since the simulation: re-run in SLA Planner"
SIMULATED_SHEET = "Simulated inputs"
LABEL_WIDTH = 36
MONTH_WIDTH = 7.6

MONEY_K = '#,##0,"k"'  # revenue per month in thousands, so a month column stays narrow


def proposal_line(facts: AgreementFacts) -> str:
    """``Proposal Compromise, version 2 · Draft: ... · fingerprint 1a2b3c4d5e6f``."""
    return (
        f"Proposal {facts.proposal}, version {facts.version} · {facts.status_text} · "
        f"fingerprint {facts.short_fingerprint}"
    )


def simulation_basis(results: PlanResults, day: date) -> str:
    """``From the simulation on 12 March 2026 (2,000 runs, seed 1, likely rates, the planned SQLs ...)``."""
    sim = results.simulation
    if sim is None:
        return results.simulation_note
    return (
        f"From the simulation on {fmt_date(day)} ({sim.runs:,} runs, seed {sim.seed}, "
        f"{results.settings.scenario} rates, load: {LOAD_NAMES.get(sim.load, sim.load)}). Values: they do not "
        "recalculate."
    )


def add_simulated_inputs(wb: Workbook, cv: CachedValues) -> str:
    """A hidden copy of the Assumptions as they were simulated; returns the check formula.

    Inputs and labels are copied as values; the Assumptions' own formulas are copied as references
    to themselves, so only an edited input (or label) makes the two sheets differ.
    """
    live = wb["Assumptions"]
    copy = wb.create_sheet(SIMULATED_SHEET)
    copy.sheet_state = "hidden"
    for row in live.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            if cell.data_type == "f":
                ref = f"={quote_sheetname(live.title)}!{cell.coordinate}"
                cv.formula(copy, cell.row, cell.column, ref, cv.value_of(live, cell.coordinate))
            elif isinstance(cell.value, str):
                put_text(copy.cell(row=cell.row, column=cell.column), cell.value)
            else:
                copy.cell(row=cell.row, column=cell.column, value=cell.value)
    span = f"$A$1:${get_column_letter(max(live.max_column, 1))}${max(live.max_row, 1)}"
    differ = f"SUMPRODUCT(--({quote_sheetname(live.title)}!{span}<>{quote_sheetname(copy.title)}!{span}))"
    return f'=IF({differ}=0,"{MATCHES}","{CHANGED}")'


def flag_check(ws: Worksheet, coordinate: str) -> None:
    """Turn the check cell red when the assumptions no longer match the simulation."""
    ws.conditional_formatting.add(
        coordinate,
        FormulaRule(formula=[f'{coordinate.replace("$", "")}="{CHANGED}"'], fill=CHECK_BAD_FILL, font=CHECK_BAD_FONT),
    )


@dataclass
class _Rows:
    """Writes the Summary's month table rows: a label in A, a value or formula per month, a period total."""

    ws: Worksheet
    cv: CachedValues
    n: int
    total_col: int

    def col(self, m: int) -> str:
        return str(get_column_letter(2 + m))

    def values(self, row: int, label: str, values: Sequence[float], fmt: str, total: str = "sum") -> None:
        put_text(self.ws.cell(row=row, column=1), label)
        for m, value in enumerate(values):
            self.ws.cell(row=row, column=2 + m, value=value).number_format = fmt
        self._total(row, values, fmt, total)

    def formulas(
        self, row: int, label: str, formula: Callable[[int, str], str], values: Sequence[float], fmt: str,
        total: str = "sum",
    ) -> None:  # fmt: skip
        put_text(self.ws.cell(row=row, column=1), label)
        for m, value in enumerate(values):
            self.cv.formula(self.ws, row, 2 + m, formula(m, self.col(m)), value).number_format = fmt
        self._total(row, values, fmt, total)

    def _total(self, row: int, values: Sequence[float], fmt: str, total: str) -> None:
        a, b = self.col(0), self.col(self.n - 1)
        if total == "sum":
            formula, value = f"=SUM({a}{row}:{b}{row})", sum(values)
        elif total == "average":
            formula, value = f"=AVERAGE({a}{row}:{b}{row})", sum(values) / len(values) if values else 0.0
        else:
            return
        cell = self.cv.formula(self.ws, row, self.total_col, formula, value)
        cell.number_format = fmt
        cell.font = TOTAL_FONT

    def highlight(self, row: int, condition: str, fill: PatternFill = SHORT_FILL, total: bool = True) -> None:
        """Highlight the months of ``row`` where ``condition`` holds (``{c}`` is the month's column)."""
        last = self.total_col if total else 1 + self.n
        rng = f"B{row}:{get_column_letter(last)}{row}"
        self.ws.conditional_formatting.add(
            rng, FormulaRule(formula=[condition.format(c="B")], fill=fill, font=SHORT_FONT)
        )


def add_summary(
    wb: Workbook,
    plan: Plan,
    results: PlanResults,
    lay: _Layout,
    cv: CachedValues,
    *,
    facts: AgreementFacts | None,
    day: date,
) -> Worksheet:
    """The Summary sheet (first in the workbook)."""
    ws = wb.create_sheet("Summary", 0)
    k = plan.sql_stage_index
    assert k is not None  # build_workbook refuses a plan without one first
    sql = plan.stages[k]
    last = len(plan.stages) - 1
    funnel = results.funnel
    sim = results.simulation
    money = _money_format(plan.currency)
    n = lay.n_months
    total_col = 2 + n
    rows = _Rows(ws, cv, n, total_col)
    target_p = sim.headcount.target_probability if sim is not None else 0.0

    _title(ws, plan.name, "The SLA at a glance. Funnel figures are live formulas over the Assumptions; "
                          "simulated figures are values (see the line below).")  # fmt: skip
    cv.formula(ws, 3, 1, '="Rates: "&Scenario', f"Rates: {funnel.scenario}").font = NOTE_FONT
    if facts is not None:
        put_text(ws["B3"], proposal_line(facts))
        ws["B3"].font = Font(name=FONT_NAME, size=BASE_SIZE + 1, bold=True, color="1F5A96")
    # Row 4: where the simulated figures come from, and whether the assumptions still match them.
    _note(ws, 5, simulation_basis(results, day))
    if sim is not None:
        check = add_simulated_inputs(wb, cv)
        cell = cv.formula(ws, 4, 1, check, MATCHES)
        cell.font = CHECK_OK_FONT
        flag_check(ws, "A4")
        wb.defined_names["SimulationCheck"] = _defined(ws, "A4")
    else:
        put_text(ws["A4"], "No simulation in this workbook: the chances and headcount needed are not shown.")
        ws["A4"].font = CHECK_BAD_FONT

    month_header = ("", *[""] * n, "Period")

    def months_header(row: int, label: str) -> None:
        _header(ws, row, (label, *month_header[1:]))
        for m, col in enumerate(lay.month_cols):
            source = f"=Funnel!{get_column_letter(col)}${lay.header_row}"
            cell = cv.formula(ws, row, 2 + m, source, _first_day(funnel.months[m]))
            cell.number_format = "mmm yy"

    # 1. Marketing's commitment per segment and month.
    row = 7
    _block(ws, row, f"Marketing's commitment: {sql}s (sales-qualified leads) a month, by segment")
    row += 1
    header_row = row
    months_header(row, "Segment")
    p_by_segment = dict(sim.sql_p_met_by_segment) if sim is not None else {}
    committed_rows: list[int] = []
    for c in plan.commitments.marketing:
        sources = [i for i, s in enumerate(plan.sources) if s.segment.casefold() == c.segment.casefold()]
        row += 1
        committed_rows.append(row)
        rows.values(row, f"{c.segment}: committed", [c.sqls_per_month] * n, COUNT)
        row += 1
        planned = [sum(funnel.by_source[i].counts[k][m] for i in sources) for m in range(n)]
        refs = [lay.source_rows[(i + 1, k)] for i in sources]
        rows.formulas(row, f"{c.segment}: planned (live)", partial(_segment_sum, lay, refs), planned, COUNT)
        rows.highlight(row, f"{{c}}{row}<{{c}}{row - 1}")
        if c.segment in p_by_segment:
            row += 1
            rows.values(row, f"{c.segment}: chance met (simulated)", p_by_segment[c.segment], "0%", "none")
            rows.highlight(row, f"{{c}}{row}<{target_p}", total=False)
    if not plan.commitments.marketing:
        row += 1
        _note(ws, row, f"{MISSING_PREFIX} marketing's SQL commitment yet.")
    row += 1
    all_committed = row
    committed = [sum(c.sqls_per_month for c in plan.commitments.marketing)] * n
    if committed_rows:
        rows.formulas(
            row, "All segments: committed", lambda m, col: "=" + "+".join(f"{col}{r}" for r in committed_rows),
            committed, COUNT,
        )  # fmt: skip
    else:
        rows.values(row, "All segments: committed", committed, COUNT)
    row += 1
    sql_row = lay.planned[k]
    rows.formulas(
        row, "All segments: planned (live)", lambda m, col: f"=Funnel!{_c(lay, m)}{sql_row}", funnel.forward[k], COUNT
    )
    rows.highlight(row, f"{{c}}{row}<{{c}}{all_committed}")
    planned_row = row
    row += 1
    rows.formulas(
        row, "All segments: needed for the goal (live)",
        lambda m, col: f"=Funnel!{_c(lay, m)}{lay.required[k]}", funnel.required[k], COUNT,
    )  # fmt: skip
    rows.highlight(row, f"{{c}}{row}>{{c}}{all_committed}+0.5", BELOW_FILL)
    required_row = row
    if sim is not None:
        row += 1
        rows.values(row, "All segments: chance met (simulated)", sim.sql_p_met, "0%", "none")
        rows.highlight(row, f"{{c}}{row}<{target_p}", total=False)
    row += 1
    _note(
        ws, row, f"Red: planned below committed, or a chance below {fmt_pct(target_p)}. Yellow: the goal needs more "
        f"{sql}s than committed.",
    )  # fmt: skip

    # 2. Sales' response commitments: each tier's two promises, first touch and follow-up cadence.
    row += 2
    _block(ws, row, "Sales' commitments per tier: first touch and follow-up cadence, and the chance each is met "
                    "(simulated)")  # fmt: skip
    row += 1
    tier_header = row
    _tier_header(ws, row)
    by_tier = {t.tier: t for t in sim.response} if sim is not None else {}
    for r in plan.commitments.response:
        row += 1
        _tier_row(ws, row, r, by_tier.get(r.tier), target_p)
    if not plan.commitments.response:
        row += 1
        _note(ws, row, f"{MISSING_PREFIX} response commitments yet.")
    else:
        row += 1
        _note(
            ws, row, "Cadence: every touch, the first included, within the days from the lead's arrival, for the "
            f"tier's share of leads. Red: a chance below {fmt_pct(target_p)}.",
        )  # fmt: skip

    if sim is not None and sim.patience_hours > 0:
        row = _patience_rows(ws, row + 1, sim, sql, money)

    # 3. Headcount needed against staffed.
    row += 2
    _block(ws, row, f"Headcount: needed (simulated, for a {fmt_pct(target_p)} chance) against staffed")
    row += 1
    _header(ws, row, ("Role (staffed: fewest and most in a month)", "Needed", "Fewest", "Most", "Short by"))
    not_reached: dict[int, None] = {}  # the most people tried, per role no headcount got to the chance
    not_found: dict[str, None] = {}  # why a search stopped short, per role it did
    for role in plan.team.roles:
        row += 1
        staffed = [role.headcount_in(m) for m in range(n)]
        put_text(ws.cell(row=row, column=1), role.name or role.kind)
        need = sim.needed_for(role.name, role.kind) if sim is not None else None
        ws.cell(row=row, column=3, value=min(staffed)).number_format = "0"
        ws.cell(row=row, column=4, value=max(staffed)).number_format = "0"
        stopped = sim.curve_for(role.name).stopped if sim is not None and role.kind != "AE" else ""
        if need is None and stopped:  # the search stopped short: no figure, the reason in a note below
            put_text(ws.cell(row=row, column=2), "not found")
            ws.cell(row=row, column=2).font, ws.cell(row=row, column=2).fill = SHORT_FONT, SHORT_FILL
            not_found[stopped] = None
        elif need is None and sim is not None:
            # No headcount tried reaches the chance: "> N", N the most tried, short by more than N less
            # the fewest staffed (red); the note below the table says what it means.
            most = sim.curve_for(role.name).most_tried if role.kind != "AE" else 0
            cells = {2: f"> {most}", 5: f"> {max(0, most - min(staffed))}"} if most else {2: "none"}
            for col, text in cells.items():
                cell = ws.cell(row=row, column=col)
                put_text(cell, text)
                cell.fill, cell.font, cell.alignment = SHORT_FILL, SHORT_FONT, Alignment(horizontal="right")
            if most:
                not_reached[most] = None
        elif need is not None:
            ws.cell(row=row, column=2, value=need).number_format = "0"
            cv.formula(ws, row, 5, f"=MAX(0,B{row}-C{row})", max(0, need - min(staffed))).number_format = "0"
            ws.conditional_formatting.add(
                f"B{row}:E{row}", FormulaRule(formula=[f"$E{row}>0"], fill=SHORT_FILL, font=SHORT_FONT)
            )
    for most in not_reached:  # one note for each "> N" shown (several SDR teams may have tried up to different N)
        row += 1
        _note(ws, row, f"> {most}: no headcount up to {most} (the most tried) reaches a "
                       f"{fmt_pct(target_p)} chance: more people alone do not keep the promises.")  # fmt: skip
    for why in not_found:
        row += 1
        _note(ws, row, f"not found: {why}.")
    if not plan.team.roles:
        row += 1
        _note(ws, row, f"{MISSING_PREFIX} a sales team yet.")
    elif sim is not None and sim.bottleneck_detail:
        row += 1
        _note(ws, row, f"Bottleneck: {sim.bottleneck_detail}")

    # 4. Revenue against the goal, by month (live), on the second page with the totals and charts.
    row += 2
    ws.row_breaks.append(Break(id=row - 1))
    _block(ws, row, f"Revenue against the goal (marketing-sourced, in thousands of {plan.currency}; live)")
    row += 1
    revenue_header = row
    months_header(row, "Revenue")
    row += 1
    rev_planned = row
    rows.formulas(row, "Planned", lambda m, col: f"=Funnel!{_c(lay, m)}{lay.revenue_planned}",
                  funnel.revenue_planned, MONEY_K)  # fmt: skip
    rows.highlight(row, f"{{c}}{row}<{{c}}{row + 1}-0.5")
    row += 1
    goal = lay.revenue_required
    rows.formulas(row, "Goal (marketing's share of the target)", lambda m, col: f"=Funnel!{_c(lay, m)}{goal}",
                  funnel.revenue_required, MONEY_K)  # fmt: skip
    row += 1
    gap = [p - r for p, r in zip(funnel.revenue_planned, funnel.revenue_required)]
    rows.formulas(row, "Gap", lambda m, col: f"={col}{rev_planned}-{col}{rev_planned + 1}", gap,
                  '+#,##0,"k";-#,##0,"k";0')  # fmt: skip
    rows.highlight(row, f"{{c}}{row}<-0.5")

    # 5. Totals over the period (live).
    row += 2
    _block(ws, row, "Totals over the period (live)")
    row += 1
    _header(ws, row, ("Measure", "Value"))
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    totals = (
        (f"{sql}s planned", "=TotalSQLsPlanned", sum(funnel.forward[k]), COUNT),
        (f"{sql}s required", "=TotalSQLsRequired", sum(funnel.required[k]), COUNT),
        (f"{sql} gap", "=TotalSQLsPlanned-TotalSQLsRequired", sum(funnel.gap[k]), COUNT_SIGNED),
        ("Wins planned", "=TotalWinsPlanned", sum(funnel.forward[last]), COUNT),
        ("Wins required", "=TotalWinsRequired", sum(funnel.required[last]), COUNT),
        ("Revenue planned (marketing-sourced)", "=RevenuePlanned", sum(funnel.revenue_planned), money),
        ("Revenue required", "=RevenueRequired", sum(funnel.revenue_required), money),
        ("Revenue gap", "=RevenuePlanned-RevenueRequired", sum(gap), f"+{money};-{money};0"),
        ("Leads needed for the goal", "=TotalLeadsRequired", sum(funnel.required[0]), COUNT),
    )
    for label, formula, value, fmt in totals:
        row += 1
        put_text(ws.cell(row=row, column=1), label)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        cell = cv.formula(ws, row, 2, formula, value)
        cell.number_format = fmt
        cell.font = TOTAL_FONT
        ws.cell(row=row, column=1).border = cell.border = THIN
        if "gap" in label:
            ws.conditional_formatting.add(
                f"B{row}", FormulaRule(formula=[f"B{row}<-0.5"], fill=SHORT_FILL, font=SHORT_FONT)
            )

    # 6. The rate levels (live: formulas over the low, likely and high columns of the Assumptions).
    row += 2
    _block(ws, row, "Rate levels (live: each row uses that column of the conversion rates)")
    row += 1
    level_header = row
    _header(ws, row, ("Rates", f"{sql}s planned", "", f"{sql}s required", "", "Revenue planned", "",
                      "Revenue required"))  # fmt: skip
    for a, b in ((2, 3), (4, 5), (6, 7), (8, 9)):
        ws.merge_cells(start_row=row, start_column=a, end_row=row, end_column=b)
    scenarios = results.scenarios or {funnel.scenario: funnel}
    for level in SCENARIOS:
        s = scenarios.get(level)
        if s is None or level not in lay.levels:
            continue
        row += 1
        put_text(ws.cell(row=row, column=1), level)
        at = lay.levels[level]
        for col, formula, value, fmt in (
            (2, f"=Funnel!{get_column_letter(lay.level_sql_col)}{at}", sum(s.forward[k]), COUNT),
            (4, f"=Funnel!{get_column_letter(lay.level_required_col)}{at}", sum(s.required[k]), COUNT),
            (6, f"=Funnel!{get_column_letter(lay.level_wins_col)}{at}*DealSize", sum(s.revenue_planned), money),
            (8, "=RevenueRequired", sum(s.revenue_required), money),
        ):
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 1)
            cv.formula(ws, row, col, formula, value).number_format = fmt
        ws.conditional_formatting.add(
            f"A{row}:I{row}",
            FormulaRule(formula=[f"$A{row}=Scenario"], font=Font(name=FONT_NAME, size=BASE_SIZE, bold=True)),
        )

    # Charts: drawn from the rows above (live), months as categories; a page of their own. They start
    # a row below the break: a chart whose top edge lies on the break is printed on both pages (its
    # frame's edge at the foot of the page before).
    row += 2
    ws.row_breaks.append(Break(id=row - 1))
    row += 1
    bars = BarChart()
    bars.type = "col"
    bars.y_axis.title = f"{sql}s"
    _chart(bars, f"{sql}s per month: committed, planned and required", ws, header_row,
           (all_committed, planned_row, required_row), n)  # fmt: skip
    ws.add_chart(bars, f"A{row}")
    lines = _chart(LineChart(), f"Marketing-sourced revenue per month ({plan.currency})", ws, revenue_header,
                   (rev_planned, rev_planned + 1), n)  # fmt: skip
    for series in lines.series:
        series.smooth = False  # straight lines between the months
    ws.add_chart(lines, f"{get_column_letter(2 + n // 2 + 1)}{row}")

    ws.column_dimensions["A"].width = LABEL_WIDTH
    for col in range(2, max(total_col, TIER_TABLE[-1][2]) + 1):  # the tier table too, when the months are few
        ws.column_dimensions[get_column_letter(col)].width = MONTH_WIDTH
    ws.column_dimensions[get_column_letter(total_col)].width = 9
    for at in (header_row, revenue_header, tier_header, level_header):
        ws.row_dimensions[at].height = 30
    ws.freeze_panes = "B6"
    ws.print_title_rows = "1:3"
    ws.print_title_cols = "A:A"
    return ws


FIRST_TOUCH_MET = "Chance first touch met"
CADENCE_MET = "Chance cadence met"
#: The Summary's tier table: (header, first column, last column). The chances and the cadence's
#: touches span two month columns each, so their headers wrap onto two lines, not five.
TIER_TABLE = (
    ("Tier: first touch within", 1, 1),
    ("Minutes", 2, 2),
    ("Clock", 3, 3),
    ("Share of leads", 4, 4),
    (FIRST_TOUCH_MET, 5, 6),
    ("Median (min)", 7, 7),
    ("P95 (min)", 8, 8),
    ("Cadence: touches", 9, 10),
    ("In days", 11, 11),
    (CADENCE_MET, 12, 13),
    ("Accept (h)", 14, 14),
)


def _tier_header(ws: Worksheet, row: int) -> None:
    for label, first, last in TIER_TABLE:
        _header(ws, row, (label, *[""] * (last - first)), first_col=first)
        if last > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _tier_row(ws: Worksheet, row: int, r: ResponseCommitment, t: TierResult | None, target_p: float) -> None:
    """One tier: its promises as agreed and, when simulated, the chance each is met (red below ``target_p``).

    A tier without a cadence (no touches) says so; its days and cadence chance stay empty. A tier
    none of whose SQLs arrived says so in its chances (:data:`NO_SQLS_TEXT`); its waits stay empty."""
    cadence = r.touches > 0
    sims = t is not None and t.has_sqls  # else neither met nor missed: said in words, not as 100 %
    days_format = "0" if float(r.touch_days).is_integer() else "0.0"
    values: tuple[tuple[Any, str], ...] = (
        (r.tier, "@"),
        (r.first_touch_minutes, "#,##0"),
        (r.clock, "@"),
        (r.target_share, "0%"),
        (t.p_met if t and sims else NO_SQLS_TEXT if t else None, "0%"),
        (t.median_minutes if t and sims else None, "#,##0.0"),
        (t.p95_minutes if t and sims else None, "#,##0.0"),
        (r.touches if cadence else "none", "0"),
        (r.touch_days if cadence else None, days_format),
        (t.p_touches_met if t and sims and cadence else NO_SQLS_TEXT if t and cadence else None, "0%"),
        (r.accept_within_hours, "#,##0"),
    )
    for (label, first, last), (value, fmt) in zip(TIER_TABLE, values):
        cell = ws.cell(row=row, column=first)
        if isinstance(value, str):
            put_text(cell, value)
            cell.alignment = Alignment(horizontal="center") if first > 1 else Alignment()
        elif value is not None:
            cell.value = value
            cell.number_format = fmt
        if last > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        if label in (FIRST_TOUCH_MET, CADENCE_MET):
            at = f"{get_column_letter(first)}{row}"
            ws.conditional_formatting.add(
                at, FormulaRule(formula=[f"AND(ISNUMBER({at}),{at}<{target_p})"], fill=SHORT_FILL, font=SHORT_FONT)
            )


PATIENCE_SQLS = "lost to lead patience (over the plan, the average run)"
PATIENCE_REVENUE = "Revenue lost to lead patience"


def _patience_rows(ws: Worksheet, row: int, sim: SimulationResult, sql: str, money: str) -> int:
    """What lead patience costs, as simulated (values): the SQLs a run loses before anyone touches
    them and the revenue they would have brought; returns the last row written."""
    for label, value, fmt in (
        (f"{sql}s {PATIENCE_SQLS}", sim.sqls_lost, COUNT),
        (PATIENCE_REVENUE, sim.revenue_lost, money),
    ):
        row += 1
        put_text(ws.cell(row=row, column=1), label)
        # The label wraps in its column (it ran under the value and was cut: "... (over the plan, the").
        lines = math.ceil(len(label) * 1.05 / LABEL_WIDTH)
        if lines > 1:
            ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[row].height = 13.0 * lines
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        cell = ws.cell(row=row, column=2, value=value)
        cell.number_format = fmt
        ws.cell(row=row, column=1).border = cell.border = THIN
    tiers = ", ".join(f"{fmt_pct(t.lost_share)} of {t.tier}" for t in sim.response)
    row += 1
    _note(
        ws, row, f"Simulated (mean of the runs; values): leads not touched within a lead patience of "
        f"{fmt_duration_minutes(sim.patience_hours * 60)} on average are lost ({tiers}); the median and P95 "
        "above are of the leads touched.",
    )  # fmt: skip
    return row


def _c(lay: _Layout, m: int) -> str:
    return str(get_column_letter(lay.month_cols[m]))


def _segment_sum(lay: _Layout, rows: Sequence[int], m: int, col: str) -> str:
    return _month_sum(lay, m, rows)


def _month_sum(lay: _Layout, m: int, rows: Sequence[int]) -> str:
    c = _c(lay, m)
    return "=" + ("+".join(f"Funnel!{c}{r}" for r in rows) if rows else "0")


def _defined(ws: Worksheet, coordinate: str) -> Any:
    from openpyxl.workbook.defined_name import DefinedName

    col = "".join(ch for ch in coordinate if ch.isalpha())
    row = "".join(ch for ch in coordinate if ch.isdigit())
    return DefinedName("SimulationCheck", attr_text=f"{quote_sheetname(ws.title)}!${col}${row}")


def _chart(chart: Any, title: str, ws: Worksheet, header_row: int, series_rows: Sequence[int], n: int) -> Any:
    """Fill a native chart with rows of the Summary's month tables (label in A, months in B on)."""
    chart.title = title
    chart.y_axis.numFmt = COUNT
    for r in series_rows:
        chart.add_data(Reference(ws, min_col=1, max_col=1 + n, min_row=r, max_row=r), from_rows=True,
                       titles_from_data=True)  # fmt: skip
    chart.set_categories(Reference(ws, min_col=2, max_col=1 + n, min_row=header_row, max_row=header_row))
    chart.x_axis.number_format = "mmm"
    # openpyxl 3.1 marks axes deleted by default; Excel then draws no axis labels.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.height, chart.width = 8, 15
    return chart


__all__ = [
    "CHANGED",
    "MATCHES",
    "MONTH",
    "PATIENCE_REVENUE",
    "PATIENCE_SQLS",
    "add_summary",
    "proposal_line",
    "simulation_basis",
]
