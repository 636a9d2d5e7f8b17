"""The Review page: import actuals (one undo step, kept in the plan file), verdicts, broken
commitments, next quarter's proposal and the scorecard."""

from __future__ import annotations

from pathlib import Path

from slaplanner.imports.leads import ColumnMappingNeeded
from slaplanner.storage.actuals import load_actuals
from ui.qt import Qt

SMALL = Path(__file__).resolve().parents[1] / "data" / "actuals-small.csv"


def review_page(window):
    index = window.page_named("Review")
    assert index >= 0
    window.show_page(index)
    return window.pages[index]


def import_file(qtbot, page, path, mapping=None):
    with qtbot.waitSignal(page.document.undo_stack.indexChanged, timeout=20000):
        page.import_actuals(path, mapping)
    page.task.wait()


def test_import_shows_the_review_and_undo_removes_it(window, qtbot):
    """The small file on the sample plan: 5 + 5 SQLs against 335 committed a month (missed).
    Broken with the sample plan's tiers (Hot: 5 business min, 6 touches, 24 h; Warm: 240 business
    min, 8 touches, 48 h): Hot L1 first touch (30 min) and touches (3); L2 touches (4); L5 first
    touch, touches, decision; L8 touches (3); L11 touches (3), decision (88.5 h) = 9. Warm: every
    first touch within 240 business min (L3 40: Fri 16:30-17:00 + Tue 09:00-09:10, Monday a
    holiday); touches short for L3 (1), L4 (2), L9 (5), L10 (2), L13 (none); L4 decided after
    73 h = 6. 15 in all; Ana's (L1 twice, L3, L10) first."""
    page = review_page(window)
    assert page.result is None and not page.propose_button.isEnabled()
    import_file(qtbot, page, SMALL)
    assert page.result is not None
    assert "MISSED" in page.verdicts.text() and "10 SQLs against 670 committed" in page.verdicts.text()
    model = page.broken_model
    assert model.rowCount() == 15
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole) == "Ana"
    assert "actuals-small.csv" in page.source_label.text() and "1 rejected" in page.source_label.text()
    assert "14 leads, 10 SQLs" in page.source_label.text()
    window.document.undo_stack.undo()
    assert page.actuals is None and page.result is None and model.rowCount() == 0
    window.document.undo_stack.redo()
    assert page.result is not None and model.rowCount() == 15


def test_actuals_are_kept_in_the_plan_file_and_read_back(window, qtbot, tmp_path):
    page = review_page(window)
    path = tmp_path / "plan.slaplan"
    window.document.save(path)
    import_file(qtbot, page, SMALL)
    kept = load_actuals(path)
    assert kept is not None and kept.file_name == "actuals-small.csv" and len(kept) == 14
    window.document.open(path)
    assert page.result is not None and page.result.sqls == 10
    other = tmp_path / "copy.slaplan"
    window.document.save(other)  # Save As: the actuals go along
    assert load_actuals(other) is not None


def test_an_unrecognised_file_asks_for_a_mapping(window, qtbot, tmp_path):
    page = review_page(window)
    odd = tmp_path / "odd.csv"
    odd.write_text("When,Qualified\n2026-01-05,2026-01-06 10:00\n", encoding="utf-8")
    asked = []

    def answer(error):
        asked.append(error)
        return {"When": "created_at", "Qualified": "became_sql_at"}

    page.ask_mapping = answer
    with qtbot.waitSignal(window.document.undo_stack.indexChanged, timeout=20000):
        page.import_actuals(odd)
        qtbot.waitUntil(lambda: bool(asked), timeout=20000)
    page.task.wait()
    assert isinstance(asked[0], ColumnMappingNeeded)
    assert page.result is not None and page.result.marketing.total.delivered == (1,)


def test_propose_next_quarter_adds_a_proposal_in_one_undo_step(window, qtbot, tmp_path):
    page = review_page(window)
    import_file(qtbot, page, SMALL)
    before = window.document.plan
    page.propose_next_quarter()
    names = [p.name for p in window.document.session.agreement.proposals]
    assert names[-1] == "Next quarter Mar–May 2026" and window.document.session.proposal == names[-1]
    assert window.document.plan != before
    assert "Why:" in page.changes_label.text() and page.last_changes
    window.document.undo_stack.undo()
    assert window.document.plan == before
    page.export_scorecard(tmp_path / "card.pdf")
    assert (tmp_path / "card.pdf").read_bytes().startswith(b"%PDF")


def test_the_sample_review_does_not_call_marketing_met_while_smb_missed(window):
    """The sample actuals (as --screenshot shows them): 1,064 SQLs of 1,005 committed in total but
    SMB 173 of 210. Marketing's line comes first, tagged MISSED, and names SMB; 12,843 rows read,
    3 rejected: 12,840 leads."""
    page = review_page(window)
    page.prepare_screenshot()
    assert page.result is not None
    assert "12,843 rows read, 3 rejected, 12,840 leads" in page.source_label.text()
    first = page.verdicts.text().split("<br>")[0]
    assert ">MISSED</b>" in first and "Marketing delivered" in first and "but SMB fell short" in first


def test_a_file_whose_rows_are_all_bad_says_why_and_keeps_the_actuals(window, qtbot, tmp_path):
    """Every create date unreadable: the page says the first rows' reasons and the actuals shown
    before stay (it replaced them with nothing, as one undo step, and showed no reason)."""
    page = review_page(window)
    import_file(qtbot, page, SMALL)
    steps = window.document.undo_stack.count()
    bad = tmp_path / "baddates.csv"
    bad.write_text("Create Date,Became a Sales Qualified Lead Date\n" + "soon,2026-01-05\n" * 3, encoding="utf-8")
    page.import_actuals(bad)
    qtbot.waitUntil(lambda: "no lead could be read" in page.source_label.text(), timeout=20000)
    page.task.wait()
    text = page.source_label.text()
    assert "all 3 rows were rejected" in text and "row 2, column 'Create Date': 'soon' is not a date" in text
    assert window.document.undo_stack.count() == steps and page.result is not None and page.result.sqls == 10


def test_a_file_without_sql_dates_is_not_judged_on_the_page(window, qtbot, tmp_path):
    page = review_page(window)
    plain = tmp_path / "no-sql.csv"
    rows = "".join(f"2026-01-{d:02d},SMB\n" for d in range(1, 32))
    plain.write_text("Create Date,Segment\n" + rows, encoding="utf-8")
    import_file(qtbot, page, plain)
    text = page.verdicts.text()
    assert "NOT JUDGED" in text and "cannot judge: the file has no column for the date leads became SQL" in text
    assert "MISSED" not in text
