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

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from slaplanner.cells import is_formula_like
from slaplanner.engine.funnel import SCENARIOS
from slaplanner.engine.review import Review
from slaplanner.errors import Problem, ValidationError
from slaplanner.exports.context import AgreementFacts
from slaplanner.exports.review_sheet import add_review_sheet
from slaplanner.files import atomic_write
from slaplanner.negotiation.compare import ProposalFigures, differences, figures_of
from slaplanner.negotiation.diff import MARKETING_SQLS
from slaplanner.plan.format import month_label
from slaplanner.plan.model import Plan
from slaplanner.plan.months import DAYS_PER_MONTH, MONTH_NAMES
from slaplanner.results import MISSING_PREFIX, PlanResults

FIRST_MONTH_COL = 3  # column C: months run from here on the Assumptions and Funnel sheets
TIER_COLUMNS = ("Tier", "Clock", "Target (min)", "Target share", "Median (min)", "P90 (min)", "P95 (min)",
                "P(within target)", "P(met)", "P(accept met)", "P(touches met)")  # fmt: skip

TITLE_FONT = Font(bold=True, size=14, color="1F5A96")
HEAD_FONT = Font(bold=True, color="FFFFFF")
HEADER_CHAR_WIDTH = 1.1  # column-width units one character of a bold header label takes
DEFAULT_COLUMN_WIDTH = 8.43  # a column whose width is not set
TEXT_AFTER_NUMBER = Alignment(horizontal="left", indent=1)
HEAD_FILL = PatternFill("solid", fgColor="1F5A96")
BLOCK_FONT = Font(bold=True, color="1F5A96")
INPUT_FONT = Font(color="0000FF")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
NOTE_FONT = Font(italic=True, color="595959")
TOTAL_FONT = Font(bold=True)
THIN = Border(bottom=Side(style="thin", color="BFBFBF"))

COUNT = "#,##0"
COUNT_SIGNED = "+#,##0;-#,##0;0"
RATE = "0.0%"
MONTH = "mmm yyyy"


def put_text(cell: Any, text: str) -> None:
    """Write user or import text so that it stays text: never a formula, even if it looks like
    one (:func:`slaplanner.cells.is_formula_like`; the quote prefix keeps it text when edited, too)."""
    cell.value = text
    if is_formula_like(text):
        cell.data_type = "s"
        cell.quotePrefix = True


def _money_format(currency: str) -> str:
    return f'#,##0 "{currency}"'


@dataclass
class _Names:
    """Defined names as they are added (name -> reference), to add to the workbook at the end."""

    refs: dict[str, str] = field(default_factory=dict)

    def cell(self, name: str, ws: Worksheet, row: int, col: int) -> str:
        self.refs[name] = f"{quote_sheetname(ws.title)}!${get_column_letter(col)}${row}"
        return name

    def row(self, name: str, ws: Worksheet, row: int, first_col: int, last_col: int) -> str:
        a, b = get_column_letter(first_col), get_column_letter(last_col)
        self.refs[name] = f"{quote_sheetname(ws.title)}!${a}${row}:${b}${row}"
        return name


