"""Definitions: the MQL/SQL scoring rules, the example leads (checked live), and the results of
the definition on an imported lead export, with a chart and an undoable "Apply to plan".

Preview: ``python -m ui.preview definitions`` (``python -m ui.pages.definitions`` also loads
the sample lead export).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from slaplanner.engine.scoring import (
    ExampleResult,
    ScoreSummary,
    check_examples,
    count_text,
    plan_with_history,
    summarise,
)
from slaplanner.errors import ValidationError
from slaplanner.imports.leads import (
    FIELD_SYNONYMS,
    IGNORE,
    ColumnMappingNeeded,
    LeadFileError,
    LeadImport,
    read_leads,
)
from slaplanner.plan.definitions import OPERATOR_LABELS as _OPERATOR_LABELS
from slaplanner.plan.definitions import (
    BehaviourCriterion,
    Definitions,
    Disqualifier,
    Example,
    FitCriterion,
    LifecycleStage,
    RecycleRule,
    RejectionReason,
    event_label,
    events_from_text,
    events_text,
    field_label,
    fields_from_text,
    fields_text,
    outcome_label,
    recycle_trigger_label,
    values_from_text,
    values_text,
)
from slaplanner.plan.edits import Edit
from slaplanner.plan.model import Plan
from ui.charts import BarsAndLine, ChartCanvas
from ui.document import ROOT, PlanDocument
from ui.numbers import fmt_count, fmt_percent, fmt_plain, month_label
from ui.pages.base import Page
from ui.pages.plan_settings import INVALID_STYLE, FieldEdit
from ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QGuiApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPalette,
    QPushButton,
    QScrollArea,
    QSignalBlocker,
    QSplitter,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.tables import CellRefused, GridView, PlanTableModel, number_or_refuse
from ui.worker import Task

SAMPLE_LEADS = ROOT / "resources" / "sample-leads.csv"


def _dark() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def pass_colour(passed: bool) -> QColor:
    if _dark():
        return QColor("#1b5e20" if passed else "#7f1d1d")
    return QColor("#dcf5e3" if passed else "#fde0e0")


@dataclass(frozen=True)
class Column:
    """One editable column of a definitions table: the record's attribute and how to read text."""

    attr: str
    header: str
    kind: str = "text"  # text, number, int, values, fields, events, bool
    tip: str = ""
    #: How the stored code reads on screen (``gte`` -> ``≥``); editing still shows the code.
    label: Callable[[str], str] | None = None


def _read(kind: str, text: str, record: Any) -> Any:
    if kind == "number":
        return number_or_refuse(text)
    if kind == "int":
        value = number_or_refuse(text)
        if value != int(value):
            raise CellRefused(f"{text!r} is not a whole number")
        return int(value)
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
    return text


def _show(kind: str, value: Any) -> str:
    if kind == "values":
        return values_text(value)
    if kind == "fields":
        return fields_text(value)
    if kind == "events":
        return events_text(value)
    if kind == "bool":
        return "yes" if value else "no"
    if isinstance(value, float):
        return fmt_plain(value)
    return str(value)


class RecordsModel(PlanTableModel):
    """Rows: the records of one list in the definitions (``fit``, ``examples`` ...); editable cells."""

    numeric = False

    def __init__(self, document: PlanDocument, section: str, columns: tuple[Column, ...], what: str, parent: Any):
        self.section, self.columns, self.what = section, columns, what
        super().__init__(document, parent)

    def records(self, plan: Plan | None = None) -> tuple[Any, ...]:
        return tuple(getattr((plan or self.plan).definitions, self.section))

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(self.records(plan)), len(self.columns)

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        return self.columns[section].header if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def value(self, row: int, col: int) -> Any:
        column = self.columns[col]
        return _show(column.kind, getattr(self.records()[row], column.attr))

    def display(self, row: int, col: int, value: Any) -> str:
        label = self.columns[col].label
        if label is not None and isinstance(value, str) and value:
            return label(value)
        return super().display(row, col, value)

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def tooltip(self, row: int, col: int) -> str | None:
        column = self.columns[col]
        if column.label is not None:
            code = _show(column.kind, getattr(self.records()[row], column.attr))
            stored = f"Stored as {code}" if code else ""
            return ". ".join(t for t in (stored, column.tip) if t) or None
        return column.tip or None

    def label_for(self, row: int, col: int) -> str:
        return f"Edit {self.what} {row + 1}, {self.columns[col].header.lower()}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        column = self.columns[col]
        value = _read(column.kind, text, self.records(plan)[row])
        return [Edit(("definitions", self.section, row, column.attr), value, self.label_for(row, col))]


