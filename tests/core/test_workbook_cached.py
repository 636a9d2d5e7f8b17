"""Issue 15: the workbook shows its numbers before recalculation, and they are the live formulas' own.

Every formula cell carries its computed value (from the results the export was given). Read with
openpyxl ``data_only=True`` and no recalculation, as Excel's Protected View, mail previews and
viewers without a calculation engine read it, the workbook holds every figure of
``slaplanner report --json``. LibreOffice then recalculates the file: every formula must give the
value stored in it, and an edited input must turn the simulation check to "changed".
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from external_tools import require_tool

from slaplanner.cli.main import main
from slaplanner.exports.workbook import CHANGED, MATCHES, write_workbook
from slaplanner.plan.model import CommercialTerms, LeadSource, Plan, RateRange
from slaplanner.results import ResultSettings, compute_results
from slaplanner.storage import load_plan

QUICK = ResultSettings(runs=40, seed=3)


def edge_plan() -> Plan:
    """Four months, a monthly and a baseline source, a 2.5-month cycle (rounds to 2), empty months."""
    return Plan(
        name="Edge",
        start_month="2026-11",
        horizon_months=4,
        stages=("Lead", "MQL", "SQL", "Won"),
        sources=(
            LeadSource(
                "Monthly",
                segment="A",
                volume_mode="monthly",
                monthly_leads=(0, 50, 0, 80),
                conversion=(0.5, RateRange(0.2, 0.4, 0.6), 0.25),
            ),
            LeadSource(
                "Seasonal",
                segment="B",
                baseline=120,
                growth=0.05,
                seasonality=(0.5,) * 6 + (1.5,) * 6,
                conversion=(0.1, 0.9, RateRange(0.1, 0.2, 0.3)),
            ),
        ),
        terms=CommercialTerms(
            average_deal_size=900, sales_cycle_days=76.09375, revenue_target=(1000, 0, 5000, 2500), marketing_share=0.7
        ),
    )


def report_json(plan_path: Path, capsys) -> dict:
    assert main(["report", str(plan_path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"}


@pytest.fixture
def sample_book(sample_plan_path, tmp_path):
    path = tmp_path / "sample.xlsx"
    plan = load_plan(sample_plan_path)
    write_workbook(plan, path, compute_results(plan, QUICK))
    return path


def test_every_formula_cell_carries_a_value(sample_book):
    formulas = formula_cells(sample_book)
    values = openpyxl.load_workbook(sample_book, data_only=True)
    assert len(formulas) > 500
    missing = [key for key in formulas if values[key[0]][key[1]].value is None]
    assert missing == []
    with zipfile.ZipFile(sample_book) as z:
        book = z.read("xl/workbook.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert 'fullCalcOnLoad="1"' in book  # Excel and LibreOffice still recalculate when the file is opened
    assert '<c r="A3" s="' in sheet and 't="str"' in sheet  # text results are typed as strings


def test_without_recalculation_the_workbook_holds_every_figure_of_report_json(sample_plan_path, sample_book, capsys):
    report = report_json(sample_plan_path, capsys)
    wb = openpyxl.load_workbook(sample_book, data_only=True)
    funnel = wb["Funnel"]
    rows = {(r[0], r[1]): r[2:] for r in funnel.iter_rows(min_row=6, values_only=True) if r[0]}
    n = len(report["months"])
    approx = lambda values: pytest.approx(values, rel=1e-9, abs=1e-6)  # noqa: E731
    for block, key in (("Planned", "forward"), ("Required", "required"), ("Gap", "gap")):
        for stage, monthly in report[key].items():
            assert list(rows[(block, stage)][:n]) == approx(monthly), (block, stage)
            assert rows[(block, stage)][n] == approx(report["totals"][key][stage]), (block, stage)
    assert list(rows[("Revenue", "Planned")][:n]) == pytest.approx(report["revenue"]["planned"], abs=0.01)
    assert list(rows[("Revenue", "Required")][:n]) == pytest.approx(report["revenue"]["required"], abs=0.01)
    assert rows[("Revenue", "Planned")][n] == pytest.approx(report["totals"]["revenue_planned"], abs=0.01)
    blended = [v[0] for (block, _), v in rows.items() if block == "Blended rate"]
    assert blended == approx(list(report["blended_rates"].values()))
    (sheet, ref), *_ = list(wb.defined_names["LagMonths"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == report["lag_months"]
    header = [c.value for c in funnel[4][2 : 2 + n]]
    assert [f"{d:%Y-%m}" for d in header] == report["months"]
    # The Summary's headline figures, as the executive first sees them.
    summary = {r[0]: r[1:] for r in wb["Summary"].iter_rows(values_only=True) if isinstance(r[0], str)}
    assert list(summary["All segments: planned (live)"][:n]) == approx(report["forward"]["SQL"])
    assert list(summary["All segments: needed for the goal (live)"][:n]) == approx(report["required"]["SQL"])
    assert summary["SQLs planned"][0] == approx(report["totals"]["forward"]["SQL"])
    assert summary["SQL gap"][0] == approx(report["totals"]["gap"]["SQL"])
    assert summary["Revenue planned (marketing-sourced)"][0] == pytest.approx(
        report["totals"]["revenue_planned"], abs=0.01
    )
    assert summary["Leads needed for the goal"][0] == approx(report["totals"]["required"]["Lead"])
    assert wb["Summary"]["A4"].value == MATCHES and wb["Summary"]["A3"].value == f"Rates: {report['scenario']}"


def test_the_rate_level_table_holds_report_json_at_each_level(sample_plan_path, sample_book, capsys):
    wb = openpyxl.load_workbook(sample_book, data_only=True)
    levels = {r[0]: r for r in wb["Summary"].iter_rows(values_only=True) if r[0] in ("low", "likely", "high")}
    for level in ("low", "likely", "high"):
        assert main(["report", str(sample_plan_path), "--json", "--scenario", level]) == 0
        report = json.loads(capsys.readouterr().out)
        totals = report["totals"]
        assert levels[level][1] == pytest.approx(totals["forward"]["SQL"], rel=1e-9), level
        assert levels[level][3] == pytest.approx(totals["required"]["SQL"], rel=1e-9), level
        assert levels[level][5] == pytest.approx(totals["revenue_planned"], abs=0.01), level
        assert levels[level][7] == pytest.approx(totals["revenue_required"], abs=0.01), level


# -- LibreOffice recalculates: the stored values are the formulas' own ---------------------------
def recalculate(paths: list[Path], out: Path) -> None:
    profile = f"file:///tmp/lo_profile_cached_{os.getpid()}"
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx", "--outdir"]
    subprocess.run([*command, str(out), *map(str, paths)], check=True, capture_output=True, timeout=300)


@pytest.mark.soffice
def test_libreoffice_recalculates_the_values_stored_in_every_formula_cell(sample_plan_path, tmp_path):
    """Three workbooks (the sample, the sample at high rates, an edge plan) recalculated by
    LibreOffice: every formula cell's value equals the one stored at export. A fourth copy of the
    sample with one rate edited must flag that the simulation no longer matches the assumptions."""
    require_tool("soffice", "LibreOffice")
    sample = load_plan(sample_plan_path)
    cases = {
        "sample": (sample, QUICK),
        "sample_high": (sample, ResultSettings(scenario="high", runs=40, seed=3)),
        "edge": (edge_plan(), ResultSettings(runs=0)),
    }
    paths = []
    for name, (plan, settings) in cases.items():
        path = tmp_path / f"{name}.xlsx"
        write_workbook(plan, path, compute_results(plan, settings))
        paths.append(path)
    edited = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(paths[0])
    (sheet, ref), *_ = list(wb.defined_names["Source1_Rate1_Likely"].destinations)
    wb[sheet][ref.replace("$", "")].value = 0.31
    wb.save(edited)
    out = tmp_path / "out"
    recalculate([*paths, edited], out)
    for path in paths:
        stored = openpyxl.load_workbook(path, data_only=True)
        recalculated = openpyxl.load_workbook(out / path.name, data_only=True)
        formulas = formula_cells(path)
        assert len(formulas) > 100, path.name
        for sheet_name, coordinate in formulas:
            before = stored[sheet_name][coordinate].value
            after = recalculated[sheet_name][coordinate].value
            where = (path.name, sheet_name, coordinate, formulas[(sheet_name, coordinate)])
            if isinstance(before, (int, float)) and not isinstance(before, bool):
                assert after == pytest.approx(before, rel=1e-9, abs=1e-9), where
            else:
                assert after == before, where
    assert openpyxl.load_workbook(out / "sample.xlsx", data_only=True)["Summary"]["A4"].value == MATCHES
    changed = openpyxl.load_workbook(out / "edited.xlsx", data_only=True)
    assert changed["Summary"]["A4"].value == CHANGED
    assert changed["Capacity"]["A3"].value == CHANGED and changed["Simulation"]["A3"].value == CHANGED
