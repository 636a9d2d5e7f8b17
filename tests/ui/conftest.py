"""UI test fixtures: a window with throwaway settings and recovery folder; no dangling threads."""

from __future__ import annotations

import pytest

from ui.qt import QSettings, QThread


@pytest.fixture(autouse=True)
def no_dangling_qthreads(monkeypatch):
    """Fail a test that leaves a QThread running (after napari's ``_dangling_qthreads``)."""
    started: list[QThread] = []
    original = QThread.start

    def start(self, *args, **kwargs):
        started.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QThread, "start", start)
    yield
    dangling = [t for t in started if t.isRunning()]
    for t in dangling:
        t.wait(2000)
    assert not dangling, f"{len(dangling)} QThread(s) still running after the test"


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
    win.show_error = lambda title, message: win.errors.append((title, message))
    win.errors = []
    qtbot.addWidget(win)
    win.resize(1280, 800)
    yield win
    win.document.undo_stack.setClean()
