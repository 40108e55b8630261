"""The command line of formats.md: thin commands that parse, call core and store, and print.

Exit status: 0 on success, 2 on bad usage or bad input (a message on stderr, nothing written), 1 on
anything else (a short message; the details go to the log, never to the user as a traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .core.errors import UserError

log = logging.getLogger("deskcomms.cli")

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class UsageError(UserError):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports mistakes as UsageError (exit 2 through the one error path)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}\n(see '{self.prog} --help')")


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


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = _Parser(
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("import", parents=[common], help="merge a deskcomms JSON file into the case list")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", parents=[common], help="write all data as deskcomms JSON")
    p.add_argument("file", metavar="FILE", nargs="?", help="where to write (default: standard output)")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("log", parents=[common], help="record an event on a case, as the app's buttons do")
    p.add_argument("case", metavar="CASE")
    p.add_argument("kind", metavar="KIND", help="an event kind (playbook.md §5), e.g. email_sent")
    p.add_argument(
        "fields",
        metavar="FIELD=VALUE",
        nargs="*",
        help="the event's fields, e.g. eta=2026-11-24T12:00:00-05:00",
    )
    p.add_argument("--at", metavar="ISO", help="when it happened (default: now)")
    p.add_argument(
        "--force",
        action="store_true",
        help="record it even where the playbook does not allow it (marked as an override)",
    )
    p.set_defaults(handler=cmd_log)

    p = sub.add_parser("backup", parents=[common], help="make a verified backup of the database now")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser(
        "restore", parents=[common], help="put a backup in place of the database (default: the latest verified one)"
    )
    p.add_argument("backup", metavar="BACKUP", nargs="?", help="a backup file (see 'deskcomms restore --list')")
    p.add_argument("--list", action="store_true", help="list the backups instead")
    p.set_defaults(handler=cmd_restore)

    _add_later_commands(sub, common)
    return parser


def _add_later_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Commands that rest on the engine and drafting (kept apart so each stays small)."""
    from . import cli_capture, cli_drafts, cli_engine

    cli_engine.register(sub, common)
    cli_drafts.register(sub, common)
    cli_capture.register(sub, common)


# ----- running --------------------------------------------------------------------------------------


