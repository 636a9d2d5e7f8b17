"""The main window end to end: editing, undo, refusals, files, recovery, models, zoom."""

from __future__ import annotations

import json

import pytest

from slaplanner.storage import load_plan
from ui.document import PlanDocument
from ui.mainwindow import AUTOSAVE_MSECS, MainWindow
from ui.qt import QDropEvent, QLineEdit, QMessageBox, QMimeData, QPointF, Qt, QUrl
from ui.recovery import RecoveryStore
from ui.tables import GridView, PlanTableModel

EditRole = Qt.ItemDataRole.EditRole


def page(window, name):
    index = window.page_named(name)
    assert index >= 0, name
    window.show_page(index)
    return window.pages[index]


def overview_leads(window) -> float:
    overview = page(window, "overview")
    return overview.gap_model.value(0, 0)  # planned leads over the horizon


def test_pages_are_discovered_in_order(window):
    titles = [p.title for p in window.pages]
    assert titles[:4] == ["Overview", "Plan & targets", "Lead volume", "Funnel"]
    assert [p.order for p in window.pages] == sorted(p.order for p in window.pages)


def test_typing_in_a_cell_changes_the_plan_and_the_overview(window, qtbot, sample_plan):
    window.show()
    before = overview_leads(window)
    lead = page(window, "lead volume")
    view, model = lead.months_view, lead.months_model
    jan = sample_plan.sources[0].leads(sample_plan.months)[0]
    index = model.index(0, 0)  # Organic search, first month
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClicks(view, "5")  # any key opens the editor, as in a spreadsheet
    (editor,) = view.viewport().findChildren(QLineEdit)
    qtbot.keyClicks(editor, "000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits in a queued call
    qtbot.waitUntil(lambda: window.document.plan.sources[0].volume_mode == "monthly")

    src = window.document.plan.sources[0]
    assert src.volume_mode == "monthly"  # typing over a computed month gives the months by hand
    assert src.monthly_leads[0] == 5000.0
    # The other months as the grid shows them: whole leads (typed leads are people).
    computed = sample_plan.sources[0].leads(sample_plan.months)
    assert src.monthly_leads[1:] == tuple(float(round(v)) for v in computed[1:])
    assert overview_leads(window) == pytest.approx(before - jan + 5000.0 + sum(round(v) - v for v in computed[1:]))
    assert window.isWindowModified()
    assert window.act_undo.text() == "&Undo Edit Organic search, Jan 2026"

    window.act_undo.trigger()
    assert window.document.plan == sample_plan
    assert overview_leads(window) == pytest.approx(before)
    assert not window.isWindowModified()
    window.act_redo.trigger()
    assert window.document.plan.sources[0].monthly_leads[0] == 5000.0


def test_editing_one_cell_again_and_again_is_one_undo_step(window, sample_plan):
    model = page(window, "lead volume").months_model
    for text in ("1", "12", "120"):
        assert model.setData(model.index(4, 1), text, EditRole)
    assert window.document.plan.sources[4].monthly_leads[1] == 120.0
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert window.document.plan == sample_plan


def test_a_refused_rate_never_enters_the_plan_and_the_cell_says_why(window, sample_plan):
    funnel = page(window, "funnel")
    model = funnel.rates_model
    low = model.index(0, 0)  # Organic search, Lead -> MQL, low (likely is 22 %)
    assert not model.setData(low, "90", EditRole)
    assert window.document.plan == sample_plan
    assert window.document.undo_stack.count() == 0
    tip = model.data(low, Qt.ItemDataRole.ToolTipRole)
    # in percent, as typed, not in the core's fractions
    assert (
        tip == "Not accepted: Organic search, Lead→MQL low: 90 % is above the likely rate (22 %); "
        "the low rate can be at most that"
    )
    assert model.data(low, Qt.ItemDataRole.DisplayRole) == "90"  # the typed value stays visible...
    assert model.data(low, Qt.ItemDataRole.BackgroundRole) is not None  # ...marked as wrong
    assert "90 % is above the likely rate (22 %)" in window.statusBar().currentMessage()

    assert model.setData(low, "20", EditRole)  # a good value clears the mark
    assert window.document.plan.sources[0].conversion[0].low == pytest.approx(0.20)
    assert model.data(low, Qt.ItemDataRole.BackgroundRole) is None


def test_text_that_is_not_a_number_is_refused_with_its_message(window, sample_plan):
    model = page(window, "lead volume").months_model
    assert not model.setData(model.index(4, 0), "lots", EditRole)
    assert "“lots” is not a number" in model.data(model.index(4, 0), Qt.ItemDataRole.ToolTipRole)
    assert not model.setData(model.index(4, 0), "-5", EditRole)
    tip = model.data(model.index(4, 0), Qt.ItemDataRole.ToolTipRole)
    assert "Trade shows, Jan 2026: -5 is not allowed; allowed: a number from 0 to" in tip
    assert window.document.plan == sample_plan


def test_pasting_a_block_from_a_spreadsheet_is_one_undo_step(window, sample_plan):
    lead = page(window, "lead volume")
    view, model = lead.months_view, lead.months_model
    view.setCurrentIndex(model.index(4, 0))  # Trade shows (monthly), first month
    # As Excel copies: tabs between cells, CRLF between rows, thousands separators.
    assert view.paste_text("1,000\t2.000\t3 000\r\n10\t20\t30\r\n") is None
    plan = window.document.plan
    assert plan.sources[4].monthly_leads[:3] == (1000.0, 2000.0, 3000.0)
    assert plan.sources[5].monthly_leads[:3] == (10.0, 20.0, 30.0)  # Content syndication became monthly
    assert window.document.undo_stack.count() == 1
    assert window.document.undo_stack.undoText() == "Paste 2 × 3 cells"
    window.document.undo_stack.undo()
    assert window.document.plan == sample_plan


def test_a_paste_with_one_bad_cell_changes_nothing(window, sample_plan):
    lead = page(window, "lead volume")
    lead.months_view.setCurrentIndex(lead.months_model.index(4, 0))
    message = lead.months_view.paste_text("1\t2\tthree\n")
    assert message is not None and "three" in message
    assert window.document.plan == sample_plan


def test_fill_right_across_the_months_from_the_edit_menu(window, qtbot):
    window.show()
    lead = page(window, "lead volume")
    view, model = lead.months_view, lead.months_model
    view.setFocus()
    qtbot.waitUntil(lambda: GridView.active() is view)
    view.setCurrentIndex(model.index(4, 2))  # Trade shows, March: 650
    fill = next(a for a in window.grid_actions if a.text().startswith("Fill"))
    fill.trigger()
    assert window.document.plan.sources[4].monthly_leads[2:] == (650.0,) * 10
    assert window.document.undo_stack.count() == 1


def test_plan_settings_field_applies_typing_as_one_step_and_refuses_bad_values(window, qtbot):
    settings_page = page(window, "plan")
    field = settings_page.deal_edit
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "30000")
    assert window.document.plan.terms.average_deal_size == 30000.0
    assert window.document.undo_stack.count() == 1  # five keystrokes, one undo step
    field.selectAll()
    qtbot.keyClicks(field, "0")
    assert window.document.plan.terms.average_deal_size == 30000.0
    assert field.error == (
        "Average deal size: 0 is not allowed; allowed: a number above 0 and at most 1,000,000,000,000"
    )
    assert "Not accepted" in settings_page.error_label.text()


