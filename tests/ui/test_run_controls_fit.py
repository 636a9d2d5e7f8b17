"""The run controls (runs, seed, load, Run, Cancel, progress) of the Simulation and Compare pages
wrap onto two rows where one is too narrow, as at a presentation zoom, instead of cutting a
button to "n simulati" (seen at 200 % in a 1280-pixel window)."""

from __future__ import annotations

import pytest

from ui.qt import QApplication


def _controls(window, qtbot, title, zoom):
    window.show()
    qtbot.waitExposed(window)
    index = window.page_named(title)
    window.show_page(index)
    window.set_zoom(zoom)
    QApplication.processEvents()
    return window.pages[index].controls


def _cut(controls):
    """The controls narrower than their text needs, as readable strings."""
    fields = (controls.runs, controls.seed, controls.load)
    widgets = [controls.run_button, controls.cancel_button, *(w for w in fields if w is not None)]
    def needs(w):  # a drop-down's shortest hint cuts its choice ("Planned" for "Planned SQLs")
        return (w.sizeHint() if w is controls.load else w.minimumSizeHint()).width()

    return [f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}: {w.width()} < {needs(w)}" for w in widgets
            if w.width() < needs(w)]  # fmt: skip


@pytest.mark.parametrize(("title", "zoom", "two_rows"), [
    ("Simulation", 1.0, False), ("Simulation", 1.5, None), ("Simulation", 2.0, True), ("Compare", 2.0, False),
])  # fmt: skip
def test_no_run_control_is_cut_at_any_zoom(window, qtbot, title, zoom, two_rows):
    controls = _controls(window, qtbot, title, zoom)
    assert _cut(controls) == []
    if two_rows is not None:  # (at 150 % one row is about as wide as the page: either will do)
        assert controls.is_two_rows() is two_rows
    if controls.is_two_rows():  # the buttons and the bar below the fields
        assert controls.run_button.y() > controls.runs.y() + controls.runs.height() // 2
        assert controls.run_button.width() >= controls.run_button.sizeHint().width()


def test_the_controls_go_back_to_one_row_when_there_is_room_again(window, qtbot):
    controls = _controls(window, qtbot, "Simulation", 2.0)
    assert controls.is_two_rows()
    window.set_zoom(1.0)
    qtbot.waitUntil(lambda: not controls.is_two_rows(), timeout=5_000)
    assert _cut(controls) == []
    assert abs(controls.run_button.y() - controls.runs.y()) < controls.runs.height()


def test_a_small_window_at_200_percent_keeps_the_load_choice_whole(window, qtbot):
    """1024 x 768 at 200 %: the Load drop-down said "Planned" while the seed's box stayed wide."""
    window.resize(1024, 768)
    controls = _controls(window, qtbot, "Simulation", 2.0)
    assert controls.is_two_rows()
    assert controls.load.width() >= controls.load.sizeHint().width()
    for button in (controls.run_button, controls.cancel_button):
        assert button.width() >= button.minimumSizeHint().width()
    # The spin boxes may give way (they are sized for ten digits) but still show their whole value.
    for box in (controls.runs, controls.seed):
        assert box.lineEdit().width() >= box.fontMetrics().horizontalAdvance(box.text()), box.text()
