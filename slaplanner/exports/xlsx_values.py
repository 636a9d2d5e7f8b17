"""Formulas that carry their computed value, so a workbook shows its numbers before recalculation.

openpyxl writes a formula cell as ``<c><f>...</f><v></v></c>``: no stored result. Excel's
Protected View (every e-mailed file), mail previews, Quick Look and viewers without a calculation
engine then show blanks. The workbook builder knows every formula's value from the model's own
results (the funnel, the simulation); :class:`CachedValues` keeps them as the formulas are
written, and :func:`save_with_values` saves the workbook and puts each value into its cell's
``<v>`` (``t="str"`` for text, ``t="b"`` for a truth value, dates as serial numbers).

A formula without a value is refused when saving (:class:`MissingValueError`), so no cell can
silently stay blank. The workbook keeps ``fullCalcOnLoad``: Excel and LibreOffice still
recalculate every formula when the file is opened for editing, so the formulas stay live.
"""

from __future__ import annotations

import io
import math
import posixpath
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree
from openpyxl import Workbook
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

CellValue = float | int | str | bool | date | datetime


class MissingValueError(RuntimeError):
    """A formula was written without the value it computes (a defect of the builder)."""


class CachedValues:
    """The value of every formula written so far, by sheet title and cell coordinate."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], CellValue] = {}

    def formula(self, ws: Worksheet, row: int, col: int, formula: str, value: CellValue) -> Any:
        """Write ``formula`` into ``ws`` at (``row``, ``col``) and remember that it computes ``value``."""
        cell = ws.cell(row=row, column=col, value=formula)
        self.values[(ws.title, cell.coordinate)] = value
        return cell

    def value_of(self, ws: Worksheet, coordinate: str) -> CellValue:
        """The value remembered for the formula at ``coordinate`` of ``ws``."""
        return self.values[(ws.title, coordinate)]


def _cell_text(value: CellValue) -> tuple[str, str | None]:
    """The ``<v>`` text and the ``t`` attribute for a formula's value."""
    if isinstance(value, bool):
        return ("1" if value else "0"), "b"
    if isinstance(value, (datetime, date)):
        return repr(float(to_excel(value))), None
    if isinstance(value, str):
        return value, "str"
    number = float(value)
    if not math.isfinite(number):
        raise MissingValueError(f"a formula's value is not a finite number: {value!r}")
    return (str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)), None


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> the worksheet part's name in the package (read from the workbook's relationships)."""
    book = etree.fromstring(archive.read("xl/workbook.xml"))
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{PACKAGE_REL}}}Relationship")}
    parts = {}
    for sheet in book.iter(f"{{{MAIN}}}sheet"):
        target = str(targets[sheet.get(f"{{{REL}}}id")])
        parts[str(sheet.get("name"))] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return parts


def _fill_sheet(xml: bytes, title: str, values: dict[tuple[str, str], CellValue]) -> bytes:
    root = etree.fromstring(xml)
    for cell in root.iter(f"{{{MAIN}}}c"):
        if cell.find(f"{{{MAIN}}}f") is None:
            continue
        ref = str(cell.get("r"))
        if (title, ref) not in values:
            raise MissingValueError(f"the formula in {title}!{ref} has no value to show before recalculation")
        text, kind = _cell_text(values[(title, ref)])
        v = cell.find(f"{{{MAIN}}}v")
        if v is None:
            v = etree.SubElement(cell, f"{{{MAIN}}}v")
        v.text = text
        if kind is None:
            cell.attrib.pop("t", None)
        else:
            cell.set("t", kind)
    for part in ("oddHeader", "oddFooter"):  # a line break in the print header, as Excel writes it
        for node in root.iter(f"{{{MAIN}}}{part}"):
            node.text = (node.text or "").replace("_x000a_", "\n")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def with_values(data: bytes, values: dict[tuple[str, str], CellValue]) -> bytes:
    """The .xlsx package ``data`` with every formula cell's ``<v>`` set from ``values``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        by_part = {part: title for title, part in _sheet_parts(source).items()}
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in by_part:
                content = _fill_sheet(content, by_part[info.filename], values)
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def save_with_values(wb: Workbook, values: CachedValues, target: str | Path | BinaryIO) -> None:
    """Save ``wb`` to ``target`` (a path or a binary file) with every formula's value stored.

    Raises :class:`MissingValueError` when a formula was written without a value.
    """
    raw = io.BytesIO()
    wb.calculation.fullCalcOnLoad = True  # Excel and LibreOffice recalculate on open: the formulas stay live
    wb.save(raw)
    data = with_values(raw.getvalue(), values.values)
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def saver(wb: Workbook, values: CachedValues) -> Callable[[Path], None]:
    """A writer for :func:`slaplanner.files.atomic_write`."""
    return lambda tmp: save_with_values(wb, values, tmp)
