"""Entry point: arguments → paths → store → a command-line command or the GUI. The one place that wires.

Qt, jinja2 and holidays are imported only by the code paths that need them, so the commands that need
no window start fast.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    # Everything deskcomms creates (database, WAL, backups, exports, logs) is private to the user.
    os.umask(0o077)
    if getattr(sys, "frozen", False):  # the bundle as a worker process of a parallel status recompute
        import multiprocessing

        multiprocessing.freeze_support()
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--deskcomms-render-template"]:  # the frozen app as the user-template renderer
        from .core.sandbox import child_main

        return child_main()
    from . import cli

    code = cli.run(args)
    if argv is None and cli.window_was_opened():
        leave_now(code)
    return code


def leave_now(code: int) -> None:
    """End the app's process once the window has closed and everything is written: the log flushed, the
    database and the window's settings closed. Python's and Qt's own teardown (every module, widget and
    wrapper freed one by one) only delays the exit by a tenth of a second, and nothing is left to save."""
    import contextlib
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
