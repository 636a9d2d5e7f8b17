"""Overview: what the plan yields against what the goal needs, recalculated after every edit.

Preview: ``python -m ui.preview overview``.
"""

from __future__ import annotations

import time
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from slaplanner.engine.funnel import SCENARIOS, FunnelResult, Scenario, compute_funnel, monthly_shortfall
from slaplanner.plan.model import Plan
from ui.charts import BarsAndLine, ChartCanvas, ChartStyle, month_ticks, thousands
from ui.document import PlanDocument
from ui.numbers import fmt_count, fmt_money, month_label
from ui.pages.base import Page
from ui.qt import (
    QBrush,
    QComboBox,
    QEvent,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from ui.tables import PlanTableModel, verdict_colour

SCENARIO_NAMES = {"low": "Low rates", "likely": "Likely rates", "high": "High rates"}


class GapModel(PlanTableModel):
    """Per stage over the horizon: planned (forward), required (reverse), gap and coverage."""

    COLUMNS = ("Planned", "Required", "Gap", "Coverage")

    def __init__(self, document: PlanDocument, parent: Any = None):
        self.result: FunnelResult | None = None
        super().__init__(document, parent)

    def set_result(self, plan: Plan, result: FunnelResult) -> None:
        self.result = result
        self.set_plan(plan)

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.stages), len(self.COLUMNS)

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return self.plan.stages[section]

    def value(self, row: int, col: int) -> Any:
        if self.result is None:
            return 0.0
        planned = self.result.forward_totals[row]
        required = self.result.required_totals[row]
        if col == 0:
            return planned
        if col == 1:
            return required
        if col == 2:
            return planned - required
        return planned / required if required > 0 else float("nan")

    def display(self, row: int, col: int, value: Any) -> str:
        if col == 3:
            return "–" if value != value else f"{value * 100:.0f} %"
        if col == 2:
            return ("+" if value > 0.5 else "") + fmt_count(value)
        return fmt_count(value)

    def tooltip(self, row: int, col: int) -> str | None:
        stage = self.plan.stages[row]
        return {
            0: f"{stage} the plan's sources yield over the horizon (forward funnel)",
            1: f"{stage} needed to reach the revenue target (reverse funnel)",
            2: f"Planned minus required {stage}: negative means short of the goal",
            3: "Planned as a share of required",
        }[col]

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole and index.column() in (2, 3):
            short = self.value(index.row(), 2) < -0.5
            return QBrush(verdict_colour(not short))
        return super().data(index, role)


# -- charts: draw(figure, style) builds, update(state) moves the data (see ChartCanvas.plot) -------
class FunnelChart:
    """Centred bars per stage over the horizon: planned filled, required as an outline."""

    def __init__(self, result: FunnelResult):
        self.stages = result.stages
        self.planned = result.forward_totals
        self.required = result.required_totals

    def key(self) -> Any:
        return ("funnel", self.stages)

    def draw(self, fig: Figure, style: ChartStyle) -> dict[str, Any]:
        ax = fig.add_subplot()
        y = list(range(len(self.stages)))[::-1]
        state: dict[str, Any] = {"ax": ax, "style": style, "filled": [], "outline": [], "labels": []}
        for yi in y:
            state["filled"].append(ax.barh(yi, 0, height=0.72, color=style.planned, alpha=0.85)[0])
            state["outline"].append(ax.barh(yi, 0, height=0.72, fill=False, edgecolor=style.required, linewidth=1.8)[0])
            state["labels"].append(ax.text(0, yi, "", va="center", ha="left", fontsize=style.font_size * 0.9))
        ax.set_yticks(y, list(self.stages))
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_title("Funnel over the plan", loc="left")
        ax.legend(
            handles=[
                Patch(facecolor=style.planned, alpha=0.85, label="Planned"),
                Patch(fill=False, edgecolor=style.required, linewidth=1.8, label="Required"),
            ],
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncols=2,
            frameon=False,
            borderaxespad=0.2,
        )
        self.update(state)
        return state

    def update(self, state: dict[str, Any]) -> None:
        style: ChartStyle = state["style"]
        top = max([*self.planned, *self.required, 1.0])
        for bar, outline, label, p, r in zip(
            state["filled"], state["outline"], state["labels"], self.planned, self.required
        ):
            bar.set_width(p)
            bar.set_x((top - p) / 2)
            outline.set_width(r)
            outline.set_x((top - r) / 2)
            label.set_x(top * 1.02)
            label.set_text(f"{fmt_count(p)} / {fmt_count(r)}")
            label.set_color(style.bad if p < r - 0.5 else style.good)
        state["ax"].set_xlim(0, top * 1.45)


