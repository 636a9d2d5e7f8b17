"""Next quarter's proposal from the actuals: rates from observed counts, volumes with seasonality."""

from __future__ import annotations

import json

import pytest

from slaplanner.engine.next_quarter import propose_next_quarter
from slaplanner.engine.review import review
from slaplanner.imports.actuals import build_actuals
from slaplanner.plan.model import Plan, RateRange
from slaplanner.samples import sample_plan_text


def _actuals():
    """120 Partner referrals leads, 40 created in each of Jan, Feb, Mar 2026; of each 40, 20 became
    MQL (10th of the month), 10 of those SQL (12th), 5 of those an opportunity (20th)."""
    records = []
    for month in ("01", "02", "03"):
        for i in range(40):
            r = {"created_at": f"2026-{month}-02", "source": "Partner referrals", "segment": "Enterprise"}
            day = f"2026-{month}"
            r["became_mql_at"] = _at(f"{day}-10") if i < 20 else None
            r["became_sql_at"] = _at(f"{day}-12") if i < 10 else None
            r["opportunity_at"] = _at(f"{day}-20") if i < 5 else None
            r["won_at"] = None
            records.append(r)
    return build_actuals(records, time_zone="America/New_York")


def _at(day: str) -> float:
    from datetime import datetime, timezone

    from slaplanner.imports.actuals import minutes_of

    return minutes_of(datetime.fromisoformat(day + "T15:00:00").replace(tzinfo=timezone.utc))


def test_rates_and_baseline_from_the_actuals():
    """Lead to MQL: 60 of 120 = 50 %; Wilson 90 % (z = 1.6449, z^2 = 2.7057): centre 0.5, half-width
    1.6449 * sqrt(0.25/120 + 2.7057/57600) / (1 + 2.7057/120) = 0.074248 -> 0.4258-0.5742.
    SQL to Opportunity: 15 of 30 = 50 %; half-width 1.6449 * sqrt(0.25/30 + 2.7057/3600) /
    (1 + 2.7057/30) = 0.143813 -> 0.3562-0.6438. MQL to SAL and SAL to SQL are kept (no SAL date).
    Baseline: Partner referrals' seasonality is 1 and growth 3 %: 120 / (1 + 1.03 + 1.03^2) =
    120 / 3.0909 = 38.8; April (growth step 3) = 38.8 * 1.03^3 = 42.4."""
    plan = Plan.from_dict(json.loads(sample_plan_text()))
    actuals = _actuals()
    nq = propose_next_quarter(plan, review(plan, actuals), actuals)
    assert nq.months == ("2026-04", "2026-05", "2026-06")
    old = plan.source_named("Partner referrals")
    new = nq.plan.source_named("Partner referrals")
    assert new.conversion[0] == RateRange(0.4258, 0.5, 0.5742)
    assert new.conversion[1] == old.conversion[1] and new.conversion[2] == old.conversion[2]
    assert new.conversion[3] == RateRange(0.3562, 0.5, 0.6438)
    assert new.conversion[4] == old.conversion[4]
    assert new.baseline == 38.8
    assert new.leads(plan.months)[3] == pytest.approx(38.8 * 1.03**3)
    assert nq.plan.source_named("Organic search") == plan.source_named("Organic search")
    assert any("Organic search: no leads" in r for r in nq.reasons)
    assert any("no date for SAL" in r for r in nq.reasons)
