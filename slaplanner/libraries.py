"""The libraries SLA Planner runs with, and the licence each declares (for Help > About).

They are SLA Planner's requirements and theirs (not the test tools, which are an extra), read from
their installed metadata with :mod:`importlib.metadata`: true for a checkout, a wheel and the
PyInstaller bundle (whose spec copies that metadata, using :func:`bundled_libraries` too).
"""

from __future__ import annotations

import re
from importlib import metadata
from typing import NamedTuple

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_LICENCE_CLASSIFIER = "License :: "


class Library(NamedTuple):
    """One bundled library: its distribution name, version and licence as its metadata says."""

    name: str
    version: str
    licence: str


def licence_of(meta: metadata.PackageMetadata) -> str:
    """The licence a distribution declares: its SPDX expression, else its licence field (first
    line, when short), else its trove classifiers; "not stated" when none says."""
    expression = _first(meta, "License-Expression")
    if expression:
        return expression.strip()
    field = _first(meta, "License").strip()
    if field and field.upper() != "UNKNOWN" and "\n" not in field and len(field) <= 80:
        return field
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith(_LICENCE_CLASSIFIER)]
    if classifiers:
        return ", ".join(dict.fromkeys(classifiers))
    if field:
        return field.splitlines()[0][:80]
    return "not stated"


def _first(meta: metadata.PackageMetadata, field: str) -> str:
    values = meta.get_all(field)
    return str(values[0]) if values else ""


def _requirement_names(requirements: list[str] | None) -> list[str]:
    """The names of the requirements that apply without an extra (test tools are an extra)."""
    names = []
    for requirement in requirements or []:
        marker = requirement.partition(";")[2]
        if "extra" in marker:
            continue
        match = _NAME.match(requirement.strip())
        if match:
            names.append(match.group(0))
    return names


def bundled_libraries(root: str = "slaplanner") -> list[Library]:
    """Every library ``root`` needs at run time, directly or through another one, sorted by name.

    A requirement that is not installed (one for another platform) is left out.
    """
    seen: dict[str, Library] = {}
    queue = _requirement_names(_requires(root))
    while queue:
        name = queue.pop()
        key = _normalise(name)
        if key in seen:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = Library(distribution.metadata["Name"], distribution.version, licence_of(distribution.metadata))
        queue.extend(_requirement_names(distribution.requires))
    return sorted(seen.values(), key=lambda lib: lib.name.casefold())


def _requires(name: str) -> list[str] | None:
    try:
        return metadata.requires(name)
    except metadata.PackageNotFoundError:
        return None


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).casefold()
