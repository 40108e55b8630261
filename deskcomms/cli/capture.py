"""``deskcomms capture FILE... [--json] [--create] [--dry-run] [--force]``: record emails on their cases.

Every file is read first (``-`` is standard input); a file that is not an email stops the run with exit
status 2 and nothing recorded. Then each email is matched to its case and its event recorded at the
email's own time, all in one transaction. No Qt is imported on this path.
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
    p.add_argument("--dry-run", action="store_true", help="say what would be recorded; write nothing")
    p.add_argument(
        "--force",
        action="store_true",
        help="record events the playbook does not expect (marked as overrides), as 'deskcomms log --force'",
    )
    p.set_defaults(handler=cmd_capture)


def cmd_capture(args: argparse.Namespace, app_paths: Any) -> int:
    from zoneinfo import ZoneInfo

    from ..desk.capturing import CREATED, NO_CASE, RECORDED, Planner, commit, read_paths, template_subjects
    from .common import open_desk

    with open_desk(app_paths) as desk:
        zone = ZoneInfo(desk.settings["timezone"])
        emails = read_paths(args.files, sys.stdin.buffer, zone)
        planner = Planner(desk, template_subjects(app_paths.user_templates))
        plans = planner.plan_all(emails, create=args.create)
        if not args.dry_run:
            commit(desk, plans, force=args.force)
    for p in plans:
        if args.dry_run and p.result in (RECORDED, CREATED):
            p.result = "would be " + p.result
    if args.json:
        for p in plans:
            print(json.dumps(p.to_json(), ensure_ascii=False))
        return 0
    for p in plans:
        print(_line(p))
        if p.result == NO_CASE:
            hint = (
                f"the email names case {p.found_number}, which is not in the list (--create adds it)"
                if p.found_number
                else "no case number in the email and no open case of this sender; add the case, then capture again"
            )
            print(f"  {hint}")
        for note in p.notes:
            print(f"  {note}")
        if p.meaning is not None and p.meaning.close_request:
            print("  the customer asks to close the case: record it with 'deskcomms log CASE confirmation_received'")
    return 0


def _line(p: Any) -> str:
    from ..core.timefmt import format_instant_iso

    at = format_instant_iso(p.email.date)
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
