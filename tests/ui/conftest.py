"""UI test fixtures: a window with throwaway settings and recovery folder; no dangling threads."""

from __future__ import annotations

import pytest

from ui.qt import QSettings, QThread


@pytest.fixture(autouse=True, scope="session")
def gui_thread_collector(qapp):
    """As in the application (``ui.app.create_application``): Python's cyclic garbage is collected in
    the GUI thread only, never by a worker's allocation (which crashed the suite once, freeing an
    earlier test's widgets in a lead import's thread)."""
    import gc

    from ui import gc_collector

    collector = gc_collector.install(qapp)
    yield collector
    gc.enable()


@pytest.fixture(autouse=True)
def no_dangling_qthreads(monkeypatch):
    """Fail a test that leaves a QThread running (after napari's ``_dangling_qthreads``)."""
    started: list[QThread] = []
    original = QThread.start

    def start(self, *args, **kwargs):
        started.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QThread, "start", start)
    yield started
    dangling = [t for t in started if t.isRunning()]
    for t in dangling:
        t.wait(2000)
    assert not dangling, f"{len(dangling)} QThread(s) still running after the test"


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """A modal dialog would hang an offscreen test: answer the window's questions by default
    (discard at close, do not restore) and record errors instead of showing them."""
    from ui.mainwindow import MainWindow
    from ui.qt import QMessageBox

    monkeypatch.setattr(MainWindow, "ask_save_changes", lambda self: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(MainWindow, "ask_restore", lambda self, description: QMessageBox.StandardButton.Ignore)
    monkeypatch.setattr(MainWindow, "ask_overwrite_read_only", lambda self, path: False)
    monkeypatch.setattr(MainWindow, "ask_new_plan", lambda self: ("empty", None, False))  # File > New: Skip

    def show_error(self, title, message):
        if not hasattr(self, "errors"):
            self.errors = []
        self.errors.append((title, message))

    monkeypatch.setattr(MainWindow, "show_error", show_error)


@pytest.fixture(autouse=True)
def default_settings_in_tmp(tmp_path_factory):
    """``QSettings()`` (remembered column mappings and the like) writes to a throwaway folder."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def recovery_dir(tmp_path):
    return tmp_path / "recovery"


@pytest.fixture
def window(qtbot, sample_plan, settings, recovery_dir):
    """The main window on the sample plan (untitled), never asking questions."""
    from ui.document import PlanDocument
    from ui.mainwindow import MainWindow
    from ui.recovery import RecoveryStore

    win = MainWindow(PlanDocument(sample_plan), settings=settings, recovery=RecoveryStore(recovery_dir))
    win.errors = []
    qtbot.addWidget(win)
    win.resize(1280, 800)
    return win
