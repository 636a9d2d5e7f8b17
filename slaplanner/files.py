"""Atomic file writes, shared by the plan storage and every export.

A file is written to a temporary file in the target's folder, flushed to disk, and only then
moved over the target: an interrupted write leaves the old file whole.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from slaplanner.errors import MESSAGE_CUT, PlanFileError, ReadOnlyFileError, cut_text


def short_reason(error: BaseException) -> str:
    """The first line of an error's message, without the library's decorations, cut to a readable length."""
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    return cut_text(text[0], 2 * MESSAGE_CUT) if text else type(error).__name__


#: A temporary copy older than this (seconds) belongs to a save that was interrupted.
STALE_AFTER = 60.0
#: The longest target name a temporary copy repeats whole (names are limited to 255 bytes).
_TEMP_NAME_PART = 100


def _temp_prefix(path: Path) -> str:
    return f".{path.name[:_TEMP_NAME_PART]}."


def _remove_stale_copies(folder: Path, prefix: str) -> None:
    """Remove the temporary copies (and SQLite journals) interrupted saves of this target left behind."""
    now = time.time()
    with suppress(OSError):
        for entry in os.scandir(folder):
            name = entry.name
            if not name.startswith(prefix) or not name.endswith((".tmp", ".tmp-journal")):
                continue
            with suppress(OSError):
                if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > STALE_AFTER:
                    os.unlink(entry.path)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry list, so the rename itself survives a power cut."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def made_writable(path: Path) -> Iterator[None]:
    """While inside, ``path`` has its owner's write permission (a read-only file the user chose
    to save over anyway); afterwards its mode is as it was."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & stat.S_IWUSR:
        yield
        return
    try:
        os.chmod(path, mode | stat.S_IWUSR)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ReadOnlyFileError(f"{path}: the file is read-only and cannot be made writable ({reason})") from None
    try:
        yield
    finally:
        with suppress(OSError):
            os.chmod(path, mode)


def is_read_only(path: Path) -> bool:
    with suppress(OSError):
        return not os.access(path, os.W_OK) or stat.S_IMODE(path.stat().st_mode) & 0o222 == 0
    return False


def atomic_write(
    path: Path,
    write: Callable[[Path], object],
    *,
    errors: tuple[type[BaseException], ...] = (OSError,),
    overwrite_read_only: bool = False,
) -> None:
    """Call ``write(temp_path)`` and move the temporary file over ``path`` once it is complete.

    The temporary file lives in the target's folder (so the final rename is atomic), is
    flushed to disk before the rename, and is removed if anything fails; the folder is synced
    after the rename, and copies left by interrupted saves of the same target are removed. A
    symbolic link is followed (the file it points to is replaced, the link stays). An existing
    read-only target is refused unless ``overwrite_read_only``. An error of one of the
    ``errors`` types becomes a :class:`PlanFileError` saying the previous file is unchanged.
    """
    shown = path
    try:
        if path.is_symlink():
            path = Path(os.path.realpath(path))
        exists = path.exists()
    except OSError as error:  # a name too long, a loop of links
        raise PlanFileError(f"{shown}: cannot be saved ({error.strerror or error}); no file was written") from None
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PlanFileError(f"{shown}: the folder {folder} does not exist")
    if not overwrite_read_only and exists and is_read_only(path):
        raise ReadOnlyFileError(f"{shown}: the file is read-only; it was not changed")
    prefix = _temp_prefix(path)
    _remove_stale_copies(folder, prefix)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError as error:
        raise PlanFileError(f"{shown}: cannot write in {folder} ({error.strerror or error})") from None
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
        _sync_folder(folder)
    except PlanFileError:
        raise
    except errors as error:
        kept = "the previous file is unchanged" if path.exists() else "no file was written"
        reason = error.strerror if isinstance(error, OSError) and error.strerror else short_reason(error)
        raise PlanFileError(f"{shown}: could not be saved ({reason}); {kept}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
