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


def weeks_of(
    ws, label: str = "Utilisation", groups: int = WEEK_COLUMNS, width: int = 3
) -> list[tuple[date, float, bool]]:
    """(week, the column ``label``'s utilisation, shown red) read down each group of weeks, then across."""
    out = []
    for j in range(groups):
        col = 1 + width * j
        labels = [ws.cell(row=4, column=c).value for c in range(col, col + width - 1)]
        assert labels[0] == "Week of"
        at = col + labels.index(label)
        row = 5
        while isinstance(ws.cell(row=row, column=col).value, date):
            day = ws.cell(row=row, column=col).value
            cell = ws.cell(row=row, column=at)
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


def test_several_teams_each_have_their_weeks_red_above_their_own_maximum():
    """Found trying the Weeks sheet (3 December 2026, fourth session): with two teams it showed their
    sum alone, never red, while EMEA was above its maximum in 22 weeks, 16 of them named nowhere."""
    plan = load_plan(EXAMPLES / "two-sdr-teams-short.json")
    results = compute_results(plan, ResultSettings(runs=60, seed=1))
    sim = results.simulation
    ws = build_workbook(plan, results).workbook["Weeks"]
    assert ws.cell(row=1, column=1).value == "SDR utilisation by week, each SDR team and all together"
    teams = sim.sdr_utilisation_by_week_by_team
    assert [name for name, _, _ in teams] == ["Americas SDRs", "EMEA SDRs"]
    width = 2 + len(teams) + 1  # the week, each team, all together, a gap
    for name, by_week, limit in teams:
        weeks = weeks_of(ws, name, groups=2, width=width)
        assert [w for w, _, _ in weeks] == [date.fromisoformat(d) for d in sim.week_starts]
        assert [u for _, u, _ in weeks] == list(by_week)
        assert [red for _, _, red in weeks] == [u > limit for u in by_week]
        busy = dict((team, n) for team, n, _ in sim.busy_weeks).get(name, 0)
        assert sum(red for _, _, red in weeks) == busy  # every busy week shown, not six and "N more"
    together = weeks_of(ws, "All teams", groups=2, width=width)
    assert [u for _, u, _ in together] == list(sim.sdr_utilisation_by_week)
    assert not any(red for _, _, red in together)  # no one maximum for the sum
    assert notes_below(ws) == list(sim.busy_week_warnings)
    assert len(sim.busy_week_warnings) == len(sim.busy_weeks) == 2
    # A week just over its maximum is never shown as the maximum ("85%" in red for 85.3 %).
    reds = [c for row in ws.iter_rows(min_row=5) for c in row if isinstance(c.value, float) and c.font.color is not None
            and c.fill.fgColor.rgb not in (None, "00000000")]  # fmt: skip
    assert reds and all(c.number_format == "0.0%" for c in reds if round(c.value * 100) <= 85)
    # The Capacity sheet, two pages wide with two teams, names the months on each page.
    assert build_workbook(plan, results).workbook["Capacity"].print_title_cols == "$A:$A"


def test_without_a_simulation_the_sheet_says_why(sample_plan, tmp_path):
    results = compute_results(sample_plan, ResultSettings(runs=0))
    path = tmp_path / "book.xlsx"
    build_workbook(sample_plan, results).workbook.save(path)
    ws = openpyxl.load_workbook(path)["Weeks"]
    assert ws.cell(row=4, column=1).value == results.simulation_note
    assert ws.max_row == 4
