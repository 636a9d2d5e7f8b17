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


def a_month_typed_wrong(plan, leads: float = 32_441_231):
    """The plan hypothesis found on 3 December 2026 (tests/integration/test_hardening_fuzz.py): one
    source's leads for one month typed as tens of millions among months of hundreds."""
    monthly = (0.0, 0.0, 650.0, 0.0, 0.0, 480.0, 0.0, 0.0, leads, 0.0, 140.0, 0.0)
    source = replace(plan.sources[4], volume_mode="monthly", monthly_leads=monthly[: plan.horizon_months])
    return replace(plan, sources=(*plan.sources[:4], source, *plan.sources[5:]))


def test_a_month_of_32_million_leads_answers_and_says_why_no_headcount_is_found(tmp_path, sample_plan):
    """The runs fit the budget (5 runs, a few seconds), but the headcount search would have tried
    thousands of SDRs, each checked on every touch: it ran for many minutes. Now it stops before
    starting and says why, and the rest of the answer stands."""
    import json

    path = tmp_path / "typo.json"
    path.write_text(json.dumps(a_month_typed_wrong(sample_plan).to_dict()), encoding="utf-8")
    root = Path(__file__).parents[2]
    # the time-out is the hang guard: a command still running after two minutes fails the test
    done = subprocess.run([sys.executable, "main.py", "simulate", str(path), "--runs", "5", "--json"],
                          capture_output=True, text=True, cwd=root, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    needed = out["headcount_needed"]
    assert needed["SDR"] is None and needed["curve"] == []
    why = needed["search_stopped"]
    assert "needs at least" in why and "before trying any" in why and "typing error" in why
    assert any(w.startswith("No SDR headcount found: the busiest month's work alone needs") for w in out["warnings"])
    assert out["response"]  # the first-touch answer stands


def test_a_search_that_would_overrun_its_budget_stops_and_every_face_says_so(monkeypatch, tmp_path, sample_plan):
    """Stopped part-way (a budget shrunk to a few headcounts' worth): the headcounts tried stay on the
    curve, "needed" is none, and the warning, the SLA document, the open items and the workbook say
    the search stopped, not that no headcount reaches the chance."""
    import openpyxl

    from slaplanner.engine.simulation import run
    from slaplanner.exports.document import build_document
    from slaplanner.exports.open_items import open_items
    from slaplanner.exports.workbook import write_workbook

    monkeypatch.setattr(run, "SEARCH_BUDGET", 1_500_000)
    results = compute_results(sample_plan, ResultSettings(runs=200, seed=3))
    curve = results.simulation.headcount
    assert curve.headcount_needed is None and curve.points  # stopped after trying some
    last, p_last = curve.points[-1]
    assert f"the search stopped after trying up to {last} (a {round(p_last * 100)} % chance)" in curve.stopped
    assert any(w.startswith("No SDR headcount found:") for w in results.simulation.warnings)
    assert not any("reaches a 90 % chance" in w for w in results.simulation.warnings)
    items = [i for i in open_items(sample_plan, results) if i.topic == "SDR headcount"]
    assert items and "found no SDR headcount" in items[0].finding
    assert "No SDR headcount found: " in str(build_document(sample_plan, results))
    path = tmp_path / "book.xlsx"
    write_workbook(sample_plan, path, results)
    ws = openpyxl.load_workbook(path)["Summary"]
    cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "not found" in cells and any(c.startswith("not found: the busiest month's work alone") for c in cells)
    assert not any(c.startswith("> ") for c in cells)  # not "no headcount up to N reaches the chance"


def test_the_sample_search_runs_its_course_well_within_its_budget(sample_plan):
    from slaplanner.engine.simulation import run

    results = compute_results(sample_plan, ResultSettings(runs=2_000, seed=1))
    assert results.simulation.headcount.stopped == "" and results.simulation.headcount.headcount_needed is not None
    assert run.SEARCH_BUDGET >= 1_000_000_000


def test_a_big_team_costs_more_a_touch_and_the_budget_counts_it(sample_plan):
    """5,000 SDRs (the largest headcount allowed) are checked on every touch: the sample's 2,000 runs,
    fine with 5 SDRs, are refused with the runs that fit and why."""
    sdr = next(r for r in sample_plan.team.roles if r.kind == "SDR")
    big = replace(sdr, headcount=(5_000,) * len(sdr.headcount))
    roles = tuple(big if r is sdr else r for r in sample_plan.team.roles)
    plan = replace(sample_plan, team=replace(sample_plan.team, roles=roles))
    problem = simulation_budget_problem(plan, 2_000)
    assert problem is not None and problem.high is not None and problem.high < 2_000
    assert "each checked against 5,000 SDRs' free time" in problem.allowed
