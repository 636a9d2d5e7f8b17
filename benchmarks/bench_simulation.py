"""Speed and memory of the first-touch simulation, side by side with ciw.

Scenario (the issue's): a quarter (2026-01..03) with 6,000 SQLs (2,000 a month), business hours
(America/New_York, Mon-Fri 9-17, US holidays), 6 SDRs without shrinkage, a 15-minute
exponential first touch, leads arriving by the default B2B hour-of-week profile.

Run: ``.venv/bin/python benchmarks/bench_simulation.py [--runs 10000] [--ciw-runs 3]``
(``--quick``: only the quick answer after an edit, the window's live answer).
Prints the machine, wall time, leads/s for SLA Planner and ciw, and peak memory (tracemalloc
for NumPy allocations plus ru_maxrss for the whole process).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "core")]

import numpy as np  # noqa: E402
from sim_reference import ciw_business_hours, scenario  # noqa: E402

from slaplanner.plan.model import Plan  # noqa: E402


def time_slaplanner(plan: Plan, runs: int, seed: int = 1) -> tuple[float, float, float]:
    """Seconds, leads simulated, P(within target) for ``runs`` replications (no headcount search)."""
    from slaplanner.engine.simulation import simulate

    start = time.perf_counter()
    result = simulate(plan, runs=runs, rng=np.random.default_rng(seed), search_headcount=False)
    seconds = time.perf_counter() - start
    leads = result.response[0].sqls_per_run * runs
    return seconds, leads, result.response[0].p_within_target


def time_ciw(plan: Plan, runs: int, seed: int = 1) -> tuple[float, float, float]:
    """The quarter's months in ciw (test-only dependency): seconds, leads, P(business wait <= target)."""
    start = time.perf_counter()
    leads, within = 0, 0.0
    for r in range(runs):
        for month in range(plan.horizon_months):
            n, p = ciw_business_hours(plan, seed=seed + r, month_index=month)
            leads += n
            within += p * n
    seconds = time.perf_counter() - start
    return seconds, float(leads), within / max(1, leads)


def time_sample_plan(runs: int = 2_000, repeat: int = 3) -> list[float]:
    """The sample plan's full answer (every output, headcount curve included), seconds per repeat."""
    import json

    from slaplanner.engine.simulation import simulate
    from slaplanner.samples import sample_plan_text

    plan = Plan.from_dict(json.loads(sample_plan_text()))
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        simulate(plan, runs=runs, rng=np.random.default_rng(1))
        out.append(time.perf_counter() - start)
    return sorted(out)


def time_quick_sample_plan(repeat: int = 5) -> list[float]:
    """The live answer after an edit: the sample plan's quick simulation exactly as the window runs
    it (``ResultsService.quick_simulation``: ``QUICK_RUNS`` runs, no headcount curve, the budget
    check included), a fresh service each time so nothing is reused; seconds per repeat, sorted."""
    import json

    from slaplanner.results import ResultSettings, ResultsService
    from slaplanner.samples import sample_plan_text

    plan = Plan.from_dict(json.loads(sample_plan_text()))
    settings = ResultSettings()
    ResultsService().quick_simulation(plan, settings)  # warm up imports and tables
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        ResultsService().quick_simulation(plan, settings)
        out.append(time.perf_counter() - start)
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--ciw-runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions (best and median shown)")
    parser.add_argument("--sample-only", action="store_true", help="only the sample plan's full answer")
    parser.add_argument("--quick", action="store_true", help="only the sample plan's quick answer after an edit")
    args = parser.parse_args()
    quick = time_quick_sample_plan(repeat=max(5, args.repeat))
    print(
        "sample plan, quick answer after an edit (QUICK_RUNS runs, no headcount curve) (ms): "
        + ", ".join(f"{t * 1000:.0f}" for t in quick)
        + f"; median {quick[len(quick) // 2] * 1000:.0f}; target < 150"
    )
    if args.quick:
        return
    sample = time_sample_plan(repeat=max(1, args.repeat))
    print("sample plan, 2,000 runs with the headcount curve (s): " + ", ".join(f"{t:.2f}" for t in sample))
    if args.sample_only:
        return
    plan = scenario()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, NumPy {np.__version__}"
    )
    time_slaplanner(plan, 50)  # warm up imports and tables
    timings = []
    cpu = time.process_time()
    for _ in range(max(1, args.repeat)):
        seconds, leads, p = time_slaplanner(plan, args.runs)
        timings.append(seconds)
    cpu = (time.process_time() - cpu) / max(1, args.repeat)
    timings.sort()
    seconds = timings[0]
    print(
        "SLA Planner timings (s): "
        + ", ".join(f"{t:.2f}" for t in timings)
        + f"; median {timings[len(timings) // 2]:.2f}; CPU time per run {cpu:.2f} s (both threads)"
    )
    # Memory in a second run: tracemalloc slows NumPy's allocations, so it is not timed.
    tracemalloc.start()
    time_slaplanner(plan, args.runs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"SLA Planner (best): {args.runs} runs, {leads:,.0f} leads in {seconds:.2f} s = "
        f"{leads / seconds:,.0f} leads/s; "
        f"P(within 15 business min) = {p:.4f}; peak traced {peak / 2**20:.0f} MB, max RSS {rss:.0f} MB"
    )
    if args.ciw_runs:
        c_seconds, c_leads, c_p = time_ciw(plan, args.ciw_runs)
        print(
            f"ciw: {args.ciw_runs} runs, {c_leads:,.0f} leads in {c_seconds:.2f} s = "
            f"{c_leads / c_seconds:,.0f} leads/s; "
            f"P(within) = {c_p:.4f}"
        )
        print(f"speed-up: {(leads / seconds) / (c_leads / c_seconds):.0f}x")


if __name__ == "__main__":
    main()
