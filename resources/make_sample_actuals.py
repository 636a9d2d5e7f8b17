"""Generate ``slaplanner/resources/sample-actuals.csv``: last quarter's actuals for the sample plan.

Run ``python resources/make_sample_actuals.py`` from the repository root; the output is the same
for the same seed. What it holds (a HubSpot-like export, Q1 2026 = the sample plan's first
quarter):

* the leads of the plan's seven sources created January to March 2026 (the plan's likely
  volumes with Poisson noise), each with its segment (a few left blank: the review takes the
  source's segment), the dates it became MQL, SQL, opportunity and customer, following the
  plan's likely rates (SMB a little short, so one commitment is missed);
* for each SQL: its tier (Hot a quarter, Warm the rest), the first sales touch (a wait drawn in
  business minutes of the SDR calendar, so Hot misses its 80 % within 5 minutes and Warm meets
  its 90 % within 4 hours; a few never touched), the number of sales activities, accepted or
  rejected with a reason, the owner, and the amount of a won deal;
* times as the portal writes them: local (New York) without an offset, except the first
  outreach, which is in UTC with ``Z``;
* messy rows on purpose: two without a create date (rejected), one with more cells than the
  header (rejected), an unreadable SQL date and a touch count that is not a number (warnings),
  and an owner cell that looks like a formula (kept as text).
"""

from __future__ import annotations

import csv
import json
import sys
import zoneinfo
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "slaplanner" / "resources"
sys.path.insert(0, str(ROOT))

from slaplanner.engine.business_time import WorkingLine  # noqa: E402
from slaplanner.plan.model import Plan  # noqa: E402

SEED = 20260405
MONTHS = ("2026-01", "2026-02", "2026-03")
TZ = zoneinfo.ZoneInfo("America/New_York")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
#: How each segment's leads convert compared with the plan's likely rates (SMB falls short).
SEGMENT_FACTOR = {"Mid-Market": 1.06, "SMB": 0.9, "Enterprise": 1.02}
OWNERS = ("Ana Silva", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eli Cohen")
REASONS = ("not_icp", "no_budget", "duplicate", "student")

HEADERS = [
    "Record ID",
    "Create Date",
    "Original Source",
    "Segment",
    "Lead Tier",
    "Became a Marketing Qualified Lead Date",
    "Became a Sales Qualified Lead Date",
    "First Outreach Date",
    "Number of Sales Activities",
    "Accepted Date",
    "Rejected Date",
    "Reject Reason",
    "Became an Opportunity Date",
    "Became a Customer Date",
    "Amount",
    "Contact Owner",
]


def local_text(minutes: float) -> str:
    return (EPOCH + timedelta(minutes=float(minutes))).astimezone(TZ).strftime("%Y-%m-%d %H:%M")


def utc_text(minutes: float) -> str:
    return (EPOCH + timedelta(minutes=float(minutes))).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_business(line: WorkingLine, start: float, minutes: float) -> float:
    """The moment ``minutes`` working minutes after ``start``."""
    position = float(line.working_before(np.array([start]))[0]) + minutes
    ends_before = line.before + (line.ends - line.starts)
    i = int(np.searchsorted(ends_before, position, side="left"))
    return float(line.starts[i] + position - line.before[i])


def main() -> None:
    plan = Plan.from_dict(json.loads((RESOURCES / "sample-plan.json").read_text(encoding="utf-8")))
    rng = np.random.default_rng(SEED)
    sdr = plan.team.role("SDR")
    assert sdr is not None
    line = WorkingLine.build(sdr.calendar, date(2025, 12, 25), date(2026, 6, 30))
    rows: list[list[str]] = []
    record = 300_000
    for m, month in enumerate(MONTHS):
        year, mon = (int(x) for x in month.split("-"))
        first = datetime(year, mon, 1, tzinfo=TZ)
        days = ((first + timedelta(days=32)).replace(day=1) - first).days
        for source in plan.sources:
            count = int(rng.poisson(source.leads(plan.months)[m]))
            rates = [r.likely for r in source.conversion]
            factor = SEGMENT_FACTOR.get(source.segment, 1.0)
            for _ in range(count):
                record += int(rng.integers(1, 4))
                day = first + timedelta(days=int(rng.integers(0, days)))
                created = (
                    day.replace(hour=int(rng.integers(7, 20)), minute=int(rng.integers(0, 60))) - EPOCH
                ).total_seconds() / 60
                cells = {h: "" for h in HEADERS}
                cells["Record ID"] = str(record)
                cells["Create Date"] = local_text(created)
                cells["Original Source"] = source.name
                cells["Segment"] = source.segment if rng.random() > 0.02 else ""
                t = created
                reached = 0
                for k, rate in enumerate(rates):
                    boost = factor if k in (1, 2) else 1.0
                    if rng.random() >= min(1.0, rate * boost):
                        break
                    reached = k + 1
                    t += float(rng.gamma(2.0, (1.0 if k < 3 else 20.0) * 1440 / 2.0))
                    if k == 0:
                        cells["Became a Marketing Qualified Lead Date"] = local_text(t)
                    elif k == 2:
                        sql = t
                        cells["Became a Sales Qualified Lead Date"] = local_text(sql)
                        _sales(cells, rng, line, sql)
                    elif k == 3:
                        cells["Became an Opportunity Date"] = local_text(t)
                    elif k == 4:
                        cells["Became a Customer Date"] = local_text(t)
                        cells["Amount"] = f"{plan.terms.average_deal_size * float(rng.lognormal(0, 0.35)):.2f}"
                del reached
                rows.append([cells[h] for h in HEADERS])
    rows.sort(key=lambda r: r[1])
    _make_messy(rows)
    out = RESOURCES / "sample-actuals.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    print(f"wrote {out} ({len(rows)} rows)")


def _sales(cells: dict[str, str], rng: np.random.Generator, line: WorkingLine, sql: float) -> None:
    hot = rng.random() < 0.25
    cells["Lead Tier"] = "Hot" if hot else "Warm"
    cells["Contact Owner"] = OWNERS[int(rng.integers(0, len(OWNERS)))]
    if rng.random() >= 0.02:
        wait = float(rng.lognormal(np.log(2.6), 0.9)) if hot else float(rng.lognormal(np.log(70), 0.85))
        cells["First Outreach Date"] = utc_text(add_business(line, sql, wait))
        agreed = 6 if hot else 8
        cells["Number of Sales Activities"] = str(max(1, int(rng.poisson(agreed + 1.5))))
    decide = float(rng.lognormal(np.log(8 * 60), 0.9))
    roll = rng.random()
    if roll < 0.85:
        cells["Accepted Date"] = local_text(sql + decide)
    elif roll < 0.96:
        cells["Rejected Date"] = local_text(sql + decide)
        cells["Reject Reason"] = REASONS[int(rng.integers(0, len(REASONS)))]


def _make_messy(rows: list[list[str]]) -> None:
    """Real exports are messy: a few rows and cells the importer must report."""
    sqls = [r for r in rows if r[6]]
    rows[10][1] = ""  # no create date: rejected
    rows[500][1] = ""  # no create date: rejected
    rows[900].append("stray value")  # one cell too many: rejected
    sqls[5][6] = "31/02/2026 10:00"  # not a date: a warning, read as no SQL date
    sqls[40][8] = "lots"  # not a count: a warning
    sqls[77][15] = '=HYPERLINK("http://example.com")'  # looks like a formula: kept as text


if __name__ == "__main__":
    main()
