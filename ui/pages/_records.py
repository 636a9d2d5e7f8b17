"""The one table adapter for lists of records inside the plan (not a page: the name starts with _).

:class:`RecordTableModel` shows a tuple of records inside the plan (``("team", "roles")``,
``("definitions", "fit")``) as rows, one column per field; typing into a cell becomes one
:class:`~slaplanner.plan.edits.Edit` at ``path + (row, field)``, so the core validates it and undo
works as everywhere else. The Capacity, Commitments and Definitions pages all use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slaplanner.cells import share_text
from slaplanner.plan.definitions import (
    events_from_text,
    events_text,
    fields_from_text,
    fields_text,
    values_from_text,
    values_text,
)
from slaplanner.plan.edits import Edit, get_at
from slaplanner.plan.labels import code_of
from slaplanner.plan.model import Plan
from ui.document import PlanDocument
from ui.numbers import fmt_percent, fmt_plain
from ui.qt import Qt
from ui.tables import CellRefused, PlanTableModel, duration_or_refuse, number_or_refuse, share_or_refuse

KINDS = ("text", "int", "number", "percent", "minutes", "hours", "values", "fields", "events", "bool")


@dataclass(frozen=True)
class Column:
    """One column: its header, the record's field and how values are typed.

    ``kind``: one of :data:`KINDS`: ``text``, ``int``, ``number``, ``percent`` (a share, typed as
    22 or 22 % for 22 %, or as the fraction 0.22: see :func:`~slaplanner.cells.read_share`),
    ``values`` (a criterion's values, read for its operator), ``fields`` and ``events``
    (an example lead's facts), ``bool`` (yes / no). ``label`` shows a stored code in words
    (``gte`` -> ``≥``). ``choices``: the codes of a fixed choice (edited with a drop-down of their
    words; the words or the code typed are stored as the code); without, editing shows the code.
    """

    header: str
    field: str
    kind: str = "number"
    tooltip: str = ""
    label: Callable[[str], str] | None = None
    choices: tuple[str, ...] = ()

    def words(self) -> dict[str, str]:
        """The fixed choices: code -> words."""
        label = self.label or str
        return {code: label(code) for code in self.choices}

    def code_for(self, text: str) -> str:
        """The code of the choice typed or chosen (its words or its code); CellRefused for any other."""
        code = code_of(self.words(), text)
        if code is None:
            raise CellRefused(f"“{text.strip()}” is not allowed; allowed: one of {', '.join(self.words().values())}")
        return code

    @property
    def attr(self) -> str:
        """The record's attribute (the same as ``field``)."""
        return self.field


#: A response target's clock in words (the stored codes are "business" and "clock").
CLOCK_WORDS = {"business": "Business hours", "clock": "Around the clock"}
CLOCK_READS = {
    "business": ("business hours", "business", "working hours", "business time"),
    "clock": ("around the clock", "clock", "clock hours", "clock time", "24/7", "calendar"),
}


def parse_cell(kind: str, text: str, record: Any = None) -> Any:
    """What the user typed, as the field's type; CellRefused when it cannot be read.

    ``record`` is the row's record, for kinds read in its context (``values`` by its operator).
    """
    if kind == "text":
        return text.strip()
    if kind == "values":
        return values_from_text(record.operator, text)
    if kind == "fields":
        return fields_from_text(text)
    if kind == "events":
        return events_from_text(text)
    if kind == "bool":
        word = text.strip().lower()
        if word in ("yes", "y", "true", "1", "on"):
            return True
        if word in ("no", "n", "false", "0", "off", ""):
            return False
        raise CellRefused(f"{text!r}: type yes or no")
    if kind == "clock":  # a drop-down of CLOCK_WORDS; typed words read too
        word = text.strip().casefold()
        for code, words in CLOCK_READS.items():
            if word in words:
                return code
        raise CellRefused(f"“{text.strip()}” is not a clock; allowed: {' or '.join(CLOCK_WORDS.values())}")
    if kind in ("minutes", "hours"):  # "90 min", "1h", "2 days"
        return duration_or_refuse(text, unit=kind)
    value = share_or_refuse(text) if kind == "percent" else number_or_refuse(text)
    if kind == "int":
        if value != int(value):
            raise CellRefused(f"{text!r} is not a whole number")
        return int(value)
    return value


def show_cell(kind: str, value: Any) -> str:
    """A stored value as text (codes, not labels)."""
    if kind == "percent":
        return fmt_percent(value)
    if kind == "values":
        return values_text(value)
    if kind == "fields":
        return fields_text(value)
    if kind == "events":
        return events_text(value)
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "clock":
        return CLOCK_WORDS.get(value, str(value))
    if isinstance(value, float):
        return fmt_plain(value)
    return str(value)


class RecordTableModel(PlanTableModel):
    """Rows: the records at ``path`` in the plan; columns: their fields.

    Rows are headed by the record's ``name_field`` (shown through ``names``), or numbered;
    ``what`` names a numbered row in the Edit menu ("Edit criterion 2, Points").
    ``numeric=False`` aligns every cell left (tables of words).
    """

    def __init__(
        self,
        document: PlanDocument,
        path: tuple[str, ...],
        columns: tuple[Column, ...],
        name_field: str = "",
        parent: Any = None,
        names: dict[str, str] | None = None,
        *,
        what: str = "",
        numeric: bool = True,
    ):
        self.path = path
        self.columns = columns
        self.name_field = name_field
        self.names = names or {}
        self.what = what
        self.numeric = numeric
        super().__init__(document, parent)

    @property
    def section(self) -> str:
        """The last step of the path: ``"fit"`` for ``("definitions", "fit")``."""
        return str(self.path[-1])

    def records(self, plan: Plan | None = None) -> tuple[Any, ...]:
        return tuple(get_at(plan if plan is not None else self.plan, self.path))

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(self.records(plan)), len(self.columns)

    def row_name(self, row: int) -> str:
        if not self.name_field:
            return f"{self.what} {row + 1}" if self.what else str(row + 1)
        name = str(getattr(self.records()[row], self.name_field))
        return self.names.get(name, name)

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.row_name(section) if self.name_field else str(section + 1)
        return self.columns[section].header

    def value(self, row: int, col: int) -> Any:
        return getattr(self.records()[row], self.columns[col].field)

    def display(self, row: int, col: int, value: Any) -> str:
        column = self.columns[col]
        code = show_cell(column.kind, value)
        return column.label(code) if column.label is not None and code else code

    def column_at(self, col: int) -> Column | None:
        """The record field shown in view column ``col`` (None for a column derived from several)."""
        return self.columns[col]

    def edit_text(self, row: int, col: int, value: Any) -> str:
        column = self.columns[col]
        if column.choices and column.label is not None and value:
            return column.label(str(value))
        if column.kind == "percent":
            return share_text(value)
        return show_cell(self.columns[col].kind, value)

    def is_percent(self, row: int, col: int) -> bool:
        column = self.column_at(col)  # None for a derived column (the Examples table's Result, Score)
        return column is not None and column.kind == "percent"

    def is_share(self, row: int, col: int) -> bool:
        return self.is_percent(row, col)

    def tooltip(self, row: int, col: int) -> str | None:
        column = self.columns[col]
        if column.label is not None:
            code = show_cell(column.kind, getattr(self.records()[row], column.field))
            stored = f"Stored as {code}" if code else ""
            return ". ".join(t for t in (stored, column.tooltip) if t) or None
        return column.tooltip or None

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def label_for(self, row: int, col: int) -> str:
        return f"Edit {self.row_name(row)}, {self.columns[col].header}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        column = self.columns[col]
        if column.choices:
            value: Any = column.code_for(text)
        else:
            value = parse_cell(column.kind, text, self.records(plan)[row])
        return [Edit((*self.path, row, column.field), value, self.label_for(row, col))]


def fit_height(view: Any, extra_rows: int = 0) -> None:
    """Make a table view exactly as tall as its rows (small tables waste no space, need no scrolling)."""
    rows = view.verticalHeader()  # its length: every row, each as tall as its wrapped text
    height = view.horizontalHeader().height() + rows.length() + extra_rows * rows.defaultSectionSize()
    height += 2 * view.frameWidth()
    if view.horizontalScrollBar().isVisible():
        height += view.horizontalScrollBar().height()
    view.setFixedHeight(height + 2)
    if hasattr(view, "rows_in_sight"):
        view.rows_in_sight = extra_rows  # a GridView keeps this up when the zoom or its headings change
