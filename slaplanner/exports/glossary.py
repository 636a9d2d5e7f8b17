"""The document's words: abbreviations spelled out at first use, and the glossary.

Signers should not have to ask what a term means. :func:`spell_out_first_use` adds the long form
after the first use of each abbreviation in the running text (``SQLs (sales-qualified leads)``);
:data:`GLOSSARY` is the table at the end of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from slaplanner.exports.blocks import Block, BulletList, Paragraph

#: Each abbreviation with its long form (singular, plural).
ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "MQL": ("marketing-qualified lead", "marketing-qualified leads"),
    "SAL": ("sales-accepted lead", "sales-accepted leads"),
    "SQL": ("sales-qualified lead", "sales-qualified leads"),
    "SDR": ("sales development representative", "sales development representatives"),
    "AE": ("account executive", "account executives"),
}

_TERM = re.compile(r"\b(" + "|".join(ABBREVIATIONS) + r")(s?)\b(?! \()")

_TERMS: tuple[tuple[str, str], ...] = (
    ("AE", "Account executive: the salesperson who takes an opportunity to a close."),
    (
        "Agreed",
        "A version both sides signed while its content still has the fingerprint they signed. It is locked: "
        "a change starts a new proposal based on it.",
    ),
    (
        "Business hours",
        "The team's working hours in its own time zone, without weekends and holidays. A clock in business "
        "hours stops outside them.",
    ),
    (
        "Fingerprint",
        "The SHA-256 hash of the plan's content, shown by its first 12 hexadecimal digits. Any change to the "
        "content changes it, so a signature names exactly what was signed.",
    ),
    ("First touch", "Sales' first attempt to contact a lead (a call or an e-mail) after it reaches the SQL stage."),
    ("Lead", "A person who showed interest (an inquiry, a download, a sign-up) and is not qualified yet."),
    ("MQL", "Marketing-qualified lead: a lead whose fit and behaviour reach the MQL score; marketing owns it."),
    (
        "Maximum occupancy",
        "The highest share of a role's available hours planned for leads, leaving room for peaks.",
    ),
    ("P10, P50, P90", "The values that 10 %, 50 % (the median) and 90 % of the simulated horizons stay at or below."),
    (
        "Proposal",
        "One named line of versions of the agreement (for example a marketing proposal or a sales counter); "
        "each version is a whole plan.",
    ),
    (
        "Rates (low, likely, high)",
        "How optimistic the conversion rates are. The document leads with one and shows the other two beside it.",
    ),
    ("Recycling", "Sending a lead back to marketing's nurture when sales does not work it or rejects it."),
    ("SAL", "Sales-accepted lead: a lead sales agreed to work."),
    ("SDR", "Sales development representative: makes the first touches and follow-up, and qualifies leads."),
    ("SQL", "Sales-qualified lead: a lead in a real buying conversation; marketing commits to deliver these."),
    ("Shrinkage", "The share of paid hours not available for leads (meetings, training, breaks, leave)."),
    ("Utilisation", "The share of a role's available hours spent on leads."),
    ("Version", "A numbered, saved state of a proposal. It never changes once saved."),
)
#: (term, meaning), in alphabetical order.
GLOSSARY: tuple[tuple[str, str], ...] = tuple(sorted(_TERMS, key=lambda t: t[0].casefold()))


def _spell_out(text: str, seen: set[str]) -> str:
    def expand(match: re.Match[str]) -> str:
        term, plural = match[1], match[2]
        if term in seen:
            return match[0]
        seen.add(term)
        return f"{match[0]} ({ABBREVIATIONS[term][1 if plural else 0]})"

    return _TERM.sub(expand, text)


def spell_out_first_use(blocks: Iterable[Block]) -> list[Block]:
    """``blocks`` with each abbreviation spelled out after its first use in running text
    (paragraphs and bullet lists; headings and tables keep the short form)."""
    seen: set[str] = set()
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block = Paragraph(_spell_out(block.text, seen), block.note)
        elif isinstance(block, BulletList):
            block = BulletList(tuple(_spell_out(item, seen) for item in block.items))
        out.append(block)
    return out
