"""matplotlib charts embedded in Qt, in the palette's colours and at the presentation zoom.

A page creates a :class:`ChartCanvas` and gives it a draw function ``draw(figure, style)``;
the canvas calls it again whenever the data, the palette (light/dark) or the zoom changes::

    chart = ChartCanvas(parent)
    chart.plot(lambda fig, style: draw_sqls(fig, style, result))

A draw function may give an axes a tooltip text for the point under the pointer
(:func:`set_hover_text`); it is set again with every redraw, so the tooltip always reads the
figure on screen.
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
from ui.qt import (
    FigureCanvasQTAgg,
    QApplication,
    QColor,
    QEvent,
    QPalette,
    QPoint,
    QSize,
    QSizePolicy,
    QTimer,
    QToolTip,
    QWidget,
)

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
HoverText = Callable[[float, float], str | None]


def set_hover_text(ax: Any, text_at: HoverText) -> None:
    """Give the axes ``ax`` a tooltip: on a :class:`ChartCanvas`, while the pointer is over ``ax``
    the tooltip shows ``text_at(x, y)`` (the pointer in ``ax``'s data coordinates); None: no tooltip.

    Called by the draw function: the text goes with the axes, so a redrawn chart (zoom, palette,
    size, new data) has the new axes' text and never an old one."""
    ax.slaplanner_hover_text = text_at


class ChartCanvas(FigureCanvasQTAgg):
    """A matplotlib figure in a Qt widget that redraws in the palette's colours and the zoom."""

    def __init__(self, parent: QWidget | None = None, *, min_height: int = 220):
        figure = Figure(layout="constrained")
        super().__init__(figure)  # type: ignore[no-untyped-call]
        if parent is not None:
            self.setParent(parent)
        self.min_height = min_height  # at 100 %; grows with the zoom so a projected chart keeps its plot
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
        # Each title's fit (wrapped text, size) per text, size, zoom and figure size: a rebuild after
        # an edit sets it before drawing instead of measuring the title again.
        self._title_fits: dict[tuple[Any, ...], TitleFit] = {}
        # The tooltip of the axes under the pointer (set_hover_text); the figure's callbacks outlive
        # its axes (``fig.clear()`` keeps them), so connected once.
        self._hover_shown = False
        self.mpl_connect("motion_notify_event", self._hover)
        self.mpl_connect("figure_leave_event", self._hover)

    def _hover(self, event: Any) -> None:
        """Show the tooltip text of the axes under the pointer (:func:`set_hover_text`) at the
        pointer, or hide the one shown where there is none (another axes, outside them, off the canvas)."""
        text_at = getattr(event.inaxes, "slaplanner_hover_text", None) if event.name == "motion_notify_event" else None
        text = None
        if text_at is not None and event.xdata is not None and event.ydata is not None:
            text = text_at(event.xdata, event.ydata)
        if not text:
            if self._hover_shown:
                QToolTip.hideText()
                self._hover_shown = False
            return
        # matplotlib's event: physical pixels from the bottom; Qt's: logical pixels from the top.
        ratio = self.device_pixel_ratio
        at = QPoint(round(event.x / ratio), round(self.get_width_height()[1] - event.y / ratio))
        QToolTip.showText(self.mapToGlobal(at), text, self)
        self._hover_shown = True

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
            if self._layout_pending:
                self._draw_with_titles_fitted()
            else:
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

    def _draw_with_titles_fitted(self) -> None:
        """Lay out and draw the rebuilt figure with every title inside it (:func:`fit_title`).

        A fit already known for the title's text, size, the zoom and the figure's size is set before
        drawing (one pass, as before); a new one is measured on a layout without rendering first.
        Should the drawn layout give a title another width (wrapping made the plot lower, so its
        tick labels wider), it is fitted again and the figure drawn again. A chart too small for
        its layout (matplotlib then leaves the plot where it was) lowers the plot's top instead.
        """
        fig = self.figure
        titles = chart_titles(fig)
        renderer = self.get_renderer()  # type: ignore[no-untyped-call]
        known = True
        for text in titles:
            keep_original_title(text)
            fit = self._title_fits.get(self._title_key(text))
            if fit is None:
                known = False
            else:
                _show_fit(text, fit, renderer)
        if not known:
            fig.draw_without_rendering()
            self._fit_titles(titles)
        super().draw()  # type: ignore[no-untyped-call]
        for _ in range(2):
            if not self._fit_titles(titles):
                break
            super().draw()  # type: ignore[no-untyped-call]
        if self._lower_plots_under_titles(titles):
            super().draw()  # type: ignore[no-untyped-call]

    def _title_key(self, text: Any) -> tuple[Any, ...]:
        original, size = text.slaplanner_title
        return original, size, text.get_fontweight(), self.zoom, self.get_width_height(), self.figure.dpi

    def _fit_titles(self, titles: list[Any]) -> bool:
        """Fit each title to the room it has in the figure as laid out; True if one changed.

        A title that stands out above or below the figure (a chart too small for its layout) is
        fitted again to the height it has inside."""
        renderer = self.get_renderer()  # type: ignore[no-untyped-call]
        edge = self.figure.bbox
        if len(self._title_fits) > 200:  # many sizes and texts seen: start again
            self._title_fits.clear()
        changed = False
        for text in titles:
            key = self._title_key(text)
            width = title_room(text, renderer)
            box = text.get_window_extent(renderer)
            outside = max(box.y1 - edge.y1, edge.y0 - box.y0, 0.0)
            fit = self._title_fits.get(key)
            if fit is None or abs(fit.width - width) >= 1.0 or outside > 0.5:
                height = max(box.height - outside, 1.0) if outside > 0.5 else fit.height if fit else None
                fit = refit_title(text, TITLE_MIN_PT * self.zoom, renderer, height)
                if fit == self._title_fits.get(key):
                    continue  # fitted as small as it goes: the plot makes room (_lower_plots_under_titles)
                self._title_fits[key] = fit
            changed = _show_fit(text, fit, renderer) or changed
        return changed

    def _lower_plots_under_titles(self, titles: list[Any]) -> bool:
        """Lower the top of each plot whose title still stands out above the figure (the layout
        was not applied: the chart is too small for it); True if one moved."""
        renderer = self.get_renderer()  # type: ignore[no-untyped-call]
        edge = self.figure.bbox
        moved = False
        for text in titles:
            ax = text.axes
            over = text.get_window_extent(renderer).y1 - edge.y1
            if ax is None or over <= 0.5:
                continue
            pos = ax.get_position()
            height = pos.height - (over + title_margin(text, renderer)) / edge.height
            if height > 0.05:
                ax.set_position((pos.x0, pos.y0, pos.width, height))
                moved = True
        return moved

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)  # type: ignore[no-untyped-call]
        if self._stale_while_hidden:
            self._stale_while_hidden = False
            self.draw_idle()  # type: ignore[no-untyped-call]

    def set_zoom(self, factor: float) -> None:
        if factor != self.zoom:
            self.zoom = factor
            self.setMinimumHeight(round(self.min_height * max(1.0, factor)))
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


