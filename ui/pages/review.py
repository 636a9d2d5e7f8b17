"""The Review page: last quarter's actuals against the SLA, and next quarter's proposal from them.

Import a lead export with the dates leads moved (a worker thread reads it; an unrecognised file
asks for a column mapping); the review shows the verdicts in plain words, SQLs delivered against
committed per month, the first-touch distribution against each tier's target, and the leads
that broke a commitment. The actuals are kept in the ``.slaplan`` file; importing again replaces
them as one undo step. "Propose next quarter from actuals" adds a proposal holding the plan the
core proposes (one undo step) and lists what changed and why. Every figure comes from
:func:`slaplanner.engine.review.review`; the page only shows it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from slaplanner.engine.next_quarter import propose_next_quarter
from slaplanner.engine.review import BrokenLead, Review, review
from slaplanner.exports.scorecard import draw_delivered, draw_first_touch, write_scorecard
from slaplanner.imports.actuals import (
    ACTUALS_FIELDS,
    Actuals,
    ColumnMappingNeeded,
    LeadFileError,
    read_actuals,
    team_calendar,
)
from slaplanner.imports.leads import IGNORE, no_leads_text
from slaplanner.negotiation.diff import diff_plans
from slaplanner.plan.format import count_text, fmt_count, fmt_timestamp, month_label
from slaplanner.plan.model import Plan
from slaplanner.plan.months import month_span_text
from ui.charts import ChartCanvas, ChartStyle, fitted_title
from ui.document import PlanDocument
from ui.help import set_help
from ui.pages._lead_import import ColumnMappingDialog
from ui.pages.base import Page
from ui.qt import (
    QAbstractTableModel,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPersistentModelIndex,
    QPushButton,
    QScrollArea,
    Qt,
    QTableView,
    QUndoCommand,
    QVBoxLayout,
    QWidget,
)
from ui.worker import Task

ACTUALS_TARGETS: tuple[tuple[str, str], ...] = (
    ("(not used)", ""),
    ("ignore", IGNORE),
    *((name.replace("_", " ").capitalize(), name) for name in ACTUALS_FIELDS),
)
MET_COLOUR = "#2e7d32"
MISSED_COLOUR = "#c62828"


def read_file(path: str, mapping: dict[str, str] | None, time_zone: str, **_task: Any) -> Actuals | LeadFileError:
    """Worker-thread body: the actuals, or the error that says why not (returned, not raised)."""
    try:
        return read_actuals(path, time_zone=time_zone, mapping=mapping)
    except LeadFileError as error:
        return error


class BrokenModel(QAbstractTableModel):
    """The leads that broke a commitment (an adapter over the review's records)."""

    HEADERS = ("Owner", "Row", "Lead", "Tier", "Month", "Commitment", "What happened")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: tuple[BrokenLead, ...] = ()

    def set_rows(self, rows: tuple[BrokenLead, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        b = self.rows[index.row()]
        row = (b.owner or "(no owner)", str(b.row), b.lead_id, b.tier, month_label(b.month), b.commitment, b.detail)
        return row[index.column()]


class ActualsCommand(QUndoCommand):
    """One undo step: the actuals before an import and after it."""

    def __init__(self, page: ReviewPage, before: Actuals | None, after: Actuals | None, label: str):
        super().__init__(label)
        self._page, self.before, self.after = page, before, after

    def redo(self) -> None:
        self._page.set_actuals(self.after)

    def undo(self) -> None:
        self._page.set_actuals(self.before)


class ReviewPage(Page):
    """Actuals against the commitments: verdicts, charts, broken commitments, next quarter."""

    title = "Review"
    order = 75

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.actuals: Actuals | None = None
        self.result: Review | None = None
        self.task: Task | None = None
        self.actuals_path = ""
        self._stored_in: str | None = None
        self._read: Any = None
        self.ask_mapping = self._ask_mapping
        self.last_changes: tuple[str, ...] = ()

        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.import_button = QPushButton("Import actuals…")
        self.import_button.clicked.connect(self._choose_file)
        self.propose_button = QPushButton("Propose next quarter from actuals")
        self.propose_button.clicked.connect(self.propose_next_quarter)
        self.scorecard_button = QPushButton("Export scorecard (PDF)…")
        self.scorecard_button.clicked.connect(self._choose_scorecard)
        for b in (self.import_button, self.propose_button, self.scorecard_button):
            bar.addWidget(b)
        bar.addStretch(1)
        outer.addLayout(bar)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        body = QVBoxLayout(inner)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        body.addWidget(self.source_label)
        self.verdicts = QLabel()
        self.verdicts.setWordWrap(True)
        self.verdicts.setTextFormat(Qt.TextFormat.RichText)
        body.addWidget(self.verdicts)
        charts = QHBoxLayout()
        self.delivered_chart = set_help(ChartCanvas(min_height=240), "actuals", "sql_commitment")
        self.touch_chart = set_help(ChartCanvas(min_height=240), "actuals", "first_touch", "tier")
        charts.addWidget(self.delivered_chart, 1)
        charts.addWidget(self.touch_chart, 1)
        body.addLayout(charts)
        self.broken_label = QLabel()
        self.broken_label.setWordWrap(True)
        body.addWidget(self.broken_label)
        self.broken_model = BrokenModel(self)
        self.broken_view = set_help(QTableView(), "broken_promise")
        self.broken_view.setModel(self.broken_model)
        self.broken_view.verticalHeader().setVisible(False)
        self.broken_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.broken_view.horizontalHeader().setStretchLastSection(True)
        self.broken_view.setMinimumHeight(200)
        body.addWidget(self.broken_view, 1)
        self.changes_label = QLabel()
        self.changes_label.setWordWrap(True)
        body.addWidget(self.changes_label)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)

        self._session = document.session  # a new session object means another file was opened
        document.agreementChanged.connect(self._on_agreement_changed)
        self._load_from_file()
        self._show()

    # -- keeping the actuals with the plan file ------------------------------------------------------
    def _where(self) -> str:
        """Where the actuals are kept: the plan file or the team database ("" while there is none)."""
        return self.document.session.location if self.document.session.is_stored else ""

    def _load_from_file(self) -> None:
        try:
            self.actuals = self.document.session.load_actuals()
        except Exception as error:  # a damaged actuals row must not stop the window opening
            self.actuals = None
            self.status(f"The actuals kept with the agreement could not be read: {error}")
        self._stored_in = self._where() if self.actuals is not None else None

    def _on_agreement_changed(self, _session: Any) -> None:
        if self.document.session is not self._session:  # opened, new or reset: the file's actuals
            self._session = self.document.session
            self._load_from_file()
            self.refresh(self.document.plan)
            return
        where = self._where()  # saved (perhaps to a new file): keep the actuals there too
        if where and self._stored_in != where and self.actuals is not None:
            self._persist()

    def _persist(self) -> None:
        where = self._where()
        if not where:
            return  # kept in memory until the plan is saved as a .slaplan file or to a team database
        try:
            self.document.session.save_actuals(self.actuals)
            self._stored_in = where
        except Exception as error:  # shown, never lost silently
            self.status(f"The actuals could not be kept in {where}: {error}")

    def set_actuals(self, actuals: Actuals | None) -> None:
        """Show ``actuals`` and keep them in the plan file (undo and redo call this)."""
        self.actuals = actuals
        self._persist()
        self.refresh(self.document.plan)

    # -- importing -------------------------------------------------------------------------------------
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import actuals (a lead export)", "", "CSV files (*.csv *.txt);;All files (*)"
        )
        if path:
            self.import_actuals(path)

    def _ask_mapping(self, error: ColumnMappingNeeded) -> dict[str, str] | None:
        dialog = ColumnMappingDialog(
            error,
            self,
            targets=ACTUALS_TARGETS,
            hint="'Created at' is required; the SQL date, first touch and owner make the review.",
            kind="actuals",
        )
        return dialog.mapping() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def import_actuals(self, path: str | Path, mapping: dict[str, str] | None = None) -> None:
        """Read an actuals export on a worker thread; when read, it replaces the actuals (one undo step)."""
        if self.task is not None and self.task.is_running():
            self.status("Still reading the previous file…")
            return
        self.actuals_path = str(path)
        self.source_label.setText(f"Reading {Path(path).name}…")
        self.import_button.setEnabled(False)
        self._read = None
        zone = team_calendar(self.document.plan).time_zone
        self.task = Task(read_file, str(path), mapping, zone, parent=self)
        self.task.succeeded.connect(self._keep)
        self.task.failed.connect(lambda message: self._keep(LeadFileError(message)))
        self.task.finished.connect(self._on_read)
        self.task.start()

    def _keep(self, result: Any) -> None:
        self._read = result

    def _on_read(self) -> None:
        self.import_button.setEnabled(True)
        result = self._read
        name = Path(self.actuals_path).name
        if isinstance(result, ColumnMappingNeeded):
            mapping = self.ask_mapping(result)
            if mapping is None:
                self._show(f"{name} was not imported (no column mapping).")
                return
            self.import_actuals(self.actuals_path, mapping)
            return
        if isinstance(result, LeadFileError) or result is None:
            self._show(f"Could not read {name}: {result}")
            return
        if not len(result):  # every row rejected: say why, and keep the actuals shown before
            self._show(_escape(no_leads_text(name, result.rejected, result.rows_read)).replace("\n", "<br>"))
            return
        self.document.undo_stack.push(ActualsCommand(self, self.actuals, result, f"Import actuals from {name}"))

    # -- next quarter ----------------------------------------------------------------------------------
    def propose_next_quarter(self) -> None:
        """A new proposal holding next quarter's plan from the actuals (one undo step)."""
        if self.result is None or self.actuals is None:
            self.status("Import actuals first.")
            return
        plan = self.document.plan
        proposal = propose_next_quarter(plan, self.result, self.actuals)
        name = f"Next quarter {month_span_text(proposal.months)}"
        existing = {p.name.casefold() for p in self.document.session.agreement.proposals}
        n = 2
        unique = name
        while unique.casefold() in existing:
            unique, n = f"{name} ({n})", n + 1
        actuals = self.actuals
        self.document.new_proposal(unique)
        self.actuals = actuals
        self.document.commit(proposal.plan, f"Propose next quarter from actuals ({month_span_text(proposal.months)})")
        changes = diff_plans(plan, proposal.plan)
        self.last_changes = tuple(c.label for c in changes)
        lines = [f"<b>{unique}</b>: {count_text(len(changes), 'change')} from the actuals.", "<b>Why:</b>"]
        lines += [f"• {_escape(r)}" for r in proposal.reasons]
        lines += ["<b>What changed:</b>"] + [f"• {_escape(label)}" for label in self.last_changes[:40]]
        if len(changes) > 40:
            lines.append(f"… and {len(changes) - 40} more")
        self.changes_label.setText("<br>".join(lines))
        self.status(f"Added the proposal {unique}")

    # -- scorecard -------------------------------------------------------------------------------------
    def _choose_scorecard(self) -> None:
        if self.result is None:
            self.status("Import actuals first.")
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export the scorecard", "scorecard.pdf", "PDF (*.pdf)")
        if path:
            self.export_scorecard(path)

    def export_scorecard(self, path: str | Path) -> None:
        if self.result is not None:
            write_scorecard(self.result, path)
            self.status(f"Wrote {Path(path).name}")

    # -- showing ---------------------------------------------------------------------------------------
    def refresh(self, plan: Plan) -> None:
        self.result = review(plan, self.actuals) if self.actuals is not None and len(self.actuals) else None
        self._show()

    def _show(self, message: str = "") -> None:
        r = self.result
        self.propose_button.setEnabled(r is not None)
        self.scorecard_button.setEnabled(r is not None)
        if r is None:
            self.source_label.setText(
                message
                or "No actuals yet. Import last quarter's lead export (HubSpot, Salesforce or any CSV with the "
                "dates leads became MQL and SQL, the first sales touch and the decision) to see how the SLA did."
            )
            self.verdicts.setText("")
            self.broken_label.setText("")
            self.broken_model.set_rows(())
            self.delivered_chart.plot(lambda fig, style: None, key=None)
            self.touch_chart.plot(lambda fig, style: None, key=None)
            return
        a = self.actuals
        assert a is not None
        when = fmt_timestamp(a.imported_at) if a.imported_at else ""
        self.source_label.setText(
            (message + " " if message else "")
            + f"Actuals from <b>{_escape(a.file_name)}</b>"
            + (f", imported {when}" if when else "")
            + f": {fmt_count(a.rows_read)} rows read, {fmt_count(a.rows_rejected)} rejected, "
            f"{fmt_count(r.leads)} leads, {fmt_count(r.sqls)} SQLs in {month_span_text(r.months)}. "
            f"Times without an offset were taken in {r.time_zone}."
            + (f" {count_text(len(r.warnings), 'warning')}: {_escape(r.warnings[0])}" if r.warnings else "")
        )
        lines = []
        for v in r.verdicts:
            if v.met is None:
                tag = f"<span style='color:#666666'>{'NOT JUDGED' if v.cannot_judge else 'INFO'}</span>"
            else:
                colour = MET_COLOUR if v.met else MISSED_COLOUR
                tag = f"<b style='color:{colour}'>{'MET' if v.met else 'MISSED'}</b>"
            lines.append(f"{tag}&nbsp;&nbsp;{_escape(v.text)}")
        self.verdicts.setText("<br>".join(lines))
        owners = ", ".join(f"{_escape(o)} {n:,}" for o, n in r.broken_by_owner().items())
        self.broken_label.setText(
            f"<b>Leads that broke a commitment</b> ({len(r.broken):,}; a lead can break several)"
            + (f". By owner: {owners}" if owners else "")
        )
        self.broken_model.set_rows(r.broken)
        key = (id(r),)
        self.delivered_chart.plot(lambda fig, style: draw_delivered(fig, r, font_size=8.5 * self.zoom), key=("d", key))
        self.touch_chart.plot(lambda fig, style: _first_touch(fig, style, r, 8.5 * self.zoom), key=("t", key))

    def prepare_screenshot(self) -> None:
        """For ``--screenshot``: review the shipped sample actuals when the plan has none."""
        if self.actuals is None:
            from slaplanner.samples import sample_actuals_path

            zone = team_calendar(self.document.plan).time_zone
            self.actuals = read_actuals(sample_actuals_path(), time_zone=zone, imported_at="2026-04-02T09:00:00+00:00")
            self.refresh(self.document.plan)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _first_touch(fig: Any, style: ChartStyle, review: Any, font_size: float) -> None:
    """The first-touch chart; its title goes onto two lines rather than running off the
    half-width chart at 150 % (:func:`~ui.charts.fitted_title`)."""
    draw_first_touch(fig, review, font_size=font_size, set_title=partial(fitted_title, style=style))


PAGE = ReviewPage
