"""Definitions: the MQL/SQL scoring rules, the example leads (checked live), and the results of
the definition on an imported lead export, with a chart and an undoable "Apply to plan".

Preview: ``python -m ui.preview definitions`` (``python -m ui.pages.definitions`` also loads
the sample lead export).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from slaplanner.engine.scoring import (
    ScoreSummary,
    plan_with_history,
    summarise,
)
from slaplanner.errors import ValidationError
from slaplanner.imports.leads import (
    ColumnMappingNeeded,
    LeadFileError,
    LeadImport,
)
from slaplanner.plan.definitions import fast_lane_from_text, fast_lane_text
from slaplanner.plan.edits import Edit
from slaplanner.plan.format import count_text
from slaplanner.plan.model import Plan
from slaplanner.plan.new_records import new_definition_record
from ui.charts import BarsAndLine, ChartCanvas
from ui.document import PlanDocument
from ui.help import set_help
from ui.numbers import fmt_percent, fmt_plain
from ui.pages._definition_tables import (
    BEHAVIOUR_COLUMNS,
    DISQUALIFIER_COLUMNS,
    EXAMPLE_COLUMNS,
    FIT_COLUMNS,
    REASON_COLUMNS,
    RECYCLE_COLUMNS,
    STAGE_COLUMNS,
    ExamplesModel,
    HistoryModel,
    records_model,
)
from ui.pages._lead_import import ColumnMappingDialog, read_file
from ui.pages._records import Column, RecordTableModel
from ui.pages.base import Page
from ui.pages.plan_settings import INVALID_STYLE, FieldEdit
from ui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
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
from ui.tables import ChoiceDelegate, GridView, duration_or_refuse, number_or_refuse
from ui.worker import Task


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
        self.models: list[RecordTableModel] = []
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
        self.main_split = main  # side by side; one above the other when narrow (a projector at 150 %)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        self.main_scroll = QScrollArea()  # stacked (narrow), the page scrolls down rather than squeezing
        self.main_scroll.setWidgetResizable(True)
        self.main_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.main_scroll.setWidget(main)
        layout.addWidget(self.main_scroll, 1)
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
            if attr.endswith("_hours"):  # "8", "90 min", "2 days"
                return Edit(("definitions", attr), duration_or_refuse(text, unit="hours"), f"Edit {label.lower()}")
            return Edit(("definitions", attr), number_or_refuse(text), f"Edit {label.lower()}")

        edit = self._field(attr, lambda p: fmt_plain(getattr(p.definitions, attr)), make, tip)
        edit.label = label
        edit.setMaximumWidth(110)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        return edit

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        narrow = self.width() < 125 * self.fontMetrics().averageCharWidth()
        orientation = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.main_split.orientation() != orientation:
            self.main_split.setOrientation(orientation)
            parts = [w for i in range(self.main_split.count()) if (w := self.main_split.widget(i)) is not None]
            tall = sum(max(w.sizeHint().height(), w.minimumSizeHint().height()) for w in parts)
            self.main_split.setMinimumHeight(tall if narrow else 0)

    def _table_box(
        self, title: str, section: str, model: RecordTableModel, what: str, top: QWidget | None = None
    ) -> QGroupBox:
        box = QGroupBox(title)
        lay = QVBoxLayout(box)
        if top is not None:
            lay.addWidget(top)
        view = GridView()
        view.setModel(model)  # columns fit their content; when too wide, long text is elided, headings wrap
        for col in range(model.columnCount()):
            column = model.column_at(col)
            if column is not None and column.choices:  # a fixed choice: a drop-down of its words
                view.setItemDelegateForColumn(col, ChoiceDelegate(column.words().values(), view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
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
        model = records_model(self.document, section, columns, what, self)
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
            lambda p: fast_lane_text(p.definitions.fast_lane_events),
            lambda p, t: Edit(("definitions", "fast_lane_events"), fast_lane_from_text(t), "Edit fast lane"),
            "Hand-raise events that make a lead an SQL at once, separated by commas (Demo request, Contact request)",
        )
        set_help(self.fast_edit, "fast_lane")
        set_help(self.mql_edit, "lead_score", "mql")
        set_help(self.sql_edit, "lead_score", "sql")
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
        record = new_definition_record(section, plan)
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
        self.task = Task(read_file, str(path), mapping, parent=self)
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