class ExamplesModel(RecordsModel):
    """The example leads, editable, with how each came out (checked on every change).

    Columns: name, expectation, result, score (derived), then fields, events (editable) and why.
    """

    EDITABLE_AT: ClassVar[dict[int, int]] = {0: 0, 1: 1, 4: 2, 5: 3}  # view column -> index in ``columns``
    DERIVED: ClassVar[dict[int, str]] = {2: "Result", 3: "Score", 6: "Why"}

    def __init__(self, document: PlanDocument, columns: tuple[Column, ...], parent: Any):
        self.results: tuple[ExampleResult, ...] = ()
        super().__init__(document, "examples", columns, "example", parent)

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

    def tooltip(self, row: int, col: int) -> str | None:
        result = self.result(row)
        if col in self.DERIVED and result is not None:
            verdict = "passes" if result.passed else "is BROKEN"
            want = outcome_label(result.expect)
            return f"{result.name} {verdict}: expected {want}, came out {result.outcome()}.\n" + "\n".join(
                result.reasons
            )
        return super().tooltip(row, self.EDITABLE_AT[col]) if col in self.EDITABLE_AT else None

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


MAPPING_TARGETS: tuple[tuple[str, str], ...] = (
    ("(keep as a field)", ""),
    ("ignore", IGNORE),
    *((name.replace("_", " ").capitalize(), name) for name in FIELD_SYNONYMS),
)


class ColumnMappingDialog(QDialog):
    """Say what each column of an unrecognised lead export holds (one is the create date)."""

    def __init__(self, error: ColumnMappingNeeded, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Map the columns")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{error}\n\nChoose what each column holds. 'Created' is required; events can be typed as "
            "event:<name>:count or event:<name>:date."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for header in error.headers:
            box = QComboBox()
            box.setEditable(True)
            for label, target in MAPPING_TARGETS:
                box.addItem(label, target)
            guess = error.mapping.get(header, "")
            index = box.findData(guess)
            if index >= 0:
                box.setCurrentIndex(index)
            elif guess:
                box.setEditText(guess)
            self.boxes[header] = box
            form.addRow(f"{header}:", box)
        scroll = QScrollArea()
        inner = QWidget()
        inner.setLayout(form)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def mapping(self) -> dict[str, str]:
        """Header -> target for every column the user gave a meaning."""
        out: dict[str, str] = {}
        for header, box in self.boxes.items():
            data = box.currentData()
            text = box.currentText().strip()
            target = data if data is not None and box.itemText(box.currentIndex()) == text else text
            if target:
                out[header] = str(target)
        return out


def _read_file(path: str, mapping: dict[str, str] | None, **_task: Any) -> LeadImport | LeadFileError:
    """Worker-thread body: the import, or the error that says why not (returned, not raised).

    ``_task`` takes the worker's ``progress``/``cancelled`` callbacks (reading is not interruptible).
    """
    try:
        return read_leads(path, mapping=mapping)
    except LeadFileError as error:
        return error


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
        "field",
        "Field",
        tip="A lead field, e.g. industry, company_size, country, seniority, job_title",
        label=field_label,
    ),
    Column(
        "operator",
        "Operator",
        tip="equals, in, contains, starts_with, ends_with, gte, lte, between, is_blank ...",
        label=_operator_label,
    ),
    Column("points", "Points", "number"),
    Column("values", "Values", "values", "Values separated by commas; numbers for gte / lte / between"),
)
BEHAVIOUR_COLUMNS = (
    Column("event", "Event", tip="An event type, e.g. pricing_page_view, webinar_attended", label=event_label),
    Column("min_count", "At least", "int", "How many events are needed"),
    Column("within_days", "Within days", "number", "The last event at most this many days old"),
    Column("points", "Points", "number"),
    Column("half_life_days", "Half-life (days)", "number", "Points halve every this many days; 0: no decay"),
)
DISQUALIFIER_COLUMNS = (
    Column("field", "Field", label=field_label),
    Column("operator", "Operator", tip="equals, in, contains, ends_with, gte, lte ...", label=_operator_label),
    Column("reason", "Reason"),
    Column("values", "Values", "values", "Values separated by commas"),
)
EXAMPLE_COLUMNS = (
    Column("name", "Example"),
    Column("expect", "Must be", tip="sql, mql (at least MQL) or not_qualified", label=outcome_label),
    Column(
        "fields",
        "Fields",
        "fields",
        "name=value pairs separated by ';', e.g. industry=Retail; seniority=VP",
        label=_fields_label,
    ),
    Column(
        "events",
        "Events",
        "events",
        "event=count@days_ago pairs separated by ';', e.g. pricing_page_view=2@3",
        label=_events_label,
    ),
)
STAGE_COLUMNS = (
    Column("name", "Stage"),
    Column("owner", "Owner", tip="marketing, sales or shared"),
    Column("entry_criteria", "Entry criteria"),
)
REASON_COLUMNS = (Column("code", "Code"), Column("label", "Meaning"))
RECYCLE_COLUMNS = (
    Column("when", "When", tip="rejected, no_contact, closed_lost or unresponsive", label=recycle_trigger_label),
    Column("reason_code", "Rejection code", tip="Empty: any reason"),
    Column("to_stage", "Back to"),
    Column("wait_days", "After days", "number"),
    Column("reset_score", "Reset score", "bool", "yes or no"),
)


