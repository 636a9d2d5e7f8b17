"""Table models over the plan and the grid view that edits them like a spreadsheet.

A :class:`PlanTableModel` is an adapter: it shows values read from the plan and turns what
the user types into :class:`~slaplanner.plan.edits.Edit` records for the document. It never decides
what is valid; the core does, and a refused value is shown in its cell (red, with the message
in the tooltip and the status bar) while the plan keeps its old value.

:class:`GridView` adds spreadsheet habits: paste a block from Excel or LibreOffice (one undo
step), copy as tab-separated text, fill a value right across the row (Ctrl+R).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from slaplanner.cells import block_is_fractions, clipboard_cell, is_number, parse_duration, read_share
from slaplanner.errors import ValidationError
from slaplanner.plan.edits import Edit, apply_edits
from slaplanner.plan.format import MONTH_NAMES
from slaplanner.plan.model import Plan
from slaplanner.plan.new_records import new_lead_source
from ui.document import PlanDocument
from ui.numbers import explain_problem, fmt_percent, fmt_plain, parse_block, parse_number
from ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QAction,
    QBrush,
    QColor,
    QComboBox,
    QEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHeaderView,
    QKeyEvent,
    QKeySequence,
    QMenu,
    QModelIndex,
    QPalette,
    QPen,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStandardItem,
    QStandardItemModel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    Qt,
    QTableView,
    QtCore,
    QTimer,
    QToolTip,
    QWidget,
    Signal,
)

_ISO_MONTH = re.compile(r"^\d{4}-\d{2}\b")  # a month written 2026-02
_MONTHS = {m.casefold() for m in MONTH_NAMES}  # jan ... dec: "Feb 2026", "February" and "feb" are months

QTransposeProxyModel = QtCore.QTransposeProxyModel

DisplayRole = Qt.ItemDataRole.DisplayRole
EditRole = Qt.ItemDataRole.EditRole
ToolTipRole = Qt.ItemDataRole.ToolTipRole
Index = QModelIndex | QPersistentModelIndex


class CellRefused(ValueError):
    """What the user typed cannot be read (not a number); the message says why."""


#: Row labels of a pasted block that are totals, not sources (skipped).
TOTAL_LABELS = frozenset({"all sources", "total", "totals", "sum", "gesamt", "summe"})


@dataclass(frozen=True)
class PasteOutcome:
    """What a paste did: the block's size, the cells it changed, and notes for the status bar."""

    height: int
    width: int
    changed: int
    unchanged: int
    skipped: int
    added_sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def message(self) -> str:
        """One line for the status bar; "Pasted 4 × 12 cells" only when all 4 × 12 changed."""
        size = f"{self.height} × {self.width}"
        if self.changed == self.height * self.width:
            text = f"Pasted {size} cells"
        elif self.changed == 0:
            text = f"Pasted {size}: nothing changed"
        else:
            text = f"Pasted {size}: {self.changed} {'cell' if self.changed == 1 else 'cells'} changed"
        extra = []
        if self.unchanged and self.changed:
            extra.append(f"{self.unchanged} already had these values")
        elif self.unchanged:
            extra.append("the cells already had these values")
        if self.skipped:
            cells = "cell" if self.skipped == 1 else "cells"
            extra.append(f"{self.skipped} computed or fixed {cells} left as they are")
        if self.added_sources:
            sources = "source" if len(self.added_sources) == 1 else "sources"
            extra.append(f"added {sources} {', '.join(self.added_sources)}")
        parts = [text + (f" ({'; '.join(extra)})" if extra else ""), *self.notes]
        return ". ".join(parts)


