"""Actuals: the last lead export imported for a review, kept in the plan file.

One row per agreement: the file's name, when it was imported, the rows read and rejected, the
time zone local times were taken in, the column mapping (JSON) and the leads (JSON columns).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actuals_import",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agreement_id", sa.Integer(), sa.ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False),
        sa.Column("file_name", sa.String(260), nullable=False),
        sa.Column("imported_at", sa.String(40), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.UniqueConstraint("agreement_id", name="uq_actuals_agreement"),
    )


def downgrade() -> None:
    raise NotImplementedError("plan files are only migrated forward")
