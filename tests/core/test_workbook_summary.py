"""The executive workbook's Summary: each tier's two promises and the chance each is met."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from slaplanner.engine import simulation
from slaplanner.exports.workbook import write_workbook
from slaplanner.exports.workbook_summary import CADENCE_MET, FIRST_TOUCH_MET
from slaplanner.results import ResultSettings, compute_results

RUNS, SEED = 60, 5


def tier_table(path):
    """The Summary's tier table as {tier: {header: value}}, and the sheet, header row and columns."""
    ws = openpyxl.load_workbook(path)["Summary"]
    head = next(c for row in ws.iter_rows() for c in row if c.value == FIRST_TOUCH_MET)
    columns = {c.value: c.column for c in ws[head.row] if isinstance(c.value, str)}
    table = {}
    for row in ws.iter_rows(min_row=head.row + 1):
        if not row[0].value or row[0].value.startswith("Cadence:"):
            break
        table[row[0].value] = {label: ws.cell(row=row[0].row, column=col).value for label, col in columns.items()}
    return table, ws, head.row, columns


def export(plan, tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(plan, path, compute_results(plan, ResultSettings(runs=RUNS, seed=SEED)))
    return path


def test_each_tier_shows_both_promises_and_the_simulated_chance_of_each(sample_plan, tmp_path):
    expected = simulation.simulate(sample_plan, runs=RUNS, rng=np.random.default_rng(SEED), seed=SEED)
    table, _, _, _ = tier_table(export(sample_plan, tmp_path))
    assert list(table) == [r.tier for r in sample_plan.commitments.response]
    for r in sample_plan.commitments.response:
        t, row = expected.tier(r.tier), table[r.tier]
        assert (row["Minutes"], row["Share of leads"]) == (r.first_touch_minutes, r.target_share)
        assert (row["Cadence: touches"], row["In days"]) == (r.touches, r.touch_days)
        assert row[FIRST_TOUCH_MET] == pytest.approx(t.p_met)
        assert row[CADENCE_MET] == pytest.approx(t.p_touches_met)


def test_the_two_chances_are_apart_and_each_turns_red_below_the_target(sample_plan, tmp_path):
    """Hot promises 15 touches within half a day for 80 % of its leads: its first touch is kept
    but its cadence cannot be, so the two chances differ and only the cadence's is red. Warm has
    no cadence: it says so, with no days and no chance."""
    hot, warm = sample_plan.commitments.response[:2]
    response = (replace(hot, touches=15, touch_days=0.5), replace(warm, touches=0))
    plan = replace(sample_plan, commitments=replace(sample_plan.commitments, response=response))
    expected = simulation.simulate(plan, runs=RUNS, rng=np.random.default_rng(SEED), seed=SEED)
    target = expected.headcount.target_probability
    kept = expected.tier(hot.tier)
    assert kept.p_touches_met < target <= kept.p_met  # the case this test is about

    table, ws, head, columns = tier_table(export(plan, tmp_path))
    assert table[hot.tier][FIRST_TOUCH_MET] == pytest.approx(kept.p_met)
    assert table[hot.tier][CADENCE_MET] == pytest.approx(kept.p_touches_met)
    assert (table[hot.tier]["Cadence: touches"], table[hot.tier]["In days"]) == (15, 0.5)
    assert ws.cell(row=head + 1, column=columns["In days"]).number_format == "0.0"  # half a day is not "1"
    assert table[warm.tier]["Cadence: touches"] == "none"
    assert table[warm.tier]["In days"] is None and table[warm.tier][CADENCE_MET] is None

    red = {
        str(cell_range): rule.formula[0]
        for cf in ws.conditional_formatting
        for cell_range in cf.sqref.ranges
        for rule in cf.rules
    }
    for label in (FIRST_TOUCH_MET, CADENCE_MET):
        at = ws.cell(row=head + 1, column=columns[label]).coordinate
        assert red[at] == f"AND(ISNUMBER({at}),{at}<{target})", label


def test_a_headcount_no_number_reaches_shows_the_most_tried_in_red(sample_plan, tmp_path):
    """15 touches in half a day cannot be kept by any number of SDRs: "Needed" says more than the
    most tried ("> 45", which fits its column, where "not reached" showed as "not reach"), "Short
    by" says by more than how many, both red, and a note says what "> 45" means."""
    hot = sample_plan.commitments.response[0]
    response = (replace(hot, touches=15, touch_days=0.5), *sample_plan.commitments.response[1:])
    plan = replace(sample_plan, commitments=replace(sample_plan.commitments, response=response))
    expected = simulation.simulate(plan, runs=RUNS, rng=np.random.default_rng(SEED), seed=SEED)
    curve = expected.headcount
    assert curve.headcount_needed is None  # the case this test is about
    most = max(h for h, _ in curve.points)

    ws = openpyxl.load_workbook(export(plan, tmp_path))["Summary"]
    head = next(c for row in ws.iter_rows() for c in row if c.value == "Short by")
    sdr = next(r for r in plan.team.roles if r.kind == "SDR")
    row = next(r for r in range(head.row + 1, head.row + 8) if ws.cell(row=r, column=1).value == sdr.name)
    fewest = min(sdr.headcount_in(m) for m in range(plan.horizon_months))
    needed, short = ws.cell(row=row, column=2), ws.cell(row=row, column=5)
    assert (needed.value, short.value) == (f"> {most}", f"> {most - fewest}")
    assert needed.fill.fgColor.rgb == short.fill.fgColor.rgb == "00F8CBAD"
    assert len(needed.value) <= ws.column_dimensions["B"].width
    notes = [ws.cell(row=r, column=1).value or "" for r in range(row + 1, row + 6)]
    meaning = f"> {most}: no headcount up to {most} (the most tried) reaches a 90 % chance"
    assert any(n.startswith(meaning) for n in notes)


def test_tier_headers_span_two_columns_and_wrap_onto_their_row(sample_plan, tmp_path):
    """The chances' headers span two month columns, so the header row stays three lines tall
    (as 'Share of leads' needs), not the five a single 7.6-wide column would take."""
    from slaplanner.exports.workbook import header_lines

    _, ws, head, columns = tier_table(export(sample_plan, tmp_path))
    spans = {r.min_col: r.max_col - r.min_col + 1 for r in ws.merged_cells.ranges if r.min_row == head}
    for label in (FIRST_TOUCH_MET, CADENCE_MET, "Cadence: touches"):
        assert spans[columns[label]] == 2, label
        width = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(columns[label], columns[label] + 2))
        assert header_lines(label, width) == 2, label
    assert header_lines(FIRST_TOUCH_MET, ws.column_dimensions["E"].width) > 3
    assert ws.row_dimensions[head].height == 15 * header_lines("Share of leads", 7.6) == 45
