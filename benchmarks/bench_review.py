"""Speed of the review (issue 11): 100,000 leads of actuals reviewed against the sample plan.

The actuals are built in memory (seeded): leads created over a quarter, 30 % of them SQLs with a
tier, a first touch a lognormal number of minutes later, touches, decisions, owners, wins. The
review (business minutes in the team calendar, per month and tier, the funnel, the broken
commitments) is timed; the CSV import of the same size is timed separately. Run:
.venv/bin/python benchmarks/bench_review.py   (prints best and median of repeated runs, in ms)
"""

from __future__ import annotations

import csv
import json
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from slaplanner.engine.review import review
from slaplanner.imports.actuals import Actuals, read_actuals
from slaplanner.plan.model import Plan
from slaplanner.samples import sample_plan_text

N = 100_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def big_actuals(n: int = N, seed: int = 11) -> Actuals:
    rng = np.random.default_rng(seed)
    start = (datetime(2026, 1, 1, 5, tzinfo=timezone.utc) - EPOCH).total_seconds() / 60
    created = start + rng.uniform(0, 89 * 1440, n)
    is_sql = rng.random(n) < 0.3
    sql = np.where(is_sql, created + rng.gamma(2.0, 1440, n), np.nan)
    touch = np.where(rng.random(n) < 0.98, sql + rng.lognormal(3.5, 1.5, n), np.nan)
    decided = sql + rng.lognormal(6.0, 1.0, n)
    accepted = np.where(rng.random(n) < 0.85, decided, np.nan)
    rejected = np.where(np.isnan(accepted) & (rng.random(n) < 0.7), decided, np.nan)
    opp = np.where(rng.random(n) < 0.5, sql + rng.gamma(2.0, 5 * 1440, n), np.nan)
    won = np.where(rng.random(n) < 0.2, opp + rng.gamma(2.0, 20 * 1440, n), np.nan)
    sources = np.array(["Organic search", "Paid search", "LinkedIn ads", "Webinars", "Partner referrals"], dtype=object)
    days = (created // 1440).astype("int64").astype("datetime64[D]")
    return Actuals(
        rows=np.arange(2, n + 2, dtype=np.int64),
        created=days,
        times={
            "became_mql_at": created + 600.0,
            "became_sql_at": sql,
            "first_touch_at": touch,
            "accepted_at": accepted,
            "rejected_at": rejected,
            "opportunity_at": opp,
            "won_at": won,
        },
        numbers={"touches": rng.poisson(7, n).astype(np.float64), "amount": rng.lognormal(10, 0.4, n)},
        texts={
            "lead_id": np.array([str(i) for i in range(n)], dtype=object),
            "source": sources[rng.integers(0, len(sources), n)],
            "segment": np.full(n, "", dtype=object),
            "tier": np.where(rng.random(n) < 0.25, "Hot", "Warm").astype(object),
            "owner": np.array(["Ana", "Ben", "Chloe", "Dev", "Eli"], dtype=object)[rng.integers(0, 5, n)],
        },
        columns=frozenset(
            {
                "created_at",
                "became_mql_at",
                "became_sql_at",
                "first_touch_at",
                "accepted_at",
                "rejected_at",
                "opportunity_at",
                "won_at",
                "touches",
                "amount",
                "source",
                "tier",
                "owner",
                "lead_id",
            }
        ),
        time_zone="America/New_York",
    )


def write_csv(actuals: Actuals, path: Path) -> None:
    def text(m: float) -> str:
        return "" if np.isnan(m) else (EPOCH + timedelta(minutes=float(m))).strftime("%Y-%m-%dT%H:%M:%SZ")

    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Record ID", "Create Date", "Original Source", "Lead Tier", "Became a Sales Qualified Lead Date",
                    "First Outreach Date", "Number of Sales Activities", "Contact Owner"])  # fmt: skip
        sql, touch = actuals.time("became_sql_at"), actuals.time("first_touch_at")
        for i in range(len(actuals)):
            w.writerow([actuals.text("lead_id")[i], str(actuals.created[i]), actuals.text("source")[i],
                        actuals.text("tier")[i], text(sql[i]), text(touch[i]), int(actuals.number("touches")[i]),
                        actuals.text("owner")[i]])  # fmt: skip


def timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return min(runs), statistics.median(runs)


def main() -> None:
    plan = Plan.from_dict(json.loads(sample_plan_text()))
    actuals = big_actuals()
    result = review(plan, actuals)
    best, median = timed(lambda: review(plan, actuals), 7)
    print(f"review of {N:,} leads ({result.sqls:,} SQLs, {len(result.broken):,} broken commitments): "
          f"best {best:.0f} ms, median {median:.0f} ms")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "actuals.csv"
        write_csv(actuals, path)
        best, median = timed(lambda: read_actuals(path, time_zone="America/New_York"), 3)
        print(f"import of the same {N:,} leads from CSV (8 columns): best {best:.0f} ms, median {median:.0f} ms")


if __name__ == "__main__":
    main()