def fitted_title(ax: Any, text: str, style: ChartStyle, **kwargs: Any) -> None:
    """``text`` as the axes' title on the left, in the style's title size, never past the
    figure's edge; ``kwargs`` go to ``set_title`` (a ``fontsize`` there replaces the style's size).

    A :class:`ChartCanvas` fits every title when it lays the figure out; on another canvas
    (a figure drawn for a file) it is fitted here (:func:`fit_title`), the figure laid out first."""
    kwargs.setdefault("fontsize", style.font_size * 1.15)
    title = ax.set_title(text, loc="left", **kwargs)
    keep_original_title(title)
    fig = ax.get_figure(root=True)
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if isinstance(fig.canvas, ChartCanvas) or get_renderer is None:
        return
    if fig.get_layout_engine() is not None:
        fig.draw_without_rendering()  # where the axes stand once laid out (labels left of them)
    renderer = get_renderer()
    _show_fit(title, refit_title(title, TITLE_MIN_PT * style.font_size / BASE_FONT_PT, renderer), renderer)


TITLE_MIN_PT = 8.0  # a title shrinks (when one word alone is too wide) to this size at 100 %, no smaller
TITLE_MARGIN_EM = 0.3  # room kept between a title and the figure's edge, in the title's font size
TITLE_MAX_HEIGHT = 1 / 3  # a wrapped title shrinks rather than take more of the figure's height


