"""Labels whose wording changes with every edit, kept from shrinking.

A label that wraps onto one line fewer after an edit would shrink, and the charts under it grow:
on a projector the page jumps, and every chart is drawn whole again (a few hundred milliseconds in
which the window does not answer). :class:`SteadyHeights` keeps each label at the tallest height
it needed at its current width and font; a new width or font starts afresh.
"""

from __future__ import annotations

from collections.abc import Hashable

from ui.qt import QLabel


class SteadyHeights:
    """The tallest height each label needed, by a key of the caller's, at its width and font."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, tuple[tuple[object, ...], int]] = {}

    def keep(self, key: Hashable, label: QLabel) -> None:
        """Give ``label`` at least the tallest height it needed since its width or font last changed."""
        width = label.width()
        if width <= 0:
            return
        needed = max(0, label.heightForWidth(width) if label.wordWrap() else label.sizeHint().height())  # -1: empty
        size = (width, label.font().pointSizeF(), label.font().family())
        kept_size, kept = self._kept.get(key, (None, 0))
        height = max(needed, kept) if kept_size == size else needed
        self._kept[key] = (size, height)
        if label.minimumHeight() != height:
            label.setMinimumHeight(height)
