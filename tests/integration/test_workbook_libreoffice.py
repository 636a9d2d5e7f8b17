"""LibreOffice recalculates the exported workbook; every formula must give the app's numbers.

The expected side is :func:`slaplanner.engine.funnel.compute_funnel` (what ``slaplanner report``
prints), computed in Python; the actual side is LibreOffice evaluating the workbook's
formulas. The workbooks are edited before recalculation (a rate, the deal size, the
scenario) to prove that a change in the Assumptions flows through.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from external_tools import require_tool

from slaplanner.engine.funnel import compute_funnel
from slaplanner.exports.workbook import write_workbook
from slaplanner.plan.model import CommercialTerms, LeadSource, Plan, RateRange
from slaplanner.results import ResultSettings, compute_results
from slaplanner.samples import sample_plan_path

#: Results with a small simulation: enough for the document to have every section.
QUICK = ResultSettings(runs=60, seed=1)

pytestmark = pytest.mark.soffice


@pytest.fixture(autouse=True)
def _needs_soffice() -> None:
    require_tool("soffice", "LibreOffice")


SAMPLE_PLAN = sample_plan_path()
ERRORS = ("#DIV/0!", "#NAME?", "#REF!", "#VALUE!", "#N/A", "#NUM!", "#NULL!", "Err:")


def recalculate(paths: list[Path], out: Path) -> None:
    """Open every workbook in LibreOffice headless, recalculate, and save a copy in ``out``."""
    profile = f"file:///tmp/lo_profile_{os.getpid()}"
    command = [
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
    ]
    subprocess.run([*command, *map(str, paths)], check=True, capture_output=True, timeout=240)


def set_input(path: Path, name: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    (sheet, ref), *_ = list(wb.defined_names[name].destinations)
    wb[sheet][ref.replace("$", "")].value = value
    wb.save(path)


def edge_plan() -> Plan:
    """Three months, a monthly source and a baseline one, a cycle of 76.09375 days = 2.5 months
    exactly (Python rounds half to even: 2), and a stage nobody converts out of in a month."""
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


def silent_plan() -> Plan:
    """Sources with no leads at all: the blended rates fall back to the sources' average rate."""
    return Plan(
        name="Silent",
        horizon_months=3,
        stages=("Lead", "SQL", "Won"),
        sources=(
            LeadSource("A", baseline=0, conversion=(0.5, RateRange(0.1, 0.2, 0.3))),
            LeadSource("B", volume_mode="monthly", monthly_leads=(0, 0, 0), conversion=(0.3, 0.4)),
        ),
        terms=CommercialTerms(average_deal_size=500, sales_cycle_days=31, revenue_target=(1000, 2000, 3000)),
    )


CASES: dict[str, tuple[Plan | None, dict[str, object]]] = {
    # name: (plan or None for the sample, edits to make in the workbook before recalculating)
    "sample": (None, {}),
    "sample_high": (None, {"Scenario": "high"}),
    "sample_edited": (None, {"Source1_Rate1_Likely": 0.27, "DealSize": 30_000, "SalesCycleDays": 130}),
    "edge": (edge_plan(), {}),
    "edge_low_no_lag": (edge_plan(), {"Scenario": "low", "SalesCycleDays": 10}),
    "edge_lag_past_horizon": (edge_plan(), {"SalesCycleDays": 200}),
    "silent_high": (silent_plan(), {"Scenario": "high"}),
}


