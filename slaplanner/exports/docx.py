"""The SLA document as an editable Word file (python-docx).

Headings use Word's own "Heading 1/2" styles (so the navigation pane and a table of contents
work), every table's first row is a header row that repeats on each page, and the footer
carries a PAGE field. The title page has no footer. Written atomically.
"""

from __future__ import annotations

import functools
import io
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from slaplanner.exports.blocks import (
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

PAGE_WIDTH_CM = 21.0
MARGIN_CM = 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
ACCENT = RGBColor(0x1F, 0x5A, 0x96)
HEADER_FILL = "DCE6F2"  # as the PDF's header rows
TOTAL_FILL = "F2F2F2"  # as the PDF's total rows
GRID_COLOUR = "9AA5B1"  # as the PDF's grid lines
GRID_EIGHTHS = 3  # border width in eighths of a point: the PDF's 0.4 pt
PAD_TOP_BOTTOM_TWIPS = 40  # 2 pt, as the PDF's cells
PAD_SIDES_TWIPS = 120  # 6 pt, as the PDF's cells
DRAFT_COLOUR = RGBColor(0xC0, 0x39, 0x2B)
KEEP_ROWS = 2  # data rows of a table kept on the page of its header row (and the heading above)


def write_docx(document: SlaDocument, path: str | Path) -> None:
    """Write ``document`` as a .docx file at ``path`` (atomically)."""
    atomic_write(Path(path), lambda tmp: build_docx(document).save(str(tmp)))


def build_docx(document: SlaDocument) -> Any:
    """The python-docx ``Document`` for ``document`` (not yet saved)."""
    doc = Document()
    _page_setup(doc, document.draft)
    _styles(doc)
    _properties(doc, document)
    _title_page(doc, document)
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level).paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            p = doc.add_paragraph(units_unbroken(block.text))
            if introduces(block):
                p.paragraph_format.keep_with_next = True
            if block.note:
                for run in p.runs:
                    run.italic = True
                    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        elif isinstance(block, BulletList):
            for item in block.items:
                doc.add_paragraph(units_unbroken(item), style="List Bullet")
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Figure):
            doc.add_picture(io.BytesIO(block.png), width=Cm(min(block.width_cm, TEXT_WIDTH_CM)))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the picture with its caption
            doc.add_paragraph(block.caption, style="Caption")
        elif isinstance(block, SignOff):
            _sign_off(doc, block)
    return doc


def _properties(doc: Any, document: SlaDocument) -> None:
    """Core properties from the plan and the agreement (not the template's), and no thumbnail:
    the template's picture of an empty page would stand for the document in file browsers."""
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)  # python-docx writes naive UTC
    props = doc.core_properties
    props.title = document.title
    props.subject = document.title_page.subtitle
    props.author = document.author
    props.last_modified_by = document.author
    props.comments = document.comments
    props.keywords = "SLA; marketing; sales" + ("; draft" if document.draft else "")
    props.category = "Service level agreement"
    props.created = now
    props.modified = now
    for stale in [e for e in props._element if e.tag.endswith("}lastPrinted")]:  # the template's 2013 date
        props._element.remove(stale)
    props.revision = 1
    package = doc.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[key]


def _page_setup(doc: Any, draft: bool = False) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Cm(PAGE_WIDTH_CM)
    section.page_height = Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    section.different_first_page_header_footer = True  # no page number on the title page
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "2")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "2")
    if draft:  # every page, the title page too (it has its own header)
        for header in (section.header, section.first_page_header):
            paragraph = header.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(DRAFT_NOTE)
            run.bold = True
            run.font.size = Pt(14)
            run.font.color.rgb = DRAFT_COLOUR


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 16), ("Heading 2", 12.5)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
    doc.styles["Heading 1"].paragraph_format.page_break_before = False


def _field(paragraph: Any, instruction: str, placeholder: str) -> None:
    """Append a complex field (begin, instruction, separate, cached result, end)."""

    def run_with(child: Any) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _title_page(doc: Any, document: SlaDocument) -> None:
    page = document.title_page
    for _ in range(6):
        doc.add_paragraph()
    doc.add_paragraph(page.title, style="Title")
    doc.add_paragraph(page.subtitle, style="Subtitle")
    doc.add_paragraph()
    table = doc.add_table(rows=0, cols=2)
    for label, value in page.facts:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
        cells[0].paragraphs[0].runs[0].bold = True
    _set_widths(table, [Cm(3.5), Cm(TEXT_WIDTH_CM - 3.5)])
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _shade(cell: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    tr_pr.append(cant_split)


@functools.cache
def _measure_font(bold: bool) -> Any:
    """DejaVu Sans (matplotlib's copy) to measure text: wider than Calibri, so text measured to fit
    fits in Word and in LibreOffice (which draws Calibri with a wider font when Calibri is not
    installed)."""
    import matplotlib
    from reportlab.pdfbase.ttfonts import TTFont

    name = "DejaVuSans-Bold" if bold else "DejaVuSans"
    return TTFont(f"SlaDocx{name}", str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / f"{name}.ttf"))