class _Validations:
    """One DataValidation per kind per sheet, cells added as inputs are written."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.kinds: dict[str, DataValidation] = {}

    def add(self, kind: str, cell: Any) -> None:
        if kind not in self.kinds:
            self.kinds[kind] = self._make(kind)
            self.ws.add_data_validation(self.kinds[kind])
        self.kinds[kind].add(cell)

    @staticmethod
    def _make(kind: str) -> DataValidation:
        rules: dict[str, tuple[str, str, str, str]] = {
            "rate": ("decimal", "0", "1", "A conversion rate from 0 % to 100 %."),
            "share": ("decimal", "0", "1", "A share from 0 % to 100 %."),
            "money": ("decimal", "0.01", "1000000000000", "An amount above zero."),
            "days": ("decimal", "0", "730", "Days from 0 to 730."),
            "leads": ("decimal", "0", "1000000000", "Leads per month, zero or more."),
            "factor": ("decimal", "0", "10", "A seasonality factor from 0 to 10 (1 is an average month)."),
            "growth": ("decimal", "-0.5", "1", "Growth per month from -50 % to 100 %."),
            "target": ("decimal", "0", "1000000000000", "A revenue target, zero or more."),
            "month": ("date", "32874", "109938", "A month between 1990 and 2199."),
        }
        if kind == "scenario":
            dv = DataValidation(type="list", formula1='"' + ",".join(SCENARIOS) + '"', allow_blank=False)
            dv.error = "Choose low, likely or high."
        else:
            kind_type, low, high, message = rules[kind]
            dv = DataValidation(type=kind_type, operator="between", formula1=low, formula2=high, allow_blank=False)
            dv.error = message
            dv.prompt = message
            dv.showInputMessage = True
        dv.errorTitle = "Not allowed"
        dv.showErrorMessage = True
        return dv


def _input(ws: Worksheet, v: _Validations, row: int, col: int, value: Any, fmt: str, kind: str) -> Any:
    cell = ws.cell(row=row, column=col, value=value)
    cell.number_format = fmt
    cell.font = INPUT_FONT
    cell.fill = INPUT_FILL
    v.add(kind, cell)
    return cell


def _header(ws: Worksheet, row: int, labels: Sequence[str], first_col: int = 1) -> None:
    for i, label in enumerate(labels):
        cell = ws.cell(row=row, column=first_col + i)
        put_text(cell, label)
        cell.font = HEAD_FONT
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _title(ws: Worksheet, text: str, note: str = "") -> None:
    put_text(ws.cell(row=1, column=1), text)
    ws.cell(row=1, column=1).font = TITLE_FONT
    if note:
        put_text(ws.cell(row=2, column=1), note)
        ws.cell(row=2, column=1).font = NOTE_FONT


def header_lines(label: str, width: float) -> int:
    """How many lines ``label`` takes in a header cell ``width`` wide, wrapped at spaces."""
    per_line = max(1, int((width - 1) / HEADER_CHAR_WIDTH))
    lines = used = 0
    for word in label.split():
        if used and used + 1 + len(word) <= per_line:
            used += 1 + len(word)
            continue
        pieces = math.ceil(len(word) / per_line)  # a word longer than a line breaks inside it
        lines += pieces
        used = len(word) - (pieces - 1) * per_line
    return max(1, lines)


def _fit_header_rows(ws: Worksheet) -> None:
    """Make each header row tall enough for its wrapped labels (LibreOffice and Excel clip a
    wrapped label to the row's height rather than grow the row)."""
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.fill.fgColor.rgb == HEAD_FILL.fgColor.rgb:
                width = ws.column_dimensions[get_column_letter(cell.column)].width or DEFAULT_COLUMN_WIDTH
                lines = max(lines, header_lines(cell.value, width))
        if lines > 1:
            number = row[0].row
            ws.row_dimensions[number].height = max(15.0 * lines, ws.row_dimensions[number].height or 0)


def _print_setup(ws: Worksheet, title_rows: str, landscape: bool = True) -> None:
    _fit_header_rows(ws)
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddHeader.center.text = "&A"
    ws.oddFooter.left.text = "SLA Planner"
    ws.oddFooter.right.text = "Page &P of &N"


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
    revenue_planned: int = 0
    revenue_required: int = 0


def _assumptions(wb: Workbook, plan: Plan, scenario: str, names: _Names) -> None:
    ws = wb.create_sheet("Assumptions")
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
    ws.cell(row=row, column=2, value=f"=ROUND({x},0)-IF(AND(MOD({x},1)=0.5,MOD(ROUND({x},0),2)=1),1,0)")
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
            used = ws.cell(row=row, column=6, value=f'=IF(Scenario="low",C{row},IF(Scenario="high",E{row},D{row}))')
            used.number_format = RATE
            names.cell(f"Source{i}_Rate{k}", ws, row, 6)

    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 22
    for col in range(3, max(last_col, FIRST_MONTH_COL + 11) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 13
    ws.freeze_panes = "B5"
    _print_setup(ws, "1:4")


def _first_day(month: str) -> date:
    year, mon = (int(p) for p in month.split("-"))
    return date(year, mon, 1)


def _block(ws: Worksheet, row: int, text: str) -> None:
    put_text(ws.cell(row=row, column=1), text)
    ws.cell(row=row, column=1).font = BLOCK_FONT


# -- Funnel -----------------------------------------------------------------------------------
def _funnel(wb: Workbook, plan: Plan, names: _Names) -> _Layout:
    ws = wb.create_sheet("Funnel")
    n = plan.horizon_months
    stages = plan.stages
    last = len(stages) - 1
    lay = _Layout(n_months=n, month_cols=tuple(FIRST_MONTH_COL + i for i in range(n)))
    first, end = lay.month_cols[0], lay.month_cols[-1]
    lay.total_col = end + 1
    fl, ll = get_column_letter(first), get_column_letter(end)
    _title(ws, "Funnel", "Formulas over the Assumptions: the forward (planned) and required funnel per month.")
    ws["D1"] = '="Rates: "&Scenario&"; sales cycle "&LagMonths&IF(LagMonths=1," month"," months")'
    ws["D1"].font = NOTE_FONT
    _header(ws, lay.header_row, ("Block", "Stage / source"))
    for i, col in enumerate(lay.month_cols):
        letter = get_column_letter(col)
        cell = ws.cell(row=lay.header_row, column=col, value=f"=EDATE(StartMonth,{letter}${lay.index_row})")
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

    def months_row(r: int, formula: Any, fmt: str = COUNT, total: bool = True) -> None:
        for col in lay.month_cols:
            cell = ws.cell(row=r, column=col, value=formula(get_column_letter(col)))
            cell.number_format = fmt
        if total:
            cell = ws.cell(row=r, column=lay.total_col, value=f"=SUM({fl}{r}:{ll}{r})")
            cell.number_format = fmt
            cell.font = TOTAL_FONT

    idx = f"${lay.index_row}"  # the month index row, used as X$5

    # Cohort by source: leads, then each stage = the stage above x the rate used.
    _block(ws, source_label_row, "Cohort by source (every stage in the month its leads arrive)")
    for i, src in enumerate(plan.sources, start=1):
        for k, stage in enumerate(stages):
            r = source_rows[(i, k)]
            label(r, src.name, stage)
            if k == 0 and src.volume_mode == "monthly":
                months_row(r, lambda c, i=i: f"=INDEX(Source{i}_Leads,1,{c}{idx}+1)")
            elif k == 0:
                months_row(
                    r,
                    lambda c, i=i: (
                        f"=Source{i}_Baseline*INDEX(Source{i}_Seasonality,1,MONTH({c}${lay.header_row}))"
                        f"*(1+Source{i}_Growth)^{c}{idx}"
                    ),
                )
            else:
                above = source_rows[(i, k - 1)]
                months_row(r, lambda c, i=i, k=k, above=above: f"={c}{above}*Source{i}_Rate{k}")

    _block(ws, cohort_label_row, "Cohort total (all sources)")
    for k, stage in enumerate(stages):
        r = lay.cohort[k]
        label(r, "Cohort", stage)
        parts = [source_rows[(i, k)] for i in range(1, len(plan.sources) + 1)]
        months_row(r, lambda c, parts=parts: "=" + ("+".join(f"{c}{p}" for p in parts) if parts else "0"))

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
        cell = ws.cell(row=r, column=first, value=f"=IF({upper}>0,{lower}/{upper},{fallback})")
        cell.number_format = RATE
        names.cell(f"BlendedRate{k + 1}", ws, r, first)

    _block(ws, lay.planned[0] - 1, "Planned (forward funnel; wins in the month they close)")
    won_cohort = f"${fl}${lay.cohort[last]}:${ll}${lay.cohort[last]}"
    for k, stage in enumerate(stages):
        r = lay.planned[k]
        label(r, "Planned", stage)
        if k < last:
            months_row(r, lambda c, k=k: f"={c}{lay.cohort[k]}")
        else:
            months_row(r, lambda c: f"=INDEX({won_cohort},1,MAX(1,{c}{idx}+1-LagMonths))")

    _block(ws, lay.required[0] - 1, "Required (reverse funnel from the revenue target)")
    won_required = f"${fl}${lay.required[last]}:${ll}${lay.required[last]}"
    for k in range(last, -1, -1):
        r = lay.required[k]
        label(r, "Required", stages[k])
        if k == last:
            months_row(r, lambda c: f"=INDEX(RevenueTarget,1,{c}{idx}+1)*MarketingShare/DealSize")
        elif k == last - 1:
            months_row(
                r,
                lambda c, k=k: (
                    f"=IF(BlendedRate{k + 1}>0,INDEX({won_required},1,MIN({c}{idx}+1+LagMonths,{n}))"
                    f"/BlendedRate{k + 1},0)"
                ),
            )
        else:
            nxt = lay.required[k + 1]
            months_row(r, lambda c, k=k, nxt=nxt: f"=IF(BlendedRate{k + 1}>0,{c}{nxt}/BlendedRate{k + 1},0)")

    _block(ws, lay.gap[0] - 1, "Gap (planned minus required; negative is short of the goal)")
    for k, stage in enumerate(stages):
        r = lay.gap[k]
        label(r, "Gap", stage)
        months_row(r, lambda c, k=k: f"={c}{lay.planned[k]}-{c}{lay.required[k]}", COUNT_SIGNED)

    money = COUNT  # the currency is in the block's title: "1,048,739 USD" does not fit a month column
    _block(ws, revenue_label_row, f"Marketing-sourced revenue ({plan.currency})")
    label(lay.revenue_planned, "Revenue", "Planned")
    months_row(lay.revenue_planned, lambda c: f"={c}{lay.planned[last]}*DealSize", money)
    label(lay.revenue_required, "Revenue", "Required")
    months_row(lay.revenue_required, lambda c: f"=INDEX(RevenueTarget,1,{c}{idx}+1)*MarketingShare", money)

    k_sql = _sql_index(plan)
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
    ws.freeze_panes = ws.cell(row=lay.index_row + 1, column=FIRST_MONTH_COL)
    _print_setup(ws, f"{lay.header_row}:{lay.header_row}")
    return lay


# -- Summary ----------------------------------------------------------------------------------
def _summary(wb: Workbook, plan: Plan, results: PlanResults, lay: _Layout, facts: AgreementFacts | None = None) -> None:
    ws = wb.create_sheet("Summary", 0)
    money = _money_format(plan.currency)
    k = _sql_index(plan)
    sql = plan.stages[k]
    _title(ws, plan.name, "Headline numbers: live formulas over the Funnel (change the Assumptions to see them move).")
    ws["A3"] = '="Rates: "&Scenario'
    ws["A3"].font = NOTE_FONT
    if facts is not None:
        put_text(ws["B3"], proposal_line(facts))
        ws["B3"].font = BLOCK_FONT
    _header(ws, 4, ("Measure", "Value"))
    headline = (
        (f"{sql}s planned", "=TotalSQLsPlanned", COUNT),
        (f"{sql}s required", "=TotalSQLsRequired", COUNT),
        (f"{sql} gap", "=TotalSQLsPlanned-TotalSQLsRequired", COUNT_SIGNED),
        ("Wins planned", "=TotalWinsPlanned", COUNT),
        ("Wins required", "=TotalWinsRequired", COUNT),
        ("Revenue planned (marketing-sourced)", "=RevenuePlanned", money),
        ("Revenue required", "=RevenueRequired", money),
        ("Revenue gap", "=RevenuePlanned-RevenueRequired", f"+{money};-{money};0"),
        ("Leads needed for the goal", "=TotalLeadsRequired", COUNT),
    )
    for i, (label_text, formula, fmt) in enumerate(headline, start=5):
        put_text(ws.cell(row=i, column=1), label_text)
        cell = ws.cell(row=i, column=2, value=formula)
        cell.number_format = fmt
        cell.font = TOTAL_FONT
        ws.cell(row=i, column=1).border = ws.cell(row=i, column=2).border = THIN

    row = 5 + len(headline) + 1
    _block(ws, row, "Scenarios (values computed by SLA Planner with each rate column)")
    row += 1
    _header(ws, row, ("Rates", f"{sql}s planned", f"{sql}s required", "Revenue planned", "Revenue required"))
    for name in SCENARIOS:
        s = results.scenarios.get(name)
        if s is None:
            continue
        row += 1
        put_text(ws.cell(row=row, column=1), name)
        for col, value, fmt in (
            (2, sum(s.forward[k]), COUNT),
            (3, sum(s.required[k]), COUNT),
            (4, sum(s.revenue_planned), money),
            (5, sum(s.revenue_required), money),
        ):
            ws.cell(row=row, column=col, value=value).number_format = fmt

    # The monthly table the charts draw from (formulas over the Funnel).
    table_col = 8
    _header(ws, 4, ("Month", f"{sql}s planned", f"{sql}s required", "Revenue planned", "Revenue required"), table_col)
    for m, col in enumerate(lay.month_cols):
        r = 5 + m
        c = get_column_letter(col)
        cells = (
            (f"=Funnel!{c}${lay.header_row}", MONTH),
            (f"=Funnel!{c}{lay.planned[k]}", COUNT),
            (f"=Funnel!{c}{lay.required[k]}", COUNT),
            (f"=Funnel!{c}{lay.revenue_planned}", money),
            (f"=Funnel!{c}{lay.revenue_required}", money),
        )
        for j, (formula, fmt) in enumerate(cells):
            ws.cell(row=r, column=table_col + j, value=formula).number_format = fmt
    last_row = 4 + lay.n_months

    bars = BarChart()
    bars.type = "col"
    bars.y_axis.title = f"{sql}s"
    _chart(bars, f"{sql}s per month: planned and required", ws, table_col, 1, last_row)
    ws.add_chart(bars, f"A{row + 3}")
    lines = _chart(LineChart(), f"Marketing-sourced revenue per month ({plan.currency})", ws, table_col, 3, last_row)
    ws.add_chart(lines, f"H{max(last_row, row) + 3}")

    ws.column_dimensions["A"].width = 36
    for letter in "BCDE":
        ws.column_dimensions[letter].width = 20
    ws.column_dimensions["F"].width = 4
    ws.column_dimensions["G"].width = 4
    for j in range(5):
        ws.column_dimensions[get_column_letter(table_col + j)].width = 20
    ws.freeze_panes = "A5"
    _print_setup(ws, "1:4")


def _chart(chart: Any, title: str, ws: Worksheet, table_col: int, first_series: int, last_row: int) -> Any:
    """Fill a native chart with two series of the monthly table (months as categories)."""
    chart.title = title
    chart.y_axis.numFmt = COUNT
    data = Reference(ws, min_col=table_col + first_series, max_col=table_col + first_series + 1, min_row=4,
                     max_row=last_row)  # fmt: skip
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=table_col, min_row=5, max_row=last_row))
    chart.x_axis.number_format = "mmm"
    # openpyxl 3.1 marks axes deleted by default; Excel then draws no axis labels.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.height, chart.width = 7.5, 16
    return chart