class SourcesChart:
    """Leads per month, stacked by source."""

    def __init__(self, result: FunnelResult):
        self.months = result.months
        self.names = tuple(s.source for s in result.by_source)
        self.leads = tuple(s.counts[0] for s in result.by_source)

    def key(self) -> Any:
        return ("sources", self.months, self.names)

    def draw(self, fig: Figure, style: ChartStyle) -> dict[str, Any]:
        ax = fig.add_subplot()
        x = list(range(len(self.months)))
        state: dict[str, Any] = {"ax": ax, "stacks": []}
        for i, name in enumerate(self.names):
            state["stacks"].append(ax.bar(x, [0.0] * len(x), color=style.colour(i), label=name, width=0.75))
        ax.set_title("Leads by source per month", loc="left")
        longest = max((len(n) for n in self.names), default=0)
        legend_px = (longest * 0.6 + 3) * style.font_size * 0.85 * fig.dpi / 72 if self.names else 0.0
        month_ticks(ax, self.months, style, reserve_px=legend_px)
        ax.yaxis.set_major_formatter(FuncFormatter(thousands))
        ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.grid(axis="y", linewidth=0.6)
        ax.set_axisbelow(True)
        if self.names:
            ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=style.font_size * 0.85)
        else:
            ax.text(
                0.5,
                0.5,
                "No lead sources yet:\nadd them on the Lead volume page",
                ha="center",
                va="center",
                transform=ax.transAxes,
            )
        self.update(state)
        return state

    def update(self, state: dict[str, Any]) -> None:
        bottom = [0.0] * len(self.months)
        for stack, leads in zip(state["stacks"], self.leads):
            for rect, b, v in zip(stack, bottom, leads):
                rect.set_y(b)
                rect.set_height(v)
            bottom = [b + v for b, v in zip(bottom, leads)]
        state["ax"].set_ylim(0, max([*bottom, 4.0]) * 1.08)


