"""Sign the open proposal's latest version for one side (Proposals > Sign…, or the History page).

The dialog says exactly which version and fingerprint is signed and what signing means; the
core signs (:meth:`ui.document.PlanDocument.sign`) and decides who may sign; a refusal (already
signed by that side, already agreed, changed after it was saved, not saved as a ``.slaplan`` file
yet, not a signatory the agreement names for that side, the same person for both sides) is shown
as the one sentence the core gives, with the dialog left open. An empty title keeps the declared one.
"""

from __future__ import annotations

import html

from slaplanner.agreement.model import SIDES, Signatory, person_key
from slaplanner.errors import PlanFileError, ValidationError
from ui.document import PlanDocument
from ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.window.proposals import fmt_saved_at, problem_sentence, status_word

MEANING = (
    "Your signature records your name, your title, the time and this fingerprint of the version's content. "
    "When both sides sign the same version it becomes the agreed version and is locked: it never changes, "
    "and later changes are saved as a new proposal based on it."
)


class SignDialog(QDialog):
    """Name, title and side of the person signing, and what is being signed.

    Signals:
        signed(str): the version was signed; carries the sentence saying so.
    """

    signed = Signal(str)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("Sign the Proposal")
        self.setMinimumWidth(520)
        session = document.session
        agreement = session.agreement
        proposal = agreement.proposal(session.proposal)
        head = proposal.head
        self.proposal, self.version = proposal.name, head.number

        self.what = QLabel()
        self.what.setObjectName("sign-what")
        self.what.setWordWrap(True)
        self.what.setTextFormat(Qt.TextFormat.RichText)
        self.what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        who = f" by {html.escape(head.author)}" if head.author else ""
        lines = [
            f"You are signing <b>Proposal {html.escape(proposal.name)}, version {head.number}</b> "
            f"({status_word(session, proposal.name, head.number)}), saved {fmt_saved_at(head.saved_at)}{who}.",
            f"Fingerprint: <b><tt>{head.fingerprint[:16]}</tt></b> (SHA-256 of the content; "
            f"short form {head.short_fingerprint}).",
        ]
        signatures = agreement.signatures_of(proposal.name, head.number)
        if signatures:
            lines.append(
                "Signed so far: " + "; ".join(f"{s.side.capitalize()}: {html.escape(s.name)}" for s in signatures) + "."
            )
        if session.base != head.number:
            lines.append(f"<i>The window shows version {session.base}; only the latest version can be signed.</i>")
        if document.is_modified:
            lines.append(
                "<i>The window has unsaved changes: they are not part of what you sign. "
                "Save them first to sign them.</i>"
            )
        self.what.setText("<br>".join(lines))

        self.meaning = QLabel(MEANING)
        self.meaning.setWordWrap(True)

        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Dana Whitfield")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. VP Marketing")
        self.side = QComboBox()
        for side in SIDES:
            self.side.addItem(side.capitalize(), side)
        signed_sides = {s.side for s in signatures if s.fingerprint == head.fingerprint}
        unsigned = [s for s in SIDES if s not in signed_sides]
        if unsigned:
            self.side.setCurrentIndex(self.side.findData(unsigned[0]))
        known = {person_key(p.name): p for p in agreement.signatories}
        self.name.editingFinished.connect(lambda: self._fill_known(known))

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Title:", self.title_edit)
        form.addRow("Si&de:", self.side)

        self.refusal = QLabel()
        self.refusal.setObjectName("sign-refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #C0392B; font-weight: bold;")
        self.refusal.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = self.buttons.addButton("Sign", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.sign)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(self.meaning)
        layout.addLayout(form)
        layout.addWidget(self.refusal)
        layout.addWidget(self.buttons)

    def _fill_known(self, known: dict[str, Signatory]) -> None:
        """A signatory the agreement knows: fill in their title and side."""
        person = known.get(person_key(self.name.text()))
        if person is not None:
            if not self.title_edit.text().strip():
                self.title_edit.setText(person.title)
            self.side.setCurrentIndex(self.side.findData(person.side))

    def sign(self) -> bool:
        """Sign with what was entered; on a refusal show the core's sentence and stay open."""
        if self.document.is_modified:
            return self._refuse("Save your changes first: only a saved version can be signed.")
        try:
            signatory = Signatory(self.name.text(), self.side.currentData(), self.title_edit.text())
        except ValidationError as error:
            if any(p.field == "name" for p in error.problems):
                return self._refuse("Enter the name of the person signing.")
            return self._refuse(problem_sentence(error))
        try:
            signature = self.document.sign(signatory)
        except (ValidationError, PlanFileError) as error:
            return self._refuse(problem_sentence(error))
        session = self.document.session
        agreed = session.agreement.is_agreed(signature.proposal, signature.version)
        text = f"{signature.name} signed {signature.proposal} version {signature.version} for {signature.side}." + (
            " Both sides have signed: it is the agreed version, locked." if agreed else ""
        )
        self.signed.emit(text)
        self.accept()
        return True

    def _refuse(self, sentence: str) -> bool:
        self.refusal.setText(f"Not signed. {sentence}")
        self.refusal.show()
        return False
