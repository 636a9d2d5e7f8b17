"""The SLA document as a PDF (reportlab), laid out from the same model as the Word file.

No Qt and no office suite needed. Text is set in DejaVu Sans, which matplotlib ships (so
every glyph of a user's text has a shape); headings become PDF bookmarks; tables repeat
their header row on each page; every page but the title page shows "Page N of M".
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle as RLTableStyle

from slaplanner.exports.blocks import (
    DRAFT_MARK,
    DRAFT_NOTE,
    BulletList,
    Figure,
    Heading,
    Paragraph,
    SignOff,
    SlaDocument,
    Table,
    fitted_widths,
    introduces,
)
from slaplanner.files import atomic_write
from slaplanner.plan.format import units_unbroken

MARGIN = 2 * cm
TEXT_WIDTH = A4[0] - 2 * MARGIN
PAGE_ROOM = A4[1]  # a height no flowable reaches (for measuring a chart's size)
ACCENT = colors.HexColor("#1F5A96")
HEADER_FILL = colors.HexColor("#DCE6F2")
GRID = colors.HexColor("#9AA5B1")
DRAFT_COLOUR = colors.HexColor("#C0392B")
WATERMARK = colors.Color(0.75, 0.22, 0.17, alpha=0.10)
KEEP_SPACE = 5 * cm  # room a heading needs below it for the start of its section, else a new page


@functools.cache
def _fonts() -> tuple[str, str, str]:
    """(regular, bold, italic) font names: DejaVu Sans from matplotlib's data, else Helvetica."""
    try:
        import matplotlib

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        for name, file in (
            ("DejaVuSans", "DejaVuSans.ttf"),
            ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"),
            ("DejaVuSans-Oblique", "DejaVuSans-Oblique.ttf"),
        ):
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        pdfmetrics.registerFontFamily(
            "DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold", italic="DejaVuSans-Oblique"
        )
        return "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
    except Exception:  # pragma: no cover - matplotlib without its fonts
        return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, spaceAfter=5)
    return {
        "body": body,
        "note": ParagraphStyle("note", parent=body, fontName=italic, textColor=colors.HexColor("#595959")),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=26, leading=32, spaceAfter=10),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=14, leading=18, textColor=ACCENT, spaceAfter=28),
        "h1": ParagraphStyle(
            "h1", parent=body, fontName=bold, fontSize=15, leading=19, textColor=ACCENT, spaceBefore=14, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=bold, fontSize=11.5, leading=15, textColor=ACCENT, spaceBefore=8, spaceAfter=4
        ),
        "caption": ParagraphStyle("caption", parent=body, fontName=bold, fontSize=8, textColor=ACCENT, spaceAfter=8),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "cell_right": ParagraphStyle(
            "cell_right", parent=body, fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT
        ),
        "cell_head": ParagraphStyle("cell_head", parent=body, fontName=bold, fontSize=8, leading=10, spaceAfter=0),
        "cell_head_right": ParagraphStyle(
            "cell_head_right", parent=body, fontName=bold, fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT
        ),
        "fact_label": ParagraphStyle("fact_label", parent=body, fontName=bold),
        "fingerprint": ParagraphStyle("fingerprint", parent=body, fontSize=8, leading=11),
    }


