"""The command line: the parser, the one error path, and the wiring of the command groups (one module
each, its parsers beside its handlers: ``data``, ``events``, ``due``, ``playbooks``, ``drafts``). Commands
are thin: they parse, ask the application service (``deskcomms.desk``), and print.

Exit status: 0 on success, 2 on bad usage or bad input (a message on stderr, nothing written), 1 on
anything else (a short message; the details go to the log, never to the user as a traceback).
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..core.errors import UserError
from .common import (  # noqa: F401 - the names scripts and tests use
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    UsageError,
    parse_field_args,
    printable,
)

log = logging.getLogger("deskcomms.cli")


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep data, settings and logs under DIR (also: $DESKCOMMS_HOME)",
    )
    common.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log more, and echo the log to stderr",
    )
    return common


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``with_commands=False``: the window's options only (what opening the app
    parses: the commands' modules are not even imported, which start-up would pay for nothing)."""
    common = _common_options()
    parser = Parser(
        prog="deskcomms",
        parents=[common],
        description="deskcomms: case lifecycle, follow-ups in business time, drafts and "
        "reminders for support engineers. Without a command it opens the app.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--smoke-test", action="store_true", help="start the app, wait until the window has painted, exit 0"
    )
    parser.add_argument("--screenshot", metavar="PNG", help="with --smoke-test: save a picture of the window")
    parser.add_argument("--demo", action="store_true", help="load sample cases if the case list is empty")
    if not with_commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    from . import capture, check, data, drafts, due, events, playbooks

    data.register(sub, common)
    events.register(sub, common)
    data.register_backups(sub, common)
    due.register(sub, common)
    playbooks.register(sub, common)
    drafts.register(sub, common)
    capture.register(sub, common)
    check.register(sub, common)
    return parser


# ----- running --------------------------------------------------------------------------------------


