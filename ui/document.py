"""The open plan as a Qt object: the current plan, its file, its undo stack and saved state.

Every change to the plan goes through :meth:`PlanDocument.apply` (or :meth:`apply_all` for a
block of edits that is one undo step), which uses :func:`slaplanner.plan.edits.apply_edits`; an
editor that has built the new plan through the core already hands it over with :meth:`commit`. A value
the core refuses never reaches the plan: the :class:`~slaplanner.errors.ValidationError` is
raised (``apply``) or its message returned (``try_apply``) and the plan stays as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from slaplanner.agreement.model import Signatory, Signature
from slaplanner.errors import PlanFileError, ValidationError
from slaplanner.plan.edits import Edit, apply_edits
from slaplanner.plan.model import Plan
from slaplanner.samples import sample_plan_text
from slaplanner.storage.session import AgreementSession, Saved
from ui.qt import QObject, QUndoCommand, QUndoStack, Signal
from ui.results import SharedResults

_MERGE_ID = 0x51A  # QUndoCommand.id() of every mergeable edit; merge_key decides the rest


def sample_plan() -> Plan:
    """The sample plan shipped with the package (used by previews and a first start)."""
    return Plan.from_dict(json.loads(sample_plan_text()))


_ACRONYMS = {"sql": "SQL", "mql": "MQL", "sal": "SAL", "sdr": "SDR", "ae": "AE", "crm": "CRM"}


def field_label(path: str) -> str:
    """A plan field's path in the user's words: ``definitions.sql_threshold`` -> "SQL threshold",
    ``team.roles[0].max_occupancy`` -> "Maximum occupancy" (the glossary's term where it has one)."""
    from slaplanner.glossary import TERMS

    names = [part for part in re.split(r"[.\[\]\s(]+", path) if part and not part.isdigit()]
    name = names[-1] if names else path
    known = {t.key: t.term for t in TERMS}
    if name in known:
        return known[name]
    words = [_ACRONYMS.get(w, w) for w in name.split("_") if w]
    text = " ".join(words) or path
    return text[:1].upper() + text[1:]


def refusal_message(error: ValidationError) -> str:
    """A refused edit's message, one problem after another, each named in words with its value in
    the user's units: "SQL threshold: 8 is not allowed; allowed: from the MQL threshold (40) up"."""
    from ui.numbers import explain_problem

    return "; ".join(f"{field_label(p.field)}: {explain_problem(p)}" for p in error.problems) or str(error)


class EditCommand(QUndoCommand):
    """One undo step: the plan before it and the plan it made, both already built and validated.

    Undo and redo only swap the two plans: nothing is applied or validated again.
    Consecutive commands with the same ``merge_key`` merge into one step (typing in one cell).
    """

    def __init__(self, document: PlanDocument, before: Plan, after: Plan, label: str, merge_key: str | None):
        super().__init__(label)
        self._document = document
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self._first = True

    def id(self) -> int:
        return _MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or not self.merge_key or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        self.setText(other.text())
        return True

    def redo(self) -> None:
        if self._first:  # pushed by the document, which has already shown the new plan
            self._first = False
            return
        self._document._set_plan(self.after)

    def undo(self) -> None:
        self._document._set_plan(self.before)


class PlanDocument(QObject):
    """The plan being edited, with its file path, undo stack and unsaved-changes state.

    Signals:
        planChanged(object): the plan changed (an edit, undo, redo, open, new); carries the plan.
        pathChanged(str): the file the plan belongs to changed ("" for an unsaved plan).
        modifiedChanged(bool): the plan got unsaved changes (True) or was saved / opened (False).
        editRefused(str): an edit was refused; carries the message saying why.
        editNoted(str): an edit went through, with a note on how typed text was read
            ("Shrinkage: 0.35 was read as 35 %").
        agreementChanged(object): the agreement changed (opened, saved, a proposal added or
            switched, signed); carries the :class:`~slaplanner.storage.session.AgreementSession`.
    """

    agreementChanged = Signal(object)
    planChanged = Signal(object)
    pathChanged = Signal(str)
    modifiedChanged = Signal(bool)
    editRefused = Signal(str)
    editNoted = Signal(str)

    def __init__(self, plan: Plan | None = None, path: str | Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._plan = plan if plan is not None else Plan()
        self._path: Path | None = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.generation = 0  # counts changes; the autosave compares it
        self.results = SharedResults(self)  # the rate level, runs and seed every page and export uses
        self.results.plan = self._plan
        self.planChanged.connect(self.results.plan_changed)  # live answers: a quick simulation after each change
        self.session = AgreementSession(self._plan)  # proposals, versions, signatures of the open agreement

    def _on_clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    # -- state --------------------------------------------------------------------------------
    @property
    def plan(self) -> Plan:
        return self._plan

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        if self._path is None and self.session.database is not None:
            return self.session.database.name  # an agreement opened from a team database
        return self._path.name if self._path else "Untitled"

    def _set_plan(self, plan: Plan) -> None:
        self._plan = plan
        self.generation += 1
        self.planChanged.emit(plan)

    # -- editing ------------------------------------------------------------------------------
    def apply(self, edit: Edit) -> None:
        """Apply one edit as an undo step; raise ValidationError (plan unchanged) if refused."""
        self.apply_all([edit], edit.label, edit.merge_key)

    def apply_all(self, edits: Sequence[Edit], label: str, merge_key: str | None = None) -> None:
        """Apply several edits as ONE undo step; if any is refused, none is applied."""
        try:
            plan, _inverses = apply_edits(self._plan, edits)
        except ValidationError as error:
            self.editRefused.emit(refusal_message(error))
            raise
        self.commit(plan, label, merge_key)

    def commit(self, plan: Plan, label: str, merge_key: str | None = None) -> None:
        """Make ``plan`` (already built from the current plan by core edits) current, as one undo step.

        For editors that applied their edits through the core themselves (a table validates a
        block of cells once, cell by cell): the plan is not applied or validated again.
        """
        if plan == self._plan:
            return
        before, self._plan = self._plan, plan
        self.undo_stack.push(EditCommand(self, before, plan, label, merge_key))
        self.generation += 1
        self.planChanged.emit(plan)

    def try_apply(self, edit: Edit) -> str | None:
        """Apply ``edit``; return None, or the message saying why it was refused."""
        return self.try_apply_all([edit], edit.label, edit.merge_key)

    def try_apply_all(self, edits: Sequence[Edit], label: str, merge_key: str | None = None) -> str | None:
        try:
            self.apply_all(edits, label, merge_key)
        except ValidationError as error:
            return refusal_message(error)
        return None

    # -- files --------------------------------------------------------------------------------
    def reset(self, plan: Plan, path: str | Path | None = None, *, modified: bool = False) -> None:
        """Replace the whole document (New, Open, restore): clears undo history."""
        session = AgreementSession(plan)
        if path is not None:  # a recovered plan: keep the history of the file it belongs to
            try:
                session.open(path)
            except (PlanFileError, ValidationError):
                session = AgreementSession(plan)
        self.session = session
        self._replace(plan, path, modified=modified)
        self.agreementChanged.emit(self.session)

    def _replace(self, plan: Plan, path: str | Path | None, *, modified: bool = False) -> None:
        self.results.new_document()  # nothing simulated of the previous plan stays on any page
        self.undo_stack.clear()
        self._plan = plan
        self._set_path(Path(path) if path else None)
        self.generation += 1
        if modified:  # a restored plan is unsaved work: dirty, with nothing to undo
            self.undo_stack.resetClean()
        else:
            self.undo_stack.setClean()
        self.planChanged.emit(plan)

    def open(self, path: str | Path, *, password: str | None = None) -> None:
        """Load ``path`` (``FILE[#PROPOSAL[@VERSION]]``, or a team database's location, connecting
        with ``password``); raises PlanFileError / ValidationError and leaves the document as it was."""
        session = AgreementSession()
        plan = session.open(path, password=password)
        self.session = session
        self._replace(plan, session.path)
        self.agreementChanged.emit(session)

    def save(self, path: str | Path | None = None, *, comment: str = "", overwrite_read_only: bool = False) -> Saved:
        """Save the plan as the next version of the open proposal (to ``path``, or the current
        file). Raises PlanFileError (the file stays as it was) or ValidationError (someone else
        saved first: kind ``conflict``); the plan in the window is kept either way."""
        target = Path(path) if path else self._path
        if target is None and self.session.database is None:
            raise ValueError("the plan has no file yet; give a path")
        saved = self.session.save(self._plan, target, comment=comment, overwrite_read_only=overwrite_read_only)
        self._set_path(saved.path or (target.resolve() if target else None))  # a team database has no path
        self.undo_stack.setClean()
        self.agreementChanged.emit(self.session)
        return saved

    # -- proposals ----------------------------------------------------------------------------------
    def switch_proposal(self, proposal: str, version: int | None = None) -> None:
        """Open another proposal of the agreement (the caller has dealt with unsaved changes)."""
        plan = self.session.switch(proposal, version)
        self._replace(plan, self._path)
        self.agreementChanged.emit(self.session)

    def new_proposal(self, name: str, *, copy_of: str | None = None) -> None:
        """Add a proposal copied from the open one (or ``copy_of``) and open it; unsaved edits of
        the open proposal move along with it as unsaved edits of the new one."""
        edits = self._plan if self.is_modified and copy_of is None else None
        plan = self.session.new_proposal(name, copy_of=copy_of)
        self._replace(edits or plan, self._path, modified=edits is not None)
        self.agreementChanged.emit(self.session)

    def reload(self) -> None:
        """Read the agreement again and open the open proposal's latest version (after a conflict)."""
        plan = self.session.reload()
        self._replace(plan, self._path)
        self.agreementChanged.emit(self.session)

    def sign(self, signatory: Signatory) -> Signature:
        """Sign the open proposal's latest version (refused with a ValidationError when it cannot be)."""
        signature = self.session.sign(signatory)
        self.agreementChanged.emit(self.session)
        return signature

    def _set_path(self, path: Path | None) -> None:
        if path != self._path:
            self._path = path
            self.pathChanged.emit(str(path) if path else "")


def saved_as_new_proposal(proposal: str) -> str:
    """What the window says when a save of an agreed (locked) proposal made a new one: what happened
    first, so a narrow status bar still shows it."""
    return f"Saved as a new proposal, {proposal}: the one you edited is agreed and locked."