def run(argv: Sequence[str]) -> int:
    app_paths = None
    try:
        args = build_parser().parse_args(list(argv))
        if args.version:
            from . import version

            print(f"deskcomms {version()}")
            return EXIT_OK
        from . import logs, paths

        app_paths = paths.resolve(getattr(args, "data_dir", None)).ensure()
        logs.setup(app_paths.logs, verbose=getattr(args, "verbose", False))
        handler: Callable[[argparse.Namespace, Any], int] | None = getattr(args, "handler", None)
        if handler is None:
            return _run_gui(args, app_paths)
        log.info("command %s", args.command)
        return handler(args, app_paths)
    except UserError as exc:
        print(f"deskcomms: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.DatabaseError as exc:
        from .store.connection import is_damage

        if not is_damage(exc):
            log.exception("database error")
            print(f"deskcomms: database error ({exc})", file=sys.stderr)
            return EXIT_FAILURE
        return _damaged(exc, app_paths)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug, not the user's mistake: short message, details in the log
        log.exception("unexpected error")
        print(
            f"deskcomms: internal error ({type(exc).__name__}); details are in the log folder",
            file=sys.stderr,
        )
        return EXIT_FAILURE


def _damaged(exc: BaseException, app_paths: Any) -> int:
    """Damage SQLite noticed only while reading: keep the file aside and say how to restore."""
    from .store.backup import check_or_keep_aside

    try:
        if app_paths is not None:
            check_or_keep_aside(app_paths.database)
    except UserError as damaged:
        print(f"deskcomms: {damaged}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"deskcomms: the database could not be read ({exc}); run 'deskcomms restore' to bring back the latest backup",
        file=sys.stderr,
    )
    return EXIT_USAGE


def _run_gui(args: argparse.Namespace, app_paths: Any) -> int:
    from .ui.app import run_app

    return run_app(app_paths, smoke_test=args.smoke_test, screenshot=args.screenshot, demo=args.demo)


def open_store(app_paths: Any, *, check: bool = False, backup: str | None = None) -> Any:
    """The store; ``check`` runs the integrity check first (a damaged file is kept aside, exit 2);
    ``backup`` makes the daily backup ("daily") or a backup before a risky step (e.g. "import")."""
    from .store import backup as backups
    from .store.repository import Store

    database = app_paths.database
    if check:
        backups.check_or_keep_aside(database)
    if backup == "daily":
        backups.daily_backup(database, app_paths.backups)
    elif backup and database.exists() and database.stat().st_size:
        backups.make_backup(database, app_paths.backups, backup)
        backups.rotate(app_paths.backups)
    return Store.open(database)


def now_in(settings: dict[str, Any]) -> datetime:
    """Now, in the engineer's zone, to the second."""
    from zoneinfo import ZoneInfo

    return datetime.now(UTC).replace(microsecond=0).astimezone(ZoneInfo(settings["timezone"]))


def parse_at(value: str | None, settings: dict[str, Any], option: str = "--at") -> datetime:
    from .core.timefmt import parse_instant

    return parse_instant(value, option) if value else now_in(settings)


# ----- commands -------------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace, app_paths: Any) -> int:
    from .core.interchange import parse_document, read_file
    from .core.playbook import available_playbooks

    data = read_file(Path(args.file))
    doc = parse_document(data, known_playbooks=available_playbooks())
    with open_store(app_paths, check=True, backup="preimport") as store:
        result = store.import_document(doc)
    from .store.backup import make_backup, rotate

    # The data just arrived: keep a verified copy of it, so a restore can always bring it back.
    make_backup(app_paths.database, app_paths.backups, "import")
    rotate(app_paths.backups)
    log.info(
        "import: %d cases added, %d updated, %d events added",
        result.cases_added,
        result.cases_updated,
        result.events_added,
    )
    print(
        f"imported {len(doc.cases)} case(s): {result.cases_added} new, {result.cases_updated} merged; "
        f"{result.events_added} event(s) added, {result.events_already_there} already there"
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace, app_paths: Any) -> int:
    from .core.interchange import dump_document

    with open_store(app_paths, check=True, backup="daily") as store:
        doc = dump_document(store.settings(), store.profile(), store.load_cases())
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if args.file:
        write_private_atomically(Path(args.file), text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def write_private_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file, fsync, then rename over the target (0600)."""
    import os
    import tempfile

    folder = path.resolve().parent
    if not folder.is_dir():
        raise UserError(f"no folder {folder} to write into", where=str(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parse_field_args(pairs: Sequence[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"expected FIELD=VALUE, got {pair!r}")
        fields[name.strip()] = value
    return fields


def cmd_log(args: argparse.Namespace, app_paths: Any) -> int:
    from . import cli_engine

    return cli_engine.record_event(args, app_paths)


def cmd_backup(args: argparse.Namespace, app_paths: Any) -> int:
    from .store.backup import check_or_keep_aside, make_backup, rotate

    if not app_paths.database.exists():
        raise UserError("there is no database to back up yet")
    check_or_keep_aside(app_paths.database)
    made = make_backup(app_paths.database, app_paths.backups, "manual")
    rotate(app_paths.backups)
    print(f"backup made and verified: {made}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, app_paths: Any) -> int:
    from .store.backup import backups, restore

    if args.list:
        listed = backups(app_paths.backups)
        for backup in listed:
            print(f"{backup.path}  {backup.made.astimezone():%a %d %b %Y %H:%M}")
        if not listed:
            print("no backups yet")
        return EXIT_OK
    chosen = Path(args.backup) if args.backup else None
    backup, kept = restore(app_paths.database, app_paths.backups, chosen)
    print(f"restored {backup.label}")
    if kept is not None:
        print(f"the database it replaced was kept as {kept}")
    return EXIT_OK
