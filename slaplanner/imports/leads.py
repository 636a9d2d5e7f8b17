"""Import a historical lead export (CSV) into a column table the scorer reads.

What is read:

* UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode Text"; anything else is
  read as Windows-1252, with a warning);
  ``,``, ``;`` or tab separators (taken from the header line); quoted fields with newlines;
  blank lines are skipped.
* HubSpot and Salesforce column names are recognised (``Create Date``, ``CreatedDate``,
  ``Lifecycle Stage``, ``Lead Status``, ``Number of Employees`` ...); any other file needs a
  *column mapping* (header -> field), and :class:`ColumnMappingNeeded` says so, listing the
  headers found. A mapping target is a field name (see :data:`FIELD_SYNONYMS`),
  ``event:<name>:count``, ``event:<name>:date`` or ``ignore``; other columns are kept as
  fields named after their header (``Lead Score`` -> ``lead_score``).
* Behaviour columns: ``Number of <event>`` / ``<event> Count`` hold counts,
  ``Last <event> Date`` / ``<event> Last Date`` the date of the last one, ``<event> Date``
  alone means one event on that date (``Demo Request Date``).
* Dates: ``2025-03-14``, ``2025-03-14 09:30``, ISO with ``T`` and zone, ``2025/03/14``,
  ``14.03.2025``, ``03/14/2025`` or ``14/03/2025`` (the order is taken from the column: month
  first unless a day above 12 shows up first; a column with both is *mixed* and the rows that
  cannot be told apart are rejected), ``14 Mar 2025``, ``Mar 14, 2025``, epoch milliseconds.

Bad rows (no readable create date, more cells than the header) are reported with their row
number (the line of the file the record starts on; the header is row 1) and the reason; the
good rows are kept. Cells that look like spreadsheet formulas (starting with ``= + - @``, tab
or carriage return, and not a plain number) are kept as inert text and listed in
``formula_cells``; exporters write them through :func:`slaplanner.cells.inert_text`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from slaplanner.cells import FORMULA_PREFIXES, is_formula_like, parse_number
from slaplanner.plan.definitions import event_key

MAX_FILE_BYTES = 512 * 1024 * 1024

#: Field -> the column headers that mean it (normalised: lower case, words split at
#: punctuation and camelCase), most specific first.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "lead_id": ("record id", "contact id", "lead id", "id"),
    "created": ("create date", "created date", "created at", "date created", "creation date", "lead created date"),
    "source": ("lead source", "original source", "source", "original source type"),
    "lifecycle_stage": ("lifecycle stage", "lead status", "status", "stage"),
    "email": ("email", "email address", "e mail"),
    "company": ("company name", "company", "account name", "associated company"),
    "job_title": ("job title", "title"),
    "seniority": ("seniority", "job seniority", "management level"),
    "industry": ("industry",),
    "country": ("country region", "country", "mailing country"),
    "company_size": ("number of employees", "employees", "company size", "employee count"),
    "annual_revenue": ("annual revenue", "revenue"),
    "first_name": ("first name",),
    "last_name": ("last name",),
    "last_activity": ("last activity date", "last activity"),
}
HUBSPOT_HEADERS = frozenset({"record id", "create date", "lifecycle stage", "original source", "country region"})
SALESFORCE_HEADERS = frozenset({"lead id", "created date", "lead status", "lead source", "numberofemployees"})
REQUIRED_FIELDS = ("created",)
IGNORE = "ignore"

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_COUNT_PATTERNS = (re.compile(r"^number of (.+)$"), re.compile(r"^(.+) count$"), re.compile(r"^num (.+)$"))
_DATE_PATTERNS = (re.compile(r"^last (.+) date$"), re.compile(r"^(.+) last date$"), re.compile(r"^(.+) date$"))
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME + "$")
_MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3})[a-z]*\.?[ ,-]+(\d{4})" + _TIME + "$")
_MONTH_NAME_DAY = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})" + _TIME + "$")
_EPOCH_MS = re.compile(r"^\d{12,13}$")
_FORMULA_SET = frozenset(FORMULA_PREFIXES)
_RANGE = re.compile(r"^(\d[\d.,]*)\s*(?:-|–|to)\s*\d[\d.,]*$")


class LeadFileError(ValueError):
    """The file cannot be read as a lead export; the message says why and what to do."""


class ColumnMappingNeeded(LeadFileError):
    """The file's columns are not recognised: a column mapping must say which is which.

    ``headers`` are the file's column headers, ``mapping`` what was recognised so far,
    ``missing`` the required fields no column was found for.
    """

    def __init__(self, message: str, headers: tuple[str, ...], mapping: dict[str, str], missing: tuple[str, ...]):
        super().__init__(message)
        self.headers = headers
        self.mapping = mapping
        self.missing = missing


@dataclass(frozen=True)
class RowProblem:
    """Something wrong in one row: ``row`` number (header is row 1), ``column`` (may be empty), ``reason``."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


