"""Queries of the reminders: the due index the tray reads, shown reminders and snoozes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..core.timefmt import to_utc_key
from .connection import now_utc_key, write


def from_utc_key(key: str) -> datetime:
    return datetime.strptime(key, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


class ReminderQueries:
    """The reminder tables of one open database (a part of :class:`~.repository.Store`)."""

    conn: sqlite3.Connection

    def replace_due_index(self, rows: Iterable[tuple[str, str, str, datetime, str]]) -> None:
        """The next due action of every open case, as computed by core (read by the reminder timer)."""
        with write(self.conn):
            self.conn.execute("DELETE FROM due_index")
            self.conn.executemany(
                "INSERT INTO due_index (case_number, action, title, due_utc, why) VALUES (?, ?, ?, ?, ?)",
                [(number, action, title, to_utc_key(due), why) for number, action, title, due, why in rows],
            )

    def due_index(self, until: datetime | None = None) -> list[dict[str, Any]]:
        query = "SELECT case_number, action, title, due_utc, why FROM due_index"
        params: tuple[str, ...] = ()
        if until is not None:
            query += " WHERE due_utc <= ?"
            params = (to_utc_key(until),)
        rows = self.conn.execute(query + " ORDER BY due_utc", params).fetchall()
        return [{"case": c, "action": a, "title": t, "due": from_utc_key(d), "why": w} for c, a, t, d, w in rows]

    def acknowledged(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT key FROM reminder_acks")}

    def acknowledge(self, keys: Iterable[str]) -> None:
        with write(self.conn):
            self.conn.executemany(
                "INSERT OR IGNORE INTO reminder_acks (key, shown_utc) VALUES (?, ?)", [(k, now_utc_key()) for k in keys]
            )

    def snoozes(self) -> dict[str, datetime]:
        return {k: from_utc_key(u) for k, u in self.conn.execute("SELECT key, until_utc FROM snoozes")}

    def snooze(self, key: str, until: datetime) -> None:
        with write(self.conn):
            self.conn.execute(
                "INSERT INTO snoozes (key, until_utc) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                "SET until_utc = excluded.until_utc",
                (key, to_utc_key(until)),
            )
