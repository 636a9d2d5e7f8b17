"""The command-line contract of issue 2: validate, report, convert (keys and exit codes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from slaplanner.cli.main import main
from slaplanner.engine.funnel import compute_funnel
from slaplanner.storage import load_plan

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_valid_plan(capsys, sample_plan_path):
    code, out, _ = run(capsys, "validate", str(sample_plan_path))
    assert code == 0
    assert "valid" in out


def test_validate_reports_each_problem_on_its_own_line(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"horizon_months": 0, "sources": [{"name": "Web", "conversion": [1.7, 0.5, 0.5, 0.5, 0.5]}]}),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert any("sources[0].conversion[0].likely: 1.7 is not allowed" in line for line in lines)
    assert any("horizon_months: 0 is not allowed" in line for line in lines)
    assert "Traceback" not in out + err


def test_validate_reports_what_simulate_would_refuse(capsys, tmp_path, sample_plan_path):
    """A plan with a team that simulate cannot run: same short messages, one per problem, exit 1."""
    data = json.loads(sample_plan_path.read_text(encoding="utf-8"))
    data["team"]["roles"][0]["headcount"] = [0]
    bad = tmp_path / "no-sdrs.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 1
    assert out.splitlines() == [
        f"{bad}: team.roles[SDR].headcount (Jan–Dec 2026): 0 is not allowed; allowed: at least 1 SDR while "
        "SQLs arrive (up to 443 a month)"
    ]
    code, _, err = run(capsys, "simulate", str(bad), "--runs", "10")
    assert code == 1 and err.splitlines() == [f"slaplanner: {out.splitlines()[0]}"]  # names the plan, as validate
    data["team"]["roles"] = data["team"]["roles"][1:]
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 1 and "allowed: a team with an SDR role" in out
    del data["team"]
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert run(capsys, "validate", str(bad))[0] == 0  # no team: nothing to simulate, nothing to check


def test_validate_of_a_non_plan_exits_2_without_traceback(capsys, tmp_path):
    junk = tmp_path / "junk.slaplan"
    junk.write_bytes(b"\x00\x01garbage")
    code, out, err = run(capsys, "validate", str(junk))
    assert code == 2  # a file error, as for every command (issue 17)
    assert "not an SLA Planner plan" in err
    assert "Traceback" not in out + err


def test_report_json_contract(capsys, sample_plan_path, sample_plan):
    code, out, _ = run(capsys, "report", str(sample_plan_path), "--json")
    assert code == 0
    data = json.loads(out)
    assert {"months", "forward", "required", "gap", "totals"} <= set(data)
    assert data["months"][0] == "2026-01" and len(data["months"]) == 12
    stages = list(sample_plan.stages)
    assert list(data["forward"]) == stages and list(data["required"]) == stages and list(data["gap"]) == stages
    assert all(len(v) == 12 for v in data["forward"].values())
    # The leads row is the sum of the sources' own volumes, computed here independently.
    leads = [sum(s.leads(sample_plan.months)[m] for s in sample_plan.sources) for m in range(12)]
    assert data["forward"]["Lead"] == pytest.approx(leads)
    assert data["totals"]["forward"]["Lead"] == pytest.approx(sum(leads))


def test_report_text(capsys, sample_plan_path):
    code, out, _ = run(capsys, "report", str(sample_plan_path))
    assert code == 0
    assert "Planned" in out and "Required" in out and "Gap" in out and "2026-12" in out


def test_convert_round_trip(capsys, tmp_path, sample_plan_path, sample_plan):
    plan_file = tmp_path / "sample.slaplan"
    back = tmp_path / "back.json"
    assert run(capsys, "convert", str(sample_plan_path), str(plan_file))[0] == 0
    assert run(capsys, "convert", str(plan_file), str(back))[0] == 0
    assert load_plan(back) == sample_plan
    # Every command takes either format.
    code, out, _ = run(capsys, "report", str(plan_file), "--json")
    assert code == 0 and json.loads(out)["totals"] == compute_funnel(sample_plan).as_dict()["totals"]


def test_convert_refuses_unknown_extension(capsys, tmp_path, sample_plan_path):
    code, _, err = run(capsys, "convert", str(sample_plan_path), str(tmp_path / "x.txt"))
    assert code == 2
    assert "must end in .slaplan or .json" in err


def test_missing_file_is_one_line_not_a_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "report", str(tmp_path / "none.slaplan")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "no such file" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_help_lists_the_commands():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    for command in ("open", "validate", "report", "convert"):
        assert command in proc.stdout


def test_python_dash_m_slaplanner_is_the_command_line():
    """New-user trial: `python -m slaplanner --help` said "No module named slaplanner.__main__"."""
    proc = subprocess.run(
        [sys.executable, "-m", "slaplanner", "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: slaplanner")
