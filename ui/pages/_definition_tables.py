"""The Definitions page's tables: the columns of its record lists, the example leads (checked
live) and the read-only history of an imported lead export (not a page: the name starts with _)."""

from __future__ import annotations

from typing import Any, ClassVar

from slaplanner.engine.scoring import ExampleResult, ScoreSummary, check_examples
from slaplanner.plan.definitions import (
    EXPECTATIONS,
    OPERATORS,
    OWNERS,
    RECYCLE_TRIGGERS,
    event_label,
    events_from_text,
    field_label,
    fields_from_text,
    outcome_label,
    owner_label,
    recycle_trigger_label,
)
from slaplanner.plan.definitions import OPERATOR_LABELS as _OPERATOR_LABELS
from slaplanner.plan.edits import Edit
from slaplanner.plan.model import Plan
from ui.document import PlanDocument
from ui.numbers import fmt_count, fmt_plain, month_label
from ui.pages._records import Column, RecordTableModel
from ui.qt import QBrush, QColor, QGuiApplication, QPalette, Qt
from ui.tables import PlanTableModel


def _dark() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def pass_colour(passed: bool) -> QColor:
    if _dark():
        return QColor("#1b5e20" if passed else "#7f1d1d")
    return QColor("#dcf5e3" if passed else "#fde0e0")


def records_model(
    document: PlanDocument, section: str, columns: tuple[Column, ...], what: str, parent: Any
) -> RecordTableModel:
    """The table of one list of the definitions (``fit``, ``stages`` ...): words, left-aligned."""
    return RecordTableModel(document, ("definitions", section), columns, parent=parent, what=what, numeric=False)


def _operator_label(code: str) -> str:
    return _OPERATOR_LABELS.get(code, code)


def _fields_label(text: str) -> str:
    return "; ".join(f"{field_label(name)}: {value}" for name, value in fields_from_text(text))


def _events_label(text: str) -> str:
    return "; ".join(
        f"{event_label(name)} ×{fact.count} ({fact.days_ago:g} days ago)" for name, fact in events_from_text(text)
    )


FIT_COLUMNS = (
    Column(
        "Field",
        "field",
        "text",
        tooltip="A lead field, e.g. Industry, Company size, Country, Seniority, Job title",
        label=field_label,
    ),
    Column(
        "Operator",
        "operator",
        "text",
        tooltip="How the field is compared with the values: is, is one of, contains, ≥, ≤, between ...",
        label=_operator_label,
        choices=OPERATORS,
    ),
    Column("Points", "points", "number"),
    Column("Values", "values", "values", "Values separated by commas; numbers for gte / lte / between"),
)
BEHAVIOUR_COLUMNS = (
    Column(
        "Event", "event", "text", tooltip="An event type, e.g. Pricing page views, Webinars attended", label=event_label
    ),
    Column("At least", "min_count", "int", "How many events are needed"),
    Column("Within days", "within_days", "number", "The last event at most this many days old"),
    Column("Points", "points", "number"),
    Column("Half-life (days)", "half_life_days", "number", "Points halve every this many days; 0: no decay"),
)
DISQUALIFIER_COLUMNS = (
    Column("Field", "field", "text", label=field_label),
    Column(
        "Operator",
        "operator",
        "text",
        tooltip="How the field is compared with the values: is, is one of, contains, ≥, ≤ ...",
        label=_operator_label,
        choices=OPERATORS,
    ),
    Column("Reason", "reason", "text"),
    Column("Values", "values", "values", "Values separated by commas"),
)
EXAMPLE_COLUMNS = (
    Column("Example", "name", "text"),
    Column(
        "Must be",
        "expect",
        "text",
        tooltip="SQL, MQL (at least MQL) or Not qualified",
        label=outcome_label,
        choices=EXPECTATIONS,
    ),
    Column(
        "Fields",
        "fields",
        "fields",
        "name=value pairs separated by ';', e.g. industry=Retail; seniority=VP",
        label=_fields_label,
    ),
    Column(
        "Events",
        "events",
        "events",
        "event=count@days ago, separated by ';', e.g. Pricing page views=2@3 (twice, the last 3 days ago)",
        label=_events_label,
    ),
)
STAGE_COLUMNS = (
    Column("Stage", "name", "text"),
    Column("Owner", "owner", "text", tooltip="Marketing, Sales or Shared", label=owner_label, choices=OWNERS),
    Column("Entry criteria", "entry_criteria", "text"),
)
REASON_COLUMNS = (Column("Code", "code", "text"), Column("Meaning", "label", "text"))
RECYCLE_COLUMNS = (
    Column(
        "When",
        "when",
        "text",
        tooltip="Rejected by sales, No contact made, Closed lost or Unresponsive",
        label=recycle_trigger_label,
        choices=RECYCLE_TRIGGERS,
    ),
    Column("Rejection code", "reason_code", "text", tooltip="Empty: any reason"),
    Column("Back to", "to_stage", "text"),
    Column("After days", "wait_days", "number"),
    Column("Reset score", "reset_score", "bool", "yes or no"),
)


