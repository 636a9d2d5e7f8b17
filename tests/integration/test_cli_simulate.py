"""``slaplanner simulate``: the JSON keys of issue 5, reproducibility, exit codes."""

from __future__ import annotations

import json

from slaplanner.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_issue_keys(capsys, sample_plan_path):
    code, out, _ = run(capsys, "simulate", str(sample_plan_path), "--runs", "200", "--seed", "7", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("runs", "seed", "sql_commitment", "response", "utilisation", "bottleneck", "headcount_needed"):
        assert key in data
    assert data["runs"] == 200 and data["seed"] == 7
    assert set(data["response"]) == {"Hot", "Warm"}
    for tier in data["response"].values():
        assert {"p_within_target", "median_minutes", "p90_minutes", "p95_minutes"} <= set(tier)
        assert 0 <= tier["p_within_target"] <= 1
    assert set(data["utilisation"]) == {"SDR team", "Account executives"}
    assert len(data["utilisation"]["SDR team"]) == 12
    assert len(data["sql_commitment"]["p_met"]) == 12
    assert data["bottleneck"]["role"] in data["utilisation"]
    assert "SDR" in data["headcount_needed"]


def test_same_seed_same_output(capsys, sample_plan_path):
    args = ("simulate", str(sample_plan_path), "--runs", "150", "--seed", "3", "--json")
    _, first, _ = run(capsys, *args)
    _, second, _ = run(capsys, *args)
    _, other, _ = run(capsys, "simulate", str(sample_plan_path), "--runs", "150", "--seed", "4", "--json")
    assert first == second
    assert first != other


def test_text_output(capsys, sample_plan_path):
    code, out, _ = run(capsys, "simulate", str(sample_plan_path), "--runs", "100")
    assert code == 0
    assert "Bottleneck:" in out and "Hot:" in out


def test_impossible_plan_exits_1_with_a_message(capsys, tmp_path, sample_plan_path):
    data = json.loads(sample_plan_path.read_text(encoding="utf-8"))
    data["team"]["roles"][0]["headcount"] = [0]
    bad = tmp_path / "no-sdrs.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "simulate", str(bad), "--runs", "10")
    assert code == 1
    assert "at least 1 SDR" in err and "nan" not in (out + err).lower()


def test_bad_runs_is_a_clear_error(capsys, sample_plan_path):
    code, _, err = run(capsys, "simulate", str(sample_plan_path), "--runs", "0")
    assert code == 1
    assert "runs" in err
