"""Speed of the planning core (issue 2): report, open and save on a large plan.

A plan of 50 sources over 36 months (half explicit monthly volumes, half baseline with
seasonality and growth), six stages. Run:  .venv/bin/python benchmarks/bench_core.py
Prints the best and the median of repeated runs, in milliseconds, excluding imports.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from slaplanner.engine.funnel import compute_funnel
from slaplanner.plan.model import CommercialTerms, LeadSource, Plan, RateRange
from slaplanner.storage import load_plan, save_plan


def large_plan(n_sources: int = 50, horizon: int = 36) -> Plan:
    sources = []
    for i in range(n_sources):
        rates = tuple(RateRange(0.1 + 0.01 * (i % 5), 0.2 + 0.01 * (i % 7), 0.4) for _ in range(5))
        if i % 2:
            sources.append(
                LeadSource(
                    f"Source {i}",
                    segment=f"Segment {i % 4}",
                    volume_mode="monthly",
                    monthly_leads=tuple(100.0 + 7 * m + i for m in range(horizon)),
                    conversion=rates,
                )
            )
        else:
            sources.append(
                LeadSource(
                    f"Source {i}",
                    segment=f"Segment {i % 4}",
                    baseline=500.0 + i,
                    seasonality=tuple(0.8 + 0.04 * k for k in range(12)),
                    growth=0.01,
                    conversion=rates,
                )
            )
    return Plan(
        name="Benchmark plan",
        horizon_months=horizon,
        sources=tuple(sources),
        terms=CommercialTerms(revenue_target=tuple(1e6 + 1e4 * m for m in range(horizon))),
    )


def timed(func, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> None:
    plan = large_plan()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.slaplan"
        save_plan(plan, path)  # warm-up: imports, Alembic's script directory
        load_plan(path)
        rows = [
            (
                "report (compute_funnel + JSON dict), 50 sources x 36 months",
                timed(lambda: compute_funnel(plan).as_dict(), 50),
            ),
            ("save .slaplan (atomic)", timed(lambda: save_plan(plan, path), 20)),
            ("open .slaplan", timed(lambda: load_plan(path), 20)),
            ("save .json (atomic)", timed(lambda: save_plan(plan, Path(folder) / "large.json"), 20)),
            ("open .json", timed(lambda: load_plan(Path(folder) / "large.json"), 20)),
        ]
    for name, (best, median) in rows:
        print(f"{name:<62} best {best:7.1f} ms   median {median:7.1f} ms")


if __name__ == "__main__":
    main()