def test_horizon_change_resizes_monthly_series(window):
    settings_page = page(window, "plan")
    settings_page.horizon_spin.setValue(18)
    plan = window.document.plan
    assert plan.horizon_months == 18
    assert len(plan.terms.revenue_target) == 18
    assert len(plan.sources[4].monthly_leads) == 18
    assert page(window, "lead volume").months_model.columnCount() == 19  # months + total
    window.document.undo_stack.undo()
    assert window.document.plan.horizon_months == 12


def test_add_and_remove_a_source(window, sample_plan):
    lead = page(window, "lead volume")
    lead.add_source()
    assert len(window.document.plan.sources) == len(sample_plan.sources) + 1
    lead.sources_view.selectRow(len(sample_plan.sources))
    lead.remove_sources()
    assert window.document.plan == sample_plan
    assert window.document.undo_stack.count() == 2


def test_every_table_model_passes_qtmodeltester(window, qtmodeltester):
    models = [m for p in window.pages for m in p.findChildren(PlanTableModel)]
    assert len(models) >= 7
    for model in models:
        qtmodeltester.check(model, force_py=True)


def test_table_models_on_an_empty_plan_pass_qtmodeltester(qtbot, qtmodeltester, settings):
    from ui.mainwindow import empty_plan

    win = MainWindow(PlanDocument(empty_plan()), settings=settings)
    qtbot.addWidget(win)
    for model in (m for p in win.pages for m in p.findChildren(PlanTableModel)):
        qtmodeltester.check(model, force_py=True)