class _SlaDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """Turns level-1 and level-2 headings into PDF bookmarks (the outline pane) and writes
    "Page N of M" on every page but the title page (``total_pages`` from a first pass). A
    ``draft`` has a DRAFT header and watermark on every page, the title page too."""

    def __init__(self, target: Any, *, total_pages: int = 0, draft: bool = False, **kwargs: Any) -> None:
        super().__init__(target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN, creator="SLA Planner",
                         initialFontName=_fonts()[0], **kwargs)  # fmt: skip  (every font embedded)
        frame = Frame(MARGIN, MARGIN, TEXT_WIDTH, A4[1] - 2 * MARGIN, id="text")
        self.addPageTemplates(
            [
                PageTemplate(id="title", frames=[frame], onPage=self._draft_mark),
                PageTemplate(id="body", frames=[frame], onPage=self._footer),
            ]
        )
        self.total_pages = total_pages
        self.draft = draft
        self._bookmarks = 0

    def _draft_mark(self, canvas: Any, _doc: Any) -> None:
        """A draft's mark, drawn by the page template on every page: a header line and a
        large diagonal watermark behind the text."""
        if not self.draft:
            return
        canvas.saveState()
        canvas.setFillColor(WATERMARK)
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(55)
        canvas.drawPath(_watermark_path(canvas), stroke=0, fill=1)
        canvas.restoreState()
        canvas.saveState()
        canvas.setFont(_fonts()[1], 9)
        canvas.setFillColor(DRAFT_COLOUR)
        canvas.drawCentredString(A4[0] / 2, A4[1] - MARGIN / 2, DRAFT_NOTE)
        canvas.restoreState()

    def _footer(self, canvas: Any, doc: Any) -> None:
        self._draft_mark(canvas, doc)
        canvas.saveState()
        canvas.setFont(_fonts()[0], 8)
        canvas.setFillColor(colors.HexColor("#404040"))
        of = f" of {self.total_pages}" if self.total_pages else ""
        canvas.drawCentredString(A4[0] / 2, MARGIN / 2, f"Page {canvas.getPageNumber()}{of}")
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        level = getattr(flowable, "_sla_heading_level", None)
        if level is None:
            return
        self._bookmarks += 1
        key = f"h{self._bookmarks}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level - 1, closed=False)


