"""The command-line contract of issue 4: ``slaplanner score`` and ``slaplanner check``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from slaplanner.cli.main import main
from slaplanner.samples import sample_leads_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_LEADS = sample_leads_path()

# Scored with the sample plan's definitions (MQL at 50, SQL at 85 or a demo/contact request):
#  row 2 (Jan): 2400 staff 25 + Retail 10 + Germany 5 + VP 20 + "Data" 10 = 70 -> MQL, not SQL; the CRM says
#               Customer, so it also counts as SAL (accepted), but not beyond SQL: Lead MQL SAL
#  row 3 (Jan): a demo request -> SQL; CRM: Opportunity -> Lead MQL SAL SQL Opportunity
#  row 4 (Jan): gmail -> disqualified -> Lead
#  row 5: no create date -> rejected
#  row 6 (Feb): nothing fits -> Lead
LEADS = (
    "Record ID,Create Date,Lead Source,Lifecycle Stage,Email,Number of Employees,Industry,Country/Region,"
    "Seniority,Job Title,Demo Request Date\n"
    "1,2026-01-05 10:00,Webinars,Customer,a@x.example,2400,Retail,Germany,VP,VP Data,\n"
    "2,2026-01-20 11:00,Paid search,Opportunity,b@y.example,20,Media,Brazil,Individual contributor,Clerk,2026-01-21\n"
    "3,2026-01-21 12:00,Paid search,Lead,c@gmail.com,2400,Retail,Germany,VP,VP Data,2026-01-21\n"
    "4,,Webinars,Lead,d@z.example,10,,,,,\n"
    "5,2026-02-01 09:00,Organic search,Subscriber,e@w.example,10,Media,Japan,Individual contributor,Clerk,\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def leads(tmp_path: Path) -> Path:
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    return path


def test_score_json_keys_and_hand_worked_counts(capsys, sample_plan_path: Path, leads: Path) -> None:
    code, out, _ = run(capsys, "score", str(sample_plan_path), str(leads), "--json")
    assert code == 0
    data = json.loads(out)
    assert {"months", "counts", "rejected_rows"} <= set(data)
    assert data["months"] == ["2026-01", "2026-02"]
    assert data["counts"] == {
        "Lead": [3, 1],
        "MQL": [2, 0],
        "SAL": [2, 0],
        "SQL": [1, 0],
        "Opportunity": [1, 0],
        "Won": [0, 0],
    }
    assert data["rejected_rows"] == [
        {"row": 5, "column": "Create Date", "reason": "no date; allowed: a date such as 2025-03-14"}
    ]
    assert data["disqualified"] == 1 and data["fast_lane"] == 1


def test_score_text_report(capsys, sample_plan_path: Path, leads: Path) -> None:
    code, out, _ = run(capsys, "score", str(sample_plan_path), str(leads))
    assert code == 0
    assert "4 leads scored, 1 row rejected," in out  # one row: singular
    assert "2026-01" in out and "Opportunity" in out
    assert "row 5, column 'Create Date'" in out
    assert "Lead -> MQL 50.0%" in out  # 2 of 4
    by_source = out[out.index("By source") :].splitlines()
    paid = next(line for line in by_source if line.startswith("Paid search"))
    assert paid.split()[2:] == ["2", "1", "1", "1", "1", "0"]  # rows 3 and 4: two leads, one SQL (demo)


def test_score_sample_export(capsys, sample_plan_path: Path) -> None:
    code, out, _ = run(capsys, "score", str(sample_plan_path), str(SAMPLE_LEADS), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["months"][0] == "2025-01" and data["months"][-1] == "2026-09"
    assert len(data["by_source"]) == 7
    assert [r["row"] for r in data["rejected_rows"]] == [59, 1205, 4412]
    assert len(data["formula_cells"]) == 2
    lead, mql = sum(data["counts"]["Lead"]), sum(data["counts"]["MQL"])
    assert lead > 5000 and 0.1 < mql / lead < 0.4


def test_score_needs_a_mapping_for_unknown_columns(capsys, sample_plan_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("Signup;Channel\n2026-01-03;Webinars\n2026-01-04;Webinars\n", encoding="utf-8")
    code, _, err = run(capsys, "score", str(sample_plan_path), str(other))
    assert code == 2
    assert "no column holds the lead's create date" in err and "--map" in err
    code, out, _ = run(
        capsys,
        "score",
        str(sample_plan_path),
        str(other),
        "--map",
        "Signup=created",
        "--map",
        "Channel=source",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["counts"]["Lead"] == [2]


def test_score_map_names_an_unknown_field(capsys, sample_plan_path: Path, leads: Path) -> None:
    code, out, err = run(capsys, "score", str(sample_plan_path), str(leads), "--map", "Create Date=nonsense")
    assert code == 2 and out == ""
    assert "unknown field 'nonsense'; known fields: lead_id, created, source," in err
    assert "create date" not in err.casefold().replace("'create date=nonsense'", "")
    code, _, err = run(capsys, "score", str(sample_plan_path), str(leads), "--map", "Create Date=event:demo")
    assert code == 2 and "event:<name>:count" in err
    # fields the definitions test and event targets are known
    code, _, err = run(capsys, "score", str(sample_plan_path), str(leads), "--map", "Create Date=created", "--json")
    assert code == 0, err


def test_score_refuses_a_file_that_is_not_csv(capsys, sample_plan_path: Path, tmp_path: Path) -> None:
    binary = tmp_path / "leads.xlsx"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100))
    code, out, err = run(capsys, "score", str(sample_plan_path), str(binary))
    assert code == 2
    assert "not a CSV file" in err and out == ""
    code, _, err = run(capsys, "score", str(sample_plan_path), str(binary), "--map", "oops")
    assert code == 2 and "HEADER=FIELD" in err


def test_check_exit_codes(capsys, sample_plan_path: Path, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check", str(sample_plan_path))
    assert code == 0, out
    assert "no conflicts" in out
    data = json.loads(sample_plan_path.read_text(encoding="utf-8"))
    for rule in data["engagement"]["stages"]:
        if rule["stage"] == "SAL":
            rule["handoff_actions"] = []  # nurture from Lead/MQL is no longer stopped
        if rule["stage"] == "MQL":
            rule["escalate_to"] = ""
    data["definitions"]["mql_threshold"] = 75  # breaks the 70-point example
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(bad))
    assert code == 1
    lines = out.strip().splitlines()
    assert any(line.startswith("[nurture_overlap] stage SAL:") for line in lines)
    assert sum(line.startswith("[clock_without_escalation] stage MQL:") for line in lines) == 2
    assert any(line.startswith("[broken_example] Analytics manager") for line in lines)
    code, out, _ = run(capsys, "check", str(bad), "--json")
    assert code == 1
    report = json.loads(out)
    assert {c["kind"] for c in report["conflicts"]} == {"nurture_overlap", "clock_without_escalation"}
    assert [b["name"] for b in report["broken_examples"]] == [
        "Analytics manager at a mid-size software firm, one webinar"
    ]


def test_commands_run_as_a_program(sample_plan_path: Path, leads: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "score", str(sample_plan_path), str(leads), "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["counts"]["Lead"] == [3, 1]
