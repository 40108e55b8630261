"""``deskcomms check [--case NUMBER] [--template NAME] [--replying-to FILE] [--json] FILE|-``: the draft
coach on the command line. One finding a line (``RULE: message «quote»``) or a JSON array; exit status 0
without findings, 1 with findings, 2 for bad input (unreadable file, unknown case or template)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from .common import EXIT_FAILURE, EXIT_OK, printable


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "check",
        parents=[common],
        help="check a draft email against the playbook's advice on how to write (the draft coach)",
    )
    p.add_argument("file", metavar="FILE", help="the draft: text, HTML or .eml ('-' reads standard input)")
    p.add_argument("--case", metavar="NUMBER", help="judge it as an email on this case")
    p.add_argument("--template", metavar="NAME", help="which email it is (default with a case: its next action's)")
    p.add_argument(
        "--replying-to",
        metavar="FILE",
        help="the customer's email it answers (.eml, .msg or text copied from Outlook; default: the last one kept)",
    )
    p.add_argument("--json", action="store_true", help="a JSON array of {rule, message, quote, source}")
    p.set_defaults(handler=cmd_check)


def _read_bytes(name: str, what: str) -> bytes:
    from ..core.coach.text import MAX_DRAFT_BYTES

    if name == "-":
        return bytes(sys.stdin.buffer.read(MAX_DRAFT_BYTES + 1))
    path = Path(name)
    try:
        if not path.is_file():
            problem = f"no such {what} file" if not path.exists() else f"is not a regular {what} file"
            raise UserError(problem, where=name)
        with open(path, "rb") as handle:
            return handle.read(MAX_DRAFT_BYTES + 1)
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror or exc}", where=name) from None


def _replying_to(name: str, zone: Any) -> str:
    from ..core.capture import cut_quoted, read_email

    email = read_email(_read_bytes(name, "email"), name, zone)
    return cut_quoted(email.body)


def cmd_check(args: argparse.Namespace, app_paths: Any) -> int:
    from ..core.coach import check_text, read_draft
    from ..core.drafts import TemplateSet
    from .common import open_desk

    if args.case is not None and not args.case.strip():
        raise UserError("--case is empty; give a case number")
    subject, body = read_draft(_read_bytes(args.file, "draft"), args.file)
    if args.template is not None:
        known = TemplateSet(app_paths.user_templates).names()
        if args.template not in known:
            raise UserError(f"no template named {args.template!r} (known: {', '.join(known)})", where="--template")
    with open_desk(app_paths) as desk:
        reply = _replying_to(args.replying_to, desk.calendar.zone) if args.replying_to else None
        ctx = desk.coach_context(args.case.strip() if args.case else None, args.template, replying_to=reply)
    findings = check_text(body, ctx, subject=subject)
    if args.json:
        sys.stdout.write(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2) + "\n")
    else:
        for finding in findings:
            print(printable(finding.line()))
    return EXIT_FAILURE if findings else EXIT_OK