# -- files -------------------------------------------------------------------------------------
def test_save_and_open_round_trip_through_the_ui(window, tmp_path, monkeypatch):
    model = page(window, "lead volume").months_model
    model.setData(model.index(4, 0), "777", EditRole)
    edited = window.document.plan
    target = tmp_path / "workshop.slaplan"
    monkeypatch.setattr(
        "ui.window.files.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(tmp_path / "workshop"), "SLA Planner plan (*.slaplan)"),
    )
    assert window.save()  # no file yet: Save asks where, and adds the extension
    assert target.exists() and load_plan(target) == edited
    assert not window.isWindowModified()
    assert "workshop.slaplan" in window.windowTitle()
    assert window.recent_files()[0] == str(target)

    window.new_plan()
    assert window.document.plan != edited
    assert window.open_file(target)
    assert window.document.plan == edited
    assert window.document.path == target


def test_a_json_plan_is_saved_back_as_json(window, tmp_path, sample_plan_path):
    copy = tmp_path / "plan.json"
    copy.write_text(sample_plan_path.read_text(encoding="utf-8"), encoding="utf-8")
    assert window.open_file(copy)
    model = page(window, "plan").targets_model
    model.setData(model.index(0, 0), "2,000,000", EditRole)
    assert window.save()
    data = json.loads(copy.read_text(encoding="utf-8"))
    assert data["terms"]["revenue_target"][0] == 2_000_000.0


def test_a_failed_save_keeps_the_previous_file_and_says_why(window, tmp_path, monkeypatch):
    target = tmp_path / "plan.slaplan"
    assert window.save_to(target)
    before = target.read_bytes()
    model = page(window, "lead volume").months_model
    model.setData(model.index(4, 0), "1", EditRole)

    def disk_full(proposal_id, version):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("slaplanner.storage.agreements._version_row", disk_full)
    assert not window.save()
    assert target.read_bytes() == before
    title, message = window.errors[-1]
    assert "not saved" in title and "No space left on device" in message and "unchanged" in message
    assert window.document.is_modified
    assert [p.name for p in tmp_path.iterdir() if p.name != "settings.ini" and p.is_file()] == ["plan.slaplan"]


def test_opening_a_broken_file_says_why_and_keeps_the_plan(window, tmp_path, sample_plan):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert not window.open_file(bad)
    assert "not valid JSON" in window.errors[-1][1]
    assert window.document.plan == sample_plan


def test_unsaved_changes_are_not_discarded_without_asking(window, monkeypatch, sample_plan):
    model = page(window, "lead volume").months_model
    model.setData(model.index(4, 0), "1", EditRole)
    asked = []
    window.ask_save_changes = lambda: asked.append(1) or QMessageBox.StandardButton.Cancel
    window.new_plan()
    assert asked and window.document.plan.sources[4].monthly_leads[0] == 1.0
    window.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    window.new_plan()
    assert window.document.plan.sources == ()


def test_dropping_a_plan_file_opens_it(window, qtbot, tmp_path, sample_plan):
    from dataclasses import replace

    from slaplanner.storage import save_plan

    path = tmp_path / "dropped.slaplan"
    save_plan(replace(sample_plan, name="Dropped plan"), path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.document.plan.name == "Dropped plan")
    assert window.document.path == path


# -- never lose work ---------------------------------------------------------------------------
def test_recovery_after_a_crash_restores_the_work(qtbot, sample_plan, tmp_path):
    folder = tmp_path / "recovery"
    first = MainWindow(PlanDocument(sample_plan), recovery=RecoveryStore(folder))
    qtbot.addWidget(first)
    assert AUTOSAVE_MSECS <= 30_000 and first.autosave_timer.isActive()
    model = page(first, "lead volume").months_model
    model.setData(model.index(4, 0), "4242", EditRole)
    edited = first.document.plan
    assert first.autosave()
    assert not first.autosave()  # nothing new since
    first.recovery.abandon()  # the process dies here: lock gone, recovery file left behind

    second = MainWindow(PlanDocument(sample_plan), recovery=RecoveryStore(folder))
    qtbot.addWidget(second)
    offered = []
    second.ask_restore = lambda description: offered.append(description) or QMessageBox.StandardButton.Yes
    assert second.offer_recovery()
    assert "Northwind" in offered[0]
    assert second.document.plan == edited
    assert second.document.is_modified and second.isWindowModified()
    assert second.recovery.orphans() == []  # offered once, not again


