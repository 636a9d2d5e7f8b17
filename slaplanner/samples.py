"""The files shipped inside the package: the sample plan, the sample lead export and the icons.

They live in ``slaplanner/resources/`` and are read through :mod:`importlib.resources`, so they
are found wherever SLA Planner is installed: a source checkout, a wheel in any virtual
environment, or a PyInstaller bundle. Every reader (the window's first start, the Definitions
page's sample import, ``slaplanner sample DIR``, the tests) asks this module, never a path of its own.
"""

from __future__ import annotations

import atexit
import contextlib
from collections.abc import Callable
from importlib import resources
from pathlib import Path

SAMPLE_PLAN = "sample-plan.json"
SAMPLE_LEADS = "sample-leads.csv"
SAMPLE_ACTUALS = "sample-actuals.csv"
ICON_SVG = "slaplanner.svg"
ICON_PNG = "slaplanner.png"

_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def resource_bytes(name: str) -> bytes:
    """The bytes of the shipped resource ``name`` (e.g. ``"sample-plan.json"``)."""
    return (resources.files("slaplanner") / "resources" / name).read_bytes()


def resource_path(name: str) -> Path:
    """A real file holding the shipped resource ``name``.

    Installed as files (a checkout, a wheel, a PyInstaller bundle) this is the file itself;
    from a zip it is extracted to a temporary file that lives until the process ends.
    """
    traversable = resources.files("slaplanner") / "resources" / name
    if not traversable.is_file():
        raise FileNotFoundError(f"SLA Planner's resource {name} is missing from this install")
    return Path(_extracted.enter_context(resources.as_file(traversable)))


def resources_folder() -> Path:
    """The folder the shipped resources are in (never a place to write to)."""
    return resource_path(SAMPLE_PLAN).parent


def sample_plan_path() -> Path:
    """The shipped sample plan (JSON interchange format): open it, never save over it."""
    return resource_path(SAMPLE_PLAN)


def sample_plan_text() -> str:
    """The shipped sample plan's JSON text."""
    return resource_bytes(SAMPLE_PLAN).decode("utf-8")


def sample_leads_path() -> Path:
    """The shipped sample lead export (a HubSpot-like CSV for the sample plan's definitions)."""
    return resource_path(SAMPLE_LEADS)


def sample_actuals_path() -> Path:
    """The shipped sample actuals (Q1 2026 of the sample plan: when each lead became MQL and SQL,
    the first touch, touches, decisions, owners; a few messy rows), for the Review page."""
    return resource_path(SAMPLE_ACTUALS)


def _writer(data: bytes) -> Callable[[Path], object]:
    return lambda tmp: tmp.write_bytes(data)


def write_samples(folder: str | Path) -> tuple[Path, Path, Path]:
    """Copy the sample plan, the sample lead export and the review's sample actuals into
    ``folder`` (made if missing).

    Returns the three written paths (plan, leads, actuals). Existing files of the same names are
    replaced, each written atomically.

    Raises:
        PlanFileError: the folder cannot be made or written to (e.g. it is a file), with why.
    """
    from slaplanner.errors import PlanFileError
    from slaplanner.files import atomic_write, short_reason

    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PlanFileError(f"{target}: cannot make this folder ({error.strerror or short_reason(error)})") from None
    written = []
    for name in (SAMPLE_PLAN, SAMPLE_LEADS, SAMPLE_ACTUALS):
        path = target / name
        atomic_write(path, _writer(resource_bytes(name)))
        written.append(path)
    return written[0], written[1], written[2]