@dataclass(frozen=True)
class TitleFit:
    """How a title is shown: its text (wrapped) and font size, for the room it was fitted to."""

    width: float  # pixels
    height: float | None  # pixels; None: as much as a third of the figure's height (for a wrapped title)
    text: str
    size: float
    hang: bool = False  # starts at the figure's left margin, not the axes' left edge


def chart_titles(fig: Figure) -> list[Any]:
    """The figure's title texts (matplotlib ``Text``): each axes' left, centre and right title and
    the figure's suptitle, those that show something."""
    # matplotlib keeps the left and right titles and the suptitle only as private attributes.
    axes: list[Any] = fig.axes
    texts = [t for ax in axes for t in (ax._left_title, ax.title, ax._right_title)]
    texts.append(getattr(fig, "_suptitle", None))
    return [t for t in texts if t is not None and t.get_visible() and t.get_text().strip()]


def title_margin(text: Any, renderer: Any) -> float:
    """The room (pixels) kept between a title and the figure's edge."""
    return float(TITLE_MARGIN_EM * text.get_fontsize() * renderer.points_to_pixels(1.0))


def title_room(text: Any, renderer: Any) -> float:
    """The width (pixels) ``text`` may take where it stands, keeping a small margin at the
    figure's edges: from its anchor (an axes title's: the axes' left edge) to the right edge for a
    left-aligned title, to the left edge for a right-aligned one, twice the nearer edge's
    distance for a centred one."""
    box = text.get_window_extent(renderer)
    edge = text.get_figure(root=True).bbox
    margin = title_margin(text, renderer)
    align = text.get_horizontalalignment()
    if align == "left":
        return float(edge.x1 - margin - (text.axes.bbox.x0 if text.axes is not None else box.x0))
    if align == "right":
        return float(box.x1 - margin - edge.x0)
    centre = (box.x0 + box.x1) / 2
    return float(2 * (min(centre - edge.x0, edge.x1 - centre) - margin))


def keep_original_title(text: Any) -> None:
    """Keep the title as the chart set it (text, size, placement): each fit starts from it."""
    if not hasattr(text, "slaplanner_title"):
        text.slaplanner_title = (text.get_text(), text.get_fontsize())
        text.slaplanner_transform = text.get_transform()


def refit_title(text: Any, min_size: float, renderer: Any, height: float | None = None) -> TitleFit:
    """The fit (:func:`fit_title`) of the title ``text``, as the chart set it, to the room it has
    now; a left axes title may hang from the figure's left margin."""
    original, size = text.slaplanner_title
    wide = None
    if text.get_horizontalalignment() == "left" and text.axes is not None:
        wide = text.get_figure(root=True).bbox.width - 2 * title_margin(text, renderer)
    width = title_room(text, renderer)
    return fit_title(text, original, size, min(size, min_size), width, height, renderer, wide)


def hang_title(text: Any, renderer: Any) -> None:
    """Start the left title ``text`` at the figure's left margin (over the axes' labels) instead
    of the axes' left edge: where a word of it would not fit beside labels that stand left of
    the plot (a heat map's rows, a funnel's stages)."""
    from matplotlib.transforms import blended_transform_factory

    fig = text.get_figure(root=True)
    ax = text.axes
    text.set_transform(blended_transform_factory(fig.transFigure, ax.transAxes) + ax.titleOffsetTrans)
    text.set_x(title_margin(text, renderer) / fig.bbox.width)


