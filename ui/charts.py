"""matplotlib charts embedded in Qt, in the palette's colours and at the presentation zoom.

A page creates a :class:`ChartCanvas` and gives it a draw function ``draw(figure, style)``;
the canvas calls it again whenever the data, the palette (light/dark) or the zoom changes::

    chart = ChartCanvas(parent)
    chart.plot(lambda fig, style: draw_sqls(fig, style, result))
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib.figure import Figure

from slaplanner.plan.format import fmt_axis
from slaplanner.plan.months import MONTH_NAMES, calendar_month
from ui.qt import FigureCanvasQTAgg, QApplication, QColor, QEvent, QPalette, QSize, QSizePolicy, QTimer, QWidget

BASE_FONT_PT = 9.0

# Colour-blind safe series colours (Okabe-Ito), in a lighter variant for dark backgrounds.
LIGHT_SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
DARK_SERIES = ("#56B4E9", "#E69F00", "#2BD3A0", "#E08CC0", "#8FD1FF", "#FF7F3F", "#F0E442", "#FFFFFF")


@dataclass(frozen=True)
class ChartStyle:
    """Colours and sizes for one drawing, taken from the palette and the zoom."""

    background: str
    foreground: str
    grid: str
    series: tuple[str, ...]
    planned: str  # what the plan yields
    required: str  # what the goal needs
    good: str
    bad: str
    font_size: float
    dark: bool

    def colour(self, i: int) -> str:
        return self.series[i % len(self.series)]


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def style_from_palette(palette: QPalette, zoom: float = 1.0) -> ChartStyle:
    dark = is_dark(palette)
    bg = palette.color(QPalette.ColorRole.Base)
    fg = palette.color(QPalette.ColorRole.Text)
    grid = QColor(fg)
    grid.setAlphaF(1.0)
    mix = 0.75  # grid lines: mostly background
    grid = QColor.fromRgbF(
        fg.redF() * (1 - mix) + bg.redF() * mix,
        fg.greenF() * (1 - mix) + bg.greenF() * mix,
        fg.blueF() * (1 - mix) + bg.blueF() * mix,
    )
    series = DARK_SERIES if dark else LIGHT_SERIES
    return ChartStyle(
        background=bg.name(),
        foreground=fg.name(),
        grid=grid.name(),
        series=series,
        planned=series[0],
        required=series[1],
        good="#2BD3A0" if dark else "#007A55",
        bad="#FF7F7F" if dark else "#C0392B",
        font_size=BASE_FONT_PT * zoom,
        dark=dark,
    )


DrawFunction = Callable[[Figure, ChartStyle], Any]
UpdateFunction = Callable[[Any], None]


class ChartCanvas(FigureCanvasQTAgg):
    """A matplotlib figure in a Qt widget that redraws in the palette's colours and the zoom."""

    def __init__(self, parent: QWidget | None = None, *, min_height: int = 220):
        figure = Figure(layout="constrained")
        super().__init__(figure)  # type: ignore[no-untyped-call]
        if parent is not None:
            self.setParent(parent)
        self.setMinimumSize(240, min_height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.zoom = 1.0
        self._draw: DrawFunction | None = None
        self._key: Any = None
        self._state: Any = None
        self._layout_pending = False
        self._stale_while_hidden = False
        self._ready = True
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(120)
        self._resize_timer.timeout.connect(self._resized)
        self._drawn_width = 0
        # Blitting (data updates): the figure drawn without its moving artists, the axes' limits
        # and the canvas size it was drawn at; None: the next update draws the whole figure.
        # ``_static``: the figure drawn also without the axes whose limits an update may move
        # (the state's ``"axes"``, e.g. a bar chart's value axis with its ticks and grid).
        self._background: Any = None
        self._static: Any = None
        self._drawn_limits: Any = None

    def sizeHint(self) -> QSize:
        # matplotlib answers with the figure's current size, which makes layouts and scroll
        # areas grow the chart step by step; ask for the minimum and let stretch do the rest.
        return QSize(max(self.minimumWidth(), 320), max(self.minimumHeight(), 200))

    def chart_style(self) -> ChartStyle:
        # The application's palette: matplotlib sets a fixed white palette on its canvas, and
        # widget palettes follow an application palette change only later.
        palette = QApplication.palette()
        return style_from_palette(palette, self.zoom)

    def plot(self, draw: DrawFunction, key: Any = None, update: UpdateFunction | None = None) -> None:
        """Show a chart drawn by ``draw(figure, style)``, again on palette, zoom or size changes.

        Fast path: if ``key`` (the chart's structure: months, series names...) equals the last
        one and ``update`` is given, ``update(state)`` changes the existing artists' data instead
        (``state`` is what ``draw`` returned); no rebuild, no new layout.
        """
        self._draw = draw
        if update is not None and key is not None and key == self._key and self._state is not None:
            update(self._state)
            if not self._blit():
                self.draw_idle()  # type: ignore[no-untyped-call]
            return
        self._key = key
        self.redraw()

    def _moving(self) -> list[Any]:
        """The artists an update moves (the state's ``"moving"``), in drawing order; [] if none."""
        state = self._state
        moving = state.get("moving") if isinstance(state, dict) else None
        return sorted(moving, key=lambda a: a.get_zorder()) if moving else []

    def _moving_axes(self) -> list[Any]:
        """The axes (matplotlib ``Axis``: ticks, tick labels, grid) whose limits an update may move
        (the state's ``"axes"``); [] if none."""
        state = self._state
        axes = state.get("axes") if isinstance(state, dict) else None
        return sorted(axes, key=lambda a: a.get_zorder()) if axes else []

    def _limits(self) -> Any:
        """The canvas size and, per axis, its limits (as drawn in the background)."""
        limits: list[tuple[Any, tuple[float, ...]]] = []
        for ax in self.figure.axes:
            limits.append((ax.xaxis, tuple(ax.get_xlim())))
            limits.append((ax.yaxis, tuple(ax.get_ylim())))
        return self.get_width_height(), limits

    def _blit(self) -> bool:
        """After a data update: paint the kept background and draw only the moving artists on it
        (a few ms instead of a whole figure's text); when the update moved an axis's limits (an
        axis the chart declared as moving), paint the background kept without those axes and draw
        them too. False when that cannot be done (no background yet, hidden, the size changed or
        another axis moved): the caller draws the whole figure."""
        moving = self._moving()
        if not moving or self._background is None or not self.isVisible():
            return False
        size, limits = self._limits()
        drawn_size, drawn_limits = self._drawn_limits
        if size != drawn_size or [a for a, _ in limits] != [a for a, _ in drawn_limits]:
            return False
        changed = [a for (a, now), (_, then) in zip(limits, drawn_limits) if now != then]
        if changed:
            axes = self._moving_axes()
            if self._static is None or any(a not in axes for a in changed):
                return False
            self.restore_region(self._static)  # type: ignore[no-untyped-call]
            for axis in axes:
                self.figure.draw_artist(axis)
            self._background = self.copy_from_bbox(self.figure.bbox)  # type: ignore[no-untyped-call]
            self._drawn_limits = self._limits()
        else:
            self.restore_region(self._background)  # type: ignore[no-untyped-call]
        for artist in moving:
            self.figure.draw_artist(artist)
        self.update()
        return True

    def redraw(self) -> None:
        """Rebuild the figure with the last draw function (and lay it out once)."""
        style = self.chart_style()
        fig = self.figure
        fig.clear()
        fig.set_layout_engine("constrained")
        self._layout_pending = True
        fig.set_facecolor(style.background)
        self._background = self._static = None
        if self._draw is not None:
            with mpl.rc_context(_rc(style)):  # type: ignore[arg-type]
                self._state = self._draw(fig, style)
            if self._moving():
                for artist in [*self._moving_axes(), *self._moving()]:
                    artist.set_animated(True)  # left out of the background, drawn over it
        self.draw_idle()  # type: ignore[no-untyped-call]

    def draw(self) -> None:
        if not self.isVisible():  # hidden (another page): draw when shown, at the size it has then
            self._stale_while_hidden = True
            return
        with warnings.catch_warnings():
            # A chart squeezed very small cannot be laid out; matplotlib then draws it as it is.
            warnings.filterwarnings("ignore", message="constrained_layout not applied", category=UserWarning)
            super().draw()  # type: ignore[no-untyped-call]
        if self._layout_pending:  # lay out once per rebuild; data updates keep the layout (fast)
            self._layout_pending = False
            self.figure.set_layout_engine("none")
        moving = self._moving()
        if moving:  # keep the figure without them for the next update, then draw them on it
            axes = self._moving_axes()
            self._static = None
            if axes:  # the figure without the moving axes either, then with them
                self._static = self.copy_from_bbox(self.figure.bbox)  # type: ignore[no-untyped-call]
                for axis in axes:
                    self.figure.draw_artist(axis)
            self._background = self.copy_from_bbox(self.figure.bbox)  # type: ignore[no-untyped-call]
            self._drawn_limits = self._limits()
            for artist in moving:
                self.figure.draw_artist(artist)
            self.figure.stale = False  # drawing an axis marks its ticks (and so the figure) stale

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)  # type: ignore[no-untyped-call]
        if self._stale_while_hidden:
            self._stale_while_hidden = False
            self.draw_idle()  # type: ignore[no-untyped-call]

    def set_zoom(self, factor: float) -> None:
        if factor != self.zoom:
            self.zoom = factor
            self.redraw()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)  # type: ignore[no-untyped-call]
        if self._draw is not None:
            self._resize_timer.start()  # re-lay out for the new size, once resizing pauses

    def _resized(self) -> None:
        self.redraw()

    def changeEvent(self, event: QEvent) -> None:
        if getattr(self, "_ready", False) and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            self.redraw()
        super().changeEvent(event)


