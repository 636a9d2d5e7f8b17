"""Reading the first file format (schema 0001: one plan in normalised tables).

Files of that format are carried forward by migration 0002, which reads their one plan here
and stores it as version 1 of an agreement. Nothing writes this format any more.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from slaplanner.errors import PlanFileError, ValidationError
from slaplanner.plan.model import SECTIONS, CommercialTerms, LeadSource, Plan, RateRange
from slaplanner.storage.orm import PlanRow, SourceRow


def read_legacy_plan(session: Session) -> Plan:
    """The one plan of a schema-0001 file."""
    rows = session.scalars(
        select(PlanRow).options(
            selectinload(PlanRow.stages),
            selectinload(PlanRow.targets),
            selectinload(PlanRow.sections),
            selectinload(PlanRow.sources).selectinload(SourceRow.months),
            selectinload(PlanRow.sources).selectinload(SourceRow.seasonality),
            selectinload(PlanRow.sources).selectinload(SourceRow.rates),
        )
    ).all()
    if len(rows) != 1:
        raise PlanFileError(f"the plan file holds {len(rows)} plans; expected exactly one")
    return plan_from_row(rows[0])


def plan_from_row(row: PlanRow) -> Plan:
    sources = []
    for i, s in enumerate(row.sources):
        try:
            sources.append(
                LeadSource(
                    name=s.name,
                    segment=s.segment,
                    channel=s.channel,
                    volume_mode=s.volume_mode,
                    monthly_leads=tuple(m.leads for m in s.months),
                    baseline=s.baseline,
                    seasonality=tuple(x.factor for x in s.seasonality),
                    growth=s.growth,
                    conversion=tuple(RateRange(r.low, r.likely, r.high) for r in s.rates),
                )
            )
        except ValidationError as error:
            raise error.prefixed(f"sources[{i}].") from None
    sections: dict[str, Any] = {}
    for sec in row.sections:
        if sec.name in SECTIONS:
            try:
                sections[sec.name] = SECTIONS[sec.name].from_dict(sec.data)
            except ValidationError as error:
                raise error.prefixed(f"{sec.name}.") from None
    try:
        terms = CommercialTerms(
            average_deal_size=row.average_deal_size,
            sales_cycle_days=row.sales_cycle_days,
            revenue_target=tuple(t.amount for t in row.targets) if row.has_revenue_target else (),
            marketing_share=row.marketing_share,
        )
    except ValidationError as error:
        raise error.prefixed("terms.") from None
    return Plan(
        name=row.name,
        currency=row.currency,
        start_month=row.start_month,
        horizon_months=row.horizon_months,
        stages=tuple(s.name for s in row.stages),
        sources=tuple(sources),
        terms=terms,
        **sections,
    )
