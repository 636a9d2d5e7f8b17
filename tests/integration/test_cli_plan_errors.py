"""A new user's trial of the command line (slaplanner/cli/commands/_plans.py and the commands
using it): an invalid plan is named in every message, exits 2 where exit 1 means something else
(``diff``: different, ``review``: a commitment missed) and keeps exit 1 where that is the
documented "the plan has problems" (``validate``, ``check``, ``compare``, ``report``); a location
naming no such proposal or version is trouble (2); ``review --pdf`` takes the names ``export
--pdf`` takes; ``compare`` needs two plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slaplanner.cli.main import main
from slaplanner.errors import ValidationError
from slaplanner.storage import open_location

SMALL = Path(__file__).resolve().parents[1] / "data" / "actuals-small.csv"
BASELINE_PROBLEM = "sources[0].baseline: -500 is not allowed"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def good(sample_plan_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "good.json"
    path.write_bytes(sample_plan_path.read_bytes())
    return path


@pytest.fixture
def bad(sample_plan_path: Path, tmp_path: Path) -> Path:
    """The sample plan with a source's baseline of -500 (the trial's example)."""
    data = json.loads(sample_plan_path.read_text(encoding="utf-8"))
    data["sources"][0]["baseline"] = -500
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def assert_names_only(err: str, bad: Path, good: Path) -> None:
    """Each line names the bad file (as validate does) and none names the good one."""
    lines = err.splitlines()
    assert lines == [f"slaplanner: {bad}: {line.split(f'{bad}: ', 1)[1]}" for line in lines]
    assert any(BASELINE_PROBLEM in line for line in lines) and str(good) not in err


@pytest.mark.parametrize("order", ["bad first", "bad second"])
def test_diff_of_an_invalid_plan_is_trouble_not_different(capsys, good, bad, order):
    """diff: 0 same, 1 different, 2 trouble (README, docs/negotiation.md); it exited 1."""
    pair = (bad, good) if order == "bad first" else (good, bad)
    code, out, err = run(capsys, "diff", *map(str, pair))
    assert code == 2 and out == ""
    assert_names_only(err, bad, good)
    assert run(capsys, "diff", *map(str, pair), "--json")[0] == 2


def test_review_of_an_invalid_plan_is_trouble_not_a_missed_commitment(capsys, good, bad):
    """review: 1 is "a commitment missed" (docs/review.md); an invalid plan exited 1 too."""
    code, out, err = run(capsys, "review", str(bad), str(SMALL))
    assert code == 2 and out == ""
    assert_names_only(err, bad, good)


def test_compare_names_the_invalid_plan_and_keeps_exit_1(capsys, good, bad):
    """compare has no other meaning for 1, so an invalid plan keeps the general "the plan has
    problems" (1); with several plans the message must say which one."""
    code, out, err = run(capsys, "compare", str(good), f"{good}#Plan", str(bad), "--runs", "10")
    assert code == 1 and out == ""
    assert_names_only(err, bad, good)


@pytest.mark.parametrize("command", ["check", "report", "simulate", "proposals", "score", "export"])
def test_every_one_plan_command_names_the_invalid_plan_with_exit_1(capsys, good, bad, tmp_path, command):
    extra = {"score": [str(SMALL)], "export": ["--xlsx", str(tmp_path / "out.xlsx")]}.get(command, [])
    code, out, err = run(capsys, command, str(bad), *extra)
    assert code == 1 and out == ""
    assert_names_only(err, bad, good)


def test_validate_and_check_keep_exit_1_for_an_invalid_plan(capsys, bad):
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 1 and out.splitlines() == [f"{bad}: {BASELINE_PROBLEM}; allowed: a number from 0 to 1,000,000,000"]
    assert run(capsys, "check", str(bad))[0] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "{good}#Plan@99", "{good}"],
        ["diff", "{good}", "{good}#No such proposal"],
        ["validate", "{good}#Plan@99"],
        ["report", "{good}#Plan@99"],
        ["compare", "{good}", "{good}#Plan@99", "--runs", "10"],
        ["review", "{good}#Plan@99", str(SMALL)],
        ["convert", "{good}#Plan@99", "{good}.out.json"],
    ],
    ids=lambda a: a[0] + ("-proposal" if "No such" in " ".join(a) else ""),
)
def test_no_such_proposal_or_version_is_trouble(capsys, good, args):
    """The location names a plan that is not there: a usage error (2), not a problem of a plan (1)."""
    code, out, err = run(capsys, *(a.format(good=good) for a in args))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "one of this" in err


def test_a_team_database_address_without_agreement_is_trouble_and_hides_the_password(capsys, good):
    code, out, err = run(capsys, "diff", "postgresql://ann:s3cret@db.example/sla", str(good))
    assert code == 2 and out == ""
    assert "#AGREEMENT" in err and "postgresql://ann@db.example/sla" in err and "s3cret" not in err
    code, _, err = run(capsys, "report", "postgresql://ann:s3cret@db.example/sla#A#P@0")
    assert code == 2 and "s3cret" not in err


def test_a_location_error_is_still_a_validation_error(good):
    """What catches ValidationError around opening a location (the window) keeps working."""
    from slaplanner.errors import LocationError  # imported here: the other tests run on the old code too

    with pytest.raises(LocationError) as caught:
        open_location(f"{good}#Plan@99")
    assert isinstance(caught.value, ValidationError)


@pytest.mark.parametrize("name", ["score.docx", "score", "score.PDF.txt"])
def test_review_pdf_takes_only_a_pdf_name_as_export_does(capsys, tmp_path, sample_plan_path, name):
    target = tmp_path / name
    code, out, err = run(capsys, "review", str(sample_plan_path), str(SMALL), "--pdf", str(target))
    assert code == 2 and out == "" and not target.exists()
    assert err.startswith(f"slaplanner review: --pdf {target}: the file name ") and err.count("\n") == 1
    assert err.rstrip().endswith("a PDF file must end in .pdf")
    assert run(capsys, "export", str(sample_plan_path), "--pdf", str(target))[2] == err.replace("review", "export", 1)


def test_compare_still_takes_one_plan(capsys, good):
    """The help said "two to four or more" while one plan was accepted: the help now says what it
    takes; one plan still gives its column (scripts may rely on it)."""
    code, out, _err = run(capsys, "compare", str(good), "--runs", "10")
    assert code == 0 and out


def test_compare_help_says_what_it_takes(capsys):
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "one or more (usually two or more, side by side)" in out and "four or more" not in out