# -- Capacity and Simulation ------------------------------------------------------------------
def _note(ws: Worksheet, row: int, text: str, col: int = 1) -> None:
    put_text(ws.cell(row=row, column=col), text)
    ws.cell(row=row, column=col).font = NOTE_FONT


def _value_rows(ws: Worksheet, row: int, rows: Sequence[Sequence[Any]], formats: Sequence[str]) -> int:
    """Write rows of values (text stays text) from ``row`` on; return the next free row."""
    for values in rows:
        for col, (value, fmt) in enumerate(zip(values, formats), start=1):
            if isinstance(value, str):
                put_text(ws.cell(row=row, column=col), value)
                if col > 1:  # a gap from a right-aligned number on its left ("5  business", not "5business")
                    ws.cell(row=row, column=col).alignment = TEXT_AFTER_NUMBER
            elif value is not None:
                ws.cell(row=row, column=col, value=value).number_format = fmt
        row += 1
    return row


def _capacity(wb: Workbook, plan: Plan, results: PlanResults, lay: _Layout) -> None:
    ws = wb.create_sheet("Capacity")
    k = _sql_index(plan)
    sim = results.simulation
    roles = plan.team.roles
    _title(ws, "Capacity", "The workload sales must absorb (live, from the Funnel) and the team's headcount and "
                           "utilisation (values from the simulation).")  # fmt: skip
    labels = ["Month", f"{plan.stages[k]}s to work"]
    for role in roles:
        labels += [f"{role.name or role.kind} headcount", f"{role.name or role.kind} utilisation"]
    _header(ws, 4, labels)
    utilisation = {r.role: r.utilisation for r in sim.roles} if sim is not None else {}
    for m, col in enumerate(lay.month_cols):
        c, r = get_column_letter(col), 5 + m
        ws.cell(row=r, column=1, value=f"=Funnel!{c}${lay.header_row}").number_format = MONTH
        ws.cell(row=r, column=2, value=f"=Funnel!{c}{lay.planned[k]}").number_format = COUNT
        for j, role in enumerate(roles):
            ws.cell(row=r, column=3 + 2 * j, value=role.headcount_in(m)).number_format = "0"
            used = utilisation.get(role.name or role.kind, ())
            if m < len(used):
                ws.cell(row=r, column=4 + 2 * j, value=used[m]).number_format = RATE
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
        needed = hc.headcount_needed if hc.headcount_needed is not None else "not reached"
        row = _value_rows(  # labels in A overflow into the empty B to D; values in E
            ws,
            row + 1,
            [
                (
                    f"{hc.role}s for a {hc.target_probability:.0%} chance of meeting every first touch",
                    None,
                    None,
                    None,
                    needed,
                ),
                ("Account executives to carry the open opportunities", None, None, None, sim.ae_needed),
                ("Bottleneck", None, None, None, sim.bottleneck_detail or sim.bottleneck or "none"),
            ],
            ("@", "@", "@", "@", "0"),
        )
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
    for j in range(2, max(9, 3 + 2 * len(roles))):
        ws.column_dimensions[get_column_letter(j)].width = 17
    ws.row_dimensions[4].height = 45
    ws.freeze_panes = "B5"
    _print_setup(ws, "1:4")