@functools.cache
def _watermark_outline() -> tuple[tuple[str, tuple[float, ...]], ...]:
    """The DRAFT watermark as glyph outlines centred on (0, 0): drawn as a shape, not as text,
    so that copying or extracting a page's text never picks up stray letters of it."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path as MplPath
    from matplotlib.textpath import TextPath

    path = TextPath((0, 0), DRAFT_MARK, size=110, prop=FontProperties(family="DejaVu Sans", weight="bold"))
    extent = path.get_extents()
    dx, dy = -(extent.x0 + extent.x1) / 2, -(extent.y0 + extent.y1) / 2
    ops: list[tuple[str, tuple[float, ...]]] = []
    current = (0.0, 0.0)
    for points, code in path.iter_segments(curves=True, simplify=False):
        xy = [(float(points[i]) + dx, float(points[i + 1]) + dy) for i in range(0, len(points), 2)]
        if code == MplPath.MOVETO:
            ops.append(("move", xy[0]))
        elif code == MplPath.LINETO:
            ops.append(("line", xy[0]))
        elif code == MplPath.CURVE3:  # quadratic: raise to the cubic PDF draws
            (qx, qy), (px, py) = xy
            cx, cy = current
            ops.append(("curve", (cx + 2 / 3 * (qx - cx), cy + 2 / 3 * (qy - cy),
                                  px + 2 / 3 * (qx - px), py + 2 / 3 * (qy - py), px, py)))  # fmt: skip
        elif code == MplPath.CURVE4:
            ops.append(("curve", (*xy[0], *xy[1], *xy[2])))
        elif code == MplPath.CLOSEPOLY:
            ops.append(("close", ()))
            continue
        current = xy[-1]
    return tuple(ops)


def _watermark_path(canvas: Any) -> Any:
    path = canvas.beginPath()
    for op, args in _watermark_outline():
        if op == "move":
            path.moveTo(*args)
        elif op == "line":
            path.lineTo(*args)
        elif op == "curve":
            path.curveTo(*args)
        else:
            path.close()
    return path


def _p(text: str, style: str) -> RLParagraph:
    return RLParagraph(escape(text), _styles()[style])


def _heading(block: Heading) -> RLParagraph:
    paragraph = _p(block.text, "h1" if block.level == 1 else "h2")
    paragraph.keepWithNext = True
    paragraph._sla_heading_level = block.level
    return paragraph


def _table(block: Table) -> list[Any]:
    regular, bold, _italic = _fonts()
    widths = fitted_widths(
        block,
        TEXT_WIDTH,
        lambda text: pdfmetrics.stringWidth(text, bold, 8),
        12 + 1,  # the cells' 6 pt padding each side, and a point to spare
        lambda text: pdfmetrics.stringWidth(text, regular, 8),
    )
    head = [_p(text, "cell_head_right" if block.is_numeric(i) else "cell_head") for i, text in enumerate(block.header)]

    def style(row: tuple[str, ...], i: int) -> str:
        total = "_head" if row and row[0] == "Total" else ""  # a total row is bold, as in the Word file
        return f"cell{total}_right" if block.is_numeric(i) else ("cell_head" if total else "cell")

    rows = [[_p(units_unbroken(text), style(r, i)) for i, text in enumerate(r)] for r in block.rows]
    table = RLTable([head, *rows], colWidths=widths, repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for i, r in enumerate(block.rows, start=1):
        if r and r[0] == "Total":
            commands.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#F2F2F2")))
    table.setStyle(_table_style(commands))
    out: list[Any] = []
    if block.caption:
        out.append(_p(block.caption, "caption"))
    out += [table, Spacer(1, 8)]
    return out


def _table_style(commands: list[Any]) -> Any:
    """A table style whose cells name the document's font (reportlab's default would put an
    unembedded Helvetica into the PDF even where every cell holds a paragraph)."""
    return RLTableStyle([("FONTNAME", (0, 0), (-1, -1), _fonts()[0]), *commands])


def _vector(svg: bytes, width: float) -> Any:
    """The chart's SVG as a reportlab drawing ``width`` points wide (vector graphics), or None
    when it cannot be read (the PNG is used then)."""
    from lxml import etree
    from svglib.svglib import SvgRenderer

    try:
        root = etree.fromstring(svg, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        drawing = SvgRenderer("").render(root)
    except Exception:  # a chart that cannot be read as SVG is shown as its PNG
        return None
    if not drawing.width:
        return None
    scale = width / drawing.width
    drawing.initialFontName = _fonts()[0]  # the renderer's starting font: not an unembedded Helvetica
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width, drawing.height * scale
    return drawing


def _figure(block: Figure, drawings: dict[int, Any], counting: bool = False) -> Any:
    width = min(block.width_cm * cm, TEXT_WIDTH)
    # Read each chart's SVG once for both passes of the layout (the reading is most of the PDF's time).
    if id(block) not in drawings:
        drawings[id(block)] = _vector(block.svg, width) if block.svg else None
    art = drawings[id(block)]
    if art is None:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(io.BytesIO(block.png))
        px_w, px_h = reader.getSize()
        art = Image(io.BytesIO(block.png), width=width, height=width * px_h / px_w)
    if counting:  # the pass that only counts pages: the chart's room, not its drawing
        art = Spacer(*art.wrap(TEXT_WIDTH, PAGE_ROOM))
    return KeepTogether([art, _p(block.caption, "caption")])


def _sign_off(block: SignOff) -> Any:
    head = [_p(f"For {s.party}", "cell_head") for s in block.signatories]
    columns = [block.lines(s, "") for s in block.signatories]
    rows = []
    for r in range(max((len(c) for c in columns), default=0)):
        rows.append([_p(f"{lines[r][0]}: {lines[r][1]}", "cell") for lines in columns])
    width = TEXT_WIDTH / max(1, len(block.signatories))
    table = RLTable([head, *rows], colWidths=[width] * len(block.signatories), rowHeights=[16] + [30] * len(rows))
    table.setStyle(
        _table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
            ]
        )
    )
    parts: list[Any] = [table]
    if block.fingerprint:
        parts += [
            Spacer(1, 6),
            _p("Fingerprint of the content signed (SHA-256):", "cell"),
            _p(block.fingerprint, "fingerprint"),
        ]
    return KeepTogether(parts)


def _story(document: SlaDocument, drawings: dict[int, Any], counting: bool = False) -> list[Any]:
    page = document.title_page
    story: list[Any] = [
        NextPageTemplate("body"),
        Spacer(1, 5 * cm),
        _p(page.title, "title"),
        _p(page.subtitle, "subtitle"),
    ]
    facts = RLTable(
        [[_p(label, "fact_label"), _p(value, "body")] for label, value in page.facts],
        colWidths=[3.5 * cm, TEXT_WIDTH - 3.5 * cm],
    )
    facts.setStyle(_table_style([("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID), ("TOPPADDING", (0, 0), (-1, -1), 4)]))
    story += [facts, PageBreak()]
    pending: list[Any] = []  # headings and introductions, kept on the page of what follows them
    for block in document.blocks:
        if isinstance(block, Heading):
            pending.append(_heading(block))
            continue
        if introduces(block) and pending:
            pending += _flowables(block, drawings, counting)
            continue
        flowables = _flowables(block, drawings, counting)
        if introduces(block):
            pending = flowables
            continue
        if pending:
            # A heading never ends a page: without room for it and the start of what follows
            # (a table's header and first rows, a paragraph), it moves to the next page.
            story.append(CondPageBreak(KEEP_SPACE))
            if isinstance(block, Table):
                story += [*pending, *flowables]  # a long table may split after its first rows
            else:
                story.append(KeepTogether([*pending, *_unwrapped(flowables)]))
        else:
            story += flowables
        pending = []
    return story + pending


def _unwrapped(flowables: list[Any]) -> list[Any]:
    """``flowables`` with each KeepTogether replaced by what it holds, to be kept together with more.
    A KeepTogether nested in another makes the outer one measure as taller than any page (its height
    is reportlab's signal to split), so the outer one always went to a new page: a heading and the
    chart below it left most of a page empty."""
    out: list[Any] = []
    for f in flowables:
        out += _unwrapped(list(f._content)) if isinstance(f, KeepTogether) else [f]
    return out


def _flowables(block: Any, drawings: dict[int, Any], counting: bool = False) -> list[Any]:
    if isinstance(block, Paragraph):
        return [_p(units_unbroken(block.text), "note" if block.note else "body")]
    if isinstance(block, BulletList):
        items = [ListItem(_p(units_unbroken(text), "body"), leftIndent=12) for text in block.items]
        return [ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontSize=8,
                              bulletFontName=_fonts()[0])]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return [_figure(block, drawings, counting)]
    if isinstance(block, SignOff):
        return [_sign_off(block)]
    return []


def pdf_bytes(document: SlaDocument) -> bytes:
    """The PDF file's bytes for ``document``.

    Laid out twice: the first pass counts the pages for "Page N of M" (a canvas that defers
    its pages to number them would break the bookmarks' page references).
    """
    meta: dict[str, Any] = {
        "title": document.title,
        "author": document.author,
        "subject": document.title_page.subtitle,
        "keywords": document.comments,
        "draft": document.draft,
    }
    drawings: dict[int, Any] = {}  # each chart read once, drawn in both passes
    counting = _SlaDocTemplate(io.BytesIO(), **meta)
    counting.build(_story(document, drawings, counting=True))
    buffer = io.BytesIO()
    _SlaDocTemplate(buffer, total_pages=counting.page, **meta).build(_story(document, drawings))
    return buffer.getvalue()


def first_page_png(pdf: bytes, width_px: int = 600) -> bytes:
    """The PDF's first page as PNG bytes ``width_px`` wide (a preview), rendered by pdfium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width_px / page.get_width()).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        page.close()
        return buffer.getvalue()
    finally:
        document.close()


def write_pdf(document: SlaDocument, path: str | Path) -> None:
    """Write ``document`` as a PDF at ``path`` (atomically)."""
    data = pdf_bytes(document)
    atomic_write(Path(path), lambda tmp: tmp.write_bytes(data))
