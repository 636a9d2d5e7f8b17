"""History: the open proposal's versions, who signed which, and what changed between two versions.

The versions table lists number, when it was saved, author, comment, the short fingerprint,
the signatures (side and name) and which version is agreed. Two versions (default: the previous
and the latest; any proposal's version can be chosen) are compared with the core's
:func:`~slaplanner.negotiation.diff.diff_plans` ("What changed", in the users' words); "Results
that moved" runs :func:`~slaplanner.negotiation.diff.diff_results` on a :class:`ui.worker.Task`
with a small run count. A version can be opened (an older one is read-only: saving it is
refused) or become the start of a new proposal; the latest can be signed.

Preview: ``python -m ui.preview history``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slaplanner.agreement.model import Agreement, Proposal, Version
from slaplanner.engine.simulation import SimulationCancelled
from slaplanner.negotiation.diff import Change, diff_plans, diff_results
from slaplanner.plan.model import Plan
from slaplanner.results import ResultSettings, compute_results
from ui.document import PlanDocument
from ui.pages.base import Page
from ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QComboBox,
    QFont,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QModelIndex,
    QPersistentModelIndex,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
)
from ui.window.proposals import fmt_saved_at
from ui.worker import Task, TaskCancelled

#: Simulation runs for "Results that moved": enough to see a probability move, quick to wait for.
RESULT_RUNS = 300
DisplayRole = Qt.ItemDataRole.DisplayRole
Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Version", "Saved at", "Author", "Comment", "Fingerprint", "Signatures", "Status")


def signatures_text(agreement: Agreement, proposal: str, version: Version) -> str:
    """One line per signature on ``version``: "Marketing: Dana Whitfield (VP Marketing), 1 Dec 2026 09:14"."""
    lines = []
    for s in agreement.signatures_of(proposal, version.number):
        title = f" ({s.title})" if s.title else ""
        stale = "" if s.fingerprint == version.fingerprint else " — signed other content"
        lines.append(f"{s.side.capitalize()}: {s.name}{title}, {fmt_saved_at(s.signed_at)}{stale}")
    return "\n".join(lines)


class VersionsModel(QAbstractTableModel):
    """The open proposal's versions, newest first, as a read-only table (an adapter over the
    agreement: the status is the core's ``is_agreed``, never decided here)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.agreement: Agreement | None = None
        self.proposal: Proposal | None = None
        self.open_version = 0
        self.versions: list[Version] = []

    def set_proposal(self, agreement: Agreement, proposal: str, open_version: int) -> None:
        self.beginResetModel()
        self.agreement = agreement
        self.proposal = agreement.proposal(proposal)
        self.open_version = open_version
        self.versions = list(reversed(self.proposal.versions))
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.versions)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DisplayRole) -> Any:
        if role != DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def version_at(self, row: int) -> Version:
        return self.versions[row]

    def is_agreed(self, row: int) -> bool:
        assert self.agreement is not None and self.proposal is not None
        return self.agreement.is_agreed(self.proposal.name, self.versions[row].number)

    def text(self, row: int, col: int) -> str:
        assert self.agreement is not None and self.proposal is not None
        v = self.versions[row]
        if col == 0:
            return f"{v.number} (open)" if v.number == self.open_version else str(v.number)
        if col == 1:
            return fmt_saved_at(v.saved_at)
        if col == 2:
            return v.author
        if col == 3:
            return v.comment
        if col == 4:
            return v.short_fingerprint if v.intact else f"{v.short_fingerprint} ⚠ content changed"
        if col == 5:
            return signatures_text(self.agreement, self.proposal.name, v)
        return "Agreed (locked)" if self.is_agreed(row) else "Draft"

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if (
            not index.isValid()
            or not (0 <= index.row() < len(self.versions))
            or not (0 <= index.column() < len(COLUMNS))
        ):
            return None
        row, col = index.row(), index.column()
        if role == DisplayRole:
            return self.text(row, col)
        if role == Qt.ItemDataRole.FontRole and (self.is_agreed(row) or self.versions[row].number == self.open_version):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == 4:
            v = self.versions[row]
            tip = f"SHA-256 of the content: {v.fingerprint}"
            return tip if v.intact else tip + "\nThe content no longer matches it: it was changed after it was saved."
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