def _unique_name(base: str, taken: set[str]) -> str:
    n = 1
    while f"{base} {n}".casefold() in taken:
        n += 1
    return f"{base} {n}"


def new_record(section: str, definitions: Definitions, plan: Plan) -> Any:
    """A sensible new row for a definitions table (names kept unique)."""
    if section == "fit":
        return FitCriterion("industry", "in", ("Retail",), 10)
    if section == "behaviour":
        return BehaviourCriterion("pricing_page_view", points=10, min_count=1, within_days=30)
    if section == "disqualifiers":
        return Disqualifier("email", "ends_with", ("@gmail.com",), reason="Free e-mail domain")
    if section == "examples":
        return Example(_unique_name("Example", {e.name.casefold() for e in definitions.examples}), "mql")
    if section == "stages":
        missing = [s for s in plan.stages if definitions.stage_named(s) is None]
        taken = {s.name.casefold() for s in definitions.stages}
        return LifecycleStage(missing[0] if missing else _unique_name("Stage", taken), "marketing")
    if section == "rejection_reasons":
        return RejectionReason(_unique_name("REASON", {r.code.casefold() for r in definitions.rejection_reasons}))
    if section == "recycle_rules":
        return RecycleRule("rejected", to_stage=plan.stages[0])
    raise KeyError(section)


