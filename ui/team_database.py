"""File > Open from Team Database…: connect to a shared PostgreSQL database, list its agreements
and open one into the window (docs/team-database.md).

The connection (host, port, database, user) is remembered in QSettings; the password never is.
It is asked for, or kept in the system keyring when the user ticks the box and the computer
has one (where it has none the dialog says so and asks each time). Everything the database
does is the core's (:mod:`slaplanner.storage.database`); this module only asks and shows.

Preview: ``python -m ui.team_database`` (connects to nothing until you press Connect).
"""

from __future__ import annotations

from typing import Any

from slaplanner.errors import PlanFileError, ValidationError
from slaplanner.storage.database import (
    DEFAULT_PORT,
    DatabaseAddress,
    DatabaseError,
    agreements_at,
    keep_password,
    keyring_problem,
    stored_password,
)
from ui.document import saved_as_new_proposal
from ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSettings,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SETTINGS_KEY = "teamDatabase"
COLUMNS = ("Agreement", "Status", "Last change", "By")


def sentence(error: Exception) -> str:
    """A core message as a sentence: capital first letter, full stop."""
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}" + ("" if text.endswith(".") else ".")


class TeamDatabaseDialog(QDialog):
    """Host, port, database, user and password; Connect lists the agreements; Open picks one.

    After ``exec()`` returns Accepted, :attr:`location` is the chosen agreement's location and
    :attr:`password` the password to connect with (None: the keyring's or libpq's own).
    """

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.setWindowTitle("Open from Team Database")
        self._settings = settings
        self.location = ""
        self.password: str | None = None
        self.host = QLineEdit()
        self.host.setPlaceholderText("db.example.com")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setPlaceholderText("sla")
        self.user = QLineEdit()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("asked each time unless kept in the keyring")
        self.keep = QCheckBox("Keep the password in the system keyring")
        problem = keyring_problem()
        if problem is not None:
            self.keep.setEnabled(False)
            self.keep.setToolTip(problem[0].upper() + problem[1:] + ".")
        form = QFormLayout()
        for label, field in (("Host", self.host), ("Port", self.port), ("Database", self.database)):
            form.addRow(label, field)
        form.addRow("User", self.user)
        form.addRow("Password", self.secret)
        form.addRow("", self.keep)
        self.status = QLabel(f"No keyring: {problem}." if problem else "")
        self.status.setWordWrap(True)
        self.connect_button = QPushButton("&Connect")
        self.connect_button.clicked.connect(self.list_agreements)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.accept_selected())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(False)
        self.buttons.accepted.connect(self.accept_selected)
        self.buttons.rejected.connect(self.reject)
        open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.table.itemSelectionChanged.connect(lambda: open_button.setEnabled(bool(self.table.selectedItems())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.connect_button)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(620, 460)
        self._restore()

    # -- the connection, remembered without the password -----------------------------------------
    def address(self) -> DatabaseAddress:
        return DatabaseAddress(
            self.host.text().strip(), self.port.value(), self.database.text().strip(), self.user.text().strip()
        )

    def _restore(self) -> None:
        if self._settings is None:
            return
        s = self._settings
        self.host.setText(str(s.value(f"{SETTINGS_KEY}/host", "") or ""))
        port = str(s.value(f"{SETTINGS_KEY}/port", DEFAULT_PORT) or DEFAULT_PORT)
        self.port.setValue(int(port) if port.isdigit() else DEFAULT_PORT)
        self.database.setText(str(s.value(f"{SETTINGS_KEY}/database", "") or ""))
        self.user.setText(str(s.value(f"{SETTINGS_KEY}/user", "") or ""))

    def _remember(self, address: DatabaseAddress) -> None:
        if self._settings is None:
            return
        for key, value in (
            ("host", address.host),
            ("port", address.port),
            ("database", address.database),
            ("user", address.user),
        ):
            self._settings.setValue(f"{SETTINGS_KEY}/{key}", value)

    # -- listing and choosing ----------------------------------------------------------------------
    def list_agreements(self) -> bool:
        """Connect and fill the list; on failure say why in the dialog."""
        address = self.address()
        if not address.database:
            self.status.setText("Give the database's name.")
            return False
        typed = self.secret.text() or None
        try:
            found = agreements_at(address, typed)
        except DatabaseError as error:
            self.status.setText(sentence(error))
            self.table.setRowCount(0)
            return False
        self._remember(address)
        self.password = typed or stored_password(address)
        notes = [] if self.keep.isEnabled() else ["No system keyring here: the password is asked for each time."]
        if typed and self.keep.isChecked():
            problem = keep_password(address, typed)
            notes.append("The password is kept in the system keyring." if problem is None else f"Not kept: {problem}.")
        self.table.setRowCount(len(found))
        for row, info in enumerate(found):
            who = info.last_author or "—"
            for column, value in enumerate((info.name, info.status, info.last_saved_at.replace("T", " "), who)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        count = f"{len(found)} agreement{'s' if len(found) != 1 else ''} in {address.describe()}."
        self.status.setText(" ".join([count, *notes]) if found else f"{address.describe()} holds no agreements yet.")
        if found:
            self.table.selectRow(0)
        return True

    def accept_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        item = self.table.item(rows[0].row(), 0)
        if item is None:
            return
        name = item.text()
        self.location = f"{self.address().url}#{name}"
        self.accept()


def open_from_team_database(window: Any) -> bool:
    """File > Open from Team Database…: choose an agreement and open it into ``window`` (the main
    window: its ``files``, ``document``, ``settings``, ``show_error`` and status bar)."""
    dialog = TeamDatabaseDialog(window, getattr(window, "settings", None))
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.location:
        return False
    if not window.files.maybe_save():
        return False
    try:
        window.document.open(dialog.location, password=dialog.password)
    except (PlanFileError, ValidationError) as error:
        window.show_error("Could not open the agreement", str(error))
        return False
    window.files.settled.emit()
    store = window.document.session.database
    read_only = store is not None and not _may_save(store)
    text = f"Opened {dialog.location}"
    if read_only:
        text += ": this database role may open and export but not save or sign"
    window.statusBar().showMessage(text, 10000)
    return True


def _may_save(store: Any) -> bool:
    try:
        return bool(store.may_save())
    except DatabaseError:
        return False


def save_to_team_database(document: Any, show_error: Any) -> str | None:
    """Save the document's plan into its team database; the status message, or None when it was
    refused (said in a box; the work stays open, unsaved, and autosave keeps its local copy)."""
    try:
        saved = document.save()
    except DatabaseError as error:
        show_error(
            "The plan was not saved",
            f"{sentence(error)}\n\nNothing was written to the database. Your work is "
            "still open, unsaved, and autosave keeps a copy of it on this computer.",
        )
        return None
    except ValidationError as error:  # someone else saved first, or the proposal is agreed and locked
        show_error(
            "The plan was not saved",
            f"{error}\n\nNothing was written and your work is still open, unsaved: use Proposals > Reload "
            "and apply your changes again, or Proposals > New Proposal to keep them as a proposal of their own.",
        )
        return None
    if saved.branched:
        return saved_as_new_proposal(saved.proposal)
    return f"Saved to {document.session.location}: {saved.proposal}, version {saved.version}"


if __name__ == "__main__":
    from ui.qt import QApplication

    app = QApplication([])
    TeamDatabaseDialog().exec()
