"""Atomic file writes, shared by the plan storage and every export.

A file is written to a temporary file in the target's folder, flushed to disk, and only then
moved over the target: an interrupted write leaves the old file whole.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from slaplanner.errors import PlanFileError


def short_reason(error: BaseException) -> str:
    """The first line of an error's message, without the library's decorations."""
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    return text[0] if text else type(error).__name__


def atomic_write(
    path: Path,
    write: Callable[[Path], object],
    *,
    errors: tuple[type[BaseException], ...] = (OSError,),
) -> None:
    """Call ``write(temp_path)`` and move the temporary file over ``path`` once it is complete.

    The temporary file lives in the target's folder (so the final rename is atomic), is
    flushed to disk before the rename, and is removed if anything fails. An error of one of
    the ``errors`` types becomes a :class:`PlanFileError` saying the previous file is unchanged.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PlanFileError(f"{path}: the folder {folder} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise PlanFileError(f"{path}: cannot write in {folder} ({error.strerror or error})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # the writer creates it afresh (SQLite wants no empty file)
        write(tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        if path.exists():
            with suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except PlanFileError:
        raise
    except errors as error:
        kept = "the previous file is unchanged" if path.exists() else "no file was written"
        raise PlanFileError(f"{path}: could not be saved ({short_reason(error)}); {kept}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
