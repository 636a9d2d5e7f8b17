"""Render every page of the window to ``docs/screenshots/`` (for the README and for looking at).

``python -m ui.screenshots [PLAN] [OUTDIR]`` runs ``main.py --screenshot`` once per page
(1280×800, the sample plan by default) and adds a dark and a 150 % zoom picture of the
Overview. File names are the page titles in lower case with dashes: ``lead-volume.png``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from slaplanner.samples import sample_plan_path

ROOT = Path(__file__).resolve().parent.parent


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")


def render_all(plan: Path, out_dir: Path) -> list[Path]:
    from ui.pages import discover_pages

    pages, errors = discover_pages()
    for error in errors:
        print(error, file=sys.stderr)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(slug(p.title), ["--page", p.title]) for p in pages]
    jobs += [
        ("overview-dark", ["--page", "Overview", "--dark"]),
        ("overview-zoom150", ["--page", "Overview", "--zoom", "1.5"]),
    ]
    written = []
    for name, extra in jobs:
        out = out_dir / f"{name}.png"
        run = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--screenshot", str(out), *extra, str(plan)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if run.returncode != 0:
            print(f"{name}: failed\n{run.stderr}", file=sys.stderr)
            continue
        written.append(out)
        print(out)
    return written


if __name__ == "__main__":
    args = sys.argv[1:]
    plan = Path(args[0]) if args else sample_plan_path()
    out_dir = Path(args[1]) if len(args) > 1 else ROOT / "docs" / "screenshots"
    sys.exit(0 if render_all(plan, out_dir) else 1)