def fit_title(
    text: Any,
    original: str,
    size: float,
    min_size: float,
    width: float,
    height: float | None,
    renderer: Any,
    wide: float | None = None,
) -> TitleFit:
    """How the title ``text`` (a matplotlib ``Text`` showing ``original`` at ``size`` points, or
    already fitted) fits ``width`` pixels (and ``height``, if given): as it is if it fits; else
    wrapped at word boundaries; if one word alone is too wide, or the wrapped title would be
    taller than ``height`` (None: a third of the figure's height), in a smaller size (not below
    ``min_size``); a word too wide even then is fitted to ``wide`` pixels (if given: the room of
    the title hung from the figure's left margin, :func:`hang_title`), and as a last resort cut
    between characters (never past the edge). Measured with ``renderer``; leaves ``text`` as found."""
    shown = text.get_text(), text.get_fontsize()
    max_height = text.get_figure(root=True).bbox.height * TITLE_MAX_HEIGHT if height is None else height

    def measure(s: str, points: float) -> Any:
        text.set_text(s)
        text.set_fontsize(points)
        return text.get_window_extent(renderer)

    def fits_at(points: float) -> Callable[[str], bool]:
        return lambda s: measure(s, points).width <= width

    try:
        box = measure(original, size)
        if box.width <= width and (height is None or box.height <= height):
            return TitleFit(width, height, original, size)  # fits: the same text on the same lines
        sizes = [size]
        while sizes[-1] * 0.92 > min_size:
            sizes.append(sizes[-1] * 0.92)
        if min_size < size:
            sizes.append(min_size)
        best: TitleFit | None = None
        for points in sizes:
            lines = _wrap_words(original, fits_at(points))
            if lines is None:  # a word alone is too wide at this size
                continue
            best = TitleFit(width, height, "\n".join(lines), points)
            if measure(best.text, points).height <= max_height:
                break
        if best is None and wide is not None and wide > width:
            best = fit_title(text, original, size, min_size, wide, height, renderer)
            return TitleFit(width, height, best.text, best.size, hang=True)
        if best is None:  # too wide even at the smallest size: cut the words between characters
            lines = _wrap_words(original, fits_at(sizes[-1]), cut=True)
            best = TitleFit(width, height, "\n".join(lines or [original]), sizes[-1])
        return best
    finally:
        text.set_text(shown[0])
        text.set_fontsize(shown[1])


def _show_fit(text: Any, fit: TitleFit, renderer: Any) -> bool:
    """Show the title ``text`` as fitted; True if that changed it."""
    hung = text.get_transform() is not text.slaplanner_transform
    if (text.get_text(), text.get_fontsize(), hung) == (fit.text, fit.size, fit.hang):
        return False
    text.set_text(fit.text)
    text.set_fontsize(fit.size)
    if fit.hang:
        hang_title(text, renderer)
    elif hung:
        text.set_transform(text.slaplanner_transform)
        text.set_x(0.0)
    return True


def _wrap_words(text: str, fits: Callable[[str], bool], cut: bool = False) -> list[str] | None:
    """``text``'s lines (its own line breaks kept) wrapped greedily at spaces so that ``fits`` each
    line; None if one word alone does not fit (``cut``: then the word is cut between characters)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if fits(paragraph):
            lines.append(paragraph)
            continue
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if fits(candidate):
                line = candidate
                continue
            if line:
                lines.append(line)
            if not fits(word):
                if not cut:
                    return None
                while len(word) > 1 and not fits(word):
                    end = len(word) - 1
                    while end > 1 and not fits(word[:end]):
                        end -= 1
                    lines.append(word[:end])
                    word = word[end:]
            line = word
        lines.append(line)
    return lines


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
