"""Issue 17 on the command line: every bad input gives plain lines and exit 1 or 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slaplanner.cli.main import main

ARABIC_INDIC = "".join(chr(0x0660 + int(d)) for d in "2026") + "-" + chr(0x0660) + chr(0x0661)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan_data(sample_plan_path: Path) -> dict:
    return json.loads(sample_plan_path.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object, name: str = "plan.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def assert_plain(code: int, out: str, err: str, codes=(1, 2)) -> None:
    assert code in codes, (code, out, err)
    assert "Traceback" not in out + err
    assert all(len(line) < 400 for line in (out + err).splitlines()), max(map(len, (out + err).splitlines()))


def test_report_json_is_finite_or_refused(capsys, tmp_path, plan_data):
    """An average deal size of 1e-300 needs 1e300 times the revenue in deals: Infinity is not JSON."""
    plan_data["terms"]["average_deal_size"] = 1e-300
    path = write(tmp_path, plan_data)
    code, out, err = run(capsys, "report", path, "--json")
    if code == 0:
        json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))
    else:
        assert_plain(code, out, err, codes=(1,))
        assert "average_deal_size" in err
    code, out, err = run(capsys, "report", path)
    assert code == 1 and "inf" not in out.lower()


@pytest.mark.parametrize("number", [10**400, -(10**400), 10**4000], ids=["1e400", "-1e400", "1e4000"])
def test_an_integer_beyond_float_range_is_refused_plainly(capsys, tmp_path, plan_data, number):
    plan_data["terms"]["average_deal_size"] = number
    code, out, err = run(capsys, "report", write(tmp_path, plan_data))
    assert_plain(code, out, err, codes=(1,))
    assert "terms.average_deal_size" in err


def test_an_integer_of_5000_digits_is_refused_plainly(capsys, tmp_path, plan_data):
    text = json.dumps(plan_data).replace('"horizon_months": 12', '"horizon_months": ' + "9" * 5000)
    assert "9" * 5000 in text
    assert_plain(*run(capsys, "report", write(tmp_path, text)), codes=(2,))


@pytest.mark.parametrize("command", ["report", "validate"])
def test_arrays_nested_5000_deep_are_refused_plainly(capsys, tmp_path, plan_data, command):
    text = json.dumps(plan_data).replace('"stages": [', '"stages": [' + "[" * 5000 + "]" * 5000 + ",", 1)
    assert_plain(*run(capsys, command, write(tmp_path, text)), codes=(2,))


@pytest.mark.parametrize("bad", ["Plan\x00name", "Plan \ud800 name", "Tab\x07bell"])
def test_a_control_character_or_lone_surrogate_in_a_name_is_refused(capsys, tmp_path, plan_data, bad):
    plan_data["sources"][0]["name"] = bad
    code, out, err = run(capsys, "validate", write(tmp_path, plan_data))
    assert code == 1 and "sources[0].name" in out
    assert_plain(code, out, err)


def test_start_month_with_non_ascii_digits_is_refused(capsys, tmp_path, plan_data):
    plan_data["start_month"] = ARABIC_INDIC
    code, out, _ = run(capsys, "validate", write(tmp_path, plan_data))
    assert code == 1 and "start_month" in out


def test_a_huge_refused_value_is_echoed_short(capsys, tmp_path, plan_data):
    plan_data["name"] = "x" * 1_000_000
    code, out, err = run(capsys, "validate", write(tmp_path, plan_data))
    assert_plain(code, out, err, codes=(1,))
    assert "name" in out and "…" in out


def test_file_errors_of_validate_go_to_stderr_with_exit_2(capsys, tmp_path):
    junk = tmp_path / "junk.slaplan"
    junk.write_bytes(b"\x00\x01garbage")
    code, out, err = run(capsys, "validate", str(junk))
    assert code == 2 and out == ""
    assert "not an SLA Planner plan" in err
