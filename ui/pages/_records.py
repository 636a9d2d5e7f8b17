"""Table models shared by the Commitments and Capacity pages (not a page: the name starts with _).

:class:`RecordTableModel` shows a tuple of records inside the plan (``("team", "roles")``) as
rows, one column per field; typing into a cell becomes one :class:`~slaplanner.plan.edits.Edit` at
``path + (row, field)``, so the core validates it and undo works as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slaplanner.plan.edits import Edit, get_at
from slaplanner.plan.model import Plan
from ui.document import PlanDocument
from ui.numbers import fmt_percent, fmt_plain
from ui.qt import Qt
from ui.tables import CellRefused, PlanTableModel, number_or_refuse


@dataclass(frozen=True)
class Column:
    """One column: its header, the record's field and how values are typed.

    ``kind``: ``text``, ``int``, ``number`` or ``percent`` (typed as 22 for 22 %).
    """

    header: str
    field: str
    kind: str = "number"
    tooltip: str = ""


def parse_cell(kind: str, text: str) -> Any:
    """What the user typed, as the field's type; CellRefused when it cannot be read."""
    if kind == "text":
        return text.strip()
    value = number_or_refuse(text, percent=kind == "percent")
    if kind == "int":
        if value != int(value):
            raise CellRefused(f"{text!r} is not a whole number")
        return int(value)
    return value


def show_cell(kind: str, value: Any) -> str:
    if kind == "percent":
        return fmt_percent(value)
    if isinstance(value, float):
        return fmt_plain(value)
    return str(value)


class RecordTableModel(PlanTableModel):
    """Rows: the records at ``path`` in the plan; columns: their fields."""

    def __init__(
        self,
        document: PlanDocument,
        path: tuple[str, ...],
        columns: tuple[Column, ...],
        name_field: str = "",
        parent: Any = None,
        names: dict[str, str] | None = None,
    ):
        self.path = path
        self.columns = columns
        self.name_field = name_field
        self.names = names or {}
        super().__init__(document, parent)

    def records(self, plan: Plan) -> tuple[Any, ...]:
        return tuple(get_at(plan, self.path))

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(self.records(plan)), len(self.columns)

    def row_name(self, row: int) -> str:
        record = self.records(self.plan)[row]
        if not self.name_field:
            return str(row + 1)
        name = str(getattr(record, self.name_field))
        return self.names.get(name, name)

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.row_name(section)
        return self.columns[section].header

    def value(self, row: int, col: int) -> Any:
        return getattr(self.records(self.plan)[row], self.columns[col].field)

    def display(self, row: int, col: int, value: Any) -> str:
        return show_cell(self.columns[col].kind, value)

    def edit_text(self, row: int, col: int, value: Any) -> str:
        if self.columns[col].kind == "percent":
            return fmt_plain(round(value * 100, 10))
        return show_cell(self.columns[col].kind, value)

    def tooltip(self, row: int, col: int) -> str | None:
        return self.columns[col].tooltip or None

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def label_for(self, row: int, col: int) -> str:
        return f"Edit {self.row_name(row)}, {self.columns[col].header}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        column = self.columns[col]
        value = parse_cell(column.kind, text)
        return [Edit((*self.path, row, column.field), value, self.label_for(row, col))]


def fit_height(view: Any, extra_rows: int = 0) -> None:
    """Make a table view exactly as tall as its rows (small tables waste no space, need no scrolling)."""
    model = view.model()
    rows = model.rowCount() if model is not None else 0
    row_height = view.verticalHeader().defaultSectionSize()
    height = view.horizontalHeader().height() + (rows + extra_rows) * row_height + 2 * view.frameWidth()
    if view.horizontalScrollBar().isVisible():
        height += view.horizontalScrollBar().height()
    view.setFixedHeight(height + 2)
