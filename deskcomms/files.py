"""Writing the files the user asks for (exports, calendars, drafts): whole or not at all, private, and only
over regular files.

An export is written to a temporary file in the same folder, flushed to disk, then renamed over the
target, so a crash or a full disk never leaves half a file. That atomic replace is only right for regular
files: a device (``/dev/full``), a folder or a named pipe named as the output is refused with a message
(renaming over ``/dev/full`` would replace the device node with a plain file). Errors of the disk (full,
read-only, no permission) are the user's to fix and are reported as such, never as success.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from .core.errors import UserError


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_output_path(path: Path) -> Path:
    """The real path to write to; a UserError naming ``path`` when it cannot be an output file."""
    real = Path(os.path.realpath(path))
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UserError(f"cannot write there: {exc.strerror}", where=str(path)) from None
    if mode is not None and not stat.S_ISREG(mode):
        raise UserError(f"is {_kind(mode)}; give the name of a file to write", where=str(path))
    if not real.parent.is_dir():
        raise UserError(f"no folder {real.parent} to write into", where=str(path))
    return real


def describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full; nothing was written"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "no permission to write there; nothing was written"
    if exc.errno == errno.EROFS:
        return "the disk is read-only; nothing was written"
    return f"could not write ({exc.strerror or exc}); nothing was written"


def write_private_atomically(path: Path, data: str | bytes) -> None:
    """Write a whole file or nothing: a temporary file (0600), fsync, then rename over the target."""
    real = check_output_path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as exc:
        raise UserError(describe_os_error(exc), where=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(describe_os_error(exc), where=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
