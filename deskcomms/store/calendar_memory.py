"""The calendar exports' memory: what the last ``due --ics`` said of each follow-up (core/ics.py plans the
next one from it). Read, planned and written in one write transaction, so two exports at once (the app and
the command line) queue and SEQUENCE still only grows."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from ..core.ics import CalendarEntry
from ..core.timefmt import to_utc_key
from .connection import write

_COLUMNS = "uid, sequence, start_utc, summary, description, changed_utc, cancelled_utc"


def _instant(key: str) -> datetime:
    return datetime.strptime(key, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _entry(row: tuple[str, int, str, str, str, str, str | None]) -> CalendarEntry:
    uid, sequence, start, summary, description, changed, cancelled = row
    return CalendarEntry(
        uid=uid,
        sequence=int(sequence),
        start=_instant(start),
        summary=summary,
        description=description,
        changed=_instant(changed),
        cancelled=_instant(cancelled) if cancelled else None,
    )


def entries(conn: sqlite3.Connection) -> list[CalendarEntry]:
    return [_entry(row) for row in conn.execute(f"SELECT {_COLUMNS} FROM calendar_entries ORDER BY uid")]


def update(
    conn: sqlite3.Connection, planner: Callable[[list[CalendarEntry]], list[CalendarEntry]]
) -> list[CalendarEntry]:
    """Replace the memory with ``planner(memory)`` in one transaction; returns the new memory."""
    with write(conn):
        planned = planner(entries(conn))
        conn.execute("DELETE FROM calendar_entries")
        conn.executemany(
            f"INSERT INTO calendar_entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    e.uid,
                    e.sequence,
                    to_utc_key(e.start),
                    e.summary,
                    e.description,
                    to_utc_key(e.changed),
                    to_utc_key(e.cancelled) if e.cancelled else None,
                )
                for e in planned
            ],
        )
    return planned