def expected_plan(name: str, sample: Plan) -> tuple[Plan, str]:
    """The plan as the edited workbook should describe it (built here with the model)."""
    base, edits = CASES[name]
    plan = base or sample
    scenario = str(edits.get("Scenario", "likely"))
    if "Source1_Rate1_Likely" in edits:
        src = plan.sources[0]
        first = replace(src.conversion[0], likely=edits["Source1_Rate1_Likely"])
        plan = replace(plan, sources=(replace(src, conversion=(first, *src.conversion[1:])), *plan.sources[1:]))
    terms = plan.terms
    if "DealSize" in edits:
        terms = replace(terms, average_deal_size=edits["DealSize"])
    if "SalesCycleDays" in edits:
        terms = replace(terms, sales_cycle_days=edits["SalesCycleDays"])
    return replace(plan, terms=terms), scenario


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    sample = Plan.from_dict(json.loads(SAMPLE_PLAN.read_text(encoding="utf-8")))
    folder = tmp_path_factory.mktemp("books")
    paths = []
    for name, (plan, edits) in CASES.items():
        path = folder / f"{name}.xlsx"
        write_workbook(plan or sample, path, compute_results(plan or sample, QUICK))
        for key, value in edits.items():
            set_input(path, key, value)
        paths.append(path)
    out = folder / "recalculated"
    recalculate(paths, out)
    return sample, folder, out


def funnel_rows(ws) -> dict[tuple[str, str], list[float]]:
    rows = {}
    for row in ws.iter_rows(min_row=6, values_only=True):
        if row[0] in ("Planned", "Required", "Gap", "Revenue", "Blended rate"):
            rows[(row[0], row[1])] = list(row[2:])
    return rows


@pytest.mark.parametrize("case", list(CASES))
def test_formulas_give_the_apps_report(books, case):
    sample, folder, out = books
    plan, scenario = expected_plan(case, sample)
    report = compute_funnel(plan, scenario)
    wb = openpyxl.load_workbook(out / f"{case}.xlsx", data_only=True)
    rows = funnel_rows(wb["Funnel"])
    n = plan.horizon_months
    approx = lambda values: pytest.approx(values, rel=1e-9, abs=1e-6)  # noqa: E731
    for k, stage in enumerate(plan.stages):
        for block, table in (("Planned", report.forward), ("Required", report.required), ("Gap", report.gap)):
            values = rows[(block, stage)]
            assert values[:n] == approx(list(table[k])), (block, stage)
            assert values[n] == approx(sum(table[k])), (block, stage, "total")
    assert rows[("Revenue", "Planned")][:n] == approx(list(report.revenue_planned))
    assert rows[("Revenue", "Required")][:n] == approx(list(report.revenue_required))
    blended = [v[0] for key, v in rows.items() if key[0] == "Blended rate"]
    assert blended == approx(list(report.blended_rates))
    totals = report.as_dict()["totals"]
    k_sql = plan.stages.index("SQL")
    names = openpyxl.load_workbook(folder / f"{case}.xlsx").defined_names
    for name, expected in (
        ("TotalSQLsPlanned", totals["forward"]["SQL"]),
        ("TotalSQLsRequired", totals["required"]["SQL"]),
        ("RevenuePlanned", totals["revenue_planned"]),
        ("RevenueRequired", totals["revenue_required"]),
        ("LagMonths", report.lag_months),
    ):
        (sheet, ref), *_ = list(names[name].destinations)
        assert wb[sheet][ref.replace("$", "")].value == pytest.approx(expected, abs=0.01), name
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if isinstance(r[0], str)}
    assert summary[f"{plan.stages[k_sql]}s planned"] == pytest.approx(sum(report.forward[k_sql]))


@pytest.mark.parametrize("case", list(CASES))
def test_no_cell_holds_an_error_and_every_formula_has_a_value(books, case):
    _, folder, out = books
    formulas = openpyxl.load_workbook(folder / f"{case}.xlsx")
    values = openpyxl.load_workbook(out / f"{case}.xlsx", data_only=True)
    count = 0
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                result = values[ws.title][cell.coordinate]
                assert result.data_type != "e", (ws.title, cell.coordinate, result.value)
                if isinstance(result.value, str):
                    assert not result.value.startswith(ERRORS), (ws.title, cell.coordinate, result.value)
                if cell.data_type == "f":
                    count += 1
                    assert result.value is not None, (ws.title, cell.coordinate, cell.value)
    assert count > 100
