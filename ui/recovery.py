"""Recovery files: the unsaved plan written aside so a crash never loses more than seconds.

Each running window owns one session file ``session-<id>.json`` in the recovery folder and holds
a lock file next to it. At start, a session file whose lock nobody holds belongs to a window
that did not close properly (a crash, a kill, a power cut): the app offers to restore it.
A normal close removes the session file.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from slaplanner.files import atomic_write
from slaplanner.plan.model import Plan
from ui.qt import QLockFile, QStandardPaths

FORMAT = "slaplanner-recovery"


def default_folder() -> Path:
    """``<AppDataLocation>/recovery`` (e.g. ``~/.local/share/SLA Planner/recovery``)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".slaplanner") / "recovery"


@dataclass(frozen=True)
class Recovered:
    """A session file left by a window that did not close properly."""

    file: Path
    plan: Plan
    original_path: Path | None
    saved_at: datetime

    def describe(self) -> str:
        where = self.original_path.name if self.original_path else "an untitled plan"
        when = self.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return f"“{self.plan.name}” ({where}), last autosaved {when}"


def _lock(path: Path) -> QLockFile:
    lock = QLockFile(str(path.with_suffix(".lock")))
    lock.setStaleLockTime(0)  # stale only when the owning process is gone, never by age
    return lock


class RecoveryStore:
    """This window's session file, and the orphaned ones other (crashed) windows left."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else default_folder()
        self.file = self.folder / f"session-{uuid.uuid4().hex}.json"
        self._lock: QLockFile | None = None

    def _ensure_locked(self) -> None:
        if self._lock is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.file)
            self._lock.tryLock(0)

    def write(self, plan: Plan, original_path: Path | None) -> None:
        """Write the unsaved plan to this session's file (atomically). Raises PlanFileError."""
        self._ensure_locked()
        data = {
            "format": FORMAT,
            "original_path": str(original_path) if original_path else None,
            "saved_at": datetime.now(timezone.utc).isoformat(),
            "plan": plan.to_dict(),
        }
        text = json.dumps(data, ensure_ascii=False)
        atomic_write(self.file, lambda tmp: tmp.write_text(text, encoding="utf-8"))

    def discard(self) -> None:
        """Remove this session's file (the plan was saved, or the user discarded it)."""
        self.file.unlink(missing_ok=True)

    def close(self) -> None:
        """A normal end: remove the file and release the lock."""
        self.discard()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def abandon(self) -> None:
        """Release the lock but keep the file, as a crash would (for tests)."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def orphans(self) -> list[Recovered]:
        """Session files whose window is gone, newest first; unreadable ones are skipped."""
        if not self.folder.is_dir():
            return []
        found = []
        for file in self.folder.glob("session-*.json"):
            if file == self.file:
                continue
            lock = _lock(file)
            if not lock.tryLock(0):
                continue  # its window is still running
            lock.unlock()
            try:
                found.append(read_recovery(file))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return sorted(found, key=lambda r: r.saved_at, reverse=True)

    @staticmethod
    def remove(recovered: Recovered) -> None:
        recovered.file.unlink(missing_ok=True)
        recovered.file.with_suffix(".lock").unlink(missing_ok=True)


def read_recovery(file: Path) -> Recovered:
    data = json.loads(file.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError("not a recovery file")
    original = data.get("original_path")
    return Recovered(
        file=file,
        plan=Plan.from_dict(data["plan"]),
        original_path=Path(original) if original else None,
        saved_at=datetime.fromisoformat(data["saved_at"]),
    )
