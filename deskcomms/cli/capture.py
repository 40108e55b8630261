"""``deskcomms capture FILE... [--json] [--create] [--dry-run] [--force]``: record emails on their cases.

Every file is read first (``-`` is standard input, read only when named); a file that is not an email,
or one beyond a limit, is named as "not recorded: why" and the run ends with exit status 2, while the
other emails are still recorded. Each is matched to its case and its event recorded at the email's own
time, all in one transaction. No Qt is imported on this path.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "capture",
        parents=[common],
        help="record emails (.eml, .msg, or text copied from Outlook) on their cases",
        description="Record emails on their cases: a customer reply, an out-of-office reply with its "
        "return date, or an email you sent. Each is matched by the case number in its subject or body, "
        "else by its sender being the customer of exactly one open case.",
    )
    p.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help="an .eml or .msg file, or text copied from Outlook; - reads standard input",
    )
    p.add_argument("--json", action="store_true", help="one JSON object per email")
    p.add_argument(
        "--create",
        action="store_true",
        help="create the case when the email names a case number that is not in the list",
    )
    p.add_argument(
        "--at-capture-time",
        action="store_true",
        help="record an email dated in the future at the moment of capture (without it, it is not recorded)",
    )
    p.add_argument("--dry-run", action="store_true", help="say what would be recorded; write nothing")
    p.add_argument(
        "--force",
        action="store_true",
        help="record events the playbook does not expect (marked as overrides), as 'deskcomms log --force'",
    )
    p.set_defaults(handler=cmd_capture)


def cmd_capture(args: argparse.Namespace, app_paths: Any) -> int:
    from zoneinfo import ZoneInfo

    from ..core.errors import UserError
    from ..desk.capturing import (
        CREATED,
        NO_CASE,
        NOT_RECORDED,
        RECORDED,
        Planner,
        commit,
        read_each,
        template_subjects,
    )
    from .common import open_desk, printable

    with open_desk(app_paths) as desk:
        zone = ZoneInfo(desk.settings["timezone"])
        # Standard input is touched only when "-" is named (it may be closed: a scheduled task).
        read, failures = read_each(args.files, sys.stdin, zone)
        emails = [e for e in read if e is not None]
        planner = Planner(desk, template_subjects(app_paths.user_templates), at_capture_time=args.at_capture_time)
        plans = planner.plan_all(emails, create=args.create)
        if not args.dry_run:
            commit(desk, plans, force=args.force)
    for p in plans:
        if args.dry_run and p.result in (RECORDED, CREATED):
            p.result = "would be " + p.result
    unread: dict[int, UserError] = {}
    failed = iter(failures)
    for position, email in enumerate(read):
        if email is None:
            unread[position] = next(failed)
    # A file that is not an email, one beyond a limit, or an email dated in the future is bad input: exit 2,
    # and the rest of the batch is recorded all the same.
    status = 2 if failures or any(p.result == NOT_RECORDED for p in plans) else 0
    planned = iter(plans)
    for position in range(len(read)):
        if position in unread:
            exc = unread[position]
            if args.json:
                print(json.dumps(_unread_row(exc), ensure_ascii=False))
            print(f"deskcomms: {printable(exc.where or '')}: not recorded: {printable(exc.message)}", file=sys.stderr)
            continue
        p = next(planned)
        if p.result == NOT_RECORDED:
            print(f"deskcomms: {printable(p.email.source)}: not recorded: {printable(p.message)}", file=sys.stderr)
        if args.json:
            print(json.dumps(p.to_json(), ensure_ascii=False))
            continue
        print(printable(_line(p)))
        if p.result == NO_CASE:
            print(f"  {printable(_hint(p))}")
        elif p.message and p.result != "already recorded":
            print(f"  {printable(p.message)}")
        for note in p.notes:
            print(f"  note: {printable(note)}")
        if p.meaning is not None and p.meaning.close_request:
            print("  the customer asks to close the case: record it with 'deskcomms log CASE confirmation_received'")
    return status


def _unread_row(exc: Any) -> dict[str, Any]:
    return {
        "file": exc.where,
        "case": None,
        "kind": None,
        "at": None,
        "until": None,
        "result": "not recorded",
        "message": exc.message,
    }


def _hint(p: Any) -> str:
    if p.why:
        return str(p.why)
    if p.found_number:
        return f"the email names case {p.found_number}, which is not in the list (--create adds it)"
    if p.sender_cases:
        shown = ", ".join(p.sender_cases[:5]) + (", …" if len(p.sender_cases) > 5 else "")
        return (
            f"the sender is the customer of {len(p.sender_cases)} open cases ({shown}) and the email names none: "
            "capture it from the window and choose, or record it with 'deskcomms log'"
        )
    return (
        "no case number in the email and its sender is the customer of no open case; add the case, then capture again"
    )


def _line(p: Any) -> str:
    from ..core.timefmt import format_instant_iso

    at = format_instant_iso(p.event.at if p.event is not None else p.email.date)
    if p.event is None:
        where = f" (case {p.case_number})" if p.case_number else ""
        return f"{p.email.source}: {p.result}{where}"
    from ..core.events import event_label

    until = f" until {p.until.isoformat()}" if p.until else ""
    override = " (override)" if p.problems else ""
    what = f"{event_label(p.event.kind, p.event.fields)} ({p.event.kind})"
    if p.result.endswith("created"):
        return f"{p.email.source}: case {p.case_number} {p.result}, {what}{until} at {at}{override}"
    return f"{p.email.source}: {p.result} {what}{until} on case {p.case_number} at {at}{override}"
