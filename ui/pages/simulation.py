"""Simulation: the probability that each commitment is met, on a worker thread.

The analytic Erlang estimate updates with every change of the plan; the Monte Carlo runs on a
:class:`ui.worker.Task` with a progress bar and Cancel, and never blocks the window. Charts:
SQLs per month (P10-P90 fan) against marketing's commitment, first-touch times against the
target, SDR utilisation by week as a heat map, SDR headcount against P(commitment met).

Preview: ``python -m ui.preview simulation``.
"""

from __future__ import annotations

import functools
import html
import math
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import Locator

from slaplanner.engine.erlang import first_touch_estimate
from slaplanner.engine.simulation import (
    SimulationCancelled,
    SimulationResult,
    TierResult,
    feasibility_summary,
)
from slaplanner.errors import Problem
from slaplanner.plan.format import (
    WAIT_TICKS,
    count_text,
    days_text,
    fmt_duration_minutes,
    fmt_pct,
    fmt_short_date,
    month_range_text,
    wait_spread_text,
    weakest_month,
)
from slaplanner.plan.model import Plan
from slaplanner.plan.team import clock_text
from slaplanner.results import (
    LOAD_NAMES,
    KeptSimulation,
    ResultsService,
    estimate_vs_simulation,
    quick_precision,
)
from ui.charts import (
    BASE_FONT_PT,
    ChartCanvas,
    ChartStyle,
    fitted_title,
    legend_below,
    month_ticks,
    set_hover_text,
    thousands,
)
from ui.document import PlanDocument
from ui.labels import SteadyHeights
from ui.numbers import month_label, unbroken
from ui.pages.base import Page
from ui.qt import (
    QGridLayout,
    QLabel,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.results import refusal_text
from ui.run_controls import RunControls
from ui.worker import Task, TaskCancelled

RED = "#C0392B"
WHY_DIFFERENT = (
    "The simulation below follows the calendar: leads that arrive outside working hours (evenings, "
    "weekends, holidays) wait for the next shift, so it is usually less optimistic."
)


def run_simulation(
    service: ResultsService, plan: Plan, runs: int, seed: int, load: str, *, progress: Any, cancelled: Any
) -> SimulationResult:
    """The results service's simulation (shared with the Export page), with its cancellation
    turned into the worker's TaskCancelled."""
    try:
        return service.simulation(plan, runs, seed, load=load, progress=progress, cancelled=cancelled)
    except SimulationCancelled:
        raise TaskCancelled() from None


def analytic_estimate(plan: Plan, result: SimulationResult | None = None) -> str:
    """The core's Erlang C (Erlang A with a patience) estimate for the busiest month as rich text,
    with one line on how the simulation compares: with ``result`` (a simulation of ``plan``) the
    core's :func:`~slaplanner.results.estimate_vs_simulation` sentence (they agree, or why they
    differ, from the plan's data); without, why a calendar simulation usually differs."""
    label = "<b>Round-the-clock estimate</b>"
    est = first_touch_estimate(plan)
    if est.status == "no_sdr":
        return f"{label}: <i>add an SDR role on the Capacity page to see how fast leads are first touched.</i>"
    if est.status == "cannot_simulate":
        return f"{label}: <span style='color:{RED}'>{cannot_simulate(est.problem)}</span>"
    if est.status == "no_sqls":
        return f"{label}: <i>the plan has no SQLs, so there is nothing to first-touch.</i>"
    month = month_label(est.month)
    basis = (
        f"busiest month {month}: {est.sqls:,.0f} SQLs in {est.working_hours:,.0f} working hours "
        f"= {est.per_hour:.1f} per hour, {est.reps_text}, "
        f"{est.handle_minutes:g}-min first touch"
    )
    if est.status == "no_reps":
        sentence = (
            f"No SDR time is left in {month}: {est.effective_sdrs:g} SDRs after ramp-up x "
            f"(1 - {fmt_pct(est.shrinkage)} shrinkage) is 0, while {est.per_hour:.1f} SQLs arrive per "
            "working hour. Some SDR time is needed: raise the headcount or lower the shrinkage."
        )
        return f"{label}: <span style='color:{RED}'>{sentence}</span>"
    if est.queue is None:  # cannot_estimate
        return f"{label}: <span style='color:{RED}'>{cannot_simulate(est.problem)}</span> ({basis})."
    text = est.queue.message
    if not est.queue.stable or est.queue.load_ratio > 0.85:
        text = f"<span style='color:{RED}'>{text}</span>"
    why = WHY_DIFFERENT
    comparison = estimate_vs_simulation(plan, result) if result is not None else None
    if comparison is not None:
        why = html.escape(comparison.sentence())
        if comparison.differs:
            why = "⚠ " + why
    return (
        f"{label} (a queueing formula, as if the working-hour rate held around the clock; {basis}): "
        f"{text}<br><i>{why}</i>"
    )


def cannot_simulate(problem: str | Problem | None) -> str:
    """A core problem line as a sentence for the page; a feasibility problem in the room's words
    ("the SDR team has no reps in Mar 2026 while leads arrive", not the field's path)."""
    if problem is None:
        problem = "no reason given"
    elif isinstance(problem, Problem):
        problem = feasibility_summary((problem,)).removeprefix(_COULD_NOT_RUN).rstrip(".")
    return f"The plan cannot be simulated — {html.escape(problem)}."


_COULD_NOT_RUN = "The simulation could not run: "


def refusal_lines(plan: Plan, message: str) -> list[str]:
    """Why the simulation of ``plan`` was refused (``message``, the core's), as the page's sentences."""
    text = refusal_text(plan, message)
    if text.startswith(_COULD_NOT_RUN):
        return [cannot_simulate(text.removeprefix(_COULD_NOT_RUN).rstrip("."))]
    return [cannot_simulate(line) for line in text.splitlines() if line.strip()]


# -- charts ----------------------------------------------------------------------------------


PLACEHOLDERS = {
    "fan": (
        "SQLs per month vs. marketing's commitment",
        "the range of SQLs per month in 8 of 10 runs against the commitment",
    ),
    "first_touch": (
        "First touch vs. each tier's target",
        "how soon leads are first touched against each tier's target",
    ),
    "heatmap": ("SDR utilisation by week", "how busy the SDRs are week by week"),
    "headcount": ("Headcount vs. chance the commitments are kept", "how many SDRs the first-touch commitments need"),
}


def draw_placeholder(fig: Figure, style: ChartStyle, chart: str, run: str = "Run the simulation") -> None:
    """Before a run: the chart's title and what the run will show, instead of an empty box."""
    title, what = PLACEHOLDERS[chart]
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title, loc="left")
    font_size = style.font_size * 1.1
    # Wrapped to the figure's width (a DejaVu Sans character is at most about 0.6 em on average),
    # so the text stays inside a narrow chart at a large zoom.
    columns = max(12, int(fig.get_figwidth() * 72 * 0.9 / (font_size * 0.6)))
    ax.text(
        0.5,
        0.5,
        textwrap.fill(f"{run} to see {what}.", columns),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=style.foreground,
        alpha=0.6,
        fontsize=font_size,
    )


