"""The executive workbook (.xlsx, openpyxl): the plan's numbers as live formulas.

Sheets:

* **Summary**: the headline numbers (formulas over the Funnel's defined names) and native
  Excel charts of SQLs and revenue per month.
* **Assumptions**: every input of the plan as a named, formatted cell with data validation
  (blue on yellow). Changing one (a rate, the scenario, the deal size) flows through.
* **Funnel**: the forward and required funnel per month as formulas that follow
  :mod:`slaplanner.engine.funnel` exactly: every stage but the last in the month its leads arrive,
  wins shifted by ``LagMonths`` (the first months take the first month's wins), required wins
  = target x share / deal size, the stage before won shifted back by the lag (past the horizon
  the last month's), and each stage above divided by the *blended* rate (stage total over
  the stage-above total for the horizon).
* **Capacity** and **Simulation**: results as values, or a note that the plan has none yet.
* **Proposals**: every proposal of the agreement side by side (the headline figures of
  :func:`slaplanner.negotiation.compare.figures_of`, values computed with the same rate level, runs
  and seed), cells that differ from the exported proposal shaded. One column when the agreement
  has one proposal. The Scenario selector stays one input cell on the Assumptions.

Every sheet has frozen header rows, number formats and print setup. Text that came from
users or imports is always written as text, never as a formula (:func:`put_text`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill
from openpyxl.styles.named_styles import NamedStyleList
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from slaplanner.engine.funnel import SCENARIOS, FunnelResult
from slaplanner.engine.review import Review
from slaplanner.errors import Problem, ValidationError
from slaplanner.exports.context import AgreementFacts, settings_text
from slaplanner.exports.review_sheet import add_review_sheet
from slaplanner.exports.workbook_style import (
    BASE_FONT,
    BASE_SIZE,
    BLOCK_FONT,
    COUNT,
    COUNT_SIGNED,
    FIRST_MONTH_COL,
    FONT_NAME,
    HEAD_FILL,
    HEAD_FONT,
    MIN_PRINTED_SIZE,
    MONTH,
    NOTE_FONT,
    RATE,
    THIN,
    TIER_COLUMNS,
    TOTAL_FONT,
    PrintHeader,
    _block,
    _first_day,
    _header,
    _input,
    _money_format,
    _Names,
    _note,
    _print_setup,
    _title,
    _Validations,
    _value_rows,
    header_lines,
    put_text,
    wrap_cut_text,
)
from slaplanner.exports.workbook_summary import (
    CHANGED,
    MATCHES,
    SHORT_FILL,
    SHORT_FONT,
    add_summary,
    flag_check,
    proposal_line,
    simulation_basis,
)
from slaplanner.exports.xlsx_values import CachedValues, saver
from slaplanner.files import atomic_write
from slaplanner.negotiation.compare import ProposalFigures, differences, figures_of
from slaplanner.negotiation.diff import MARKETING_SQLS
from slaplanner.plan.format import fmt_date, fmt_pct, month_label
from slaplanner.plan.model import Plan
from slaplanner.plan.months import DAYS_PER_MONTH, MONTH_NAMES, cycle_lag_months
from slaplanner.results import MISSING_PREFIX, PlanResults

__all__ = [
    "BLOCK_FONT", "CHANGED", "COUNT", "MATCHES", "RATE", "ProposalColumn", "build_workbook", "header_lines",
    "proposal_line", "put_text", "write_workbook",
]  # fmt: skip


# -- Assumptions ------------------------------------------------------------------------------
@dataclass
class _Layout:
    """Where the Assumptions put each input (names) and where the Funnel put each row."""

    n_months: int
    month_cols: tuple[int, ...] = ()
    total_col: int = 0
    index_row: int = 5
    header_row: int = 4
    planned: dict[int, int] = field(default_factory=dict)
    required: dict[int, int] = field(default_factory=dict)
    gap: dict[int, int] = field(default_factory=dict)
    cohort: dict[int, int] = field(default_factory=dict)
    source_rows: dict[tuple[int, int], int] = field(default_factory=dict)  # (source from 1, stage) -> row
    revenue_planned: int = 0
    revenue_required: int = 0
    levels: dict[str, int] = field(default_factory=dict)  # rate level -> its row on the Funnel
    level_sql_col: int = 0
    level_wins_col: int = 0
    level_required_col: int = 0


def _assumptions(wb: Workbook, plan: Plan, scenario: str, names: _Names, cv: CachedValues | None = None) -> None:
    ws = wb.create_sheet("Assumptions")
    cv = cv if cv is not None else CachedValues()
    v = _Validations(ws)
    _title(ws, "Assumptions", "Yellow cells are inputs: change one and the Funnel and Summary follow.")
    money = _money_format(plan.currency)
    _header(ws, 4, ("Input", "Value", "Allowed"))
    row = 5
    put_text(ws.cell(row=row, column=1), "Plan")
    put_text(ws.cell(row=row, column=2), plan.name)
    row += 1
    put_text(ws.cell(row=row, column=1), "Currency")
    put_text(ws.cell(row=row, column=2), plan.currency)
    general: list[tuple[str, str, Any, str, str, str]] = [
        ("StartMonth", "First month of the plan", _first_day(plan.start_month), MONTH, "month", "a month"),
        ("Scenario", "Conversion rates used (low, likely, high)", scenario, "@", "scenario", "low, likely or high"),
        ("DealSize", "Average deal size", plan.terms.average_deal_size, money, "money", "above 0"),
        ("SalesCycleDays", "Sales cycle, SQL to won (days)", plan.terms.sales_cycle_days, "#,##0.0", "days", "0-730"),
        ("MarketingShare", "Marketing's share of the target", plan.terms.marketing_share, "0%", "share", "0-100 %"),
    ]  # fmt: skip
    for name, label, value, fmt, kind, allowed in general:
        row += 1
        put_text(ws.cell(row=row, column=1), label)
        _input(ws, v, row, 2, value, fmt, kind)
        put_text(ws.cell(row=row, column=3), allowed)
        ws.cell(row=row, column=3).alignment = Alignment(indent=1)
        names.cell(name, ws, row, 2)
    row += 1
    put_text(ws.cell(row=row, column=1), "Sales cycle in whole months (derived)")
    put_text(ws.cell(row=row, column=3), "days / 30.44, rounded half to even")
    x = f"(SalesCycleDays/{DAYS_PER_MONTH!r})"
    cv.formula(
        ws,
        row,
        2,
        f"=ROUND({x},0)-IF(AND(MOD({x},1)=0.5,MOD(ROUND({x},0),2)=1),1,0)",
        cycle_lag_months(plan.terms.sales_cycle_days),
    )
    names.cell("LagMonths", ws, row, 2)

    months = plan.months
    month_cols = tuple(FIRST_MONTH_COL + i for i in range(len(months)))
    last_col = month_cols[-1]

    row += 2
    _block(ws, row, "Revenue target per month")
    row += 1
    _header(ws, row, ("Series", "Unit", *(month_label(m) for m in months)))
    row += 1
    put_text(ws.cell(row=row, column=1), "Revenue target")
    put_text(ws.cell(row=row, column=2), plan.currency)
    for col, target in zip(month_cols, plan.revenue_target):
        _input(ws, v, row, col, target, money, "target")
    names.row("RevenueTarget", ws, row, FIRST_MONTH_COL, last_col)

    row += 2
    _block(ws, row, "Lead sources")
    row += 1
    _header(ws, row, ("Source", "Segment", "Channel", "Volume", "Leads a month (baseline)", "Growth a month"))
    for i, src in enumerate(plan.sources, start=1):
        row += 1
        for col, text in enumerate((src.name, src.segment, src.channel, src.volume_mode), start=1):
            put_text(ws.cell(row=row, column=col), text)
        _input(ws, v, row, 5, src.baseline, COUNT, "leads")
        _input(ws, v, row, 6, src.growth, "0.0%", "growth")
        names.cell(f"Source{i}_Baseline", ws, row, 5)
        names.cell(f"Source{i}_Growth", ws, row, 6)
    if not plan.sources:
        row += 1
        put_text(ws.cell(row=row, column=1), f"{MISSING_PREFIX} lead sources yet.")
        ws.cell(row=row, column=1).font = NOTE_FONT

    row += 2
    _block(ws, row, "Seasonality (1 = an average month; used by baseline sources)")
    row += 1
    _header(ws, row, ("Source", "", *MONTH_NAMES))
    for i, src in enumerate(plan.sources, start=1):
        row += 1
        put_text(ws.cell(row=row, column=1), src.name)
        for m, factor in enumerate(src.seasonality):
            _input(ws, v, row, FIRST_MONTH_COL + m, factor, "0.00", "factor")
        names.row(f"Source{i}_Seasonality", ws, row, FIRST_MONTH_COL, FIRST_MONTH_COL + 11)

    monthly = [(i, s) for i, s in enumerate(plan.sources, start=1) if s.volume_mode == "monthly"]
    if monthly:
        row += 2
        _block(ws, row, "Leads per month (sources with explicit monthly volumes)")
        row += 1
        _header(ws, row, ("Source", "", *(month_label(m) for m in months)))
        for i, src in monthly:
            row += 1
            put_text(ws.cell(row=row, column=1), src.name)
            for col, leads in zip(month_cols, src.leads(months)):
                _input(ws, v, row, col, leads, COUNT, "leads")
            names.row(f"Source{i}_Leads", ws, row, FIRST_MONTH_COL, last_col)

    row += 2
    _block(ws, row, "Conversion rates per source (the scenario picks the column used)")
    row += 1
    _header(ws, row, ("Source", "From → to", "Low", "Likely", "High", "Used"))
    for i, src in enumerate(plan.sources, start=1):
        for k, rate in enumerate(src.conversion, start=1):
            row += 1
            put_text(ws.cell(row=row, column=1), src.name)
            put_text(ws.cell(row=row, column=2), f"{plan.stages[k - 1]} → {plan.stages[k]}")
            for col, level in zip((3, 4, 5), SCENARIOS):
                _input(ws, v, row, col, getattr(rate, level), RATE, "rate")
                names.cell(f"Source{i}_Rate{k}_{level.capitalize()}", ws, row, col)
            formula = f'=IF(Scenario="low",C{row},IF(Scenario="high",E{row},D{row}))'
            used = cv.formula(ws, row, 6, formula, getattr(rate, scenario))
            used.number_format = RATE
            names.cell(f"Source{i}_Rate{k}", ws, row, 6)

    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 22
    for col in range(3, max(last_col, FIRST_MONTH_COL + 11) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 13
    ws.freeze_panes = "B5"
    ws.print_title_rows = "1:2"
    ws.print_title_cols = "A:A"


# -- Funnel -----------------------------------------------------------------------------------
def _rate_levels(
    ws: Worksheet,
    plan: Plan,
    scenarios: dict[str, FunnelResult],
    lay: _Layout,
    cv: CachedValues,
    source_rows: dict[tuple[int, int], int],
    row: int,
    months_row: Any,
) -> None:
    """The Funnel's last block: the horizon's totals at each rate level, as formulas over the
    Assumptions' low, likely and high columns, for the Summary's rate-level table."""
    stages = plan.stages
    last, k_sql = len(stages) - 1, _sql_index(plan)
    n = lay.n_months
    fl, ll = get_column_letter(lay.month_cols[0]), get_column_letter(lay.month_cols[-1])
    idx = f"${lay.index_row}"
    base = scenarios[next(iter(scenarios))]
    lag = base.lag_months
    _block(ws, row, "Each rate level over the horizon (the Summary's rate-level table)")
    shifted: dict[int, int] = {}
    for i, src in enumerate(plan.sources, start=1):
        row += 1
        shifted[i] = row
        put_text(ws.cell(row=row, column=1), src.name)
        put_text(ws.cell(row=row, column=2), "Leads, in the month their wins close")
        lead = source_rows[(i, 0)]
        leads = base.by_source[i - 1].counts[0]
        months_row(
            row,
            lambda c, lead=lead: f"=INDEX(${fl}${lead}:${ll}${lead},1,MAX(1,{c}{idx}+1-LagMonths))",
            [leads[max(0, m - lag)] for m in range(n)],
        )
    row += 1
    wins_row = row
    put_text(ws.cell(row=row, column=1), "Wins needed")
    put_text(ws.cell(row=row, column=2), "In the month their SQLs are due")
    won = f"${fl}${lay.required[last]}:${ll}${lay.required[last]}"
    needed = base.required[last]
    months_row(
        row,
        lambda c: f"=INDEX({won},1,MIN({c}{idx}+1+LagMonths,{n}))",
        [needed[min(m + lag, n - 1)] for m in range(n)],
    )
    row += 2
    first = FIRST_MONTH_COL
    blended_col = first + len(stages)
    lay.level_wins_col = blended_col + last
    lay.level_required_col = lay.level_wins_col + 1
    lay.level_sql_col = first + k_sql
    _header(
        ws,
        row,
        (
            "Rate level",
            "",
            *(f"{s} total" for s in stages),
            *(f"{a} → {b}" for a, b in itertools.pairwise(stages)),
            f"{stages[last]} in calendar months",
            f"{stages[k_sql]}s required",
        ),
    )
    tc = get_column_letter(lay.total_col)
    for level, result in scenarios.items():
        row += 1
        lay.levels[level] = row
        put_text(ws.cell(row=row, column=1), "Rate level")
        put_text(ws.cell(row=row, column=2), level)
        cap = level.capitalize()

        def through(i: int, j: int, cap: str = cap) -> str:
            return "".join(f"*Source{i}_Rate{t}_{cap}" for t in range(1, j + 1))

        sources = range(1, len(plan.sources) + 1)
        for j in range(len(stages)):
            terms = "+".join(f"${tc}${source_rows[(i, 0)]}{through(i, j)}" for i in sources) or "0"
            cell = cv.formula(ws, row, first + j, "=" + terms, math.fsum(result.cohort[j]))
            cell.number_format = COUNT
        for j in range(last):
            above, below = (f"{get_column_letter(first + t)}{row}" for t in (j, j + 1))
            fallback = (
                "AVERAGE(" + ",".join(f"Source{i}_Rate{j + 1}_{cap}" for i in sources) + ")" if plan.sources else "0"
            )
            formula = f"=IF({above}>0,{below}/{above},{fallback})"
            cv.formula(ws, row, blended_col + j, formula, result.blended_rates[j]).number_format = RATE
        terms = "+".join(f"${tc}${shifted[i]}{through(i, last)}" for i in sources) or "0"
        cell = cv.formula(ws, row, lay.level_wins_col, "=" + terms, math.fsum(result.forward[last]))
        cell.number_format = COUNT
        rates = [f"{get_column_letter(blended_col + j)}{row}" for j in range(k_sql, last)]
        wins_total = f"${tc}${wins_row}"
        if rates:
            formula = f"=IF(AND({','.join(r + '>0' for r in rates)}),{wins_total}/({'*'.join(rates)}),0)"
        else:
            formula = f"=${tc}${lay.required[last]}"
        cell = cv.formula(ws, row, lay.level_required_col, formula, math.fsum(result.required[k_sql]))
        cell.number_format = COUNT


def _funnel(
    wb: Workbook, plan: Plan, funnel: FunnelResult, scenarios: dict[str, FunnelResult], names: _Names, cv: CachedValues
) -> _Layout:
    ws = wb.create_sheet("Funnel")
    n = plan.horizon_months
    stages = plan.stages
    last = len(stages) - 1
    months = plan.months
    lay = _Layout(n_months=n, month_cols=tuple(FIRST_MONTH_COL + i for i in range(n)))
    first, end = lay.month_cols[0], lay.month_cols[-1]
    lay.total_col = end + 1
    fl, ll = get_column_letter(first), get_column_letter(end)
    _title(ws, "Funnel", "Formulas over the Assumptions: the forward (planned) and required funnel per month.")
    lag = funnel.lag_months
    cycle = f"Rates: {funnel.scenario}; sales cycle {lag} {'month' if lag == 1 else 'months'}"
    cv.formula(ws, 1, 4, '="Rates: "&Scenario&"; sales cycle "&LagMonths&IF(LagMonths=1," month"," months")', cycle)
    ws["D1"].font = NOTE_FONT
    _header(ws, lay.header_row, ("Block", "Stage / source"))
    for i, col in enumerate(lay.month_cols):
        letter = get_column_letter(col)
        cell = cv.formula(
            ws, lay.header_row, col, f"=EDATE(StartMonth,{letter}${lay.index_row})", _first_day(months[i])
        )
        cell.number_format = MONTH
        cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        ws.cell(row=lay.index_row, column=col, value=i).font = NOTE_FONT
    _header(ws, lay.header_row, ("Total",), first_col=lay.total_col)
    put_text(ws.cell(row=lay.index_row, column=1), "Month index")
    ws.cell(row=lay.index_row, column=1).font = NOTE_FONT

    # Row numbers first (formulas refer to rows further down).
    row = lay.index_row + 2
    blocks = ("Planned", "Required", "Gap")
    targets = (lay.planned, lay.required, lay.gap)
    for _name, target in zip(blocks, targets):
        row += 1  # the block's label row
        for k in range(len(stages)):
            target[k] = row
            row += 1
        row += 1
    revenue_label_row = row
    lay.revenue_planned, lay.revenue_required = row + 1, row + 2
    row += 4
    blended_label_row = row
    blended_rows = {k: row + 1 + k for k in range(last)}
    row += last + 2
    cohort_label_row = row
    for k in range(len(stages)):
        lay.cohort[k] = row + 1 + k
    row += len(stages) + 2
    source_label_row = row
    source_rows: dict[tuple[int, int], int] = {}
    row += 1
    for i in range(1, len(plan.sources) + 1):
        for k in range(len(stages)):
            source_rows[(i, k)] = row
            row += 1

    def label(r: int, block: str, stage: str, bold: bool = False) -> None:
        put_text(ws.cell(row=r, column=1), block)
        put_text(ws.cell(row=r, column=2), stage)
        if bold:
            ws.cell(row=r, column=2).font = TOTAL_FONT

    def months_row(r: int, formula: Any, values: Sequence[float], fmt: str = COUNT, total: bool = True) -> None:
        for col, value in zip(lay.month_cols, values, strict=True):
            cell = cv.formula(ws, r, col, formula(get_column_letter(col)), value)
            cell.number_format = fmt
        if total:
            cell = cv.formula(ws, r, lay.total_col, f"=SUM({fl}{r}:{ll}{r})", math.fsum(values))
            cell.number_format = fmt
            cell.font = TOTAL_FONT

    idx = f"${lay.index_row}"  # the month index row, used as X$5

    # Cohort by source: leads, then each stage = the stage above x the rate used.
    _block(ws, source_label_row, "Cohort by source (every stage in the month its leads arrive)")
    for i, src in enumerate(plan.sources, start=1):
        for k, stage in enumerate(stages):
            r = source_rows[(i, k)]
            label(r, src.name, stage)
            counts = funnel.by_source[i - 1].counts[k]
            if k == 0 and src.volume_mode == "monthly":
                months_row(r, lambda c, i=i: f"=INDEX(Source{i}_Leads,1,{c}{idx}+1)", counts)
            elif k == 0:
                months_row(
                    r,
                    lambda c, i=i: (
                        f"=Source{i}_Baseline*INDEX(Source{i}_Seasonality,1,MONTH({c}${lay.header_row}))"
                        f"*(1+Source{i}_Growth)^{c}{idx}"
                    ),
                    counts,
                )
            else:
                above = source_rows[(i, k - 1)]
                months_row(r, lambda c, i=i, k=k, above=above: f"={c}{above}*Source{i}_Rate{k}", counts)

    _block(ws, cohort_label_row, "Cohort total (all sources)")
    for k, stage in enumerate(stages):
        r = lay.cohort[k]
        label(r, "Cohort", stage)
        parts = [source_rows[(i, k)] for i in range(1, len(plan.sources) + 1)]
        months_row(
            r, lambda c, parts=parts: "=" + ("+".join(f"{c}{p}" for p in parts) if parts else "0"), funnel.cohort[k]
        )

    _block(ws, blended_label_row, "Blended conversion rates over the horizon (stage total / stage-above total)")
    for k in range(last):
        r = blended_rows[k]
        label(r, "Blended rate", f"{stages[k]} → {stages[k + 1]}")
        upper = f"SUM(${fl}${lay.cohort[k]}:${ll}${lay.cohort[k]})"
        lower = f"SUM(${fl}${lay.cohort[k + 1]}:${ll}${lay.cohort[k + 1]})"
        fallback = (
            "AVERAGE(" + ",".join(f"Source{i}_Rate{k + 1}" for i in range(1, len(plan.sources) + 1)) + ")"
            if plan.sources
            else "0"
        )
        cell = cv.formula(ws, r, first, f"=IF({upper}>0,{lower}/{upper},{fallback})", funnel.blended_rates[k])
        cell.number_format = RATE
        names.cell(f"BlendedRate{k + 1}", ws, r, first)

    _block(ws, lay.planned[0] - 1, "Planned (forward funnel; wins in the month they close)")
    won_cohort = f"${fl}${lay.cohort[last]}:${ll}${lay.cohort[last]}"
    for k, stage in enumerate(stages):
        r = lay.planned[k]
        label(r, "Planned", stage)
        if k < last:
            months_row(r, lambda c, k=k: f"={c}{lay.cohort[k]}", funnel.forward[k])
        else:
            months_row(r, lambda c: f"=INDEX({won_cohort},1,MAX(1,{c}{idx}+1-LagMonths))", funnel.forward[k])

    _block(ws, lay.required[0] - 1, "Required (reverse funnel from the revenue target)")
    won_required = f"${fl}${lay.required[last]}:${ll}${lay.required[last]}"
    for k in range(last, -1, -1):
        r = lay.required[k]
        label(r, "Required", stages[k])
        need = funnel.required[k]
        if k == last:
            months_row(r, lambda c: f"=INDEX(RevenueTarget,1,{c}{idx}+1)*MarketingShare/DealSize", need)
        elif k == last - 1:
            months_row(
                r,
                lambda c, k=k: (
                    f"=IF(BlendedRate{k + 1}>0,INDEX({won_required},1,MIN({c}{idx}+1+LagMonths,{n}))"
                    f"/BlendedRate{k + 1},0)"
                ),
                need,
            )
        else:
            nxt = lay.required[k + 1]
            months_row(r, lambda c, k=k, nxt=nxt: f"=IF(BlendedRate{k + 1}>0,{c}{nxt}/BlendedRate{k + 1},0)", need)

    _block(ws, lay.gap[0] - 1, "Gap (planned minus required; negative is short of the goal)")
    for k, stage in enumerate(stages):
        r = lay.gap[k]
        label(r, "Gap", stage)
        months_row(r, lambda c, k=k: f"={c}{lay.planned[k]}-{c}{lay.required[k]}", funnel.gap[k], COUNT_SIGNED)

    money = COUNT  # the currency is in the block's title: "1,048,739 USD" does not fit a month column
    _block(ws, revenue_label_row, f"Marketing-sourced revenue ({plan.currency})")
    label(lay.revenue_planned, "Revenue", "Planned")
    months_row(lay.revenue_planned, lambda c: f"={c}{lay.planned[last]}*DealSize", funnel.revenue_planned, money)
    label(lay.revenue_required, "Revenue", "Required")
    months_row(
        lay.revenue_required,
        lambda c: f"=INDEX(RevenueTarget,1,{c}{idx}+1)*MarketingShare",
        funnel.revenue_required,
        money,
    )

    lay.source_rows = source_rows
    k_sql = _sql_index(plan)
    _rate_levels(ws, plan, scenarios, lay, cv, source_rows, row + 1, months_row)
    tc = lay.total_col
    names.cell("TotalSQLsPlanned", ws, lay.planned[k_sql], tc)
    names.cell("TotalSQLsRequired", ws, lay.required[k_sql], tc)
    names.cell("TotalSQLsGap", ws, lay.gap[k_sql], tc)
    names.cell("TotalLeadsPlanned", ws, lay.planned[0], tc)
    names.cell("TotalLeadsRequired", ws, lay.required[0], tc)
    names.cell("TotalWinsPlanned", ws, lay.planned[last], tc)
    names.cell("TotalWinsRequired", ws, lay.required[last], tc)
    names.cell("RevenuePlanned", ws, lay.revenue_planned, tc)
    names.cell("RevenueRequired", ws, lay.revenue_required, tc)
    names.row("SQLsPlannedByMonth", ws, lay.planned[k_sql], first, end)
    names.row("SQLsRequiredByMonth", ws, lay.required[k_sql], first, end)

    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 22
    for col in (*lay.month_cols, lay.total_col):
        ws.column_dimensions[get_column_letter(col)].width = 12
    wrap_cut_text(ws, (1, 2))  # "Leads, in the month their wins close" is wider than column B
    ws.freeze_panes = ws.cell(row=lay.index_row + 1, column=FIRST_MONTH_COL)
    ws.print_title_rows = f"{lay.header_row}:{lay.header_row}"
    ws.print_title_cols = "A:B"
    return lay


# -- Capacity and Simulation ------------------------------------------------------------------
def _capacity(wb: Workbook, plan: Plan, results: PlanResults, lay: _Layout, cv: CachedValues, day: date) -> None:
    ws = wb.create_sheet("Capacity")
    k = _sql_index(plan)
    sim = results.simulation
    roles = plan.team.roles
    sql = plan.stages[k]
    _title(ws, "Capacity", f"The {sql}s to work follow the Funnel (live); headcount is the plan's. Utilisation "
                           f"at the {sql}s now planned scales the simulated utilisation by the live {sql}s (an "
                           "estimate). " + simulation_basis(results, day))  # fmt: skip
    _check_line(ws, results, cv)
    labels = ["Month", f"{sql}s to work (live)", f"{sql}s simulated (mean of the runs)"]
    for role in roles:
        name = role.name or role.kind
        labels += [
            f"{name} headcount",
            f"{name} utilisation (simulated)",
            f"{name} utilisation at the {sql}s now planned",
        ]
    _header(ws, 4, labels)
    utilisation = {r.role: r.utilisation for r in sim.roles} if sim is not None else {}
    # The SQLs the runs worked, on average (what `simulate` shows); the load they were drawn around
    # (the planned or the committed SQLs) only for a result that does not carry them.
    load = sim.sql_commitment_total if sim is not None and sim.load == "committed" else results.funnel.forward[k]
    if sim is not None and sim.sql_expected:
        load = sim.sql_expected
    for m, col in enumerate(lay.month_cols):
        c, r = get_column_letter(col), 5 + m
        cv.formula(ws, r, 1, f"=Funnel!{c}${lay.header_row}", _first_day(plan.months[m])).number_format = MONTH
        live = results.funnel.forward[k][m]
        cv.formula(ws, r, 2, f"=Funnel!{c}{lay.planned[k]}", live).number_format = COUNT
        if sim is not None:
            ws.cell(row=r, column=3, value=load[m]).number_format = COUNT
        for j, role in enumerate(roles):
            base = 4 + 3 * j
            ws.cell(row=r, column=base, value=role.headcount_in(m)).number_format = "0"
            used = utilisation.get(role.name or role.kind, ())
            if m < len(used):
                ws.cell(row=r, column=base + 1, value=used[m]).number_format = RATE
                u, now = get_column_letter(base + 1), get_column_letter(base + 2)
                scaled = used[m] * live / load[m] if load[m] > 0 else used[m]
                cv.formula(ws, r, base + 2, f"=IF(C{r}>0,{u}{r}*B{r}/C{r},{u}{r})", scaled).number_format = RATE
                ws.conditional_formatting.add(
                    f"{now}{r}",
                    FormulaRule(formula=[f"{now}{r}>{role.max_occupancy!r}"], fill=SHORT_FILL, font=SHORT_FONT),
                )
    row = 5 + lay.n_months + 1
    if not roles:
        _note(ws, row, f"{MISSING_PREFIX} a sales team yet: no headcount or utilisation.")
        row += 2
    elif sim is None:
        _note(ws, row, results.simulation_note)
        row += 2
    else:
        _block(ws, row, "Headcount needed and bottleneck (simulation)")
        hc = sim.headcount
        needed: int | str = hc.headcount_needed if hc.headcount_needed is not None else "not reached"
        if hc.headcount_needed is None and hc.points:  # the most tried, as the Summary's "> 44" says it
            needed = f"not reached (none up to {hc.most_tried})"
        if hc.stopped:  # the Summary sheet's note says why
            needed = "not found: the search stopped (see the Summary sheet)"
        row = _value_rows(  # labels in A overflow into the empty B to D; values in E
            ws,
            row + 1,
            [
                (
                    # (in A to D: a longer label would run under the value in E)
                    f"{hc.role}s for a {fmt_pct(hc.target_probability)} chance, first touch and cadence",
                    None,
                    None,
                    None,
                    needed,
                ),
                ("Account executives to carry the open opportunities", None, None, None, sim.ae_needed),
                ("Bottleneck", None, None, None, sim.bottleneck or "none"),
            ],
            ("@", "@", "@", "@", "0"),
        )
        if sim.bottleneck_detail:  # where and how much, below (a note wraps within the sheet's width)
            _note(ws, row, f"Bottleneck: {sim.bottleneck_detail}")
            row += 1
        row += 1
    _block(ws, row, "Response commitments")
    row += 1
    _header(ws, row, ("Tier", "Share of SQLs", "First touch (min)", "Clock", "Target share", "Touches", "In days",
                      "Accept within (h)"))  # fmt: skip
    if not plan.commitments.response:
        _note(ws, row + 1, f"{MISSING_PREFIX} response commitments yet.")
    _value_rows(
        ws,
        row + 1,
        [
            (
                r.tier,
                r.share_of_sqls,
                r.first_touch_minutes,
                r.clock,
                r.target_share,
                r.touches,
                r.touch_days,
                r.accept_within_hours,
            )
            for r in plan.commitments.response
        ],
        ("@", "0%", "#,##0", "@", "0%", "0", "0", "0"),
    )
    ws.column_dimensions["A"].width = 14
    for j in range(2, max(9, 4 + 3 * len(roles))):
        ws.column_dimensions[get_column_letter(j)].width = 15
    ws.freeze_panes = "B5"
    ws.print_title_rows = "1:4"
    ws.print_title_cols = "A:A"  # with several teams the sheet prints two pages wide: each page names its months


def _check_line(ws: Worksheet, results: PlanResults, cv: CachedValues) -> None:
    """Row 3 of a sheet with simulated values: whether the assumptions still match the simulation."""
    if results.simulation is None:
        return
    cell = cv.formula(ws, 3, 1, "=SimulationCheck", MATCHES)
    cell.font = Font(name=FONT_NAME, size=BASE_SIZE, bold=True, color="2E7D32")
    flag_check(ws, "A3")


def _simulation(wb: Workbook, plan: Plan, results: PlanResults, cv: CachedValues, day: date) -> None:
    ws = wb.create_sheet("Simulation")
    sim = results.simulation
    note = (
        f"Percentiles of {sim.runs:,} simulated horizons. " + simulation_basis(results, day)
        if sim is not None
        else "Percentiles of a seeded Monte Carlo simulation, as values."
    )
    _title(ws, "Simulation", note)
    _check_line(ws, results, cv)
    labels = ["Month", "SQLs committed", "SQLs P10", "SQLs P50", "SQLs P90", "P(all met)"]
    segments = [seg for seg, _ps in sim.sql_p_met_by_segment] if sim is not None else []
    labels += [f"P(met) {seg}" for seg in segments]
    _header(ws, 4, labels)
    if sim is None:
        _note(ws, 5, results.simulation_note)
    else:
        by_segment = dict(sim.sql_p_met_by_segment)
        rows = [
            (_first_day(m), committed, *q, p, *(by_segment[seg][i] for seg in segments))
            for i, (m, committed, q, p) in enumerate(
                zip(sim.months, sim.sql_commitment_total, sim.sql_quantiles, sim.sql_p_met)
            )
        ]
        row = _value_rows(ws, 5, rows, (MONTH, COUNT, COUNT, COUNT, COUNT, *(["0%"] * (1 + len(segments)))))
        row += 1
        _block(ws, row, "First touch per tier (minutes in the tier's clock)")
        _header(ws, row + 1, TIER_COLUMNS)
        _value_rows(
            ws,
            row + 2,
            [
                (
                    t.tier,
                    t.clock,
                    t.target_minutes,
                    t.target_share,
                    t.median_minutes,
                    t.p90_minutes,
                    t.p95_minutes,
                    t.p_within_target,
                    t.p_met,
                    t.p_accept_met,
                    t.p_touches_met,
                )
                for t in sim.response
            ],
            ("@", "@", "#,##0", "0%", "#,##0.0", "#,##0.0", "#,##0.0", "0%", "0%", "0%", "0%"),
        )
    ws.column_dimensions["A"].width = 16
    for j in range(2, 13):
        ws.column_dimensions[get_column_letter(j)].width = 13
    ws.freeze_panes = "B5"
    ws.print_title_rows = "1:4"


WEEK_COLUMNS = 4  # the Weeks sheet's groups of weeks (a quarter each) with one SDR team


def _weeks(wb: Workbook, results: PlanResults, cv: CachedValues, day: date) -> None:
    """The "Weeks" sheet: the SDRs' utilisation week by week (the Simulation page's heat map, the
    SLA document's busy weeks), red above the team's maximum occupancy; with several SDR teams each
    team's column (its own leads over its own hours, red above its own maximum) and all of them
    together (the page's heat map, not coloured: there is no one maximum); below, each team's weeks
    above its maximum as the simulation's warnings say them. Without a simulation the sheet says
    why, as the Simulation sheet does."""
    sim = results.simulation
    ws = wb.create_sheet("Weeks")
    if sim is None or not sim.week_starts:
        _title(ws, "SDR utilisation by week", "The SDRs' utilisation week by week, from the simulation.")
        _note(ws, 4, results.simulation_note if sim is None else "No week in the plan's horizon.")
        return
    sdr_roles = [r for r in sim.roles if r.kind == "SDR"]
    # The columns of a week: one team's utilisation, or each team's and all of them together (the
    # Simulation page's heat map), each red above its own team's maximum occupancy.
    columns: list[tuple[str, Sequence[float], float | None]]
    if sim.sdr_utilisation_by_week_by_team:
        columns = [(name, weeks, limit) for name, weeks, limit in sim.sdr_utilisation_by_week_by_team]
        columns.append(("All teams", sim.sdr_utilisation_by_week, None))
    else:
        limit = sdr_roles[0].max_occupancy if len(sdr_roles) == 1 else None
        columns = [("Utilisation", sim.sdr_utilisation_by_week, limit)]
    each = ", each SDR team and all together" if len(columns) > 1 else ""
    _title(
        ws,
        f"SDR utilisation by week{each}",
        "The work (first touches and follow-ups) of the SQLs arriving in the week over the SDRs' working hours "
        f"that week, the mean of {sim.runs:,} simulated horizons; red above the team's maximum occupancy. "
        + simulation_basis(results, day),
    )
    _check_line(ws, results, cv)
    # The weeks in groups of a quarter each (a half-year with several teams), read down, then across:
    # one page, and a note below the table as wide as the others.
    starts = [date.fromisoformat(d) for d in sim.week_starts]
    groups = WEEK_COLUMNS if len(columns) == 1 else 2
    per_column = math.ceil(len(starts) / groups)
    width = 2 + len(columns)  # the week, its columns and a narrow gap
    for j in range(groups):
        col = 1 + width * j
        _header(ws, 4, ("Week of", *(label for label, _weeks, _limit in columns)), first_col=col)
        ws.column_dimensions[get_column_letter(col)].width = 14
        for c in range(len(columns)):
            ws.column_dimensions[get_column_letter(col + 1 + c)].width = 12
        if j < groups - 1:
            ws.column_dimensions[get_column_letter(col + width - 1)].width = 3
        for i in range(j * per_column, min(len(starts), (j + 1) * per_column)):
            r = 5 + i - j * per_column
            ws.cell(row=r, column=col, value=starts[i]).number_format = "d mmm yyyy"
            for c, (_label, weeks, limit) in enumerate(columns):
                cell = ws.cell(row=r, column=col + 1 + c, value=weeks[i])
                cell.number_format = "0%"
                if limit is not None and weeks[i] > limit:
                    cell.fill, cell.font = SHORT_FILL, SHORT_FONT
                    if round(weeks[i] * 100) <= round(limit * 100):  # just over: never shown as the limit
                        cell.number_format = "0.0%"
    row = 5 + per_column + 1
    for text in sim.busy_week_warnings or ("No week above the maximum occupancy.",):
        _note(ws, row, text)
        row += 1
    ws.freeze_panes = "A5"
    ws.print_title_rows = "1:4"


# -- Proposals --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProposalColumn:
    """One proposal on the Proposals sheet: its figures, the version they are of, its status."""

    figures: ProposalFigures
    version: int
    status: str
    exported: bool = False


DIFFERS_FILL = PatternFill("solid", fgColor="FCE4D6")


def _proposals(wb: Workbook, plan: Plan, columns: Sequence[ProposalColumn], basis: str) -> None:
    ws = wb.create_sheet("Proposals")
    figures = [c.figures for c in columns]
    base = next((i for i, c in enumerate(columns) if c.exported), 0)
    _title(
        ws,
        "Proposals side by side",
        f"Each proposal's latest version (for the proposal this workbook is about, the version exported). {basis} "
        "Values computed by SLA Planner: they do not follow the Assumptions.",
    )
    if len(columns) > 1:
        _note(ws, 3, f"Shaded: differs from {figures[base].name} as shown.")
    labels = [f"{c.figures.name} (version {c.version})" for c in columns]
    _header(ws, 4, ("Measure", *labels))
    k = plan.sql_stage_index
    sql = plan.stages[k] if k is not None else "SQL"
    money = _money_format(plan.currency)
    marks = differences(figures, base) if figures else {}
    rows: list[tuple[str, str, list[Any], str]] = [
        ("Status", "", [c.status for c in columns], "@"),
        (f"{sql}s committed a month (all segments)", "sqls_committed", [f.sqls_committed for f in figures], COUNT),
        (f"{sql}s planned a month (average)", "sqls_planned", [f.sqls_planned for f in figures], COUNT),
        ("Revenue planned over the period", "revenue_planned", [f.revenue_planned for f in figures], money),
        ("Revenue required over the period", "revenue_required", [f.revenue_required for f in figures], money),
        ("Revenue gap", "revenue_gap", [f.revenue_gap for f in figures], f"+{money};-{money};0"),
    ]
    for label in dict.fromkeys(key for f in figures for key in f.p_met):
        shown = f"Chance first touch met: {label}"  # a tier's first-touch promise (its cadence is not in it)
        if label == MARKETING_SQLS:  # the mean over the months of P(every segment meets its commitment)
            shown = f"Chance met: marketing's committed {sql}s, month average"
        rows.append((shown, f"p_met[{label}]", [f.chance_shown(label) for f in figures], "0%"))
    for role in dict.fromkeys(r for f in figures for r in (*f.headcount_needed, *f.headcount_staffed)):
        needed: list[Any] = [
            ("not reached" if f.headcount_needed[role] is None else f.headcount_needed[role])
            if role in f.headcount_needed
            else None
            for f in figures
        ]
        rows.append((f"{role} headcount needed", f"headcount_needed[{role}]", needed, "0"))
        rows.append(
            (
                f"{role} headcount staffed (average)",
                f"headcount_staffed[{role}]",
                [f.headcount_staffed.get(role) for f in figures],
                "0.0",
            )
        )
    rows.append(("Bottleneck", "bottleneck", [f.bottleneck or "none" for f in figures], "@"))
    rows.append(
        ("Simulation", "", [f.simulation_note or "simulated" for f in figures], "@"),
    )
    row = 5
    for label, key, values, fmt in rows:
        put_text(ws.cell(row=row, column=1), label)
        flags = marks.get(key, [])
        for j, value in enumerate(values):
            cell = ws.cell(row=row, column=2 + j)
            if isinstance(value, str):
                put_text(cell, value)
                cell.alignment = Alignment(horizontal="right", wrap_text=True)
            elif value is not None:
                cell.value = value
                cell.number_format = fmt
            if j < len(flags) and flags[j]:
                cell.fill = DIFFERS_FILL
        ws.cell(row=row, column=1).border = THIN
        row += 1
    ws.column_dimensions["A"].width = 44
    for j in range(len(columns)):
        ws.column_dimensions[get_column_letter(2 + j)].width = 24
    wrap_cut_text(ws, range(1, 2 + len(columns)))  # long labels and statuses wrap within their rows
    ws.freeze_panes = "B5"
    ws.print_title_rows = "1:4"


# -- the workbook -----------------------------------------------------------------------------
def _sql_index(plan: Plan) -> int:
    """The SQL stage, which the workbook's headline names are about; a plan without one is refused."""
    k = plan.sql_stage_index
    if k is None:
        allowed = "allowed: one of the plan's stages (" + ", ".join(plan.stages) + "); the workbook is about its SQLs"
        raise ValidationError(
            [Problem("definitions.sql_stage", plan.definitions.sql_stage, allowed, "unknown_reference")]
        )
    return k


@dataclass(frozen=True)
class BuiltWorkbook:
    """A workbook built but not saved, with the value of each of its formulas (see :mod:`.xlsx_values`)."""

    workbook: Workbook
    values: CachedValues


def _print_header(plan: Plan, facts: AgreementFacts | None, day: date) -> PrintHeader:
    if facts is None:
        return PrintHeader(plan.name, "version 1", fmt_date(day), "DRAFT: not signed by both sides")
    draft = "" if facts.is_agreed else "DRAFT: not signed by both sides"
    return PrintHeader(plan.name, f"{facts.proposal}, version {facts.version}", fmt_date(day), draft)


def _name_fonts(wb: Workbook) -> None:
    """Every cell names its font and is at least 9 pt (Excel and LibreOffice then render alike)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                font = cell.font
                if font is None or font.name != FONT_NAME or font.scheme or (font.sz or 0) < MIN_PRINTED_SIZE:
                    cell.font = _named(font)


def _named(font: Font | None) -> Font:
    """``font`` in Arial, 10 pt unless larger, and not the theme's font (a scheme font follows the theme)."""
    if font is None:
        return BASE_FONT
    size = max(font.sz or BASE_SIZE, BASE_SIZE) if font.name != FONT_NAME else max(font.sz or 0, MIN_PRINTED_SIZE)
    return Font(name=FONT_NAME, sz=size, b=font.b, i=font.i, u=font.u, strike=font.strike, color=font.color,
                vertAlign=font.vertAlign)  # fmt: skip


def _new_workbook() -> Workbook:
    """An empty workbook whose default font (empty cells, column width units) is the workbook's own."""
    wb = Workbook()
    wb.remove(wb.active)
    # openpyxl has no public setter for the default font: its first font and the Normal style carry it.
    wb._fonts = IndexedList([BASE_FONT])
    wb._named_styles = NamedStyleList()
    wb.add_named_style(NamedStyle(font=BASE_FONT, border=Border(), builtinId=0))
    return wb


def build_workbook(
    plan: Plan,
    results: PlanResults,
    *,
    facts: AgreementFacts | None = None,
    proposals: Sequence[ProposalColumn] = (),
    review: Review | None = None,
    day: date | None = None,
) -> BuiltWorkbook:
    """The executive workbook for ``plan`` from its ``results`` (not yet saved), with every
    formula's value taken from ``results``.

    ``facts`` names the proposal, version and status on the Summary and in the page headers;
    ``proposals`` fills the Proposals sheet (default: this plan alone, from ``results``);
    ``review`` adds the Review sheet; ``day`` is the export's date (default: today).
    """
    _sql_index(plan)
    day = day or date.today()
    wb = _new_workbook()
    names = _Names()
    cv = CachedValues()
    scenarios = dict(results.scenarios) or {results.funnel.scenario: results.funnel}
    _assumptions(wb, plan, results.funnel.scenario, names, cv)
    lay = _funnel(wb, plan, results.funnel, scenarios, names, cv)
    for name, ref in names.refs.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    add_summary(wb, plan, results, lay, cv, facts=facts, day=day)
    _capacity(wb, plan, results, lay, cv, day)
    _simulation(wb, plan, results, cv, day)
    _weeks(wb, results, cv, day)
    if not proposals:
        name = facts.proposal if facts is not None else plan.name
        status = facts.status_text if facts is not None else "Draft"
        proposals = (ProposalColumn(figures_of(name, plan, results), facts.version if facts else 1, status, True),)
    _proposals(wb, plan, proposals, settings_text(results))
    if review is not None:
        add_review_sheet(wb, review)
    for ws in wb.worksheets:  # the hidden copy of the simulated assumptions goes last
        if ws.sheet_state == "hidden":
            wb.move_sheet(ws, offset=len(wb.worksheets) - 1 - wb.worksheets.index(ws))
    header = _print_header(plan, facts, day)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            _print_setup(ws, header, ws.print_title_rows or "1:1", ws.print_title_cols or "")
    _name_fonts(wb)
    wb.calculation.fullCalcOnLoad = True
    wb.properties.title = plan.name
    wb.properties.creator = "SLA Planner"
    wb.active = 0
    return BuiltWorkbook(wb, cv)


def write_workbook(
    plan: Plan,
    path: str | Path,
    results: PlanResults,
    *,
    facts: AgreementFacts | None = None,
    proposals: Sequence[ProposalColumn] = (),
    review: Review | None = None,
) -> None:
    """Write the executive workbook for ``plan`` at ``path`` (atomically), every formula with its
    value stored; with ``review``, a Review sheet of last quarter's actuals against the SLA."""
    built = build_workbook(plan, results, facts=facts, proposals=proposals, review=review)
    atomic_write(Path(path), saver(built.workbook, built.values))
