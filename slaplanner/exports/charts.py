"""The SLA document's charts, drawn with matplotlib (no Qt) to PNG and SVG bytes.

Each function draws one chart from a plan's results; the document puts them in figures.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from slaplanner.engine.funnel import FunnelResult
from slaplanner.engine.simulation import SimulationResult
from slaplanner.plan.format import MONTH_NAMES, fmt_pct
from slaplanner.plan.model import Plan

_PALETTE = ("#1f5a96", "#e08a1e", "#3c9a5f", "#8c5aa8", "#c0504d", "#4bacc6")


class Chart(NamedTuple):
    """One chart drawn twice from the same figure: PNG (Word, previews) and SVG (the PDF's vector
    graphics; text drawn as outlines, so it looks the same without the fonts)."""

    png: bytes
    svg: bytes


def _png(draw: Callable[[Any], None], width_in: float = 6.6, height_in: float = 2.8) -> Chart:
    """Draw on a fresh Agg figure (no pyplot, no global state) and return it as PNG and SVG."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width_in, height_in), dpi=150, layout="constrained")
    FigureCanvasAgg(fig)
    draw(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    fig.set_layout_engine("none")  # laid out once: the SVG keeps the PNG's layout (a second layout costs as much)
    vector = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "path", "svg.hashsalt": "slaplanner"}):
        fig.savefig(vector, format="svg", metadata={"Date": None})
    return Chart(buffer.getvalue(), vector.getvalue())


