"""The one-page quarterly scorecard (PDF, reportlab), laid out from the review record.

It holds the verdicts in plain words, two charts (SQLs delivered against committed per month;
the share of each tier's SQLs first touched within its target, per month), the response figures
per tier with the leads behind them, SQLs per segment and month, the funnel planned against
actual, and the owners of the leads that broke a commitment. The chart functions draw on any
matplotlib figure, so the Review page shows the same charts.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from slaplanner.engine.review import Review
from slaplanner.exports.pdf import _fonts
from slaplanner.files import atomic_write
from slaplanner.plan.format import (
    MONTH_NAMES,
    WAIT_TICKS,
    count_text,
    fmt_count,
    fmt_duration_minutes,
    fmt_money,
    fmt_pct,
    month_label,
)
from slaplanner.plan.months import month_span_text

MET = "#2e7d32"
MISSED = "#c62828"
BLUE = "#1f5a96"
ORANGE = "#e08a1e"
GREY = "#9aa5b1"


def _short(month: str) -> str:
    return MONTH_NAMES[int(month[5:]) - 1]


def draw_delivered(fig: Any, review: Review, *, font_size: float = 7.0) -> None:
    """Bars: SQLs delivered per month, green when marketing met the month's commitment, red when
    it did not (a segment short: the bar can stand above the total committed and still be red),
    grey in a month not judged (outside the plan's months, or covered only in part by the file);
    a line: SQLs committed in total (none outside the plan's months)."""
    ax = fig.add_subplot(111)
    m = review.marketing.total
    x = np.arange(len(review.months))
    short = set(review.marketing.missed_months)
    judged = m.judged_flags if not review.marketing.cannot_judge else (False,) * len(review.months)
    ok = [month not in short for month in review.months]
    ax.bar(
        x,
        m.delivered,
        width=0.6,
        color=[(MET if o else MISSED) if j else GREY for o, j in zip(ok, judged, strict=True)],
        label="Delivered",
    )
    committed = [np.nan if c is None else c for c in m.committed]
    notes = []
    if any(j and not o and d >= c - 1e-9 for o, j, d, c in zip(ok, judged, m.delivered, committed, strict=True)):
        notes.append("Red: a segment short of its own commitment")  # a red bar at or above the committed line
    if not all(judged):
        notes.append("grey: not judged" if notes else "Grey: not judged")
    if notes:
        ax.set_xlabel("; ".join(notes), fontsize=font_size)
    # A thick dark mark across the bar, seen on a projector (a thin one vanished on the red bars).
    ax.plot(
        x, committed, color="#111111", marker="_", markersize=font_size * 4, markeredgewidth=max(2.0, font_size / 3),
        linestyle="none", label="Committed",
    )  # fmt: skip
    for i, d in enumerate(m.delivered):
        # Above the bar and the committed mark, whichever is higher (the mark struck through "316").
        c = committed[i]
        top = d if np.isnan(c) else max(d, c)
        ax.annotate(
            f"{d:,}", (i, top), ha="center", va="bottom", fontsize=font_size, xytext=(0, 3), textcoords="offset points"
        )
    ax.set_xticks(x, [_short(mo) for mo in review.months], fontsize=font_size)
    ax.tick_params(axis="y", labelsize=font_size)
    ax.set_title("SQLs delivered vs committed", loc="left", fontsize=font_size + 1.5)
    ax.legend(fontsize=font_size, frameon=False, loc="upper left", ncols=2, markerscale=0.5)
    top = max([*m.delivered, *(c for c in m.committed if c is not None), 1])
    ax.set_ylim(0, top * 1.35)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def draw_first_touch(
    fig: Any, review: Review, *, font_size: float = 7.0, set_title: Callable[..., object] | None = None
) -> None:
    """Per tier: the distribution of first-touch minutes (share touched by each wait, log scale),
    with the tier's target as a dashed line and its agreed share as a dot.

    ``set_title(ax, text, fontsize=..., pad=...)`` puts the title on the left: by default on one
    line (the scorecard); the window passes one that wraps it on a narrow chart."""
    ax = fig.add_subplot(111)
    palette = (BLUE, ORANGE, "#3c9a5f", "#8c5aa8")
    for i, t in enumerate(review.response):
        c = t.commitment
        if c is None or not t.n:
            continue
        colour = palette[i % len(palette)]
        waits = np.maximum(t.waits, 0.5)
        share = np.arange(1, len(waits) + 1) / t.n
        ax.step(waits, share, where="post", color=colour, label=f"{t.tier} (n = {fmt_count(t.n)})")
        target = max(c.first_touch_minutes, 0.5)
        ax.axvline(target, color=colour, linestyle="--", linewidth=0.9)
        ax.plot([target], [c.target_share], marker="o", color=colour, markersize=4)
    ax.set_xscale("log")
    low, high = ax.get_xlim()
    shown = [(t, label) for t, label in WAIT_TICKS if low <= t <= high]
    if len(shown) >= 2:  # as the Simulation page labels waits ("1 min", "1 h"), not 10^0, 10^1
        from matplotlib.ticker import NullFormatter

        ax.set_xticks([t for t, _ in shown], [label for _, label in shown])
        ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("First touch after (on the tier's clock)", fontsize=font_size)
    ax.yaxis.set_major_formatter(_percent_formatter())
    ax.tick_params(labelsize=font_size)
    # The legend on its own row between the title and the plot: inside, it covered the curves
    # (they end high on the right, where "lower right" put it).
    has_legend = bool(ax.get_legend_handles_labels()[0])
    (set_title or _left_title)(
        ax, "First touch against each target (dashed)", fontsize=font_size + 1.5, pad=title_pad(font_size, has_legend)
    )
    if has_legend:
        ax.legend(
            fontsize=font_size, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=4, borderaxespad=0.1
        )
    ax.grid(color="#e6e6e6", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def title_pad(font_size: float, legend: bool) -> float:
    """Points between a chart's plot and its title: room for a legend row between them."""
    return font_size * 2.4 if legend else font_size * 0.6


def _left_title(ax: Any, text: str, **kwargs: Any) -> None:
    ax.set_title(text, loc="left", **kwargs)


def _percent_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{v * 100:.0f} %")


def _png(draw: Any, review: Review, width_in: float, height_in: float) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=170, layout="constrained")
    FigureCanvasAgg(fig)
    draw(fig, review)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, _ = _fonts()
    return {
        "title": ParagraphStyle("t", fontName=bold, fontSize=15, leading=18, textColor=colors.HexColor(BLUE)),
        "sub": ParagraphStyle("s", fontName=regular, fontSize=8, leading=10, textColor=colors.HexColor("#555555")),
        "h": ParagraphStyle("h", fontName=bold, fontSize=9.5, leading=12, spaceBefore=4, spaceAfter=2),
        "body": ParagraphStyle("b", fontName=regular, fontSize=7.6, leading=9.6),
        "cell": ParagraphStyle("c", fontName=regular, fontSize=7, leading=8.4),
    }


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    regular, bold, _ = _fonts()
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 6.8),
                ("FONT", (0, 0), (-1, 0), bold, 6.8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dce6f2")),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor(GREY)),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
            ]
        )
    )
    return table


