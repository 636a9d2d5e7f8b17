"""The plan file's tables (SQLAlchemy 2 ORM). Portable SQL: SQLite now, PostgreSQL later.

The core of the plan is stored in tables of its own; the parts later capabilities own
(definitions, engagement, team, commitments) are stored as one JSON document each in
``plan_section``, in the same form as the JSON interchange format.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class MetaRow(Base):
    """Key/value facts about the file: which application wrote it, with which version."""

    __tablename__ = "slaplanner_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PlanRow(Base):
    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(String(3))
    start_month: Mapped[str] = mapped_column(String(7))
    horizon_months: Mapped[int] = mapped_column(Integer)
    average_deal_size: Mapped[float] = mapped_column(Float)
    sales_cycle_days: Mapped[float] = mapped_column(Float)
    marketing_share: Mapped[float] = mapped_column(Float)
    has_revenue_target: Mapped[int] = mapped_column(Integer, default=0)

    stages: Mapped[list[StageRow]] = relationship(order_by="StageRow.position", cascade="all, delete-orphan")
    sources: Mapped[list[SourceRow]] = relationship(order_by="SourceRow.position", cascade="all, delete-orphan")
    targets: Mapped[list[TargetRow]] = relationship(order_by="TargetRow.month_index", cascade="all, delete-orphan")
    sections: Mapped[list[SectionRow]] = relationship(cascade="all, delete-orphan")


class StageRow(Base):
    __tablename__ = "stage"
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class SourceRow(Base):
    __tablename__ = "lead_source"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    segment: Mapped[str] = mapped_column(String(80))
    channel: Mapped[str] = mapped_column(String(80))
    volume_mode: Mapped[str] = mapped_column(String(16))
    baseline: Mapped[float] = mapped_column(Float)
    growth: Mapped[float] = mapped_column(Float)

    months: Mapped[list[SourceMonthRow]] = relationship(
        order_by="SourceMonthRow.month_index", cascade="all, delete-orphan"
    )
    seasonality: Mapped[list[SeasonalityRow]] = relationship(
        order_by="SeasonalityRow.month_of_year", cascade="all, delete-orphan"
    )
    rates: Mapped[list[RateRow]] = relationship(order_by="RateRow.transition", cascade="all, delete-orphan")


class SourceMonthRow(Base):
    __tablename__ = "source_month"
    source_id: Mapped[int] = mapped_column(ForeignKey("lead_source.id", ondelete="CASCADE"), primary_key=True)
    month_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    leads: Mapped[float] = mapped_column(Float)


class SeasonalityRow(Base):
    __tablename__ = "source_seasonality"
    source_id: Mapped[int] = mapped_column(ForeignKey("lead_source.id", ondelete="CASCADE"), primary_key=True)
    month_of_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    factor: Mapped[float] = mapped_column(Float)


class RateRow(Base):
    __tablename__ = "conversion_rate"
    source_id: Mapped[int] = mapped_column(ForeignKey("lead_source.id", ondelete="CASCADE"), primary_key=True)
    transition: Mapped[int] = mapped_column(Integer, primary_key=True)
    low: Mapped[float] = mapped_column(Float)
    likely: Mapped[float] = mapped_column(Float)
    high: Mapped[float] = mapped_column(Float)


class TargetRow(Base):
    __tablename__ = "revenue_target"
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True)
    month_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[float] = mapped_column(Float)


class SectionRow(Base):
    __tablename__ = "plan_section"
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    data: Mapped[Any] = mapped_column(JSON)
