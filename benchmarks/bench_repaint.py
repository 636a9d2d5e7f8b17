"""Overview repaint after an edit on the sample plan: from the edit to the three charts painted.

The clock starts before ``PlanDocument.apply`` (a Lead volume cell edit: one source's baseline)
and stops once every Overview chart has drawn its figure (matplotlib Agg, through the pending
``draw_idle`` as in the app: each chart once) and Qt has painted the window (``window.grab()``
forces the paint; an earlier version called ``draw()`` itself and then let the paint draw every
chart a second time, doubling the charts' share). Offscreen, 1280 x 800, zoom 100 %.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_repaint.py [REPEATS]``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

from slaplanner.plan.edits import Edit
from slaplanner.plan.model import Plan
from slaplanner.samples import sample_plan_text
from ui.charts import ChartCanvas
from ui.document import PlanDocument
from ui.qt import QApplication


def main(repeats: int = 30) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    from ui.mainwindow import MainWindow

    plan = Plan.from_dict(json.loads(sample_plan_text()))
    window = MainWindow(PlanDocument(plan))
    window.resize(1280, 800)
    window.show()
    window.navigator.show_page(window.page_named("Overview"))
    overview = window.navigator.pages[window.page_named("Overview")]
    charts = overview.findChildren(ChartCanvas)
    for _ in range(3):
        app.processEvents()
    window.grab()
    base = plan.sources[0].baseline
    # A workshop's typical edit (a source's baseline +10 or +20 leads a month) keeps every axis
    # limit: the charts redraw only their data on the kept background. Doubling the baseline moves
    # the axes: every chart draws its whole figure again.
    for label, values in (
        ("small edits (axes kept)", [base + 10 * (i % 2 + 1) for i in range(repeats)]),
        ("large edits (axes move)", [base * (3 if i % 2 else 1) + i for i in range(repeats)]),
    ):
        times: list[float] = []
        for value in values:
            start = time.perf_counter()
            window.document.apply(Edit(("sources", 0, "baseline"), value, "Edit baseline"))
            app.processEvents()  # the charts' pending draw_idle, if any: each chart drawn once, as in the app
            window.grab()  # the paint events of the window, charts included (nothing left to draw)
            times.append((time.perf_counter() - start) * 1000)
        print(f"Overview repaint after an edit, {label} ({len(charts)} charts, {repeats} edits): "
              f"median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms")
    window.document.undo_stack.setClean()  # no "save changes?" dialog waiting for an answer
    window.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
    # As in tests/conftest.py: PySide6 can abort in the interpreter's final garbage collection
    # ("bool_dealloc"); the figures are printed, so leave without it.
    sys.stdout.flush()
    os._exit(0)