def _verdict(text: str, met: bool | None, style: ParagraphStyle, cannot_judge: bool = False) -> Paragraph:
    if met is None:
        tag = f'<font color="#555555">{"NOT JUDGED" if cannot_judge else "INFO"}</font>'
    else:
        tag = f'<font color="{MET if met else MISSED}"><b>{"MET" if met else "MISSED"}</b></font>'
    return Paragraph(f"{tag}&nbsp;&nbsp;{escape(text)}", style)


def _minutes(value: float | None) -> str:
    return "-" if value is None else fmt_duration_minutes(round(value, 1))


def scorecard_story(review: Review) -> list[Any]:
    """The scorecard's flowables (one A4 page)."""
    s = _styles()
    width = A4[0] - 2.4 * cm
    r = review
    story: list[Any] = [
        Paragraph(escape(f"Quarterly SLA scorecard: {month_span_text(r.months)}"), s["title"]),
        Paragraph(
            escape(
                f"{r.plan_name}. Actuals from {r.file_name or 'an export'}"
                + (f", imported {r.imported_at[:16].replace('T', ' ')} UTC" if r.imported_at else "")
                + f": {fmt_count(r.leads)} leads, {fmt_count(r.sqls)} SQLs, "
                f"{fmt_count(len(r.rejected_rows))} rows rejected. Times in {r.time_zone}. "
                + ("Every commitment was met." if r.all_met else f"{count_text(len(r.missed), 'commitment')} missed.")
            ),
            s["sub"],
        ),
        Spacer(1, 4),
    ]
    story.extend(_verdict(v.text, v.met, s["body"], v.cannot_judge) for v in r.verdicts)
    story.append(Spacer(1, 4))
    half = width / 2 - 3
    charts = Table(
        [
            [
                Image(io.BytesIO(_png(draw_delivered, r, 3.6, 2.0)), width=half, height=half * 2.0 / 3.6),
                Image(io.BytesIO(_png(draw_first_touch, r, 3.6, 2.0)), width=half, height=half * 2.0 / 3.6),
            ]
        ],
        colWidths=[half + 3, half + 3],
    )
    charts.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(charts)

    story.append(Paragraph("Sales response per tier", s["h"]))
    rows = [["Tier", "SQLs", "Within target", "Agreed", "Median", "P90", "Never touched", "Touches met", "Decided"]]
    for t in r.response:
        c = t.commitment
        clock = "" if c is None else (" business" if c.clock == "business" else " clock")
        target = "" if c is None else f" of {fmt_duration_minutes(c.first_touch_minutes)}{clock}"
        rows.append(
            [
                t.tier,
                fmt_count(t.n),
                "-" if t.within.share is None else f"{fmt_pct(t.within.share)}{target}",
                "-" if c is None else fmt_pct(c.target_share),
                _minutes(t.median_minutes),
                _minutes(t.p90_minutes),
                fmt_count(t.never_touched),
                "-" if t.touches is None or t.touches.share is None else fmt_pct(t.touches.share),
                "-" if t.accept is None or t.accept.share is None else fmt_pct(t.accept.share),
            ]
        )
    story.append(
        _table(rows, [2.4 * cm, 1.4 * cm, 3.8 * cm, 1.5 * cm, 1.7 * cm, 1.7 * cm, 2.3 * cm, 2.2 * cm, 1.8 * cm])
    )

    story.append(Paragraph("SQLs delivered / committed per segment", s["h"]))
    m = r.marketing
    head = ["Segment", *(month_label(mo) for mo in r.months), "Period"]
    rows = [head]
    for line in (m.total, *m.segments):
        rows.append(
            [
                line.segment or "All segments",
                *(
                    f"{d:,} / {'-' if c is None else fmt_count(c)}" + ("" if j else "*")
                    for d, c, j in zip(line.delivered, line.committed, line.judged_flags, strict=True)
                ),
                f"{line.total_delivered:,} / {fmt_count(line.total_committed)}",
            ]
        )
    rows.append(
        [
            "Accepted",
            *(fmt_pct(a.share) if a.share is not None else "-" for a in m.acceptance_by_month),
            "-" if m.acceptance.share is None else fmt_pct(m.acceptance.share),
        ]
    )
    n_cols = len(head)
    story.append(_table(rows, [3.2 * cm] + [(width - 3.2 * cm) / (n_cols - 1)] * (n_cols - 1)))
    if m.not_judged:
        story.append(
            Paragraph(
                escape("* not judged: " + "; ".join(f"{month_label(mo)} {why}" for mo, why in m.not_judged) + "."),
                s["cell"],
            )
        )

    story.append(Paragraph("Funnel: actual / planned", s["h"]))
    f = r.funnel
    rows = [["Stage", *(month_label(mo) for mo in r.months)]]
    for k, stage in enumerate(f.stages):
        rows.append(
            [
                stage,
                *(
                    f"{a:,} / {'-' if p is None else fmt_count(p)}"
                    for a, p in zip(f.actual[k], f.planned[k], strict=True)
                ),
            ]
        )
    rows.append(
        [
            f"Revenue ({r.currency})",
            *(
                f"{fmt_money(a)} / {'-' if p is None else fmt_money(p)}"
                for a, p in zip(f.revenue_actual, f.revenue_planned, strict=True)
            ),
        ]
    )
    story.append(_table(rows, [3.2 * cm] + [(width - 3.2 * cm) / len(r.months)] * len(r.months)))
    if r.broken:
        owners = ", ".join(f"{o} {n:,}" for o, n in r.broken_by_owner().items())
        story.append(
            Paragraph(
                escape(f"{len(r.broken):,} broken commitments (a lead can break several), by owner: {owners}."),
                s["body"],
            )
        )
    return story


def scorecard_bytes(review: Review) -> bytes:
    """The scorecard as PDF bytes."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.2 * cm,
        rightMargin=1.2 * cm,
        topMargin=1.1 * cm,
        bottomMargin=1.0 * cm,
        title=f"SLA scorecard {review.period[0]} to {review.period[1]}",
        author="SLA Planner",
    )
    doc.build(scorecard_story(review))
    return buffer.getvalue()


def write_scorecard(review: Review, path: str | Path) -> None:
    """Write the scorecard to ``path`` atomically."""
    data = scorecard_bytes(review)
    atomic_write(Path(path), lambda tmp: tmp.write_bytes(data))
