"""``slaplanner sample DIR``: the sample plan and lead export, written where the user asks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from slaplanner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def test_sample_writes_the_three_files_and_prints_their_paths(tmp_path, capsys):
    """The plan and lead export lines as before, then the review's sample actuals (a new user's
    trial found nothing valid to review: the lead export has no SQL dates)."""
    folder = tmp_path / "start here"
    assert main(["sample", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        str(folder / "sample-plan.json"),
        str(folder / "sample-leads.csv"),
        str(folder / "sample-actuals.csv"),
    ]
    # What it wrote is a plan the other commands take.
    assert main(["validate", out[0]]) == 0
    capsys.readouterr()
    assert main(["score", out[0], out[1], "--json"]) == 0
    assert '"counts"' in capsys.readouterr().out
    # The actuals review: SMB is short on purpose, so a commitment is missed (1), never a file error (2).
    assert main(["review", out[0], out[2], "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["sqls"] == 1064 and data["marketing"]["period"]["judged"] is True


def test_sample_help_names_the_actuals():
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "sample", "--help"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0 and "sample-actuals.csv" in run.stdout


def test_sample_into_a_file_is_one_plain_line_and_exit_2(tmp_path, capsys):
    blocker = tmp_path / "plan.txt"
    blocker.write_text("x", encoding="utf-8")
    assert main(["sample", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("slaplanner: ") and "cannot make this folder" in err and "Traceback" not in err


def _slaplanner(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_sample_then_report_from_another_folder(tmp_path):
    """The issue's check: ``slaplanner sample /tmp/x && slaplanner report /tmp/x/<plan>`` from any folder."""
    run = _slaplanner("sample", "x", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    plan = run.stdout.splitlines()[0]
    report = _slaplanner("report", plan, cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert "Northwind" in report.stdout and "Lead" in report.stdout


def test_version_is_the_packages():
    from slaplanner import __version__

    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0 and run.stdout.strip() == f"SLA Planner {__version__}"
