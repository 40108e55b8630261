"""Opening the database: pragmas, private file modes, the schema version check and migrations."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import UserError
from .backup import DamagedDatabase, is_damage, make_backup
from .migrations import APPLICATION_ID, LATEST, MIGRATIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 60_000


class DatabaseError(UserError):
    """The database cannot be used as it is (newer version, not ours)."""


def _private(path: Path) -> None:
    from ..platform import current

    for suffix in ("", "-wal", "-shm"):
        current().make_private_file(Path(str(path) + suffix))


def _address_key(value: object) -> str:
    from ..core.addresses import address_key

    return address_key(value) if isinstance(value, str) and value else ""


def connect(path: Path, *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the deskcomms database at ``path``, ready to use."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file; move it away or choose another --data-dir")
    # Only SQLite opens this file (never open() to peek at its header): closing any other descriptor of
    # it would drop this process's locks, and another process would delete the WAL under us.
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves for every write.
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # The one address rule, for migrations that fill the customer-address index (contacts.email_key).
        conn.create_function("address_key", 1, _address_key, deterministic=True)
        _set_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        _private(path)
        if migrate:
            _check_and_migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if "unable to open" in str(exc):
            raise DatabaseError(f"cannot open the database {path} ({exc})") from None
        if is_damage(exc):
            # Not kept aside here: copying the file opens it outside SQLite, which would drop the locks
            # of this process's other connections. The caller does it once they are closed.
            raise DamagedDatabase(
                f"the database {path} is damaged ({exc}); restore a backup with 'deskcomms restore'"
            ) from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _set_wal(conn: sqlite3.Connection) -> None:
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    # Switching to WAL needs a moment alone with the file; another process may be doing the same.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken with BEGIN IMMEDIATE so concurrent writers queue, never deadlock."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _check_and_migrate(conn: sqlite3.Connection, path: Path) -> None:
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = schema_version(conn)
    if app_id not in (0, APPLICATION_ID):
        raise DatabaseError(f"{path} is a SQLite database of another application, not deskcomms")
    if version > LATEST:
        raise DatabaseError(
            f"{path} was written by a newer deskcomms (schema {version}; this version "
            f"knows up to {LATEST}). Update deskcomms to open it."
        )
    if version == LATEST:
        return
    if version > 0:
        backup_before_migration(conn, path, version)
    for migration in MIGRATIONS:
        with write(conn):
            # Re-read inside the lock: another process may have migrated meanwhile.
            if schema_version(conn) >= migration.version:
                continue
            log.info("migrating database to schema %d: %s", migration.version, migration.changes)
            for statement in _statements(migration.sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {migration.version}")


def _statements(sql: str) -> list[str]:
    # executescript() would COMMIT our transaction; run the statements one by one instead.
    return [s.strip() for s in sql.split(";") if s.strip()]


def backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """A verified copy of the database before its schema changes."""
    return make_backup(path, path.parent / "backups", f"premigration-v{version}")


def now_utc_key() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
