"""Backups, damage detection and restore: the data is sacred.

- a backup is made with SQLite's backup API into a temporary file, checked with ``quick_check``, then
  renamed into place, so a backup file is either complete and verified or absent;
- automatic backups at most once a day, before every migration and before every import; rotation keeps
  7 daily and 4 weekly ones;
- a damaged database is never overwritten: it is copied aside byte for byte, and the user is told to
  restore; restore keeps the current file aside too, then puts the chosen backup in place.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..core.errors import UserError

log = logging.getLogger(__name__)

DAILY_KEEP, WEEKLY_KEEP, IMPORT_KEEP = 7, 4, 5
PREFIX = "deskcomms-"


class DamagedDatabase(UserError):
    """The database failed its integrity check; it has been kept aside."""


@dataclass(frozen=True)
class Backup:
    path: Path
    made: datetime

    @property
    def label(self) -> str:
        return f"{self.path.name} ({self.made.astimezone():%a %d %b %Y %H:%M})"


def _private(path: Path) -> None:
    from ..platform import current

    current().make_private_file(path)


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def is_healthy(path: Path) -> bool:
    """``PRAGMA quick_check`` says ok (a file that is not SQLite at all is not healthy)."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def keep_aside(database: Path, reason: str = "damaged") -> Path:
    """A byte-for-byte copy of the database (and its WAL) next to it, never overwritten."""
    folder = database.parent / reason
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{database.stem}-{_stamp(datetime.now(UTC))}{database.suffix}"
    shutil.copy2(database, target)
    for suffix in ("-wal", "-shm"):
        side = Path(str(database) + suffix)
        if side.exists():
            shutil.copy2(side, Path(str(target) + suffix))
    _private(target)
    return target


def check_or_keep_aside(database: Path) -> None:
    """Refuse to work on a damaged database: keep it aside and say how to restore (exit 2 / a dialog)."""
    if not database.exists() or database.stat().st_size == 0 or is_healthy(database):
        return
    kept = keep_aside(database)
    latest = latest_backup(database.parent / "backups")
    hint = (
        f"restore the latest verified backup, {latest.label}, with 'deskcomms restore'"
        if latest
        else "no verified backup exists yet"
    )
    log.error("database failed its integrity check; kept aside as %s", kept.name)
    raise DamagedDatabase(
        f"the database {database} is damaged (it failed its integrity check). Nothing was "
        f"changed; a copy was kept aside as {kept}. To get your data back, {hint}."
    )


def make_backup(database: Path, folder: Path, kind: str = "manual", now: datetime | None = None) -> Path:
    """A verified copy of the database: backup API → quick_check → rename into place."""
    now = now or datetime.now(UTC)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = folder / f"{PREFIX}{kind}-{_stamp(now)}.sqlite3"
    partial = final.with_suffix(".partial")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=60)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise UserError(f"the backup copy failed its check; {database} may be damaged")
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        partial.unlink(missing_ok=True)
        raise DamagedDatabase(f"the database {database} could not be backed up ({exc})") from None
    finally:
        source.close()
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, final)
    _private(final)
    log.info("backup made: %s", final.name)
    return final


def backups(folder: Path) -> list[Backup]:
    """The verified backups, newest first (partial copies are never listed)."""
    found = []
    for path in folder.glob(f"{PREFIX}*.sqlite3") if folder.is_dir() else []:
        stamp = path.stem.rsplit("-", 1)[-1]
        try:
            made = datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(Backup(path, made))
    return sorted(found, key=lambda b: b.made, reverse=True)


def latest_backup(folder: Path) -> Backup | None:
    listed = backups(folder)
    return listed[0] if listed else None


def rotate(folder: Path, now: datetime | None = None) -> list[Path]:
    """Keep the newest backup of each of the last 7 days and of each of the last 4 weeks, and the newest 5
    made before and after imports; manual and pre-migration backups are always kept."""
    now = now or datetime.now(UTC)
    keep: set[Path] = set()
    days: dict[str, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    seen = {"import": 0, "preimport": 0}
    for backup in backups(folder):  # newest first
        kind = next((k for k in seen if f"-{k}-" in backup.path.name), None)
        if kind is not None:  # copies made before and after imports: the newest few of each
            seen[kind] += 1
            if seen[kind] <= IMPORT_KEEP:
                keep.add(backup.path)
            continue
        if "-daily-" not in backup.path.name:
            keep.add(backup.path)
            continue
        day = backup.made.date().isoformat()
        week = backup.made.isocalendar()[:2]
        if day not in days and len(days) < DAILY_KEEP and now - backup.made < timedelta(days=DAILY_KEEP + 1):
            days[day] = backup.path
        if week not in weeks and len(weeks) < WEEKLY_KEEP:
            weeks[week] = backup.path
    keep |= set(days.values()) | set(weeks.values())
    removed = []
    for backup in backups(folder):
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def daily_backup(database: Path, folder: Path, now: datetime | None = None) -> Path | None:
    """At most one automatic backup a day (the first time deskcomms opens the data that day)."""
    now = now or datetime.now(UTC)
    if not database.exists() or database.stat().st_size == 0:
        return None
    today = now.date()
    if any(b.made.date() == today and "-daily-" in b.path.name for b in backups(folder)):
        return None
    made = make_backup(database, folder, "daily", now)
    rotate(folder, now)
    return made


def restore(database: Path, folder: Path, chosen: Path | None = None) -> tuple[Backup, Path | None]:
    """Put a verified backup in place of the database. The current file is kept aside first."""
    if chosen is not None:
        if not chosen.exists():
            raise UserError(f"no backup file {chosen}")
        backup = Backup(chosen, datetime.fromtimestamp(chosen.stat().st_mtime, UTC))
    else:
        found = latest_backup(folder)
        if found is None:
            raise UserError(f"there is no backup in {folder} to restore")
        backup = found
    if not is_healthy(backup.path):
        raise UserError(f"the backup {backup.path} failed its integrity check; choose another one")
    kept = keep_aside(database, "replaced") if database.exists() else None
    staging = database.with_suffix(".restoring")
    shutil.copy2(backup.path, staging)
    with open(staging, "rb") as handle:
        os.fsync(handle.fileno())
    for suffix in ("-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    os.replace(staging, database)
    _private(database)
    log.info("restored %s", backup.path.name)
    return backup, kept
