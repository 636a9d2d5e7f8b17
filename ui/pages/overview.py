"""Overview: what the plan yields against what the goal needs, recalculated after every edit.

Preview: ``python -m ui.preview overview``.
"""

from __future__ import annotations

import re
import time
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from slaplanner.engine.funnel import SCENARIOS, FunnelResult, Scenario, compute_funnel
from slaplanner.engine.simulation.results import SimulationResult
from slaplanner.plan.format import count_text, fmt_duration_minutes, fmt_pct, month_range_text
from slaplanner.plan.model import Plan
from slaplanner.results import LOAD_NAMES, RATE_LEVEL_NAMES
from ui.charts import BarsAndLine, ChartCanvas, ChartStyle, month_ticks, nice_ceiling, thousands
from ui.document import PlanDocument
from ui.help import set_help
from ui.labels import SteadyHeights
from ui.numbers import fmt_count, fmt_money, fmt_percent, month_label, unbroken
from ui.pages.base import Page
from ui.qt import (
    QBrush,
    QComboBox,
    QEvent,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from ui.results import refusal_text
from ui.tables import PlanTableModel, muted_text_colour, verdict_colour
from ui.worker import Task

SCENARIO_NAMES = {"low": "Low rates", "likely": "Likely rates", "high": "High rates"}
_ISO_MONTH = re.compile(r"\b\d{4}-\d{2}\b")
# A commitment is "kept" when the chance of keeping it is at least the chance the people needed are
# counted for (the simulation's target probability, 90 % by default): one threshold on every line.


# -- the answer: one plain verdict per side, the months named --------------------------------------
def _months_text(months: tuple[str, ...] | list[str]) -> str:
    """Months as people say them: "Feb–Apr 2026", "Jan and Mar 2026"."""
    return month_range_text(list(months))


def marketing_verdict(plan: Plan, result: FunnelResult) -> tuple[bool, str]:
    """SQLs planned vs committed vs required, month by month, in one or two sentences."""
    k = plan.sql_stage_index
    stage = plan.stages[-1] if k is None else plan.stages[k]
    k = result.stages.index(stage)
    planned, required = result.forward[k], result.required[k]
    committed = sum(c.sqls_per_month for c in plan.commitments.marketing)
    months = result.months
    head = (
        f"{stage}s a month: {fmt_count(sum(planned) / len(months))} planned, "
        + (f"{fmt_count(committed)} committed, " if committed else "no commitment yet, ")
        + f"{fmt_count(sum(required) / len(months))} needed for the goal (on average)."
    )
    below_commitment = tuple(m for m, p in zip(months, planned) if committed and p + 0.5 < committed)
    short_of_goal = tuple(m for m, p, r in zip(months, planned, required) if p + 0.5 < r)
    commitment_short = tuple(m for m, r in zip(months, required) if committed and committed + 0.5 < r)
    parts = []
    if below_commitment:
        parts.append(f"The plan delivers less than the commitment in {_months_text(below_commitment)}.")
    elif committed:
        parts.append("The plan delivers the commitment in every month.")
    if short_of_goal:
        parts.append(f"It is short of the goal in {_months_text(short_of_goal)}.")
    else:
        parts.append("It reaches the goal in every month.")
    if commitment_short:
        parts.append(f"The commitment itself is below what the goal needs in {_months_text(commitment_short)}.")
    good = not below_commitment and not short_of_goal
    return good, head + " " + " ".join(parts)


def revenue_verdict(plan: Plan, result: FunnelResult) -> tuple[bool, str]:
    """Marketing-sourced revenue planned vs the goal, with the short months named."""
    planned, required = sum(result.revenue_planned), sum(result.revenue_required)
    if required <= 0:
        return False, "No revenue goal yet: enter one on Plan & targets."
    short = tuple(m for m, p, r in zip(result.months, result.revenue_planned, result.revenue_required) if p + 0.5 < r)
    goal = sum(plan.terms.revenue_target)
    head = (
        f"{fmt_money(planned, plan.currency)} planned against a goal of {fmt_money(required, plan.currency)} "
        f"(marketing's {fmt_percent(plan.terms.marketing_share)} of the {fmt_money(goal, plan.currency)} goal)."
    )
    if not short:
        return True, head + " Reached in every month."
    if planned + 0.5 >= required:
        return False, head + f" Reached over the plan, but short in {_months_text(short)}."
    return False, head + f" Short by {fmt_money(required - planned, plan.currency)}; short in {_months_text(short)}."


def sales_verdicts(plan: Plan, sim: SimulationResult) -> list[tuple[bool | None, str]]:
    """Each tier's response promise and the chance it is kept, headcount needed vs staffed and
    the bottleneck, from one simulation (None: a line with no verdict yet, the quick estimate's
    people)."""
    lines: list[tuple[bool | None, str]] = []
    for tier in sim.response:
        if not tier.sqls_per_run:
            continue
        clock = "business time" if tier.clock == "business" else "clock time"
        kept = sim.headcount.target_probability
        weak = tuple(m for m, p in zip(sim.months, tier.p_met_by_month) if p < kept)
        text = (
            f"{tier.tier} leads: first touch within {fmt_duration_minutes(tier.target_minutes)} ({clock}) "
            f"for {fmt_percent(tier.target_share)} of them. Chance we keep the promise: "
            f"<b>{fmt_pct(tier.p_met)}</b>"  # as the Simulation page writes a chance
        )
        text += f"; below {fmt_percent(kept)} in {_months_text(weak)}." if weak else "; likely in every month."
        cadence_kept = True
        if tier.touches > 1:  # the cadence is a promise too (the headcount below keeps both)
            cadence_kept = tier.p_touches_met >= kept
            text += (
                f" Chance all {tier.touches} touches happen within {count_text(round(tier.touch_days), 'day')}: "
                f"<b>{fmt_pct(tier.p_touches_met)}</b>."
            )
        lines.append((tier.p_met >= kept and not weak and cadence_kept, text))
    staff: list[tuple[bool | None, str]] = []
    curve = sim.headcount
    role = next((r for r in sim.roles if curve.role.casefold() in (r.role.casefold(), r.kind.casefold())), None)
    target = fmt_percent(curve.target_probability)
    if role is not None:
        staffed = max(role.headcount, default=0)
        why = f"for a {target} chance of every first-touch promise and cadence"
        if curve.stopped:  # the search could not follow that many SDRs in reasonable time
            staff.append((False, f"{role.role}: {staffed} staffed; no headcount found: {curve.stopped}"))
        elif not curve.points:  # a quick estimate: no headcount search
            staff.append((None, f"{role.role}: {staffed} staffed; the full run says how many are needed {why}"))
        elif curve.headcount_needed is None:
            staff.append((False, f"{role.role}: {staffed} staffed; more than the simulation tried are needed {why}"))
        else:
            needed = curve.headcount_needed
            staff.append((needed <= staffed, f"{role.role}: {needed} needed, {staffed} staffed ({why})"))
    ae = next((r for r in sim.roles if r.kind.casefold() == "ae"), None)
    if ae is not None:
        staffed = max(ae.headcount, default=0)
        staff.append(
            (
                sim.ae_needed <= staffed,
                f"{ae.role}: {sim.ae_needed} needed, {staffed} staffed (for a busy month's open opportunities, "
                "90th percentile)",
            )
        )
    if staff:
        oks = [ok for ok, _ in staff]
        ok: bool | None = False if False in oks else None if None in oks else True
        lines.append((ok, "People: " + "; ".join(t for _, t in staff) + "."))
    if sim.bottleneck:
        detail = _ISO_MONTH.sub(lambda m: month_label(m.group(0)), sim.bottleneck_detail or sim.bottleneck)
        busiest = next((r for r in sim.roles if r.role == sim.bottleneck), None)
        within = busiest is not None and max(busiest.utilisation, default=0.0) <= busiest.max_occupancy
        # Within its maximum occupancy the busiest team is no failure: say so with a tick.
        head = "The busiest team, within its limit: " if within else "The bottleneck: "
        lines.append((within, head + detail + "."))
    return lines


def marketing_chance(sim: SimulationResult, scenario: Scenario = "likely") -> tuple[bool, str] | None:
    """The simulated chance that marketing's commitment is met month by month (every segment its own
    number, the conversion rates drawn from their ranges), beside the plan's totals at the
    ``scenario``'s rates in the line above; None without a commitment, and for a simulation of the
    committed SQLs themselves (met by construction)."""
    if not sim.sql_p_met_by_segment or not sim.sql_p_met or sim.load == "committed":
        return None
    chances = sim.sql_p_met
    low = min(range(len(chances)), key=lambda m: chances[m])
    high = max(range(len(chances)), key=lambda m: chances[m])
    text = (
        f"Simulated, every segment its own commitment, the conversion rates drawn from their ranges: a chance "
        f"of {fmt_pct(chances[low])} ({month_label(sim.months[low])}) to {fmt_pct(chances[high])} "
        f"({month_label(sim.months[high])}) a month (the line above uses the {RATE_LEVEL_NAMES[scenario]} rates)."
    )
    return chances[low] >= sim.headcount.target_probability, text


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
        state["moving"] = [*state["filled"], *state["outline"], *state["labels"]]
        state["axes"] = [ax.xaxis]  # no ticks: its limits move the bars only
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
        state["ax"].set_xlim(0, nice_ceiling(top * 1.45))


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
        state["moving"] = [rect for stack in state["stacks"] for rect in stack.patches]
        state["axes"] = [ax.yaxis]
        self.update(state)
        return state

    def update(self, state: dict[str, Any]) -> None:
        bottom = [0.0] * len(self.months)
        for stack, leads in zip(state["stacks"], self.leads):
            for rect, b, v in zip(stack, bottom, leads):
                rect.set_y(b)
                rect.set_height(v)
            bottom = [b + v for b, v in zip(bottom, leads)]
        state["ax"].set_ylim(0, nice_ceiling(max([*bottom, 4.0]) * 1.08))


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
        self.scenario_box = set_help(QComboBox(), "rate_levels")
        for key in SCENARIOS:
            self.scenario_box.addItem(SCENARIO_NAMES[key], key)
        self.scenario_box.setCurrentIndex(SCENARIOS.index(document.results.settings.scenario))
        self.scenario_box.setToolTip(
            "Which conversion rates to use: the low, likely or high value of each range "
            "(the Funnel page and the exported SLA use the same)"
        )
        self.scenario_box.currentIndexChanged.connect(self._on_scenario)
        document.results.settingsChanged.connect(self._on_settings)
        # A simulation kept anywhere (the Simulation page, a quick answer) changes the Sales answer.
        document.results.simulationKept.connect(self._on_simulation_kept)
        document.results.quickFailed.connect(lambda _message: self._on_simulation_kept())
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(QLabel("Rate level:"))
        top.addWidget(self.scenario_box)

        # The answer for both sides at once: marketing, sales, revenue.
        self.answer = QWidget()
        self.answer.setObjectName("answer")
        answer = QGridLayout(self.answer)
        answer.setContentsMargins(0, 2, 0, 2)
        answer.setVerticalSpacing(2)
        self.answer_labels: dict[str, QLabel] = {}
        self._answer_heights = SteadyHeights()  # each side's answer keeps its height while edits reword it
        for row, side in enumerate(("Marketing", "Sales", "Revenue")):
            name = QLabel(f"<b>{side}</b>")
            name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            text = QLabel()
            text.setObjectName(f"answer-{side.lower()}")
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setWordWrap(True)
            text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            answer.addWidget(name, row, 0)
            answer.addWidget(text, row, 1)
            self.answer_labels[side.lower()] = text
        self.simulate_button = QPushButton("Run the simulation")
        self.simulate_button.setToolTip(
            "Simulate the sales team's first touches (the Simulation page's runs and seed) to see the chance "
            "each promise is kept"
        )
        self.simulate_button.clicked.connect(self.run_simulation)
        answer.addWidget(self.simulate_button, 1, 2, Qt.AlignmentFlag.AlignTop)
        answer.setColumnStretch(1, 1)
        self.task: Task | None = None
        self.simulating = False

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

        self.funnel_chart = ChartCanvas(self, min_height=240)
        self.sql_chart = ChartCanvas(self, min_height=200)
        self.source_chart = ChartCanvas(self, min_height=200)
        set_help(self.funnel_chart, "planned", "required", "stage")
        set_help(self.sql_chart, "sql", "planned", "required")
        set_help(self.source_chart, "source", "lead", "seasonality")
        grid = QGridLayout()
        grid.addWidget(left_box, 0, 0)
        grid.addWidget(self.funnel_chart, 0, 1)
        grid.addWidget(self.sql_chart, 1, 0)
        grid.addWidget(self.source_chart, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addLayout(top)
        inner.addWidget(self.answer)
        inner.addLayout(grid, 1)
        # On a projector (150 %) the answer grows: the page scrolls down, never sideways, and
        # nothing is drawn over anything else.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

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
        committed = float(sum(c.sqls_per_month for c in plan.commitments.marketing))
        sqls = BarsAndLine(
            f"{stage}s per month", result.months, result.required[k], result.forward[k], "Required", "Planned",
            reference=(committed,) * len(result.months) if committed else (), reference_label="Committed",
        )  # fmt: skip
        self.sql_chart.plot(*sqls.plot_args())
        funnel = FunnelChart(result)
        self.funnel_chart.plot(funnel.draw, funnel.key(), funnel.update)
        sources = SourcesChart(result)
        self.source_chart.plot(sources.draw, sources.key(), sources.update)
        self._headline(plan, result, stage)
        self._answer(plan, result)
        self.warnings.setText("\n".join(f"⚠ {w}" for w in result.warnings))
        self.last_recalc_ms = (time.perf_counter() - start) * 1000
        window = self.window()
        label = getattr(window, "recalc_label", None)
        if label is not None:
            label.setText(f"Overview recalculated in {self.last_recalc_ms:.0f} ms")

    # -- the answer panel ----------------------------------------------------------------------
    def _answer(self, plan: Plan, result: FunnelResult) -> None:
        def say(side: str, lines: list[tuple[bool | None, str]], note: str = "") -> None:
            marks = {
                True: f"<span style='color:{verdict_colour(True).name()}'>✔</span>",
                False: f"<span style='color:{verdict_colour(False).name()}'>✘</span>",
                None: f"<span style='color:{muted_text_colour().name()}'>•</span>",  # not answered yet
            }
            html = "<br>".join(f"{marks[ok]} {t}" for ok, t in lines)
            self.answer_labels[side].setText(unbroken((f"<i>{note}</i><br>" if note else "") + html))

        # The plan's own run (full, else quick) when kept; else the last one, said to be out of date
        # (a full run of the plan before an edit can finish after the quick one of the plan now).
        service = self.document.results.service
        kept = self.document.results.current(plan) or service.last_kept()
        last = None if kept is None else (kept.plan, kept.result)
        marketing: list[tuple[bool | None, str]] = [marketing_verdict(plan, result)]
        chance = marketing_chance(last[1], result.scenario) if last is not None and last[0] == plan else None
        if chance is not None:
            marketing.append(chance)
        say("marketing", marketing)
        say("revenue", [revenue_verdict(plan, result)])
        running = self.simulating
        refused = self.document.results.refused(plan) if kept is None or kept.plan != plan else None
        if running:
            self.answer_labels["sales"].setText("<i>Simulating the sales team…</i>")
        elif refused:  # not an earlier plan's verdicts: this one cannot be simulated
            say("sales", [(False, _html(refused))])
        elif last is None:
            self.answer_labels["sales"].setText(
                "Response targets and the chance we keep them: <i>not simulated yet — run the simulation.</i>"
            )
        else:
            simulated_plan, sim = last
            stale = "" if simulated_plan == plan else "From the simulation before your last change (run it again)."
            if kept is not None and kept.quick and not stale:
                stale = (
                    f"Quick estimate ({count_text(kept.runs, 'run')}) while you edit; run the simulation for the "
                    "full answer and the people needed."
                )
            if sim.load == "committed":
                stale = " ".join(s for s in (stale, f"Simulated on {LOAD_NAMES['committed']}.") if s)
            lines = sales_verdicts(plan, sim)
            if not lines:
                lines = [(False, "No SQLs reach the sales team in the simulation.")]
            say("sales", lines, stale)
        # No button for a run that would be refused: the answer above says what to fix.
        self.simulate_button.setVisible((last is None or last[0] != plan) and not refused)
        self.simulate_button.setEnabled(not running)
        self._keep_answer_heights()

    def _keep_answer_heights(self) -> None:
        """An answer line that wraps onto one line fewer after an edit keeps its height (at the same
        width and font): otherwise the charts below grow and shrink with the wording, jumping on
        the projector and drawn whole again instead of only their data."""
        for side, label in self.answer_labels.items():
            self._answer_heights.keep(side, label)

    def _on_simulation_kept(self) -> None:
        if self.result is not None:
            self._answer(self.document.plan, self.result)

    def run_simulation(self) -> None:
        """Simulate the plan with the window's runs and seed, through the shared results service,
        so the Simulation page and the export show the same run."""
        if self.simulating:
            return
        settings = self.document.results.settings
        self.task = Task(
            self.document.results.service.simulation,
            self.document.plan,
            settings.runs,
            settings.seed,
            load=settings.load,
            parent=self,
        )
        self.task.succeeded.connect(self._simulation_done)
        self.task.failed.connect(self._simulation_failed)
        self.task.cancelled.connect(self._simulation_done)
        self.simulating = True
        self.simulate_button.setEnabled(False)
        self.answer_labels["sales"].setText("<i>Simulating the sales team…</i>")
        self.task.start()

    def _simulation_done(self, *_result: object) -> None:
        self.simulating = False
        self.refresh(self.document.plan)

    def _simulation_failed(self, message: str) -> None:
        self.simulating = False
        self.simulate_button.setEnabled(True)
        why = refusal_text(self.document.plan, message).splitlines()[0]
        if not why.startswith("The simulation could not run"):
            why = f"The simulation cannot run: {why}"
        self.answer_labels["sales"].setText(
            f"<span style='color:{verdict_colour(False).name()}'>✘</span> {_html(why)}"
        )

    def prepare_screenshot(self) -> None:
        """For ``--screenshot``: simulate (default runs and seed) so the sales side is answered."""
        self.run_simulation()

    def _headline(self, plan: Plan, result: FunnelResult, stage: str) -> None:
        """The plan's name and the key stage and revenue over the plan; the verdicts are in the answer panel."""
        k = result.stages.index(stage)
        planned, required = result.forward_totals[k], result.required_totals[k]
        rev_p, rev_r = sum(result.revenue_planned), sum(result.revenue_required)
        # The rate ranges as a range of outcomes: the same plan with every low, every high rate.
        low, high = (compute_funnel(plan, s).forward_totals[k] for s in ("low", "high"))
        spread = f" (low–high rates: {fmt_count(low)}–{fmt_count(high)})" if plan.sources else ""
        self.headline.setText(
            f"<span style='font-size:large'><b>{_html(plan.name)}</b></span><br>"
            f"{stage}s over the plan: <b>{fmt_count(planned)}</b> planned{spread} vs <b>{fmt_count(required)}</b> "
            f"required · revenue <b>{fmt_money(rev_p, plan.currency)}</b> planned vs "
            f"<b>{fmt_money(rev_r, plan.currency)}</b> required"
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
