"""The executive workbook as printed: labels not cut, the page header readable, the charts whole.

A new user's trial printed the sample's workbook with LibreOffice and found labels cut by the next
column ("Leads, in the month their w"), the Proposals sheet's status running up over its header,
the page header's plan and sheet running into the red DRAFT line, and the Summary's charts
straddling two pages. These tests read the print setup back with openpyxl.
"""

from __future__ import annotations

import json
from dataclasses import replace

import openpyxl
import pytest

from slaplanner.exports.context import ExportContext, agreement_facts
from slaplanner.exports.workbook import ProposalColumn, write_workbook
from slaplanner.negotiation.compare import figures_of
from slaplanner.plan.commitments import SqlCommitment
from slaplanner.plan.model import Plan
from slaplanner.results import ResultSettings, compute_results

QUICK = ResultSettings(runs=60, seed=1)
#: Column-width units a character of 10 pt text takes at most (Arial's widest common letters; written
#: here, not taken from the code)
CHAR_UNITS = 0.95
LINE_POINTS = 12.75  # a line of 10 pt text


def lines_needed(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped at spaces in a column ``width`` units wide (by hand, greedy)."""
    per_line = int((width - 1) / CHAR_UNITS)
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def assert_no_label_is_cut(ws, columns) -> int:
    """Every text in ``columns`` either fits its column, runs over an empty neighbour, or wraps in a
    row tall enough for its lines. Returns how many wrap."""
    wrapped = 0
    for col in columns:
        width = ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width
        for (cell,) in ws.iter_rows(min_row=5, min_col=col, max_col=col):
            if not isinstance(cell.value, str) or len(cell.value) * CHAR_UNITS <= width - 1:
                continue
            right = cell.alignment.horizontal == "right"
            beside = ws.cell(row=cell.row, column=col - 1 if right else col + 1).value
            if beside is None and not cell.alignment.wrap_text:
                continue
            assert cell.alignment.wrap_text, (ws.title, cell.coordinate, cell.value)
            height = ws.row_dimensions[cell.row].height or 0
            assert height >= LINE_POINTS * lines_needed(cell.value, width), (ws.title, cell.coordinate, height)
            assert cell.alignment.vertical == "top", (ws.title, cell.coordinate)  # never runs up over the row above
            wrapped += 1
    return wrapped


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory):
    from slaplanner.samples import sample_plan_text

    plan = Plan.from_dict(json.loads(sample_plan_text()))
    path = tmp_path_factory.mktemp("print") / "sample.xlsx"
    write_workbook(plan, path, compute_results(plan, QUICK))
    return openpyxl.load_workbook(path)


def test_the_funnels_labels_wrap_in_print_and_the_sheet_still_fits(sample_book):
    funnel = sample_book["Funnel"]
    labels = {c.value: c for (c,) in funnel.iter_rows(min_col=2, max_col=2) if isinstance(c.value, str)}
    for text in ("Leads, in the month their wins close", "In the month their SQLs are due"):
        assert labels[text].alignment.wrap_text, text
    assert assert_no_label_is_cut(funnel, (1, 2)) >= 8  # the sample's 7 sources and "Wins needed"
    assert funnel.column_dimensions["B"].width == 22  # wrapped, not widened: the print fit stays
    assert int(funnel.page_setup.fitToWidth) == 2 and funnel.print_title_cols == "$A:$B"


@pytest.fixture(scope="module")
def proposals_book(tmp_path_factory):
    """The sample as "Plan" version 1 and a "Marketing proposal" version 2 raising Enterprise to 120."""
    from slaplanner.samples import sample_plan_text

    plan = Plan.from_dict(json.loads(sample_plan_text()))
    marketing = tuple(
        SqlCommitment(c.segment, 120) if c.segment == "Enterprise" else c for c in plan.commitments.marketing
    )
    other = replace(plan, commitments=replace(plan.commitments, marketing=marketing))
    draft = "Draft: not signed by both sides"
    results = compute_results(other, QUICK)
    columns = (
        ProposalColumn(figures_of("Plan", plan, compute_results(plan, QUICK)), 1, draft),
        ProposalColumn(figures_of("Marketing proposal", other, results), 2, draft, exported=True),
    )
    path = tmp_path_factory.mktemp("proposals") / "proposals.xlsx"
    facts = replace(agreement_facts(ExportContext.of_plan(other), other), proposal="Marketing proposal", version=2)
    write_workbook(other, path, results, facts=facts, proposals=columns)
    return openpyxl.load_workbook(path)


def test_the_proposals_status_and_long_labels_wrap_within_their_rows(proposals_book):
    sheet = proposals_book["Proposals"]
    assert [c.value for c in sheet[4]] == ["Measure", "Plan (version 1)", "Marketing proposal (version 2)"]
    status = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "Status")
    assert [c.value for c in status[1:]] == ["Draft: not signed by both sides"] * 2
    chance = next(r for r in sheet.iter_rows(min_row=5) if str(r[0].value).startswith("Chance met: marketing"))
    assert chance[0].value == "Chance met: marketing's committed SQLs, month average" and chance[0].alignment.wrap_text
    assert assert_no_label_is_cut(sheet, range(1, 4)) >= 3  # the two statuses and the long label


def test_the_page_header_gives_draft_a_place_of_its_own(proposals_book):
    """Left (plan and sheet), the red DRAFT centred, right (proposal, version, day), each within its
    share of the printable width, so none runs into another (DRAFT on a line of its own below still
    overlapped the left part in LibreOffice's print of the portrait Proposals sheet)."""
    from slaplanner.exports.workbook_style import PRINTABLE_MM

    draft = "DRAFT"  # the sheets' status rows say "Draft: not signed by both sides"
    for ws in (ws for ws in proposals_book if ws.sheet_state == "visible"):
        header = ws.oddHeader
        assert header.center.text == draft, ws.title
        left = header.left.text.replace("&A", ws.title)
        right = header.right.text
        assert "\n" not in left and "\n" not in right
        side_mm = (PRINTABLE_MM[ws.page_setup.orientation] - len(draft) * 1.75) / 2
        for text in (left, right):
            assert len(text) * 1.75 <= side_mm, (ws.title, text)  # 9 pt: at most 1.75 mm a character
        assert "Marketing proposal, version 2" in right and left.endswith(f" · {ws.title}")
    assert proposals_book["Proposals"].page_setup.orientation == "portrait"


def test_the_summarys_charts_start_below_their_page_break(sample_book):
    """A chart whose top edge lies on the page break prints on both pages (its frame's edge at the
    foot of the page before): each chart starts at least one row below the last break."""
    summary = sample_book["Summary"]
    breaks = [b.id for b in summary.row_breaks.brk]  # 0-based: the break is above the row numbered id + 1
    charts = summary._charts
    assert len(charts) == 2 and breaks
    for chart in charts:
        top = chart.anchor._from.row  # 0-based row of the chart's top edge
        assert top >= max(breaks) + 1, (top, breaks)
