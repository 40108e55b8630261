"""``import``, ``export``, ``backup`` and ``restore``: the data leaving and entering, always with a
verified copy to come back to."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from .common import EXIT_OK, open_desk


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common], help="merge a deskcomms JSON file into the case list")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", parents=[common], help="write all data as deskcomms JSON")
    p.add_argument("file", metavar="FILE", nargs="?", help="where to write (default: standard output)")
    p.add_argument(
        "--with-mail",
        action="store_true",
        help="include the kept text of captured emails (left out by default: no mail text leaves the database)",
    )
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "forget-mail", parents=[common], help="delete the kept text of every email of a case (its events stay)"
    )
    p.add_argument("case", metavar="CASE")
    p.set_defaults(handler=cmd_forget_mail)


def register_backups(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[common], help="make a verified backup of the database now")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser(
        "restore", parents=[common], help="put a backup in place of the database (default: the latest verified one)"
    )
    p.add_argument("backup", metavar="BACKUP", nargs="?", help="a backup file (see 'deskcomms restore --list')")
    p.add_argument("--list", action="store_true", help="list the backups instead")
    p.set_defaults(handler=cmd_restore)


def cmd_import(args: argparse.Namespace, app_paths: Any) -> int:
    from ..bulk import collector_paused
    from ..core.interchange import parse_document, read_file
    from ..core.playbook import available_playbooks

    with collector_paused():  # 100,000 cases are millions of objects without a cycle among them
        # The whole file is validated before the database is even opened: a bad file writes nothing.
        doc = parse_document(read_file(Path(args.file)), known_playbooks=available_playbooks())
        with open_desk(app_paths) as desk:
            before = (dict(desk.settings), dict(desk.profile))
            result = desk.import_document(doc)  # verified backups before and after, as in the window
            after = (desk.settings, desk.profile)
    print(
        f"imported {len(doc.cases)} case(s): {result.cases_added} new, {result.cases_updated} merged; "
        f"{result.events_added} event(s) added, {result.events_already_there} already there"
    )
    # A file's settings and profile replace yours: say which, so a colleague's handover file does not
    # silently change your time zone or signature.
    for what, old, new in (("settings", before[0], after[0]), ("profile", before[1], after[1])):
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        if changed:
            print(f"your {what} changed: {', '.join(changed)} (from the file)")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, app_paths: Any) -> int:
    if args.file == "-":
        args.file = None  # "-" is standard output, as for capture's input and check's draft
    if args.file is not None and not args.file.strip():
        raise UserError("the file name is empty (leave it out to write to standard output)")
    if args.file:
        from ..files import check_output_path

        check_output_path(Path(args.file))  # a folder, a device or a pipe is refused before any work
    with open_desk(app_paths, backup="daily") as desk:
        if args.file:
            desk.export_to(Path(args.file), with_mail=args.with_mail)
        elif sys.stdout is None:
            raise UserError("standard output is closed; give a FILE to write to")
        else:
            sys.stdout.write(desk.export_text(with_mail=args.with_mail))
    return EXIT_OK


def cmd_forget_mail(args: argparse.Namespace, app_paths: Any) -> int:
    with open_desk(app_paths) as desk:
        forgotten = desk.forget_case_mail(args.case.strip())
    print(f"case {args.case.strip()}: forgot the text of {forgotten} email(s); the events stay")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, app_paths: Any) -> int:
    if not app_paths.database.is_file():
        raise UserError("there is no database to back up yet")
    with open_desk(app_paths) as desk:
        made = desk.backup("manual")
    print(f"backup made and verified: {made}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, app_paths: Any) -> int:
    from ..desk import list_backups, restore

    if args.list:
        listed = list_backups(app_paths.database)
        for backup in listed:
            print(f"{backup.path}  {backup.made.astimezone():%a %d %b %Y %H:%M %Z}")
        if not listed:
            print("no backups yet")
        return EXIT_OK
    chosen = Path(args.backup) if args.backup else None
    backup, kept = restore(app_paths.database, chosen)
    print(f"restored {backup.label}")
    if kept is not None:
        print(f"the database it replaced was kept as {kept}")
    return EXIT_OK
