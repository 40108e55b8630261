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
    from . import cli

    return cli.run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
