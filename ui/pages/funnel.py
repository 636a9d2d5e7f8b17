"""Funnel: conversion rates per source and stage (low / likely / high), and the funnel by month.

Preview: ``python -m ui.preview funnel``.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from matplotlib.figure import Figure

from slaplanner.engine.funnel import SCENARIOS, FunnelResult, Scenario, Series, compute_funnel
from slaplanner.errors import ValidationError
from slaplanner.plan.edits import Edit
from slaplanner.plan.format import count_text
from slaplanner.plan.model import Plan, rate_level_bounds
from ui.charts import ChartCanvas, ChartStyle
from ui.document import PlanDocument
from ui.help import set_help
from ui.numbers import fmt_count, fmt_percent, fmt_plain, month_label
from ui.pages.base import Page
from ui.qt import (
    QBrush,
    QComboBox,
    QFont,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QPalette,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.tables import GridView, GroupedHeader, PlanTableModel, number_or_refuse, verdict_colour

LEVELS = ("low", "likely", "high")


class RatesModel(PlanTableModel):
    """Rows: sources. Columns: for each stage transition its low, likely and high rate, in percent."""

    rows_are_sources = True

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.sources), 3 * (len(plan.stages) - 1)

    def transition(self, col: int) -> tuple[int, str]:
        return col // 3, LEVELS[col % 3]

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.plan.sources[section].name
        return self.transition(section)[1]

    def group_header(self, section: int) -> str:
        """The stage transition over a group of three columns."""
        k = section // 3
        return f"{self.plan.stages[k]} → {self.plan.stages[k + 1]}"

    def value(self, row: int, col: int) -> Any:
        k, level = self.transition(col)
        return getattr(self.plan.sources[row].conversion[k], level)

    def display(self, row: int, col: int, value: Any) -> str:
        return fmt_percent(value)

    def edit_text(self, row: int, col: int, value: Any) -> str:
        return fmt_plain(round(value * 100, 10))

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def is_percent(self, row: int, col: int) -> bool:
        return True

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.FontRole and index.column() % 3 == 1:
            font = QFont()  # only bold is set; size comes from the view (zoom)
            font.setBold(True)
            return font
        if (
            index.isValid()
            and role == Qt.ItemDataRole.BackgroundRole
            and (index.row(), index.column()) not in self.errors
            and (index.column() // 3) % 2 == 1
        ):
            return QBrush(QGuiApplication.palette().color(QPalette.ColorRole.AlternateBase))
        return super().data(index, role)

    def tooltip(self, row: int, col: int) -> str | None:
        k, level = self.transition(col)
        stages = self.plan.stages
        return (
            f"{self.plan.sources[row].name}: share of {stages[k]} that become {stages[k + 1]} ({level}), "
            "in percent. Low ≤ likely ≤ high."
        )

    def label_for(self, row: int, col: int) -> str:
        k, level = self.transition(col)
        stages = self.plan.stages
        return f"Edit {self.plan.sources[row].name}, {stages[k]}→{stages[k + 1]} {level}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        k, level = self.transition(col)
        value = number_or_refuse(text, percent=True)
        return [Edit(("sources", row, "conversion", k, level), value, self.label_for(row, col))]

    def refusal(self, plan: Plan, row: int, col: int, text: str, error: ValidationError) -> str:
        """A rate the core refused for breaking low <= likely <= high is said of the cell being
        edited, with the bounds the core gives for it; any other refusal in the core's words."""
        k, level = self.transition(col)
        value = number_or_refuse(text, percent=True)
        if not 0.0 <= value <= 1.0:  # out of range: the core's own message
            return super().refusal(plan, row, col, text, error)
        rate = plan.sources[row].conversion[k]
        low, high = rate_level_bounds(rate, level)
        shown = fmt_percent(value)
        if level == "low":
            return f"{shown} is above the likely rate ({fmt_percent(high)}); the low rate can be at most that"
        if level == "high":
            return f"{shown} is below the likely rate ({fmt_percent(low)}); the high rate must be at least that"
        side, bound = ("below the low", low) if value < low else ("above the high", high)
        return (
            f"{shown} is {side} rate ({fmt_percent(bound)}); the likely rate must lie from "
            f"{fmt_percent(low)} to {fmt_percent(high)} (change low or high first)"
        )


VIEWS = {
    "forward": "Planned (forward funnel)",
    "required": "Required (reverse funnel)",
    "gap": "Gap (planned − required)",
}


class MonthlyFunnelModel(PlanTableModel):
    """Read-only: one row per stage, one column per month plus the total, for one view."""

    def __init__(self, document: PlanDocument, parent: Any = None):
        self.result: FunnelResult | None = None
        self.view = "forward"
        super().__init__(document, parent)

    def set_result(self, plan: Plan, result: FunnelResult) -> None:
        self.result = result
        self.set_plan(plan)

    def table(self) -> tuple[tuple[float, ...], ...]:
        assert self.result is not None
        table: tuple[tuple[float, ...], ...] = getattr(self.result, self.view)
        return table

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.stages), plan.horizon_months + 1

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.plan.stages[section]
        return "Total" if section == self.plan.horizon_months else month_label(self.plan.months[section])

    def value(self, row: int, col: int) -> Any:
        if self.result is None or len(self.result.months) != self.plan.horizon_months:
            return 0.0
        series = self.table()[row]
        return sum(series) if col == len(series) else series[col]

    def display(self, row: int, col: int, value: Any) -> str:
        text = fmt_count(value)
        return f"+{text}" if self.view == "gap" and value > 0.5 else text

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole and self.view == "gap":
            short = self.value(index.row(), index.column()) < -0.5
            return QBrush(verdict_colour(not short))
        return super().data(index, role)


