"""Queries of the status cache: each case's computed status, valid while its inputs are unchanged.

A cached row is valid when it was computed from the case's current version, with the same basis (settings,
playbooks, engine) and for an instant between its computation and the next moment it changes by itself.
Validity is decided in SQL, so a warm ``due`` reads ready lines without parsing a row per case. The
reminders' due index is written in the same transaction, so the tray always reads what the list shows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..core.timefmt import to_utc_key
from .connection import write

_VALID = (
    "s.case_version = c.version AND s.basis = ? AND s.computed_utc <= ? "
    "AND (s.valid_until_utc IS NULL OR s.valid_until_utc > ?)"
)


def stale_case_ids(conn: sqlite3.Connection, basis: str, now: datetime) -> list[int]:
    """The cases whose cached status is missing or no longer valid at ``now``."""
    key = to_utc_key(now)
    return [
        int(r[0])
        for r in conn.execute(
            f"SELECT c.id FROM cases c LEFT JOIN status_cache s ON s.case_id = c.id "
            f"WHERE s.case_id IS NULL OR NOT ({_VALID}) ORDER BY c.id",
            (basis, key, key),
        )
    ]


def valid_rows(conn: sqlite3.Connection, basis: str, now: datetime) -> Iterator[tuple[int, dict[str, Any]]]:
    """(case id, row) of every case whose cached status is valid at ``now``, in case-id order."""
    key = to_utc_key(now)
    for case_id, row in conn.execute(
        f"SELECT s.case_id, s.row FROM status_cache s JOIN cases c ON c.id = s.case_id WHERE {_VALID} "
        "ORDER BY s.case_id",
        (basis, key, key),
    ):
        yield int(case_id), json.loads(row)


def due_lines(conn: sqlite3.Connection, basis: str, now: datetime, *, include_idle: bool = False) -> list[str]:
    """The ready ``due --json`` lines of open cases valid at ``now``, soonest first (no due time last)."""
    key = to_utc_key(now)
    where = "" if include_idle else " AND s.open_action = 1"
    return [
        line
        for (line,) in conn.execute(
            f"SELECT s.due_line FROM status_cache s JOIN cases c ON c.id = s.case_id WHERE {_VALID}"
            f" AND json_extract(s.row, '$.closed') = 0{where} "
            "ORDER BY s.due_utc IS NULL, s.due_utc, c.number",
            (basis, key, key),
        )
    ]


def due_entries(
    conn: sqlite3.Connection, basis: str, now: datetime, *, include_idle: bool = False
) -> list[tuple[str | None, str, str]]:
    """(due key, case number, ready ``due --json`` line) of the open cases whose cached status is valid at
    ``now``, unordered (the caller adds the ones it computes, then sorts)."""
    key = to_utc_key(now)
    where = "" if include_idle else " AND s.open_action = 1"
    return [
        (due, str(number), line)
        for due, number, line in conn.execute(
            f"SELECT s.due_utc, c.number, s.due_line FROM status_cache s JOIN cases c ON c.id = s.case_id "
            f"WHERE {_VALID} AND json_extract(s.row, '$.closed') = 0{where}",
            (basis, key, key),
        )
    ]


def next_change(conn: sqlite3.Connection, basis: str) -> datetime | None:
    """The earliest instant at which a cached status stops holding by itself (None with none cached)."""
    row = conn.execute("SELECT min(valid_until_utc) FROM status_cache WHERE basis = ?", (basis,)).fetchone()
    return datetime.strptime(row[0], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC) if row and row[0] else None


def save(
    conn: sqlite3.Connection,
    basis: str,
    cache_rows: list[tuple[Any, ...]],
    due_rows: list[tuple[str, str, str, str, str]],
) -> None:
    """Store computed statuses and the matching due-index rows, in one transaction.

    ``cache_rows``: (case id, case version, computed, valid until, row JSON, due, open action, due line),
    instants as UTC keys; ``due_rows``: (case number, action, title, due, why) of the cases with a due
    action (the due index of every case in ``cache_rows`` is replaced)."""
    if not cache_rows:
        return
    with write(conn):
        conn.executemany(
            "INSERT INTO status_cache (case_id, case_version, basis, computed_utc, valid_until_utc, row, due_utc, "
            "open_action, due_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET "
            "case_version = excluded.case_version, basis = excluded.basis, computed_utc = excluded.computed_utc, "
            "valid_until_utc = excluded.valid_until_utc, row = excluded.row, due_utc = excluded.due_utc, "
            "open_action = excluded.open_action, due_line = excluded.due_line",
            [(r[0], r[1], basis, *r[2:]) for r in cache_rows],
        )
        conn.executemany(
            "DELETE FROM due_index WHERE case_number = (SELECT number FROM cases WHERE id = ?)",
            [(r[0],) for r in cache_rows],
        )
        conn.executemany(
            "INSERT INTO due_index (case_number, action, title, due_utc, why) VALUES (?, ?, ?, ?, ?)", due_rows
        )
