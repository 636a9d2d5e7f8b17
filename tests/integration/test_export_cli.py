"""``slaplanner export``: all three files, atomic writes, usage errors, and LibreOffice opening the .docx."""

from __future__ import annotations

import os
import subprocess
import zipfile

import docx
import openpyxl
import pytest
from external_tools import has_tool, require_tool

from slaplanner.cli.main import main


def test_export_writes_all_three(sample_plan_path, tmp_path, capsys):
    out = {ext: tmp_path / f"sla.{ext}" for ext in ("docx", "pdf", "xlsx")}
    targets = (a for ext, p in out.items() for a in (f"--{ext}", str(p)))
    code = main(["export", str(sample_plan_path), *targets, "--runs", "200"])
    assert code == 0
    printed = capsys.readouterr().out
    for path in out.values():
        assert f"wrote {path}" in printed
    assert docx.Document(str(out["docx"])).paragraphs[6].style.name == "Title"
    assert out["pdf"].read_bytes().startswith(b"%PDF-")
    assert "Funnel" in openpyxl.load_workbook(out["xlsx"]).sheetnames
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sla.docx", "sla.pdf", "sla.xlsx"]  # no temporary files


def test_one_format_and_the_scenario_option(sample_plan_path, tmp_path):
    path = tmp_path / "high.xlsx"
    assert main(["export", str(sample_plan_path), "--xlsx", str(path), "--scenario", "high", "--runs", "200"]) == 0
    wb = openpyxl.load_workbook(path)
    (sheet, ref), *_ = list(wb.defined_names["Scenario"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == "high"


def test_no_format_is_a_usage_error(sample_plan_path, capsys):
    assert main(["export", str(sample_plan_path)]) == 2
    assert "--docx" in capsys.readouterr().err


def test_a_missing_folder_is_a_plain_error(sample_plan_path, tmp_path, capsys):
    assert main(["export", str(sample_plan_path), "--pdf", str(tmp_path / "nope" / "a.pdf")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_a_failed_write_leaves_the_previous_file_whole(sample_plan_path, tmp_path, monkeypatch):
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"the previous export")

    def broken_save(self, filename):
        with open(filename, "wb") as f:
            f.write(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    assert main(["export", str(sample_plan_path), "--xlsx", str(target), "--runs", "100"]) == 2
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


@pytest.mark.soffice
def test_libreoffice_opens_the_word_file(sample_plan_path, tmp_path):
    """LibreOffice converts the .docx to PDF; a file it had to repair would lose pages or fail."""
    require_tool("soffice", "LibreOffice")
    path = tmp_path / "sla.docx"
    assert main(["export", str(sample_plan_path), "--docx", str(path), "--runs", "200"]) == 0
    profile = f"file:///tmp/lo_profile_{os.getpid()}"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path / "out"), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdf = tmp_path / "out" / "sla.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
    if has_tool("pdftotext", "poppler-utils"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Sign-off" in text and "Marketing's commitments" in text
        assert text.count("\f") >= 5


def _zero_sdr_plan(sample_plan_path, tmp_path):
    import json

    data = json.loads(sample_plan_path.read_text(encoding="utf-8"))
    for role in data["team"]["roles"]:
        if role["kind"] == "SDR":
            role["headcount"] = [0] * len(role["headcount"])
    path = tmp_path / "no-sdr.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_infeasible_plan_exports_with_one_warning_and_one_sentence(sample_plan_path, tmp_path, capsys):
    plan = _zero_sdr_plan(sample_plan_path, tmp_path)
    pdf, xlsx = tmp_path / "sla.pdf", tmp_path / "sla.xlsx"
    assert main(["export", str(plan), "--pdf", str(pdf), "--xlsx", str(xlsx), "--runs", "20"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    sentence = "The simulation could not run: the SDR team has no reps in Jan–Dec 2026 while leads arrive."
    assert err == [f"slaplanner export: warning: {sentence}"]
    if has_tool("pdftotext", "poppler-utils"):
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
        spelled = sentence.replace("SDR team", "SDR (sales development representative) team")  # its first use
        assert text.count(spelled) == 1 and text.count(sentence) == 1
        assert "is not allowed" not in text and "headcount[" not in text
    sheet = openpyxl.load_workbook(xlsx)["Simulation"]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert sentence in texts and not any("does not have a sales team" in t for t in texts)


@pytest.mark.parametrize("runs", ["0", "-5", "100001", "many"])
def test_runs_outside_1_to_100000_is_a_usage_error(sample_plan_path, tmp_path, capsys, runs):
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(sample_plan_path), "--xlsx", str(tmp_path / "b.xlsx"), "--runs", runs])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--runs" in err and "1 to 100,000" in err and "Traceback" not in err
    assert not (tmp_path / "b.xlsx").exists()


@pytest.mark.parametrize(
    ("flag", "name", "expected"),
    [
        ("--pdf", "x.docx", ".pdf"),
        ("--xlsx", "book.pdf", ".xlsx"),
        ("--docx", "y.pdf", ".docx"),
        ("--pdf", "x", ".pdf"),
    ],
)
def test_a_mismatched_extension_is_refused(sample_plan_path, tmp_path, capsys, flag, name, expected):
    assert main(["export", str(sample_plan_path), flag, str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert flag in err and f"must end in {expected}" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_export_files_refuses_a_mismatched_extension(sample_plan, tmp_path):
    from slaplanner.cli.commands.export import export_files

    with pytest.raises(ValueError, match=r"--pdf .*must end in \.pdf"):
        export_files(sample_plan, pdf=tmp_path / "x.docx")
    assert list(tmp_path.iterdir()) == []


def _two_proposals(sample_plan, folder):
    """Proposal "Plan" (the sample, agreed by both sides) and "Compromise" version 2 (Enterprise
    raised from 100 to 120 SQLs a month, not signed)."""
    from dataclasses import replace

    from slaplanner import storage
    from slaplanner.agreement.model import Signatory
    from slaplanner.plan.commitments import SqlCommitment

    path = folder / "negotiation.slaplan"
    storage.save_plan(sample_plan, path, author="alice")
    store = storage.file_store(path)
    store.sign("Plan", Signatory("Maria Lopez", "marketing", "CMO"))
    store.sign("Plan", Signatory("Sam Okafor", "sales", "CRO"))
    store.add_proposal("Compromise", copy_of="Plan", author="alice")
    marketing = tuple(
        SqlCommitment(c.segment, 120) if c.segment == "Enterprise" else c for c in sample_plan.commitments.marketing
    )
    raised = replace(sample_plan, commitments=replace(sample_plan.commitments, marketing=marketing))
    store.save_version("Compromise", raised, parent=1, author="alice")
    return path


def test_export_names_the_proposal_and_version_a_location_opens(sample_plan, tmp_path, capsys):
    path = _two_proposals(sample_plan, tmp_path)
    draft, xlsx = tmp_path / "draft.docx", tmp_path / "sla.xlsx"
    assert main(["export", f"{path}#Compromise@2", "--docx", str(draft), "--xlsx", str(xlsx), "--runs", "20"]) == 0
    d = docx.Document(str(draft))
    facts = {r.cells[0].text: r.cells[1].text for r in d.tables[0].rows}
    assert (facts["Proposal"], facts["Version"].split(",")[0], facts["Status"]) == (
        "Compromise", "2", "Draft: not signed by both sides"
    )  # fmt: skip
    assert "DRAFT" in d.sections[0].header.paragraphs[0].text
    assert "Marketing's SQL commitment (Enterprise): 100 -> 120 a month" in [p.text for p in d.paragraphs]
    committed = next(r for r in openpyxl.load_workbook(xlsx)["Proposals"].iter_rows(values_only=True)
                     if r[0] == "SQLs committed a month (all segments)")  # fmt: skip
    assert committed[1:3] == (335, 355)

    agreed = tmp_path / "agreed.docx"
    assert main(["export", str(path), "--docx", str(agreed), "--runs", "20"]) == 0  # the latest agreed version
    a = docx.Document(str(agreed))
    facts = {r.cells[0].text: r.cells[1].text for r in a.tables[0].rows}
    assert facts["Proposal"] == "Plan" and facts["Status"].startswith("Agreed on ")
    assert not any("DRAFT" in p.text for p in a.sections[0].header.paragraphs)

    capsys.readouterr()
    # no such proposal: a usage error (2); docs/export.md keeps 1 for an invalid plan
    assert main(["export", f"{path}#Nope", "--docx", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Plan, Compromise" in err[0] and not (tmp_path / "x.docx").exists()
