"""Render every page of the window to ``docs/screenshots/`` (for the README and for looking at).

``python -m ui.screenshots [PLAN] [OUTDIR]`` runs ``main.py --screenshot`` twice per page
(1280×800, the sample plan by default): at 100 % and in presentation mode (150 %, with the
larger toolbar, menu and status bar: what a 1280×800 projector shows), and adds a dark picture
of the Overview. File names are the page titles in lower case with dashes, ``-150`` for the
projector: ``lead-volume.png``, ``lead-volume-150.png``.
The Compare and History pages are shown on the sample as an agreement with two proposals
(:func:`negotiation_sample`).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from slaplanner.samples import sample_plan_path

ROOT = Path(__file__).resolve().parent.parent


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")


#: Pages pictured on the two-proposal agreement rather than on the plain plan.
NEGOTIATION_PAGES = ("Compare", "History")


def negotiation_sample(plan_path: Path, folder: Path) -> str:
    """The plan as an agreement in ``folder/negotiation.slaplan``; returns the location to open.

    "Marketing proposal" is the plan as it is. "Sales counter" started as a copy; its version 2
    asks 120 Enterprise SQLs a month instead of 100, gives the Hot tier 10 business minutes
    instead of 5, staffs 5 SDRs from the first month and plans more paid search, and sales has
    signed it.
    """
    from slaplanner.agreement import model
    from slaplanner.plan.commitments import SqlCommitment
    from slaplanner.storage import load_plan, save_agreement

    plan = load_plan(plan_path)
    marketing = tuple(
        SqlCommitment(m.segment, 120.0) if m.segment == "Enterprise" else m for m in plan.commitments.marketing
    )
    response = tuple(replace(r, first_touch_minutes=10.0) if r.tier == "Hot" else r for r in plan.commitments.response)
    roles = tuple(
        replace(r, headcount=tuple(max(5, h) for h in r.headcount)) if r.kind == "SDR" else r for r in plan.team.roles
    )
    sources = tuple(replace(s, baseline=1100.0) if s.name == "Paid search" else s for s in plan.sources)
    counter = replace(
        plan,
        sources=sources,
        commitments=replace(plan.commitments, marketing=marketing, response=response),
        team=replace(plan.team, roles=roles),
    )
    first, second = "Marketing proposal", "Sales counter"
    agreement = model.new_agreement(plan, proposal=first, author="Dana Whitfield", comment="Marketing's opening")
    agreement = model.add_proposal(agreement, second, copy_of=first, author="Sam Ortega")
    agreement = model.add_version(
        agreement,
        second,
        counter,
        parent=1,
        author="Sam Ortega",
        comment="120 Enterprise SQLs; Hot in 10 minutes with a fifth SDR all year",
    )
    agreement, _ = model.sign(agreement, second, model.Signatory("Sam Ortega", "sales", "VP Sales"))
    path = folder / "negotiation.slaplan"
    save_agreement(agreement, path)
    return f"{path}#{second}"


def render_all(plan: Path, out_dir: Path) -> list[Path]:
    from ui.pages import discover_pages

    pages, errors = discover_pages()
    for error in errors:
        print(error, file=sys.stderr)
    out_dir.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.TemporaryDirectory()
    agreement = negotiation_sample(plan, Path(scratch.name))
    shown = [(p.title, agreement if p.title in NEGOTIATION_PAGES else str(plan)) for p in pages]
    jobs = [(slug(title), ["--page", title], location) for title, location in shown]
    jobs += [(f"{slug(title)}-150", ["--page", title, "--presentation"], location) for title, location in shown]
    jobs += [("overview-dark", ["--page", "Overview", "--dark"], str(plan))]
    written = []
    for name, extra, location in jobs:
        out = out_dir / f"{name}.png"
        run = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--screenshot", str(out), *extra, location],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if run.returncode != 0:
            print(f"{name}: failed\n{run.stderr}", file=sys.stderr)
            continue
        written.append(out)
        print(out)
    scratch.cleanup()
    return written


if __name__ == "__main__":
    args = sys.argv[1:]
    plan = Path(args[0]) if args else sample_plan_path()
    out_dir = Path(args[1]) if len(args) > 1 else ROOT / "docs" / "screenshots"
    sys.exit(0 if render_all(plan, out_dir) else 1)
