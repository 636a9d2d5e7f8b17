"""The agreement's proposals in the window: the toolbar's "Proposal:" box, the Proposals menu
(New Proposal…, Reload, Sign…) and the line in the status bar that says what is open.

Every command calls one method of :class:`~ui.document.PlanDocument` (which calls the core's
:class:`~slaplanner.storage.session.AgreementSession`); nothing is decided here. Before unsaved
changes would be lost, the :class:`~ui.window.files.FileController` asks first.
"""

from __future__ import annotations

from slaplanner.errors import SENTENCE_KINDS, PlanFileError, Problem, ValidationError
from slaplanner.plan.format import fmt_timestamp
from slaplanner.storage.session import AgreementSession
from ui.document import PlanDocument
from ui.numbers import explain_problem
from ui.qt import (
    QAction,
    QComboBox,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QObject,
    QSignalBlocker,
    QToolBar,
)
from ui.window.files import FileController

#: How a proposal's status is written next to its name (agreed in capitals: it is locked).
STATUS_WORDS = {"draft": "draft", "agreed": "AGREED"}


fmt_saved_at = fmt_timestamp  # one formatter, in the core


def status_word(session: AgreementSession, proposal: str, version: int) -> str:
    """``AGREED`` when both sides signed ``version`` of ``proposal``, else ``draft``."""
    return STATUS_WORDS["agreed" if session.agreement.is_agreed(proposal, version) else "draft"]


def proposal_summary(session: AgreementSession) -> str:
    """What is open, for the title and the status bar: "Proposal X, version N (draft)"."""
    p = session.agreement.proposal(session.proposal)
    status = status_word(session, p.name, session.base)
    if session.base != p.head.number:
        return f"Proposal {p.name}, version {session.base} of {p.head.number} ({status}, an older version)"
    return f"Proposal {p.name}, version {session.base} ({status})"


def problem_sentence(error: ValidationError | PlanFileError) -> str:
    """A refusal from the core as the sentence a person reads (one line per problem)."""
    if isinstance(error, PlanFileError):
        text = str(error)
        return text[:1].upper() + text[1:]
    return "\n".join(_problem_line(p) for p in error.problems)


def _problem_line(problem: Problem) -> str:
    return str(problem) if problem.kind in SENTENCE_KINDS else explain_problem(problem)


