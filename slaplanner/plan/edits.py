"""Edits are data: an immutable record that applies to a plan and returns its inverse.

Every editor in the UI changes the plan only through :func:`apply_edit`, so undo and redo
work the same everywhere (after Orange's ``owpaintdata``). An edit sets the value at a
*path* into the plan: field names and tuple indices, e.g. ``("sources", 2, "baseline")``
or ``("sources", 0, "monthly_leads", 5)``. The empty path replaces the whole plan, for
changes that touch many fields at once (a new horizon, an import).

The new plan is rebuilt through the records' constructors, so a value outside its range
raises :class:`~slaplanner.errors.ValidationError` and the plan stays as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slaplanner.errors import ValidationError

PathItem = str | int
Path = tuple[PathItem, ...]


@dataclass(frozen=True)
class Edit:
    """Set ``value`` at ``path``; ``label`` is what the Edit menu shows ("Edit Paid search, Mar")."""

    path: Path
    value: Any
    label: str = "Edit"
    merge_key: str | None = None  # edits with the same key in a row merge into one undo step


def get_at(obj: Any, path: Path) -> Any:
    """The value at ``path`` inside ``obj``."""
    for depth, item in enumerate(path):
        try:
            obj = obj[item] if isinstance(item, int) else getattr(obj, item)
        except (IndexError, AttributeError, TypeError):
            raise ValidationError.single(
                field_path(path[: depth + 1]), item, "allowed: a part of the plan that exists"
            ) from None
    return obj


def set_at(obj: Any, path: Path, value: Any) -> Any:
    """A copy of ``obj`` with ``value`` at ``path``, rebuilt (and so validated) up to the root."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        if not isinstance(obj, tuple) or not -len(obj) <= head < len(obj):
            raise ValidationError.single(str(head), head, "allowed: an existing row")
        items = list(obj)
        items[head] = set_at(items[head], rest, value)
        return tuple(items)
    if not dataclasses.is_dataclass(obj) or head not in {f.name for f in dataclasses.fields(obj)}:
        raise ValidationError.single(head, value, "allowed: a field of the plan")
    return dataclasses.replace(obj, **{head: set_at(getattr(obj, head), rest, value)})  # type: ignore[type-var]


def apply_edit(plan: Any, edit: Edit) -> tuple[Any, Edit]:
    """Apply ``edit`` to ``plan``; return the new plan and the edit that undoes it."""
    old = get_at(plan, edit.path)
    new_plan = set_at(plan, edit.path, edit.value)
    return new_plan, Edit(edit.path, old, edit.label, edit.merge_key)


def apply_edits(plan: Any, edits: Sequence[Edit]) -> tuple[Any, tuple[Edit, ...]]:
    """Apply ``edits`` in order, each validated once; return the new plan and their inverses.

    The inverses are in the order the edits were applied (undo applies them reversed). A refused
    edit raises :class:`~slaplanner.errors.ValidationError` and nothing is returned.
    """
    inverses: list[Edit] = []
    for edit in edits:
        plan, inverse = apply_edit(plan, edit)
        inverses.append(inverse)
    return plan, tuple(inverses)


def field_path(path: Path) -> str:
    """A path as users read it in messages: ``sources[2].monthly_leads[5]``."""
    text = ""
    for item in path:
        text += f"[{item}]" if isinstance(item, int) else (f".{item}" if text else item)
    return text