def heading_width_cm(text: str, size_pt: float, *, bold: bool = True) -> float:
    """How wide ``text`` is at ``size_pt``, in centimetres (a little over Calibri's width)."""
    return float(_measure_font(bold).stringWidth(text, size_pt)) / 72 * 2.54


def table_widths_cm(block: Table) -> tuple[float, ...]:
    """The columns' widths in centimetres: the block's relative widths, widened so headings fit."""
    size = _table_font_size(block)
    padding = 2 * PAD_SIDES_TWIPS / 1440 * 2.54 + 0.1  # both sides' padding and a hair for rounding
    return fitted_widths(
        block,
        TEXT_WIDTH_CM,
        lambda text: heading_width_cm(text, size),
        padding,
        lambda text: heading_width_cm(text, size, bold=False),
    )


def _table_font_size(block: Table) -> float:
    return 9.0 if len(block.header) <= 6 else 8.0


def _table_style(table: Any) -> None:
    """The PDF's look: thin grey-blue grid, 2 pt above and below the text in a cell, 6 pt beside it."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(GRID_EIGHTHS))
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), GRID_COLOUR)
        borders.append(line)
    # Word reads a table's properties only in the schema's order
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                 "w:tblDescription", "w:tblPrChange")  # fmt: skip
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (
        ("top", PAD_TOP_BOTTOM_TWIPS),
        ("left", PAD_SIDES_TWIPS),
        ("bottom", PAD_TOP_BOTTOM_TWIPS),
        ("right", PAD_SIDES_TWIPS),
    ):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _table(doc: Any, block: Table) -> None:
    if block.caption:
        doc.add_paragraph(block.caption, style="Caption").paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    _table_style(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Cm(w) for w in table_widths_cm(block)]
    size = Pt(_table_font_size(block))
    _repeat_header(table.rows[0])
    for i, text in enumerate(block.header):
        cell = table.rows[0].cells[i]
        _fill(cell, text, size, bold=True, right=block.is_numeric(i))
        _shade(cell, HEADER_FILL)
    for values in block.rows:
        cells = table.add_row().cells
        total = values[0] == "Total"
        for i, text in enumerate(values):
            _fill(cells[i], units_unbroken(text), size, bold=total, right=block.is_numeric(i))
            if total:
                _shade(cells[i], TOTAL_FILL)
    _set_widths(table, widths)
    for row in table.rows[: KEEP_ROWS + 1]:  # a heading above keeps the header and first rows with it
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    doc.add_paragraph()


def _set_widths(table: Any, widths: list[Any]) -> None:
    """Column widths in the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    for i, column in enumerate(table.columns):
        column.width = widths[i]
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]


def _fill(cell: Any, text: str, size: Pt, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size = size
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _sign_off(doc: Any, block: SignOff) -> None:
    table = doc.add_table(rows=1, cols=len(block.signatories))
    table.style = "Table Grid"
    _table_style(table)
    _repeat_header(table.rows[0])
    for i, s in enumerate(block.signatories):
        _fill(table.rows[0].cells[i], f"For {s.party}", Pt(10), bold=True)
        _shade(table.rows[0].cells[i], HEADER_FILL)
    columns = [block.lines(s, "_" * 30) for s in block.signatories]
    for r in range(max((len(c) for c in columns), default=0)):
        cells = table.add_row().cells
        for i, lines in enumerate(columns):
            label, value = lines[r]
            _fill(cells[i], f"{label}: {value}", Pt(10))
            cells[i].paragraphs[0].paragraph_format.space_before = Pt(14)
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    if block.fingerprint:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(8)
        p.add_run("Fingerprint of the content signed (SHA-256): ").font.size = Pt(8.5)
        code = p.add_run(block.fingerprint)
        code.font.size = Pt(8.5)
        code.font.name = "Consolas"