def _month_ticks(ax: Any, months: Sequence[str]) -> None:
    ax.set_xticks(range(len(months)))
    ax.set_xticklabels([MONTH_NAMES[int(m[5:]) - 1] for m in months], fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def sql_chart(plan: Plan, funnel: FunnelResult) -> Chart:
    """Planned SQLs per month stacked by segment, with the SQLs the goal requires."""
    k = sql_index(plan)
    by_segment = segment_series(funnel, k)

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        x = range(len(funnel.months))
        bottom = [0.0] * len(funnel.months)
        for i, (segment, values) in enumerate(by_segment.items()):
            ax.bar(x, values, bottom=bottom, color=_PALETTE[i % len(_PALETTE)], label=segment, width=0.7)
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.plot(x, funnel.required[k], color="#222222", marker="o", markersize=3, linewidth=1.4, label="Required")
        ax.set_ylabel(f"{plan.stages[k]}s per month", fontsize=8)
        _month_ticks(ax, funnel.months)
        ax.legend(fontsize=7, ncols=min(5, len(by_segment) + 1), loc="upper left", frameon=False)
        ax.set_ylim(0, max([*bottom, *funnel.required[k], 1.0]) * 1.25)

    return _png(draw)


def revenue_chart(plan: Plan, funnel: FunnelResult) -> Chart:
    """Cumulative revenue planned (marketing-sourced) against the cumulative goal."""

    def cumulative(values: Sequence[float]) -> list[float]:
        out, total = [], 0.0
        for v in values:
            total += v
            out.append(total)
        return out

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        x = range(len(funnel.months))
        ax.plot(x, cumulative(funnel.revenue_planned), color=_PALETTE[0], linewidth=2, label="Planned")
        ax.plot(x, cumulative(funnel.revenue_required), color="#222222", linestyle="--", label="Required")
        ax.set_ylabel(f"Cumulative revenue ({plan.currency})", fontsize=8)
        ax.yaxis.set_major_formatter(_thousands_formatter())
        _month_ticks(ax, funnel.months)
        ax.legend(fontsize=7, loc="upper left", frameon=False)

    return _png(draw)


def _thousands_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    def fmt(value: float, _pos: int) -> str:
        if abs(value) >= 1e6:
            return f"{value / 1e6:g} M"
        if abs(value) >= 1e3:
            return f"{value / 1e3:g} k"
        return f"{value:g}"

    return FuncFormatter(fmt)


def segment_series(funnel: FunnelResult, stage: int) -> dict[str, tuple[float, ...]]:
    """One stage's monthly counts per segment (cohort view), segments in plan order."""
    out: dict[str, list[float]] = {}
    for sf in funnel.by_source:
        row = out.setdefault(sf.segment, [0.0] * len(funnel.months))
        for m, v in enumerate(sf.counts[stage]):
            row[m] += v
    return {s: tuple(v) for s, v in out.items()}


def utilisation_chart(sim: SimulationResult) -> Chart:
    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        x = range(len(sim.months))
        top = 100.0
        shared = len({r.max_occupancy for r in sim.roles}) == 1  # one limit for every role: one line
        for i, r in enumerate(sim.roles):
            color = _PALETTE[i % len(_PALETTE)]
            ax.plot(x, [u * 100 for u in r.utilisation], color=color, marker="o", markersize=3, label=r.role)
            if not shared:
                ax.axhline(
                    r.max_occupancy * 100, color=color, linestyle=":", linewidth=1,
                    label=f"{r.role}: maximum occupancy {fmt_pct(r.max_occupancy)}",
                )  # fmt: skip
            top = max(top, *(u * 100 for u in r.utilisation))
        if shared and sim.roles:
            limit = sim.roles[0].max_occupancy
            label = f"Maximum occupancy {fmt_pct(limit)}"
            ax.axhline(limit * 100, color="#555555", linestyle=":", linewidth=1.2, label=label)
        ax.set_ylabel("Utilisation (%)", fontsize=8)
        # An overloaded team is the chart's message: the axis reaches its highest month.
        ax.set_ylim(0, top * 1.1)
        _month_ticks(ax, sim.months)
        ax.legend(fontsize=7, loc="lower left", frameon=False, ncols=3)

    return _png(draw)


def headcount_chart(sim: SimulationResult) -> Chart:
    hc = sim.headcount

    teams = [(name, curve) for name, curve in sim.headcount_by_team if curve.points]

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        if teams:  # several SDR teams: each team's own search, a line each (its own leads)
            heads = sorted({h for _name, curve in teams for h, _p in curve.points})
            for i, (name, curve) in enumerate(teams):
                h, p = zip(*curve.points)
                ax.plot(h, [v * 100 for v in p], marker="o", color=_PALETTE[i % len(_PALETTE)], linewidth=1.6,
                        label=name)  # fmt: skip
        else:
            heads = [h for h, _p in hc.points]
            bars = ax.bar(heads, [p * 100 for _h, p in hc.points], color=_PALETTE[0], width=0.6)
            # Each bar's chance written on it: a bar at 0 % is otherwise no bar at all (with lead patience
            # the chart looked empty where no headcount tried keeps the promises).
            ax.bar_label(bars, labels=[fmt_pct(p) for _h, p in hc.points], fontsize=6, padding=1)
        shown = [p for _name, curve in teams for _h, p in curve.points] if teams else [p for _h, p in hc.points]
        if shown and max(shown) < hc.target_probability:
            ax.text(0.5, 0.55, f"No headcount tried reaches the {fmt_pct(hc.target_probability)} target",
                    transform=ax.transAxes, ha="center", fontsize=8, color="#B3261E")  # fmt: skip
        ax.axhline(hc.target_probability * 100, color="#222222", linestyle="--", linewidth=1, label="Target")
        ax.set_xlabel(f"{hc.role} headcount" + (" of each team" if teams else ""), fontsize=8)
        ax.set_ylabel("Chance every promise is kept (%)", fontsize=8)
        ax.set_xticks(heads)
        ax.tick_params(labelsize=7)
        ax.set_ylim(0, 105)
        # Teams' curves rise from the left to the target line: their legend in the empty lower right;
        # bars grow to the right, so the one line's legend stays upper left.
        ax.legend(fontsize=7, loc="lower right" if teams else "upper left", frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

    return _png(draw, height_in=2.4)


def sql_band_chart(plan: Plan, sim: SimulationResult, funnel: FunnelResult) -> Chart:
    k = sql_index(plan)

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        x = list(range(len(sim.months)))
        p10 = [q[0] for q in sim.sql_quantiles]
        p50 = [q[1] for q in sim.sql_quantiles]
        p90 = [q[2] for q in sim.sql_quantiles]
        ax.fill_between(x, p10, p90, color=_PALETTE[0], alpha=0.25, linewidth=0, label="P10 to P90")
        ax.plot(x, p50, color=_PALETTE[0], linewidth=2, label="Median")
        ax.step(x, sim.sql_commitment_total, where="mid", color=_PALETTE[1], linewidth=1.6, label="Committed")
        ax.plot(x, funnel.required[k], color="#222222", linestyle="--", linewidth=1, label="Required")
        ax.set_ylabel(f"{plan.stages[k]}s per month", fontsize=8)
        _month_ticks(ax, sim.months)
        ax.legend(fontsize=7, loc="upper left", frameon=False, ncols=4)
        ax.set_ylim(0, max([*p90, *sim.sql_commitment_total, 1.0]) * 1.3)

    return _png(draw)


def workload_chart(plan: Plan, funnel: FunnelResult) -> Chart:
    k = sql_index(plan)
    opp = min(k + 1, len(plan.stages) - 1)

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        x = np.arange(len(funnel.months))
        if opp == k:
            ax.bar(x, funnel.forward[k], color=_PALETTE[0], width=0.7, label=plan.stages[k])
        else:  # side by side, so neither bar hides the other
            ax.bar(x - 0.19, funnel.forward[k], color=_PALETTE[0], width=0.38, label=plan.stages[k])
            ax.bar(x + 0.19, funnel.forward[opp], color=_PALETTE[1], width=0.38, label=plan.stages[opp])
        ax.set_ylabel("per month", fontsize=8)
        _month_ticks(ax, funnel.months)
        ax.legend(fontsize=7, loc="upper left", frameon=False, ncols=2)
        ax.set_ylim(0, max([*funnel.forward[k], 1.0]) * 1.25)

    return _png(draw)


def sql_index(plan: Plan) -> int:
    """The SQL stage of a plan whose SQL charts are drawn (their sections check that it has one)."""
    k = plan.sql_stage_index
    if k is None:
        raise ValueError(f"the plan has no stage named {plan.definitions.sql_stage}")
    return k