def test_the_timer_autosaves_unsaved_work(window, qtbot):
    window.autosave_timer.setInterval(50)  # 10 s in the app
    assert not window.recovery.file.exists()
    model = page(window, "lead volume").months_model
    model.setData(model.index(4, 0), "4242", EditRole)
    qtbot.waitUntil(window.recovery.file.exists, timeout=3000)
    from ui.recovery import read_recovery

    assert read_recovery(window.recovery.file).plan == window.document.plan


def test_a_running_window_is_not_offered_as_a_crash(qtbot, sample_plan, tmp_path):
    folder = tmp_path / "recovery"
    first = MainWindow(PlanDocument(sample_plan), recovery=RecoveryStore(folder))
    qtbot.addWidget(first)
    first.document.apply_all([], "nothing")
    model = page(first, "lead volume").months_model
    model.setData(model.index(4, 0), "1", EditRole)
    assert first.autosave()
    assert RecoveryStore(folder).orphans() == []
    first.document.undo_stack.setClean()  # saved: the recovery file goes
    assert not first.recovery.file.exists()


# -- view --------------------------------------------------------------------------------------
def test_zoom_scales_tables_and_charts(window, settings):
    overview = page(window, "overview")
    base = overview.gap_table.font().pointSizeF()
    window.act_zoom_in.trigger()
    window.act_zoom_in.trigger()
    assert window.zoom == pytest.approx(1.3)
    assert overview.gap_table.font().pointSizeF() == pytest.approx(base * 1.3)
    assert overview.sql_chart.zoom == pytest.approx(1.3)
    assert float(settings.value("view/zoom")) == pytest.approx(1.3)
    window.act_zoom_reset.trigger()
    assert overview.gap_table.font().pointSizeF() == pytest.approx(base)


def test_standard_shortcuts(window):
    from ui.qt import QKeySequence

    assert QKeySequence("Ctrl+Z") in window.act_undo.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in window.act_redo.shortcuts()
    assert QKeySequence("Ctrl+S") in window.act_save.shortcuts()
    assert QKeySequence("Ctrl+Q") in window.act_quit.shortcuts()
    assert QKeySequence("F11") in window.act_full_screen.shortcuts()
    assert QKeySequence("Ctrl++") in window.act_zoom_in.shortcuts()
    assert QKeySequence("Ctrl+-") in window.act_zoom_out.shortcuts()


def test_geometry_and_page_are_remembered(qtbot, sample_plan, settings):
    first = MainWindow(PlanDocument(sample_plan), settings=settings)
    qtbot.addWidget(first)
    first.show_page(first.page_named("funnel"))
    first.close()
    second = MainWindow(PlanDocument(sample_plan), settings=settings)
    qtbot.addWidget(second)
    assert second.current_page.title == "Funnel"


def test_dark_and_light_appearance(window):
    from ui.charts import is_dark
    from ui.mainwindow import apply_appearance
    from ui.qt import QApplication

    overview = page(window, "overview")
    try:
        window.set_appearance("dark")
        assert is_dark(QApplication.palette())
        assert overview.sql_chart.chart_style().dark  # charts follow the palette
        window.set_appearance("light")
        assert not is_dark(QApplication.palette())
        assert not overview.sql_chart.chart_style().dark
    finally:
        apply_appearance("system")
    assert not is_dark(QApplication.palette())


def test_every_edit_recalculates_the_overview(window):
    """Each edit of a month's leads recalculates the overview (funnel, gap table, headline) at once.

    How fast is a benchmark's question (benchmarks/), not a test's: a wall-clock limit here only
    measured how busy the machine was.
    """
    from slaplanner.engine.funnel import compute_funnel

    overview = page(window, "overview")
    model = page(window, "lead volume").months_model
    window.show_page(window.page_named("overview"))
    seen = set()
    for i in range(3):
        assert model.setData(model.index(4, 0), str(100 + 50 * i), EditRole)
        assert overview.result is not None
        expected = compute_funnel(window.document.plan, overview.scenario)
        assert overview.result.forward_totals == expected.forward_totals
        seen.add(tuple(overview.result.forward_totals))
    assert len(seen) == 3  # each edit changed what the overview shows


