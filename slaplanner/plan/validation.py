"""Small building blocks for validating model fields with readable errors.

Each ``check_*`` function returns the cleaned value or raises
:class:`~slaplanner.errors.ValidationError` naming the field, the value and the allowed range.
Use :class:`Collector` to gather every problem of a record before raising once.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.format import describe_range

T = TypeVar("T")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_finite(value: float) -> bool:
    """False for NaN, infinities and integers too large to be a float (``math.isfinite`` would raise)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


#: Characters no text field may hold: control characters other than tab and line breaks (XML, and
#: so the Word document and the workbook, cannot store them), unpaired surrogates (not Unicode; no
#: file can store them) and the non-characters U+FFFE and U+FFFF.
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_number(
    field: str,
    value: Any,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    integer: bool = False,
) -> float:
    """Return ``value`` as a float (or int) if it is a finite number within [low, high]."""
    problem = out_of_range(field, value, low, high, low_open=low_open, integer=integer)
    if not _is_number(value) or not _is_finite(value):
        raise ValidationError([problem])
    if integer and float(value) != int(value):
        raise ValidationError([problem])
    if low is not None and (value < low or (low_open and value == low)):
        raise ValidationError([problem])
    if high is not None and value > high:
        raise ValidationError([problem])
    return int(value) if integer else float(value)


def out_of_range(
    field: str,
    value: Any,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    integer: bool = False,
    limit_name: str = "",
) -> Problem:
    """The problem of a number outside its range: the bounds as data, the sentence made from them."""
    allowed = describe_range(low, high, low_open=low_open, integer=integer, limit_name=limit_name)
    return Problem(field, value, allowed, "out_of_range", low, high, low_open, integer, limit_name=limit_name)


def check_int(field: str, value: Any, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int if it is a whole number within [low, high]."""
    return int(check_number(field, value, low, high, integer=True))


def check_text(field: str, value: Any, *, required: bool = True, max_length: int = 200) -> str:
    """Return a stripped string; refuse non-strings, empty (if required) and over-long text."""
    allowed = (
        f"allowed: text of 1 to {max_length} characters"
        if required
        else (f"allowed: text of at most {max_length} characters")
    )
    if not isinstance(value, str):
        raise ValidationError.single(field, value, allowed)
    forbidden = _FORBIDDEN_CHARACTERS.search(value)
    if forbidden:
        code = f"U+{ord(forbidden.group()):04X}"
        raise ValidationError.single(
            field, value, f"allowed: text without control characters or unpaired surrogates (found {code})"
        )
    text = value.strip()
    if (required and not text) or len(text) > max_length:
        raise ValidationError.single(field, value, allowed)
    return text


def check_choice(field: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``."""
    if value not in choices:
        raise ValidationError.single(field, value, "allowed: one of " + ", ".join(choices))
    return str(value)


class Collector:
    """Gathers problems from several checks so a record reports all of them at once.

    Example::

        c = Collector()
        with c.field("headcount"):
            headcount = check_int("headcount", value, 0, 500)
        c.raise_if_any()
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    @contextmanager
    def field(self, prefix: str = "") -> Iterator[None]:
        try:
            yield
        except ValidationError as error:
            self.problems.extend((error.prefixed(prefix) if prefix else error).problems)

    def check(self, func: Callable[..., T], *args: Any, default: Any, **kwargs: Any) -> T:
        """Call ``func(*args, **kwargs)``; on a ValidationError record it and return ``default``."""
        try:
            return func(*args, **kwargs)
        except ValidationError as error:
            self.problems.extend(error.problems)
            result: T = default
            return result

    def add(self, field: str, value: Any, allowed: str) -> None:
        self.problems.append(Problem(field, value, allowed))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationError(self.problems)


def record_from_dict(cls: Callable[..., T], data: Any, what: str, known: set[str]) -> T:
    """Build ``cls(**data)`` after checking ``data`` is an object with only ``known`` keys.

    ``what`` names the record in the message ("a lead source").
    """
    if not isinstance(data, dict):
        raise ValidationError.single("", data, f"allowed: an object describing {what}")
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError.single(unknown[0], data[unknown[0]], f"allowed: no such field in {what}")
    if dataclasses.is_dataclass(cls):
        for f in dataclasses.fields(cls):
            no_default = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if no_default and f.init and f.name not in data:
                raise ValidationError([Problem(f.name, None, f"required: {what} needs a {f.name}", "required")])
    return cls(**data)
