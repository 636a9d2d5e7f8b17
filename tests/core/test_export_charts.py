"""The exported charts show what matters: an overloaded team is on the chart, not above it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from matplotlib.figure import Figure

from slaplanner.engine.simulation import simulate
from slaplanner.exports import charts


def drawn(monkeypatch, make, *args):
    """The figure a chart function draws (instead of its PNG and SVG)."""
    captured = {}

    def fake_png(draw, **_kwargs):
        fig = Figure()
        draw(fig)
        captured["fig"] = fig
        return charts.Chart(b"", b"")

    monkeypatch.setattr(charts, "_png", fake_png)
    make(*args)
    return captured["fig"]


def test_the_utilisation_axis_reaches_an_overloaded_teams_highest_month(sample_plan, monkeypatch):
    """New-user trial: with 2 SDRs the PDF's axis stopped at 110 % while the team ran at 106-176 %,
    so the line was off the chart; the maximum occupancy line had no legend entry."""
    sim = simulate(sample_plan, runs=20, rng=np.random.default_rng(1), search_headcount=False)
    busy = tuple(replace(r, utilisation=tuple(1.76 if m == 10 else 1.2 for m in range(12))) if r.kind == "SDR" else r
                 for r in sim.roles)  # fmt: skip
    fig = drawn(monkeypatch, charts.utilisation_chart, replace(sim, roles=busy))
    ax = fig.axes[0]
    assert ax.get_ylim()[1] >= 176
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Maximum occupancy 85 %" in labels