class WrappedTableView(QTableView):
    """A read-only table whose rows grow to their wrapped text, at any width and zoom."""

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self.resizeRowsToContents)  # after the stretched columns took their widths

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self.horizontalHeader().setFont(self.font())
            QTimer.singleShot(0, self, self.resizeRowsToContents)


def results_that_moved(
    old: Plan, new: Plan, settings: ResultSettings, *, progress: Any, cancelled: Any
) -> tuple[Change, ...]:
    """The results service on both plans with ``settings``, then the core's ``diff_results``."""
    try:
        first = compute_results(old, settings, progress=lambda f: progress(f / 2), cancelled=cancelled)
        second = compute_results(new, settings, progress=lambda f: progress(0.5 + f / 2), cancelled=cancelled)
    except SimulationCancelled:
        raise TaskCancelled() from None
    return diff_results(first, second, plans=(old, new))


class HistoryPage(Page):
    """The open proposal's history, what changed between two versions, and sign-off."""

    title = "History"
    order = 90

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.task: Task | None = None
        self._shown: tuple[str, int] | None = None  # the proposal and latest version the pickers were set for
        self._moved_for: Any = None
        self._entries: list[tuple[str, int]] = []  # (proposal, version) of each From/To choice

        # -- versions -----------------------------------------------------------------------
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.model = VersionsModel(self)
        self.table = WrappedTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        for col, mode in enumerate(
            [
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
            ]
        ):
            header.setSectionResizeMode(col, mode)
        self.model.modelReset.connect(self.table.resizeRowsToContents)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_buttons())

        self.open_button = QPushButton("Open This Version")
        self.open_button.setToolTip("Open the chosen version in the window; an older version is read-only")
        self.open_button.clicked.connect(self.open_selected)
        self.start_button = QPushButton("Start a Proposal from This Version…")
        self.start_button.clicked.connect(self.start_from_selected)
        self.sign_button = QPushButton("Sign…")
        self.sign_button.setToolTip("Sign this proposal's latest version for marketing or sales")
        self.sign_button.clicked.connect(self.sign)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_button)

        versions = QGroupBox("Versions")
        vbox = QVBoxLayout(versions)
        vbox.addWidget(self.heading)
        vbox.addWidget(self.table, 1)
        vbox.addLayout(buttons)

        # -- what changed -----------------------------------------------------------------------
        self.old = QComboBox()
        self.new = QComboBox()
        for combo in (self.old, self.new):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
            combo.currentIndexChanged.connect(lambda _i: self.show_changes())
        self.moved_button = QPushButton("Results That Moved")
        self.moved_button.setToolTip(
            f"Compute both versions' results ({RESULT_RUNS} simulation runs each) and list what moved"
        )
        self.moved_button.clicked.connect(self.start_results)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        pick = QHBoxLayout()
        pick.addWidget(QLabel("From:"))
        pick.addWidget(self.old, 1)
        pick.addWidget(QLabel("To:"))
        pick.addWidget(self.new, 1)
        pick.addWidget(self.moved_button)
        pick.addWidget(self.progress)

        self.changes_label = QLabel("What changed")
        self.changes = QListWidget()
        self.changes.setObjectName("what-changed")
        self.moved_label = QLabel("Results that moved")
        self.moved = QListWidget()
        self.moved.setObjectName("results-moved")
        for label in (self.changes_label, self.moved_label):
            label.setWordWrap(True)
        for lst in (self.changes, self.moved):
            lst.setWordWrap(True)
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            lst.setResizeMode(QListWidget.ResizeMode.Adjust)
        lists = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.changes_label)
        left.addWidget(self.changes, 1)
        right.addWidget(self.moved_label)
        right.addWidget(self.moved, 1)
        lists.addLayout(left, 3)
        lists.addLayout(right, 2)

        changed = QGroupBox("Compare two versions (of this or another proposal)")
        cbox = QVBoxLayout(changed)
        cbox.addLayout(pick)
        cbox.addLayout(lists, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(versions)
        splitter.addWidget(changed)
        splitter.setSizes([420, 330])  # the versions get the room; the lists scroll
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        document.agreementChanged.connect(lambda _session: self.show_agreement())
        self.show_agreement()

    # -- the agreement --------------------------------------------------------------------------
    @property
    def agreement(self) -> Agreement:
        return self.document.session.agreement

    def show_agreement(self) -> None:
        """The open proposal's versions and the version pickers (reset to the defaults when
        another proposal is open)."""
        session = self.document.session
        proposal = self.agreement.proposal(session.proposal)
        self.model.set_proposal(self.agreement, proposal.name, session.base)
        people = "; ".join(
            f"{p.name}{f', {p.title}' if p.title else ''} ({p.side})" for p in self.agreement.signatories
        )
        agreed = self.agreement.agreed_version(proposal.name)
        based = (
            f" Started as a copy of {proposal.based_on[0]} version {proposal.based_on[1]}." if proposal.based_on else ""
        )
        self.heading.setText(
            f"<b>Proposal {proposal.name}</b>: {len(proposal.versions)} version"
            f"{'s' if len(proposal.versions) != 1 else ''}; "
            + (f"version {agreed.number} is <b>AGREED</b> and locked." if agreed else "a draft (not agreed yet).")
            + based
            + (f"<br>Signatories: {people}." if people else "<br>No one has signed yet.")
        )
        old, new = self.chosen()
        entries = [
            (self._entry_text(p, v), (p.name, v.number)) for p in self.agreement.proposals for v in reversed(p.versions)
        ]
        for combo in (self.old, self.new):
            combo.blockSignals(True)
            combo.clear()
            for text, _data in entries:
                combo.addItem(text)
            combo.blockSignals(False)
        shown = (proposal.name, proposal.head.number)
        self._entries = [data for _text, data in entries]
        if shown != self._shown or old not in self._entries or new not in self._entries:
            old, new = self.default_pair(proposal)  # another proposal, or a new version: previous vs latest
        self._shown = shown
        self.choose(old, new)
        self.select_version(session.base)
        self.show_changes()
        self._show_buttons()

    def _entry_text(self, proposal: Proposal, version: Version) -> str:
        agreed = self.agreement.is_agreed(proposal.name, version.number)
        latest = version.number == proposal.head.number
        notes = [w for w, on in (("AGREED", agreed), ("latest", latest and not agreed)) if on]
        return f"{proposal.name} v{version.number}" + (f" ({', '.join(notes)})" if notes else "")

    @staticmethod
    def default_pair(proposal: Proposal) -> tuple[tuple[str, int], tuple[str, int]]:
        """The previous and the latest version (a first version: the one it was copied from)."""
        head = proposal.head.number
        if head > 1:
            return (proposal.name, head - 1), (proposal.name, head)
        if proposal.based_on is not None:
            return proposal.based_on, (proposal.name, head)
        return (proposal.name, head), (proposal.name, head)

    def choose(self, old: tuple[str, int], new: tuple[str, int]) -> None:
        """Compare ``old`` with ``new`` ((proposal, version) each)."""
        self.old.setCurrentIndex(self._entries.index(old) if old in self._entries else 0)
        self.new.setCurrentIndex(self._entries.index(new) if new in self._entries else 0)

    def chosen(self) -> tuple[tuple[str, int] | None, tuple[str, int] | None]:
        """The (proposal, version) chosen as From and To."""

        def at(i: int) -> tuple[str, int] | None:
            return self._entries[i] if 0 <= i < len(self._entries) else None

        return at(self.old.currentIndex()), at(self.new.currentIndex())

    def _plan(self, chosen: tuple[str, int]) -> Plan:
        return self.agreement.proposal(chosen[0]).version(chosen[1]).plan

    def selected_version(self) -> Version | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.version_at(rows[0].row()) if rows else None

    def _show_buttons(self) -> None:
        chosen = self.selected_version()
        self.open_button.setEnabled(chosen is not None)
        self.start_button.setEnabled(chosen is not None)
        if chosen is not None and self.model.proposal is not None and chosen.number != self.model.proposal.head.number:
            self.open_button.setText("Open This Version Read-Only")
        else:
            self.open_button.setText("Open This Version")

    # -- what changed ------------------------------------------------------------------------------
    def show_changes(self) -> None:
        """The core's diff of the two versions chosen, in the users' words."""
        old, new = self.chosen()
        self.changes.clear()
        if old is None or new is None:
            return
        changes = diff_plans(self._plan(old), self._plan(new))
        self.changes_label.setText(
            f"What changed from {old[0]} v{old[1]} to {new[0]} v{new[1]}: "
            f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
        )
        if not changes:
            self.changes.addItem("Nothing: the two versions have the same content.")
        for change in changes:
            item = QListWidgetItem(change.label)
            item.setToolTip(change.path)
            self.changes.addItem(item)
        if self._moved_for != (old, new):
            self.moved.clear()
            self.moved_label.setText("Results that moved")
            self.moved.addItem("Press “Results That Moved” to compute both versions' results and list what moved.")

    def change_labels(self) -> list[str]:
        """The "What changed" lines shown."""
        return [self.changes.item(i).text() for i in range(self.changes.count())]

    def start_results(self) -> None:
        """Run both versions' results with a small run count on a worker thread, then diff them."""
        if self.task is not None and self.task.is_running():
            return
        old, new = self.chosen()
        if old is None or new is None:
            return
        base = self.document.results.settings
        settings = replace(base, runs=min(base.runs, RESULT_RUNS))
        self.moved.clear()
        self.moved.addItem("Computing…")
        self.progress.setValue(0)
        self.progress.show()
        self.moved_button.setEnabled(False)
        self.task = Task(results_that_moved, self._plan(old), self._plan(new), settings, parent=self)
        self.task.progressed.connect(self.progress.setValue)
        self.task.succeeded.connect(lambda changes: self._show_moved(changes, (old, new), settings))
        self.task.failed.connect(lambda message: self._show_moved_text("Could not compute: " + message.splitlines()[0]))
        self.task.cancelled.connect(lambda: self._show_moved_text("Cancelled."))
        self.task.finished.connect(self._results_finished)
        self.task.start()

    def _show_moved(self, changes: tuple[Change, ...], pair: Any, settings: ResultSettings) -> None:
        self._moved_for = pair
        self.moved.clear()
        runs = f"{settings.runs:,} simulation runs each, seed {settings.seed}" if settings.runs else "no simulation"
        self.moved_label.setText(f"Results that moved ({settings.scenario} rates, {runs})")
        if not changes:
            self.moved.addItem("No headline result moved (as displayed).")
        for change in changes:
            item = QListWidgetItem(change.label)
            item.setToolTip(change.path)
            self.moved.addItem(item)

    def _show_moved_text(self, text: str) -> None:
        self.moved.clear()
        self.moved.addItem(text)

    def _results_finished(self) -> None:
        self.moved_button.setEnabled(True)
        self.progress.hide()

    def moved_labels(self) -> list[str]:
        return [self.moved.item(i).text() for i in range(self.moved.count())]

    # -- acting on a version ---------------------------------------------------------------------
    def _controls(self) -> Any:
        return getattr(self.window(), "proposals", None)

    def open_selected(self) -> bool:
        """Open the chosen version in the window (asking first about unsaved changes)."""
        chosen = self.selected_version()
        proposal = self.model.proposal
        if chosen is None or proposal is None:
            return False
        version = None if chosen.number == proposal.head.number else chosen.number
        controls = self._controls()
        if controls is not None:
            return bool(controls.switch_to(proposal.name, version))
        self.document.switch_proposal(proposal.name, version)
        return True

    def start_from_selected(self, name: str | None = None) -> bool:
        """A new proposal starting as a copy of the chosen version."""
        chosen = self.selected_version()
        proposal = self.model.proposal
        controls = self._controls()
        if chosen is None or proposal is None or controls is None:
            return False
        return bool(controls.start_from(proposal.name, chosen.number, name))

    def select_version(self, number: int) -> None:
        for row, v in enumerate(self.model.versions):
            if v.number == number:
                self.table.selectRow(row)

    def sign(self) -> None:
        controls = self._controls()
        if controls is not None:
            controls.sign()
        else:
            from ui.sign_dialog import SignDialog

            SignDialog(self.document, self).exec()

    # -- the page ----------------------------------------------------------------------------------
    def refresh(self, plan: Plan) -> None:
        """The history is of saved versions: an edit changes nothing here."""

    def prepare_screenshot(self) -> None:
        """For ``--screenshot``: list the results that moved between the two versions chosen."""
        self.start_results()


PAGE = HistoryPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("history", sys.argv[1] if len(sys.argv) > 1 else ""))