def draw_fan(fig: Figure, style: ChartStyle, result: SimulationResult) -> None:
    ax = fig.add_subplot()
    x = np.arange(len(result.months))
    q = np.array(result.sql_quantiles)
    ax.fill_between(x, q[:, 0], q[:, 2], color=style.planned, alpha=0.25, linewidth=0, label="8 in 10 runs")
    ax.plot(x, q[:, 1], color=style.planned, marker="o", markersize=3, linewidth=2, label="Median")
    if any(result.sql_commitment_total):
        ax.step(x, result.sql_commitment_total, where="mid", color=style.required, linewidth=2, label="Committed")
    fitted_title(ax, "SQLs per month vs. marketing's commitment", style)
    month_ticks(ax, result.months, style)
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(thousands))
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", linewidth=0.6)
    legend_below(fig, ax, ncols=3)


FIRST_TOUCH_LEFT_MINUTES = 0.5  # the first-touch chart's left edge (a log scale has no 0)


def draw_first_touch(fig: Figure, style: ChartStyle, result: SimulationResult) -> None:
    """Share of each tier's leads touched within t (one curve per tier: hot leads are served first),
    and each tier's target as a cross-hair: the point must lie above and to the left of its corner."""
    ax = fig.add_subplot()
    for i, tier in enumerate(result.response):
        # The share touched by each edge of the histogram after the first, held until the next edge;
        # from the chart's left edge the share touched within the first bin (a lead touched at once
        # shows from the left, not from the first bin's right edge).
        edges = np.array(tier.histogram_edges[1:])
        cumulative = np.cumsum(tier.histogram_share)
        ax.step(
            np.concatenate(([FIRST_TOUCH_LEFT_MINUTES], edges)),
            np.concatenate((cumulative[:1], cumulative)),
            where="post",
            color=style.colour(i),
            linewidth=2,
            label=f"{tier.tier}: {fmt_pct(tier.p_within_target)} within {fmt_duration_minutes(tier.target_minutes)} "
            f"(target {fmt_pct(tier.target_share)}) {'✓' if tier.p_within_target >= tier.target_share else '✗'}"
            if tier.has_sqls
            else f"{tier.tier}: {tier.no_sqls_text(fmt_duration_minutes(tier.target_minutes))}",
        )
    for i, tier in enumerate(result.response):
        colour = style.colour(i)
        met = tier.p_within_target >= tier.target_share
        if tier.has_sqls:  # without SQLs no point to mark: nothing was touched, in time or late
            ax.plot(
                [tier.target_minutes],
                [tier.p_within_target],
                marker="o",
                markersize=8,
                color=colour,
                linestyle="none",
                label="_target",  # the tier's line in the legend says it
                markeredgecolor=style.good if met else style.bad,
            )
        ax.plot(
            [tier.target_minutes, tier.target_minutes],
            [0, tier.target_share],
            color=colour,
            linestyle="--",
            linewidth=1,
        )
        ax.plot(
            [FIRST_TOUCH_LEFT_MINUTES, tier.target_minutes],
            [tier.target_share, tier.target_share],
            color=colour,
            linestyle="--",
            linewidth=1,
        )
    ax.set_xscale("log")
    ax.set_xlim(FIRST_TOUCH_LEFT_MINUTES, 60 * 24 * 14)
    ax.set_xticks([t for t, _ in WAIT_TICKS], [label for _, label in WAIT_TICKS])
    clocks = {t.clock for t in result.response}
    ax.set_xlabel("first touch after (business time)" if clocks == {"business"} else "first touch after")
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    fitted_title(ax, "First touch vs. each tier's target", style)
    ax.grid(linewidth=0.6)
    legend_below(fig, ax, ncols=1)


WEEKS_A_ROW = 13
HEAT_SCALE_TOP = 1.2  # the colour scale's top at least (120 %), higher when a week is busier
LIGHT_TEXT_BELOW = 0.179  # a darker cell (relative luminance) gets white text, else black: the higher contrast
CELL_TEXT_MIN_PT = 6.0  # a cell's number smaller than this (at 100 %) is left out: the colour and tooltip say it


def relative_luminance(colour: Any) -> float:
    """The WCAG relative luminance of a matplotlib colour: 0 for black, 1 for white."""
    from matplotlib.colors import to_rgba

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _a = to_rgba(colour)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def heat_scale_top(busiest: float) -> float:
    """The heat map's colour scale top: 120 %, or the busiest week rounded up to the next 20 %
    (so that 118 % and 227 % do not both show as the darkest red)."""
    if not busiest > HEAT_SCALE_TOP or not math.isfinite(busiest):
        return HEAT_SCALE_TOP
    return math.ceil(busiest * 5 - 1e-9) / 5


