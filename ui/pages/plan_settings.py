"""Plan & targets: name, currency, months, stages, deal economics and monthly revenue targets.

Preview: ``python -m ui.preview plan_settings``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from slaplanner.cells import read_share, share_text
from slaplanner.engine.funnel import compute_funnel
from slaplanner.errors import ValidationError
from slaplanner.new_plan import read_month, read_start_day
from slaplanner.plan.edits import Edit
from slaplanner.plan.model import MAX_HORIZON, HorizonRun, Plan, change_horizon, stage_transitions, with_stages
from ui.charts import BarsAndLine, ChartCanvas
from ui.document import PlanDocument
from ui.help import set_help
from ui.numbers import explain_problem, fmt_compact, fmt_count, fmt_grouped, fmt_money, fmt_plain, month_label
from ui.pages.base import Page
from ui.qt import (
    QEvent,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.tables import GridView, PlanTableModel, number_or_refuse, share_or_refuse

HORIZON_MERGE_KEY = "field:horizon"
CHART_HEIGHT = 200  # the revenue chart's least height at 100 %
INVALID_STYLE = "QLineEdit { border: 2px solid #d32f2f; border-radius: 3px; padding: 1px; }"


class FieldEdit(QLineEdit):
    """A line edit bound to one plan value: applies as you type (merged into one undo step per
    field), shows a refused value in red with the reason, and leaves Ctrl+Z to the window."""

    def __init__(
        self,
        page: PlanSettingsPage,
        key: str,
        read: Callable[[Plan], str],
        make_edit: Callable[[Plan, str], Edit],
        *,
        live: bool = True,
        label: str = "",
        percent: bool = False,
    ):
        """``percent``: the field is a share typed in percent, read with
        :func:`~slaplanner.cells.read_share` (0.7 is 70 %, and the user is told); its refusals
        speak in percent."""
        super().__init__()
        self.label, self.percent = label, percent
        self.page, self.key, self.read, self.make_edit = page, key, read, make_edit
        self.error = ""
        self.typing = False  # the user is typing (until the edit is finished): keep their text
        self.textEdited.connect(self._typed)
        if live:
            self.textEdited.connect(self.commit)
        self.editingFinished.connect(self._finished)
        self.live = live

    def event(self, event: QEvent) -> bool:
        # Undo/redo belong to the plan, not to the text field.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo))
        ):
            event.ignore()
            return False
        return super().event(event)

    def _typed(self, _text: str) -> None:
        self.typing = True

    def _finished(self) -> None:
        self.typing = False
        if not self.live or self.error:
            self.commit(self.text())
        if not self.error:  # what was typed is the plan's value now: show it as the plan writes it
            text = self.read(self.page.document.plan)
            if self.text() != text:
                self.setText(text)
                self.setCursorPosition(0)

    def commit(self, text: str) -> None:
        plan = self.page.document.plan
        if text.strip() == self.read(plan).strip():
            self.set_error("")
            return
        try:
            edit = self.make_edit(plan, text)
        except ValidationError as error:  # built before the document saw it (e.g. new stages)
            why = "; ".join(explain_problem(p) for p in error.problems)
            self.set_error(f"{self.label}: {why}" if self.label else why)
            return
        except ValueError as error:
            self.set_error(str(error))
            return
        try:
            self.page.document.apply(Edit(edit.path, edit.value, edit.label, f"field:{self.key}"))
        except ValidationError as error:
            why = "; ".join(explain_problem(p, percent=self.percent) for p in error.problems)
            self.set_error(f"{self.label}: {why}" if self.label else why)
            # The document's own message names the plan's field ("sql_threshold"); say it in words.
            self.page.status(f"Not changed. {self.error}", 15000)
            return
        self.set_error("")
        if self.percent and (note := read_share(text)[1]):  # "0.7 was read as 70 %"
            self.page.document.editNoted.emit(f"{self.label}: {note}" if self.label else note)

    def set_error(self, message: str) -> None:
        self.error = message
        self.setStyleSheet(INVALID_STYLE if message else "")
        self.setToolTip(f"Not accepted: {message}" if message else self.statusTip())
        self.page.show_field_error(self, message)

    def show_plan(self, plan: Plan) -> None:
        text = self.read(plan)
        if (self.hasFocus() or self.typing) and not self.error:
            try:  # do not reformat what is being typed if it already means the same
                if self.make_edit(plan, self.text()).value == self.make_edit(plan, text).value:
                    return
            except (ValueError, ValidationError):
                pass
        if self.text() != text:
            self.setText(text)
            if not self.hasFocus():
                self.setCursorPosition(0)  # a long value too wide for its field shows its start
        if self.error:
            self.set_error("")


class TargetsModel(PlanTableModel):
    """Monthly revenue target (editable), marketing's share of it and the wins it needs."""

    ROWS = ("Revenue target", "Marketing-sourced", "Wins needed")

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(self.ROWS), plan.horizon_months + 1

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.ROWS[section]
        return "Total" if section == self.plan.horizon_months else month_label(self.plan.months[section])

    def value(self, row: int, col: int) -> Any:
        targets = self.plan.revenue_target
        terms = self.plan.terms
        series = [
            targets,
            [t * terms.marketing_share for t in targets],
            [t * terms.marketing_share / terms.average_deal_size for t in targets],
        ][row]
        return sum(series) if col == self.plan.horizon_months else series[col]

    def display(self, row: int, col: int, value: Any) -> str:
        if row == 2:
            return fmt_count(value)
        return fmt_compact(value) if col == self.plan.horizon_months else fmt_money(value)

    def is_editable(self, row: int, col: int) -> bool:
        return row == 0 and col < self.plan.horizon_months

    def is_derived(self, row: int, col: int) -> bool:
        return not self.is_editable(row, col)

    def tooltip(self, row: int, col: int) -> str | None:
        if col == self.plan.horizon_months:
            return f"Total over the plan: {fmt_money(self.value(row, col), self.plan.currency if row < 2 else '')}"
        return (
            f"Revenue to close in the month, in {self.plan.currency}",
            "Revenue target × marketing's share",
            "Marketing-sourced target ÷ average deal size",
        )[row]

    def label_for(self, row: int, col: int) -> str:
        if col >= self.plan.horizon_months:
            return "Edit"
        return f"Edit revenue target, {month_label(self.plan.months[col])}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        value = number_or_refuse(text)
        if not plan.terms.revenue_target:  # no targets yet: create the series
            series = [0.0] * plan.horizon_months
            series[col] = value
            return [Edit(("terms", "revenue_target"), tuple(series), self.label_for(row, col))]
        return [Edit(("terms", "revenue_target", col), value, self.label_for(row, col))]


