"""Command-line commands that rest on the playbook engine: ``log`` (with the playbook's checks),
``due`` and ``playbook``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .core.errors import UserError

log = logging.getLogger("deskcomms.cli")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the engine's commands to the command-line parser."""
    p = sub.add_parser("due", parents=[common], help="what is due on open cases, soonest first")
    p.add_argument("--at", metavar="ISO", help="as of this instant (default: now)")
    p.add_argument("--json", action="store_true", help="a JSON list instead of a table")
    p.add_argument("--all", action="store_true", help="also list cases with nothing due (final or paused)")
    p.add_argument("--ics", metavar="FILE", help="also write the due actions as an iCalendar file (Outlook)")
    p.set_defaults(handler=cmd_due)

    p = sub.add_parser("playbook", parents=[common], help="list playbooks or show one")
    psub = p.add_subparsers(dest="playbook_command", metavar="list|show", required=True, parser_class=type(p))
    ps = psub.add_parser("list", parents=[common], help="the playbooks deskcomms knows")
    ps.set_defaults(handler=cmd_playbook_list)
    ps = psub.add_parser("show", parents=[common], help="a playbook's stages and transitions")
    ps.add_argument("name", metavar="NAME")
    fmt = ps.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="stages and transitions as JSON")
    fmt.add_argument("--mermaid", action="store_true", help="the lifecycle graph as a mermaid flowchart")
    ps.set_defaults(handler=cmd_playbook_show)


# ----- engine access shared by the commands ---------------------------------------------------------


def calendar_of(settings: dict[str, Any]) -> Any:
    """The engineer's calendar from stored settings (validated when they were stored)."""
    from .core.calendar import BusinessCalendar

    return BusinessCalendar.from_settings(settings, trusted=True)


def status_of(case: Any, calendar: Any, now: datetime, *, sla: bool = True) -> Any:
    from .core.engine import evaluate
    from .core.playbook import load_playbook

    return evaluate(case, load_playbook(case.playbook), calendar, now, sla=sla)


# ----- log ---------------------------------------------------------------------------------------------


def record_event(args: argparse.Namespace, app_paths: Any) -> int:
    """``deskcomms log CASE KIND [--at ISO] [--force] [FIELD=VALUE ...]``: validate, check, record."""
    from .cli import open_store, parse_at, parse_field_args
    from .core.engine import check_event
    from .core.events import check_fields, event_label
    from .core.model import Event
    from .core.playbook import load_playbook

    fields = parse_field_args(args.fields)
    with open_store(app_paths) as store:
        settings = store.settings()
        at = parse_at(args.at, settings)
        case = store.get_case(args.case)
        if case is None:
            raise UserError(f"no case {args.case} (import it first, or create it in the app)")
        event = Event(at=at, kind=args.kind, fields=check_fields(args.kind, fields, args.kind, strict=True))
        problems = check_event(case, event, load_playbook(case.playbook), calendar_of(settings))
        if problems and not args.force:
            raise UserError(
                f"not recorded: {'; '.join(problems)}. Use --force to record it anyway (marked as an override).",
                where=f"case {case.number}",
            )
        if problems:
            event.fields["forced"] = True
            event.fields["override_reason"] = "; ".join(problems)
        event_id = store.add_event(case.number, event)
        refresh_due_index(store, case.number, calendar_of(settings))
        event.id = event_id
        case.events.append(event)
        status = status_of(case, calendar_of(settings), at, sla=False) if problems else None
        misfits = [m for m in status.misfits if m.event_id == event_id] if status is not None else []
    log.info("logged event %d (%s%s) on case id %s", event_id, event.kind, ", forced" if problems else "", case.id)
    suffix = " (override recorded)" if problems else ""
    what = f"{event_label(event.kind, event.fields)} ({event.kind})"
    from .cli import printable

    print(f"recorded {what} on case {printable(case.number)} at {at.isoformat()}{suffix}")
    for misfit in misfits:  # recorded with --force, it does not move the case: say so
        print(f"note: {misfit.text}")
    return 0


def refresh_due_index(store: Any, number: str, calendar: Any) -> None:
    """The reminders' stored due instant of one case, after a write (so the tray of a running app never
    reminds about an action this command just completed)."""
    from datetime import UTC

    case = store.get_case(number)
    try:
        status = status_of(case, calendar, datetime.now(UTC), sla=False)
    except Exception as exc:
        log.warning("case id %s: status not computable (%s)", case.id, type(exc).__name__)
        store.update_due_index(number, None)
        return
    action = status.next_action
    if status.closed or action is None or action.due is None:
        store.update_due_index(number, None)
    else:
        store.update_due_index(number, (action.id, action.title, action.due, action.why))


# ----- due ---------------------------------------------------------------------------------------------