class WeekTicks(Locator):
    """The heat map's week numbers: every week, or every 2nd, 4th ... when the labels would run
    together at the axes' width (measured when drawn, after the layout)."""

    STEPS = (1, 2, 4, 6, 12)
    DIGIT_EM = 0.64  # a digit's width in DejaVu Sans, in the font's size

    def __init__(self, weeks: int, font_pt: float):
        self.weeks = weeks
        self.font_pt = font_pt

    def __call__(self) -> list[int]:
        axes: Any = getattr(self.axis, "axes", None)
        if axes is None:
            return list(range(self.weeks))
        pixels_a_point = axes.get_figure(root=True).dpi / 72
        label = (len(str(self.weeks)) * self.DIGIT_EM + 0.6) * self.font_pt * pixels_a_point  # and a gap
        cell = axes.bbox.width / self.weeks
        step = next((s for s in self.STEPS if cell * s >= label), self.weeks)
        return list(range(0, self.weeks, step))

    def tick_values(self, vmin: float, vmax: float) -> list[int]:
        return list(range(self.weeks))


class CellText(Text):
    """A heat-map cell's number, in the size at which the chart's widest number (``widest``, drawn
    bold) fits a cell when drawn (after the layout): every cell's number the same size, or none
    when that is below ``min_size`` (the colour, the colour bar and the cell's tooltip still say it)."""

    def __init__(self, x: float, y: float, text: str, *, widest: str, min_size: float, **kwargs: Any):
        super().__init__(x, y, text, **kwargs)
        self.wanted_size = self.get_fontsize()
        self.widest = widest
        self.min_size = min_size

    def draw(self, renderer: Any) -> None:
        if self.axes is None:
            return
        x, y = self.get_position()
        (x0, y0), (x1, y1) = self.axes.transData.transform([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)])
        room_w, room_h = abs(x1 - x0) * 0.85, abs(y1 - y0) * 0.85
        text, weight = self.get_text(), self.get_fontweight()
        self.set_fontsize(self.wanted_size)
        self.set_visible(True)  # an invisible text measures empty
        self.set_text(self.widest)
        self.set_fontweight("bold")
        box = self.get_window_extent(renderer)
        self.set_text(text)
        self.set_fontweight(weight)
        scale = min(1.0, room_w / max(box.width, 1e-9), room_h / max(box.height, 1e-9))
        size = self.wanted_size * scale
        self.set_visible(size >= self.min_size)
        self.set_fontsize(size)
        super().draw(renderer)


def colour_bar_ticks(norm: Any, limit: float, top: float) -> list[float]:
    """The colour bar's ticks: 0, the maximum occupancy, the top, and round values between that
    stand apart from them on the (two-slope) bar."""
    kept: list[float] = []
    for value in (0.0, limit, top, *np.arange(0.5, top, 0.5)):
        if all(abs(float(norm(value)) - float(norm(k))) >= 0.12 for k in kept):
            kept.append(float(value))
    return sorted(kept)


def heat_map_limit(result: SimulationResult) -> float:
    """The maximum occupancy the heat map marks: the (first) SDR team's, 100 % without one."""
    sdr = next((ro for ro in result.roles if ro.kind == "SDR"), None)
    return sdr.max_occupancy if sdr is not None else 1.0


def week_hover_text(result: SimulationResult, x: float, y: float) -> str | None:
    """The heat map's tooltip at the point (x, y) in its data coordinates (a cell's centre is
    (column, row)): the week's start and utilisation in words, or None outside the weeks (a row's
    empty cells after the plan's last week, or beside the grid)."""
    column, row = math.floor(x + 0.5), math.floor(y + 0.5)
    week = row * WEEKS_A_ROW + column
    if not 0 <= column < WEEKS_A_ROW or row < 0 or week >= len(result.sdr_utilisation_by_week):
        return None
    used = result.sdr_utilisation_by_week[week]
    limit = heat_map_limit(result)
    if used > limit:  # as the framed cells
        against = f", above the maximum occupancy ({fmt_pct(limit)})"
    else:
        against = f" (maximum occupancy {fmt_pct(limit)})"
    start = fmt_short_date(date.fromisoformat(result.week_starts[week]))
    return f"Week from {start}: {fmt_pct(used)} of the SDRs' available hours spent on leads{against}"


