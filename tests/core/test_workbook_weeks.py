"""The workbook's Weeks sheet: the SDRs' utilisation week by week, as the Simulation page's heat map
and the SLA document's busy weeks give it (found checking the exports on 3 December 2026, third
session: the PDF listed the weeks above the maximum occupancy, the workbook had no weekly figure)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from slaplanner.exports.workbook import WEEK_COLUMNS, build_workbook
from slaplanner.results import ResultSettings, compute_results
from slaplanner.storage import load_plan

EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"


def weeks_of(ws) -> list[tuple[date, float, bool]]:
    """(week, utilisation, shown red) read down each column of weeks, then across."""
    out = []
    for j in range(WEEK_COLUMNS):
        col = 1 + 3 * j
        assert (ws.cell(row=4, column=col).value, ws.cell(row=4, column=col + 1).value) == ("Week of", "Utilisation")
        row = 5
        while isinstance(ws.cell(row=row, column=col).value, date):
            day = ws.cell(row=row, column=col).value
            cell = ws.cell(row=row, column=col + 1)
            red = cell.fill is not None and cell.fill.fgColor.rgb not in (None, "00000000")
            out.append((day.date() if isinstance(day, datetime) else day, cell.value, red))
            row += 1
    return out


def notes_below(ws) -> list[str]:
    return [
        c.value
        for (c,) in ws.iter_rows(min_row=5, min_col=1, max_col=1)
        if isinstance(c.value, str) and c.value != "Week of"
    ]


def test_every_week_of_the_simulation_red_where_above_the_maximum(sample_plan):
    results = compute_results(sample_plan, ResultSettings(runs=100, seed=3))
    sim = results.simulation
    ws = build_workbook(sample_plan, results).workbook["Weeks"]
    assert ws.cell(row=1, column=1).value == "SDR utilisation by week"
    weeks = weeks_of(ws)
    assert [w for w, _, _ in weeks] == [date.fromisoformat(d) for d in sim.week_starts]
    assert [u for _, u, _ in weeks] == list(sim.sdr_utilisation_by_week)
    (limit,) = [r.max_occupancy for r in sim.roles if r.kind == "SDR"]
    assert [red for _, _, red in weeks] == [u > limit for _, u, _ in weeks]
    assert any(red for _, _, red in weeks)  # the sample has busy weeks: the case under test
    (busy,) = [w for w in sim.warnings if w.startswith("SDR team above maximum occupancy in ")]
    assert notes_below(ws) == [busy]


def test_several_teams_are_together_and_each_teams_busy_weeks_are_named():
    plan = load_plan(EXAMPLES / "two-sdr-teams-short.json")
    results = compute_results(plan, ResultSettings(runs=60, seed=1))
    sim = results.simulation
    ws = build_workbook(plan, results).workbook["Weeks"]
    assert ws.cell(row=1, column=1).value == "SDR utilisation by week, all SDR teams together"
    weeks = weeks_of(ws)
    assert [u for _, u, _ in weeks] == list(sim.sdr_utilisation_by_week)
    assert not any(red for _, _, red in weeks)  # each team has its own maximum: no one limit for the sum
    expected = [w for w in sim.warnings if w.startswith(("Americas SDRs above maximum occupancy in ", "EMEA SDRs "))]
    expected = [w for w in expected if " weeks: week of " in w]  # the weeks' warnings, not the months'
    assert len(expected) == len(sim.busy_weeks) == 2 and list(sim.busy_week_warnings) == expected
    assert notes_below(ws) == (expected or ["No week above the maximum occupancy."])


def test_without_a_simulation_the_sheet_says_why(sample_plan, tmp_path):
    results = compute_results(sample_plan, ResultSettings(runs=0))
    path = tmp_path / "book.xlsx"
    build_workbook(sample_plan, results).workbook.save(path)
    ws = openpyxl.load_workbook(path)["Weeks"]
    assert ws.cell(row=4, column=1).value == results.simulation_note
    assert ws.max_row == 4
