"""Who has the data folder open: a lock file beside the database, never the database file itself.

Every process that opens the store holds a *shared* lock on ``deskcomms.lock`` for as long as it has the
database open; ``restore`` (which replaces the database file) needs the *exclusive* lock, so it refuses
while the app or another command has the database open, and a command started during a restore waits for
it to finish and then opens the restored file. Nothing committed can vanish under another process.

Why a separate file: POSIX advisory locks belong to the process and the inode, and closing *any*
descriptor of a file drops all of the process's locks on it (SQLite, "How To Corrupt An SQLite Database
File", §2.2). So only SQLite may ever open the live database file. ``flock`` locks on this other file
belong to its open file description instead, so nothing else in the process can drop them.

On Windows, where ``flock`` does not exist, the lock is a no-op: there the operating system itself refuses
to replace a database file another process holds open, so restore fails safely with a message.
"""

from __future__ import annotations

import time
from pathlib import Path
from types import TracebackType
from typing import IO

from ..core.errors import UserError
from ..platform import current

LOCK_NAME = "deskcomms.lock"
WAIT_SECONDS = 60.0

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


class InUse(UserError):
    """Another process has the database open, so it cannot be replaced now."""


class DataLock:
    """A shared (``exclusive=False``) or exclusive lock on a data folder, held until ``release()``."""

    def __init__(self, data_dir: Path, *, exclusive: bool = False, wait: float = WAIT_SECONDS) -> None:
        self.path = data_dir / LOCK_NAME
        self.exclusive = exclusive
        self._handle: IO[bytes] | None = None
        self._acquire(wait)

    def _acquire(self, wait: float) -> None:
        if fcntl is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
        current().make_private_file(self.path)
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.close()
                    raise InUse(
                        "deskcomms (the app or another command) has the database open"
                        if self.exclusive
                        else "the database is being restored and did not come back in time"
                    ) from None
                time.sleep(0.05)
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the descriptor releases the flock
            self._handle = None

    def __enter__(self) -> DataLock:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