def draw_heatmap(fig: Figure, style: ChartStyle, result: SimulationResult) -> None:
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.patches import Rectangle

    ax = fig.add_subplot()
    util = np.array(result.sdr_utilisation_by_week)
    cols = WEEKS_A_ROW
    rows = max(1, math.ceil(len(util) / cols))
    flat = np.full(rows * cols, np.nan)
    flat[: len(util)] = util
    grid = flat.reshape(rows, cols)
    limit = heat_map_limit(result)
    top = heat_scale_top(float(np.nanmax(util)) if len(util) else 0.0)
    # Yellow is the maximum occupancy at any scale: greener below it, redder above it up to the top.
    norm = TwoSlopeNorm(vmin=0.0, vcenter=min(max(limit, 0.05), top - 0.05), vmax=top)
    image = ax.imshow(grid, cmap="RdYlGn_r", norm=norm, aspect="auto")
    labels = []
    for r in range(rows):
        week = r * cols
        labels.append(
            f"from {fmt_short_date(date.fromisoformat(result.week_starts[week]))}"
            if week < len(result.week_starts)
            else ""
        )
    ax.set_yticks(range(rows), labels)
    ax.xaxis.set_major_locator(WeekTicks(cols, style.font_size * 0.9))  # xtick.labelsize
    ax.xaxis.set_major_formatter(lambda v, _p: str(int(v) + 1))
    ax.set_xlabel("week, counted from the row's date")

    over = 0
    widest = max((f"{v * 100:.0f}" for v in util), key=len, default="")
    for r in range(rows):
        for c in range(cols):
            v = grid[r, c]
            if np.isnan(v):
                continue
            high = v > limit
            over += high
            dark = relative_luminance(image.cmap(image.norm(v))) < LIGHT_TEXT_BELOW
            ax.add_artist(
                CellText(
                    c,
                    r,
                    f"{v * 100:.0f}",
                    widest=widest,
                    min_size=CELL_TEXT_MIN_PT * style.font_size / BASE_FONT_PT,
                    ha="center",
                    va="center",
                    fontsize=style.font_size * 0.75,
                    color="white" if dark else "black",
                    fontweight="bold" if high else "normal",
                )
            )
            if high:
                ax.add_patch(Rectangle((c - 0.48, r - 0.48), 0.96, 0.96, fill=False, edgecolor="black", linewidth=2))
    several = sum(1 for ro in result.roles if ro.kind == "SDR") > 1
    title = "SDR utilisation by week" + (", all SDR teams together" if several else "")
    if over and over == len(util):
        title += f"\n⚠ every week above {fmt_pct(limit)}"
    elif over:
        title += f"\n⚠ {over} week{'s' if over > 1 else ''} above {fmt_pct(limit)} (framed)"
    if several and result.busy_weeks:  # a team can be busy while the teams together are not
        each = ", ".join(f"{name} {weeks}" for name, weeks, _limit in result.busy_weeks)
        title += f"\n⚠ weeks above the maximum, each team on its own: {each}"
        over = over or 1  # the title in the warning colour
    if over:
        fitted_title(ax, title, style, color=style.bad)
    else:  # matplotlib refuses color=None ("None is not a valid value for color")
        fitted_title(ax, title, style)
    bar = fig.colorbar(image, ax=ax, fraction=0.03)
    bar.ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    bar.ax.axhline(limit, color=style.foreground, linewidth=2)  # the maximum occupancy, as the frames
    bar.ax.set_yticks(colour_bar_ticks(norm, limit, top))
    # Each week's figure in words under the pointer, also where the cell is too small for its number.
    set_hover_text(ax, functools.partial(week_hover_text, result))


def staffed_text(headcount: tuple[int, ...]) -> str:
    """A team's headcount over the plan's months in a few characters: ``4`` or ``4–5``."""
    if not headcount:
        return "0"
    low, high = min(headcount), max(headcount)
    return str(low) if low == high else f"{low}–{high}"


def short_months(result: SimulationResult, headcount: tuple[int, ...], needed: int) -> tuple[str, ...]:
    """The plan months in which a team has fewer people than it needs."""
    return tuple(m for m, h in zip(result.months, headcount) if h < needed)


def draw_team_headcounts(fig: Figure, style: ChartStyle, result: SimulationResult) -> None:
    """Several SDR teams: each team's P(commitments met) against its own headcount, with what it
    needs (star) and what it has (dotted line), one colour per team."""
    ax = fig.add_subplot()
    staffed = {ro.role: ro.headcount for ro in result.roles}
    ticks: set[int] = set()
    target = result.headcount.target_probability
    for i, (name, curve) in enumerate(result.headcount_by_team):
        colour = style.colour(i)
        heads = staffed.get(name, ())
        label = f"{name}: needs {curve.needed_text}, has {staffed_text(heads)}"
        if curve.points:
            h, p = zip(*curve.points)
            ticks.update(h)
            ax.plot(h, p, marker="o", color=colour, linewidth=2, label=label)
            if curve.headcount_needed is not None:
                at = dict(curve.points).get(curve.headcount_needed, target)
                ax.plot([curve.headcount_needed], [at], marker="*", markersize=16, color=colour, linestyle="none")
        else:
            ax.plot([], [], color=colour, linewidth=2, label=label)
        if heads:
            ax.axvline(max(heads), color=colour, linestyle=":", linewidth=2)
            ticks.add(max(heads))
    ax.axhline(target, color=style.required, linestyle="--", linewidth=1.5, label=f"target {fmt_pct(target)}")
    ax.plot([], [], marker="*", markersize=12, color=style.foreground, linestyle="none", label="needed")
    ax.plot([], [], color=style.foreground, linestyle=":", linewidth=2, label="has (most in a month)")
    if ticks:
        ax.set_xticks(sorted(ticks))
    ax.set_ylim(-0.02, 1.05)
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    ax.set_xlabel("SDRs in the team (every month)")
    fitted_title(ax, "Headcount vs. chance the commitments are kept, per SDR team", style)
    ax.grid(linewidth=0.6)
    # Under the plot, not over it (in the chart's lower right it covered the curves).
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)


def draw_headcount(fig: Figure, style: ChartStyle, result: SimulationResult) -> None:
    if result.headcount_by_team:
        draw_team_headcounts(fig, style, result)
        return
    ax = fig.add_subplot()
    curve = result.headcount
    ticks: set[int] = set()
    if curve.points:
        h, p = zip(*curve.points)
        ax.plot(h, p, marker="o", color=style.planned, linewidth=2,
                label="chance every first-touch promise and cadence is kept")  # fmt: skip
        ticks.update(h)
    # The lines are named where they are drawn (a legend covered the curve in a small chart).
    target = curve.target_probability
    ax.axhline(target, color=style.required, linestyle="--", linewidth=1.5, label=f"target {fmt_pct(target)}")
    ax.text(0.01, target, f" target {fmt_pct(target)}", transform=ax.get_yaxis_transform(), va="bottom", ha="left",
            color=style.required, fontsize=style.font_size * 0.85)  # fmt: skip
    if curve.stopped:  # over the lines, on the chart's own background
        ax.text(0.5, 0.5, "No headcount found: the search stopped\n(the summary's warnings say why)",
                transform=ax.transAxes, ha="center", va="center", color=style.required, zorder=5,
                bbox={"facecolor": style.background, "edgecolor": style.required, "pad": 6})  # fmt: skip
    if curve.headcount_needed is not None:
        needed = curve.headcount_needed
        ax.axvline(needed, color=style.good, linewidth=1.5, label=f"needed: {needed} {curve.role}s")
        ax.text(needed, 0.02, f"needed: {needed} ", transform=ax.get_xaxis_transform(), va="bottom", ha="right",
                color=style.good, fontsize=style.font_size * 0.85)  # fmt: skip
    staffed = _staffed_at_most(result, curve.role)
    if staffed is not None:
        has = ax.axvline(staffed, color=style.foreground, linestyle=":", linewidth=2, label="has (most in a month)")
        # The one line not named where it is drawn: its legend under the plot (a legend of every line
        # ran past a narrow chart's edges at 150 %).
        fig.legend([has], ["has (most in a month)"], loc="outside lower center", frameon=False)
        ticks.add(staffed)
        low, high = min(ticks), max(ticks)
        ax.set_xlim(low - 0.3, high + 0.3)
    if ticks:
        ax.set_xticks(sorted(ticks))
    ax.set_ylim(-0.02, 1.05)
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    ax.set_xlabel(f"{curve.role} headcount (every month)")
    ax.set_ylabel("chance kept", fontsize=style.font_size * 0.85)  # the title says what is kept
    fitted_title(ax, f"{curve.role}s vs. chance every first-touch promise and cadence is kept", style)
    ax.grid(linewidth=0.6)


