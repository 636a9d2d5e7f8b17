"""Issue 17: a plan file is always the file named, whole, or refused in one plain line."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from slaplanner.errors import PlanFileError
from slaplanner.storage import load_plan, save_plan

ODD_NAMES = [
    "A.slaplan?b.slaplan",
    "My%20Plan.slaplan",
    "Z%20.slaplan",
    "hash#tag.slaplan",
    "with space.slaplan",
    "Ünïcödé プラン.slaplan",
    "file:plan.slaplan",
    "mode=ro&x.slaplan",
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_file_names_are_taken_literally(sample_plan, tmp_path, monkeypatch, name):
    """Save and reopen under names a URI would read otherwise; no other file appears."""
    monkeypatch.chdir(tmp_path)  # a relative 'file:...' name stays in the test folder
    plan = replace(sample_plan, name="Odd name")
    save_plan(plan, tmp_path / name)
    assert sorted(os.listdir(tmp_path)) == [name]
    assert load_plan(tmp_path / name) == plan
    save_plan(plan, name)  # relative, as the command line passes it
    assert load_plan(name) == plan
    assert sorted(os.listdir(tmp_path)) == [name]


def test_a_question_mark_does_not_open_the_file_before_it(sample_plan, tmp_path):
    save_plan(replace(sample_plan, name="Plan A"), tmp_path / "A.slaplan")
    save_plan(replace(sample_plan, name="Plan B"), tmp_path / "A.slaplan?b.slaplan")
    assert load_plan(tmp_path / "A.slaplan?b.slaplan").name == "Plan B"
    assert load_plan(tmp_path / "A.slaplan").name == "Plan A"


def test_a_folder_with_a_question_mark_is_not_created_as_a_file(sample_plan, tmp_path):
    folder = tmp_path / "dir?x"
    folder.mkdir()
    save_plan(sample_plan, folder / "plan.slaplan")
    assert load_plan(folder / "plan.slaplan") == sample_plan
    assert sorted(os.listdir(tmp_path)) == ["dir?x"]
    assert sorted(os.listdir(folder)) == ["plan.slaplan"]


def test_a_missing_percent_name_is_refused_without_creating_one(tmp_path):
    with pytest.raises(PlanFileError, match="no such file"):
        load_plan(tmp_path / "Z%20.slaplan")
    assert os.listdir(tmp_path) == []


# -- integrity on open ----------------------------------------------------------------------------
class Hung(Exception):
    """Raised by the alarm: the call under test did not return in time."""


@pytest.fixture
def time_limit():
    """Fail (rather than hang the run) when the test takes more than 15 seconds."""
    import signal

    def ring(*_):
        raise Hung()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(15)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _tamper(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def _refusal(path: Path) -> str:
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300 + len(str(path))
    return message


@pytest.fixture
def saved(sample_plan, tmp_path) -> Path:
    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path)
    return path


@pytest.fixture
def legacy(tmp_path) -> Path:
    """A copy of a plan file in the first format (schema 0001), which is migrated on open."""
    path = tmp_path / "legacy.slaplan"
    path.write_bytes((Path(__file__).parents[1] / "data" / "format-0001.slaplan").read_bytes())
    return path


def test_a_source_with_a_broken_plan_reference_is_not_dropped(legacy):
    _tamper(legacy, "UPDATE lead_source SET plan_id = 99 WHERE position = 0")
    assert "lead_source" in _refusal(legacy)


def test_a_version_with_a_broken_proposal_reference_is_refused(saved):
    _tamper(saved, "DROP TRIGGER plan_version_no_update", "UPDATE plan_version SET proposal_id = 99")
    assert "plan_version" in _refusal(saved)


def test_a_source_belonging_to_no_plan_is_not_dropped(legacy):
    _tamper(
        legacy,
        "CREATE TABLE t AS SELECT * FROM lead_source",
        "DROP TABLE lead_source",
        "CREATE TABLE lead_source (id INTEGER PRIMARY KEY, plan_id INTEGER REFERENCES plan(id), position INTEGER,"
        " name VARCHAR, segment VARCHAR, channel VARCHAR, volume_mode VARCHAR, baseline FLOAT, growth FLOAT)",
        "INSERT INTO lead_source SELECT * FROM t",
        "DROP TABLE t",
        "UPDATE lead_source SET plan_id = NULL WHERE position = 0",
    )
    assert "lead_source" in _refusal(legacy)


def test_two_schema_revisions_are_refused(saved):
    _tamper(saved, "INSERT INTO alembic_version VALUES ('0000_other')")
    assert "2 schema revisions" in _refusal(saved)


def test_a_missing_revision_is_not_called_a_newer_version(saved):
    _tamper(saved, "DELETE FROM alembic_version")
    message = _refusal(saved)
    assert "newer" not in message and "no schema revision" in message


def test_a_missing_table_is_named(saved, legacy):
    _tamper(saved, "DROP TABLE signature")
    assert "signature" in _refusal(saved)
    _tamper(legacy, "DROP TABLE source_month")
    assert "source_month" in _refusal(legacy)


ENDLESS = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)"


@pytest.mark.parametrize(
    "table, columns",
    [("stage", "1 AS plan_id, x AS position, 'S' AS name"), ("alembic_version", "'0001' AS version_num"),
     ("plan", "x AS id, 'P' AS name"), ("plan_version", "1 AS proposal_id, x AS number"),
     ("proposal", "x AS id, 'P' AS name")],
)  # fmt: skip
def test_a_table_replaced_by_an_endless_view_is_refused_quickly(saved, legacy, time_limit, table, columns):
    for path in (saved, legacy):
        _tamper(path, f"DROP TABLE IF EXISTS {table}", f"CREATE VIEW {table} AS {ENDLESS} SELECT {columns} FROM r")
        assert "view" in _refusal(path)


def test_every_read_has_a_time_limit(tmp_path, time_limit):
    """The backstop: a query that never ends is interrupted, whatever the file holds."""
    from slaplanner.storage import _opened

    path = tmp_path / "x.slaplan"
    sqlite3.connect(path).close()
    with _opened(path, 0.5) as engine, engine.connect() as conn, pytest.raises(Exception, match="interrupted"):
        conn.exec_driver_sql(f"{ENDLESS} SELECT count(*) FROM r").all()


UNLOCK = "DROP TRIGGER plan_version_no_update"


def test_bad_json_in_a_section_is_one_line(saved, legacy):
    _tamper(legacy, "UPDATE plan_section SET data = '{not json' WHERE rowid = (SELECT min(rowid) FROM plan_section)")
    assert "not valid JSON" in _refusal(legacy)
    _tamper(saved, UNLOCK, "UPDATE plan_version SET content = '{not json'")
    assert "not valid JSON" in _refusal(saved)


def test_deeply_nested_json_in_a_section_is_one_line(saved, legacy):
    deep = "[" * 5000 + "]" * 5000
    _tamper(legacy, f"UPDATE plan_section SET data = '{deep}' WHERE rowid = (SELECT min(rowid) FROM plan_section)")
    assert "nested" in _refusal(legacy)
    _tamper(saved, UNLOCK, f"UPDATE plan_version SET content = '{deep}'")
    assert "nested" in _refusal(saved)


def test_invalid_utf8_in_a_section_is_one_line(saved, legacy):
    _tamper(legacy, "UPDATE plan_section SET data = CAST(X'7B22C3' || X'FF' || zeroblob(2000) AS TEXT)")
    _refusal(legacy)
    _tamper(saved, UNLOCK, "UPDATE plan_version SET content = CAST(X'7B22C3' || X'FF' || zeroblob(2000) AS TEXT)")
    _refusal(saved)


# -- special files --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["x.slaplan", "x.json"])
def test_a_fifo_is_refused_without_blocking(tmp_path, time_limit, name):
    os.mkfifo(tmp_path / name)
    assert "not a regular file" in _refusal(tmp_path / name)


@pytest.mark.parametrize("name", ["zero.slaplan", "zero.json"])
def test_a_link_to_a_device_is_refused(tmp_path, time_limit, name):
    (tmp_path / name).symlink_to("/dev/zero")
    assert "not a regular file" in _refusal(tmp_path / name)


def test_a_too_long_name_is_one_line(tmp_path):
    _refusal(tmp_path / ("x" * 300 + ".slaplan"))


def test_a_link_loop_is_one_line(tmp_path):
    (tmp_path / "loop.slaplan").symlink_to(tmp_path / "loop.slaplan")
    _refusal(tmp_path / "loop.slaplan")
