"""Errors the core raises, with messages a user can act on."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

#: How many characters of a value a message repeats before cutting it with "…".
MESSAGE_CUT = 80


def cut_text(text: str, limit: int = MESSAGE_CUT) -> str:
    """``text`` cut to ``limit`` characters with "…", so a huge value still gives a short line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel = 3
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = MESSAGE_CUT + 20


def shown_value(value: Any, limit: int = MESSAGE_CUT) -> str:
    """A value as a message repeats it: its ``repr``, at most ``limit`` characters.

    Safe for anything a file can hold: a million-character string, an integer of thousands of
    digits (whose ``repr`` may refuse), lists nested thousands of levels deep.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        digits = int(value.bit_length() * 0.30103) + 1
        return f"{'-' if value < 0 else ''}a whole number of about {digits:,} digits"
    try:
        text = _SHORT_REPR.repr(value)
    except (RecursionError, ValueError):
        text = f"<{type(value).__name__}>"
    return cut_text(text, limit)


#: What kind of problem a :class:`Problem` is; screens choose their words from this, never from the text.
PROBLEM_KINDS = (
    "invalid",  # not of the allowed form (the default)
    "out_of_range",  # a number outside [low, high]
    "required",  # a required field is missing
    "unknown_reference",  # names a stage, rule or record that the plan does not have
    "no_reps",  # a team has no reps in some months while leads arrive (``subject``: the role)
    "no_working_hours",  # a calendar has no working hours in some months (``subject``: the role)
    "locked",  # an agreed proposal cannot take a new version or signature (``subject``: the proposal)
    "conflict",  # someone else saved the proposal after this edit started (``subject``: the proposal)
    "already_signed",  # that side already signed this version
    "tampered",  # a version's content no longer matches the fingerprint recorded when it was saved
    "same_person",  # one person would sign for both sides (names compared without case and spaces)
    "not_signatory",  # the agreement names other signatories for that side
    "signature_mismatch",  # that side's signature on this version does not match the version's fingerprint
)


#: Kinds whose ``allowed`` is the whole sentence a person reads (an action refused, not a value).
SENTENCE_KINDS = frozenset(
    {"locked", "conflict", "already_signed", "tampered", "same_person", "not_signatory", "signature_mismatch"}
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: which field, what value, what is allowed.

    The facts are data: ``kind`` (one of :data:`PROBLEM_KINDS`), the numeric bounds of an
    out-of-range value (``low``, ``high``, ``low_open``, ``integer``; ``limit_name`` when a limit
    is another field's value, "the likely rate"), the record it concerns (``subject``) and the
    months it concerns (``months``, ``YYYY-MM``). ``allowed`` is the plain sentence for people;
    nothing parses it back.
    """

    field: str
    value: Any
    allowed: str
    kind: str = "invalid"
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    integer: bool = False
    subject: str = ""
    months: tuple[str, ...] = ()
    limit_name: str = ""

    def __str__(self) -> str:
        if self.kind in SENTENCE_KINDS:  # a refusal of an action, said as one sentence
            return self.allowed
        return f"{cut_text(self.field, 2 * MESSAGE_CUT)}: {shown_value(self.value)} is not allowed; {self.allowed}"


class ValidationError(ValueError):
    """A model was built from values outside their allowed ranges.

    ``problems`` lists every offending field; ``str(error)`` gives one line per problem.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, field: str, value: Any, allowed: str) -> ValidationError:
        return cls([Problem(field, value, allowed)])

    def prefixed(self, prefix: str) -> ValidationError:
        """The same problems with ``prefix`` put before each field name."""
        return ValidationError(
            replace(p, field=f"{prefix}{p.field}" if p.field else prefix.rstrip(".")) for p in self.problems
        )


class LocationError(ValidationError):
    """A location (``FILE#PROPOSAL@VERSION``, ``postgresql://...#AGREEMENT``) is not of the allowed
    form or names no such proposal or version.

    A usage error (the command line exits 2), not a problem of the plan; still a
    :class:`ValidationError`, so whatever catches those keeps working.
    """


class PlanFileError(Exception):
    """A plan file could not be read or written; the message says why in plain words."""


class ReadOnlyFileError(PlanFileError):
    """The target file is read-only; nothing was written. The window may ask and save anyway."""