def _spread(t: TierResult) -> str:
    """How long leads waited in plain words: "half at once, 9 in 10 within 11 min, 19 in 20 within 20 min"."""
    return wait_spread_text(t.median_minutes, t.p90_minutes, t.p95_minutes, business=t.clock == "business")


def teams_html(result: SimulationResult, plan: Plan | None, *, quick: bool = False) -> str:
    """Several SDR teams: per team its segments, utilisation, and what it needs against what it has
    ("" with one SDR team)."""
    if not result.headcount_by_team:
        return ""
    staffed = {ro.role: ro for ro in result.roles}
    target = result.headcount.target_probability
    rows = []
    for name, curve in result.headcount_by_team:
        ro = staffed.get(name)
        role = next((r for r in plan.team.sdr_teams if r.name == name), None) if plan is not None else None
        where = ""
        if role is not None and plan is not None:
            mine = [s for s in plan.segments if plan.team.sdr_team_for(s) is role]
            hours = html.escape(role.calendar.describe_hours(clock_text))
            where = (
                f" ({html.escape(', '.join(mine) or 'no segment')}; {html.escape(role.calendar.time_zone)}, {hours})"
            )
        used = ""
        if ro is not None and ro.utilisation:
            low, high = min(ro.utilisation), max(ro.utilisation)
            span = fmt_pct(low) if round(low, 2) == round(high, 2) else f"{fmt_pct(low)}–{fmt_pct(high)}"
            over = f"<span style='color:{RED}'>" if high > ro.max_occupancy else "<span>"
            used = f"utilisation {over}{span}</span> by month (maximum {fmt_pct(ro.max_occupancy)}); "
        heads = ro.headcount if ro is not None else ()
        if quick:
            need = f"has {staffed_text(heads)} (the full run says how many it needs)"
        elif curve.stopped:
            missing = f"<span style='color:{RED}'>no headcount found (the search stopped: see the warnings)</span>"
            need = f"{missing}, has {staffed_text(heads)}"
        elif curve.headcount_needed is None:
            missing = f"<span style='color:{RED}'>no headcount tried reaches a {fmt_pct(target)} chance</span>"
            need = f"{missing}, has {staffed_text(heads)}"
        else:
            short = short_months(result, heads, curve.headcount_needed)
            verdict = (
                f"<span style='color:{RED}'>✗ short in {month_range_text(short)}</span>"
                if short
                else "✓ enough every month"
            )
            has = f"has {staffed_text(heads)} {verdict}"
            need = f"needs <b>{curve.headcount_needed}</b> for a {fmt_pct(target)} chance on its own leads, {has}"
        rows.append(f"<li><b>{html.escape(name)}</b>{where}: {used}{need}</li>")
    return (
        "<b>SDR teams</b> (each works its segments' SQLs on its own calendar; what a team needs is what its "
        "<i>own</i> leads need to get every tier's promise, which can be more than the promise over all leads "
        "needs when another team's leads make up for it):<ul>" + "".join(rows) + "</ul>"
    )


def _out_of_date(what: str, then: str) -> str:
    """The state line of results that are not the answer for the plan and settings as they are now."""
    return f"<span style='color:{RED}'><b>⚠ Out of date:</b> {what}.</span> {then}"