def no_leads_text(name: str, rejected: Sequence[RowProblem], rows_read: int, shown: int = 5) -> str:
    """Why a file gave no lead at all, with the first ``shown`` rejected rows' reasons (one a line,
    indented), as the import lists them when at least one row is good."""
    if not rows_read:
        return f"{name}: no lead could be read: the file has no rows under its header"
    problems = sorted(rejected, key=lambda p: p.row)
    every = "its one row was" if rows_read == 1 else f"all {rows_read:,} rows were"
    text = f"{name}: no lead could be read: {every} rejected"
    if not problems:
        return text
    lines = [text + (":" if len(problems) <= shown else f"; the first {shown}:")]
    lines.extend(f"  {p}" for p in problems[:shown])
    if len(problems) > shown:
        lines.append(f"  ... and {len(problems) - shown:,} more")
    return "\n".join(lines)


DateArray = npt.NDArray[np.datetime64]
FloatArray = npt.NDArray[np.float64]
TextArray = npt.NDArray[np.object_]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class LeadTable:
    """Leads as columns (one numpy array per field), row ``i`` of every array is one lead.

    ``created`` holds days (``datetime64[D]``); ``fields`` text cells ("" when blank);
    ``event_counts``/``event_last`` the count and last date (NaT unknown) per event type.
    """

    rows: npt.NDArray[np.int64]
    created: DateArray
    source: TextArray
    stage: TextArray
    fields: Mapping[str, TextArray] = field(default_factory=dict)
    event_counts: Mapping[str, FloatArray] = field(default_factory=dict)
    event_last: Mapping[str, DateArray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def events(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.event_counts) | set(self.event_last)))


@dataclass(frozen=True, eq=False)
class LeadImport:
    """The result of reading a lead export: the good rows and everything noticed on the way."""

    table: LeadTable
    rejected: tuple[RowProblem, ...]
    warnings: tuple[RowProblem, ...]
    formula_cells: tuple[RowProblem, ...]
    mapping: dict[str, str]
    kind: str  # "hubspot", "salesforce" or "other"
    delimiter: str
    rows_read: int


def normalise_header(header: str) -> str:
    """``"NumberOfEmployees"`` -> ``"number of employees"``, ``"Country/Region"`` -> ``"country region"``."""
    text = _CAMEL.sub(" ", header.strip().lstrip("\ufeff"))
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def _field_key(header: str) -> str:
    return normalise_header(header).replace(" ", "_") or "column"


def mapping_target_problem(target: str, extra_fields: Iterable[str] = ()) -> str | None:
    """A plain message when ``target`` is not a column-mapping target: a known field (the keys
    of :data:`FIELD_SYNONYMS` and ``extra_fields``, e.g. the fields the definitions test),
    ``event:<name>:count``, ``event:<name>:date`` or ``ignore``. ``None`` when it is one."""
    extra = sorted({f for f in extra_fields if f} - set(FIELD_SYNONYMS))
    known = (*FIELD_SYNONYMS, *extra)
    if target == IGNORE or target in known:
        return None
    if target.startswith("event:"):
        parts = target.split(":")
        if len(parts) == 3 and event_key(parts[1]) and parts[2] in ("count", "date"):
            return None
        return f"unknown event target {target!r}; allowed: event:<name>:count or event:<name>:date"
    return (
        f"unknown field {target!r}; known fields: {', '.join(known)}, event:<name>:count, event:<name>:date or {IGNORE}"
    )


