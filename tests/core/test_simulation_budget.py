"""Issue 17: no simulation runs for minutes. A plan whose answer would take too long is refused
before anything starts, with the reason and the runs that would fit; the sample is untouched."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from slaplanner.results import ResultSettings, compute_results, simulation_budget_problem


def huge(plan, leads: float):
    source = replace(plan.sources[0], volume_mode="monthly", monthly_leads=(leads,) * plan.horizon_months)
    return replace(plan, sources=(source,), commitments=replace(plan.commitments, marketing=()))


def test_the_sample_is_within_budget_at_the_default_runs_and_more(sample_plan):
    assert simulation_budget_problem(sample_plan, 2_000) is None
    assert simulation_budget_problem(sample_plan, 5_000) is None
    # every touch of the cadence is simulated: 100,000 runs are several minutes of work
    problem = simulation_budget_problem(sample_plan, 100_000)
    assert problem is not None and 5_000 <= problem.high < 100_000 and "touches" in problem.allowed


def test_one_source_at_two_million_leads_a_month_is_refused_with_the_runs_that_fit(sample_plan):
    problem = simulation_budget_problem(huge(sample_plan, 2_000_000), 2_000)
    assert problem is not None and problem.field == "runs" and problem.high is not None
    assert problem.high < 2_000 and "backlog grows" in problem.allowed
    results = compute_results(huge(sample_plan, 2_000_000), ResultSettings(runs=2_000))
    assert results.simulation is None and results.simulation_note.startswith("The simulation was not run: at most")


def test_a_plan_at_the_documented_limits_answers_within_a_minute(tmp_path, sample_plan):
    """1,000,000,000 leads a month (the documented maximum) through simulate and export."""
    import json

    path = tmp_path / "limit.json"
    path.write_text(json.dumps(huge(sample_plan, 1e9).to_dict()), encoding="utf-8")
    root = Path(__file__).parents[2]
    for command in (["simulate", str(path)], ["export", str(path), "--pdf", str(tmp_path / "x.pdf")]):
        # the time-out is the hang guard: a command still running after a minute fails the test
        done = subprocess.run([sys.executable, "main.py", *command], capture_output=True, text=True, cwd=root,
                              timeout=60)  # fmt: skip
        assert "Traceback" not in done.stderr and done.returncode in (0, 1)
        assert "follow touch by touch" in done.stderr or "not run" in done.stderr