def _rc(style: ChartStyle) -> dict[str, object]:
    return {
        "font.size": style.font_size,
        "axes.titlesize": style.font_size * 1.15,
        "axes.titleweight": "bold",
        "axes.labelsize": style.font_size,
        "xtick.labelsize": style.font_size * 0.9,
        "ytick.labelsize": style.font_size * 0.9,
        "legend.fontsize": style.font_size * 0.9,
        "text.color": style.foreground,
        "axes.labelcolor": style.foreground,
        "axes.edgecolor": style.grid,
        "axes.facecolor": style.background,
        "figure.facecolor": style.background,
        "xtick.color": style.foreground,
        "ytick.color": style.foreground,
        "grid.color": style.grid,
        "legend.facecolor": style.background,
        "legend.edgecolor": style.grid,
        "legend.labelcolor": style.foreground,
        "axes.prop_cycle": cycler(color=list(style.series)),
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def fitted_title(ax: Any, text: str, style: ChartStyle, share: float = 0.95, **kwargs: Any) -> None:
    """``text`` as the axes' title on the left, wrapped onto more lines where the figure is too
    narrow for it (a half-width chart at 150 %), never cut at the figure's edge. ``share``: the
    part of the figure's width the title may take (less where labels stand left of the axes);
    ``kwargs`` go to ``set_title`` (a ``fontsize`` there replaces the style's title size)."""
    import textwrap

    fig = ax.get_figure()
    size = kwargs.get("fontsize", style.font_size * 1.15)
    char_px = size * fig.dpi / 72 * 0.62  # a bold title character, about
    width = max(12, int(fig.bbox.width * share / char_px))
    lines = [part for line in text.split("\n") for part in (textwrap.wrap(line, width) or [""])]
    ax.set_title("\n".join(lines), loc="left", **kwargs)


def legend_below(fig: Figure, ax: Any, ncols: int = 2) -> None:
    """The axes' legend under the plot, in the figure (the layout makes room): never on the data."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=ncols, frameon=False)


def nice_ceiling(value: float) -> float:
    """The next round number at or above ``value`` (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k): an
    axis limit that a small edit does not move, so the chart only redraws its data."""
    if not value > 0 or not math.isfinite(value):
        return 1.0
    step = 10.0 ** math.floor(math.log10(value))
    for m in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if m * step >= value * (1 - 1e-12):
            return m * step
    return 10.0 * step


def thousands(value: float, _pos: object = None) -> str:
    """Axis tick text (a matplotlib tick formatter): 1,200 / 12k / 1.2M, see :func:`fmt_axis`."""
    return fmt_axis(value)


def month_ticks(ax: Any, months: tuple[str, ...], style: ChartStyle, reserve_px: float = 0.0) -> None:
    """Month names on the x axis ("Jan", with the year under the first month and each January),
    thinned so that labels never overlap at the axis' width and the font size.

    ``reserve_px``: width the layout will take from the axes later (a legend beside them).
    """
    x = list(range(len(months)))
    labels = []
    for i, m in enumerate(months):
        name = MONTH_NAMES[calendar_month(m) - 1]
        labels.append(f"{name}\n{m[:4]}" if i == 0 or m.endswith("-01") else name)
    ax.set_xticks(x, labels)
    fig = ax.figure
    width_px = fig.get_figwidth() * fig.dpi * ax.get_position().width - reserve_px
    label_px = style.font_size * 0.9 * fig.dpi / 72 * 2.6  # "Mar" plus a gap
    step = max(1, -(-len(months) * label_px // max(width_px, 1.0)))
    for i, label in enumerate(ax.get_xticklabels()):
        label.set_visible(i % int(step) == 0 or months[i].endswith("-01"))
    ax.tick_params(axis="x", length=0)


class BarsAndLine:
    """A monthly chart: one series as bars (what is required), one as a line (what is planned).

    ``chart.plot(*BarsAndLine(...).plot_args())`` draws it; later calls with the same months
    only move the bars and the line.
    """

    def __init__(
        self,
        title: str,
        months: tuple[str, ...],
        bars: tuple[float, ...],
        line: tuple[float, ...],
        bar_label: str,
        line_label: str,
        reference: tuple[float, ...] = (),
        reference_label: str = "",
    ):
        self.title, self.months, self.bars, self.line = title, months, bars, line
        self.bar_label, self.line_label = bar_label, line_label
        # An optional third series as a dashed line (e.g. what marketing committed).
        self.reference, self.reference_label = reference, reference_label

    def key(self) -> Any:
        return ("bars-and-line", self.title, self.months, self.bar_label, self.line_label, self.reference_label,
                bool(self.reference))  # fmt: skip

    def draw(self, fig: Figure, style: ChartStyle) -> dict[str, Any]:
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        ax = fig.add_subplot()
        x = list(range(len(self.months)))
        bars = ax.bar(x, self.bars, color=style.required, alpha=0.55, width=0.7, label=self.bar_label)
        (line,) = ax.plot(
            x, self.line, color=style.planned, marker="o", linewidth=2.2, markersize=4, label=self.line_label
        )
        # The legend on its own row between the title and the plot: inside the axes it covered the
        # data of the last months at presentation zoom, beside the title it collided with it.
        reference = None
        if self.reference:
            (reference,) = ax.plot(
                x, self.reference, color=style.foreground, linestyle="--", linewidth=1.6, label=self.reference_label
            )
        ax.set_title(self.title, loc="left", pad=style.font_size * 2.2)
        month_ticks(ax, self.months, style)
        ax.yaxis.set_major_formatter(FuncFormatter(thousands))
        ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.grid(axis="y", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3, frameon=False, borderaxespad=0.1)
        moving = [*bars.patches, line, *([reference] if reference is not None else [])]
        state = {"ax": ax, "bars": bars, "line": line, "reference": reference, "moving": moving, "axes": [ax.yaxis]}
        self.update(state)
        return state

    def update(self, state: dict[str, Any]) -> None:
        for rect, h in zip(state["bars"], self.bars):
            rect.set_height(h)
        state["line"].set_ydata(self.line)
        if state.get("reference") is not None:
            state["reference"].set_ydata(self.reference)
        top = max([*self.bars, *self.line, *self.reference, 4.0])  # an empty plan still gets a readable axis
        state["ax"].set_ylim(0, nice_ceiling(top * 1.05))

    def plot_args(self) -> tuple[DrawFunction, Any, UpdateFunction]:
        return self.draw, self.key(), self.update
