"""Lead volume: the lead sources, their leads per month, seasonality and growth.

Preview: ``python -m ui.preview lead_volume``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slaplanner.plan.edits import Edit
from slaplanner.plan.model import LeadSource, Plan
from slaplanner.plan.new_records import new_lead_source
from ui.document import PlanDocument
from ui.help import set_help
from ui.numbers import MONTH_NAMES, fmt_count, fmt_percent, fmt_plain, month_label
from ui.pages.base import Page
from ui.qt import (
    QFont,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.tables import CellRefused, ChoiceDelegate, GridView, PlanTableModel, count_or_refuse, number_or_refuse

MODE_NAMES = {"baseline": "Baseline × seasonality", "monthly": "Monthly values"}


class SourcesModel(PlanTableModel):
    """One row per lead source: name, segment, channel, how its volume is given, baseline, growth."""

    rows_are_sources = True

    COLUMNS = ("Source", "Segment", "Channel", "Volume given as", "Baseline / month", "Growth / month", "Leads in plan")
    FIELDS = ("name", "segment", "channel", "volume_mode", "baseline", "growth", "")

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.sources), len(self.COLUMNS)

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        return self.COLUMNS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def value(self, row: int, col: int) -> Any:
        src = self.plan.sources[row]
        if col == 6:
            return sum(src.leads(self.plan.months))
        return getattr(src, self.FIELDS[col])

    def display(self, row: int, col: int, value: Any) -> str:
        if col == 3:
            return MODE_NAMES.get(value, str(value))
        if col == 4:
            return "–" if self.plan.sources[row].volume_mode == "monthly" else fmt_count(value)
        if col == 5:
            return "–" if self.plan.sources[row].volume_mode == "monthly" else fmt_percent(value)
        if col == 6:
            return fmt_count(value)
        return str(value)

    def edit_text(self, row: int, col: int, value: Any) -> str:
        if col == 3:
            return MODE_NAMES.get(value, str(value))
        if col == 5:
            return fmt_plain(round(value * 100, 10))
        return super().edit_text(row, col, value)

    def is_editable(self, row: int, col: int) -> bool:
        if col in (4, 5):
            return self.plan.sources[row].volume_mode == "baseline"
        return col != 6

    def is_derived(self, row: int, col: int) -> bool:
        return col == 6

    def is_percent(self, row: int, col: int) -> bool:
        return col == 5

    def tooltip(self, row: int, col: int) -> str | None:
        if col == 3:
            return "Baseline × seasonality × growth, or a value typed for each month"
        if col == 5:
            return "Compounded monthly growth of the baseline, in percent (e.g. 1.5)"
        if col in (4, 5) and not self.is_editable(row, col):
            return "This source's leads are typed per month; switch it to baseline to use these"
        return None

    def label_for(self, row: int, col: int) -> str:
        return f"Edit {self.plan.sources[row].name}, {self.COLUMNS[col].lower()}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        src = plan.sources[row]
        field = self.FIELDS[col]
        if col == 3:
            mode = mode_from_text(text)
            return [Edit(("sources", row), switch_mode(src, mode, plan.months), self.label_for(row, col))]
        if col == 4:
            return [Edit(("sources", row, field), count_or_refuse(text), self.label_for(row, col))]
        if col == 5:
            return [Edit(("sources", row, field), number_or_refuse(text, percent=True), self.label_for(row, col))]
        return [Edit(("sources", row, field), text, self.label_for(row, col))]


def mode_from_text(text: str) -> str:
    key = text.strip().casefold()
    for mode, name in MODE_NAMES.items():
        if key in (mode, name.casefold()) or (key and name.casefold().startswith(key)):
            return mode
    raise CellRefused(f"“{text}” is not a way to give volume; allowed: {', '.join(MODE_NAMES.values())}")


def switch_mode(src: LeadSource, mode: str, months: tuple[str, ...]) -> LeadSource:
    """The source with its volume given the other way, with the same leads where possible."""
    if mode == src.volume_mode:
        return src
    if mode == "monthly":
        return replace(src, volume_mode="monthly", monthly_leads=whole_leads(src.leads(months)))
    baseline = src.baseline or (sum(src.monthly_leads) / len(src.monthly_leads) if src.monthly_leads else 0.0)
    return replace(src, volume_mode="baseline", baseline=float(round(baseline)))


def whole_leads(leads: tuple[float, ...] | list[float]) -> tuple[float, ...]:
    """Computed months (baseline × seasonality × growth) as the whole leads the grid shows, for
    a source whose months are now typed: what the grid shows is what the plan holds."""
    return tuple(float(round(v)) for v in leads)


class MonthlyLeadsModel(PlanTableModel):
    """Leads per source (rows) and plan month (columns), with an "All sources" row at the end.

    Typing over a baseline source's month turns that source into typed monthly values (the
    others keep their computed values)."""

    rows_are_sources = True

    TOTAL_ROW = "All sources"

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.sources) + (1 if plan.sources else 0), plan.horizon_months + 1

    def is_total_row(self, row: int) -> bool:
        return row == len(self.plan.sources)

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.TOTAL_ROW if self.is_total_row(section) else self.plan.sources[section].name
        return "Total" if section == self.plan.horizon_months else month_label(self.plan.months[section])

    def value(self, row: int, col: int) -> Any:
        months = self.plan.months
        if self.is_total_row(row):
            leads = [sum(month) for month in zip(*(s.leads(months) for s in self.plan.sources))]
        else:
            leads = list(self.plan.sources[row].leads(months))
        return sum(leads) if col == self.plan.horizon_months else leads[col]

    def display(self, row: int, col: int, value: Any) -> str:
        return fmt_count(value)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.FontRole and self.is_total_row(index.row()):
            font = QFont()  # only bold is set; size comes from the view (zoom)
            font.setBold(True)
            return font
        return super().data(index, role)

    def is_editable(self, row: int, col: int) -> bool:
        return col < self.plan.horizon_months and not self.is_total_row(row)

    def is_derived(self, row: int, col: int) -> bool:
        if self.is_total_row(row) or col == self.plan.horizon_months:
            return True
        return self.plan.sources[row].volume_mode == "baseline"

    def tooltip(self, row: int, col: int) -> str | None:
        if self.is_total_row(row):
            return "Leads of all sources together"
        src = self.plan.sources[row]
        if col == self.plan.horizon_months:
            return "Leads over the whole plan"
        if src.volume_mode == "baseline":
            return "Computed: baseline × seasonality × growth. Type a value to give this source's months by hand."
        return None

    def label_for(self, row: int, col: int) -> str:
        if col >= self.plan.horizon_months or self.is_total_row(row):
            return "Edit"
        return f"Edit {self.plan.sources[row].name}, {month_label(self.plan.months[col])}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        value = count_or_refuse(text)
        src = plan.sources[row]
        label = self.label_for(row, col)
        if src.volume_mode == "monthly":
            return [Edit(("sources", row, "monthly_leads", col), value, label)]
        leads = list(whole_leads(src.leads(plan.months)))
        leads[col] = value
        return [Edit(("sources", row), replace(src, volume_mode="monthly", monthly_leads=tuple(leads)), label)]


class SeasonalityModel(PlanTableModel):
    """Seasonality factors (January to December) of each source: 1 is an average month."""

    rows_are_sources = True

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.sources), 12

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        return MONTH_NAMES[section] if orientation == Qt.Orientation.Horizontal else self.plan.sources[section].name

    def value(self, row: int, col: int) -> Any:
        return self.plan.sources[row].seasonality[col]

    def display(self, row: int, col: int, value: Any) -> str:
        return f"{value:.2f}"

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def is_derived(self, row: int, col: int) -> bool:
        return self.plan.sources[row].volume_mode == "monthly"

    def tooltip(self, row: int, col: int) -> str | None:
        if self.plan.sources[row].volume_mode == "monthly":
            return "Not used: this source's leads are typed per month"
        return "Factor for this calendar month: 1 is an average month, 1.2 is 20 % more leads"

    def label_for(self, row: int, col: int) -> str:
        return f"Edit {self.plan.sources[row].name}, {MONTH_NAMES[col]} seasonality"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        return [Edit(("sources", row, "seasonality", col), number_or_refuse(text), self.label_for(row, col))]


class LeadVolumePage(Page):
    """Edit the lead sources: the source list, the month grid and the seasonality grid."""

    title = "Lead volume"
    order = 20

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.sources_model = SourcesModel(document, self)
        self.months_model = MonthlyLeadsModel(document, self)
        self.season_model = SeasonalityModel(document, self)

        self.sources_view = GridView()
        self.sources_view.setModel(self.sources_model)
        self.sources_view.setItemDelegateForColumn(3, ChoiceDelegate(list(MODE_NAMES.values()), self.sources_view))
        self.months_view = GridView()
        self.months_view.transpose_when_narrow = True  # months as rows at large zoom
        self.months_view.setModel(self.months_model)
        self.season_view = GridView()
        set_help(self.sources_view, "source", "baseline", "growth")
        set_help(self.months_view, "lead", "baseline", "seasonality")
        set_help(self.season_view, "seasonality")
        self.season_view.setModel(self.season_model)

        add = QPushButton("Add Source")
        add.setToolTip("Add a lead source (with the selected source's conversion rates)")
        add.clicked.connect(self.add_source)
        remove = QPushButton("Remove Source")
        remove.setToolTip("Remove the selected sources (Undo brings them back)")
        remove.clicked.connect(self.remove_sources)
        fill = QPushButton("Fill Right")
        fill.setToolTip("Copy the selected month's value to the following months (Ctrl+R)")
        fill.clicked.connect(self.months_view.fill_right)
        hint = QLabel(
            "Paste blocks from Excel or LibreOffice with Ctrl+V (one undo step). Grey italic values are "
            "computed from baseline × seasonality × growth; typing over one gives that source's months by hand."
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addWidget(fill)
        buttons.addWidget(hint, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        for title, view in (
            ("Sources", self.sources_view),
            ("Leads per month", self.months_view),
            ("Seasonality (baseline sources; 1 = an average month)", self.season_view),
        ):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 4, 0, 0)
            lay.addWidget(QLabel(f"<b>{title}</b>"))
            lay.addWidget(view, 1)
            splitter.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

    def refresh(self, plan: Plan) -> None:
        for model in (self.sources_model, self.months_model, self.season_model):
            model.set_plan(plan)

    def _selected_rows(self) -> list[int]:
        rows: set[int] = set()
        for view in (self.sources_view, self.months_view, self.season_view):
            if view.hasFocus() or view.selectionModel().hasSelection():
                rows.update(i.row() for i in view.selectionModel().selectedIndexes())
                if view.hasFocus() and view.currentIndex().isValid():
                    rows.add(view.currentIndex().row())
        return sorted(r for r in rows if r < len(self.document.plan.sources))  # not the "All sources" row

    def add_source(self) -> None:
        plan = self.document.plan
        rows = self._selected_rows()
        like = plan.sources[rows[0]] if rows else (plan.sources[0] if plan.sources else None)
        src = new_lead_source(plan, like)
        message = self.document.try_apply(Edit(("sources",), (*plan.sources, src), f"Add source {src.name}"))
        if message:
            self.status(f"Not added. {message}")
            return
        self.sources_view.setCurrentIndex(self.sources_model.index(len(plan.sources), 0))

    def remove_sources(self) -> None:
        plan = self.document.plan
        rows = self._selected_rows()
        if not rows:
            self.status("Select the sources to remove first")
            return
        names = ", ".join(plan.sources[r].name for r in rows)
        kept = tuple(s for i, s in enumerate(plan.sources) if i not in rows)
        self.document.try_apply(Edit(("sources",), kept, f"Remove {names}"))


PAGE = LeadVolumePage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("lead_volume", sys.argv[1] if len(sys.argv) > 1 else ""))
