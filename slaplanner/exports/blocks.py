"""The SLA document's building blocks: a neutral model the Word and PDF writers lay out.

A document is a title page and a flat sequence of blocks (headings, paragraphs, bullet lists,
tables, figures, a sign-off block). :mod:`slaplanner.exports.document` builds one from a plan
and its results; :mod:`slaplanner.exports.docx` and :mod:`slaplanner.exports.pdf` only lay the
blocks out, so both files always say the same thing.
"""

from __future__ import annotations

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
    """A chart as PNG bytes, to be shown ``width_cm`` wide with ``caption`` under it."""

    png: bytes
    caption: str
    width_cm: float = 16.0
    aspect: float = 0.42  # height / width


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