def _simulation(wb: Workbook, plan: Plan, results: PlanResults) -> None:
    ws = wb.create_sheet("Simulation")
    sim = results.simulation
    note = (
        f"Percentiles of {sim.runs:,} simulated horizons (seed {sim.seed}), as values: they do not recalculate."
        if sim is not None
        else "Percentiles of a seeded Monte Carlo simulation, as values."
    )
    _title(ws, "Simulation", note)
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
    _print_setup(ws, "1:4")


# -- Proposals --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProposalColumn:
    """One proposal on the Proposals sheet: its figures, the version they are of, its status."""

    figures: ProposalFigures
    version: int
    status: str
    exported: bool = False


def proposal_line(facts: AgreementFacts) -> str:
    """``Proposal Compromise, version 2 · Draft: ... · fingerprint 1a2b3c4d5e6f``."""
    return (
        f"Proposal {facts.proposal}, version {facts.version} · {facts.status_text} · "
        f"fingerprint {facts.short_fingerprint}"
    )


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
        shown = f"Chance met: marketing's committed {sql}s" if label == MARKETING_SQLS else f"Chance met: {label}"
        rows.append((shown, f"p_met[{label}]", [f.p_met.get(label) for f in figures], "0%"))
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
    ws.freeze_panes = "B5"
    _print_setup(ws, "1:4")


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


