"""Logging to a rotating file in the log folder. Logs hold ids and kinds, never case text, names or bodies."""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_NAME = "deskcomms.log"
MAX_BYTES = 1_000_000
KEEP = 5  # older files kept: deskcomms.log.1 (the newest) … deskcomms.log.5


class RotatingLog(logging.FileHandler):
    """A log file that starts again when it would pass ``max_bytes``, the older ones kept as ``.1`` … ``.N``,
    as ``logging.handlers.RotatingFileHandler`` does. Not that one: its module brings sockets, pickling and
    queues into every start of the app and of every command, for a file."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, keep: int = KEEP) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.max_bytes, self.keep = max_bytes, keep

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._would_pass(record):
                self._rotate()
        except OSError:
            self.handleError(record)
            return
        super().emit(record)

    def _would_pass(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, os.SEEK_END)  # another process (the app, a command) may have written since
        position = self.stream.tell()
        return position > 0 and position + len(self.format(record).encode("utf-8")) + 1 > self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        base = self.baseFilename
        for number in range(self.keep - 1, 0, -1):
            older = f"{base}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{base}.{number + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")


def setup(log_dir: Path, *, verbose: bool = False) -> Path:
    """Send deskcomms' log records to ``log_dir/deskcomms.log`` (rotating); ``verbose`` echoes to stderr."""
    from .paths import make_private_dir

    make_private_dir(log_dir)
    path = log_dir / LOG_NAME
    root = logging.getLogger("deskcomms")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    handler = RotatingLog(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if verbose:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("deskcomms: %(levelname)s %(message)s"))
        root.addHandler(console)
    return path
