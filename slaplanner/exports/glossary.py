"""The document's words: abbreviations spelled out at first use, and the glossary.

Signers should not have to ask what a term means. :func:`spell_out_first_use` adds the long form
after the first use of each abbreviation in the running text (``SQLs (sales-qualified leads)``);
:data:`GLOSSARY` is the table at the end of the document, read from the one glossary
(:mod:`slaplanner.glossary`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from slaplanner.exports.blocks import Block, BulletList, Paragraph
from slaplanner.glossary import DOCUMENT_GLOSSARY

#: Each abbreviation with its long form (singular, plural).
ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "MQL": ("marketing-qualified lead", "marketing-qualified leads"),
    "SAL": ("sales-accepted lead", "sales-accepted leads"),
    "SQL": ("sales-qualified lead", "sales-qualified leads"),
    "SDR": ("sales development representative", "sales development representatives"),
    "AE": ("account executive", "account executives"),
}

_TERM = re.compile(r"\b(" + "|".join(ABBREVIATIONS) + r")(s?)\b(?! \()")

#: (term, meaning), in alphabetical order: the document's share of the one glossary
#: (:mod:`slaplanner.glossary`, which also makes ``docs/glossary.md`` and the window's Help).
GLOSSARY: tuple[tuple[str, str], ...] = DOCUMENT_GLOSSARY


def _spell_out(text: str, seen: set[str]) -> str:
    def expand(match: re.Match[str]) -> str:
        term, plural = match[1], match[2]
        if term in seen:
            return match[0]
        before = text[: match.start()]
        if before.count("(") > before.count(")"):
            # Inside brackets a long form would nest them ("(no SDR (sales ...) headcount"): the next
            # use is spelled out instead.
            return match[0]
        seen.add(term)
        return f"{match[0]} ({ABBREVIATIONS[term][1 if plural else 0]})"

    return _TERM.sub(expand, text)


def spell_out_first_use(blocks: Iterable[Block]) -> list[Block]:
    """``blocks`` with each abbreviation spelled out after its first use in running text
    (paragraphs and bullet lists; headings and tables keep the short form), not inside brackets."""
    seen: set[str] = set()
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block = Paragraph(_spell_out(block.text, seen), block.note)
        elif isinstance(block, BulletList):
            block = BulletList(tuple(_spell_out(item, seen) for item in block.items))
        out.append(block)
    return out
