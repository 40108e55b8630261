"""The draft coach's "fine here" dismissals: per case and template, a hash of each dismissed finding
(never its text). They go with the kept draft: discarding or sending it forgets them."""

from __future__ import annotations

import sqlite3

from .connection import write


def dismissed(conn: sqlite3.Connection, case_id: int, template: str) -> set[str]:
    rows = conn.execute("SELECT quote FROM coach_dismissals WHERE case_id = ? AND template = ?", (case_id, template))
    return {str(row[0]) for row in rows}


def dismiss(conn: sqlite3.Connection, case_id: int, template: str, rule: str, key: str) -> None:
    with write(conn):
        conn.execute(
            "INSERT OR IGNORE INTO coach_dismissals (case_id, template, rule, quote) VALUES (?, ?, ?, ?)",
            (case_id, template, rule, key),
        )


def forget(conn: sqlite3.Connection, case_id: int) -> None:
    """Inside the caller's transaction: the draft they belonged to is gone."""
    conn.execute("DELETE FROM coach_dismissals WHERE case_id = ?", (case_id,))