def test_a_broken_page_does_not_stop_the_window(qtbot, sample_plan, monkeypatch, capsys):
    import ui.mainwindow
    from ui.pages import Page, discover_pages

    class Broken(Page):
        title = "Broken"
        order = 99

        def __init__(self, document, parent=None):
            raise RuntimeError("boom")

    pages, errors = discover_pages()
    monkeypatch.setattr(ui.mainwindow, "discover_pages", lambda: ([*pages, Broken], list(errors)))
    win = MainWindow(PlanDocument(sample_plan))
    qtbot.addWidget(win)
    assert "Broken" not in [p.title for p in win.pages] and len(win.pages) == len(pages)
    assert "Page Broken could not be shown: boom" in win.statusBar().currentMessage()
    assert "RuntimeError: boom" in capsys.readouterr().err


def test_recent_files_menu_reopens_a_plan(window, tmp_path, sample_plan):
    from dataclasses import replace

    from slaplanner.storage import save_plan

    first, second = tmp_path / "a.slaplan", tmp_path / "b.json"
    save_plan(replace(sample_plan, name="Plan A"), first)
    save_plan(replace(sample_plan, name="Plan B"), second)
    assert window.open_file(first) and window.open_file(second)
    assert window.recent_files()[:2] == [str(second), str(first)]
    window.recent_menu.fill()
    entry = next(a for a in window.recent_menu.actions() if "a.slaplan" in a.text())
    entry.trigger()
    assert window.document.plan.name == "Plan A"
    assert window.recent_files()[0] == str(first)


def test_shrinking_then_growing_the_horizon_gives_the_months_back(window, sample_plan):
    """12 -> 6 -> 12 months in one run of changes: Trade shows keeps 650/480/720/140 in Mar,
    Jun, Sep and Nov (not six copies of June's 480), and the targets are the original ones."""
    settings_page = page(window, "plan")
    settings_page.horizon_spin.setValue(6)
    assert window.document.plan.sources[4].monthly_leads == sample_plan.sources[4].monthly_leads[:6]
    settings_page.horizon_spin.setValue(12)
    assert window.document.plan == sample_plan
    assert window.document.undo_stack.count() == 1  # one merged step
    window.document.undo_stack.undo()
    assert window.document.plan == sample_plan


def test_typing_a_horizon_is_one_change(window, qtbot, sample_plan):
    """Typing 1 then 8 must not apply a 1-month horizon on the way to 18."""
    from ui.qt import Qt

    spin = page(window, "plan").horizon_spin
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "18")
    assert window.document.plan.horizon_months == 12  # nothing applied while typing
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    plan = window.document.plan
    assert plan.horizon_months == 18
    assert plan.sources[4].monthly_leads[:12] == sample_plan.sources[4].monthly_leads
    assert plan.terms.revenue_target[:12] == sample_plan.terms.revenue_target


def test_saving_into_a_read_only_file_asks_first(window, tmp_path, monkeypatch):
    """Issue 17: saving over a read-only file used to succeed without a word."""
    import stat

    target = tmp_path / "plan.slaplan"
    assert window.save_to(target)
    target.chmod(0o444)
    model = page(window, "lead volume").months_model
    model.setData(model.index(4, 0), "1", EditRole)
    before = target.read_bytes()
    assert not window.save()  # the test answers "Cancel"
    assert target.read_bytes() == before and window.document.is_modified
    monkeypatch.setattr(type(window), "ask_overwrite_read_only", lambda self, path: True)
    assert window.save()
    assert not window.document.is_modified
    assert stat.S_IMODE(target.stat().st_mode) == 0o444  # still read-only afterwards
    assert window.document.session.base == 2


def test_the_deal_size_reads_in_thousands_and_keeps_what_is_being_typed(window, qtbot):
    """The field shows the plan's 24,000 grouped; typing 30000 is kept as typed while the field has
    the focus (no jumping cursor), and shows as 30,000 once the edit is finished."""
    settings_page = page(window, "plan")
    field = settings_page.deal_edit
    assert field.text() == "24,000"
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "30000")
    assert field.text() == "30000"
    assert window.document.plan.terms.average_deal_size == 30000.0
    field.editingFinished.emit()
    assert field.text() == "30,000"
    field.selectAll()
    qtbot.keyClicks(field, "31,500.5")
    assert window.document.plan.terms.average_deal_size == 31500.5
    field.editingFinished.emit()
    assert field.text() == "31,500.5"