def _number_edit(path: tuple[Any, ...], label: str) -> Callable[[Plan, str], Edit]:
    def make(plan: Plan, text: str) -> Edit:
        try:
            value = number_or_refuse(text)
        except ValueError as error:
            raise ValueError(f"{label}: {error}") from None
        return Edit(path, value, f"Edit {label.lower()}")

    return make


def _share_edit(path: tuple[Any, ...], label: str) -> Callable[[Plan, str], Edit]:
    def make(plan: Plan, text: str) -> Edit:
        try:
            value = share_or_refuse(text)
        except ValueError as error:
            raise ValueError(f"{label}: {error}") from None
        return Edit(path, value, f"Edit {label.lower()}")

    return make


def _stages_edit(plan: Plan, text: str) -> Edit:
    names = tuple(s.strip() for s in text.replace(";", ",").split(","))
    try:
        new = with_stages(plan, names)
    except ValidationError as error:
        raise ValueError(f"Stages: {stages_refusal(text, error)}") from None
    fresh = [
        f"{a}→{b}"
        for (a, b), span in zip(itertools.pairwise(names), stage_transitions(plan.stages, names))
        if span is None
    ]
    label = "Change stages" + (f" ({', '.join(fresh)} at 100 %: set them on Funnel)" if fresh and plan.sources else "")
    return Edit((), new, label)


def stages_refusal(text: str, error: ValidationError) -> str:
    """Why a list of stages was refused, in one sentence: "“Lead” is not allowed: a plan has
    from 2 to 10 stages, and the definitions use MQL and SQL as stages (keep them, or change the
    definitions first)"."""
    reasons: list[str] = []
    used: list[str] = []
    for problem in error.problems:
        if problem.kind == "unknown_reference" and isinstance(problem.value, str):
            if problem.value not in used:
                used.append(problem.value)
        elif problem.field == "stages":
            reasons.append("a plan has " + problem.allowed.removeprefix("allowed: "))
        elif problem.field.startswith("stages["):
            reasons.append(
                f"“{problem.value}” is there twice" if "no other stage" in problem.allowed else explain_problem(problem)
            )
        else:
            reasons.append(explain_problem(problem))
    if used:
        names = " and ".join([", ".join(used[:-1]), used[-1]] if len(used) > 1 else used)
        them = "them" if len(used) > 1 else "it"
        reasons.append(f"the definitions use {names} as stages (keep {them}, or change the definitions first)")
    listed = ", ".join(n.strip() for n in text.replace(";", ",").split(","))
    return f"“{listed}” is not allowed: " + ", and ".join(reasons)