def guess_mapping(
    headers: tuple[str, ...] | list[str], extra_synonyms: Mapping[str, tuple[str, ...]] | None = None
) -> dict[str, str]:
    """What each header means as far as it is recognised: header -> target (see module docstring).

    ``extra_synonyms`` (field -> normalised headers) adds fields another import reads (the
    actuals import's ``became_sql_at`` ...); they are tried after :data:`FIELD_SYNONYMS`.
    """
    norm = {h: normalise_header(h) for h in headers}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for target, synonyms in {**FIELD_SYNONYMS, **(extra_synonyms or {})}.items():
        for synonym in synonyms:
            match = next((h for h in headers if norm[h] == synonym and h not in mapping), None)
            if match is not None:
                mapping[match] = target
                taken.add(target)
                break
    for h in headers:
        if h in mapping:
            continue
        n = norm[h]
        for pattern in _COUNT_PATTERNS:
            m = pattern.match(n)
            if m:
                mapping[h] = f"event:{event_key(m.group(1))}:count"
                break
        else:
            for pattern in _DATE_PATTERNS:
                m = pattern.match(n)
                if m:
                    mapping[h] = f"event:{event_key(m.group(1))}:date"
                    break
    return mapping


def file_kind(headers: tuple[str, ...] | list[str]) -> str:
    """``hubspot``, ``salesforce`` or ``other``, from the column names."""
    norm = {normalise_header(h) for h in headers} | {normalise_header(h).replace(" ", "") for h in headers}
    if norm & HUBSPOT_HEADERS:
        return "hubspot"
    if norm & SALESFORCE_HEADERS:
        return "salesforce"
    return "other"


def crm_number(text: str) -> float | None:
    """A number from a CRM cell: ``1200``, ``1,200``, ``1.200,5``, ``-3``, ``51-200`` (lower bound),
    ``10000+``, ``$2,500.75``; the digits are read by :func:`slaplanner.cells.parse_number`.

    Returns None for blank or non-numeric text.
    """
    t = text.strip().replace(" ", "").replace("\u00a0", "").replace("_", "")
    if not t:
        return None
    m = _RANGE.match(t)
    if m:
        t = m.group(1)
    elif t.endswith("+") and t[:-1][:1].isdigit():
        t = t[:-1]
    try:
        return parse_number(t.lstrip("$€£"))
    except ValueError:
        return None


def _valid_day(year: int, month: int, day: int) -> np.datetime64 | None:
    if not 1990 <= year <= 2199:
        return None
    try:
        return np.datetime64(date(year, month, day), "D")
    except ValueError:
        return None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


