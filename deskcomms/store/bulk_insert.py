"""Writing many new cases at once (an import): a few statements per thousand cases, not five per case.

What it writes is what one-by-one writing writes (``Store._upsert_case`` then ``_insert_identified``): the
same rows, the same ids in the same order (SQLite gives an ``INTEGER PRIMARY KEY`` the largest id + 1, which
is what is given here explicitly), a case's version 1 when events came with it. Only for cases that are not
in the database yet and bring no kept mail (those need each event's id as it is written).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from ..core.errors import UserError
from ..core.model import Case, Contact, Event
from ..core.timefmt import format_instant_iso, to_utc_key

# Rows gathered before they are written: bounded memory, and still few statements.
BATCH = 2000


def _json(extra: dict[str, Any]) -> str:
    return json.dumps(extra) if extra else "{}"  # most cases carry no unknown key


def case_values(case: Case, updated: str) -> tuple[Any, ...]:
    """A case's own row: title, technology, playbook, opened (as given and as a UTC key), notes, extra JSON
    and the instant it was written (``updated``)."""
    assert case.opened_at is not None
    return (
        case.title,
        case.technology,
        case.playbook,
        format_instant_iso(case.opened_at),
        to_utc_key(case.opened_at),
        case.notes,
        _json(case.extra),
        updated,
    )


def contact_values(c: Contact) -> tuple[Any, ...]:
    """A customer's contacts row after (case_id, role): name, email, phone, timezone, preferred channel,
    premier, do-not-contact, extra JSON and the address in its comparable form."""
    from ..core.addresses import address_key  # here: opening the window never writes a contact

    return (
        c.name,
        c.email,
        c.phone,
        c.timezone,
        c.preferred_channel,
        int(c.premier),
        int(c.do_not_contact),
        _json(c.extra),
        address_key(c.email) if c.email else "",
    )


class NewCases:
    """Gathers new cases and their events, and writes them in batches inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, recorded: str) -> None:
        self.conn = conn
        self.recorded = recorded  # the import's one instant: updated_utc and recorded_utc of every row
        self._cases: list[tuple[Any, ...]] = []
        self._contacts: list[tuple[Any, ...]] = []
        self._events: list[tuple[Any, ...]] = []
        self._next_id = 0

    def add(self, case: Case, events: list[tuple[Event, tuple[str, str, str]]]) -> int:
        """Queue ``case`` (new) with its ``events`` (each with its identity: UTC key, kind, fields JSON)."""
        if case.opened_at is None:
            raise UserError("a case needs the instant it was opened", where=f"case {case.number}")
        if not self._next_id:
            self._next_id = int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM cases").fetchone()[0]) + 1
        case_id = self._next_id
        self._next_id += 1
        # One-by-one writing bumps the version once for the events it adds.
        self._cases.append((case_id, *case_values(case, self.recorded), case.number, 1 if events else 0))
        self._contacts.append((case_id, "customer", *contact_values(case.customer)))
        if case.tam is not None:
            tam = case.tam
            self._contacts.append((case_id, "tam", tam.name, tam.email, "", "", "email", 0, 0, _json(tam.extra), ""))
        at = format_instant_iso
        self._events += [(case_id, at(e.at), key, kind, fields, self.recorded) for e, (key, kind, fields) in events]
        case.id = case_id
        if len(self._cases) >= BATCH:
            self.flush()
        return case_id

    def flush(self) -> None:
        """Write what is queued. Called before any other write of the import, so ids stay in order."""
        many: Callable[[str, list[tuple[Any, ...]]], Any] = self.conn.executemany
        if self._cases:
            many(
                "INSERT INTO cases (id, title, technology, playbook, opened_at, opened_utc, notes, extra, "
                "updated_utc, number, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._cases,
            )
        if self._contacts:
            many(
                "INSERT INTO contacts (case_id, role, name, email, phone, timezone, preferred_channel, premier, "
                "do_not_contact, extra, email_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._contacts,
            )
        if self._events:
            many(
                "INSERT INTO events (case_id, at, at_utc, kind, fields, recorded_utc) VALUES (?, ?, ?, ?, ?, ?)",
                self._events,
            )
        self._cases, self._contacts, self._events = [], [], []
        self._next_id = 0  # asked again: a one-by-one write in between takes the next id itself
