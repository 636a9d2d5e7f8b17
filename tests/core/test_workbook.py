"""The executive workbook's structure: names, validation, formulas, text safety, print setup.

That the formulas compute the app's numbers is proven by LibreOffice recalculating the file
(tests/integration/test_workbook_libreoffice.py).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace

import numpy as np
import openpyxl
import pytest
from openpyxl.worksheet.cell_range import CellRange

from slaplanner.exports.workbook import write_workbook
from slaplanner.plan.model import LeadSource, Plan
from slaplanner.results import ResultSettings, compute_results

#: Results with a small simulation: enough for the document to have every section.
QUICK = ResultSettings(runs=60, seed=1)

SHEETS = ["Summary", "Assumptions", "Funnel", "Capacity", "Simulation", "Weeks", "Proposals"]
KEY_OUTPUTS = ["TotalSQLsPlanned", "TotalSQLsRequired", "RevenuePlanned", "RevenueRequired", "TotalWinsPlanned"]


@pytest.fixture
def book(sample_plan, tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(sample_plan, path, compute_results(sample_plan, QUICK))
    return path


def named_cell(wb, name):
    (sheet, ref), *_ = list(wb.defined_names[name].destinations)
    return wb[sheet][ref.replace("$", "")]


def named_row(wb, name):
    (sheet, ref), *_ = list(wb.defined_names[name].destinations)
    return [c for row in wb[sheet][ref.replace("$", "")] for c in row]


def validated(ws, coordinate) -> bool:
    return any(coordinate in CellRange(str(r)) for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges)


def test_sheets_and_key_output_names(book):
    wb = openpyxl.load_workbook(book)
    assert [ws.title for ws in wb if ws.sheet_state == "visible"] == SHEETS
    assert wb.sheetnames[-1] == "Simulated inputs" and wb["Simulated inputs"].sheet_state == "hidden"
    for name in KEY_OUTPUTS:
        cell = named_cell(wb, name)
        assert cell.parent.title == "Funnel" and cell.data_type == "f", name


def test_every_input_is_a_named_validated_cell_holding_the_plans_value(sample_plan, book):
    wb = openpyxl.load_workbook(book)
    ws = wb["Assumptions"]
    expected = {
        "DealSize": sample_plan.terms.average_deal_size,
        "SalesCycleDays": sample_plan.terms.sales_cycle_days,
        "MarketingShare": sample_plan.terms.marketing_share,
        "Scenario": "likely",
    }
    for i, src in enumerate(sample_plan.sources, start=1):
        expected[f"Source{i}_Baseline"] = src.baseline
        expected[f"Source{i}_Growth"] = src.growth
        for k, rate in enumerate(src.conversion, start=1):
            expected[f"Source{i}_Rate{k}_Low"] = rate.low
            expected[f"Source{i}_Rate{k}_Likely"] = rate.likely
            expected[f"Source{i}_Rate{k}_High"] = rate.high
    for name, value in expected.items():
        cell = named_cell(wb, name)
        assert cell.value == value, name
        assert validated(ws, cell.coordinate), name
        assert cell.number_format != "General", name
    cells = named_row(wb, "RevenueTarget")
    assert [c.value for c in cells] == list(sample_plan.revenue_target)
    assert all(validated(ws, c.coordinate) for c in cells)
    for i, src in enumerate(sample_plan.sources, start=1):
        assert [c.value for c in named_row(wb, f"Source{i}_Seasonality")] == list(src.seasonality)


def test_funnel_rows_are_formulas_over_the_assumptions(sample_plan, book):
    ws = openpyxl.load_workbook(book)["Funnel"]
    rows = {(r[0].value, r[1].value): r for r in ws.iter_rows(min_row=6) if r[0].value}
    for block in ("Planned", "Required", "Gap"):
        for stage in sample_plan.stages:
            cells = rows[(block, stage)][2 : 2 + sample_plan.horizon_months]
            assert all(c.data_type == "f" for c in cells), (block, stage)
    won = rows[("Planned", sample_plan.stages[-1])][2].value
    assert "LagMonths" in won
    assert "BlendedRate" in rows[("Required", sample_plan.stages[0])][2].value
    assert "RevenueTarget" in rows[("Required", sample_plan.stages[-1])][2].value


def test_user_text_never_becomes_a_formula(sample_plan, tmp_path):
    evil = ['=HYPERLINK("http://example.invalid","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]
    sources = tuple(
        replace(src, name=evil[i % 4] + f" {i}" if i >= 4 else evil[i], segment=evil[(i + 1) % 4], channel=evil[i % 4])
        for i, src in enumerate(sample_plan.sources)
    )
    plan = replace(sample_plan, name=evil[0], sources=sources)
    path = tmp_path / "evil.xlsx"
    write_workbook(plan, path, compute_results(plan, QUICK))
    wb = openpyxl.load_workbook(path)
    found = 0
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and any(cell.value.startswith(e[:4]) for e in evil):
                    if cell.data_type == "f":
                        assert not any(e[1:6] in cell.value for e in evil), cell.coordinate
                    else:
                        found += 1
                        assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
    assert found >= len(evil)
    with zipfile.ZipFile(path) as z:
        formulas = " ".join(
            " ".join(re.findall(r"<f>(.*?)</f>", z.read(n).decode())) for n in z.namelist() if "worksheets/" in n
        )
    assert "HYPERLINK" not in formulas and "cmd|" not in formulas and "@SUM" not in formulas


def test_every_sheet_has_frozen_headers_and_print_setup(sample_plan, book):
    """A4 and Letter: fit to width with at least 9 pt once scaled for the narrower paper (Letter
    landscape: 279.4 - 25.4 = 254 mm printable), the Funnel two pages wide with its labels
    repeated; the plan, version and day in the header, DRAFT until signed, "Page N of M"."""
    from slaplanner.exports.workbook_style import pages_wide, sheet_width_mm

    wb = openpyxl.load_workbook(book)
    for ws in (ws for ws in wb if ws.sheet_state == "visible"):
        assert ws.freeze_panes not in (None, "A1"), ws.title
        assert ws.print_title_rows, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0, ws.title
        wide = int(ws.page_setup.fitToWidth)
        printable = 254.0 if ws.page_setup.orientation == "landscape" else 184.6
        titles = sheet_width_mm(ws, 1, 2) if wide > 1 and ws.print_title_cols else 0
        per_page = (sheet_width_mm(ws) - titles) / wide + titles
        assert 10 * min(1.0, printable / per_page) >= 9 - 0.3, (ws.title, wide, per_page)
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, ws.title
        assert ws.page_margins.left == ws.page_margins.right == 0.5
        assert sample_plan.name in ws.oddHeader.left.text and "version 1" in ws.oddHeader.right.text, ws.title
        assert ws.oddHeader.center.text == "DRAFT", ws.title  # centred between the plan and the version
        assert ws.oddFooter.right.text == "Page &P of &N", ws.title
    assert wb["Funnel"].page_setup.orientation == "landscape" and int(wb["Funnel"].page_setup.fitToWidth) == 2
    assert wb["Funnel"].print_title_cols == "$A:$B" and wb["Funnel"].print_title_rows == "$4:$4"
    assert pages_wide(100, 0, "portrait") == 1 and pages_wide(400, 60, "landscape") == 2


def test_every_cell_names_its_font_at_9_points_or_more(book):
    wb = openpyxl.load_workbook(book)
    fonts = {(c.font.name, c.font.scheme) for ws in wb for row in ws.iter_rows() for c in row}
    sizes = {c.font.sz for ws in wb for row in ws.iter_rows() for c in row}
    assert fonts == {("Arial", None)} and min(sizes) >= 9
    with zipfile.ZipFile(book) as z:
        styles = z.read("xl/styles.xml").decode()
    assert "Calibri" not in styles and "<scheme" not in styles  # no theme font anywhere, not even the default


def test_summary_has_native_charts(book):
    with zipfile.ZipFile(book) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        xml = " ".join(z.read(n).decode() for n in charts)
    assert "<barChart>" in xml and "<lineChart>" in xml
    assert "'Summary'!$B$" in xml  # the series refer to cells, not to copied numbers
    assert '<smooth val="1"' not in xml  # straight lines between the months


def test_monthly_source_and_plan_without_sources(tmp_path):
    monthly = Plan(
        stages=("Lead", "SQL", "Won"),
        horizon_months=3,
        sources=(LeadSource("Web", volume_mode="monthly", monthly_leads=(10, 20, 30), conversion=(0.5, 0.5)),),
    )
    write_workbook(monthly, tmp_path / "m.xlsx", compute_results(monthly, QUICK))
    wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert [c.value for c in named_row(wb, "Source1_Leads")] == [10, 20, 30]
    write_workbook(Plan(name="Nothing yet"), tmp_path / "empty.xlsx", compute_results(Plan(name="Nothing yet"), QUICK))
    empty = openpyxl.load_workbook(tmp_path / "empty.xlsx")
    assert [ws.title for ws in empty if ws.sheet_state == "visible"] == SHEETS


def test_simulation_and_capacity_sheets_hold_the_simulations_values(sample_plan, tmp_path):
    from slaplanner.engine import simulation

    assert sample_plan.team.roles  # the sample plan has a team, so there is a simulation to compare
    path = tmp_path / "sim.xlsx"
    write_workbook(sample_plan, path, compute_results(sample_plan, ResultSettings(runs=120, seed=11)))
    expected = simulation.simulate(sample_plan, runs=120, rng=np.random.default_rng(11), seed=11)
    wb = openpyxl.load_workbook(path)
    rows = list(wb["Simulation"].iter_rows(min_row=5, max_row=4 + sample_plan.horizon_months, values_only=True))
    assert [v for r in rows for v in r[2:5]] == pytest.approx([v for q in expected.sql_quantiles for v in q])
    assert [r[5] for r in rows] == pytest.approx(list(expected.sql_p_met))
    capacity = wb["Capacity"]
    header = [c.value for c in capacity[4]]
    for role in expected.roles:
        col = header.index(f"{role.role} utilisation (simulated)")
        values = [
            r[col] for r in capacity.iter_rows(min_row=5, max_row=4 + sample_plan.horizon_months, values_only=True)
        ]
        assert values == pytest.approx(list(role.utilisation))
    # The SQLs the runs worked, on average: what `slaplanner simulate` shows (not the planned SQLs)
    col = header.index("SQLs simulated (mean of the runs)")
    months = capacity.iter_rows(min_row=5, max_row=4 + sample_plan.horizon_months, values_only=True)
    simulated = [r[col] for r in months]
    assert expected.sql_expected and simulated == pytest.approx(list(expected.sql_expected))
    planned = compute_results(sample_plan, ResultSettings(runs=0)).funnel.forward[sample_plan.sql_stage_index]
    assert simulated != pytest.approx(list(planned))


def test_header_labels_fit_their_rows_and_text_keeps_a_gap_from_numbers(book):
    """'Share within target' and 'P(touches met)' wrap onto two lines in a row tall enough for them;
    'business' after a right-aligned 5 is indented, so it does not read '5business'."""
    from slaplanner.exports.workbook import header_lines

    assert header_lines("Share within target", 13) >= 2 and header_lines("Month", 8.43) == 1
    assert header_lines("Account executives utilisation", 17) == 3
    wb = openpyxl.load_workbook(book)
    sim = wb["Simulation"]
    head = next(c for row in sim.iter_rows() for c in row if c.value == "Share within target")
    assert head.alignment.wrap_text
    width = sim.column_dimensions[head.column_letter].width
    assert sim.row_dimensions[head.row].height >= 15 * header_lines("Share within target", width) >= 30
    touches = next(c for row in sim.iter_rows() for c in row if c.value == "P(touches met)")
    assert sim.row_dimensions[touches.row].height >= 30
    capacity = wb["Capacity"]
    clock = next(c for row in capacity.iter_rows() for c in row if c.value == "Clock")
    below = capacity.cell(row=clock.row + 1, column=clock.column)
    left = capacity.cell(row=clock.row + 1, column=clock.column - 1)
    assert below.value == "business" and isinstance(left.value, (int, float))
    assert below.alignment.indent >= 1