class RateRangesChart:
    """The plan's blended rate per stage transition: a bar from the low to the high value, a
    marker at the likely one, so the room sees where the uncertainty is."""

    def __init__(self, stages: tuple[str, ...], low: Series, likely: Series, high: Series):
        self.labels = tuple(f"{a} → {b}" for a, b in pairwise(stages))
        self.low, self.likely, self.high = low, likely, high

    def key(self) -> Any:
        return ("rate-ranges", self.labels)

    def draw(self, fig: Figure, style: ChartStyle) -> dict[str, Any]:
        ax = fig.add_subplot()
        y = list(range(len(self.labels)))[::-1]
        state: dict[str, Any] = {"ax": ax, "spans": [], "marks": [], "texts": []}
        for yi in y:
            state["spans"].append(ax.barh(yi, 0, height=0.5, color=style.planned, alpha=0.35)[0])
            (mark,) = ax.plot([0], [yi], marker="D", color=style.planned, markersize=7, linestyle="none")
            state["marks"].append(mark)
            state["texts"].append(ax.text(1.02, yi, "", va="center", ha="left", fontsize=style.font_size * 0.9))
        ax.set_yticks(y, list(self.labels))
        ax.set_xlim(0, 1.3)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0 %", "25 %", "50 %", "75 %", "100 %"])
        ax.grid(axis="x", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.set_title("Blended conversion per stage: low – likely – high", loc="left")
        self.update(state)
        return state

    def update(self, state: dict[str, Any]) -> None:
        for span, mark, text, lo, li, hi in zip(
            state["spans"], state["marks"], state["texts"], self.low, self.likely, self.high
        ):
            span.set_x(lo)
            span.set_width(max(hi - lo, 0.004))
            mark.set_xdata([li])
            text.set_text(f"{fmt_percent(lo)} – {fmt_percent(li)} – {fmt_percent(hi)}")


class FunnelPage(Page):
    """Edit the conversion rates; see the funnel month by month."""

    title = "Funnel"
    order = 30

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.scenario: Scenario = "likely"
        self.rates_model = RatesModel(document, self)
        self.rates_view = GridView()
        self.rates_view.setHorizontalHeader(GroupedHeader(3, self.rates_view))
        self.rates_view.setModel(self.rates_model)

        self.monthly_model = MonthlyFunnelModel(document, self)
        self.monthly_view = GridView()
        self.monthly_view.transpose_when_narrow = True  # months as rows at large zoom
        self.monthly_view.setModel(self.monthly_model)

        self.view_box = QComboBox()
        for key, name in VIEWS.items():
            self.view_box.addItem(name, key)
        self.view_box.currentIndexChanged.connect(self._on_view)
        self.scenario_box = QComboBox()
        for key in SCENARIOS:
            self.scenario_box.addItem(f"{key.capitalize()} rates", key)
        self.scenario_box.setCurrentIndex(SCENARIOS.index("likely"))
        self.scenario_box.currentIndexChanged.connect(self._on_view)

        rates_box = QWidget()
        lay = QVBoxLayout(rates_box)
        lay.setContentsMargins(0, 0, 0, 0)
        rates_label = QLabel(
            "<b>Conversion rates</b> per source and stage, in percent: low, <b>likely</b>, high. "
            "Type 22 for 22 %; paste blocks with Ctrl+V."
        )
        rates_label.setWordWrap(True)  # wraps at a large zoom rather than widening the page
        lay.addWidget(rates_label)
        lay.addWidget(self.rates_view, 1)
        monthly_box = QWidget()
        lay2 = QVBoxLayout(monthly_box)
        lay2.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Funnel by month</b>"))
        row.addStretch(1)
        row.addWidget(QLabel("Show:"))
        row.addWidget(self.view_box)
        row.addWidget(QLabel("with"))
        row.addWidget(self.scenario_box)
        lay2.addLayout(row)
        lay2.addWidget(self.monthly_view, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        lay2.addWidget(self.note)

        self.rates_view.fit_height = True
        self.monthly_view.fit_height = True
        self.range_chart = ChartCanvas(self, min_height=180)
        set_help(self.range_chart, "conversion_rate", "rate_levels")
        set_help(self.rates_view, "conversion_rate", "rate_levels")
        set_help(self.monthly_view, "planned", "required", "gap")
        set_help(self.view_box, "planned", "required", "gap")
        set_help(self.scenario_box, "rate_levels")
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(rates_box)
        inner.addWidget(monthly_box)
        inner.addWidget(self.range_chart, 1)
        self.scrolling_page(content)

    def _on_view(self) -> None:
        self.monthly_model.view = self.view_box.currentData()
        self.scenario = self.scenario_box.currentData()
        self.refresh(self.document.plan)

    def refresh(self, plan: Plan) -> None:
        self.rates_model.set_plan(plan)
        result = compute_funnel(plan, self.scenario)
        self.monthly_model.set_result(plan, result)
        rates = {s: compute_funnel(plan, s).blended_rates for s in SCENARIOS}
        ranges = RateRangesChart(plan.stages, rates["low"], rates["likely"], rates["high"])
        self.range_chart.plot(ranges.draw, ranges.key(), ranges.update)
        lag = result.lag_months
        self.note.setText(
            f"Stages are counted in the month their leads arrive; {plan.stages[-1]} lands "
            f"{count_text(lag, 'month')} later "
            f"(the sales cycle of {plan.terms.sales_cycle_days:g} days)."
        )


PAGE = FunnelPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("funnel", sys.argv[1] if len(sys.argv) > 1 else ""))
