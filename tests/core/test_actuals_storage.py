"""Actuals kept in the plan file: written, read back whole, replaced by a new import, migrated."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np

from slaplanner.imports.actuals import read_actuals
from slaplanner.plan.model import Plan
from slaplanner.samples import sample_plan_text
from slaplanner.storage import head_revision, load_agreement, save_plan
from slaplanner.storage.actuals import load_actuals, save_actuals

DATA = Path(__file__).resolve().parent.parent / "data"
SMALL = DATA / "actuals-small.csv"


def _plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.slaplan"
    save_plan(Plan.from_dict(json.loads(sample_plan_text())), path)
    return path


def test_saved_actuals_read_back_whole(tmp_path):
    path = _plan_file(tmp_path)
    assert load_actuals(path) is None
    actuals = read_actuals(SMALL, time_zone="America/New_York", imported_at="2026-04-02T09:00:00+00:00")
    save_actuals(path, actuals)
    back = load_actuals(path)
    assert back is not None
    assert (back.file_name, back.imported_at, back.rows_read, back.rows_rejected) == (
        "actuals-small.csv",
        "2026-04-02T09:00:00+00:00",
        15,
        1,
    )
    assert back.mapping["Became a Sales Qualified Lead Date"] == "became_sql_at"
    assert back.rows.tolist() == actuals.rows.tolist()
    for name in ("became_sql_at", "first_touch_at", "won_at"):
        np.testing.assert_array_equal(back.time(name), actuals.time(name))
    assert back.text("owner").tolist() == actuals.text("owner").tolist()
    assert [p.row for p in back.rejected] == [15]
    assert back.columns == actuals.columns


def test_importing_again_replaces_and_none_removes(tmp_path):
    path = _plan_file(tmp_path)
    actuals = read_actuals(SMALL, time_zone="America/New_York")
    save_actuals(path, actuals)
    save_actuals(path, actuals)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM actuals_import").fetchone() == (1,)
    save_actuals(path, None)
    assert load_actuals(path) is None
    assert [p.name for p in load_agreement(path).proposals] == ["Plan"]


def test_an_older_file_has_no_actuals_and_gets_the_table_when_saved_into(tmp_path):
    """A schema-0001 file opens with no actuals; saving actuals migrates it to today's schema."""
    path = tmp_path / "old.slaplan"
    shutil.copy(DATA / "format-0001.slaplan", path)
    assert load_actuals(path) is None
    save_actuals(path, read_actuals(SMALL, time_zone="America/New_York"))
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
    back = load_actuals(path)
    assert back is not None and len(back) == 14
