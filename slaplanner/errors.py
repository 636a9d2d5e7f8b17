"""Errors the core raises, with messages a user can act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: which field, what value, what is allowed."""

    field: str
    value: Any
    allowed: str

    def __str__(self) -> str:
        return f"{self.field}: {self.value!r} is not allowed; {self.allowed}"


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
            Problem(f"{prefix}{p.field}" if p.field else prefix.rstrip("."), p.value, p.allowed) for p in self.problems
        )


class PlanFileError(Exception):
    """A plan file could not be read or written; the message says why in plain words."""