def due_rows(cases: Iterable[Any], calendar: Any, now: datetime, include_idle: bool = False) -> list[dict]:
    """One row per open case with its next action, soonest first (the data behind ``due``)."""
    from .core.timefmt import format_instant_iso

    rows = []
    for case in cases:
        if case.is_closed:
            continue
        try:
            status = status_of(case, calendar, now, sla=False)
        except Exception as exc:  # whatever is stored, one bad case must not hide the others
            log.warning("case id %s: status not computable (%s)", case.id, type(exc).__name__)
            rows.append(problem_row(case, exc))
            continue
        action = status.next_action
        if action is None and not include_idle:
            continue
        due = calendar.local(action.due) if action is not None and action.due is not None else None
        rows.append(
            {
                "case": case.number,
                "action": action.id if action else None,
                "title": action.title if action else "nothing due",
                "due": format_instant_iso(due) if due else None,
                "overdue": bool(action and action.overdue),
                "why": action.why if action else "",
                "case_title": case.title,
                "customer": case.customer.name,
                "stage": status.stage.id,
                "stage_title": status.stage.title,
                "ball": status.ball,
                "template": action.template if action else None,
                "flags": [f.code for f in status.flags],
                "_due": due,
            }
        )
    rows.sort(key=lambda r: (r["_due"] is None, r["_due"] or now, r["case"]))
    return rows


def problem_row(case: Any, exc: Exception) -> dict:
    """The row of a case whose status cannot be computed (e.g. a stored date the calendar cannot reach)."""
    return {
        "case": case.number,
        "action": "check_case",
        "title": "Check this case: its next action cannot be computed",
        "due": None,
        "overdue": False,
        "why": f"{type(exc).__name__}: {exc}",
        "case_title": case.title,
        "customer": case.customer.name,
        "stage": None,
        "stage_title": "",
        "ball": None,
        "template": None,
        "flags": ["not_computable"],
        "_due": None,
    }


def cmd_due(args: argparse.Namespace, app_paths: Any) -> int:
    from .cli import open_store, parse_at

    with open_store(app_paths, backup="daily") as store:
        settings = store.settings()
        calendar = calendar_of(settings)
        now = calendar.local(parse_at(args.at, settings))
        rows = due_rows(store.iter_cases(), calendar, now, include_idle=args.all)
    if args.ics:
        from pathlib import Path

        from .cli import write_private_atomically
        from .core.ics import calendar_file

        write_private_atomically(Path(args.ics), calendar_file([{**r, "due": r["_due"]} for r in rows], now))
    if args.json:
        # One row per line: readable, and json's fast C encoder (indent= falls back to pure Python).
        lines = [json.dumps({k: v for k, v in r.items() if not k.startswith("_")}, ensure_ascii=False) for r in rows]
        sys.stdout.write("[\n  " + ",\n  ".join(lines) + "\n]\n" if lines else "[]\n")
        return 0
    print_due_table(rows, now, settings["timezone"])
    return 0


def print_due_table(rows: list[dict], now: datetime, zone: str) -> None:
    from .cli import printable
    from .core.timefmt import relative, short_instant

    if not rows:
        print("Nothing due on open cases.")
        return
    table = []
    for r in rows:
        due = r["_due"]
        when = f"{short_instant(due)} ({relative(due - now)})" if due else "-"
        cells = (r["case"], r["customer"] or "-", r["title"], when, r["why"].split(" = ", 1)[-1])
        table.append(tuple(printable(str(c)) for c in cells))
    headers = ("CASE", "CUSTOMER", "NEXT ACTION", f"DUE ({zone})", "WHY")
    # The due column is never cut ("(overdue 1" read as nonsense); long names and titles end in an ellipsis.
    widths = [
        min(max(len(h), *(len(str(row[i])) for row in table)), cap)
        for i, (h, cap) in enumerate(zip(headers, (20, 20, 48, 60, 200), strict=True))
    ]

    def cut(text: str, width: int) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    def line(cells: tuple) -> str:
        return "  ".join(cut(str(c), w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    print(line(headers))
    for row in table:
        print(line(row))


# ----- playbook ----------------------------------------------------------------------------------------


def cmd_playbook_list(args: argparse.Namespace, app_paths: Any) -> int:
    from .core.playbook import available_playbooks, load_playbook

    for name in available_playbooks():
        pb = load_playbook(name)
        print(f"{name:<14} {pb.title} ({len(pb.stages)} stages, {len(pb.transitions)} transitions)")
    return 0


def cmd_playbook_show(args: argparse.Namespace, app_paths: Any) -> int:
    from .core.events import event_label
    from .core.playbook import load_playbook

    def on(kinds: Iterable[str]) -> str:
        return ", ".join("automatically" if k == "auto" else f"{event_label(k)} ({k})" for k in kinds)

    pb = load_playbook(args.name)
    if args.json:
        print(json.dumps(pb.to_json(), indent=2, ensure_ascii=False))
    elif args.mermaid:
        sys.stdout.write(pb.to_mermaid())
    else:
        print(f"{pb.title} ({pb.name})")
        print("\nStages:")
        for s in pb.stages.values():
            print(f"  {s.id:<22} {s.name}: {s.title}  [ball: {s.ball}; next: {s.action}]")
        print("\nTransitions:")
        for t in pb.transitions:
            cond = "".join(f" {k}={v}" for k, v in t.condition.items())
            print(f"  {t.source} -> {t.to}: {t.when} (on {on(t.on)}{cond})")
        if pb.moves:
            print("\nAlso (from the playbook text, not drawn in the graph):")
            for t in pb.moves:
                print(f"  {'/'.join(t.sources)} -> {t.to}: {t.when} (on {on(t.on)})")
        print("\nParameters:")
        for key, value in pb.parameters.items():
            print(f"  {key} = {value:g}")
    return 0