class DateReader:
    """Reads the dates of one column, deciding day-first or month-first from the column's values.

    ``dayfirst`` None means: decide from the data (see the module docstring).
    """

    def __init__(self, values: list[str], dayfirst: bool | None = None) -> None:
        self.dayfirst = dayfirst
        self.mixed = False
        if dayfirst is None:
            first_big = second_big = False
            for v in set(values):
                if v[:4].isdigit():
                    continue  # ISO: year first
                m = _NUMERIC.match(v.strip())
                if m and m.group(2) in "/-":
                    first_big = first_big or int(m.group(1)) > 12
                    second_big = second_big or int(m.group(3)) > 12
            self.mixed = first_big and second_big
            self.dayfirst = first_big and not second_big
        self._cache: dict[str, np.datetime64 | str] = {}

    def read(self, text: str) -> np.datetime64 | str:
        """The day, or the reason it cannot be read."""
        cached = self._cache.get(text)
        if cached is None:
            cached = self._read(text.strip())
            self._cache[text] = cached
        return cached

    def _read(self, t: str) -> np.datetime64 | str:
        bad = f"{t!r} is not a date; allowed: e.g. 2025-03-14, 03/14/2025, 14.03.2025, 14 Mar 2025"
        if not t:
            return "no date; allowed: a date such as 2025-03-14"
        m = _ISO.match(t)
        if m:
            day = _valid_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return bad if day is None else day
        m = _NUMERIC.match(t)
        if m:
            a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), _year(m.group(4))
            if sep == ".":
                dayfirst = True
            elif self.mixed:
                if a > 12 >= b:
                    dayfirst = True
                elif b > 12 >= a:
                    dayfirst = False
                elif a == b:
                    dayfirst = True
                else:
                    return (
                        f"{t!r} is ambiguous: this column has both day-first and month-first dates; "
                        "allowed: one date order per column, or ISO dates (2025-03-14)"
                    )
            else:
                dayfirst = bool(self.dayfirst)
            day = _valid_day(y, a, b) if not dayfirst else _valid_day(y, b, a)
            if day is None:
                order = "DD/MM/YYYY" if dayfirst else "MM/DD/YYYY"
                return f"{t!r} is not a date in this column's order ({order})"
            return day
        m = _DAY_MONTH_NAME.match(t)
        if m and m.group(2).lower() in _MONTHS:
            day = _valid_day(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
            return bad if day is None else day
        m = _MONTH_NAME_DAY.match(t)
        if m and m.group(1).lower() in _MONTHS:
            day = _valid_day(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
            return bad if day is None else day
        if _EPOCH_MS.match(t):
            when = datetime.fromtimestamp(int(t) / 1000, tz=timezone.utc).date()
            day = _valid_day(when.year, when.month, when.day)
            return bad if day is None else day
        return bad


def _decode(data: bytes, name: str, warnings: list[RowProblem]) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM: Excel's "Unicode Text"
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise LeadFileError(
                f"{name} starts as UTF-16 text but is damaged further on. Save it as CSV (UTF-8) and import that."
            ) from None
        if "\x00" not in text[:65536]:
            return text.removeprefix("\ufeff")
    head = data[:65536]
    if b"\x00" in head:
        raise LeadFileError(
            f"{name} is not a CSV file: it holds binary data (a spreadsheet, archive or image?). "
            "Save it as CSV (UTF-8) and import that."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append(RowProblem(0, "", "the file is not UTF-8; read as Windows-1252"))
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts: dict[str, int] = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ","


def read_headers(path: str | os.PathLike[str]) -> tuple[tuple[str, ...], str]:
    """The column headers and the separator of a CSV file (for a column-mapping step)."""
    data = _read_bytes(path)
    text = _decode(data, Path(path).name, [])
    delim = _delimiter(text)
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
        if any(cell.strip() for cell in row):
            return tuple(cell.strip() for cell in row), delim
    raise LeadFileError(f"{Path(path).name} is empty: no header row with column names")


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise LeadFileError(f"{p} is a folder, not a lead export")
        if not stat.S_ISREG(info.st_mode):  # a pipe would block for ever, a device never ends
            raise LeadFileError(f"{p} is not a regular file (a device, pipe or socket), so not a lead export")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise LeadFileError(f"{p.name} is {size / 1e6:.0f} MB; allowed: at most {MAX_FILE_BYTES // 1_000_000} MB")
        return p.read_bytes()
    except OSError as error:
        raise LeadFileError(f"cannot read {p}: {error.strerror or error}") from error


def read_leads(
    path: str | os.PathLike[str],
    *,
    mapping: Mapping[str, str] | None = None,
    dayfirst: bool | None = None,
    extra_synonyms: Mapping[str, tuple[str, ...]] | None = None,
) -> LeadImport:
    """Read a lead export from ``path``; see :func:`parse_leads`."""
    return parse_leads(
        _read_bytes(path), name=Path(path).name, mapping=mapping, dayfirst=dayfirst, extra_synonyms=extra_synonyms
    )


def parse_leads(
    data: bytes,
    *,
    name: str = "the file",
    mapping: Mapping[str, str] | None = None,
    dayfirst: bool | None = None,
    extra_synonyms: Mapping[str, tuple[str, ...]] | None = None,
) -> LeadImport:
    """Read a lead export from bytes.

    ``mapping`` (header -> target) overrides what is recognised from the headers;
    ``extra_synonyms`` adds fields to recognise (see :func:`guess_mapping`). Raises
    :class:`ColumnMappingNeeded` when no column holds the create date, and
    :class:`LeadFileError` when the data is not a CSV file.
    """
    warnings: list[RowProblem] = []
    text = _decode(data, name, warnings)
    delim = _delimiter(text)
    header, records, unclosed = _split_records(text, delim, name)
    if header is None:
        raise LeadFileError(f"{name} is empty: no header row with column names")
    headers = _unique_headers(header)
    guessed = guess_mapping(headers, extra_synonyms)
    if mapping:
        unknown = [h for h in mapping if h not in headers]
        if unknown:
            raise LeadFileError(
                f"the column mapping names {unknown[0]!r}, which {name} does not have; "
                f"its columns are: {', '.join(headers)}"
            )
        guessed.update({h: str(t).strip() for h, t in mapping.items()})
    used = {h: t for h, t in guessed.items() if t != IGNORE}
    missing = tuple(f for f in REQUIRED_FIELDS if f not in used.values())
    if missing:
        shown = ", ".join(repr(h) for h in headers[:12]) + (" ..." if len(headers) > 12 else "")
        raise ColumnMappingNeeded(
            f"{name}: no column holds the lead's create date; found columns {shown}. "
            "Map one column to 'created' (a CRM export in CSV has e.g. 'Create Date').",
            tuple(headers),
            dict(guessed),
            missing,
        )
    return _build(records, headers, guessed, delim, file_kind(headers), warnings, dayfirst, unclosed)


def _split_records(
    text: str, delim: str, name: str
) -> tuple[list[str] | None, list[tuple[int, list[str]]], list[RowProblem]]:
    """The header, the records (the row each starts on, its cells) and the rows whose quote never closes.

    A quote that opens in a cell and never closes would make the csv module read every line after it
    as part of that one cell, so the rest of the file would vanish without a word. Such a row is
    rejected (its cells cannot be told apart), said with the lines it would have swallowed, and the
    lines after it are read on their own.
    """
    lines = list(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    unclosed: list[RowProblem] = []
    pos = 0  # lines[pos:] are still to read
    while pos < len(lines):
        reader = csv.reader(lines[pos:], delimiter=delim)
        line = 0
        last_start, last_was_header = 0, False
        try:
            for row in reader:
                start = pos + line + 1
                line = reader.line_num
                if not "".join(row).strip():
                    continue
                last_start, last_was_header = start, header is None
                if header is None:
                    header = [cell.strip().lstrip("\ufeff") for cell in row]
                    continue
                records.append((start, row))
        except csv.Error as error:
            raise LeadFileError(f"{name} is not a readable CSV file (line {pos + reader.line_num}: {error})") from error
        end = pos + line
        if not last_start or end - last_start < 1 or not _quote_never_closes(lines[last_start - 1 :], delim):
            break
        swallowed = end - last_start
        if last_was_header:
            raise LeadFileError(
                f"{name}: a quote (\") opened in the header row never closes, so the whole file reads as one "
                "header cell; close the quote or remove it and import again"
            )
        records.pop()
        rows = f"row {last_start + 1}" if swallowed == 1 else f"rows {last_start + 1}–{end}"
        unclosed.append(
            RowProblem(
                last_start,
                "",
                f"a quote (\") opened in this row never closes, so it swallowed the {swallowed:,} "
                f"{'line' if swallowed == 1 else 'lines'} after it ({rows}); this row is rejected and those "
                "lines are read on their own",
            )
        )
        pos = last_start  # go on with the line after the row that opened the quote
    return header, records, unclosed


def _quote_never_closes(lines: list[str], delim: str) -> bool:
    """Whether the record starting at ``lines[0]`` runs to the end of ``lines`` inside a quoted cell."""
    try:
        for _ in csv.reader(lines, delimiter=delim, strict=True):
            pass
    except csv.Error:
        return True
    return False


def _unique_headers(header: list[str]) -> list[str]:
    out: list[str] = []
    for i, h in enumerate(header):
        name = h or f"column {i + 1}"
        while name in out:
            name += " (2)"
        out.append(name)
    return out


def _build(
    records: list[tuple[int, list[str]]],
    headers: list[str],
    mapping: dict[str, str],
    delim: str,
    kind: str,
    warnings: list[RowProblem],
    dayfirst: bool | None,
    unclosed: list[RowProblem] | None = None,
) -> LeadImport:
    width = len(headers)
    rejected: list[RowProblem] = list(unclosed or ())
    good_lines: list[int] = []
    good: list[list[str]] = []
    for start, row in records:
        if len(row) != width:
            if len(row) > width and "".join(row[width:]).strip():
                rejected.append(
                    RowProblem(
                        start,
                        "",
                        f"{len(row)} cells but the header has {width} columns "
                        f"(a {'semicolon' if delim == ';' else 'comma'} inside an unquoted value?)",
                    )
                )
                continue
            if len(row) < width:
                warnings.append(
                    RowProblem(
                        start,
                        "",
                        f"{len(row)} {'cell' if len(row) == 1 else 'cells'} but the header has {width} columns; "
                        f"the missing {'cell reads' if width - len(row) == 1 else 'cells read'} as blank",
                    )
                )
            row = (row + [""] * width)[:width]
        good_lines.append(start)
        good.append(row)

    col = {h: i for i, h in enumerate(headers)}
    created_header = next(h for h, t in mapping.items() if t == "created")
    created_cells = [row[col[created_header]] for row in good]
    created_reader = DateReader(created_cells, dayfirst)
    created_days, bad_created = _read_dates(created_reader, created_cells)
    for k in np.flatnonzero(bad_created):
        reason = created_reader.read(created_cells[k])
        rejected.append(RowProblem(good_lines[k], created_header, str(reason)))
    keep = ~bad_created
    lines = np.array(good_lines, dtype=np.int64)[keep]
    kept_rows = [row for row, ok in zip(good, keep.tolist(), strict=True) if ok]
    columns: list[tuple[str, ...]] = list(zip(*kept_rows, strict=True)) if kept_rows else [()] * width

    # Formula-looking cells, in the rows kept.
    formula: list[RowProblem] = []
    prefixes = _FORMULA_SET
    for i, column in enumerate(columns):
        suspects = [n for n, cell in enumerate(column) if cell[:1] in prefixes]
        formula.extend(
            RowProblem(int(lines[n]), headers[i], "looks like a spreadsheet formula; kept as plain text")
            for n in suspects
            if is_formula_like(column[n])
        )
    formula.sort(key=lambda p: p.row)

    def texts(i: int) -> TextArray:
        return np.array([c.strip() for c in columns[i]], dtype=object)

    fields_: dict[str, TextArray] = {}
    counts: dict[str, FloatArray] = {}
    lasts: dict[str, DateArray] = {}
    n_rows = len(lines)
    source = np.full(n_rows, "", dtype=object)
    stage = np.full(n_rows, "", dtype=object)
    for h in headers:
        target = mapping.get(h) or _field_key(h)
        if target in (IGNORE, "created"):
            continue
        i = col[h]
        if target.startswith("event:"):
            parts = target.split(":")
            key = event_key(parts[1]) if len(parts) == 3 else ""
            what = parts[2] if len(parts) == 3 else ""
            if not key or what not in ("count", "date"):
                raise LeadFileError(
                    f"column mapping {h!r} -> {target!r}; allowed: event:<name>:count or event:<name>:date"
                )
            if what == "count":
                counts[key] = _counts(columns[i], lines, h, warnings)
            else:
                lasts[key] = _dates(columns[i], lines, h, warnings, dayfirst)
        elif target == "source":
            source = texts(i)
        elif target == "lifecycle_stage":
            stage = texts(i)
        else:
            key = target if target in FIELD_SYNONYMS else _field_key(target)
            if key not in fields_:
                fields_[key] = texts(i)
    for key, last in lasts.items():
        if key not in counts:
            counts[key] = (~np.isnat(last)).astype(np.float64)
    table = LeadTable(
        rows=lines,
        created=created_days[keep],
        source=source,
        stage=stage,
        fields=fields_,
        event_counts=counts,
        event_last=lasts,
    )
    rejected.sort(key=lambda p: p.row)
    warnings.sort(key=lambda p: p.row)
    return LeadImport(
        table=table,
        rejected=tuple(rejected),
        warnings=tuple(warnings),
        formula_cells=tuple(formula),
        mapping=dict(mapping),
        kind=kind,
        delimiter=delim,
        rows_read=len(records) + len(unclosed or ()),
    )


def _distinct(cells: tuple[str, ...] | list[str]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """The distinct cells and, for each cell, the index of its distinct value."""
    index: dict[str, int] = {}
    inverse = [index.setdefault(cell, len(index)) for cell in cells]
    return list(index), np.array(inverse, dtype=np.intp)


def _read_dates(reader: DateReader, cells: tuple[str, ...] | list[str]) -> tuple[DateArray, BoolArray]:
    """Days for ``cells`` (NaT where unreadable or blank) and the mask of those cells."""
    uniques, inverse = _distinct(cells)
    values = np.full(len(uniques), np.datetime64("NaT"), dtype="datetime64[D]")
    bad = np.zeros(len(uniques), dtype=bool)
    for u, text in enumerate(uniques):
        day = reader.read(text)
        if isinstance(day, str):
            bad[u] = True
        else:
            values[u] = day
    return values[inverse], bad[inverse]


def _counts(
    cells: tuple[str, ...], lines: npt.NDArray[np.int64], header: str, warnings: list[RowProblem]
) -> FloatArray:
    uniques, inverse = _distinct(cells)
    values = np.zeros(len(uniques), dtype=np.float64)
    bad = np.zeros(len(uniques), dtype=bool)
    for u, text in enumerate(uniques):
        if not text.strip():
            continue
        value = crm_number(text)
        if value is None or value < 0:
            bad[u] = True
        else:
            values[u] = value
    for n in np.flatnonzero(bad[inverse]):
        warnings.append(
            RowProblem(int(lines[n]), header, f"{cells[n]!r} is not a count; allowed: a whole number >= 0 (read as 0)")
        )
    return values[inverse]


def _dates(
    cells: tuple[str, ...],
    lines: npt.NDArray[np.int64],
    header: str,
    warnings: list[RowProblem],
    dayfirst: bool | None,
) -> DateArray:
    reader = DateReader(list(cells), dayfirst)
    days, bad = _read_dates(reader, cells)
    blank = np.array([not c.strip() for c in cells], dtype=bool)
    for n in np.flatnonzero(bad & ~blank):
        warnings.append(RowProblem(int(lines[n]), header, f"{reader.read(cells[n])} (read as no date)"))
    return days


def table_from_records(records: list[dict[str, Any]], *, created: str = "2026-01-01") -> LeadTable:
    """A small table built in code (tests, examples): each record a dict of field -> value.

    ``events`` in a record maps event -> (count, last date as ``YYYY-MM-DD`` or None);
    ``created``, ``source`` and ``lifecycle_stage`` are read from the record when present.
    """
    n = len(records)
    keys = sorted({k for r in records for k in r} - {"events", "created", "source", "lifecycle_stage"})
    events = sorted({e for r in records for e in r.get("events", {})})
    return LeadTable(
        rows=np.arange(2, n + 2, dtype=np.int64),
        created=np.array([r.get("created", created) for r in records], dtype="datetime64[D]"),
        source=np.array([str(r.get("source", "")) for r in records], dtype=object),
        stage=np.array([str(r.get("lifecycle_stage", "")) for r in records], dtype=object),
        fields={k: np.array([str(r.get(k, "")) for r in records], dtype=object) for k in keys},
        event_counts={
            e: np.array([float(r.get("events", {}).get(e, (0, None))[0]) for r in records], dtype=np.float64)
            for e in events
        },
        event_last={
            e: np.array([r.get("events", {}).get(e, (0, None))[1] or "NaT" for r in records], dtype="datetime64[D]")
            for e in events
        },
    )
