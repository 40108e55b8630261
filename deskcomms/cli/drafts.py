"""``deskcomms draft CASE [TEMPLATE] [--format text|html|eml] [--at ISO]``: render a draft on the command
line, with the readiness check's findings on stderr as ``warning:`` lines (a password is never echoed)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..core.errors import UserError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("draft", parents=[common], help="render a draft email for a case")
    p.add_argument("case", metavar="CASE")
    p.add_argument(
        "template",
        metavar="TEMPLATE",
        nargs="?",
        help="a template name (default: the one the case's next action calls for)",
    )
    p.add_argument(
        "--format",
        choices=("text", "html", "eml"),
        default="text",
        help="text (default), html, or eml (an unsent Outlook draft)",
    )
    p.add_argument("--at", metavar="ISO", help="as of this instant (default: now)")
    p.add_argument("--list", action="store_true", help="list the templates instead")
    p.set_defaults(handler=cmd_draft)


def cmd_draft(args: argparse.Namespace, app_paths: Any) -> int:
    from ..core.drafts import TemplateSet, make_draft, readiness, to_eml
    from .common import open_desk, parse_at

    templates = TemplateSet(app_paths.user_templates)
    with open_desk(app_paths) as desk:
        settings, profile, calendar = desk.settings, desk.profile, desk.calendar
        case = desk.require_case(args.case)
        if args.list:
            for name in templates.names():
                print(f"{name:<26} {templates.title(name)}")
            return 0
        now = parse_at(args.at, desk)
        status = desk.status(case, now)
    name = args.template or (status.next_action.template if status.next_action else None) or status.stage.template
    if not name:
        raise UserError(
            f"the next action of case {case.number} calls for no email; name a template "
            f"(known: {', '.join(templates.names())})"
        )
    draft = make_draft(name, templates, case, status, profile, settings, calendar, now)
    for problem in readiness(draft, case, status, profile, calendar, now):
        print(f"warning: {problem}", file=sys.stderr)
    if args.format == "eml":
        sys.stdout.flush()
        sys.stdout.buffer.write(to_eml(draft, profile.get("email", "")))
    elif args.format == "html":
        sys.stdout.write(draft.html + "\n")
    else:
        sys.stdout.write(
            f"To: {', '.join(draft.to)}\nCc: {', '.join(draft.cc)}\nSubject: {draft.subject}\n\n{draft.text}"
        )
    return 0