class ExamplesModel(RecordTableModel):
    """The example leads, editable, with how each came out (checked on every change).

    Columns: name, expectation, result, score (derived), then fields, events (editable) and why.
    """

    EDITABLE_AT: ClassVar[dict[int, int]] = {0: 0, 1: 1, 4: 2, 5: 3}  # view column -> index in ``columns``
    DERIVED: ClassVar[dict[int, str]] = {2: "Result", 3: "Score", 6: "Why"}

    def __init__(self, document: PlanDocument, columns: tuple[Column, ...], parent: Any):
        self.results: tuple[ExampleResult, ...] = ()
        super().__init__(document, ("definitions", "examples"), columns, parent=parent, what="example", numeric=False)

    def set_plan(self, plan: Plan) -> None:
        self.results = check_examples(plan.definitions)
        super().set_plan(plan)

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.definitions.examples), len(self.EDITABLE_AT) + len(self.DERIVED)

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Horizontal:
            if section in self.DERIVED:
                return self.DERIVED[section]
            return self.columns[self.EDITABLE_AT[section]].header
        return str(section + 1)

    def result(self, row: int) -> ExampleResult | None:
        return self.results[row] if row < len(self.results) else None

    def value(self, row: int, col: int) -> Any:
        if col in self.EDITABLE_AT:
            return super().value(row, self.EDITABLE_AT[col])
        result = self.result(row)
        if result is None:
            return ""
        if col == 2:
            lane = " (fast lane)" if result.hand_raise else ""
            return f"{'pass' if result.passed else 'FAIL'}: {outcome_label(result.level)}{lane}"
        if col == 3:
            return fmt_plain(round(result.score, 1))
        return "; ".join(result.reasons)

    def is_editable(self, row: int, col: int) -> bool:
        return col in self.EDITABLE_AT

    def is_derived(self, row: int, col: int) -> bool:
        return col in (3, 6)

    def display(self, row: int, col: int, value: Any) -> str:
        if col in self.EDITABLE_AT:
            return super().display(row, self.EDITABLE_AT[col], value)
        return PlanTableModel.display(self, row, col, value)

    def edit_text(self, row: int, col: int, value: Any) -> str:
        if col in self.EDITABLE_AT:
            return super().edit_text(row, self.EDITABLE_AT[col], value)
        return PlanTableModel.edit_text(self, row, col, value)

    def is_percent(self, row: int, col: int) -> bool:
        return False

    def tooltip(self, row: int, col: int) -> str | None:
        result = self.result(row)
        if col in self.DERIVED and result is not None:
            verdict = "passes" if result.passed else "is BROKEN"
            want = outcome_label(result.expect)
            return f"{result.name} {verdict}: expected {want}, came out {result.outcome()}.\n" + "\n".join(
                result.reasons
            )
        return super().tooltip(row, self.EDITABLE_AT[col]) if col in self.EDITABLE_AT else None

    def column_at(self, col: int) -> Column | None:
        return self.columns[self.EDITABLE_AT[col]] if col in self.EDITABLE_AT else None

    def label_for(self, row: int, col: int) -> str:
        return super().label_for(row, self.EDITABLE_AT.get(col, 0))

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        return super().edits_for(plan, row, self.EDITABLE_AT[col], text)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 2:
            result = self.result(index.row())
            if result is not None and role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(pass_colour(result.passed))
            if result is not None and role == Qt.ItemDataRole.FontRole and not result.passed:
                font = QGuiApplication.font()
                font.setBold(True)
                return font
        return super().data(index, role)


class HistoryModel(PlanTableModel):
    """Read-only: months down, the plan's stages across, leads the definition counts in each."""

    def __init__(self, document: PlanDocument, parent: Any):
        self.summary: ScoreSummary | None = None
        self.source = ""  # "" = all sources
        super().__init__(document, parent)

    def set_summary(self, plan: Plan, summary: ScoreSummary | None, source: str = "") -> None:
        self.summary = summary
        self.source = source if summary is not None and source in summary.by_source else ""
        self.set_plan(plan)

    def counts(self) -> dict[str, tuple[int, ...]]:
        """Counts per stage (one per month) for the chosen source, or all sources."""
        assert self.summary is not None
        return self.summary.by_source[self.source] if self.source else self.summary.counts

    def shape(self, plan: Plan) -> tuple[int, int]:
        if self.summary is None:
            return 0, 0
        return len(self.summary.months) + 1, len(self.summary.stages)

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        assert self.summary is not None
        if orientation == Qt.Orientation.Horizontal:
            return self.summary.stages[section]
        return "Total" if section == len(self.summary.months) else month_label(self.summary.months[section])

    def value(self, row: int, col: int) -> Any:
        if self.summary is None:
            return 0
        series = self.counts()[self.summary.stages[col]]
        return float(sum(series) if row == len(series) else series[row])

    def display(self, row: int, col: int, value: Any) -> str:
        return fmt_count(value)

    def is_derived(self, row: int, col: int) -> bool:
        return self.summary is not None and row == len(self.summary.months)