def build_workbook(
    plan: Plan,
    results: PlanResults,
    *,
    facts: AgreementFacts | None = None,
    proposals: Sequence[ProposalColumn] = (),
    review: Review | None = None,
) -> Workbook:
    """The executive workbook for ``plan`` from its ``results`` (not yet saved).

    ``facts`` names the proposal, version and status on the Summary; ``proposals`` fills the
    Proposals sheet (default: this plan alone, from ``results``); ``review`` adds the Review sheet.
    """
    _sql_index(plan)
    wb = Workbook()
    wb.remove(wb.active)
    names = _Names()
    _assumptions(wb, plan, results.funnel.scenario, names)
    lay = _funnel(wb, plan, names)
    _summary(wb, plan, results, lay, facts)
    _capacity(wb, plan, results, lay)
    _simulation(wb, plan, results)
    if not proposals:
        name = facts.proposal if facts is not None else plan.name
        status = facts.status_text if facts is not None else "Draft"
        proposals = (ProposalColumn(figures_of(name, plan, results), facts.version if facts else 1, status, True),)
    _proposals(wb, plan, proposals, results.settings.describe())
    if review is not None:
        add_review_sheet(wb, review)
    for name, ref in names.refs.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    wb.calculation.fullCalcOnLoad = True
    wb.properties.title = plan.name
    wb.properties.creator = "SLA Planner"
    wb.active = 0
    return wb


def write_workbook(
    plan: Plan,
    path: str | Path,
    results: PlanResults,
    *,
    facts: AgreementFacts | None = None,
    proposals: Sequence[ProposalColumn] = (),
    review: Review | None = None,
) -> None:
    """Write the executive workbook for ``plan`` at ``path`` (atomically); with ``review``, a
    Review sheet of last quarter's actuals against the SLA."""
    wb = build_workbook(plan, results, facts=facts, proposals=proposals, review=review)
    atomic_write(Path(path), lambda tmp: wb.save(str(tmp)))
