"""Agreements: proposals with immutable versions, signatories and signatures.

The one plan of a schema-0001 file becomes version 1 of the proposal "Plan" of an agreement
named after the plan; the plan's old tables are then dropped (their content lives on, exactly,
as the version's JSON; its fingerprint is the SHA-256 of the plan's canonical JSON).

Versions and signatures are append-only: triggers refuse every UPDATE and DELETE of them.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LEGACY_TABLES = (
    "plan_section",
    "revenue_target",
    "conversion_rate",
    "source_seasonality",
    "source_month",
    "lead_source",
    "stage",
    "plan",
)


def upgrade() -> None:
    from slaplanner.storage.agreement_tables import create_immutability_triggers

    op.create_table(
        "agreement",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "signatory",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agreement_id", sa.Integer(), sa.ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("side", sa.String(16), nullable=False),
    )
    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agreement_id", sa.Integer(), sa.ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("name_key", sa.String(80), nullable=False),
        sa.Column("based_on_proposal", sa.String(80), nullable=True),
        sa.Column("based_on_version", sa.Integer(), nullable=True),
        sa.Column("head", sa.Integer(), nullable=False),
        sa.UniqueConstraint("agreement_id", "name_key", name="uq_proposal_name"),
    )
    op.create_table(
        "plan_version",
        sa.Column("proposal_id", sa.Integer(), sa.ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.String(40), nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
    )
    op.create_table(
        "signature",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("proposal_id", sa.Integer(), sa.ForeignKey("proposal.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("side", sa.String(16), nullable=False),
        sa.Column("signed_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("proposal_id", "version", "side", name="uq_signature_side"),
    )
    bind = op.get_bind()
    if sa.inspect(bind).has_table("plan"):
        if bind.execute(sa.text("SELECT count(*) FROM plan")).scalar():
            _carry_the_plan_forward(bind)
        for table in LEGACY_TABLES:
            op.drop_table(table)
    create_immutability_triggers(bind)
    if bind.dialect.name == "postgresql":
        # A team database holds many agreements: names are unique (without case) and lists stay quick.
        op.execute("CREATE UNIQUE INDEX uq_agreement_name ON agreement (lower(name))")
        op.create_index("ix_proposal_agreement", "proposal", ["agreement_id"])
        op.create_index("ix_signature_proposal", "signature", ["proposal_id"])


def _carry_the_plan_forward(bind: sa.engine.Connection) -> None:
    from sqlalchemy.orm import Session

    from slaplanner.agreement.canonical import content_json, fingerprint
    from slaplanner.agreement.model import FIRST_PROPOSAL, now_utc
    from slaplanner.storage.legacy import read_legacy_plan

    with Session(bind=bind) as session:
        plan = read_legacy_plan(session)
    content = content_json(plan)
    stamp = now_utc()
    insert = sa.text("INSERT INTO agreement (id, name, created_at) VALUES (1, :n, :t)")
    bind.execute(insert, {"n": plan.name, "t": stamp})
    bind.execute(
        sa.text(
            "INSERT INTO proposal (id, agreement_id, position, name, name_key, head) VALUES (1, 1, 0, :n, :k, 1)"
        ),
        {"n": FIRST_PROPOSAL, "k": FIRST_PROPOSAL.casefold()},
    )
    bind.execute(
        sa.text(
            "INSERT INTO plan_version (proposal_id, number, fingerprint, content, saved_at, author, comment) "
            "VALUES (1, 1, :f, :c, :t, '', 'Carried forward from the earlier file format')"
        ),
        {"f": fingerprint(plan), "c": content, "t": stamp},
    )


def downgrade() -> None:
    raise NotImplementedError("plan files are only migrated forward")
