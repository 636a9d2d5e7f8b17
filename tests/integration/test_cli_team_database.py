"""Issue 12 on the command line, against a throwaway PostgreSQL server: convert a file into a
team database and back, list its agreements, report and sign on a database location, and one
plain line (exit 2) when the database cannot be used."""

from __future__ import annotations

import json

import pytest

from slaplanner.cli.main import main
from slaplanner.storage import load_agreement


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def shared(pg_database, sample_plan_path, capsys) -> str:
    """The sample plan copied into a fresh database as the agreement "FY2026 SLA"; its location."""
    location = f"{pg_database}#FY2026 SLA"
    code, out, err = run(capsys, "convert", str(sample_plan_path), location)
    assert (code, err) == (0, "") and out.strip() == f"copied into {location}"
    return location


def test_convert_into_the_database_and_back(capsys, shared, pg_database, sample_plan_path, tmp_path):
    code, _, err = run(capsys, "convert", str(sample_plan_path), shared.replace("FY2026 SLA", "fy2026 sla"))
    assert code == 2 and "already holds an agreement named fy2026 sla" in err
    out_file = tmp_path / "copy.slaplan"
    assert run(capsys, "convert", shared, str(out_file))[0] == 0
    copied = load_agreement(out_file)
    assert copied.name == "FY2026 SLA"
    assert copied.proposal("Plan").head.plan == load_agreement(sample_plan_path).proposals[0].head.plan


def test_report_reads_a_database_location_like_a_file(capsys, shared, sample_plan_path):
    from_db = run(capsys, "report", shared, "--json")
    from_file = run(capsys, "report", str(sample_plan_path), "--json")
    assert from_db[0] == 0 and json.loads(from_db[1]) == json.loads(from_file[1])


def test_agreements_lists_status_last_change_and_author(capsys, shared, pg_database):
    assert run(capsys, "sign", f"{shared}#Plan", "--name", "Ann", "--side", "marketing")[0] == 0
    code, out, _ = run(capsys, "agreements", pg_database, "--json")
    assert code == 0
    (row,) = json.loads(out)["agreements"]
    assert (row["name"], row["status"], row["proposals"]) == ("FY2026 SLA", "draft", 1)
    assert row["last_saved_at"] and row["location"].endswith("#FY2026 SLA")
    code, out, err = run(capsys, "sign", shared, "--name", "Bob", "--side", "sales")
    assert code == 0 and "now agreed by both sides and locked" in out
    code, out, _ = run(capsys, "agreements", pg_database)
    assert code == 0 and out.split()[:3] == ["FY2026", "SLA", "agreed"]
    code, _, err = run(capsys, "sign", shared, "--name", "Bob", "--side", "sales")
    assert code == 1 and "agreed" in err


def test_a_database_that_cannot_be_used_is_one_plain_line(capsys, shared, pg_database, monkeypatch):
    code, _, err = run(capsys, "report", shared.replace("FY2026 SLA", "Missing"))
    assert code == 2 and "there is no agreement named Missing" in err
    monkeypatch.setenv("PGPASSWORD", "wrong")
    code, out, err = run(capsys, "agreements", pg_database)
    assert code == 2 and out == "" and err.startswith("slaplanner: authentication failed for postgres")
    assert "Traceback" not in err
