"""Compare: two to four proposals side by side, differences from a base highlighted.

The page asks the core (:func:`slaplanner.negotiation.compare.compare_proposals`, on a
:class:`ui.worker.Task`, with the window's result settings) for each proposal's headline
figures, and :func:`~slaplanner.negotiation.compare.differences` which cells differ from the
base as displayed. A differing cell has a coloured background, is bold and, for a number, says
▲ (higher than the base) or ▼ (lower): never colour alone. One chart draws the SQLs planned
each month, one line per proposal. After an edit the page says the comparison is out of date.

The open proposal is compared as it is in the window (with unsaved changes); every other
proposal at its latest saved version.

Preview: ``python -m ui.preview compare``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from slaplanner.engine.simulation import SimulationCancelled
from slaplanner.negotiation.compare import ProposalFigures, compare_proposals, differences
from slaplanner.negotiation.diff import MARKETING_SQLS
from slaplanner.plan.format import fmt_count, fmt_duration_minutes, fmt_pct, fmt_signed
from slaplanner.plan.model import Plan
from slaplanner.results import ResultSettings
from ui.charts import ChartCanvas, ChartStyle, is_dark, month_ticks, thousands
from ui.document import PlanDocument
from ui.pages.base import Page
from ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QApplication,
    QBrush,
    QCheckBox,
    QColor,
    QComboBox,
    QFont,
    QFontMetrics,
    QGridLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPersistentModelIndex,
    QScrollArea,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from ui.run_controls import RunControls
from ui.worker import Task, TaskCancelled

MIN_PROPOSALS, MAX_PROPOSALS = 2, 4
UP, DOWN = "▲", "▼"
DisplayRole = Qt.ItemDataRole.DisplayRole
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    """One measure of the comparison: its label and, per proposal, the text shown and the number
    behind it (``None`` for text, or where the proposal has no such measure)."""

    key: str  # the cell's key in :func:`differences`
    label: str
    texts: tuple[str, ...]
    numbers: tuple[float | None, ...]
    tips: tuple[str, ...] = ()


def _chance(value: float | str) -> str:
    """A chance as a percentage, or what stands in its place ("no SQLs to touch")."""
    return value if isinstance(value, str) else fmt_pct(value)


def comparison_rows(figures: Sequence[ProposalFigures], scenario: str = "likely") -> list[Row]:
    """The measures of the comparison table, in reading order, for ``figures``."""
    currency = figures[0].currency if figures else ""
    rows: list[Row] = []

    def add(key: str, label: str, values: Sequence[Any], text: Any, number: bool = True, tips: Any = None) -> None:
        texts = tuple("—" if v is None else text(v) for v in values)
        numbers = tuple(float(v) if number and isinstance(v, (int, float)) else None for v in values)
        rows.append(Row(key, label, texts, numbers, tuple(tips or ())))

    def count(v: float) -> str:
        return fmt_count(v)

    add("sqls_committed", "SQLs committed a month", [f.sqls_committed for f in figures], count)
    add("sqls_planned", f"SQLs planned a month (average, {scenario} rates)", [f.sqls_planned for f in figures], count)
    add(
        "revenue_planned",
        f"Revenue planned ({currency}, period)",
        [f.revenue_planned for f in figures],
        count,
    )
    add("revenue_required", f"Revenue required ({currency}, period)", [f.revenue_required for f in figures], count)
    add("revenue_gap", "Revenue gap (planned − required)", [f.revenue_gap for f in figures], fmt_signed)
    tiers = list(dict.fromkeys(t for f in figures for t in f.response))
    for tier in tiers:

        def target(v: tuple[float, float, str]) -> str:
            minutes, share, clock = v
            return f"{fmt_pct(share)} within {fmt_duration_minutes(minutes)} ({clock})"

        add(f"response[{tier}]", f"{tier}: first-touch target", [f.response.get(tier) for f in figures], target, False)
    labels = list(dict.fromkeys(k for f in figures for k in f.p_met))
    for label in labels:
        name = "P(marketing's SQLs met), month average" if label == MARKETING_SQLS else f"P({label} target met)"
        add(f"p_met[{label}]", name, [f.chance_shown(label) for f in figures], _chance)
    roles = list(
        dict.fromkeys(
            [*(r for f in figures for r in f.headcount_needed), *(r for f in figures for r in f.headcount_staffed)]
        )
    )
    for role in roles:
        needed = [f.headcount_needed.get(role, "absent") for f in figures]
        rows.append(
            Row(
                f"headcount_needed[{role}]",
                f"{role}s needed",
                tuple("—" if n == "absent" else "not reached" if n is None else str(n) for n in needed),
                tuple(float(n) if isinstance(n, int) else None for n in needed),
            )
        )
        add(
            f"headcount_staffed[{role}]",
            f"{role}s staffed (average)",
            [f.headcount_staffed.get(role) for f in figures],
            lambda v: f"{v:.1f}",
        )
    add(
        "bottleneck",
        "Bottleneck",
        [f.bottleneck or "—" for f in figures],
        str,
        False,
        [f.bottleneck_detail or f.simulation_note for f in figures],
    )
    return rows


def highlight_colours() -> tuple[QColor, QColor]:
    """Background and text of a cell that differs from the base, readable light and dark."""
    if is_dark(QApplication.palette()):
        return QColor("#6B5200"), QColor("#FFFFFF")
    return QColor("#FFE08A"), QColor("#000000")


class ComparisonModel(QAbstractTableModel):
    """The comparison as a table: a measure per row, the label then one column per proposal.

    An adapter: the rows come from :func:`comparison_rows`, the differing cells from the core's
    :func:`differences`; nothing is decided here.
    """

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.names: list[str] = []
        self.rows: list[Row] = []
        self.base = 0
        self.flags_by_key: dict[str, list[bool]] = {}
        self.wrapped: dict[int, str] = {}  # header texts the view wrapped to its column widths

    def set_comparison(self, figures: Sequence[ProposalFigures], base: int, scenario: str = "likely") -> None:
        self.beginResetModel()
        self.wrapped = {}
        self.names = [f.name for f in figures]
        self.rows = comparison_rows(figures, scenario)
        self.base = base
        self.flags_by_key = differences(figures, base) if figures else {}
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.names, self.rows, self.flags_by_key, self.wrapped = [], [], {}, {}
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else (1 + len(self.names) if self.names else 0)

    def differs(self, row: int, proposal: int) -> bool:
        """True when proposal ``proposal``'s cell in ``row`` differs from the base's, as displayed."""
        flags = self.flags_by_key.get(self.rows[row].key)
        return bool(flags and proposal < len(flags) and flags[proposal])

    def direction(self, row: int, proposal: int) -> str:
        """▲ or ▼ for a number higher or lower than the base's, else ""."""
        r = self.rows[row]
        value, base = r.numbers[proposal], r.numbers[self.base]
        if value is None or base is None or value == base:
            return ""
        return UP if value > base else DOWN

    def text(self, row: int, col: int) -> str:
        """What the cell shows (with the ▲/▼ of a differing number)."""
        r = self.rows[row]
        if col == 0:
            return r.label
        text = r.texts[col - 1]
        arrow = self.direction(row, col - 1) if self.differs(row, col - 1) else ""
        return f"{text} {arrow}" if arrow else text

    def header_text(self, section: int) -> str:
        """A column's title as one line: "Measure", a proposal's name, the base's with "(base)"."""
        if section == 0:
            return "Measure"
        name = self.names[section - 1]
        return f"{name} (base)" if section - 1 == self.base else name

    def set_wrapped_header(self, section: int, text: str) -> None:
        """Show ``text`` (the title broken into lines to fit the column) as column ``section``'s title."""
        if self.wrapped.get(section) != text:
            self.wrapped[section] = text
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, section, section)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section <= len(self.names) and self.names:
            if role == DisplayRole:
                return self.wrapped.get(section, self.header_text(section))
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.header_text(section)
            return None
        if orientation == Qt.Orientation.Vertical and role == DisplayRole and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if (
            not index.isValid()
            or not (0 <= index.row() < len(self.rows))
            or not (0 <= index.column() <= len(self.names))
        ):
            return None
        row, col = index.row(), index.column()
        differs = col > 0 and self.differs(row, col - 1)
        if role == DisplayRole:
            return self.text(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == 0:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and differs:
            return QBrush(highlight_colours()[0])
        if role == Qt.ItemDataRole.ForegroundRole and differs:
            return QBrush(highlight_colours()[1])
        if role == Qt.ItemDataRole.FontRole and differs:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col > 0:
            r = self.rows[row]
            tip = r.tips[col - 1] if r.tips and r.tips[col - 1] else ""
            if differs:
                base = f"Differs from the base, {self.names[self.base]}: {r.texts[self.base]}"
                tip = f"{base}\n{tip}" if tip else base
            return tip or None
        if role == Qt.ItemDataRole.AccessibleTextRole and col > 0:
            arrow = {UP: ", higher than the base", DOWN: ", lower than the base"}.get(self.direction(row, col - 1), "")
            return self.rows[row].texts[col - 1] + ((arrow or ", differs from the base") if differs else "")
        return None


def wrap_text(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` broken into lines at spaces so that each line fits ``width`` pixels where it can."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


class FitTableView(QTableView):
    """A read-only table as tall as its rows (the page scrolls, never the table), columns fitting
    the width: the measure column to its labels, the proposals sharing the rest, text wrapped."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)

    def fit(self) -> None:
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        if model.columnCount() > 0:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        if isinstance(model, ComparisonModel):  # long names wrap in the title instead of being cut
            metrics = header.fontMetrics()
            for section in range(1, model.columnCount()):
                room = header.sectionSize(section) - 12
                model.set_wrapped_header(section, wrap_text(model.header_text(section), metrics, room))
        self.resizeRowsToContents()
        height = header.height() + sum(self.rowHeight(r) for r in range(model.rowCount())) + 2 * self.frameWidth()
        self.setFixedHeight(max(height, header.height() + 4))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()
        QTimer.singleShot(0, self, self.fit)  # again once the stretched columns took their widths

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self.horizontalHeader().setFont(self.font())
            self.fit()


MARKERS = ("o", "s", "^", "D")


def draw_sqls(fig: Figure, style: ChartStyle, figures: Sequence[ProposalFigures]) -> None:
    """SQLs planned per month, one line (colour and marker) per proposal; committed dashed."""
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    ax = fig.add_subplot()
    if not figures or not figures[0].months:
        ax.set_axis_off()
        ax.set_title("SQLs per month, one line per proposal", loc="left")
        ax.text(
            0.5,
            0.5,
            "Compare proposals to see their SQLs per month.",
            ha="center",
            va="center",
            transform=ax.transAxes,
            color=style.foreground,
            alpha=0.6,
        )
        return
    months = figures[0].months
    x = list(range(len(months)))
    committed_drawn = False
    top = 4.0
    count = len(figures)
    for i, f in enumerate(figures):
        colour = style.colour(i)
        if f.sqls_by_month:
            # Earlier proposals are drawn wider underneath, so equal lines still show every colour.
            width = 2.0 + 2.0 * (count - 1 - i)
            ax.plot(
                x[: len(f.sqls_by_month)],
                f.sqls_by_month,
                color=colour,
                marker=MARKERS[i % len(MARKERS)],
                markersize=5 + 2.0 * (count - 1 - i),
                linewidth=width,
                label=f"{f.name}: planned",
                zorder=3 + i,
            )
            top = max(top, *f.sqls_by_month)
        if f.sqls_committed:
            ax.plot(x, [f.sqls_committed] * len(x), color=colour, linestyle="--", linewidth=1.3, zorder=2)
            committed_drawn = True
            top = max(top, f.sqls_committed)
    handles, labels = ax.get_legend_handles_labels()
    if committed_drawn:
        handles.append(Line2D([], [], color=style.foreground, linestyle="--", linewidth=1.3))
        labels.append("committed (dashed, same colour)")
    ax.set_title("SQLs per month, one line per proposal", loc="left")
    month_ticks(ax, months, style)
    ax.yaxis.set_major_formatter(FuncFormatter(thousands))
    ax.set_ylim(0, top * 1.3)
    ax.grid(axis="y", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(handles, labels, loc="upper left", ncols=3, frameon=False, borderaxespad=0.2)


def run_comparison(
    named_plans: Sequence[tuple[str, Plan]], settings: ResultSettings, *, progress: Any, cancelled: Any
) -> tuple[ProposalFigures, ...]:
    """The core's comparison, with its cancellation turned into the worker's TaskCancelled."""
    try:
        return compare_proposals(named_plans, settings, progress=progress, cancelled=cancelled)
    except SimulationCancelled:
        raise TaskCancelled() from None


class ComparePage(Page):
    """Choose two to four proposals and a base; compare them on a worker thread."""

    title = "Compare"
    order = 85

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.figures: tuple[ProposalFigures, ...] = ()
        self._compared: Any = None  # what the figures shown were computed from
        self._pending: Any = None  # what the running comparison computes from
        self.checks: dict[str, QCheckBox] = {}

        self.intro = QLabel(
            "Choose 2 to 4 proposals and the base to compare them with. Cells that differ from the base are "
            f"highlighted and bold; a number says {UP} (higher) or {DOWN} (lower)."
        )
        self.intro.setWordWrap(True)
        self.choices = QGridLayout()
        self.base = QComboBox()
        self.base.setToolTip("The proposal the others are compared with")
        self.base.currentIndexChanged.connect(self._on_base_changed)
        self.controls = RunControls(document.results, "Compare")
        self.controls.add_field("Base:", self.base)
        self.controls.runRequested.connect(self.start)
        self.controls.succeeded.connect(self.show_figures)
        self.controls.failed.connect(self._failed)
        self.controls.cancelled.connect(self._cancelled)
        self.controls.finished.connect(self._finished)
        self.compare_button = self.controls.run_button
        self.cancel_button = self.controls.cancel_button
        self.progress = self.controls.progress

        self.state = QLabel()
        self.state.setObjectName("compare-state")
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.RichText)

        self.model = ComparisonModel(self)
        self.table = FitTableView()
        self.table.setModel(self.model)
        self.model.modelReset.connect(self.table.fit)
        self.chart = ChartCanvas(min_height=240)
        self.chart.plot(lambda fig, style: draw_sqls(fig, style, ()))

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.state)
        inner.addWidget(self.table)
        inner.addWidget(self.chart, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.choices)
        layout.addWidget(self.controls)
        layout.addWidget(scroll, 1)

        document.agreementChanged.connect(lambda _session: self._show_choices())
        document.results.settingsChanged.connect(lambda _settings: self._show_state())
        self._show_choices()

    # -- choosing ----------------------------------------------------------------------------------
    def _show_choices(self) -> None:
        """One check box per proposal (the checked ones kept), then the base and the state."""
        names = [p.name for p in self.document.session.agreement.proposals]
        if names == list(self.checks):
            self._on_checked()
            return
        # Keep what was chosen; a proposal that is new here is chosen while there is room for it.
        kept = [n for n in names if n in self.checks and self.checks[n].isChecked()]
        for name in names:
            if name not in self.checks and len(kept) < MAX_PROPOSALS:
                kept.append(name)
        open_name = self.document.session.agreement.proposal(self.document.session.proposal).name
        if open_name not in kept and len(kept) < MAX_PROPOSALS:
            kept.append(open_name)
        while self.choices.count():
            item = self.choices.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.checks = {}
        per_row = 4
        self.choices.addWidget(QLabel("Proposals:"), 0, 0)
        for i, name in enumerate(names):
            box = QCheckBox(name)
            box.setChecked(name in kept)
            box.toggled.connect(self._on_checked)
            self.checks[name] = box
            self.choices.addWidget(box, i // per_row, 1 + i % per_row)
        self.choices.setColumnStretch(per_row + 1, 1)
        self._on_checked()

    def checked(self) -> list[str]:
        """The proposals chosen, in the agreement's order."""
        return [name for name, box in self.checks.items() if box.isChecked()]

    def set_checked(self, names: Sequence[str]) -> None:
        """Choose exactly ``names`` (as far as 4 go)."""
        wanted = {n.casefold() for n in names}
        for name, box in self.checks.items():
            box.setChecked(name.casefold() in wanted)

    def set_base(self, name: str) -> None:
        index = self.base.findData(name)
        if index >= 0:
            self.base.setCurrentIndex(index)

    def _on_checked(self, *_args: object) -> None:
        chosen = self.checked()
        full = len(chosen) >= MAX_PROPOSALS
        for box in self.checks.values():  # at most four: the others wait until one is unchecked
            box.setEnabled(box.isChecked() or not full)
        current = self.base.currentData()
        self.base.blockSignals(True)
        self.base.clear()
        for name in chosen:
            self.base.addItem(name, name)
        self.base.setCurrentIndex(max(0, self.base.findData(current)))
        self.base.blockSignals(False)
        self._show_state()

    def _on_base_changed(self, _index: int) -> None:
        if self.figures:
            base = self._base_index([f.name for f in self.figures])
            if base is not None:  # the base is among the figures shown: re-highlight, no new run
                self.model.set_comparison(self.figures, base, self.document.results.settings.scenario)
        self._show_state()

    def _base_index(self, names: Sequence[str]) -> int | None:
        base = self.base.currentData()
        return names.index(base) if base in names else None

    # -- what would be compared ----------------------------------------------------------------------
    def named_plans(self) -> list[tuple[str, Plan]]:
        """The chosen proposals' plans: the open one as in the window, the others at their latest version."""
        session = self.document.session
        open_name = session.agreement.proposal(session.proposal).name
        out = []
        for name in self.checked():
            plan = self.document.plan if name == open_name else session.agreement.proposal(name).head.plan
            out.append((name, plan))
        return out

    def _inputs(self) -> Any:
        return tuple(self.named_plans()), self.document.results.settings

    def is_out_of_date(self) -> bool:
        """True when figures are shown and the plans or settings have changed since they were computed."""
        return bool(self.figures) and self._compared != self._inputs()

    @property
    def task(self) -> Task | None:
        """The comparison running or run last (on the run controls)."""
        return self.controls.task

    def _show_state(self) -> None:
        count = len(self.checked())
        proposals = len(self.checks)
        running = self.controls.is_running()
        self.compare_button.setEnabled(MIN_PROPOSALS <= count <= MAX_PROPOSALS and not running)
        settings = self.document.results.settings
        if proposals < MIN_PROPOSALS:
            text = (
                "The agreement has one proposal. Add another with <b>Proposals &gt; New Proposal…</b> "
                "(it starts as a copy of the open one), change it, and compare the two here."
            )
        elif count < MIN_PROPOSALS:
            text = "Choose at least two proposals."
        elif not self.figures:
            text = "Press <b>Compare</b>. " + settings.describe()
        elif self.is_out_of_date():
            text = (
                "<b>⚠ Out of date:</b> a proposal, the choice or the settings changed since this comparison. "
                "Press <b>Compare</b> to compare again."
            )
        else:
            text = settings.describe()
        self.state.setText(text)

    # -- the page ----------------------------------------------------------------------------------
    def refresh(self, plan: Plan) -> None:
        self._show_state()

    def prepare_screenshot(self) -> None:
        """For ``--screenshot``: compare the chosen proposals so the table and chart are filled."""
        self.start()

    # -- the run ----------------------------------------------------------------------------------
    def start(self) -> None:
        if self.controls.is_running():
            return
        named = self.named_plans()
        if not MIN_PROPOSALS <= len(named) <= MAX_PROPOSALS:
            return
        settings = self.document.results.settings
        self._pending = (tuple(named), settings)
        self.state.setText(f"Comparing {len(named)} proposals… " + settings.describe())
        self.controls.start(run_comparison, named, settings, parent=self)

    def cancel(self) -> None:
        self.controls.cancel()

    def show_figures(self, figures: tuple[ProposalFigures, ...]) -> None:
        """Show the figures computed for the inputs the run started with."""
        self.figures = figures
        self._compared = self._pending
        base = self._base_index([f.name for f in figures]) or 0
        self.model.set_comparison(figures, base, self._pending[1].scenario)
        self.chart.plot(lambda fig, style: draw_sqls(fig, style, figures))
        self.status(f"Compared {len(figures)} proposals.")

    def _failed(self, message: str) -> None:
        self.status("The comparison failed: " + message.splitlines()[0])

    def _cancelled(self) -> None:
        self.status("Comparison cancelled.")

    def _finished(self) -> None:
        self._show_state()
        if self.task is not None and self.task.details:  # a failure: say it on the page too
            self.state.setText("<b>The comparison failed.</b> " + self.task.details.strip().splitlines()[-1])


PAGE = ComparePage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("compare", sys.argv[1] if len(sys.argv) > 1 else ""))
