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

    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
