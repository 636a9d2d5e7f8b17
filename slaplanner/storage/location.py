"""Where a plan is: a file, optionally with a proposal and a version, or (later) a database.

``FILE``, ``FILE#PROPOSAL`` and ``FILE#PROPOSAL@VERSION`` name a plan file and, inside it, one
proposal and one of its versions; ``postgresql://USER@HOST[:PORT]/DATABASE#AGREEMENT[#PROPOSAL[@VERSION]]``
names an agreement in a team database. A file name that itself contains ``#`` is taken whole
when such a file exists, so no file is ever mistaken for another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from slaplanner.errors import LocationError, Problem

_PROPOSAL_VERSION = re.compile(r"^(?P<proposal>.*?)(?:@(?P<version>[0-9]+))?$", re.ASCII | re.DOTALL)
DATABASE_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class Location:
    """A parsed location: a ``path`` (files) or a database ``url`` with an ``agreement`` name,
    and the ``proposal`` and ``version`` asked for (``None``: the default)."""

    text: str
    path: Path | None = None
    url: str | None = None
    agreement: str | None = None
    proposal: str | None = None
    version: int | None = None

    @property
    def is_database(self) -> bool:
        return self.url is not None

    def describe(self) -> str:
        """The location as people read it (no password)."""
        where = str(self.path) if self.path is not None else f"{self.url}#{self.agreement}"
        if self.proposal:
            where += f"#{self.proposal}"
        if self.version is not None:
            where += f"@{self.version}"
        return where


def without_password(text: str) -> str:
    """``text`` as a message may repeat it: a team database's address loses its password
    (``postgresql://USER:SECRET@HOST/...`` reads ``postgresql://USER@HOST/...``)."""
    if not text.startswith(DATABASE_SCHEMES):
        return text
    scheme, _, rest = text.partition("://")
    authority, slash, tail = rest.partition("/")
    if "@" in authority:
        user_info, _, host = authority.rpartition("@")
        authority = f"{user_info.partition(':')[0]}@{host}"
    return f"{scheme}://{authority}{slash}{tail}"


def _proposal_and_version(text: str, whole: str) -> tuple[str | None, int | None]:
    match = _PROPOSAL_VERSION.match(text)
    assert match is not None  # the pattern matches every string
    proposal = match["proposal"].strip() or None
    version = int(match["version"]) if match["version"] else None
    if version is not None and version < 1:
        allowed = f"allowed: a version number of 1 or more in {without_password(whole)}"
        raise LocationError([Problem("version", version, allowed)])
    return proposal, version


def parse_location(text: str) -> Location:
    """Split ``text`` into a file or database location and the proposal and version it names."""
    if text.startswith(DATABASE_SCHEMES):
        base, _, rest = text.partition("#")
        if not rest:
            allowed = "allowed: postgresql://USER@HOST[:PORT]/DATABASE#AGREEMENT[#PROPOSAL[@VERSION]]"
            raise LocationError([Problem("location", without_password(text), allowed)])
        agreement, _, inner = rest.partition("#")
        proposal, version = _proposal_and_version(inner, text) if inner else (None, None)
        return Location(text, url=base, agreement=agreement.strip(), proposal=proposal, version=version)
    if "#" not in text or Path(text).exists():
        return Location(text, path=Path(text))
    cuts = [i for i, ch in enumerate(text) if ch == "#"]
    for i in cuts:  # a prefix that is an existing file wins
        if Path(text[:i]).is_file():
            proposal, version = _proposal_and_version(text[i + 1 :], text)
            return Location(text, path=Path(text[:i]), proposal=proposal, version=version)
    for i in cuts:  # else the first prefix that looks like a plan file
        if text[:i].lower().endswith((".slaplan", ".json")):
            proposal, version = _proposal_and_version(text[i + 1 :], text)
            return Location(text, path=Path(text[:i]), proposal=proposal, version=version)
    return Location(text, path=Path(text))
