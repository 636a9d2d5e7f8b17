"""Issue 17, done-when: mutated plans and damaged plan files never give a traceback or a non-finite number.

Every command the test runs must exit 0, 1 or 2 with plain lines (the command line's last-resort
handler says "unexpected error" for what would have been a traceback: that is a failure here), and
``report --json`` must print strict JSON (no Infinity or NaN).
"""

from __future__ import annotations

import io
import json
import math
import sqlite3
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slaplanner.cli.main import main
from slaplanner.storage import load_plan, save_plan

FUZZ = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _refuse_constant(name: str) -> Any:
    raise AssertionError(f"{name} in the JSON output")


def check_commands(path: Path) -> None:
    commands = (
        ["validate", str(path)],
        ["report", str(path), "--json"],
        ["check", str(path), "--json"],
        ["simulate", str(path), "--runs", "5", "--json"],
    )
    for args in commands:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(args)
        text = out.getvalue() + err.getvalue()
        assert code in (0, 1, 2), (args, code, text[:500])
        assert "Traceback" not in text and "unexpected error" not in text, text[:500]
        assert all(len(line) < 500 + len(str(path)) for line in text.splitlines())
        if args[0] in ("report", "simulate") and code == 0:
            json.loads(out.getvalue(), parse_constant=_refuse_constant)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if len(prefix) > 6:  # a mutation may have nested a value thousands of levels deep
        return found
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


ODD_VALUES = st.one_of(
    st.sampled_from(
        [10**400, -(10**400), 1e308, -1e308, 1e-300, -1, 0, 2**63, math.nan, math.inf, -math.inf, "NaN",
         "Infinity", "1e999", None, True, [], {}, "", " ", "x" * 5000, "\x00", "\ud800", "٢٠٢٦-٠١",
         "2026-13", "=HYPERLINK(\"x\")", [[[[[]]]]], {"a": {"b": {}}}]
    ),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)  # fmt: skip


@pytest.fixture(scope="module")
def sample_data(sample_plan_json: dict) -> dict:
    return sample_plan_json


@pytest.fixture(scope="module")
def sample_plan_json() -> dict:
    from slaplanner import samples

    return json.loads(samples.sample_plan_path().read_text(encoding="utf-8"))


@FUZZ
@given(data=st.data())
def test_mutated_json_plans_get_plain_answers(sample_data, tmp_path, data):
    plan = json.loads(json.dumps(sample_data))
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        paths = _paths(plan)
        where = data.draw(st.sampled_from(paths[1:]), label="path")
        parent = plan
        for step in where[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["replace", "delete", "deep"]), label="action")
        if action == "delete":
            del parent[where[-1]]
        elif action == "deep":
            value: Any = []
            for _ in range(data.draw(st.sampled_from([50, 3000, 6000]), label="depth")):
                value = [value]
            parent[where[-1]] = value
        else:
            parent[where[-1]] = data.draw(ODD_VALUES, label="value")
    try:
        text = json.dumps(plan)
    except (RecursionError, ValueError):
        text = "[" * 6000 + "]" * 6000
    if data.draw(st.booleans(), label="5000 digits"):
        text = text.replace('"horizon_months": 12', '"horizon_months": ' + "9" * 5000)
    path = tmp_path / "fuzz.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    check_commands(path)


@pytest.fixture(scope="module")
def slaplan_bytes(sample_plan_json: dict) -> dict[str, bytes]:
    """A plan file of today's format (an agreement with two versions) and one of the first format."""
    from dataclasses import replace

    from slaplanner.plan.model import Plan

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.slaplan"
        plan = Plan.from_dict(sample_plan_json)
        save_plan(plan, path)
        save_plan(replace(plan, name="Second version"), path)
        assert load_plan(path) is not None
        legacy = Path(__file__).parents[1] / "data" / "format-0001.slaplan"
        return {"today": path.read_bytes(), "first": legacy.read_bytes()}


