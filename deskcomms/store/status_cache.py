"""Queries of the status cache: each case's computed status, valid while its inputs are unchanged.

A cached row is valid when it was computed from the case's current version, with the same basis (settings,
playbooks, engine) and for an instant between its computation and the next moment it changes by itself.
The reminders' due index is written in the same transaction, so the tray always reads what the list shows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..core.timefmt import to_utc_key
from .connection import write


@dataclass(frozen=True)
class CachedStatus:
    case_id: int
    case_version: int
    computed: datetime
    valid_until: datetime | None
    row: dict[str, Any]
    due_entry: tuple[str, str, datetime, str] | None  # action, title, due, why (for the reminders)


def valid_rows(conn: sqlite3.Connection, basis: str, now: datetime) -> Iterator[tuple[int, dict[str, Any]]]:
    """(case id, row) of every case whose cached status is valid at ``now``."""
    key = to_utc_key(now)
    for case_id, row in conn.execute(
        "SELECT s.case_id, s.row FROM status_cache s JOIN cases c ON c.id = s.case_id "
        "WHERE s.case_version = c.version AND s.basis = ? AND s.computed_utc <= ? "
        "AND (s.valid_until_utc IS NULL OR s.valid_until_utc > ?)",
        (basis, key, key),
    ):
        yield int(case_id), json.loads(row)


def case_ids(conn: sqlite3.Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute("SELECT id FROM cases ORDER BY id")]


def save(conn: sqlite3.Connection, basis: str, entries: Iterable[CachedStatus]) -> None:
    """Store computed statuses and the matching due-index rows, in one transaction."""
    entries = list(entries)
    if not entries:
        return
    with write(conn):
        conn.executemany(
            "INSERT INTO status_cache (case_id, case_version, basis, computed_utc, valid_until_utc, row) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET case_version = excluded.case_version, "
            "basis = excluded.basis, computed_utc = excluded.computed_utc, "
            "valid_until_utc = excluded.valid_until_utc, row = excluded.row",
            [
                (
                    e.case_id,
                    e.case_version,
                    basis,
                    to_utc_key(e.computed),
                    to_utc_key(e.valid_until) if e.valid_until else None,
                    json.dumps(e.row, ensure_ascii=False),
                )
                for e in entries
            ],
        )
        numbers = [(e.row["number"],) for e in entries]
        conn.executemany("DELETE FROM due_index WHERE case_number = ?", numbers)
        conn.executemany(
            "INSERT INTO due_index (case_number, action, title, due_utc, why) VALUES (?, ?, ?, ?, ?)",
            [
                (e.row["number"], action, title, to_utc_key(due), why)
                for e in entries
                if e.due_entry is not None
                for action, title, due, why in [e.due_entry]
            ],
        )


def drop_missing(conn: sqlite3.Connection) -> None:
    """Forget due-index rows of cases that no longer exist (renamed or merged away)."""
    with write(conn):
        conn.execute("DELETE FROM due_index WHERE case_number NOT IN (SELECT number FROM cases)")
