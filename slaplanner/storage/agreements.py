"""The agreement store: read an agreement, append a version, add a proposal, sign.

One small interface (:class:`AgreementStore`) over SQLAlchemy, so a file (SQLite) and a shared
PostgreSQL database store the same way. Every change is one transaction that appends rows and
moves a proposal's *head* by compare-and-swap::

    UPDATE proposal SET head = :new WHERE id = :id AND head = :parent

When no row changes, someone else saved first: the save is refused (``conflict``) and nothing is
written. The checks that decide what is allowed (locked agreed proposals, who may sign what) are
the agreement model's (:mod:`slaplanner.agreement.model`); the store only writes what it allows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from slaplanner.agreement import model
from slaplanner.agreement.canonical import content_json
from slaplanner.agreement.model import Agreement, Proposal, Signatory, Signature, Version
from slaplanner.errors import PlanFileError, Problem, ValidationError
from slaplanner.plan.model import Plan
from slaplanner.storage.agreement_tables import (
    AgreementRow,
    ProposalRow,
    SignatoryRow,
    SignatureRow,
    VersionRow,
)


@dataclass(frozen=True)
class AgreementInfo:
    """One line of a list of agreements: name, status of each proposal, last change and who made it."""

    id: int
    name: str
    status: str  # "agreed" when any proposal is agreed, else "draft"
    proposals: int
    last_saved_at: str
    last_author: str


class AgreementStore(Protocol):
    """What every store offers (a plan file, a team database)."""

    def read(self) -> Agreement: ...

    def save_version(self, proposal: str, plan: Plan, *, parent: int, author: str, comment: str = "") -> Agreement: ...

    def add_proposal(
        self, name: str, *, copy_of: str | None = None, version: int | None = None, author: str = ""
    ) -> Agreement: ...

    def sign(self, proposal: str, signatory: Signatory, *, version: int | None = None) -> Signature: ...


# -- reading ------------------------------------------------------------------------------------
def _plan_of(content: str, where: str) -> Plan:
    try:
        data = json.loads(content)
    except RecursionError:
        raise PlanFileError(f"the plan file is damaged ({where} is nested too deeply)") from None
    except ValueError as error:
        raise PlanFileError(f"the plan file is damaged ({where} is not valid JSON: {error})") from None
    try:
        return Plan.from_dict(data)
    except ValidationError as error:
        raise error.prefixed(f"{where}: ") from None


def read_agreement(conn: Connection, agreement_id: int | None = None) -> Agreement:
    """The agreement stored in ``conn`` (the only one of a file; ``agreement_id`` in a database)."""
    with Session(bind=conn) as session:
        query = select(AgreementRow).order_by(AgreementRow.id).limit(1)
        if agreement_id is not None:
            query = query.where(AgreementRow.id == agreement_id)
        rows = session.scalars(query).all()
        if not rows:
            raise PlanFileError("no agreement is stored here")
        row = rows[0]
        proposals = []
        for p in session.scalars(
            select(ProposalRow).where(ProposalRow.agreement_id == row.id).order_by(ProposalRow.position)
        ):
            versions = []
            for v in session.scalars(
                select(VersionRow).where(VersionRow.proposal_id == p.id).order_by(VersionRow.number)
            ):
                if v.number > p.head:
                    continue  # written by a save whose head move never committed: not part of history
                plan = _plan_of(v.content, f"{p.name} version {v.number}")
                versions.append(Version(v.number, plan, v.fingerprint, v.saved_at, v.author, v.comment))
            based_on = (
                (p.based_on_proposal, p.based_on_version)
                if p.based_on_proposal is not None and p.based_on_version is not None
                else None
            )
            proposals.append(Proposal(p.name, tuple(versions), based_on))
        names = {p.id: p.name for p in session.scalars(select(ProposalRow).where(ProposalRow.agreement_id == row.id))}
        signatures = tuple(
            Signature(names[s.proposal_id], s.version, s.fingerprint, s.name, s.side, s.signed_at, s.title)
            for s in session.scalars(
                select(SignatureRow).where(SignatureRow.proposal_id.in_(list(names))).order_by(SignatureRow.id)
            )
        )
        signatories = tuple(
            Signatory(s.name, s.side, s.title)
            for s in session.scalars(
                select(SignatoryRow).where(SignatoryRow.agreement_id == row.id).order_by(SignatoryRow.position)
            )
        )
    return Agreement(row.name, tuple(proposals), signatories, signatures)


# -- writing -------------------------------------------------------------------------------------
def insert_agreement(conn: Connection, agreement: Agreement) -> int:
    """Write a whole agreement (a new file, or a copy into a database); returns its id."""
    with Session(bind=conn) as session:
        row = AgreementRow(name=agreement.name, created_at=model.now_utc())
        session.add(row)
        session.flush()
        ids: dict[str, int] = {}
        for i, p in enumerate(agreement.proposals):
            prow = ProposalRow(
                agreement_id=row.id,
                position=i,
                name=p.name,
                name_key=p.name.casefold(),
                based_on_proposal=p.based_on[0] if p.based_on else None,
                based_on_version=p.based_on[1] if p.based_on else None,
                head=p.head.number,
            )
            session.add(prow)
            session.flush()
            ids[p.name.casefold()] = prow.id
            for v in p.versions:
                session.add(_version_row(prow.id, v))
        for i, s in enumerate(agreement.signatories):
            session.add(SignatoryRow(agreement_id=row.id, position=i, name=s.name, title=s.title, side=s.side))
        for sig in agreement.signatures:
            session.add(_signature_row(ids[sig.proposal.casefold()], sig))
        session.flush()
        agreement_id = row.id
        session.commit()
    return agreement_id


def _version_row(proposal_id: int, v: Version) -> VersionRow:
    return VersionRow(
        proposal_id=proposal_id,
        number=v.number,
        fingerprint=v.fingerprint,  # as recorded when saved: a changed content keeps showing it no longer matches
        content=content_json(v.plan),
        saved_at=v.saved_at,
        author=v.author,
        comment=v.comment,
    )


def _signature_row(proposal_id: int, s: Signature) -> SignatureRow:
    return SignatureRow(
        proposal_id=proposal_id,
        version=s.version,
        fingerprint=s.fingerprint,
        name=s.name,
        title=s.title,
        side=s.side,
        signed_at=s.signed_at,
    )


def _proposal_row(session: Session, agreement_id: int, name: str) -> ProposalRow:
    row = session.scalars(
        select(ProposalRow).where(ProposalRow.agreement_id == agreement_id, ProposalRow.name_key == name.casefold())
    ).first()
    if row is None:
        raise ValidationError([Problem("proposal", name, "allowed: one of this agreement's proposals")])
    return row


class SqlStore:
    """An :class:`AgreementStore` over one SQLAlchemy engine: the agreement ``agreement_id``
    (a plan file holds one; a team database several)."""

    def __init__(self, engine: Engine, agreement_id: int = 1):
        self.engine = engine
        self.agreement_id = agreement_id

    def _transaction(self) -> Connection:
        return self.engine.connect()

    def read(self) -> Agreement:
        with self.engine.connect() as conn:
            return read_agreement(conn, self.agreement_id)

    def save_version(self, proposal: str, plan: Plan, *, parent: int, author: str, comment: str = "") -> Agreement:
        """Append ``plan`` as the next version of ``proposal``, started from version ``parent``."""
        with self._transaction() as conn, conn.begin():
            with Session(bind=conn) as session:
                row = _proposal_row(session, self.agreement_id, proposal)
                proposal_id = row.id
            moved = conn.execute(
                update(ProposalRow)
                .where(ProposalRow.id == proposal_id, ProposalRow.head == parent)
                .values(head=parent + 1)
            ).rowcount
            current = read_agreement(conn, self.agreement_id)
            if moved != 1:
                # the model words the refusal: who saved which version, and when
                model.add_version(current, proposal, plan, parent=parent, author=author, comment=comment)
                raise ValidationError(
                    [Problem("proposal", proposal, "allowed: saving on top of the latest version", "conflict")]
                )
            after = model.add_version(current, proposal, plan, parent=parent, author=author, comment=comment)
            version = after.proposal(proposal).head
            with Session(bind=conn) as session:
                session.add(_version_row(proposal_id, version))
                session.flush()
            return after

    def add_proposal(
        self, name: str, *, copy_of: str | None = None, version: int | None = None, author: str = ""
    ) -> Agreement:
        with self._transaction() as conn, conn.begin():
            current = read_agreement(conn, self.agreement_id)
            after = model.add_proposal(current, name, copy_of=copy_of, version=version, author=author)
            new = after.proposals[-1]
            with Session(bind=conn) as session:
                position = len(current.proposals)
                prow = ProposalRow(
                    agreement_id=self.agreement_id,
                    position=position,
                    name=new.name,
                    name_key=new.name.casefold(),
                    based_on_proposal=new.based_on[0] if new.based_on else None,
                    based_on_version=new.based_on[1] if new.based_on else None,
                    head=1,
                )
                session.add(prow)
                session.flush()
                session.add(_version_row(prow.id, new.head))
                session.flush()
            return after

    def sign(self, proposal: str, signatory: Signatory, *, version: int | None = None) -> Signature:
        with self._transaction() as conn, conn.begin():
            current = read_agreement(conn, self.agreement_id)
            after, signature = model.sign(current, proposal, signatory, version=version)
            with Session(bind=conn) as session:
                row = _proposal_row(session, self.agreement_id, proposal)
                session.add(_signature_row(row.id, signature))
                if after.signatories != current.signatories:
                    # the signatory list as the model made it (a new signatory, or a declared one's new title)
                    conn.execute(text("DELETE FROM signatory WHERE agreement_id = :a"), {"a": self.agreement_id})
                    for i, s in enumerate(after.signatories):
                        session.add(
                            SignatoryRow(
                                agreement_id=self.agreement_id, position=i, name=s.name, title=s.title, side=s.side
                            )
                        )
                session.flush()
            return signature


def list_agreements(conn: Connection) -> list[AgreementInfo]:
    """Every agreement stored, with its status and last change (one query each, for large lists)."""
    out: list[AgreementInfo] = []
    rows = conn.execute(
        text(
            "SELECT a.id, a.name, count(DISTINCT p.id), max(v.saved_at) "
            "FROM agreement a LEFT JOIN proposal p ON p.agreement_id = a.id "
            "LEFT JOIN plan_version v ON v.proposal_id = p.id AND v.number <= p.head "
            "GROUP BY a.id, a.name ORDER BY a.name"
        )
    ).all()
    authors = {
        row[0]: row[1]
        for row in conn.execute(
            text(
                "SELECT p.agreement_id, v.author FROM plan_version v JOIN proposal p ON p.id = v.proposal_id "
                "WHERE v.number <= p.head ORDER BY v.saved_at"
            )
        )
    }
    agreed = {
        row[0]
        for row in conn.execute(
            text(
                "SELECT p.agreement_id FROM proposal p "
                "JOIN plan_version v ON v.proposal_id = p.id AND v.number = p.head "
                "JOIN signature s ON s.proposal_id = p.id AND s.version = p.head AND s.fingerprint = v.fingerprint "
                "GROUP BY p.agreement_id, p.id HAVING count(DISTINCT s.side) = 2"
            )
        )
    }
    for agreement_id, name, proposals, last in rows:
        out.append(
            AgreementInfo(
                agreement_id,
                name,
                "agreed" if agreement_id in agreed else "draft",
                int(proposals or 0),
                last or "",
                authors.get(agreement_id, ""),
            )
        )
    return out
