"""The pages of the main window, found automatically.

To add a page, add a module to this package (``ui/pages/<name>.py``) that defines a subclass of
:class:`ui.pages.base.Page` and exports it as ``PAGE``::

    from ui.pages.base import Page

    class CapacityPage(Page):
        title = "Capacity"      # the name in the navigation and for ``--page``
        order = 60              # position in the navigation (lower first)

        def __init__(self, document, parent=None):
            super().__init__(document, parent)
            ...                 # build widgets; edit the plan only via document.apply(Edit(...))

        def refresh(self, plan):
            ...                 # called with the new plan after every change (edit, undo, open)

    PAGE = CapacityPage

Optional: ``set_zoom(factor)`` (the default scales charts; fonts follow the window) and
``prepare_screenshot()`` (called by ``main.py --screenshot`` before the picture is taken, e.g.
to run a simulation; the command waits for running worker tasks).

Nothing else needs changing: the main window imports every module here that has ``PAGE``,
sorts by ``order`` and adds them to the navigation. Orders in use: Overview 10, Plan & targets
15, Lead volume 20, Funnel 30, Definitions 40, Rules of engagement 45, Commitments 50,
Capacity 60, Simulation 70, Export 80, Compare 85, History 90 (Review says its own). Modules
whose names start with ``_`` and ``base`` are skipped. A page previews itself with
``python -m ui.preview <module>`` (e.g. ``python -m ui.preview capacity``), which opens the main
window on the sample plan at that page.
"""

from __future__ import annotations

import importlib
import pkgutil
import traceback

from ui.pages.base import Page

__all__ = ["Page", "discover_pages"]


def discover_pages() -> tuple[list[type[Page]], list[str]]:
    """Every page class in this package, in navigation order, and the import errors met.

    A page module that fails to import does not stop the app: its error is returned (the
    window shows it in the status bar) and the other pages load.
    """
    pages: list[type[Page]] = []
    errors: list[str] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        try:
            module = importlib.import_module(f"{__name__}.{info.name}")
        except Exception as exc:
            errors.append(f"Page {info.name} could not be loaded: {exc}")
            traceback.print_exc()
            continue
        page = getattr(module, "PAGE", None)
        if isinstance(page, type) and issubclass(page, Page):
            pages.append(page)
    pages.sort(key=lambda p: (p.order, p.title))
    return pages, errors