def summary_html(result: SimulationResult, currency: str, *, quick: bool = False, plan: Plan | None = None) -> str:
    """The result in words: per tier, marketing, each SDR team, bottleneck, warnings (``quick``: a
    quick simulation, which has no headcount curve; ``plan``: the plan simulated, for the teams'
    segments and hours)."""
    on = "marketing's <b>committed</b> SQLs" if result.load == "committed" else "the <b>planned</b> SQLs"
    runs = f"Quick estimate: {count_text(result.runs, 'run')}" if quick else count_text(result.runs, "run")
    parts = [f"<b>{runs}</b> (seed {result.seed}) on {on}."]
    rows = []
    if not any(t.sqls_per_run for t in result.response):
        rows.append("<li>No SQLs arrive in the plan's horizon: there is nothing to touch, so there are no "
                    "first-touch figures (not met, not missed).</li>")  # fmt: skip
    for t in result.response if rows == [] else ():
        served = "served first" if t.priority == 1 else f"priority {t.priority}"
        if not t.has_sqls:  # another tier has SQLs, this one none: no figure of it means anything
            within = fmt_duration_minutes(t.target_minutes)
            rows.append(f"<li><b>{t.tier}</b> ({served}): {t.no_sqls_text(within)}.</li>")
            continue
        lost = t.slower_sla_shown
        extra = ""
        if lost is not None:
            # The plan's decay curve (leads touched later convert less), the same whatever the team.
            extra = (
                f"; if {t.tier} leads were first touched within {fmt_duration_minutes(lost[0])} instead of "
                f"{fmt_duration_minutes(t.target_minutes)}, the decay curve says about {lost[1]:,.0f} fewer SQLs "
                f"over the plan ({lost[2]:,.0f} {currency})"
            )
        weakest = ""
        if t.p_met_by_month:
            month = weakest_month(t.p_met_by_month, result.months)
            weakest = " (every month)" if month is None else f" (weakest {month}: {fmt_pct(min(t.p_met_by_month))})"
        lost_text = (
            f" (of the leads touched); {fmt_pct(t.lost_share, 1)} lost to lead patience (never touched)"
            if t.lost_share
            else ""
        )
        rows.append(
            f"<li><b>{t.tier}</b> ({served}): {fmt_pct(t.p_within_target, 1)} first touched within "
            f"{fmt_duration_minutes(t.target_minutes)} of {t.clock} time (target {fmt_pct(t.target_share)}); "
            f"{_spread(t)}"
            f"{lost_text}; chance we keep the promise over the whole plan <b>{fmt_pct(t.p_met)}</b>{weakest}. "
            f"Accepted or rejected within {t.accept_within_hours:g} h: {fmt_pct(t.p_accept_within, 1)} of leads "
            f"(target {fmt_pct(t.target_share)}), chance {fmt_pct(t.p_accept_met)}. "
            + (
                f"{t.touches} touches within {days_text(t.touch_days)}: {fmt_pct(t.touches_within)} of leads got "
                f"them (target {fmt_pct(t.target_share)}), chance {fmt_pct(t.p_touches_met)}"
                if t.touches
                else "No follow-up cadence promised"
            )
            + f"{extra}.</li>"
        )
    parts.append("<ul>" + "".join(rows) + "</ul>")
    if result.sqls_lost > 0:
        parts.append(f"<span style='color:{RED}'>{html.escape(result.patience_loss_text(currency))}</span>")
    if result.sql_p_met_by_segment and result.load == "committed":
        parts.append(
            "Marketing's SQL commitment: simulated on the committed SQLs themselves, so it is met by construction; "
            "its chance comes from a run on the <b>planned</b> SQLs."
        )
    elif result.sql_p_met_by_segment:
        worst = min(range(len(result.months)), key=lambda i: result.sql_p_met[i])

        def spread(ps: Sequence[float]) -> str:  # one figure where every month has the same
            low, high = fmt_pct(min(ps)), fmt_pct(max(ps))
            return low if low == high else f"{low}–{high}"

        segments = ", ".join(f"{html.escape(name)} {spread(ps)}" for name, ps in result.sql_p_met_by_segment)
        low, high = fmt_pct(min(result.sql_p_met)), fmt_pct(max(result.sql_p_met))
        chance = (
            f"a chance of {low} in every month"
            if low == high
            else f"a chance from {low} ({month_label(result.months[worst])}) to {high}"
        )
        parts.append(
            f"Marketing meets its SQL commitment (met = <i>every</i> segment delivers at least its committed SQLs "
            f"in that month) with {chance}; each segment on its own: {segments}."
        )
    teams = teams_html(result, plan, quick=quick)
    if teams:
        parts.append(teams)
    parts.append(f"<b>Bottleneck:</b> {result.bottleneck_detail}.")
    hc = result.headcount
    if quick:
        parts.append(f"People: the full run says how many {hc.role}s the commitments need; {_aes_needed(result)}.")
    else:
        needed = hc.needed_text
        if result.headcount_by_team:
            each = ", ".join(f"{html.escape(name)} {c.needed_text}" for name, c in result.headcount_by_team)
            needed += f" ({each})"
        sdr_staffed = _staffed_at_most(result, "SDR")
        has = "" if sdr_staffed is None else f"; {sdr_staffed} staffed at most"
        if hc.stopped and not result.headcount_by_team:  # the warnings below say why
            parts.append(f"People needed: {hc.role}s not found, the headcount search stopped (see the warnings"
                         f"{has}); {_aes_needed(result)}.")  # fmt: skip
        else:
            parts.append(
                f"People needed: {hc.role}s {needed} (for a {fmt_pct(hc.target_probability)} chance of keeping every "
                f"first-touch promise and follow-up cadence{has}); {_aes_needed(result)}."
            )
    if result.warnings:
        everything = len(result.warnings) <= WARNINGS_LISTED
        shown = [f"⚠ {html.escape(w)}" for w in result.warnings[: None if everything else WARNINGS_BEFORE_MORE]]
        if not everything:
            more = len(result.warnings) - WARNINGS_BEFORE_MORE
            shown.append(f"… and {more} more: point at this summary to read them all")
        parts.append(f"<span style='color:{RED}'>" + "<br>".join(shown) + "</span>")
    return "<br>".join(parts)


WARNINGS_LISTED = 8  # up to this many warnings are all listed in the summary; more: the first few and a tooltip
WARNINGS_BEFORE_MORE = 6


def warnings_tooltip(result: SimulationResult | None) -> str:
    """Every warning of ``result`` as the summary's tooltip when the summary lists only some of them."""
    if result is None or len(result.warnings) <= WARNINGS_LISTED:
        return ""
    items = "".join(f"<li>{html.escape(w)}</li>" for w in result.warnings)
    return f"<b>All {len(result.warnings)} warnings of this run:</b><ul>{items}</ul>"


def _staffed_at_most(result: SimulationResult, kind: str) -> int | None:
    """The most people of ``kind`` (SDR teams together) the plan staffs in any month, or None without the role."""
    heads = [r.headcount for r in result.roles if r.kind == kind and r.headcount]
    if not heads:
        return None
    return max(sum(h[i] if i < len(h) else h[-1] for h in heads) for i in range(max(len(h) for h in heads)))


def _aes_needed(result: SimulationResult) -> str:
    """The AEs needed, saying what the number is: the open opportunities of a busy month (P90)."""
    staffed = _staffed_at_most(result, "AE")
    has = "" if staffed is None else f"; {staffed} staffed at most"
    return f"AEs {result.ae_needed} (to carry the open opportunities of a busy month, 90th percentile{has})"


