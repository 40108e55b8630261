"""``deskcomms due``: what is due on open cases, soonest first, as a table, JSON or an iCalendar file.

The rows come from the desk's status cache: when nothing changed since the last run (in the app or on the
command line), nothing is computed again.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from .common import EXIT_OK, open_desk, parse_at, printable


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("due", parents=[common], help="what is due on open cases, soonest first")
    p.add_argument("--at", metavar="ISO", help="as of this instant (default: now)")
    p.add_argument("--json", action="store_true", help="a JSON list instead of a table")
    p.add_argument("--all", action="store_true", help="also list cases with nothing due (final or paused)")
    p.add_argument("--ics", metavar="FILE", help="also write the due actions as an iCalendar file (Outlook)")
    p.set_defaults(handler=cmd_due)


def cmd_due(args: argparse.Namespace, app_paths: Any) -> int:
    if args.ics:
        from ..files import check_output_path

        check_output_path(Path(args.ics))  # refused before any work: a folder, a device, a pipe
    with open_desk(app_paths, backup="daily") as desk:
        now = parse_at(args.at, desk)
        # An explicit --at asks about another moment: computed fresh, the cache (about now) left alone.
        lines = desk.due_lines(now, include_idle=args.all, use_cache=not args.at)
        zone = desk.settings["timezone"]
        if args.json and not args.ics:
            # The cache holds each case's line ready to print: nothing is parsed or formatted again.
            sys.stdout.write("[\n  " + ",\n  ".join(lines) + "\n]\n" if lines else "[]\n")
            return EXIT_OK
        rows = [json.loads(line) for line in lines]
        for row in rows:
            row["_due"] = datetime.fromisoformat(row["due"]) if row["due"] else None
        if args.ics:
            from ..files import write_private_atomically

            # Remembered before the file is written: a failed write costs a SEQUENCE number, never reuses one.
            text = desk.calendar_export([{**r, "due": r["_due"]} for r in rows], now)
            write_private_atomically(Path(args.ics), text)
    if args.json:
        sys.stdout.write("[\n  " + ",\n  ".join(lines) + "\n]\n" if lines else "[]\n")
        return EXIT_OK
    print_due_table(rows, now, zone)
    return EXIT_OK


def print_due_table(rows: list[dict], now: datetime, zone: str) -> None:
    from ..core.timefmt import relative, short_instant

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
