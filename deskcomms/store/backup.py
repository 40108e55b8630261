"""Backups, damage detection and restore: the data is sacred.

- a backup is made with SQLite's backup API into a temporary file, verified (``integrity_check`` and the
  row count of every table equal to the source's, read in the same snapshot), then renamed into place, so
  a backup file is either complete and verified or absent;
- automatic backups at most once a day, before every migration and before every import; rotation keeps
  7 daily and 4 weekly ones;
- a damaged database is never overwritten: it is copied aside byte for byte (whole or not at all), and
  the user is told to restore; restore keeps the current file aside too, then copies the chosen one into
  place with SQLite (a database and its ``-wal`` are one: a kept copy with its log restores whole), and
  only while no other process has the database open (``lock.DataLock``) and only a deskcomms database;
- a backup that cannot be written says why (space, file-size limit, permission) and that the data is
  unchanged: it is not damage, and ``restore`` would lose today's work;
- only SQLite opens the live database file (see ``lock.py`` for why); the byte-for-byte copies of
  ``keep_aside`` are made only where this process has no connection to it open.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..core.errors import UserError
from .lock import DataLock

log = logging.getLogger(__name__)

DAILY_KEEP, WEEKLY_KEEP, IMPORT_KEEP = 7, 4, 5
PREFIX = "deskcomms-"


class DamagedDatabase(UserError):
    """The database failed its integrity check (``kept_aside``: a copy has been made already)."""

    kept_aside = False


class _KeptAside(DamagedDatabase):
    kept_aside = True


@dataclass(frozen=True)
class Backup:
    path: Path
    made: datetime

    @property
    def label(self) -> str:
        return f"{self.path.name} ({self.made.astimezone():%a %d %b %Y %H:%M})"


def is_damage(exc: BaseException) -> bool:
    """SQLite says the file is damaged (not merely busy, full or out of reach)."""
    text = str(exc)
    damaged = isinstance(exc, sqlite3.DatabaseError) and any(
        words in text for words in ("malformed", "not a database", "disk image", "file is encrypted")
    )
    if damaged:
        from .verified import damage_seen

        damage_seen()  # nothing is remembered as checked after this (store/verified.py)
    return damaged


def _private(path: Path) -> None:
    from ..platform import current

    current().make_private_file(path)


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def sqlite_uri(path: Path, mode: str = "ro") -> str:
    """A ``file:`` URI for SQLite, escaped (a folder named ``a#b`` or ``what?`` must not cut the path)."""
    return f"{Path(os.path.abspath(path)).as_uri()}?mode={mode}"


def check_database(path: Path, *, full: bool = False) -> str | None:
    """None when SQLite's check says ok, else what it found. ``full`` runs ``integrity_check`` (every
    index against its table), otherwise the faster ``quick_check``. Only SQLite opens the file."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite3.connect(sqlite_uri(path), uri=True, timeout=60)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchmany(5)]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc) and path.is_file():
            # The disk full, no permission, busy: no verdict on the file, and no reason to keep a copy.
            raise UserError(
                f"the database {path} could not be checked ({write_problem(exc, path.parent)}); nothing was changed"
            ) from None
        return str(exc)
    if rows == ["ok"]:
        return None
    found = " ".join("; ".join(str(r) for r in rows).split())  # one line: SQLite's report spans several
    return found if len(found) <= 200 else found[:199] + "…"


def is_healthy(path: Path, *, full: bool = False) -> bool:
    """The integrity check says ok (a file that is not SQLite at all is not healthy)."""
    return check_database(path, full=full) is None


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """The number of rows in every table (names come from sqlite_master, not from the user)."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names}


def keep_aside(database: Path, reason: str = "damaged") -> Path:
    """A byte-for-byte copy of the database (and its WAL) next to it, never overwritten.

    The copy opens the file outside SQLite: callers make it only while this process has no SQLite
    connection to the database open (the command line before it opens the store, the app before it
    opens it or after closing it), so no lock of ours is dropped.
    """
    folder = database.parent / reason
    same = _same_copy_kept(database, folder)
    if same is not None:  # every command against the same damaged file must not fill the disk with copies
        return same
    sides = [s for s in ("-wal", "-shm") if Path(str(database) + s).exists()]
    needed = sum(Path(str(database) + s).stat().st_size for s in ("", *sides))
    target = folder / f"{database.stem}-{_stamp(datetime.now(UTC))}{database.suffix}"
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if shutil.disk_usage(folder).free < needed + (1 << 20):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        # Each file is copied under a temporary name and renamed when whole: a full disk or a file-size
        # limit leaves no empty or partial "copy" behind.
        for suffix in ("", *sides):
            part = Path(f"{target}{suffix}.partial")
            written.append(part)
            shutil.copy2(Path(str(database) + suffix), part)
        for suffix in sides:
            os.replace(f"{target}{suffix}.partial", f"{target}{suffix}")
        os.replace(f"{target}.partial", target)
    except OSError as exc:
        for part in written:
            part.unlink(missing_ok=True)
        raise UserError(
            f"could not keep a copy of {database} in {folder} ({write_problem(exc, folder, needed)}); "
            "nothing was changed"
        ) from None
    _private(target)
    return target


def write_problem(exc: BaseException, folder: Path, size: int = 0) -> str:
    """What stopped a write, in words: the disk full, the file-size limit, no permission, or SQLite's own."""
    number = getattr(exc, "errno", None)
    text = str(exc).lower()
    if number == errno.EFBIG or _file_size_limit() < size:
        return "the file-size limit of this session (ulimit -f) is smaller than the database"
    if number == errno.ENOSPC or "full" in text or _free(folder) < size:
        return "the disk is full"
    if number in (errno.EACCES, errno.EPERM) or "readonly" in text or not os.access(folder, os.W_OK | os.X_OK):
        return f"no permission to write in {folder}"
    if number == errno.EROFS:
        return "the disk is read-only"
    return getattr(exc, "strerror", None) or str(exc)


def _file_size_limit() -> float:
    try:
        import resource
    except ImportError:  # Windows: no such limit
        return float("inf")
    soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return float("inf") if soft == resource.RLIM_INFINITY else float(soft)


def _free(folder: Path) -> float:
    try:
        return float(shutil.disk_usage(folder if folder.exists() else folder.parent).free)
    except OSError:
        return float("inf")


def _digest(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _same_copy_kept(database: Path, folder: Path) -> Path | None:
    """The newest copy already kept in ``folder`` when it is byte for byte the database as it is now."""
    if not folder.is_dir():
        return None
    kept = sorted(folder.glob(f"{database.stem}-*{database.suffix}"), key=lambda p: p.stat().st_mtime)
    if not kept or kept[-1].stat().st_size != database.stat().st_size:
        return None
    return kept[-1] if _digest(kept[-1]) == _digest(database) else None


def check_or_keep_aside(database: Path) -> None:
    """Refuse to work on a damaged database: keep it aside and say how to restore (exit 2 / a dialog)."""
    from . import verified

    if not database.exists() or database.stat().st_size == 0 or verified.unchanged_since_verified(database):
        return
    if is_healthy(database):
        verified.remember(database)
        return
    verified.forget(database)
    kept = keep_aside(database)
    latest = latest_backup(database.parent / "backups")
    hint = (
        f"restore the latest verified backup, {latest.label}, with 'deskcomms restore'"
        if latest
        else "no verified backup exists yet"
    )
    log.error("database failed its integrity check; kept aside as %s", kept.name)
    raise _KeptAside(
        f"the database {database} is damaged (it failed its integrity check). Nothing was "
        f"changed; a copy was kept aside as {kept}. To get your data back, {hint}."
    )


class BackupNotWritten(UserError):
    """The backup could not be written (space, size limit, permission): the database itself is fine."""


def make_backup(database: Path, folder: Path, kind: str = "manual", now: datetime | None = None) -> Path:
    """A verified copy of the database: backup API → integrity_check + equal row counts → rename.

    A copy that cannot be written (the disk full, the file-size limit, no permission) is a
    ``BackupNotWritten`` naming what failed: the database is healthy and unchanged, so the message
    never sends the user to ``restore`` (which would replace today's work with an older copy)."""
    now = now or datetime.now(UTC)
    if not database.is_file():
        raise UserError(f"there is no database at {database} to back up")
    final = folder / f"{PREFIX}{kind}-{_stamp(now)}.sqlite3"
    partial = final.with_suffix(".partial")

    def not_written(exc: BaseException) -> BackupNotWritten:
        partial.unlink(missing_ok=True)
        problem = write_problem(exc, folder, database.stat().st_size)
        log.error("backup not written: %s", type(exc).__name__)
        return BackupNotWritten(f"the backup could not be written to {folder}: {problem}. Your data is unchanged.")

    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise not_written(exc) from None
    with DataLock(database.parent):
        try:
            source = sqlite3.connect(sqlite_uri(database), uri=True, timeout=60, isolation_level=None)
        except sqlite3.DatabaseError as exc:
            raise DamagedDatabase(f"the database {database} could not be backed up ({exc})") from None
        try:
            try:
                # One read transaction: the counts and the copy see the same snapshot, even while the app
                # or another command writes.
                source.execute("BEGIN")
                expected = table_counts(source)
            except sqlite3.DatabaseError as exc:
                if is_damage(exc):
                    raise DamagedDatabase(f"the database {database} could not be backed up ({exc})") from None
                raise
            try:
                target = sqlite3.connect(partial)
                try:
                    source.backup(target)
                    problem = target.execute("PRAGMA integrity_check").fetchone()[0]
                    copied = table_counts(target)
                finally:
                    target.close()
                fd = os.open(partial, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except (sqlite3.DatabaseError, OSError) as exc:
                if isinstance(exc, sqlite3.DatabaseError) and is_damage(exc) and not is_healthy(database):
                    partial.unlink(missing_ok=True)
                    raise DamagedDatabase(f"the database {database} could not be backed up ({exc})") from None
                raise not_written(exc) from None
            source.execute("COMMIT")
        finally:
            source.close()
        if problem != "ok" or copied != expected:
            partial.unlink(missing_ok=True)
            log.error("backup failed its verification (integrity %s, counts equal %s)", problem, copied == expected)
            raise UserError(f"the backup copy of {database} failed its verification; nothing was kept")
        try:
            os.replace(partial, final)
        except OSError as exc:
            raise not_written(exc) from None
    _private(final)
    log.info("backup made: %s (%d cases)", final.name, expected.get("cases", 0))
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


def check_is_deskcomms(path: Path) -> None:
    """Refuse a file that is not a (healthy) deskcomms database: SQLite, our application id, a schema
    version this deskcomms knows, our tables."""
    from .migrations import APPLICATION_ID, LATEST

    if path.is_dir():
        raise UserError("is a folder, not a backup file", where=str(path))
    if path.exists() and not path.is_file():
        raise UserError("is not a regular file (a device or a pipe), not a backup file", where=str(path))
    if not path.is_file():
        raise UserError("no such backup file", where=str(path))
    try:
        conn = sqlite3.connect(sqlite_uri(path), uri=True)
        try:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise UserError("not a deskcomms database (not an SQLite file)", where=str(path)) from None
    if app_id == APPLICATION_ID and version > LATEST:
        raise UserError(
            f"written by a newer deskcomms (schema {version}; this one knows up to {LATEST})", where=str(path)
        )
    if app_id != APPLICATION_ID or not 1 <= version <= LATEST or not {"cases", "events", "settings"} <= tables:
        raise UserError(
            f"not a deskcomms database (application id {app_id:#x}, schema {version}, "
            f"tables: {', '.join(sorted(tables)) or 'none'})",
            where=str(path),
        )
    problem = check_database(path, full=True)
    if problem is not None:
        raise UserError(f"failed its integrity check ({problem}); choose another backup", where=str(path))


def _copy_with_sqlite(chosen: Path, staging: Path) -> None:
    """The chosen database as SQLite reads it (its ``-wal`` included: the file and its log are one
    database) written whole into ``staging``, verified and on disk; or a UserError and no staging file."""
    try:
        staging.unlink(missing_ok=True)
        source = sqlite3.connect(sqlite_uri(chosen), uri=True, timeout=60, isolation_level=None)
        try:
            source.execute("BEGIN")
            expected = table_counts(source)
            target = sqlite3.connect(staging)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no log beside it
                problem = target.execute("PRAGMA integrity_check").fetchone()[0]
                copied = table_counts(target)
            finally:
                target.close()
            source.execute("COMMIT")
        finally:
            source.close()
        if problem != "ok" or copied != expected:
            raise UserError(f"the copy of {chosen} failed its verification; nothing was changed")
        fd = os.open(staging, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except (sqlite3.DatabaseError, OSError) as exc:
        staging.unlink(missing_ok=True)
        raise UserError(
            f"could not restore {chosen}: {write_problem(exc, staging.parent)}; nothing was changed"
        ) from None
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def restore(database: Path, folder: Path, chosen: Path | None = None) -> tuple[Backup, Path | None]:
    """Put a verified backup in place of the database. The current file is kept aside first.

    Only while no other process has the database open (the exclusive data-folder lock): a write made
    by the app or another command during the restore would otherwise vanish with the replaced file.
    """
    if chosen is not None:
        if database.exists() and chosen.exists() and os.path.samefile(chosen, database):
            raise UserError("is the database itself; choose a backup or a kept copy", where=str(chosen))
        check_is_deskcomms(chosen)
        backup = Backup(chosen, datetime.fromtimestamp(chosen.stat().st_mtime, UTC))
    else:
        listed = backups(folder)
        if not listed:
            raise UserError(f"there is no backup in {folder} to restore")
        # The newest backup that still passes its check: a backup damaged since it was made is skipped.
        good = None
        for candidate in listed:
            try:
                check_is_deskcomms(candidate.path)
            except UserError:
                log.warning("backup %s failed its check; trying an older one", candidate.path.name)
                continue
            good = candidate
            break
        if good is None:
            raise UserError(f"none of the {len(listed)} backups in {folder} passes its integrity check")
        backup = good
    if database.is_dir():
        raise UserError(f"{database} is a folder, not the database file; move it away first")
    try:
        lock = DataLock(database.parent, exclusive=True, wait=2.0)
    except UserError:
        raise UserError(
            "deskcomms (the app or another command) has the database open; quit the app (File > Quit) "
            "and wait for running commands, then restore again. Nothing was changed."
        ) from None
    with lock:
        kept = keep_aside(database, "replaced") if database.exists() else None
        staging = database.with_suffix(".restoring")
        _copy_with_sqlite(backup.path, staging)
        for suffix in ("-wal", "-shm"):
            Path(str(database) + suffix).unlink(missing_ok=True)
        os.replace(staging, database)
        _private(database)
    log.info("restored %s", backup.path.name)
    return backup, kept
