"""``slaplanner export``: all three files, atomic writes, usage errors, and LibreOffice opening the .docx."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile

import docx
import openpyxl
import pytest

from slaplanner.cli import main


def test_export_writes_all_three(sample_plan_path, tmp_path, capsys):
    out = {ext: tmp_path / f"sla.{ext}" for ext in ("docx", "pdf", "xlsx")}
    code = main(["export", str(sample_plan_path), *(a for ext, p in out.items() for a in (f"--{ext}", str(p)))])
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
    assert main(["export", str(sample_plan_path), "--xlsx", str(path), "--scenario", "high"]) == 0
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
    assert main(["export", str(sample_plan_path), "--xlsx", str(target)]) == 2
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not on the PATH")
def test_libreoffice_opens_the_word_file(sample_plan_path, tmp_path):
    """LibreOffice converts the .docx to PDF; a file it had to repair would lose pages or fail."""
    path = tmp_path / "sla.docx"
    assert main(["export", str(sample_plan_path), "--docx", str(path)]) == 0
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
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Sign-off" in text and "Marketing's commitments" in text
        assert text.count("\f") >= 5
