"""Programs outside Python that some tests drive (LibreOffice, poppler's pdftotext).

Where one is missing a test skips (or leaves out the checks that need it) and says which
package gives it, except in CI (``CI`` set, as ``.ci/run`` does), where it fails: CI installs
them, so a skip there would hide a regression.
"""

from __future__ import annotations

import os
import shutil

import pytest


def _missing(program: str, package: str) -> str:
    reason = f"{program} ({package}) is not on the PATH"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI installs it, so this test must run there")
    return reason


def require_tool(program: str, package: str) -> str:
    """The path of ``program``; skips the calling test where it is absent, fails it in CI."""
    path = shutil.which(program)
    if path is None:
        pytest.skip(_missing(program, package))
    return path


def has_tool(program: str, package: str) -> bool:
    """Whether ``program`` is there for a test's optional checks; its absence fails the test in CI."""
    if shutil.which(program) is None:
        _missing(program, package)
        return False
    return True
