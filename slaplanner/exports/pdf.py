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

from slaplanner.exports.blocks import BulletList, Figure, Heading, Paragraph, SignOff, SlaDocument, Table, introduces
from slaplanner.files import atomic_write

MARGIN = 2 * cm
TEXT_WIDTH = A4[0] - 2 * MARGIN
ACCENT = colors.HexColor("#1F5A96")
HEADER_FILL = colors.HexColor("#DCE6F2")
GRID = colors.HexColor("#9AA5B1")
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
    }


class _SlaDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """Turns level-1 and level-2 headings into PDF bookmarks (the outline pane) and writes
    "Page N of M" on every page but the title page (``total_pages`` from a first pass)."""

    def __init__(self, target: Any, *, total_pages: int = 0, **kwargs: Any) -> None:
        super().__init__(target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN, creator="SLA Planner", **kwargs)  # fmt: skip
        frame = Frame(MARGIN, MARGIN, TEXT_WIDTH, A4[1] - 2 * MARGIN, id="text")
        self.addPageTemplates(
            [
                PageTemplate(id="title", frames=[frame]),
                PageTemplate(id="body", frames=[frame], onPage=self._footer),
            ]
        )
        self.total_pages = total_pages
        self._bookmarks = 0

    def _footer(self, canvas: Any, _doc: Any) -> None:
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


def _p(text: str, style: str) -> RLParagraph:
    return RLParagraph(escape(text), _styles()[style])


def _heading(block: Heading) -> RLParagraph:
    paragraph = _p(block.text, "h1" if block.level == 1 else "h2")
    paragraph.keepWithNext = True
    paragraph._sla_heading_level = block.level
    return paragraph


def _table(block: Table) -> list[Any]:
    weights = block.relative_widths()
    total = sum(weights) or 1.0
    widths = [TEXT_WIDTH * w / total for w in weights]
    head = [_p(text, "cell_head_right" if block.is_numeric(i) else "cell_head") for i, text in enumerate(block.header)]
    rows = [[_p(text, "cell_right" if block.is_numeric(i) else "cell") for i, text in enumerate(r)] for r in block.rows]
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
    table.setStyle(RLTableStyle(commands))
    out: list[Any] = []
    if block.caption:
        out.append(_p(block.caption, "caption"))
    out += [table, Spacer(1, 8)]
    return out


def _figure(block: Figure) -> Any:
    width = min(block.width_cm * cm, TEXT_WIDTH)
    from reportlab.lib.utils import ImageReader

    reader = ImageReader(io.BytesIO(block.png))
    px_w, px_h = reader.getSize()
    image = Image(io.BytesIO(block.png), width=width, height=width * px_h / px_w)
    return KeepTogether([image, _p(block.caption, "caption")])


def _sign_off(block: SignOff) -> Any:
    head = [_p(f"For {s.party}", "cell_head") for s in block.signatories]
    rows = []
    for label in ("Name", "Role", "Signature", "Date"):
        rows.append([_p(f"{label}: {s.role if label == 'Role' else ''}", "cell") for s in block.signatories])
    width = TEXT_WIDTH / max(1, len(block.signatories))
    table = RLTable([head, *rows], colWidths=[width] * len(block.signatories), rowHeights=[16] + [30] * len(rows))
    table.setStyle(
        RLTableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return KeepTogether([table])


def _story(document: SlaDocument) -> list[Any]:
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
    facts.setStyle(RLTableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID), ("TOPPADDING", (0, 0), (-1, -1), 4)]))
    story += [facts, PageBreak()]
    pending: list[Any] = []  # headings and introductions, kept on the page of what follows them
    for block in document.blocks:
        if isinstance(block, Heading):
            pending.append(_heading(block))
            continue
        if introduces(block) and pending:
            pending += _flowables(block)
            continue
        flowables = _flowables(block)
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
                story.append(KeepTogether([*pending, *flowables]))
        else:
            story += flowables
        pending = []
    return story + pending


def _flowables(block: Any) -> list[Any]:
    if isinstance(block, Paragraph):
        return [_p(block.text, "note" if block.note else "body")]
    if isinstance(block, BulletList):
        items = [ListItem(_p(text, "body"), leftIndent=12) for text in block.items]
        return [ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontSize=8)]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return [_figure(block)]
    if isinstance(block, SignOff):
        return [_sign_off(block)]
    return []


def pdf_bytes(document: SlaDocument) -> bytes:
    """The PDF file's bytes for ``document``.

    Laid out twice: the first pass counts the pages for "Page N of M" (a canvas that defers
    its pages to number them would break the bookmarks' page references).
    """
    meta: dict[str, Any] = {"title": document.title, "author": document.author, "subject": document.title_page.subtitle}
    counting = _SlaDocTemplate(io.BytesIO(), **meta)
    counting.build(_story(document))
    buffer = io.BytesIO()
    _SlaDocTemplate(buffer, total_pages=counting.page, **meta).build(_story(document))
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
