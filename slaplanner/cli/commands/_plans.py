"""Opening the plans a command reads (a module starting with ``_`` is not a command).

One home for two rules of the command line:

* every problem of a plan names the plan it is in (``slaplanner: B.json: sources[0].baseline:
  ...``), as ``validate`` does, so a command reading two to four plans says which one is bad;
* a location naming no such proposal or version, or not of the allowed form, is trouble (exit 2);
  an invalid plan exits 1 ("the plan has problems") unless the command's exit 1 means something
  else (``diff``: the plans differ, ``review``: a commitment was missed), where it is trouble too.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from slaplanner.errors import LocationError, Problem, ValidationError
from slaplanner.storage import Opened, open_location
from slaplanner.storage.location import without_password

#: Exit codes (``slaplanner --help``).
PLAN_HAS_PROBLEMS = 1
TROUBLE = 2


class PlanInputError(Exception):
    """A plan a command reads was refused: ``location`` names it, ``exit_code`` is the command's.

    :mod:`slaplanner.cli.main` prints one line per problem, each naming the location.
    """

    def __init__(self, location: str, problems: tuple[Problem, ...], exit_code: int) -> None:
        self.location = location
        self.problems = problems
        self.exit_code = exit_code
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per problem, each starting with the location (a team database's without its password)."""
        return [f"{without_password(self.location)}: {p}" for p in self.problems]


@contextmanager
def naming(location: str, *, invalid_exit: int = PLAN_HAS_PROBLEMS) -> Iterator[None]:
    """Turn a :class:`ValidationError` raised inside into a :class:`PlanInputError` naming ``location``.

    ``invalid_exit`` is what an invalid plan exits with; a :class:`LocationError` always exits 2.
    """
    try:
        yield
    except LocationError as error:
        raise PlanInputError(location, error.problems, TROUBLE) from None
    except ValidationError as error:
        raise PlanInputError(location, error.problems, invalid_exit) from None


def open_plan(location: str, *, invalid_exit: int = PLAN_HAS_PROBLEMS, warn: bool = True) -> Opened:
    """The agreement, proposal and version ``location`` names; every problem names ``location``.

    Args:
        location: ``FILE``, ``FILE#PROPOSAL``, ``FILE#PROPOSAL@VERSION`` or a team database's
            ``postgresql://...#AGREEMENT[#PROPOSAL[@VERSION]]``.
        invalid_exit: the exit code of an invalid plan: :data:`PLAN_HAS_PROBLEMS` (1) where the
            command's exit 1 means that, :data:`TROUBLE` (2) where it means something else.
        warn: print :meth:`Opened.warnings` on standard error, each naming ``location`` (a version
            changed by hand; which proposal a file name alone opened); False where the command says
            them itself.

    Raises:
        PlanInputError: the plan is invalid, or the location names no such proposal or version.
        PlanFileError: the file cannot be read as a plan (its message names the file already).
    """
    with naming(location, invalid_exit=invalid_exit):
        opened = open_location(location)
    if warn:
        for warning in opened.warnings():
            print(f"slaplanner: {without_password(location)}: warning: {warning}", file=sys.stderr)
    return opened