class DefinitionsPage(Page):
    """Edit the qualification definitions and try them on an imported lead export.

    Signals:
        historyChanged(): a lead export was imported (or failed to be), or its results changed.
    """

    title = "Definitions"
    order = 40
    historyChanged = Signal()

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.imported: LeadImport | None = None
        self.summary: ScoreSummary | None = None
        self.leads_path = ""
        self.task: Task | None = None
        self.fields: list[FieldEdit] = []
        self.models: list[RecordsModel] = []
        self.views: dict[str, GridView] = {}
        self.ask_mapping: Callable[[ColumnMappingNeeded], dict[str, str] | None] = self._ask_mapping
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #d32f2f;")

        tabs = QTabWidget()
        tabs.addTab(self._scoring_tab(), "Scoring")
        tabs.addTab(self._terms_tab(), "Stages && terms")

        self.examples_model = ExamplesModel(document, EXAMPLE_COLUMNS, self)
        self.models.append(self.examples_model)
        self.examples_label = QLabel()
        self.examples_label.setWordWrap(True)
        examples_box = self._table_box(
            "Examples: leads that must (or must not) qualify",
            "examples",
            self.examples_model,
            "example",
            top=self.examples_label,
        )
        names = self.views["examples"].horizontalHeader()
        names.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        names.resizeSection(0, 230)

        history = QGroupBox("Try it on your leads")
        hl = QVBoxLayout(history)
        row = QHBoxLayout()
        self.import_button = QPushButton("Import leads (CSV)…")
        self.import_button.setToolTip("A HubSpot or Salesforce export, or any CSV with a create-date column")
        self.import_button.clicked.connect(self._choose_file)
        self.apply_button = QPushButton("Apply to plan")
        self.apply_button.setToolTip(
            "Take the monthly lead counts and the conversion rates into the plan's sources (one undo step)"
        )
        self.apply_button.clicked.connect(self.apply_to_plan)
        self.apply_button.setEnabled(False)
        self.apply_rates_button = QPushButton("Apply rates only")
        self.apply_rates_button.setToolTip(
            "Take only the observed conversion rates into the plan; keep its lead volumes "
            "(for an export that covers part of your leads) — one undo step"
        )
        self.apply_rates_button.clicked.connect(self.apply_rates_to_plan)
        self.apply_rates_button.setEnabled(False)
        row.addWidget(self.import_button)
        row.addWidget(self.apply_button)
        row.addWidget(self.apply_rates_button)
        row.addStretch(1)
        row.addWidget(QLabel("Show:"))
        self.source_box = QComboBox()
        self.source_box.addItem("All sources", "")
        self.source_box.setToolTip("Counts and rates of all sources, or of one")
        self.source_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.source_box.currentIndexChanged.connect(lambda _i: self._update_history(self.document.plan))
        row.addWidget(self.source_box)
        hl.addLayout(row)
        self.history_label = QLabel(
            "No leads imported yet. Import a CRM export (HubSpot, Salesforce or any CSV with a create date) to see "
            "what this definition would have produced, month by month, before you sign it."
        )
        self.history_label.setWordWrap(True)
        self.history_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hl.addWidget(self.history_label)
        self.history_model = HistoryModel(document, self)
        self.history_view = GridView()
        self.history_view.setModel(self.history_model)
        self.history_view.setMinimumHeight(150)
        self.chart = ChartCanvas(self, min_height=130)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.history_view)
        split.setSizes([200, 240])
        split.setChildrenCollapsible(False)
        hl.addWidget(split, 1)
        self.results_split = split
        split.hide()  # nothing to show until a file is imported
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        hl.addWidget(self.problems_label)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(examples_box)
        right.addWidget(history)
        right.setSizes([260, 480])
        right.setChildrenCollapsible(False)

        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(tabs)
        main.addWidget(right)
        main.setSizes([560, 720])
        main.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addWidget(main, 1)
        self.error_label.hide()

    # -- building -----------------------------------------------------------------------------
    def _field(self, key: str, read: Callable[[Plan], str], make: Callable[[Plan, str], Edit], tip: str) -> FieldEdit:
        edit = FieldEdit(self, key, read, make)  # type: ignore[arg-type]
        edit.setToolTip(tip)
        edit.setStatusTip(tip)
        self.fields.append(edit)
        return edit

    def _number_field(self, attr: str, label: str, tip: str) -> FieldEdit:
        def make(plan: Plan, text: str) -> Edit:
            return Edit(("definitions", attr), number_or_refuse(text), f"Edit {label.lower()}")

        edit = self._field(attr, lambda p: fmt_plain(getattr(p.definitions, attr)), make, tip)
        edit.setMaximumWidth(110)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        return edit

    def _table_box(
        self, title: str, section: str, model: RecordsModel, what: str, top: QWidget | None = None
    ) -> QGroupBox:
        box = QGroupBox(title)
        lay = QVBoxLayout(box)
        if top is not None:
            lay.addWidget(top)
        view = GridView()
        view.fill_width = False  # the last (long) column stretches; the others fit their content
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.setMinimumHeight(90)
        self.views[section] = view
        lay.addWidget(view, 1)
        row = QHBoxLayout()
        add = QPushButton(f"Add {what}")
        add.clicked.connect(lambda: self.add_row(section))
        remove = QPushButton("Remove")
        remove.setToolTip(f"Remove the selected {what}(s)")
        remove.clicked.connect(lambda: self.remove_rows(section))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay.addLayout(row)
        return box

    def _records_box(self, title: str, section: str, columns: tuple[Column, ...], what: str) -> QGroupBox:
        model = RecordsModel(self.document, section, columns, what, self)
        self.models.append(model)
        return self._table_box(title, section, model, what)

    def _scoring_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        form = QFormLayout()
        self.mql_edit = self._number_field("mql_threshold", "MQL threshold", "Points for a lead to become an MQL")
        self.sql_edit = self._number_field("sql_threshold", "SQL threshold", "Points for an MQL to become an SQL")
        self.fast_edit = self._field(
            "fast_lane",
            lambda p: ", ".join(p.definitions.fast_lane_events),
            lambda p, t: Edit(
                ("definitions", "fast_lane_events"),
                tuple(s.strip() for s in t.replace(";", ",").split(",") if s.strip()),
                "Edit fast lane",
            ),
            "Hand-raise events that make a lead an SQL at once, separated by commas (demo_request, ...)",
        )
        thresholds = QHBoxLayout()
        thresholds.addWidget(self.mql_edit)
        thresholds.addWidget(QLabel("points for MQL,"))
        thresholds.addWidget(self.sql_edit)
        thresholds.addWidget(QLabel("points for SQL"))
        thresholds.addStretch(1)
        form.addRow("Thresholds:", thresholds)
        form.addRow("Fast lane (straight to SQL):", self.fast_edit)
        lay.addLayout(form)
        lay.addWidget(self._records_box("Fit: who the lead is", "fit", FIT_COLUMNS, "criterion"), 3)
        lay.addWidget(
            self._records_box("Behaviour: what the lead did (with decay)", "behaviour", BEHAVIOUR_COLUMNS, "criterion"),
            2,
        )
        lay.addWidget(
            self._records_box("Disqualifiers: never MQL or SQL", "disqualifiers", DISQUALIFIER_COLUMNS, "rule"), 2
        )
        return tab

    def _terms_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        form = QFormLayout()
        self.window_edit = self._number_field(
            "acceptance_window_hours", "Acceptance window", "Sales accepts or rejects each lead within this many hours"
        )
        hours = QHBoxLayout()
        hours.addWidget(self.window_edit)
        hours.addWidget(QLabel("hours for sales to accept or reject a lead"))
        hours.addStretch(1)
        form.addRow("Acceptance window:", hours)
        self.mql_stage_edit = self._field(
            "mql_stage",
            lambda p: p.definitions.mql_stage,
            lambda p, t: Edit(("definitions", "mql_stage"), t, "Edit MQL stage"),
            "The plan stage the MQL threshold leads to",
        )
        self.sql_stage_edit = self._field(
            "sql_stage",
            lambda p: p.definitions.sql_stage,
            lambda p, t: Edit(("definitions", "sql_stage"), t, "Edit SQL stage"),
            "The plan stage the SQL threshold and the fast lane lead to",
        )
        stages_row = QHBoxLayout()
        for edit in (self.mql_stage_edit, self.sql_stage_edit):
            edit.setMaximumWidth(140)
        stages_row.addWidget(QLabel("MQL is"))
        stages_row.addWidget(self.mql_stage_edit)
        stages_row.addWidget(QLabel("and SQL is"))
        stages_row.addWidget(self.sql_stage_edit)
        stages_row.addStretch(1)
        form.addRow("Plan stages:", stages_row)
        lay.addLayout(form)
        lay.addWidget(self._records_box("Lifecycle stages", "stages", STAGE_COLUMNS, "stage"), 3)
        lay.addWidget(self._records_box("Rejection reasons", "rejection_reasons", REASON_COLUMNS, "reason"), 2)
        lay.addWidget(self._records_box("Recycle rules", "recycle_rules", RECYCLE_COLUMNS, "rule"), 2)
        return tab

    # -- editing ------------------------------------------------------------------------------
    def show_field_error(self, widget: QWidget, message: str) -> None:
        """Called by the fields: show (or clear) why a typed value was refused."""
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        widget.setStyleSheet(INVALID_STYLE if message else "")

    def add_row(self, section: str) -> None:
        plan = self.document.plan
        records = getattr(plan.definitions, section)
        record = new_record(section, plan.definitions, plan)
        message = self.document.try_apply(Edit(("definitions", section), (*records, record), f"Add to {section}"))
        if message:
            self.status(message)

    def remove_rows(self, section: str) -> None:
        view = self.views[section]
        rows = {i.row() for i in view.selectionModel().selectedIndexes()}
        if not rows and view.currentIndex().isValid():
            rows = {view.currentIndex().row()}
        if not rows:
            self.status("Select the rows to remove first.")
            return
        records = getattr(self.document.plan.definitions, section)
        kept = tuple(r for i, r in enumerate(records) if i not in rows)
        message = self.document.try_apply(Edit(("definitions", section), kept, f"Remove from {section}"))
        if message:
            self.status(message)

    # -- history ------------------------------------------------------------------------------
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a lead export", "", "CSV files (*.csv *.txt);;All files (*)"
        )
        if path:
            self.load_leads(path)

    def _ask_mapping(self, error: ColumnMappingNeeded) -> dict[str, str] | None:
        dialog = ColumnMappingDialog(error, self)
        return dialog.mapping() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def load_leads(self, path: str | Path, mapping: dict[str, str] | None = None) -> None:
        """Read a lead export on a worker thread; the results show when it is done."""
        if self.task is not None and self.task.is_running():
            self.status("Still reading the previous file…")
            return
        self.leads_path = str(path)
        self.history_label.setText(f"Reading {Path(path).name}…")
        self.import_button.setEnabled(False)
        self._read_result: Any = None
        self._read_error = ""
        self.task = Task(_read_file, str(path), mapping, parent=self)
        self.task.succeeded.connect(self._keep_result)
        self.task.failed.connect(self._keep_error)
        self.task.finished.connect(self._on_finished)  # after the thread has ended: safe to start another
        self.task.start()

    def _keep_result(self, result: Any) -> None:
        self._read_result = result

    def _keep_error(self, message: str) -> None:
        self._read_error = message

    def _on_finished(self) -> None:
        if self._read_error:
            self._on_failed(self._read_error)
        else:
            self._on_read(self._read_result)

    def _on_failed(self, message: str) -> None:
        self.import_button.setEnabled(True)
        self.history_label.setText(f"Could not read {Path(self.leads_path).name}: {message}")
        self.historyChanged.emit()

    def _on_read(self, result: Any) -> None:
        self.import_button.setEnabled(True)
        if isinstance(result, ColumnMappingNeeded):
            mapping = self.ask_mapping(result)
            if mapping is None:
                self.history_label.setText(f"{Path(self.leads_path).name} was not imported (no column mapping).")
                self.historyChanged.emit()
                return
            self.load_leads(self.leads_path, mapping)
            return
        if isinstance(result, LeadFileError):
            self.history_label.setText(str(result))
            self.historyChanged.emit()
            return
        self.imported = result
        self._update_history(self.document.plan)
        self.historyChanged.emit()

    def _update_history(self, plan: Plan) -> None:
        if self.imported is None:
            return
        try:
            self.summary = summarise(plan, self.imported)
        except ValidationError as error:
            self.summary = None
            self.history_label.setText(f"The definitions cannot be applied: {error}")
            self.history_model.set_summary(plan, None)
            self.apply_button.setEnabled(False)
            self.apply_rates_button.setEnabled(False)
            return
        s = self.summary
        self._fill_sources(s)
        source = self.source_box.currentData() or ""
        shown_rates = s.source_rates[source] if source else s.rates
        rates = ", ".join(
            f"{a}→{b} {fmt_percent(r) if r is not None else '–'}"
            for a, b, r in zip(s.stages, s.stages[1:], shown_rates, strict=False)
        )
        self.history_label.setText(
            f"<b>{Path(self.leads_path).name}</b>: {s.leads_scored:,} leads, {len(s.months)} months, "
            f"{len(s.by_source)} sources; {s.disqualified:,} disqualified, {s.fast_lane:,} hand-raisers.<br>"
            f"Rates{f' of {source}' if source else ''}: {rates}"
        )
        problems = []
        if s.rejected_rows:
            more = " …" if len(s.rejected_rows) > 1 else ""
            problems.append(f"{count_text(len(s.rejected_rows), 'row')} rejected ({s.rejected_rows[0]}{more})")
        if s.warnings:
            problems.append(count_text(len(s.warnings), "warning"))
        if s.formula_cells:
            problems.append(f"{count_text(len(s.formula_cells), 'formula-like cell')} kept as plain text")
        if s.missing_fields:
            problems.append("fields not in the file: " + ", ".join(s.missing_fields))
        self.problems_label.setText("; ".join(problems) + (" (hover for the list)" if problems else ""))
        self.problems_label.setToolTip(
            "\n".join(str(p) for p in (*s.rejected_rows, *s.warnings, *s.formula_cells)[:60])
        )
        self.history_model.set_summary(plan, s, source)
        self.results_split.show()
        counts = self.history_model.counts()
        mql, sql = counts[plan.definitions.mql_stage], counts[plan.definitions.sql_stage]
        chart = BarsAndLine(
            f"By month: {source or 'all sources'}",
            s.months,
            tuple(float(v) for v in mql),
            tuple(float(v) for v in sql),
            f"{plan.definitions.mql_stage}s",
            f"{plan.definitions.sql_stage}s",
        )
        self.chart.plot(*chart.plot_args())
        self.apply_button.setEnabled(any(name in s.by_source for name in (src.name for src in plan.sources)))
        self.apply_rates_button.setEnabled(self.apply_button.isEnabled())

    def _fill_sources(self, summary: ScoreSummary) -> None:
        names = list(summary.by_source)
        if [self.source_box.itemData(i) for i in range(1, self.source_box.count())] == names:
            return
        current = self.source_box.currentData() or ""
        with QSignalBlocker(self.source_box):
            while self.source_box.count() > 1:
                self.source_box.removeItem(1)
            for name in names:
                self.source_box.addItem(name, name)
            index = self.source_box.findData(current)
            self.source_box.setCurrentIndex(max(index, 0))

    def apply_rates_to_plan(self) -> None:
        """Take only the scored history's rates into the plan (volumes kept): one undoable step."""
        self.apply_to_plan(volumes=False)

    def apply_to_plan(self, volumes: bool = True) -> None:
        """Take the scored history's rates (and volumes, unless ``volumes`` is False) into the plan.

        One undoable step.
        """
        if self.summary is None:
            return
        new_plan = plan_with_history(self.document.plan, self.summary, volumes=volumes)
        what = "volumes and rates" if volumes else "rates"
        message = self.document.try_apply(Edit((), new_plan, f"Apply scored leads to {what}"))
        self.status(message or f"{what.capitalize()} taken from the imported leads (Undo to go back).")

    # -- refresh ------------------------------------------------------------------------------
    def refresh(self, plan: Plan) -> None:
        for model in self.models:
            model.set_plan(plan)
        for field in self.fields:
            field.show_plan(plan)
        results = self.examples_model.results
        broken = [r for r in results if not r.passed]
        if not results:
            self.examples_label.setText("No examples yet: add leads that must qualify, and some that must not.")
        elif broken:
            self.examples_label.setText(
                f"<span style='color:#d32f2f'><b>{len(broken)} of {len(results)} examples broken:</b></span> "
                + ", ".join(r.name for r in broken)
            )
        else:
            self.examples_label.setText(f"All {len(results)} examples pass.")
        self._update_history(plan)


PAGE = DefinitionsPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("definitions", sys.argv[1] if len(sys.argv) > 1 else ""))
