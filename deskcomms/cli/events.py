"""``deskcomms log CASE KIND [--at ISO] [--force] [FIELD=VALUE ...]``: record an event exactly as the
app's buttons do (the same checks, the same override marking, the same status update)."""

from __future__ import annotations

import argparse
import logging
from datetime import UTC, datetime
from typing import Any

from .common import EXIT_OK, open_desk, parse_at, parse_field_args, printable

log = logging.getLogger("deskcomms.cli")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("log", parents=[common], help="record an event on a case, as the app's buttons do")
    p.add_argument("case", metavar="CASE")
    p.add_argument("kind", metavar="KIND", help="an event kind, e.g. email_sent (see the README's event table)")
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


def cmd_log(args: argparse.Namespace, app_paths: Any) -> int:
    from ..core.events import check_fields, event_label
    from ..core.model import Event

    fields = parse_field_args(args.fields)
    with open_desk(app_paths) as desk:
        at = parse_at(args.at, desk)
        case = desk.require_case(args.case)
        event = Event(at=at, kind=args.kind, fields=check_fields(args.kind, fields, args.kind, strict=True))
        recorded = desk.record(case.number, event, override=bool(args.force))
        calendar = desk.calendar
        misfits = []
        if recorded.override:  # recorded with --force: say when it does not move the case
            case = desk.require_case(case.number)
            status = desk.status(case, at, sla=False)
            misfits = [m for m in status.misfits if m.event_id == recorded.event_id]
    suffix = " (override recorded)" if recorded.override else ""
    what = f"{event_label(event.kind, event.fields)} ({event.kind})"
    print(f"recorded {what} on case {printable(case.number)} at {at.isoformat()}{suffix}")
    for misfit in misfits:
        print(f"note: {misfit.text}")
    from ..core.promise import eta_notes

    for text in eta_notes(event.fields.get("eta"), calendar, case.customer.timezone):
        print(f"note: {text}; kept as given")
    if at > datetime.now(UTC):  # a typo in the year is the usual reason; the event counts only from then
        print(f"note: this event is dated after now ({at.isoformat()}); it counts only from then")
    return EXIT_OK