class SimulationPage(Page):
    """Run the Monte Carlo simulation and show what it says; after every edit a quick estimate
    (live answers, from the window's :class:`~ui.results.SharedResults`) with the full run marked
    out of date until it is run again. Never shows another plan's results without saying so."""

    title = "Simulation"
    order = 70

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.result: SimulationResult | None = None  # the result the charts and summary show
        self.shown: KeptSimulation | None = None  # ... with the plan it is of and whether it is quick
        self._running_plan: Plan | None = None  # the plan the full run on the thread simulates
        self._dirty = False  # a simulation was kept while the page was hidden
        self._abandoned = False  # the full run on the thread is of a plan no longer open: not shown
        # The state line and the estimate are reworded by every edit: kept from shrinking, so the charts
        # under them are not resized (and drawn whole again) after each edit.
        self._heights = SteadyHeights()

        self.controls = RunControls(document.results, "Run simulation", settings=True)
        self.controls.runRequested.connect(self.start)
        self.controls.succeeded.connect(self.show_result)
        self.controls.failed.connect(self._failed)
        self.controls.cancelled.connect(self._cancelled)
        self.controls.finished.connect(self._show_state)
        assert self.controls.runs is not None and self.controls.seed is not None and self.controls.load is not None
        self.runs, self.seed, self.load = self.controls.runs, self.controls.seed, self.controls.load
        self.run_button = self.controls.run_button
        self.run_button.setToolTip("The full simulation: the runs and seed here, with the headcount curve")
        self.cancel_button = self.controls.cancel_button
        self.progress = self.controls.progress

        self.state = QLabel()
        self.state.setObjectName("simulation-state")
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.RichText)
        self.estimate = QLabel()
        self.estimate.setWordWrap(True)
        self.estimate.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel("Run the simulation to see the probability that each commitment is met.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.fan = ChartCanvas(min_height=260)
        self.first_touch = ChartCanvas(min_height=260)
        self.heatmap = ChartCanvas(min_height=260)
        self.headcount = ChartCanvas(min_height=260)
        charts = QGridLayout()
        charts.addWidget(self.fan, 0, 0)
        charts.addWidget(self.first_touch, 0, 1)
        charts.addWidget(self.heatmap, 1, 0)
        charts.addWidget(self.headcount, 1, 1)
        self.show_placeholders()

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.estimate)
        inner.addWidget(self.summary)
        inner.addLayout(charts, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.state)
        layout.addWidget(scroll, 1)

        results = document.results
        results.attach(self)  # live answers while the window showing this page is on screen
        results.simulationKept.connect(self._on_kept)
        results.quickStarted.connect(lambda _plan: self._show_state())
        results.quickFailed.connect(self._quick_failed)
        results.settingsChanged.connect(lambda _settings: self._show_current())
        results.documentReplaced.connect(self._abandon_run)
        document.agreementChanged.connect(lambda _session: self._forget_other_plan())
        document.planChanged.connect(lambda _plan: self.controls.show_idle())  # the 100 % was of another plan

    @property
    def task(self) -> Task | None:
        """The full run on its thread (or the last one)."""
        return self.controls.task

    def show_placeholders(self, run: str = "Run the simulation") -> None:
        """Before a run (and after a failed one): say what each chart will show."""
        for name in PLACEHOLDERS:
            canvas: ChartCanvas = getattr(self, name)
            canvas.plot(functools.partial(draw_placeholder, chart=name, run=run))

    def _set_summary(self, text: str, result: SimulationResult | None = None) -> None:
        """Show ``text`` as the summary, with every warning of ``result`` in its tooltip when it lists only some."""
        self.summary.setText(text)
        self.summary.setToolTip(warnings_tooltip(result))

    # -- what is shown ------------------------------------------------------------------------------
    def refresh(self, plan: Plan) -> None:
        self._show_current()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self._show_current()
        self.document.results.request_quick()  # the page opened on a plan without an answer yet

    def _on_kept(self) -> None:
        if self.isVisible():
            self._show_current()
        else:
            self._dirty = True

    def _show_current(self) -> None:
        """Show the best simulation kept for the plan as it is (the full run, else the quick one);
        with none, keep what is shown and say it is out of date."""
        self._dirty = False
        plan = self.document.plan
        kept = self.document.results.current(plan)
        if kept is not None and (self.shown is None or kept.result is not self.shown.result):
            self._draw(kept)
        elif kept is None and not self.controls.is_running():
            refused = self.document.results.refused(plan)  # e.g. a plan opened that way: say so before Run
            if refused:
                self._quick_failed(refused)
        self.estimate.setText(unbroken(analytic_estimate(plan, self.result if self._shows(plan) else None)))
        self._heights.keep("estimate", self.estimate)
        self._show_state()

    def _shows(self, plan: Plan) -> bool:
        return self.shown is not None and self.shown.plan == plan

    def _abandon_run(self) -> None:
        """New, Open, another proposal while the full run is on its thread: it is of a plan no longer
        open, so it is cancelled and whatever it gives is not shown."""
        if self.controls.is_running():
            self._abandoned = True
            self.controls.cancel()

    def _forget_other_plan(self) -> None:
        """New, Open, another proposal: nothing of the previous plan stays on the page."""
        if self.shown is not None and self.shown.plan != self.document.plan:
            self.shown = self.result = None
            self._set_summary("Run the simulation to see the probability that each commitment is met.")
            self.show_placeholders()
        self._show_current()

    def _draw(self, kept: KeptSimulation) -> None:
        self.shown, self.result = kept, kept.result
        result = kept.result
        self._set_summary(unbroken(summary_html(result, kept.plan.currency, quick=kept.quick, plan=kept.plan)), result)
        self.fan.plot(lambda fig, style: draw_fan(fig, style, result))
        self.first_touch.plot(lambda fig, style: draw_first_touch(fig, style, result))
        self.heatmap.plot(lambda fig, style: draw_heatmap(fig, style, result))
        if kept.quick:
            self.headcount.plot(
                functools.partial(draw_placeholder, chart="headcount", run="Run the full simulation (Run simulation)")
            )
        else:
            self.headcount.plot(lambda fig, style: draw_headcount(fig, style, result))

    def state_text(self) -> str:
        """What the page shows, in one or two sentences: the full run, a quick estimate (and that
        the full run is out of date), or results of another plan (and that they are out of date)."""
        results = self.document.results
        settings = results.settings
        plan = self.document.plan
        full = f"{count_text(settings.runs, 'run')}, with the headcount curve"
        if self.controls.is_running():
            running_now = self._running_plan == plan
            doing = "Running the full simulation" + ("" if running_now else " of the plan before your last change")
            prefix = f"<b>{doing}…</b> "
        else:
            prefix = ""
        if self.shown is None:
            if results.quick_pending():
                quick = count_text(settings.live_runs, "run")
                return prefix + f"Computing a quick estimate ({quick}) for the plan as it is now…"
            if results.refused(plan):
                return prefix + f"<span style='color:{RED}'><b>The plan as it is cannot be simulated</b></span>."
            return prefix
        shown = self.shown
        coming = results.quick_pending() or results.live()  # a quick answer follows in a moment
        if shown.plan != plan:
            return prefix + _out_of_date(
                f"these results ({shown.describe()}) are of the plan before your last change",
                "A quick estimate for the plan as it is now follows in a moment."
                if coming
                else "Press <b>Run simulation</b> for the plan as it is now.",
            )
        # Another seed or load is another answer (its quick run follows); other runs are the same one,
        # more or less precise, and the line says how many it has.
        if (shown.seed, shown.load) != (settings.seed, settings.load):
            return prefix + _out_of_date(
                f"these results ({shown.describe()}, on {LOAD_NAMES.get(shown.load, shown.load)}) are of other "
                "settings than the ones above",
                "A quick estimate with them follows in a moment."
                if coming
                else "Press <b>Run simulation</b> to run with them.",
            )
        if self.shown.quick:
            share, probability = quick_precision(self.shown.runs)
            return prefix + (
                f"<b>Quick estimate</b>, {count_text(self.shown.runs, 'run')}: shares within target ±{share} points, "
                f"probabilities ±{probability} points (95 %), no headcount curve. "
                f"<span style='color:{RED}'><b>The full run is out of date</b></span>: press <b>Run simulation</b> "
                f"({full})."
            )
        return prefix + f"<b>Full run</b>: {self.shown.describe()}, up to date with the plan."

    def full_is_current(self) -> bool:
        """True when the page shows the full run of the plan as it is."""
        return self.shown is not None and not self.shown.quick and self.shown.plan == self.document.plan

    def _show_state(self) -> None:
        self.state.setText(self.state_text())
        self._heights.keep("state", self.state)

    def _quick_failed(self, message: str) -> None:
        if self.shown is None or self.shown.plan != self.document.plan:
            lines = refusal_lines(self.document.plan, message)
            self._set_summary(f"<span style='color:{RED}'>" + "<br>".join(lines) + "</span>")
            self.shown = self.result = None
            self.show_placeholders(run="Fix what stops the simulation (above)")
        self._show_state()

    def prepare_screenshot(self) -> None:
        """For ``--screenshot``: run the simulation (default runs and seed) so the charts are drawn."""
        self.start()

    # -- the full run ---------------------------------------------------------------------------
    def start(self) -> None:
        if self.controls.is_running():
            return
        plan = self.document.plan
        settings = self.document.results.settings
        self.document.results.stop_quick()  # the full run answers this plan; no quick run beside it
        self._running_plan = plan
        self._abandoned = False
        self._set_summary("Simulating…")
        self.controls.start(
            run_simulation,
            self.document.results.service,
            plan,
            settings.runs,
            settings.seed,
            settings.load,
            parent=self,
        )
        self._show_state()

    def cancel(self) -> None:
        self.controls.cancel()

    def _failed(self, message: str) -> None:
        plan = self._running_plan or self.document.plan
        lines = refusal_lines(plan, message)
        self._set_summary(f"<span style='color:{RED}'>" + "<br>".join(lines) + "</span>")
        self.shown = self.result = None
        self.show_placeholders(run="Fix what stops the simulation (above)")
        self.status("Simulation failed: " + refusal_text(plan, message).splitlines()[0])

    def _dropped(self) -> bool:
        """True (and the page shows the plan now open) when the run that ended was abandoned: New or
        Open came while it ran, so nothing is said of the plan no longer open."""
        if not self._abandoned:
            return False
        self._abandoned = False
        self._show_current()
        self.document.results.request_quick()
        return True

    def _cancelled(self) -> None:
        if self._dropped():
            return
        previous = self.shown
        if previous is None:
            self._set_summary("Cancelled. Nothing was changed.")
        else:  # the charts still show the previous run: say so above them
            self._set_summary(
                f"<i>Cancelled; still showing the previous run ({previous.describe()}).</i><br>"
                + summary_html(previous.result, previous.plan.currency, quick=previous.quick, plan=previous.plan),
                previous.result,
            )
        self.status("Simulation cancelled.")
        self.document.results.request_quick()

    def show_result(self, result: SimulationResult) -> None:
        """The full run is done: show it (marked out of date if the plan changed while it ran), unless
        another plan was opened meanwhile."""
        if self._dropped():
            return
        plan = self._running_plan if self._running_plan is not None else self.document.plan
        seed = result.seed if result.seed is not None else self.document.results.settings.seed
        self._draw(KeptSimulation(plan, result.runs, seed, False, result))
        self._show_current()
        self.status(f"Simulation done: {count_text(result.runs, 'run')}.")


PAGE = SimulationPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("simulation", sys.argv[1] if len(sys.argv) > 1 else ""))
