"""The ``mail_text`` table: the words of captured emails and of drafts recorded as sent, one row per event.

Rows go with their event (deleting the event deletes them) and with their case; "forget this case's mail"
deletes them and nothing else. Called inside the caller's write transaction where it writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from ..core.mailtext import MailText
from .connection import now_utc_key, write

_COLUMNS = "event_id, ours, reply, body, message_id, sender, subject"


def _from_row(row: tuple[object, ...]) -> MailText:
    event_id, ours, reply, body, message_id, sender, subject = row
    return MailText(bool(ours), str(reply), str(body), str(message_id), str(sender), str(subject), int(str(event_id)))


def insert(conn: sqlite3.Connection, case_id: int, event_id: int, mail: MailText) -> None:
    """Keep ``mail`` beside event ``event_id`` (inside the caller's transaction)."""
    conn.execute(
        "INSERT OR REPLACE INTO mail_text (event_id, case_id, ours, message_id, sender, subject, reply, body, "
        "kept_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event_id,
            case_id,
            int(mail.ours),
            mail.message_id,
            mail.sender,
            mail.subject,
            mail.reply,
            mail.body,
            now_utc_key(),
        ),
    )


def of_event(conn: sqlite3.Connection, event_id: int) -> MailText | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM mail_text WHERE event_id = ?", (event_id,)).fetchone()
    return None if row is None else _from_row(row)


def of_case(conn: sqlite3.Connection, case_id: int) -> dict[int, MailText]:
    """Every kept text of a case, by event id."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM mail_text WHERE case_id = ?", (case_id,))
    return {int(r[0]): _from_row(r) for r in rows}


def of_cases(conn: sqlite3.Connection, case_ids: Iterable[int]) -> dict[int, MailText]:
    """Every kept text of these cases, by event id (an export with mail)."""
    found: dict[int, MailText] = {}
    wanted = sorted(set(case_ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT {_COLUMNS} FROM mail_text WHERE case_id IN ({marks})", chunk):
            found[int(row[0])] = _from_row(row)
    return found


def count(conn: sqlite3.Connection, case_id: int) -> int:
    return int(conn.execute("SELECT count(*) FROM mail_text WHERE case_id = ?", (case_id,)).fetchone()[0])


def forget_case(conn: sqlite3.Connection, case_id: int) -> int:
    """Delete every kept text of one case (its events stay); returns how many were deleted."""
    with write(conn):
        cur = conn.execute("DELETE FROM mail_text WHERE case_id = ?", (case_id,))
    return int(cur.rowcount or 0)