class ProposalControls(QObject):
    """The "Proposal:" box in the toolbar, the Proposals menu and the status-bar line.

    Attributes:
        combo: the proposals, each with its status; choosing one opens it.
        new_action, reload_action, sign_action: the Proposals menu's commands.
        status_label: "Proposal X, version N (draft)" in the status bar.

    The questions (a name, "discard unsaved changes?") go through :meth:`ask_name` and
    :meth:`ask_discard`, which tests replace.
    """

    def __init__(self, window: QMainWindow, document: PlanDocument, files: FileController, toolbar: QToolBar):
        super().__init__(window)
        self._window = window
        self.document = document
        self.files = files

        self.combo = QComboBox()
        self.combo.setObjectName("proposal-combo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setToolTip("The proposal open in the window; choose another to open it")
        self.combo.activated.connect(self._on_chosen)
        label = QLabel("Proposal:")
        label.setBuddy(self.combo)
        toolbar.addSeparator()
        toolbar.addWidget(label)
        toolbar.addWidget(self.combo)

        self.new_action = QAction("&New Proposal…", window)
        self.new_action.setStatusTip("Start a new proposal as a copy of the open one")
        self.new_action.triggered.connect(lambda: self.new_proposal())
        self.reload_action = QAction("&Reload", window)
        self.reload_action.setStatusTip("Read the file again and open this proposal's latest version")
        self.reload_action.triggered.connect(lambda: self.reload())
        self.sign_action = QAction("&Sign…", window)
        self.sign_action.setStatusTip("Sign this proposal's latest version for marketing or sales")
        self.sign_action.triggered.connect(lambda: self.sign())
        self.menu = QMenu("&Proposals", window)
        bar = window.menuBar()
        menus = bar.actions()
        if menus:  # before Help, the last menu
            bar.insertMenu(menus[-1], self.menu)
        else:
            bar.addMenu(self.menu)
        self.menu.addActions([self.new_action, self.reload_action])
        self.menu.addSeparator()
        self.menu.addAction(self.sign_action)

        self.status_label = QLabel()
        self.status_label.setObjectName("proposal-status")
        window.statusBar().addPermanentWidget(self.status_label)

        document.agreementChanged.connect(self.update)
        document.modifiedChanged.connect(self.update)
        document.planChanged.connect(self.update)
        self.update()

    @property
    def session(self) -> AgreementSession:
        return self.document.session

    # -- showing what is open -----------------------------------------------------------------
    def update(self, *_args: object) -> None:
        """Show the agreement's proposals, the open one chosen, and the status line."""
        session = self.session
        with QSignalBlocker(self.combo):
            self.combo.clear()
            for p in session.agreement.proposals:
                self.combo.addItem(f"{p.name} ({status_word(session, p.name, p.head.number)})", p.name)
            self.combo.setCurrentIndex(max(0, self.combo.findData(session.agreement.proposal(session.proposal).name)))
        text = proposal_summary(session)
        if self.document.is_modified:
            text += "; unsaved changes"
            if session.is_locked:
                text += " (saving puts them in a new proposal)"
        self.status_label.setText(text)
        self.status_label.setToolTip(
            "An agreed version is locked: changes to it are saved as a new proposal based on it."
            if session.is_locked
            else "A draft: saving adds a new version; both sides signing one version makes it the agreed one."
        )
        self.reload_action.setEnabled(session.path is not None)

    def _on_chosen(self, index: int) -> None:
        name = self.combo.itemData(index)
        if not self.switch_to(name):
            self.update()  # kept the open proposal: show it again

    # -- commands -------------------------------------------------------------------------------
    def switch_to(self, name: str, version: int | None = None) -> bool:
        """Open proposal ``name`` (its latest version, or ``version``), asking first about
        unsaved changes; True if it was opened."""
        current = self.session.agreement.proposal(self.session.proposal).name
        if name == current and version in (None, self.session.base):
            return True
        if not self.files.maybe_save():
            return False
        try:
            self.document.switch_proposal(name, version)
        except (ValidationError, PlanFileError) as error:
            self._error("Could not open the proposal", problem_sentence(error))
            return False
        self._message(f"Opened {proposal_summary(self.session)}")
        return True

    def new_proposal(self, name: str | None = None) -> bool:
        """Add a proposal (asking its name when not given) starting as a copy of the open one;
        unsaved changes move along to it. True if it was added."""
        source = self.session.agreement.proposal(self.session.proposal).name
        if name is None:
            name = self.ask_name(
                "New Proposal",
                f"Name of the new proposal (it starts as a copy of “{source}”, version {self.session.base}):",
                self._suggested_name(),
            )
        if not name or not name.strip():
            return False
        try:
            self.document.new_proposal(name.strip())
        except (ValidationError, PlanFileError) as error:
            self._error("The proposal was not added", problem_sentence(error))
            return False
        self._message(f"New proposal {self.session.proposal}, a copy of {source}")
        return True

    def start_from(self, proposal: str, version: int, name: str | None = None) -> bool:
        """A new proposal starting as a copy of ``proposal``'s ``version`` (History page)."""
        if name is None:
            name = self.ask_name(
                "Start a Proposal from This Version",
                f"Name of the new proposal (it starts as a copy of “{proposal}”, version {version}):",
                self._suggested_name(),
            )
        if not name or not name.strip():
            return False
        if not self.switch_to(proposal, version):
            return False
        return self.new_proposal(name)

    def reload(self) -> bool:
        """Read the file again and open the open proposal's latest version (after a conflict);
        unsaved changes are discarded, after asking."""
        if self.document.is_modified and not self.ask_discard(
            "Reload reads the file again and discards your unsaved changes. Reload?"
        ):
            return False
        try:
            self.document.reload()
        except (ValidationError, PlanFileError, OSError) as error:
            self._error("Could not reload", problem_sentence(error) if not isinstance(error, OSError) else str(error))
            return False
        self._message(f"Reloaded: {proposal_summary(self.session)}")
        return True

    def sign(self) -> None:
        """Proposals > Sign…: the sign dialog for the open proposal's latest version."""
        from ui.sign_dialog import SignDialog

        dialog = SignDialog(self.document, self._window)
        dialog.signed.connect(lambda text: self._message(text))
        dialog.exec()

    # -- questions (tests replace these) ---------------------------------------------------------
    def ask_name(self, title: str, label: str, text: str) -> str | None:
        """A name typed by the user, or None (cancelled)."""
        name, ok = QInputDialog.getText(self._window, title, label, text=text)
        return name if ok else None

    def ask_discard(self, question: str) -> bool:
        """True if the user agrees to discard unsaved changes."""
        answer = QMessageBox.question(self._window, "Reload", question)
        return answer == QMessageBox.StandardButton.Yes

    def _suggested_name(self) -> str:
        names = {p.name.casefold() for p in self.session.agreement.proposals}
        n = len(names) + 1
        while f"proposal {n}" in names:
            n += 1
        return f"Proposal {n}"

    def _error(self, title: str, message: str) -> None:
        show = getattr(self._window, "show_error", None)
        if callable(show):
            show(title, message)

    def _message(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 8000)
