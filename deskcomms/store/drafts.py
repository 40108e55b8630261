"""Unsent drafts: the edited draft of each case, kept until it is marked sent or discarded (one per case).

The text is the customer's mail: it lives in the database with the case, never in a log.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from ..core.timefmt import to_utc_key
from .connection import write


@dataclass(frozen=True)
class StoredDraft:
    case_id: int
    template: str
    subject: str
    body: str
    promised: datetime | None
    saved: datetime


def _from_key(key: str) -> datetime:
    return datetime.strptime(key, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def load_draft(conn: sqlite3.Connection, case_id: int) -> StoredDraft | None:
    row = conn.execute(
        "SELECT template, subject, body, promised_utc, saved_utc FROM drafts WHERE case_id = ?", (case_id,)
    ).fetchone()
    if row is None:
        return None
    template, subject, body, promised, saved = row
    return StoredDraft(
        case_id, str(template), str(subject), str(body), _from_key(promised) if promised else None, _from_key(saved)
    )


def save_draft(
    conn: sqlite3.Connection,
    case_id: int,
    template: str,
    subject: str,
    body: str,
    promised: datetime | None,
    now: datetime,
) -> None:
    """Keep (or replace) the case's unsent draft."""
    with write(conn):
        conn.execute(
            "INSERT INTO drafts (case_id, template, subject, body, promised_utc, saved_utc) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET template = excluded.template, "
            "subject = excluded.subject, body = excluded.body, promised_utc = excluded.promised_utc, "
            "saved_utc = excluded.saved_utc",
            (case_id, template, subject, body, to_utc_key(promised) if promised else None, to_utc_key(now)),
        )


def discard_draft(conn: sqlite3.Connection, case_id: int) -> None:
    """Forget the case's unsent draft (it was sent, or the engineer discarded the edits)."""
    from .coach import forget

    with write(conn):
        conn.execute("DELETE FROM drafts WHERE case_id = ?", (case_id,))
        forget(conn, case_id)  # the coach's "fine here" went with this draft


def cases_with_drafts(conn: sqlite3.Connection) -> set[int]:
    return {int(row[0]) for row in conn.execute("SELECT case_id FROM drafts")}