class PlanTableModel(QAbstractTableModel):
    """Base of the plan's table models. Subclasses describe the cells; this class does the rest.

    Override :meth:`shape`, :meth:`header`, :meth:`value`, and for editable cells
    :meth:`is_editable`, :meth:`edits_for` and :meth:`label_for`. Optionally :meth:`display`,
    :meth:`edit_text`, :meth:`tooltip`, :meth:`is_derived`.
    """

    numeric = True  # right-aligned cells
    rows_are_sources = False  # row i is plan.sources[i]: a paste may map labels to sources and add sources

    def __init__(self, document: PlanDocument, parent: Any = None):
        super().__init__(parent)
        self.document = document
        self.plan: Plan = document.plan
        self._shape = self.shape(self.plan)
        self.errors: dict[tuple[int, int], tuple[str, str]] = {}  # cell -> (typed text, why refused)

    # -- to override --------------------------------------------------------------------------
    def shape(self, plan: Plan) -> tuple[int, int]:
        raise NotImplementedError

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        return str(section + 1)

    def value(self, row: int, col: int) -> Any:
        raise NotImplementedError

    def display(self, row: int, col: int, value: Any) -> str:
        return fmt_plain(value) if isinstance(value, float) else str(value)

    def edit_text(self, row: int, col: int, value: Any) -> str:
        return fmt_plain(value) if isinstance(value, float) else str(value)

    def tooltip(self, row: int, col: int) -> str | None:
        return None

    def is_editable(self, row: int, col: int) -> bool:
        return False

    def is_derived(self, row: int, col: int) -> bool:
        """Computed from other values (shown in a muted colour)."""
        return False

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        """The edits that put ``text`` into the cell of ``plan``; raise CellRefused if unreadable."""
        raise NotImplementedError

    def is_percent(self, row: int, col: int) -> bool:
        """The cell is typed in percent (messages then speak in percent too)."""
        return False

    def is_share(self, row: int, col: int) -> bool:
        """The cell is a share read with :func:`~slaplanner.cells.read_share` (0.7 typed is 70 %, and
        the user is told); a conversion rate or growth, where 0.5 % is real, is not."""
        return False

    def reading_note(self, row: int, col: int, text: str) -> str:
        """How ``text`` typed into the cell was read, when not as typed ("0.35 was read as 35 %"); or ""."""
        if not self.is_share(row, col):
            return ""
        try:
            return read_share(text)[1]
        except ValueError:
            return ""

    def label_for(self, row: int, col: int) -> str:
        """What the Edit menu calls an edit of this cell: "Edit Paid search, Mar 2026"."""
        return "Edit cell"

    def refusal(self, plan: Plan, row: int, col: int, text: str, error: ValidationError) -> str:
        """Why the core refused ``text`` in the cell of ``plan``, in the cell's units (percent for a
        percent cell). Override to say it in the cell's own words, from the facts the core gives."""
        percent = self.is_percent(row, col)
        return "; ".join(explain_problem(p, percent=percent) for p in error.problems)

    # -- plan ---------------------------------------------------------------------------------
    def set_plan(self, plan: Plan) -> None:
        """Show ``plan``: a reset if rows or columns changed, else one dataChanged for all cells.

        Refused values shown in cells are dropped: they belong to the plan that refused them.
        """
        old_shape = self._shape
        new_shape = self.shape(plan)
        if new_shape != old_shape:
            self.beginResetModel()
            self.plan = plan
            self._shape = new_shape
            self.errors.clear()
            self.endResetModel()
            return
        self.plan = plan
        # A refused value shows what was typed only until the plan changes (another edit, undo,
        # redo, open): from then on every cell shows the plan's own value again.
        self.errors.clear()
        rows, cols = new_shape
        if rows and cols:
            self.dataChanged.emit(
                self.index(0, 0), self.index(rows - 1, cols - 1), [DisplayRole, EditRole, ToolTipRole]
            )
        if cols:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, cols - 1)
        if rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)

    # -- Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self._shape[0]

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self._shape[1]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DisplayRole) -> Any:
        count = self._shape[1] if orientation == Qt.Orientation.Horizontal else self._shape[0]
        if not 0 <= section < count:
            return None
        if role == DisplayRole:
            return self.header(section, orientation)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        error = self.errors.get((row, col))
        if role == DisplayRole:
            return error[0] if error else self.display(row, col, self.value(row, col))
        if role == EditRole:
            return error[0] if error else self.edit_text(row, col, self.value(row, col))
        if role == ToolTipRole:
            return f"Not accepted: {error[1]}" if error else self.tooltip(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self.numeric and not isinstance(self.value(row, col), str):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return QBrush(_error_colour())
        if role == Qt.ItemDataRole.ForegroundRole:
            if error:
                return QBrush(_error_text_colour())
            if self.is_derived(row, col):
                return QBrush(muted_text_colour())
        if role == Qt.ItemDataRole.FontRole and self.is_derived(row, col):
            font = QFont()  # only the italic flag is set: the view's font (and zoom) fills in the rest
            font.setItalic(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = EditRole) -> bool:
        if not index.isValid() or role != EditRole or not self.is_editable(index.row(), index.column()):
            return False
        row, col = index.row(), index.column()
        message = self.apply_cells(
            {(row, col): str(value)}, self.label_for(row, col), merge_key=self._merge_key(row, col)
        )
        note = self.reading_note(row, col, str(value)) if message is None else ""
        if note:
            where = self.label_for(row, col).removeprefix("Edit ")
            self.document.editNoted.emit(f"{where}: {note}" if where else note)
        return message is None

    def _merge_key(self, row: int, col: int) -> str:
        return f"{type(self).__name__}:{row}:{col}"

    # -- editing several cells ----------------------------------------------------------------
    @contextmanager
    def _showing(self, plan: Plan) -> Iterator[None]:
        """Describe cells of ``plan`` for a moment (a paste that adds sources asks about rows the
        model does not show yet); no signal is emitted."""
        saved = self.plan, self._shape
        self.plan, self._shape = plan, self.shape(plan)
        try:
            yield
        finally:
            self.plan, self._shape = saved

    def build_cells(self, plan: Plan, cells: dict[tuple[int, int], str]) -> Plan | tuple[int, int, str, str]:
        """``plan`` with text put into cells, validated as a whole; or the refused (row, col, text, why).

        Cells are applied in reading order; a cell the core refuses only because of its neighbours'
        old values (a low rate above the old likely rate, while the block raises the likely rate
        too) is tried again after the others, so a block that is consistent together is accepted
        whatever the old values were. Text that cannot be read is refused at once.
        """
        with self._showing(plan):
            pending = sorted((cell, text) for cell, text in cells.items() if self.is_editable(*cell))
        while pending:
            deferred: list[tuple[tuple[int, int], str, ValidationError]] = []
            for (row, col), text in pending:
                try:
                    with self._showing(plan):
                        edits = self.edits_for(plan, row, col, text)
                    # each edit is applied (and so validated) once; the document takes the result as it is
                    plan, _inverses = apply_edits(plan, edits)
                except ValidationError as refused:
                    deferred.append(((row, col), text, refused))
                except (CellRefused, ValueError) as unreadable:
                    return row, col, text, str(unreadable)
            if len(deferred) == len(pending):  # no progress: the block itself is inconsistent
                (row, col), text, first_refusal = deferred[0]
                with self._showing(plan):
                    return row, col, text, self.refusal(plan, row, col, text, first_refusal)
            pending = [(cell, text) for cell, text, _error in deferred]
        return plan

    def apply_cells(self, cells: dict[tuple[int, int], str], label: str, merge_key: str | None = None) -> str | None:
        """Put text into cells as ONE undo step; None, or why nothing was changed.

        A cell that cannot be read or that the core refuses is marked with its message and no
        cell is changed.
        """
        # the document's plan: the model may not have seen the latest change yet
        built = self.build_cells(self.document.plan, cells)
        if not isinstance(built, Plan):
            return self._refuse(*built)
        self._commit_cells(built, cells, label, merge_key)
        return None

    def _commit_cells(self, plan: Plan, cells: Any, label: str, merge_key: str | None = None) -> None:
        self.document.commit(plan, label, merge_key)
        cleared = [cell for cell in cells if cell in self.errors]
        for cell in cleared:
            del self.errors[cell]
            idx = self.index(*cell)
            self.dataChanged.emit(idx, idx)

    def _refuse(self, row: int, col: int, text: str, message: str) -> str:
        if row >= self.rowCount() or col >= self.columnCount():  # a row the paste would have added
            self.document.editRefused.emit(message)
            return message
        where = self.label_for(row, col).removeprefix("Edit ")
        full = f"{where}: {message}" if where else message
        self.errors[(row, col)] = (text, full)
        idx = self.index(row, col)
        self.dataChanged.emit(idx, idx)
        self.document.editRefused.emit(full)
        return full

    def clear_error(self, row: int, col: int) -> None:
        if self.errors.pop((row, col), None) is not None:
            idx = self.index(row, col)
            self.dataChanged.emit(idx, idx)

    def paste(self, top: int, left: int, block: list[list[str]]) -> str | None:
        """Fill cells from ``block`` starting at (top, left), validated as a whole, as one undo step.

        On a table whose rows are sources, a first column of names (and a header row above the
        numbers) maps each line to the source of that name, and lines beyond the last source or
        with a new name add sources. Rates pasted as fractions (the whole block from 0 to 1, e.g.
        0.12) into percent cells are read as 12 %, with a note. What the paste did is in
        :attr:`last_paste`.
        """
        self.last_paste: PasteOutcome | None = None
        plan = self.document.plan
        notes: list[str] = []
        rows_for: list[int | None] = list(range(top, top + len(block)))
        added: list[str] = []
        if self.rows_are_sources and block:
            block, labels = self._split_labels(top, left, block)
            sources = list(plan.sources)
            taken = {s.name.casefold(): i for i, s in enumerate(sources)}
            rows_for = []
            for r in range(len(block)):
                label = labels[r] if labels is not None else None
                if label is not None and label.strip().casefold() in TOTAL_LABELS:
                    rows_for.append(None)
                    continue
                if label is not None and label.strip().casefold() in taken:
                    rows_for.append(taken[label.strip().casefold()])
                    continue
                if label is None and top + r < len(sources):
                    rows_for.append(top + r)
                    continue
                like = sources[-1] if sources else None
                source = new_lead_source(replace(plan, sources=tuple(sources)), like)
                if label is not None and label.strip():
                    source = replace(source, name=label.strip())
                taken[source.name.casefold()] = len(sources)
                rows_for.append(len(sources))
                sources.append(source)
                added.append(source.name)
            if added:
                try:
                    plan, _inverses = apply_edits(plan, [Edit(("sources",), tuple(sources), "Add sources")])
                except ValidationError as error:
                    message = "; ".join(explain_problem(p) for p in error.problems)
                    self.document.editRefused.emit(message)
                    return message
        with self._showing(plan):
            rows, cols = self._shape
            cells: dict[tuple[int, int], str] = {}
            skipped = 0
            for r, line in enumerate(block):
                row = rows_for[r]
                if row is None or row >= rows:
                    continue
                for c, text in enumerate(line):
                    if left + c >= cols:
                        continue
                    if self.is_editable(row, left + c):
                        cells[(row, left + c)] = text.strip()
                    else:
                        skipped += 1
            percent_cells = [cell for cell in cells if self.is_percent(*cell)]
            if block_is_fractions([cells[cell] for cell in percent_cells]):
                example = next(cells[cell] for cell in percent_cells if cells[cell].strip())
                for cell in percent_cells:
                    if cells[cell].strip():
                        cells[cell] = f"{fmt_plain(round(parse_number(cells[cell]) * 100, 10))} %"
                shown = fmt_percent(parse_number(example))
                notes.append(f"The rates were fractions: {example} was read as {shown}")
            else:  # a share among numbers in percent: read on its own, and said
                notes.extend(note for cell in percent_cells if (note := self.reading_note(*cell, cells[cell])))
            new_rows = set(range(len(self.document.plan.sources), len(plan.sources))) if added else set()
            before = {cell: self.value(*cell) for cell in cells if cell[0] not in new_rows}
        height = sum(1 for r in rows_for if r is not None)
        width = min(max((len(line) for line in block), default=0), cols - left)
        built = self.build_cells(plan, cells)
        if not isinstance(built, Plan):
            return self._refuse(*built)
        with self._showing(built):
            changed = sum(1 for cell in cells if cell not in before or self.value(*cell) != before[cell])
        label = f"Paste {height} × {width} cells"
        if added:
            label += f", adding {len(added)} {'source' if len(added) == 1 else 'sources'}"
        self.last_paste = PasteOutcome(
            height, width, changed, len(cells) - changed, skipped, tuple(added), tuple(notes)
        )
        self._commit_cells(built, cells, label)
        return None

    def _split_labels(self, top: int, left: int, block: list[list[str]]) -> tuple[list[list[str]], list[str] | None]:
        """The block without its header row and label column, and the labels (None: no label column).

        A label column is a first column of text (not numbers) pasted onto a numeric cell; a
        header row is a first row of text above lines of numbers ("Source, Jan 2026, Feb 2026")."""
        if not 0 <= top < self.rowCount() or isinstance(self.value(top, left), str):
            return block, None  # pasted onto names: the first column is data
        if (
            len(block) > 1
            and not any(is_number(t) for t in block[0] if t.strip())
            and any(is_number(t) for line in block[1:] for t in line)
        ):
            block = block[1:]  # a header row
        first = [line[0] if line else "" for line in block]
        if not all(len(line) > 1 and t.strip() and not is_number(t) for line, t in zip(block, first)):
            return block, None
        return [line[1:] for line in block], first

    def fill_right(self, row: int, col: int, to_col: int | None = None) -> str | None:
        """Copy the cell's value into the editable cells to its right (up to ``to_col``)."""
        last = self._shape[1] - 1 if to_col is None else to_col
        text = self.edit_text(row, col, self.value(row, col))
        cells = {(row, c): text for c in range(col + 1, last + 1) if self.is_editable(row, c)}
        where = self.label_for(row, col).removeprefix("Edit ").split(",")[0]
        return self.apply_cells(cells, f"Fill right {where}")


def number_or_refuse(text: str, *, percent: bool = False) -> float:
    try:
        return parse_number(text, percent=percent)
    except ValueError as error:
        raise CellRefused(str(error)) from None


def share_or_refuse(text: str) -> float:
    """A share typed in percent or as a fraction (see :func:`~slaplanner.cells.read_share`)."""
    try:
        return read_share(text)[0]
    except ValueError as error:
        raise CellRefused(str(error)) from None


def count_or_refuse(text: str, what: str = "leads") -> float:
    """A whole count of ``what`` (leads are people: "12.5" or "50 %" is refused, with why)."""
    if "%" in text:
        raise CellRefused(f"“{text.strip()}” is a percentage; type a number of {what}, such as 50")
    value = number_or_refuse(text)
    if not value.is_integer():
        low = int(value // 1)
        raise CellRefused(f"{text.strip()} is not a whole number of {what}; type {low} or {low + 1}")
    return value


def duration_or_refuse(text: str, *, unit: str) -> float:
    """A duration typed as people say it ("90 min", "1h", "2 days") in ``unit`` (minutes or hours)."""
    try:
        return parse_duration(text, unit=unit)
    except ValueError as error:
        raise CellRefused(str(error)) from None


def verdict_colour(good: bool) -> QColor:
    """Green for on track, red for short, readable on the current (light or dark) background."""
    dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    if good:
        return QColor("#69f0ae" if dark else "#1b7a3a")
    return QColor("#ff8a80" if dark else "#b71c1c")


def muted_text_colour() -> QColor:
    """Text colour for computed (not typed) values: between text and background, still readable."""
    palette = QGuiApplication.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    mix = 0.38
    return QColor.fromRgbF(
        text.redF() * (1 - mix) + base.redF() * mix,
        text.greenF() * (1 - mix) + base.greenF() * mix,
        text.blueF() * (1 - mix) + base.blueF() * mix,
    )


def _error_colour() -> QColor:
    dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#6b2228") if dark else QColor("#f9d0d3")


def _error_text_colour() -> QColor:
    dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#ffd6d9") if dark else QColor("#7a0010")


def _capped(wanted: list[int], floors: list[int], room: int) -> list[int]:
    """``wanted`` widths with the widest cut down to one cap so that together they fit ``room``;
    no width below its floor (``floors`` together fit ``room``)."""
    low, high = 0, max(wanted, default=0)
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(f, min(w, cap)) for f, w in zip(floors, wanted)) <= room:
            low = cap
        else:
            high = cap - 1
    return [max(f, min(w, low)) for f, w in zip(floors, wanted)]


class GroupedHeader(QHeaderView):
    """A horizontal header with a second line above the sections naming groups of ``size`` columns
    ("Lead → MQL" over "low | likely | high"). The model provides ``group_header(section)``."""

    def __init__(self, size: int, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.group_size = size
        self.setSectionsClickable(True)
        self.setHighlightSections(False)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.fontMetrics().height() * 2 + 14)

    def paintSection(self, painter: Any, rect: QRect, logical: int) -> None:
        half = rect.height() // 2
        painter.save()
        super().paintSection(painter, rect.adjusted(0, half, 0, 0), logical)
        painter.restore()
        model = self.model()
        group_header = getattr(model, "group_header", None)
        if group_header is None:
            return
        first = (logical // self.group_size) * self.group_size
        last = min(first + self.group_size, self.count()) - 1
        x0 = self.sectionViewportPosition(first)
        x1 = self.sectionViewportPosition(last) + self.sectionSize(last)
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = QRect(x0, rect.y(), x1 - x0, half)
        option.text = group_header(logical)
        option.textAlignment = Qt.AlignmentFlag.AlignCenter
        option.section = logical
        option.position = QStyleOptionHeader.SectionPosition.OnlyOneSection
        painter.save()
        painter.setClipRect(QRect(rect.x(), rect.y(), rect.width(), half))
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()


class RowNamesHeader(QHeaderView):
    """The row names of a grid: a name too long for the width the columns leave it wraps onto a
    second line (the grid makes that row taller) instead of ending in "…" ("Partner referrals" at
    150 %)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # a word longer than the width, still

    def text_rect(self, rect: QRect) -> QRect:
        return rect.adjusted(4, 1, -4, -1)

    def wraps(self, text: str, width: int) -> bool:
        return self.fontMetrics().horizontalAdvance(text) > width - 8

    def wrapped_height(self, text: str, width: int) -> int:
        """Height the name needs, wrapped at ``width`` (the header's width)."""
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        return self.fontMetrics().boundingRect(QRect(0, 0, max(1, width - 8), 10_000), flags, text).height() + 8

    def paintSection(self, painter: Any, rect: QRect, logical: int) -> None:
        model = self.model()
        text = str(model.headerData(logical, Qt.Orientation.Vertical) or "") if model is not None else ""
        if not self.wraps(text, rect.width()):
            super().paintSection(painter, rect, logical)
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.setFont(self.font())
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
        painter.drawText(self.text_rect(rect), flags, text)
        painter.restore()


def cell_text_cut(view: QTableView, index: Any) -> bool:
    """Whether the text of the cell at ``index`` does not fit its cell as ``view`` shows it (on one
    line, or wrapped onto the lines the row's height holds): the view then ends it in "…"."""
    text = str(index.data(DisplayRole) or "")
    if not text:
        return False
    rect = view.visualRect(index)
    font = QFont(view.font())
    font_data = index.data(Qt.ItemDataRole.FontRole)
    if isinstance(font_data, QFont):
        font = font_data.resolve(font)
    metrics = QFontMetrics(font)
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    width = rect.width() - 2 * margin
    if not view.wordWrap():
        return metrics.horizontalAdvance(text) > width
    if any(metrics.horizontalAdvance(word) > width for word in text.split()):
        return True  # a word is never broken: it is cut
    box = metrics.boundingRect(QRect(0, 0, max(width, 1), 100_000), int(Qt.TextFlag.TextWordWrap), text)
    return box.height() > rect.height()


class ErrorFrameDelegate(QStyledItemDelegate):
    """Paints a red frame around a refused cell, visible even when the cell is selected; the tooltip
    of a cell whose text is cut ("…") shows the whole text."""

    def helpEvent(self, event: Any, view: Any, option: Any, index: Any) -> bool:
        if (
            event is not None
            and event.type() == QEvent.Type.ToolTip
            and isinstance(view, QTableView)
            and index.isValid()
            and cell_text_cut(view, index)
        ):
            tip = index.data(ToolTipRole)
            text = str(index.data(DisplayRole))
            QToolTip.showText(event.globalPos(), f"{text}\n\n{tip}" if tip else text, view, view.visualRect(index))
            return True
        return super().helpEvent(event, view, option, index)

    def paint(self, painter: Any, option: Any, index: Any) -> None:
        super().paint(painter, option, index)
        model = index.model()
        if isinstance(model, QTransposeProxyModel):
            index = model.mapToSource(index)
            model = index.model()
        if isinstance(model, PlanTableModel) and (index.row(), index.column()) in model.errors:
            painter.save()
            painter.setPen(QPen(QColor("#d32f2f"), 2))
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()


class ChoiceDelegate(ErrorFrameDelegate):
    """A drop-down of fixed choices (their words); the model receives the chosen words and reads them
    as it reads typed text."""

    def __init__(self, choices: Iterable[str], parent: Any = None):
        super().__init__(parent)
        self.choices = list(choices)

    def createEditor(self, parent: Any, option: Any, index: Any) -> Any:
        box = QComboBox(parent)
        box.addItems(self.choices)
        box.activated.connect(lambda _i: self.commitData.emit(box))
        return box

    def setEditorData(self, editor: Any, index: Any) -> None:
        editor.setCurrentIndex(max(0, editor.findText(str(index.data(EditRole) or ""))))

    def setModelData(self, editor: Any, model: Any, index: Any) -> None:
        model.setData(index, editor.currentText(), EditRole)


class ChecklistBox(QComboBox):
    """A drop-down of check boxes: any number of fixed choices; it reads as the checked words, separated by
    commas. Clicking a choice checks or unchecks it and keeps the list open.

    Signals:
        closed(): the list was closed (the choice is made).
    """

    closed = Signal()

    def __init__(self, choices: Iterable[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(QStandardItemModel(self))
        for text in choices:
            item = QStandardItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setData(Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
            self.model().appendRow(item)  # type: ignore[attr-defined]
        self.setEditable(True)  # shows the checked words; read-only: they are chosen, not typed
        words = self.lineEdit()
        assert words is not None
        words.setReadOnly(True)
        self.words = words
        self.view().pressed.connect(self._toggle)
        self.view().viewport().installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease:
            return True  # a click toggles (on press); it does not close the list
        return super().eventFilter(watched, event)

    def _toggle(self, index: Any) -> None:
        item = self.model().itemFromIndex(index)  # type: ignore[attr-defined]
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        self._show_text()

    def _items(self) -> list[Any]:
        model = self.model()
        return [model.item(row) for row in range(model.rowCount())]  # type: ignore[attr-defined]

    def checked(self) -> list[str]:
        """The checked choices, in the list's order."""
        return [item.text() for item in self._items() if item.checkState() == Qt.CheckState.Checked]

    def set_checked(self, texts: Iterable[str]) -> None:
        """Check exactly ``texts`` (compared without case)."""
        wanted = {t.strip().casefold() for t in texts}
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if item.text().casefold() in wanted else Qt.CheckState.Unchecked)
        self._show_text()

    def text(self) -> str:
        """The checked choices, separated by commas."""
        return ", ".join(self.checked())

    def _show_text(self) -> None:
        self.words.setText(self.text())

    def hidePopup(self) -> None:
        super().hidePopup()
        self._show_text()
        self.closed.emit()


class ChecklistDelegate(ErrorFrameDelegate):
    """A drop-down of check boxes for a cell holding several fixed choices (their words, separated by
    commas); the model receives the checked words as it would typed text."""

    def __init__(self, choices: Iterable[str], parent: Any = None):
        super().__init__(parent)
        self.choices = list(choices)

    def createEditor(self, parent: Any, option: Any, index: Any) -> Any:
        box = ChecklistBox(self.choices, parent)
        box.closed.connect(lambda: self.commitData.emit(box))
        return box

    def setEditorData(self, editor: Any, index: Any) -> None:
        editor.set_checked(str(index.data(EditRole) or "").split(","))

    def setModelData(self, editor: Any, model: Any, index: Any) -> None:
        model.setData(index, editor.text(), EditRole)


class GridView(QTableView):
    """A table view that edits like a spreadsheet: paste blocks, copy, fill right, type to edit."""

    last_focused: weakref.ref[GridView] | None = None  # the grid the Edit menu acts on

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setAlternatingRowColors(True)
        # Off: one line per row, long text squeezed into a narrow column ends in "…" (the tooltip
        # shows it whole), for tables with a fixed height that scroll. ``setWordWrap(True)`` on a
        # table of words sized to its rows: such text wraps onto more lines and the row grows
        # (``fit_columns``), so the room can read it at 150 %.
        self.setWordWrap(False)
        self.setItemDelegate(ErrorFrameDelegate(self))
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setHighlightSections(False)
        # long row names squeezed at a large zoom wrap onto a second line (the row grows)
        self.setVerticalHeader(RowNamesHeader(self))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.act_copy = self._add_action("&Copy", QKeySequence.StandardKey.Copy, self.copy_selection)
        self.act_paste = self._add_action("&Paste", QKeySequence.StandardKey.Paste, self.paste_clipboard)
        self.act_fill = self._add_action("Fill &Right", QKeySequence("Ctrl+R"), self.fill_right)
        self._fit_rows()
        self.fill_width = True  # columns as wide as their content, the spare width shared out
        self.fit_height = False  # True: never taller than its rows (the page's spare height goes elsewhere)
        self.rows_in_sight: int | None = None  # set by ``_records.fit_height``: exactly as tall as its rows (+ n)
        self._content_height = 0
        # True: when the columns cannot fit side by side (a month grid at 150 % zoom), show the
        # model transposed (months as rows); edits, paste, copy and fill still use the model's cells
        self.transpose_when_narrow = False
        self.transposed = False
        self._source: Any = None
        self._fitting = False
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_columns)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.fit_height and self._content_height:
            return QSize(hint.width(), self._content_height)  # ask the layout for all rows
        return hint

    def setModel(self, model: Any) -> None:
        self._source = model
        self.transposed = False
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self._fit_timer.start)
            model.dataChanged.connect(self._fit_timer.start)
            model.headerDataChanged.connect(self._fit_timer.start)
        self._fit_timer.start()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    def fit_columns(self) -> None:
        """Make every column wide enough for its content and header, then share out the rest of
        the width, so numbers are never cut ("1,250,…") and the table fills its space."""
        if self._fitting:
            return
        self._fitting = True
        try:
            self._fit_columns()
        finally:
            self._fitting = False

    def _source_width(self) -> int:
        """About how wide the model's columns and row labels are side by side (not transposed)."""
        source = self._source
        metrics = self.fontMetrics()
        pad = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 4
        rows, cols = source.rowCount(), source.columnCount()
        labels = [str(source.headerData(r, Qt.Orientation.Vertical) or "") for r in range(rows)]
        width = max((metrics.horizontalAdvance(t) for t in labels), default=0) + pad
        for c in range(cols):
            texts = [str(source.headerData(c, Qt.Orientation.Horizontal) or "")]
            texts += [str(source.data(source.index(r, c), DisplayRole) or "") for r in range(rows)]
            width += max(metrics.horizontalAdvance(t) for t in texts) + pad
        return width + 2 * self.frameWidth()

    def _set_transposed(self, on: bool) -> None:
        if on == self.transposed or self._source is None:
            return
        self.transposed = on
        if on:
            proxy = QTransposeProxyModel(self)
            proxy.setSourceModel(self._source)
            QTableView.setModel(self, proxy)
        else:
            QTableView.setModel(self, self._source)

    def _fit_columns(self) -> None:
        if self.transpose_when_narrow and self._source is not None and self.isVisible():
            self._set_transposed(self._source_width() > self.width())
        model = self.model()
        if model is None or not self.fill_width:
            return
        header = self.horizontalHeader()
        count = model.columnCount()
        if not count:
            return
        needed = [max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) + 2 for c in range(count)]
        if sum(needed) > self.viewport().width() and not isinstance(header, GroupedHeader):
            needed = self._squeeze(needed)
        elif not isinstance(header, GroupedHeader):
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setMinimumHeight(0)
        group_header = getattr(model, "group_header", None)
        if isinstance(header, GroupedHeader) and group_header is not None:
            # a group's columns together at least as wide as the group's title
            for first in range(0, count, header.group_size):
                title = header.fontMetrics().horizontalAdvance(group_header(first)) + 16
                cols = list(range(first, min(first + header.group_size, count)))
                short = title - sum(needed[c] for c in cols)
                if short > 0:
                    for c in cols:
                        needed[c] += -(-short // len(cols))
        rows = self.verticalHeader()
        if not rows.isHidden():  # long row names give up width (elided) before the columns do
            natural = rows.sizeHint().width()
            bar = self.verticalScrollBar()
            room = self.width() - 2 * self.frameWidth() - (bar.width() if bar.isVisible() else 0) - sum(needed)
            floor = rows.fontMetrics().averageCharWidth() * 8
            rows.setMaximumWidth(max(floor, room) if room < natural else 16_777_215)
        spare = self.viewport().width() - sum(needed)
        extra = spare // count if spare > 0 else 0
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for c, width in enumerate(needed):
            header.resizeSection(c, width + extra)
        if self.wordWrap():  # wrapped text: each row as tall as its lines (never below the default height)
            self.resizeRowsToContents()
        self._fit_row_names()
        if self.rows_in_sight is not None:  # sized to its rows: again after a zoom or wrapped headings
            head = max(header.sizeHint().height(), header.minimumHeight())
            body = self.verticalHeader().length() + self.rows_in_sight * self.verticalHeader().defaultSectionSize()
            scroll = self.horizontalScrollBar().sizeHint().height() if spare < 0 else 0
            self.setFixedHeight(head + body + 2 * self.frameWidth() + scroll + 2)
        if self.fit_height:
            head = max(header.sizeHint().height(), header.minimumHeight())
            height = head + self.verticalHeader().length() + 2 * self.frameWidth()
            if spare < 0:
                height += self.horizontalScrollBar().sizeHint().height()
            self.setMaximumHeight(height)
            self.setMinimumHeight(height)  # all rows visible; the page scrolls instead
            self._content_height = height
            self.updateGeometry()

    def _squeeze(self, needed: list[int]) -> list[int]:
        """Columns too wide for the view together: first the headings wrap onto more lines (every
        column still as wide as its cells); if that is not enough, the widest text columns give up
        width down to one cap and their text wraps onto more lines (the rows grow; numbers keep
        their width); only if even that is not enough, long words end in "…" (the tooltip shows
        the whole text). No column goes below the longest word of its heading."""
        model = self.model()
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        cell_metrics = self.fontMetrics()
        pad = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 8
        cell_pad = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1) + 6
        headings_wrap, cells_wrap, words_cut = [], [], []
        for c, width in enumerate(needed):
            heading = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            word = max((metrics.horizontalAdvance(w) for w in heading.split()), default=0) + pad
            cells = self.sizeHintForColumn(c) + 2
            texts = [str(model.data(model.index(r, c), DisplayRole) or "") for r in range(min(model.rowCount(), 50))]
            wordy = any(any(ch.isalpha() for ch in t) for t in texts)
            longest_word = max((cell_metrics.horizontalAdvance(w) for t in texts for w in t.split()), default=0)
            headings_wrap.append(min(width, max(word, cells)))
            wraps = min(cells, longest_word + cell_pad) if wordy and self.wordWrap() else cells
            cells_wrap.append(min(width, max(word, wraps)))
            cut = min(wraps, metrics.averageCharWidth() * 10 + pad) if wordy else cells
            words_cut.append(min(width, max(word, cut)))
        room = self.viewport().width()
        fitted = words_cut
        for wanted, floors in ((needed, headings_wrap), (headings_wrap, cells_wrap), (cells_wrap, words_cut)):
            if sum(floors) <= room:
                fitted = _capped(wanted, floors, room)
                break
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        lines = 1
        for c, width in enumerate(fitted):
            heading = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            box = metrics.boundingRect(QRect(0, 0, max(width - pad, 1), 10_000), int(Qt.TextFlag.TextWordWrap), heading)
            lines = max(lines, round(box.height() / max(metrics.lineSpacing(), 1)))
        header.setMinimumHeight(metrics.lineSpacing() * lines + 10)
        return fitted

    def _add_action(self, text: str, key: Any, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [key])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        GridView.last_focused = weakref.ref(self)

    @staticmethod
    def active() -> GridView | None:
        """The grid last focused, if it still exists and is visible (for the Edit menu)."""
        ref = GridView.last_focused
        grid = ref() if ref is not None else None
        try:
            return grid if grid is not None and grid.isVisible() else None
        except RuntimeError:  # deleted on the C++ side
            return None

    def plan_model(self) -> PlanTableModel | None:
        model = self._source
        return model if isinstance(model, PlanTableModel) else None

    def contextMenuEvent(self, event: Any) -> None:
        menu = QMenu(self)
        menu.addActions([self.act_copy, self.act_paste, self.act_fill])
        menu.exec(event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.key() == Qt.Key.Key_Escape and self.plan_model() is not None:
            idx = self._to_source(self.currentIndex())
            if idx.isValid():
                self.plan_model().clear_error(idx.row(), idx.column())  # type: ignore[union-attr]
        super().keyPressEvent(event)

    def setCurrentIndex(self, index: Any) -> None:
        """Also takes an index of the model when the view shows it transposed."""
        model = self.model()
        if isinstance(model, QTransposeProxyModel) and index.model() is self._source:
            index = model.mapFromSource(index)
        super().setCurrentIndex(index)

    def _to_source(self, index: Any) -> Any:
        model = self.model()
        return model.mapToSource(index) if isinstance(model, QTransposeProxyModel) else index

    def _selected_block(self) -> tuple[int, int, int, int] | None:
        """The selection's top, left, bottom and right in the model's cells (even when transposed)."""
        indexes = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        indexes = [self._to_source(i) for i in indexes]
        if not indexes:
            idx = self._to_source(self.currentIndex())
            if not idx.isValid():
                return None
            return idx.row(), idx.column(), idx.row(), idx.column()
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def copy_selection(self) -> None:
        block = self._selected_block()
        model = self._source
        if block is None or model is None:
            return
        top, left, bottom, right = block
        cells = [
            [clipboard_cell(str(model.data(model.index(r, c), EditRole) or "")) for c in range(left, right + 1)]
            for r in range(top, bottom + 1)
        ]
        if self.transposed:  # copied as shown
            cells = [list(column) for column in zip(*cells, strict=True)]
        QGuiApplication.clipboard().setText("\n".join("\t".join(line) for line in cells) + "\n")

    def _as_shown(self, cells: list[list[str]]) -> bool:
        """Shown transposed (months down), is a pasted block laid out as shown, or as the model's
        rows (a spreadsheet's: one source a line, months across)? Names decide: sources down the
        first column or months across the first row are the model's layout; months down or
        sources across are as shown; a first column of other names is taken as new sources (the
        model's layout). Numbers alone: a line exactly as long as the model's rows (12 months) is
        the model's layout; anything else is pasted as shown."""
        model = self._source
        if model is None:
            return True
        vertical, horizontal = Qt.Orientation.Vertical, Qt.Orientation.Horizontal
        rows = {str(model.headerData(r, vertical) or "").strip().casefold() for r in range(model.rowCount())}
        months = [str(model.headerData(c, horizontal) or "").strip().casefold() for c in range(model.columnCount())]

        def is_month(text: str) -> bool:
            t = text.strip().casefold()
            return t[:3] in _MONTHS or _ISO_MONTH.match(t) is not None

        def is_name(text: str) -> bool:
            return bool(text.strip()) and not is_number(text)

        first_column = [line[0] for line in cells if line]
        first_row = cells[0]
        if any(t.strip().casefold() in rows for t in first_column) or sum(map(is_month, first_row)) >= 2:
            return False
        if any(t.strip().casefold() in rows for t in first_row) or sum(map(is_month, first_column)) >= 2:
            return True
        if len(cells[0]) > 1 and any(is_name(t) for t in first_column):
            return False  # a label column of new sources
        month_columns = sum(1 for m in months if is_month(m))
        return not (len(cells[0]) == month_columns and len(cells) != month_columns)

    def paste_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> str | None:
        """Paste a tab-separated block at the current cell (or the selection's top-left)."""
        model = self.plan_model()
        block = self._selected_block()
        if model is None or block is None or not text:
            return None
        cells = parse_block(text)
        if self.transposed and cells and all(len(line) == len(cells[0]) for line in cells) and self._as_shown(cells):
            cells = [list(column) for column in zip(*cells, strict=True)]  # pasted as shown: months down
        top, left, bottom, right = block
        if len(cells) == 1 and len(cells[0]) == 1 and (bottom > top or right > left):
            cells = [[cells[0][0]] * (right - left + 1) for _ in range(bottom - top + 1)]  # one value into a selection
        message = model.paste(top, left, cells)
        outcome = getattr(model, "last_paste", None)
        self._report(message, outcome.message() if outcome is not None else "Pasted")
        return message

    def fill_right(self) -> str | None:
        """Fill each selected row's first selected value to the right: across the selection, or
        to the end of the row if only one column is selected."""
        model = self.plan_model()
        block = self._selected_block()
        if model is None or block is None:
            return None
        top, left, bottom, right = block
        message = None
        cells: dict[tuple[int, int], str] = {}
        last = right if right > left else model.columnCount() - 1
        for row in range(top, bottom + 1):
            text = model.edit_text(row, left, model.value(row, left))
            cells.update({(row, c): text for c in range(left + 1, last + 1) if model.is_editable(row, c)})
        where = model.label_for(top, left).removeprefix("Edit ").split(",")[0]
        message = model.apply_cells(cells, f"Fill right {where}")
        self._report(message, "Filled right")
        return message

    def _report(self, message: str | None, done: str) -> None:
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar) and message is None:
            bar().showMessage(done, 8000 if len(done) > 40 else 3000)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            for header in (self.horizontalHeader(), self.verticalHeader()):
                header.setFont(self.font())  # headers keep a class font otherwise
            self._fit_rows()
            self._fit_timer.start()

    def _fit_row_names(self) -> None:
        """Rows whose name wraps (squeezed at a large zoom) as tall as its lines; the others back
        to the default height (unless wrapped cell text made them taller)."""
        rows = self.verticalHeader()
        model = self.model()
        if model is None or rows.isHidden() or not isinstance(rows, RowNamesHeader):
            return
        width = min(rows.sizeHint().width(), rows.maximumWidth())
        default = rows.defaultSectionSize()
        for r in range(model.rowCount()):
            text = str(model.headerData(r, Qt.Orientation.Vertical) or "")
            need = rows.wrapped_height(text, width) if rows.wraps(text, width) else default
            now = rows.sectionSize(r)
            if need > now or (not self.wordWrap() and now != need):
                rows.resizeSection(r, max(need, default))

    def _fit_rows(self) -> None:
        height = self.fontMetrics().height() + 10
        # the minimum first: Qt keeps the default at least the old minimum (150 % back to 100 %)
        self.verticalHeader().setMinimumSectionSize(height)
        self.verticalHeader().setDefaultSectionSize(height)