TABLES = {
    "first": ["plan", "stage", "lead_source", "source_month", "source_seasonality", "conversion_rate",
              "revenue_target", "plan_section", "alembic_version", "slaplanner_meta"],
    "today": ["agreement", "proposal", "plan_version", "signature", "signatory", "alembic_version",
              "slaplanner_meta"],
}  # fmt: skip
UNLOCK = "DROP TRIGGER plan_version_no_update; DROP TRIGGER plan_version_no_delete; "
STATEMENTS = {
    "first": [
        "UPDATE plan_section SET data = '[' || replace(hex(zeroblob(4000)), '00', '[')",
        "UPDATE plan_section SET data = CAST(X'FFFE00' AS TEXT)",
        "UPDATE plan SET average_deal_size = 1e-300",
        "UPDATE plan SET name = 'a' || char(0) || 'b'",
        "UPDATE source_month SET leads = 'lots'",
        "UPDATE source_month SET leads = 9e999",
        "UPDATE plan SET horizon_months = 99999999999",
        "DELETE FROM stage",
        "UPDATE lead_source SET plan_id = 7",
        "INSERT INTO alembic_version VALUES ('zzzz')",
        "UPDATE alembic_version SET version_num = 'ffff'",
        "UPDATE plan SET start_month = '٢٠٢٦-٠١'",
    ],
    "today": [
        UNLOCK + "UPDATE plan_version SET content = '[' || replace(hex(zeroblob(4000)), '00', '[')",
        UNLOCK + "UPDATE plan_version SET content = CAST(X'FFFE00' AS TEXT)",
        UNLOCK + "UPDATE plan_version SET content = replace(content, '\"average_deal_size\":', "
        '\'"average_deal_size":1e-300,"x":\')',
        UNLOCK + "UPDATE plan_version SET content = replace(content, 'Northwind', 'a' || char(0) || 'b')",
        UNLOCK + "UPDATE plan_version SET content = replace(content, '\"horizon_months\":12', "
        "'\"horizon_months\":99999999999')",
        UNLOCK + "UPDATE plan_version SET content = replace(content, '2026-01', '٢٠٢٦-٠١')",
        UNLOCK + "UPDATE plan_version SET proposal_id = 7",
        UNLOCK + "DELETE FROM plan_version",
        "UPDATE proposal SET head = 99",
        "UPDATE proposal SET head = 0",
        "DELETE FROM agreement",
        "INSERT INTO alembic_version VALUES ('zzzz')",
        "UPDATE alembic_version SET version_num = 'ffff'",
    ],
}


@FUZZ
@given(data=st.data())
def test_damaged_plan_files_get_plain_answers(slaplan_bytes, tmp_path, data):
    path = tmp_path / "fuzz.slaplan"
    form = data.draw(st.sampled_from(["today", "first"]), label="format")
    content = bytearray(slaplan_bytes[form])
    kind = data.draw(st.sampled_from(["flip", "drop", "sql"]), label="kind")
    if kind == "flip":
        for _ in range(data.draw(st.integers(1, 20), label="flips")):
            at = data.draw(st.integers(0, len(content) - 1), label="at")
            content[at] = data.draw(st.integers(0, 255), label="byte")
        path.write_bytes(bytes(content))
    else:
        path.write_bytes(bytes(content))
        db = sqlite3.connect(path)
        db.execute("PRAGMA foreign_keys=OFF")
        if kind == "drop":
            db.execute(f"DROP TABLE {data.draw(st.sampled_from(TABLES[form]), label='table')}")
        else:
            db.executescript(data.draw(st.sampled_from(STATEMENTS[form]), label="statement"))
        db.commit()
        db.close()
    check_commands(path)


def test_a_handoff_action_that_is_a_list_is_named_not_a_crash(sample_plan_json, tmp_path):
    """Found by the fuzz above on 3 December 2026 (third session): a stage rule's handoff action given as
    a nested list made every command say "unexpected error (TypeError: unhashable type: 'list')"."""
    plan = json.loads(json.dumps(sample_plan_json))
    plan["engagement"]["stages"][2]["handoff_actions"] = [[[]], "notify_owner"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = main(["validate", str(path)])
    assert code == 1
    named = "engagement.stages[2].handoff_actions[0]: [[]] is not allowed; allowed: one of stop_nurture"
    assert named in out.getvalue()
    check_commands(path)
