"""The executive workbook's look and print setup: fonts, fills, number formats, headers, notes.

Every cell names its font (Arial: LibreOffice uses the metric-compatible Liberation Sans where
Arial is not installed, so columns and line breaks come out the same in Excel and LibreOffice).
Text that came from users or imports is always written as text, never as a formula (:func:`put_text`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from slaplanner.cells import is_formula_like
from slaplanner.engine.funnel import SCENARIOS

FIRST_MONTH_COL = 3  # column C: months run from here on the Assumptions and Funnel sheets
TIER_COLUMNS = ("Tier", "Clock", "Target (min)", "Target share", "Median (min)", "P90 (min)", "P95 (min)",
                "Share within target", "P(met)", "P(accept met)", "P(touches met)")  # fmt: skip
# ("Share within target" is the share of the tier's leads first touched in time; a P(...) is a chance
# over runs, as in the glossary)

#: Every cell names its font, so Excel and LibreOffice render alike: Arial, which LibreOffice
#: replaces by the metric-compatible Liberation Sans where Arial is not installed (same widths).
FONT_NAME = "Arial"
BASE_SIZE = 10  # points; nothing in the workbook is smaller than MIN_PRINTED_SIZE once printed
MIN_PRINTED_SIZE = 9
BASE_FONT = Font(name=FONT_NAME, size=BASE_SIZE)
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14, color="1F5A96")
HEAD_FONT = Font(name=FONT_NAME, size=BASE_SIZE, bold=True, color="FFFFFF")
HEADER_CHAR_WIDTH = 1.1  # column-width units one character of a bold header label takes
TEXT_CHAR_WIDTH = 0.95  # column-width units one character of a regular 10 pt label takes (a little generous)
TEXT_LINE_HEIGHT = 13.5  # points a line of wrapped 10 pt text takes
DEFAULT_COLUMN_WIDTH = 8.43  # a column whose width is not set
TEXT_AFTER_NUMBER = Alignment(horizontal="left", indent=1)
HEAD_FILL = PatternFill("solid", fgColor="1F5A96")
BLOCK_FONT = Font(name=FONT_NAME, size=BASE_SIZE + 1, bold=True, color="1F5A96")
INPUT_FONT = Font(name=FONT_NAME, size=BASE_SIZE, color="0000FF")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
NOTE_FONT = Font(name=FONT_NAME, size=BASE_SIZE, italic=True, color="595959")
TOTAL_FONT = Font(name=FONT_NAME, size=BASE_SIZE, bold=True)
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


def header_lines(label: str, width: float, char_width: float = HEADER_CHAR_WIDTH) -> int:
    """How many lines ``label`` takes in a header cell ``width`` wide, wrapped at spaces (``char_width``:
    the width units a character takes; a bold header's by default)."""
    per_line = max(1, int((width - 1) / char_width))
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
    wrapped label to the row's height rather than grow the row). A merged label wraps within all
    the columns it spans."""
    last_col = {(r.min_row, r.min_col): r.max_col for r in ws.merged_cells.ranges if r.min_row == r.max_row}
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.fill.fgColor.rgb == HEAD_FILL.fgColor.rgb:
                span = range(cell.column, last_col.get((cell.row, cell.column), cell.column) + 1)
                width = sum(ws.column_dimensions[get_column_letter(c)].width or DEFAULT_COLUMN_WIDTH for c in span)
                lines = max(lines, header_lines(cell.value, width))
        if lines > 1:
            number = row[0].row
            ws.row_dimensions[number].height = max(15.0 * lines, ws.row_dimensions[number].height or 0)


def wrap_cut_text(ws: Worksheet, columns: Sequence[int]) -> None:
    """Wrap each text cell of ``columns`` that is wider than its column and would be cut (a neighbour
    on the side it runs into holds something, or it is already set to wrap), and make its row tall
    enough for its lines: LibreOffice and Excel neither grow a row for wrapped text written by
    openpyxl nor show text cut by the next cell. Header cells are fitted by :func:`_fit_header_rows`."""
    for col in columns:
        width = ws.column_dimensions[get_column_letter(col)].width or DEFAULT_COLUMN_WIDTH
        for (cell,) in ws.iter_rows(min_col=col, max_col=col):
            text = cell.value
            if not isinstance(text, str) or cell.fill.fgColor.rgb == HEAD_FILL.fgColor.rgb:
                continue
            lines = header_lines(text, width, TEXT_CHAR_WIDTH)
            if lines == 1:
                continue
            alignment = cell.alignment
            side = col - 1 if alignment.horizontal == "right" else col + 1  # where the text runs into
            beside = ws.cell(row=cell.row, column=side).value if 1 <= side <= ws.max_column else None
            if not alignment.wrap_text and beside is None:
                continue  # runs over an empty neighbour: readable as it is
            wrapped = copy(alignment)
            wrapped.wrap_text = True
            cell.alignment = wrapped
            for other in ws[cell.row]:  # the row reads from its top line (text never runs up out of it)
                if other.value is not None:
                    top = copy(other.alignment)
                    top.vertical = "top"
                    other.alignment = top
            height = TEXT_LINE_HEIGHT * lines + 2
            ws.row_dimensions[cell.row].height = max(height, ws.row_dimensions[cell.row].height or 0)


@dataclass(frozen=True)
class PrintHeader:
    """What every printed page says at its top: the plan, the proposal and version, the day,
    and ``draft`` (red, centred) until both sides signed the version."""

    plan: str
    version: str = "version 1"
    day: str = ""
    draft: str = ""


#: Printable widths in millimetres with 12.7 mm side margins: the narrower of A4 and Letter,
#: so a sheet set up here prints the same on either paper.
PRINTABLE_MM = {"portrait": 210.0 - 25.4, "landscape": 279.4 - 25.4}
HEADER_SIZE = 9
HEADER_CHAR_MM = 1.75  # millimetres a character of the 9 pt header takes (a little generous, as for DejaVu Sans)


def header_chars(orientation: str, center: str = "") -> int:
    """How many characters the left or the right part of the page header may hold: each gets half
    of what the centred part (the red DRAFT) leaves of the printable width, less a gap, so none runs
    into another. (DRAFT on a line of its own below printed only a little lower in LibreOffice, over
    a long left part.)"""
    return int((PRINTABLE_MM[orientation] - len(center) * HEADER_CHAR_MM) / 2 / HEADER_CHAR_MM) - 2


def _header_text(text: str, limit: int = 70) -> str:
    text = text if len(text) <= limit else text[: max(1, limit - 1)] + "…"
    return text.replace("&", "&&")  # a single & starts a header code


def sheet_width_mm(ws: Worksheet, first: int = 1, last: int | None = None) -> float:
    """The printed width of columns ``first`` to ``last`` at 100 % (Arial 10: 7 px a width unit, 96 px an inch)."""
    last = ws.max_column if last is None else last
    units = sum(
        ws.column_dimensions[get_column_letter(c)].width or DEFAULT_COLUMN_WIDTH for c in range(first, last + 1)
    )
    return (units * 7 + 5 * (last - first + 1)) * 25.4 / 96


def pages_wide(width_mm: float, title_mm: float, orientation: str) -> int:
    """How many pages wide a sheet prints so that 10 pt text is 9 pt or more once scaled to fit."""
    most = PRINTABLE_MM[orientation] * BASE_SIZE / MIN_PRINTED_SIZE  # sheet millimetres one page takes
    if width_mm <= most:
        return 1
    return 1 + math.ceil((width_mm - most) / max(most - title_mm, most / 4))


def _wrap_long_notes(ws: Worksheet) -> None:
    """A note longer than the sheet is wide wraps within the sheet's columns (text running past the
    last column would widen the printed page, and so shrink every other line on it)."""
    last = ws.max_column
    units = sum(ws.column_dimensions[get_column_letter(c)].width or DEFAULT_COLUMN_WIDTH for c in range(1, last + 1))
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        text = cell.value
        if not (isinstance(text, str) and cell.font is not None and cell.font.i) or last < 2:
            continue
        lines = math.ceil(len(text) * 0.95 / max(units, 1))
        if lines > 1 and all(ws.cell(row=cell.row, column=c).value is None for c in range(2, last + 1)):
            ws.merge_cells(start_row=cell.row, start_column=1, end_row=cell.row, end_column=last)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[cell.row].height = 13.0 * lines


def _print_setup(ws: Worksheet, header: PrintHeader, title_rows: str, title_cols: str = "") -> None:
    """A4 (and Letter: widths are for the narrower), fit to width at 9 pt or more, landscape where
    wide; print titles; the plan, version and day in the header (DRAFT until signed); "Page N of M"."""
    _fit_header_rows(ws)
    _wrap_long_notes(ws)
    width = sheet_width_mm(ws)
    orientation = "portrait" if pages_wide(width, 0, "portrait") == 1 else "landscape"
    title_mm = 0.0
    if title_cols:
        a, b = (column_index_from_string(c.strip("$")) for c in title_cols.split(":"))
        title_mm = sheet_width_mm(ws, a, b)
        ws.print_title_cols = title_cols
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = pages_wide(width, title_mm, orientation)
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    # The plan and sheet on the left, the version and day on the right, the red DRAFT centred between
    # them, each within its share of the line.
    # "DRAFT" alone (the sheets' status rows say "not signed by both sides"): the whole sentence left
    # the version too little room on a portrait page.
    center = "DRAFT" if header.draft else ""
    half = header_chars(orientation, center)
    day = f" · {header.day}" if header.day else ""
    for part, text in (
        (ws.oddHeader.left, f"{_header_text(header.plan, half - 3 - len(ws.title))} · &A"),
        (ws.oddHeader.center, center),
        (ws.oddHeader.right, _header_text(header.version, half - len(day)) + day),
        (ws.oddFooter.left, "SLA Planner"),
        (ws.oddFooter.right, "Page &P of &N"),
    ):
        part.text = text
        part.font = f"{FONT_NAME},Bold" if part is ws.oddHeader.center else f"{FONT_NAME},Regular"
        part.size = HEADER_SIZE
        if part is ws.oddHeader.center:
            part.color = "C00000"


def _first_day(month: str) -> date:
    year, mon = (int(p) for p in month.split("-"))
    return date(year, mon, 1)


def _block(ws: Worksheet, row: int, text: str) -> None:
    put_text(ws.cell(row=row, column=1), text)
    ws.cell(row=row, column=1).font = BLOCK_FONT


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
