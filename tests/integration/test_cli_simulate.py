"""``slaplanner simulate``: the JSON keys of issue 5, reproducibility, exit codes."""

from __future__ import annotations

import json
import re

import pytest

from slaplanner.cli.main import main


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
    lines = out.splitlines()
    # Months as 2026-01 (not "Jan 26", which reads as 26 January), in the marketing table and as
    # the utilisation rows' header.
    assert "Jan 26" not in out
    january = next(line for line in lines if line.strip().startswith("2026-01"))
    committed, expected, *p_met = january.split()[1:]
    assert committed == "335" and 250 < int(expected) < 400 and p_met[-1] == "%"
    header = lines.index("Utilisation per month") + 1
    assert lines[header].split() == [f"2026-{m:02d}" for m in range(1, 13)]
    assert lines[header + 1].split()[-1].endswith("%")
    # Probabilities are percentages everywhere; each tier names its weakest month.
    assert "P(met) 0." not in out and "P(met) 1." not in out
    hot = next(line for line in lines if "P(target met)" in line)
    assert re.fullmatch(r"\s+P\(target met\): \d+ % over the plan, (weakest 2026-\d\d at \d+ %|every month)", hot)


def test_impossible_plan_exits_1_with_a_message(capsys, tmp_path, sample_plan_path):
    data = json.loads(sample_plan_path.read_text(encoding="utf-8"))
    data["team"]["roles"][0]["headcount"] = [0]
    bad = tmp_path / "no-sdrs.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "simulate", str(bad), "--runs", "10")
    assert code == 1
    assert "at least 1 SDR" in err and "nan" not in (out + err).lower()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--seed", "-5", "seed must be from 0 to 9,223,372,036,854,775,807, not -5"),
        ("--seed", str(2**63), "seed must be from 0 to"),
        ("--seed", "abc", "seed must be a whole number"),
        ("--runs", "0", "runs must be from 1 to 100,000, not 0"),
        ("--runs", "100001", "runs must be from 1 to 100,000, not 100,001"),
    ],
)
def test_bad_seed_or_runs_is_a_usage_error(capsys, sample_plan_path, option, value, message):
    with pytest.raises(SystemExit) as info:
        main(["simulate", str(sample_plan_path), option, value])
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert message in err and "Traceback" not in err


def test_largest_seed_is_accepted(capsys, sample_plan_path):
    code, out, _ = run(capsys, "simulate", str(sample_plan_path), "--runs", "20", "--seed", str(2**63 - 1), "--json")
    assert code == 0 and json.loads(out)["seed"] == 2**63 - 1


def test_slower_sla_is_relative_to_the_current_target(capsys, sample_plan_path):
    _, out, _ = run(capsys, "simulate", str(sample_plan_path), "--runs", "100", "--json")
    data = json.loads(out)
    for tier in data["response"].values():
        rows = tier["slower_sla"]
        assert rows[0]["first_touch_minutes"] == tier["target_minutes"] and rows[0]["sqls_given_up"] == 0
        given_up = [row["sqls_given_up"] for row in rows]
        assert given_up == sorted(given_up)
    assert sum(data["sql_commitment"]["expected"].values()) > 3000
