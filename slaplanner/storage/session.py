"""An editing session on one agreement: which proposal is open, which version the edits started
from, and saving, switching, branching and signing through the store.

The window holds one :class:`AgreementSession` (plain Python, no Qt) and shows what it says. A
session may have no file yet (a new plan): its agreement then lives in memory until the first
save writes it whole. A session opened from a team database holds its
:class:`~slaplanner.storage.database.DatabaseStore` instead of a path: saving, branching and
signing then go to the database, with the same conflict rule.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from slaplanner.agreement import model
from slaplanner.agreement.model import FIRST_PROPOSAL, Agreement, Signatory, Signature
from slaplanner.errors import PlanFileError, ReadOnlyFileError
from slaplanner.files import is_read_only, made_writable
from slaplanner.imports.actuals import Actuals
from slaplanner.plan.model import Plan
from slaplanner.storage import (
    JSON_SUFFIX,
    author_name,
    file_store,
    open_location,
    save_agreement,
    save_plan,
)
from slaplanner.storage.actuals import load_actuals, save_actuals
from slaplanner.storage.agreements import SqlStore
from slaplanner.storage.location import parse_location

if TYPE_CHECKING:
    from slaplanner.storage.database import DatabaseStore


@dataclass(frozen=True)
class Saved:
    """What a save did: the version written, and the proposal it went to (a new one when the
    proposal edited was agreed and locked: ``branched`` is then True)."""

    proposal: str
    version: int
    branched: bool = False
    path: Path | None = None


class AgreementSession:
    """The agreement being edited: the file, the proposal open and the version edits started from."""

    def __init__(self, plan: Plan | None = None) -> None:
        self.agreement: Agreement = model.new_agreement(plan or Plan())
        self.path: Path | None = None
        self.proposal: str = FIRST_PROPOSAL
        self.base: int = 1  # the version the current edits started from
        self.saved_once = False  # the agreement exists in a file (or was opened from one)
        self.database: DatabaseStore | None = None  # set when opened from a team database

    @property
    def location(self) -> str:
        """Where the agreement is: its file, its team-database location, or "" (not saved yet)."""
        if self.database is not None:
            return self.database.location
        return str(self.path) if self.path is not None else ""

    # -- what is open ---------------------------------------------------------------------------
    @property
    def plan_at_base(self) -> Plan:
        return self.agreement.proposal(self.proposal).version(self.base).plan

    @property
    def status(self) -> str:
        return self.agreement.status(self.proposal)

    @property
    def is_locked(self) -> bool:
        """The open proposal is agreed: changes go to a new proposal based on it."""
        return model.locked_problem(self.agreement, self.proposal) is not None

    @property
    def is_latest(self) -> bool:
        return self.base == self.agreement.proposal(self.proposal).head.number

    @property
    def is_stored(self) -> bool:
        """The agreement lives in a ``.slaplan`` file or a team database (changes go there)."""
        return self._is_store()

    def _is_store(self) -> bool:
        if self.database is not None:
            return True
        return self.path is not None and self.path.suffix.lower() != JSON_SUFFIX and self.path.exists()

    def _store(self) -> SqlStore:
        """The store changes go to: the team database, or the session's ``.slaplan`` file."""
        if self.database is not None:
            return self.database
        assert self.path is not None
        return file_store(self.path)

    # -- actuals ----------------------------------------------------------------------------------
    def load_actuals(self) -> Actuals | None:
        """The actuals kept with the agreement (its file or its team database), or None."""
        if not self._is_store():
            return None
        if self.database is not None:
            return self.database.kept_actuals()
        assert self.path is not None
        return load_actuals(self.path)

    def save_actuals(self, actuals: Actuals | None) -> bool:
        """Keep ``actuals`` with the agreement, replacing earlier ones; False when the agreement
        has no store yet (not saved as a .slaplan file or to a team database)."""
        if not self._is_store():
            return False
        if self.database is not None:
            self.database.keep_actuals(actuals)
        else:
            assert self.path is not None
            save_actuals(self.path, actuals)
        return True

    # -- opening --------------------------------------------------------------------------------
    def open(self, location: str | os.PathLike[str], *, password: str | None = None) -> Plan:
        """Open a location (``FILE[#PROPOSAL[@VERSION]]``, or a team database's
        ``postgresql://...#AGREEMENT[#PROPOSAL[@VERSION]]``, connecting with ``password`` when
        given); returns the plan to edit."""
        where = parse_location(os.fspath(location))
        if where.is_database:
            from slaplanner.storage.database import open_store

            store = open_store(where, password)
            try:
                agreement = store.read()
                proposal, version = agreement.resolve(where.proposal, where.version)
            except BaseException:
                store.close()
                raise
            self.agreement, self.proposal, self.base = agreement, proposal.name, version.number
            self.database, self.path, self.saved_once = store, None, True
            return version.plan
        opened = open_location(location)
        self.agreement = opened.agreement
        self.proposal = opened.proposal.name
        self.base = opened.version.number
        self.path = (parse_location(os.fspath(location)).path or Path(os.fspath(location))).resolve()
        self.saved_once = True
        return opened.plan

    def reset(self, plan: Plan) -> None:
        """A new, unsaved agreement holding ``plan``."""
        self.__init__(plan)  # type: ignore[misc]

    def reload(self) -> Plan:
        """Read the file again (after someone else saved) and open the open proposal's latest version."""
        if self._is_store():
            self.agreement = self._store().read()
        p = self.agreement.proposal(self.proposal)
        self.base = p.head.number
        return p.head.plan

    # -- saving ---------------------------------------------------------------------------------
    def _unique_name(self, wanted: str) -> str:
        names = {p.name.casefold() for p in self.agreement.proposals}
        if wanted.casefold() not in names:
            return wanted
        n = 2
        while f"{wanted} {n}".casefold() in names:
            n += 1
        return f"{wanted} {n}"

    def save(
        self,
        plan: Plan,
        path: str | os.PathLike[str] | None = None,
        *,
        comment: str = "",
        overwrite_read_only: bool = False,
    ) -> Saved:
        """Save ``plan`` as the next version of the open proposal, started from :attr:`base`.

        Into the session's own ``.slaplan`` file a version is appended in one transaction (a
        conflict raises :class:`ValidationError` kind ``conflict`` and nothing is written). To a
        new file (Save As), the whole agreement is written with ``plan`` as the next version. An
        agreed proposal is never changed: the plan goes to a new proposal based on it. A
        read-only file is refused (:class:`ReadOnlyFileError`) unless ``overwrite_read_only``.
        """
        if path is None and self.database is not None:
            return self._save_to_database(self.database, plan, comment)
        target = Path(path) if path is not None else self.path
        if target is None:
            raise PlanFileError("the plan has no file yet; give a path")
        author = author_name()
        branched = False
        proposal = self.proposal
        if self.is_locked and plan != self.plan_at_base:
            proposal = self._unique_name(f"{self.proposal} (amendment)")
            branched = True
        same_file = self.path is not None and target.resolve() == self.path and self._is_store()
        if target.exists() and not overwrite_read_only and is_read_only(target):
            raise ReadOnlyFileError(f"{target}: the file is read-only; it was not changed")
        if same_file and target.suffix.lower() != JSON_SUFFIX:
            with made_writable(target.resolve()):
                self._append(target, plan, proposal, branched, author, comment)
        else:
            self._write_whole(target, plan, proposal, branched, author, comment, overwrite_read_only)
            if self.database is not None:  # Save As from a team database: the session goes on in the file
                self.database.close()
                self.database = None
        self.proposal = proposal
        self.base = self.agreement.proposal(proposal).head.number
        self.path = target.resolve()
        self.saved_once = True
        return Saved(proposal, self.base, branched, self.path)

    def _save_to_database(self, store: DatabaseStore, plan: Plan, comment: str) -> Saved:
        """Into the team database: as into the session's own file, one transaction per change."""
        branched = self.is_locked and plan != self.plan_at_base
        proposal = self._unique_name(f"{self.proposal} (amendment)") if branched else self.proposal
        self._append(store, plan, proposal, branched, author_name(), comment)
        self.proposal = proposal
        self.base = self.agreement.proposal(proposal).head.number
        return Saved(proposal, self.base, branched, None)

    def _append(
        self, target: Path | SqlStore, plan: Plan, proposal: str, branched: bool, author: str, comment: str
    ) -> None:
        """Into the session's own file (or team database): one transaction per change,
        compare-and-swap on the head."""
        store = target if isinstance(target, SqlStore) else file_store(target)
        if branched:
            store.add_proposal(proposal, copy_of=self.proposal, version=self.base, author=author)
            self.agreement = store.save_version(proposal, plan, parent=1, author=author, comment=comment)
        elif plan != self.plan_at_base or not self.is_latest:
            self.agreement = store.save_version(proposal, plan, parent=self.base, author=author, comment=comment)
        else:
            self.agreement = store.read()

    def _write_whole(
        self, target: Path, plan: Plan, proposal: str, branched: bool, author: str, comment: str, overwrite: bool
    ) -> None:
        """Save As: the whole agreement, with ``plan`` as the next version, to a new file."""
        agreement = self.agreement
        if branched:
            agreement = model.add_proposal(agreement, proposal, copy_of=self.proposal, version=self.base)
            agreement = model.add_version(agreement, proposal, plan, parent=1, author=author, comment=comment)
        elif plan != self.plan_at_base:
            agreement = model.add_version(agreement, proposal, plan, parent=self.base, author=author, comment=comment)
        if target.suffix.lower() == JSON_SUFFIX and len(agreement.proposals) == 1 and not agreement.signatures:
            save_plan(plan, target, overwrite_read_only=overwrite)
        else:
            save_agreement(agreement, target, overwrite_read_only=overwrite)
        self.agreement = agreement

    # -- proposals --------------------------------------------------------------------------------
    def switch(self, proposal: str, version: int | None = None) -> Plan:
        """Open another proposal (its latest version, or ``version``)."""
        p, v = self.agreement.resolve(proposal, version)
        self.proposal, self.base = p.name, v.number
        return v.plan

    def new_proposal(self, name: str, *, copy_of: str | None = None, version: int | None = None) -> Plan:
        """A new proposal starting as a copy of another's version (default: the open proposal's
        version the edits started from); it becomes the open proposal."""
        source = copy_of or self.proposal
        at = version if version is not None else (self.base if copy_of is None else None)
        if self._is_store():
            self.agreement = self._store().add_proposal(name, copy_of=source, version=at, author=author_name())
        else:
            self.agreement = model.add_proposal(self.agreement, name, copy_of=source, version=at, author=author_name())
        return self.switch(self.agreement.proposals[-1].name)

    def sign(self, signatory: Signatory) -> Signature:
        """Sign the open proposal's latest version (saved in the file at once)."""
        if not self._is_store():
            raise PlanFileError("save the agreement as a .slaplan file before signing it")
        store = self._store()
        signature = store.sign(self.proposal, signatory)
        self.agreement = store.read()
        return signature
