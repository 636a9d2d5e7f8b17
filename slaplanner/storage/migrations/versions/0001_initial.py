"""The first plan-file schema.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slaplanner_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("start_month", sa.String(7), nullable=False),
        sa.Column("horizon_months", sa.Integer(), nullable=False),
        sa.Column("average_deal_size", sa.Float(), nullable=False),
        sa.Column("sales_cycle_days", sa.Float(), nullable=False),
        sa.Column("marketing_share", sa.Float(), nullable=False),
        sa.Column("has_revenue_target", sa.Integer(), nullable=False),
    )
    op.create_table(
        "stage",
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
    )
    op.create_table(
        "lead_source",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plan.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("segment", sa.String(80), nullable=False),
        sa.Column("channel", sa.String(80), nullable=False),
        sa.Column("volume_mode", sa.String(16), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=False),
        sa.Column("growth", sa.Float(), nullable=False),
    )
    op.create_index("ix_lead_source_plan_id", "lead_source", ["plan_id"])
    op.create_table(
        "source_month",
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("lead_source.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("month_index", sa.Integer(), primary_key=True),
        sa.Column("leads", sa.Float(), nullable=False),
    )
    op.create_table(
        "source_seasonality",
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("lead_source.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("month_of_year", sa.Integer(), primary_key=True),
        sa.Column("factor", sa.Float(), nullable=False),
    )
    op.create_table(
        "conversion_rate",
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("lead_source.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("transition", sa.Integer(), primary_key=True),
        sa.Column("low", sa.Float(), nullable=False),
        sa.Column("likely", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=False),
    )
    op.create_table(
        "revenue_target",
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("month_index", sa.Integer(), primary_key=True),
        sa.Column("amount", sa.Float(), nullable=False),
    )
    op.create_table(
        "plan_section",
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "plan_section",
        "revenue_target",
        "conversion_rate",
        "source_seasonality",
        "source_month",
        "lead_source",
        "stage",
        "plan",
        "slaplanner_meta",
    ):
        op.drop_table(table)
