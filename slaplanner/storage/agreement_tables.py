"""The agreement's tables (schema 0002): agreement, signatory, proposal, plan_version, signature.

A version's content is the plan's canonical JSON (:mod:`slaplanner.agreement.canonical`); its
fingerprint is that text's SHA-256. Versions and signatures are append-only: the triggers made
by :func:`create_immutability_triggers` refuse every UPDATE and DELETE of them, in SQLite and in
PostgreSQL, so not even a hand-written statement changes a signed version.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, MetaData, String, Text, UniqueConstraint, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from slaplanner.storage.orm import Base

IMMUTABLE_TABLES = ("plan_version", "signature")


class AgreementRow(Base):
    __tablename__ = "agreement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[str] = mapped_column(String(40))


class SignatoryRow(Base):
    __tablename__ = "signatory"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    side: Mapped[str] = mapped_column(String(16))


class ProposalRow(Base):
    __tablename__ = "proposal"
    __table_args__ = (UniqueConstraint("agreement_id", "name_key", name="uq_proposal_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    based_on_proposal: Mapped[str | None] = mapped_column(String(80), nullable=True)
    based_on_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    head: Mapped[int] = mapped_column(Integer)


class VersionRow(Base):
    __tablename__ = "plan_version"
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[str] = mapped_column(String(40))
    author: Mapped[str] = mapped_column(String(120))
    comment: Mapped[str] = mapped_column(Text)


class SignatureRow(Base):
    __tablename__ = "signature"
    __table_args__ = (UniqueConstraint("proposal_id", "version", "side", name="uq_signature_side"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    side: Mapped[str] = mapped_column(String(16))
    signed_at: Mapped[str] = mapped_column(String(40))


class ActualsImportRow(Base):
    """The last actuals imported for a review (schema 0003): where they came from and the leads
    as compact JSON columns (:mod:`slaplanner.storage.actuals`). Importing again replaces the row."""

    __tablename__ = "actuals_import"
    __table_args__ = (UniqueConstraint("agreement_id", name="uq_actuals_agreement"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(260))
    imported_at: Mapped[str] = mapped_column(String(40))
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_rejected: Mapped[int] = mapped_column(Integer)
    time_zone: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)


AGREEMENT_TABLES = ("agreement", "signatory", "proposal", "plan_version", "signature", "actuals_import")


def current_metadata() -> MetaData:
    """The tables of today's file format (the first format's plan tables are only read, for migrating)."""
    metadata = MetaData()
    for name in ("slaplanner_meta", *AGREEMENT_TABLES):
        Base.metadata.tables[name].to_metadata(metadata)
    return metadata


def create_immutability_triggers(connection: Connection) -> None:
    """Triggers that refuse UPDATE and DELETE of versions and signatures (SQLite or PostgreSQL)."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(
            text(
                "CREATE OR REPLACE FUNCTION slaplanner_append_only() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'SLA Planner: % rows are never changed or deleted (saved versions and "
                "signatures are immutable)', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
            )
        )
        for table in IMMUTABLE_TABLES:
            connection.execute(
                text(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION slaplanner_append_only()"
                )
            )
        return
    for table in IMMUTABLE_TABLES:
        for action in ("UPDATE", "DELETE"):
            connection.execute(
                text(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'SLA Planner: {table} rows are never changed or deleted "
                    "(saved versions and signatures are immutable)'); END"
                )
            )
