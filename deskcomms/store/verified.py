"""Remembering that the database passed its check, so that the next open need not read all of it again.

Every command checks the database before it writes (``PRAGMA quick_check``: a damaged file is kept aside,
never written). That reads the whole file: 0.2 s at 100,000 cases, on every ``capture`` and at every
start of the window. After a check passes, and after a command that opened the database checked closes
it, the files' identity (device, inode, size, modification and change times of the database and its
WAL) is written beside it. The next open skips the check when the files are exactly as remembered:
nothing outside SQLite and us has touched them since. Any change (another process's write, a crash
mid-write, a restore, an edit) makes the check run again. A full ``integrity_check`` still verifies
every backup, the daily one included.

A close vouches only for what could only be its own writes: a command that was open a few seconds on
the same file. The window, open for hours, never does (something else could have damaged the file
meanwhile, and its close would take that for good): after it, the next open checks.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

# Set once this process has seen any sign of damage: from then on it remembers nothing as good.
_damage_seen = False


def damage_seen() -> None:
    """SQLite reported damage somewhere in this process: no file is remembered as good any more."""
    global _damage_seen
    _damage_seen = True


def _marker(database: Path) -> Path:
    return database.with_name(database.name + ".verified")


def _identity(database: Path) -> list[int] | None:
    found: list[int] = []
    for path in (database, Path(str(database) + "-wal")):
        try:
            s = os.stat(path)
        except FileNotFoundError:
            if path == database:
                return None
            s = None
        if s is None or (path != database and s.st_size == 0):
            # No WAL, or an empty one (a read-only check leaves it behind, the next close removes it): either
            # way every page is in the database file itself.
            found += [0, 0, 0, 0, 0, 0]
            continue
        found += [s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns, 1]
    return found


# How long a command may have had the database open for its close to vouch for the files.
SHORT_OPEN_S = 10.0


class Opened(NamedTuple):
    """When a checked open happened, and which file it opened (device, inode)."""

    at: float
    file: tuple[int, int] | None


def _file_of(database: Path) -> tuple[int, int] | None:
    try:
        s = os.stat(database)
    except OSError:
        return None
    return (s.st_dev, s.st_ino)


def opened(database: Path) -> Opened:
    return Opened(time.monotonic(), _file_of(database))


def closed(database: Path, when: Opened) -> None:
    """A command that opened ``database`` checked closed it cleanly: the files are its writes on a good file,
    if it was open briefly and the file is still the one it opened (else the next open checks)."""
    if time.monotonic() - when.at > SHORT_OPEN_S or when.file is None or _file_of(database) != when.file:
        return
    remember(database)


def unchanged_since_verified(database: Path) -> bool:
    """True when the database and its WAL are exactly as when they were last remembered verified."""
    try:
        remembered = json.loads(_marker(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    current = _identity(database)
    return current is not None and remembered == current


def remember(database: Path) -> None:
    """The files as they are now are known good (just checked, or just closed by us after a checked open).
    Best effort: a marker that cannot be written only means the next open checks again."""
    from ..paths import make_private_file

    if _damage_seen:
        return
    current = _identity(database)
    if current is None:
        return
    marker = _marker(database)
    partial = marker.with_name(marker.name + ".partial")
    try:
        partial.write_text(json.dumps(current), encoding="utf-8")
        make_private_file(partial)
        os.replace(partial, marker)
    except OSError as exc:
        log.info("verified marker not written (%s)", type(exc).__name__)
        partial.unlink(missing_ok=True)


def forget(database: Path) -> None:
    """The file failed a check: the next open checks it again (and this process remembers nothing)."""
    damage_seen()
    with contextlib.suppress(OSError):
        _marker(database).unlink(missing_ok=True)