class PlanSettingsPage(Page):
    """Edit the plan's settings and targets."""

    title = "Plan & targets"
    order = 15

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.fields: list[FieldEdit] = []
        self._horizon_run: HorizonRun | None = None  # the run of horizon changes going on, if any
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("field-error")
        self.error_label.setStyleSheet("color: #d32f2f;")

        def field(
            key: str,
            read: Callable[[Plan], str],
            make: Callable[[Plan, str], Edit],
            tip: str,
            live: bool = True,
            label: str = "",
            percent: bool = False,
        ) -> FieldEdit:
            edit = FieldEdit(self, key, read, make, live=live, label=label, percent=percent)
            edit.setStatusTip(tip)
            edit.setToolTip(tip)
            self.fields.append(edit)
            return edit

        self.name_edit = field(
            "name", lambda p: p.name, lambda p, t: Edit(("name",), t, "Rename plan"), "The plan's name", label="Name"
        )
        set_help(self.name_edit, "plan")
        self.currency_edit = field(
            "currency",
            lambda p: p.currency,
            lambda p, t: Edit(("currency",), t, "Edit currency"),
            "Three-letter currency code such as USD or EUR",
            label="Currency",
        )
        self.start_edit = field(
            "start_month",
            lambda p: month_label(p.start_month),
            lambda p, t: Edit(("start_month",), read_month(t), "Edit start month"),
            "The plan's first month as YYYY-MM",
            live=False,
            label="First month",
        )
        self.start_edit.setPlaceholderText("YYYY-MM")
        self.start_day_edit = field(
            "start_day",
            lambda p: str(p.start_day),
            lambda p, t: Edit(("start_day",), read_start_day(t), "Edit the day months start on"),
            "The day of the month each plan month starts on: 1 for calendar months, 15 for months "
            "running from the 15th to the 14th (a horizon that starts mid-month)",
            live=False,
            label="Months start on day",
        )
        self.period_note = QLabel()
        self.period_note.setWordWrap(True)
        self.horizon_spin = QSpinBox()
        self.horizon_spin.setRange(1, MAX_HORIZON)
        self.horizon_spin.setSuffix(" months")
        self.horizon_spin.setToolTip("How many months the plan covers; monthly values are cut or extended")
        self.horizon_spin.setKeyboardTracking(False)  # typing "18" is one change, not 1 then 18
        self.horizon_spin.valueChanged.connect(self._on_horizon)
        self.stages_edit = field(
            "stages",
            lambda p: ", ".join(p.stages),
            _stages_edit,
            "Funnel stages from first to last, separated by commas. Renaming keeps every rate; removing a "
            "stage merges its rates into the transition around it; a transition to or from a new stage "
            "starts at 100 % (set it on the Funnel page).",
            live=False,
            label="Stages",
        )
        self.deal_edit = field(
            "deal",
            lambda p: fmt_grouped(p.terms.average_deal_size),
            _number_edit(("terms", "average_deal_size"), "Average deal size"),
            "Average revenue of one won deal",
            label="Average deal size",
        )
        self.cycle_edit = field(
            "cycle",
            lambda p: fmt_plain(p.terms.sales_cycle_days),
            _number_edit(("terms", "sales_cycle_days"), "Sales cycle"),
            "Days from SQL to won, on average; shifts wins later by whole months",
            label="Sales cycle",
        )
        self.share_edit = field(
            "share",
            lambda p: share_text(p.terms.marketing_share),
            _share_edit(("terms", "marketing_share"), "Marketing's share"),
            "Percent of the revenue target marketing-sourced pipeline must carry",
            label="Marketing's share",
            percent=True,
        )
        for edit in (self.deal_edit, self.cycle_edit, self.share_edit):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        #: Field widths at 100 % (maximum, minimum), scaled with the zoom: at 150 % the two boxes
        #: side by side otherwise squeeze "24000" to "4000" and cut the stages off.
        self._widths: list[tuple[QWidget, int, int]] = [
            (self.currency_edit, 80, 0),
            (self.start_edit, 120, 0),
            (self.start_day_edit, 60, 0),
            (self.horizon_spin, 160, 0),
            (self.stages_edit, 16_777_215, 250),
            (self.deal_edit, 160, 60),
            (self.cycle_edit, 160, 40),
            (self.share_edit, 160, 40),
        ]
        self._fit_widths()
        self.deal_unit = QLabel()

        plan_box = QGroupBox("Plan")
        form = QFormLayout(plan_box)
        form.addRow("Name:", self.name_edit)
        form.addRow("Currency:", self.currency_edit)
        form.addRow("First month:", self.start_edit)
        form.addRow("Months start on day:", _with_unit(self.start_day_edit, self.period_note))
        form.addRow("Horizon:", self.horizon_spin)
        form.addRow("Stages:", self.stages_edit)
        terms_box = QGroupBox("Deal economics")
        form2 = QFormLayout(terms_box)
        form2.addRow("Average deal size:", _with_unit(self.deal_edit, self.deal_unit))
        form2.addRow("Sales cycle:", _with_unit(self.cycle_edit, QLabel("days")))
        form2.addRow("Marketing's share:", _with_unit(self.share_edit, QLabel("%")))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form2.addRow(self.summary)

        self.targets_model = TargetsModel(document, self)
        self.targets_view = GridView()
        self.targets_view.transpose_when_narrow = True  # months as rows at large zoom
        self.targets_view.setModel(self.targets_model)
        # every month in sight (12 rows at 150 %): the page scrolls down to the chart instead
        self.targets_view.fit_height = True
        self.revenue_chart = ChartCanvas(self, min_height=CHART_HEIGHT)
        set_help(self.revenue_chart, "revenue_goal", "marketing_share", "planned")
        set_help(self.targets_view, "revenue_goal", "marketing_share", "won")
        targets_box = QGroupBox("Monthly revenue targets")
        tl = QVBoxLayout(targets_box)
        tl.addWidget(
            QLabel(
                "Type or paste the target of each month (Ctrl+V pastes a row from a spreadsheet; "
                "Ctrl+R fills a value right)."
            )
        )
        tl.addWidget(self.targets_view)
        tl.addWidget(self.revenue_chart, 1)

        top = QHBoxLayout()
        top.addWidget(plan_box, 3)
        top.addWidget(terms_box, 2)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(targets_box, 1)
        self.scrolling_page(body)

    def set_zoom(self, factor: float) -> None:
        super().set_zoom(factor)
        self._fit_widths()
        self.revenue_chart.setMinimumHeight(round(CHART_HEIGHT * factor))  # its text grows with the zoom

    def _fit_widths(self) -> None:
        for widget, widest, narrowest in self._widths:
            widget.setMaximumWidth(min(round(widest * self.zoom), 16_777_215))
            widget.setMinimumWidth(round(narrowest * self.zoom))

    def _on_horizon(self, months: int) -> None:
        """The core's :func:`change_horizon` (12 -> 6 -> 12 months gives the original months back);
        the steps of a run merge into one undo step."""
        plan = self.document.plan
        if months == plan.horizon_months:
            return
        try:
            new, run = change_horizon(plan, months, self._horizon_run)
        except ValidationError as error:
            self.show_field_error(self.horizon_spin, str(error))
            return
        message = self.document.try_apply(Edit((), new, "Change horizon", HORIZON_MERGE_KEY))
        if message is None:
            self._horizon_run = run
        self.show_field_error(self.horizon_spin, message or "")

    def show_field_error(self, widget: QWidget, message: str) -> None:
        if message:
            self.error_label.setText(f"Not accepted: {message}")
            self.status(f"Not changed. {message}")
        elif not any(f.error for f in self.fields):
            self.error_label.setText("")

    def refresh(self, plan: Plan) -> None:
        for edit in self.fields:
            edit.show_plan(plan)
        if self.horizon_spin.value() != plan.horizon_months:
            self.horizon_spin.blockSignals(True)
            self.horizon_spin.setValue(plan.horizon_months)
            self.horizon_spin.blockSignals(False)
        self.deal_unit.setText(plan.currency)
        self.period_note.setText(plan.period_note or "(calendar months)")
        self.targets_model.set_plan(plan)
        result = compute_funnel(plan)
        chart = BarsAndLine(
            f"Marketing-sourced revenue per month ({plan.currency})",
            result.months,
            result.revenue_required,
            result.revenue_planned,
            "Marketing-sourced target",
            "Planned revenue (likely rates)",
        )
        self.revenue_chart.plot(*chart.plot_args())
        total = sum(plan.revenue_target)
        wins = total * plan.terms.marketing_share / plan.terms.average_deal_size
        self.summary.setText(
            f"Over {plan.horizon_months} months: target {fmt_money(total, plan.currency)}, of which marketing "
            f"{fmt_money(total * plan.terms.marketing_share, plan.currency)} = {fmt_count(wins)} wins."
        )


def _with_unit(edit: QWidget, unit: QLabel) -> QWidget:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(edit)
    lay.addWidget(unit)
    lay.addStretch(1)
    return box


PAGE = PlanSettingsPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("plan_settings", sys.argv[1] if len(sys.argv) > 1 else ""))