class OverviewPage(Page):
    """The forward funnel against the required one, the gap per stage, and three charts."""

    title = "Overview"
    order = 10

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.result: FunnelResult | None = None
        self.last_recalc_ms = 0.0

        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setWordWrap(True)
        self.scenario_box = QComboBox()
        for key in SCENARIOS:
            self.scenario_box.addItem(SCENARIO_NAMES[key], key)
        self.scenario_box.setCurrentIndex(SCENARIOS.index(document.results.settings.scenario))
        self.scenario_box.setToolTip(
            "Which conversion rates to use: the low, likely or high value of each range "
            "(the Funnel page and the exported SLA use the same)"
        )
        self.scenario_box.currentIndexChanged.connect(self._on_scenario)
        document.results.settingsChanged.connect(self._on_settings)
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(QLabel("Rate level:"))
        top.addWidget(self.scenario_box)

        self.gap_model = GapModel(document, self)
        self.gap_table = QTableView()
        self.gap_table.setModel(self.gap_model)
        self.gap_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.gap_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.gap_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.gap_table.setMinimumHeight(180)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("warnings")
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        gap_title = QLabel("<b>Gap per stage</b> (planned − required, whole horizon)")
        left.addWidget(gap_title)
        left.addWidget(self.gap_table, 1)
        left.addWidget(self.warnings)
        left_box = QWidget()
        left_box.setLayout(left)

        self.funnel_chart = ChartCanvas(self)
        self.sql_chart = ChartCanvas(self)
        self.source_chart = ChartCanvas(self)
        grid = QGridLayout()
        grid.addWidget(left_box, 0, 0)
        grid.addWidget(self.funnel_chart, 0, 1)
        grid.addWidget(self.sql_chart, 1, 0)
        grid.addWidget(self.source_chart, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.result is not None:
            self._headline(self.document.plan, self.result, self.key_stage(self.document.plan))

    @property
    def scenario(self) -> Scenario:
        """The rate level the window shows (shared with the Funnel page and the export)."""
        return self.document.results.settings.scenario

    def _on_scenario(self) -> None:
        self.document.results.set_scenario(self.scenario_box.currentData())

    def _on_settings(self) -> None:
        index = SCENARIOS.index(self.scenario)
        if self.scenario_box.currentIndex() != index:
            self.scenario_box.setCurrentIndex(index)
        self.refresh(self.document.plan)

    def key_stage(self, plan: Plan) -> str:
        """The stage the SLA counts: the plan's SQL stage (the model's one rule), else the last stage."""
        k = plan.sql_stage_index
        return plan.stages[-1] if k is None else plan.stages[k]

    def refresh(self, plan: Plan) -> None:
        start = time.perf_counter()
        result = compute_funnel(plan, self.scenario)
        self.result = result
        self.gap_model.set_result(plan, result)
        stage = self.key_stage(plan)
        k = result.stages.index(stage)
        sqls = BarsAndLine(
            f"{stage}s per month", result.months, result.required[k], result.forward[k], "Required", "Planned"
        )
        self.sql_chart.plot(*sqls.plot_args())
        funnel = FunnelChart(result)
        self.funnel_chart.plot(funnel.draw, funnel.key(), funnel.update)
        sources = SourcesChart(result)
        self.source_chart.plot(sources.draw, sources.key(), sources.update)
        self._headline(plan, result, stage)
        self.warnings.setText("\n".join(f"⚠ {w}" for w in result.warnings))
        self.last_recalc_ms = (time.perf_counter() - start) * 1000
        window = self.window()
        label = getattr(window, "recalc_label", None)
        if label is not None:
            label.setText(f"Overview recalculated in {self.last_recalc_ms:.0f} ms")

    def _headline(self, plan: Plan, result: FunnelResult, stage: str) -> None:
        k = result.stages.index(stage)
        planned, required = result.forward_totals[k], result.required_totals[k]
        rev_p, rev_r = sum(result.revenue_planned), sum(result.revenue_required)
        bad, good = verdict_colour(False).name(), verdict_colour(True).name()
        short = monthly_shortfall(result, stage)
        n = len(result.months)
        if required <= 0:
            verdict = "No revenue target set: enter one on <i>Plan &amp; targets</i>."
        elif planned + 0.5 >= required and not short.months:
            verdict = (
                f"<span style='color:{good}'>On track in every month: "
                f"{fmt_count(planned - required)} {stage}s to spare.</span>"
            )
        elif planned + 0.5 >= required:
            verdict = (
                f"<span style='color:{bad}'>Short in {len(short.months)} of {n} months "
                f"({_months(short.months)}) by {fmt_count(short.total)} {stage}s,</span> "
                f"though the whole horizon has {fmt_count(planned - required)} to spare."
            )
        else:
            verdict = (
                f"<span style='color:{bad}'>Short by {fmt_count(required - planned)} {stage}s; "
                f"short in {len(short.months)} of {n} months.</span>"
            )
        committed = sum(c.sqls_per_month for c in plan.commitments.marketing)
        if committed > 0 and stage == plan.sql_stage:
            below = monthly_shortfall(result, stage, (committed,) * n)
            if below.months:
                verdict += (
                    f"<br><span style='color:{bad}'>Marketing commits {fmt_count(committed)} {stage}s a month: "
                    f"the plan is below that in {len(below.months)} of {n} months ({_months(below.months)}).</span>"
                )
            else:
                verdict += (
                    f"<br><span style='color:{good}'>Marketing commits {fmt_count(committed)} SQLs a month: "
                    "the plan meets it in every month.</span>"
                )
        # The rate ranges as a range of outcomes: the same plan with every low, every high rate.
        low, high = (compute_funnel(plan, s).forward_totals[k] for s in ("low", "high"))
        spread = f" (low–high rates: {fmt_count(low)}–{fmt_count(high)})" if plan.sources else ""
        self.headline.setText(
            f"<span style='font-size:large'><b>{_html(plan.name)}</b></span><br>"
            f"{stage}s: <b>{fmt_count(planned)}</b> planned{spread} vs <b>{fmt_count(required)}</b> required<br>"
            f"Marketing-sourced revenue: <b>{fmt_money(rev_p, plan.currency)}</b> planned vs "
            f"<b>{fmt_money(rev_r, plan.currency)}</b> required · <b>{verdict}</b>"
        )


def _months(months: tuple[str, ...], most: int = 4) -> str:
    """Months as short names ("Jul, Aug, Dec 2026"), the first few only."""
    names = [month_label(m) for m in months[:most]]
    return ", ".join(names) + (f" and {len(months) - most} more" if len(months) > most else "")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


PAGE = OverviewPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("overview", sys.argv[1] if len(sys.argv) > 1 else ""))