def run(argv: Sequence[str]) -> int:
    app_paths = None
    opening_window = False
    try:
        args = parse_arguments(list(argv))
        opening_window = getattr(args, "handler", None) is None and not args.smoke_test and not args.version
        if args.version:
            from .. import version

            print(f"deskcomms {version()}")
            return EXIT_OK
        from .. import logs, paths

        app_paths = _prepare_data_dir(paths, getattr(args, "data_dir", None))
        logs.setup(app_paths.logs, verbose=getattr(args, "verbose", False))
        handler: Callable[[argparse.Namespace, Any], int] | None = getattr(args, "handler", None)
        if handler is None:
            return _run_gui(args, app_paths)
        log.info("command %s", args.command)
        return handler(args, app_paths)
    except UserError as exc:
        from ..desk import DamagedDatabase

        if isinstance(exc, DamagedDatabase) and not exc.kept_aside:
            return _damaged(exc, app_paths)
        print(f"deskcomms: {printable(str(exc))}", file=sys.stderr)
        if opening_window:  # started from a menu or the tray: nobody reads stderr, so a dialog says it
            _startup_dialog(str(exc))
        return EXIT_USAGE
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            log.exception("database error")
            print(f"deskcomms: database error ({exc})", file=sys.stderr)
            return EXIT_FAILURE
        print(
            "deskcomms: another deskcomms kept the database busy for a minute; nothing was written. Try again.",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    except sqlite3.DatabaseError as exc:
        from ..desk import is_damage

        if not is_damage(exc):
            log.exception("database error")
            print(f"deskcomms: database error ({exc})", file=sys.stderr)
            return EXIT_FAILURE
        return _damaged(exc, app_paths)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # the place the user named (a file, a folder, the disk) refused
        log.info("os error %s", exc.errno)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"deskcomms: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug, not the user's mistake: short message, details in the log
        log.exception("unexpected error")
        print(
            f"deskcomms: internal error ({type(exc).__name__}); details are in the log folder",
            file=sys.stderr,
        )
        return EXIT_FAILURE


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Parse the command line; options may stand anywhere, also after ``log``'s FIELD=VALUE pairs."""
    parser = build_parser(with_commands=_names_a_command(argv))
    args, extras = parser.parse_known_args(argv)
    if extras and getattr(args, "command", None) == "log" and all("=" in e and not e.startswith("-") for e in extras):
        # argparse gives the trailing FIELD=VALUE of `log CASE KIND --at ISO FIELD=VALUE` back as extras.
        args.fields = [*args.fields, *extras]
    elif extras:
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


# The window's options that take a value: the word after them is that value, not a command.
_VALUED = ("--data-dir", "--screenshot")


def _names_a_command(argv: list[str]) -> bool:
    """Whether ``argv`` holds a command (or asks for help, which lists them): else it opens the window."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help", "--") or not word.startswith("-"):
            return True
        if word in _VALUED:
            next(words, None)
    return False


def _prepare_data_dir(paths: Any, chosen: str | None) -> Any:
    """The data folders, created private; a clear message (exit 2) when the place cannot hold them."""
    if chosen is not None and not chosen.strip():
        raise UserError("--data-dir is empty; give a folder (or leave the option out for the standard one)")
    try:
        app_paths = paths.resolve(chosen)
    except OSError as exc:
        raise UserError(f"cannot use this data folder ({exc.strerror or exc})", where=str(chosen)) from None
    where = str(chosen or app_paths.data)
    for folder in (app_paths.data, app_paths.config, app_paths.logs):
        if folder.exists() and not folder.is_dir():
            raise UserError(f"{folder} is not a folder; choose a folder for --data-dir", where=where)
    try:
        app_paths.ensure()
    except OSError as exc:
        raise UserError(
            f"cannot create or use the data folder {exc.filename or app_paths.data} ({exc.strerror or exc})",
            where=where,
        ) from None
    probe = app_paths.data
    if not os.access(probe, os.W_OK | os.X_OK):
        raise UserError(f"the data folder {probe} is not writable", where=where)
    if app_paths.database.is_dir():
        raise UserError(
            f"{app_paths.database} is a folder, not the database file; move it away or choose another --data-dir",
            where=where,
        )
    return app_paths


def _startup_dialog(message: str) -> None:
    """The reason the app cannot start, in a dialog (best effort: without a display only stderr has it)."""
    try:
        from ..ui.shell.errors import startup_error

        startup_error(message)
    except Exception:  # no display, no Qt: the message is on stderr already
        log.info("no dialog for a start-up error")


def _damaged(exc: BaseException, app_paths: Any) -> int:
    """Damage SQLite noticed only while reading: keep the file aside and say how to restore."""
    from ..desk import damage_message

    try:
        problem = damage_message(app_paths.database) if app_paths is not None else None
    except UserError as not_checked:  # the check itself could not run (disk full, permission): no verdict
        problem = str(not_checked)
    if problem is not None:
        print(f"deskcomms: {problem}", file=sys.stderr)
        return EXIT_USAGE
    # The file passes its check: what failed was not the data (a full disk, a limit). Restoring would
    # replace today's work with an older copy, so it is not what to do.
    print(
        f"deskcomms: SQLite reported a problem ({exc}), but the database passes its integrity check and "
        "is unchanged; free some disk space or check the folder's permissions, then try again",
        file=sys.stderr,
    )
    return EXIT_USAGE


_window = {"opened": False}


def window_was_opened() -> bool:
    """Whether this process ran the window (and has now closed it)."""
    return _window["opened"]


def _run_gui(args: argparse.Namespace, app_paths: Any) -> int:
    import threading

    _window["opened"] = True

    from ..desk import damage_message

    # The start-up integrity check runs while Qt loads (SQLite releases the GIL); the window waits for
    # its answer before it opens the database, so no click ever reaches a damaged file.
    answer: dict[str, str | None] = {}
    check = threading.Thread(target=lambda: answer.update(problem=damage_message(app_paths.database)), daemon=True)
    check.start()

    def checked() -> str | None:
        check.join()
        return answer.get("problem")

    from ..ui.shell.app import run_app

    return run_app(app_paths, smoke_test=args.smoke_test, screenshot=args.screenshot, demo=args.demo, integrity=checked)
