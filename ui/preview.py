"""Preview any page: ``python -m ui.preview [PAGE] [PLAN]`` opens the main window on the sample
plan (or PLAN) at that page (module name or title, e.g. ``lead_volume`` or "Lead volume").

Page modules also preview themselves: ``python -m ui.pages.overview``.
"""

from __future__ import annotations

import sys


def preview(page: str = "", plan: str = "") -> int:
    from ui.app import create_application, needs_display_message
    from ui.document import PlanDocument, sample_plan
    from ui.mainwindow import MainWindow

    message = needs_display_message()
    if message:
        print(message, file=sys.stderr)
        return 2
    app = create_application()
    window = MainWindow(PlanDocument(sample_plan()))
    if plan:
        window.open_file(plan, ask=False)
    if page:
        index = window.page_named(page)
        if index < 0:
            print(f"No page {page!r}; pages: {', '.join(p.title for p in window.pages)}", file=sys.stderr)
            return 2
        window.show_page(index)
    window.resize(1280, 800)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(preview(args[0] if args else "", args[1] if len(args) > 1 else ""))
