"""The SLA document's building blocks: a neutral model the Word and PDF writers lay out.

A document is a title page and a flat sequence of blocks (headings, paragraphs, bullet lists,
tables, figures, a sign-off block). :mod:`slaplanner.exports.document` builds one from a plan
and its results; :mod:`slaplanner.exports.docx` and :mod:`slaplanner.exports.pdf` only lay the
blocks out, so both files always say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: What a draft's every page says (PDF: header and watermark; Word: the section headers).
DRAFT_MARK = "DRAFT"
DRAFT_NOTE = "DRAFT: not signed by both sides"


@dataclass(frozen=True)
class Heading:
    """A section heading; level 1 is a top-level section, 2 a subsection."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """Body text. ``note`` paragraphs are the short "not in the plan yet" remarks."""

    text: str
    note: bool = False


def introduces(block: object) -> bool:
    """A paragraph that introduces what follows it (it ends with a colon): the writers keep it
    on the page of the next block, as they keep a heading."""
    return isinstance(block, Paragraph) and block.text.rstrip().endswith(":")


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with one header row; ``numeric[i]`` right-aligns column i.

    ``widths`` are relative column widths (they need not add up to anything).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    widths: tuple[float, ...] = ()
    caption: str = ""

    def is_numeric(self, column: int) -> bool:
        return column < len(self.numeric) and self.numeric[column]

    def relative_widths(self) -> tuple[float, ...]:
        if len(self.widths) == len(self.header):
            return self.widths
        return (1.0,) * len(self.header)


@dataclass(frozen=True)
class Figure:
    """A chart as PNG bytes (and, where drawn, SVG for vector output), to be shown ``width_cm`` wide
    with ``caption`` under it. The PDF draws the SVG as vector graphics; Word shows the PNG."""

    png: bytes
    caption: str
    width_cm: float = 16.0
    aspect: float = 0.42  # height / width
    svg: bytes = b""

    @classmethod
    def of(cls, chart: tuple[bytes, bytes], caption: str) -> Figure:
        """The figure of a chart drawn as (PNG, SVG) (:mod:`slaplanner.exports.charts`)."""
        png, svg = chart
        return cls(png, caption, svg=svg)


@dataclass(frozen=True)
class Signatory:
    """One side of the sign-off: the party, the leader's role, and (when known) the person's name
    and title. ``signed_on`` is the date they signed, as written (empty: not signed yet, so the
    writers leave lines to sign on)."""

    party: str
    role: str
    name: str = ""
    title: str = ""
    signed_on: str = ""

    @property
    def signed(self) -> bool:
        return bool(self.signed_on)


@dataclass(frozen=True)
class SignOff:
    """Name, title, signature and date lines for each signatory, and the full fingerprint of the
    content they sign (``fingerprint``; empty when there is none to name)."""

    signatories: tuple[Signatory, ...]
    fingerprint: str = ""

    def lines(self, s: Signatory, blank: str) -> tuple[tuple[str, str], ...]:
        """(label, value) lines for ``s``: what was signed, or ``blank`` where one signs by hand."""
        if s.signed:
            return (
                ("Name", s.name),
                ("Title", s.title or s.role),
                ("Signed", f"in SLA Planner for {s.party.lower()}"),
                ("Date", s.signed_on),
            )
        return (
            ("Name", s.name or blank),
            ("Title", s.title or s.role),
            ("Signature", blank),
            ("Date", blank),
        )


def fitted_widths(
    table: Table,
    total: float,
    heading_width: Callable[[str], float],
    padding: float,
    text_width: Callable[[str], float] | None = None,
) -> tuple[float, ...]:
    """Column widths adding up to ``total`` so that no heading wraps and no word is broken.

    The table's relative widths, with each column too narrow for its heading or for the longest
    word in it (``heading_width`` of a heading, ``text_width`` of a cell's word, plus ``padding``)
    widened, the width taken from the columns with room to spare, in proportion to their room.

    When the headings cannot all fit on one line, each column is widened to its longest word only
    (headings wrap between words, never inside one); when even that cannot fit, the relative widths
    stand. Both writers call this with their own font's measure, so the Word file
    and the PDF lay a table out alike.
    """
    weights = table.relative_widths()
    scale = total / (sum(weights) or 1.0)
    widths = [w * scale for w in weights]

    body_width = text_width or heading_width

    def longest_word(texts: list[str], measure: Callable[[str], float]) -> float:
        return max((measure(word) for text in texts for word in text.split()), default=0.0)

    columns = [[row[i] for row in table.rows if i < len(row)] for i in range(len(table.header))]
    words = [
        max(longest_word([h], heading_width), longest_word(column, body_width)) + padding
        for h, column in zip(table.header, columns)
    ]
    needed = [max(heading_width(h) + padding, w) for h, w in zip(table.header, words)]
    if sum(needed) > total:
        needed = words
        if sum(needed) > total:
            return tuple(widths)
    short = [i for i, w in enumerate(widths) if w < needed[i]]
    deficit = sum(needed[i] - widths[i] for i in short)
    room = {j: widths[j] - needed[j] for j in range(len(widths)) if j not in short}
    spare = sum(room.values())
    if deficit <= 0 or spare <= 0:
        return tuple(widths)
    for i in short:
        widths[i] = needed[i]
    for j, r in room.items():  # each gives up a share of its room: never below its own heading
        widths[j] -= deficit * r / spare
    return tuple(widths)


Block = Heading | Paragraph | BulletList | Table | Figure | SignOff


@dataclass(frozen=True)
class TitlePage:
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]  # (label, value): period, parties, version, date


@dataclass(frozen=True)
class SlaDocument:
    """The whole SLA document: a title page, then the blocks in reading order."""

    title: str
    title_page: TitlePage
    blocks: tuple[Block, ...]
    author: str = "SLA Planner"
    draft: bool = False  # not agreed: the writers mark every page DRAFT
    comments: str = ""  # the file's description (proposal, version, fingerprint)

    def headings(self, level: int | None = None) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if isinstance(b, Heading) and (level is None or b.level == level))
