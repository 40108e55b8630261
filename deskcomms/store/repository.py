"""Queries: settings, profile, cases with their contacts, and events. Bound parameters only."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import UserError
from ..core.model import Case, Contact, Event, Tam
from ..core.settings import DEFAULTS, PROFILE_DEFAULTS, normalize_profile, normalize_settings
from ..core.timefmt import format_instant_iso, to_utc_key
from .connection import connect, now_utc_key, write
from .lock import DataLock
from .reminder_queries import ReminderQueries, from_utc_key
from .stored_json import json_object

if TYPE_CHECKING:
    from ..core.interchange import Document
    from ..core.mailtext import MailText


@dataclass
class ImportResult:
    cases_added: int = 0
    cases_updated: int = 0
    events_added: int = 0
    events_already_there: int = 0
    # (case number, instant, kind, fields) of each event actually written: a caller planning events
    # outside the transaction (capture) learns which were already there by then.
    added: set[tuple[str, str, str, str]] = field(default_factory=set)


_from_utc_key = from_utc_key


def event_identity(event: Event) -> tuple[str, str, str]:
    """What makes two events the same one (an import merges them): instant, kind and fields."""
    return (to_utc_key(event.at), event.kind, _fields_json(event.fields))


def _fields_json(fields: Mapping[str, Any]) -> str:
    if not fields:
        return "{}"  # most events carry no field; an import asks this for every event
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)


_CASE_COLUMNS = """
    c.id, c.number, c.title, c.technology, c.playbook, c.opened_at, c.notes, c.extra,
    cu.name, cu.email, cu.phone, cu.timezone, cu.preferred_channel, cu.premier, cu.do_not_contact, cu.extra,
    t.name, t.email, t.extra
"""
_CASE_FROM = """
    FROM cases c
    LEFT JOIN contacts cu ON cu.case_id = c.id AND cu.role = 'customer'
    LEFT JOIN contacts t ON t.case_id = c.id AND t.role = 'tam'
"""


def _case_from_row(row: tuple[Any, ...]) -> Case:
    (
        case_id,
        number,
        title,
        technology,
        playbook,
        opened_at,
        notes,
        extra,
        cu_name,
        cu_email,
        cu_phone,
        cu_tz,
        cu_channel,
        cu_premier,
        cu_dnc,
        cu_extra,
        tam_name,
        tam_email,
        tam_extra,
    ) = row
    customer = Contact(
        name=cu_name or "",
        email=cu_email or "",
        phone=cu_phone or "",
        timezone=cu_tz or "",
        preferred_channel=cu_channel or "email",
        premier=bool(cu_premier),
        do_not_contact=bool(cu_dnc),
        extra=json_object(cu_extra) if cu_extra else {},
    )
    tam = None
    if tam_name is not None:
        tam = Tam(name=tam_name, email=tam_email or "", extra=json_object(tam_extra) if tam_extra else {})
    return Case(
        id=case_id,
        number=number,
        title=title,
        technology=technology,
        playbook=playbook,
        opened_at=datetime.fromisoformat(opened_at),
        customer=customer,
        tam=tam,
        notes=notes,
        extra=json_object(extra) if extra else {},
    )


class Store(ReminderQueries):
    """The deskcomms database of one data folder."""

    def __init__(self, conn: sqlite3.Connection, lock: DataLock | None = None) -> None:
        self.conn = conn
        self._lock = lock

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open the database, holding the data folder's shared lock (so no restore replaces it meanwhile)."""
        lock = DataLock(path.parent)
        try:
            return cls(connect(path), lock)
        except BaseException:
            lock.release()
            raise

    def reopen(self, path: Path) -> None:
        """Open the database again in this same object (after a restore), so every holder sees it."""
        self.close()
        self._lock = DataLock(path.parent)
        try:
            self.conn = connect(path)
        except BaseException:
            self._lock.release()
            self._lock = None
            raise

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- settings and profile ---------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        stored = {k: json.loads(v) for k, v in self.conn.execute("SELECT key, value FROM settings")}
        return {**DEFAULTS, **stored}

    def save_settings(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Validate and store settings (merged over the current ones); returns the full result."""
        merged = normalize_settings({**self.settings(), **values})
        with write(self.conn):
            self._write_settings(merged)
            self._changed()
        return merged

    def _write_settings(self, merged: Mapping[str, Any]) -> None:
        self.conn.execute("DELETE FROM settings")
        self.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [(k, json.dumps(v)) for k, v in merged.items() if DEFAULTS.get(k, object()) != v],
        )

    def profile(self) -> dict[str, str]:
        stored = dict(self.conn.execute("SELECT key, value FROM profile"))
        return {**PROFILE_DEFAULTS, **stored}

    def save_profile(self, values: Mapping[str, Any]) -> dict[str, str]:
        merged = normalize_profile({**self.profile(), **values})
        with write(self.conn):
            self._write_profile(merged)
            self._changed()
        return merged

    def _write_profile(self, merged: Mapping[str, str]) -> None:
        self.conn.execute("DELETE FROM profile")
        self.conn.executemany("INSERT INTO profile (key, value) VALUES (?, ?)", list(merged.items()))

    # ----- cases ------------------------------------------------------------------------------------

    def case_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM cases").fetchone()[0])

    def case_numbers(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT number FROM cases")}

    def load_cases(self) -> list[Case]:
        """Every case with its contacts and events, in case-number order."""
        cases = [_case_from_row(r) for r in self.conn.execute(f"SELECT {_CASE_COLUMNS} {_CASE_FROM} ORDER BY c.number")]
        by_id = {c.id: c for c in cases}
        for case_id, event_id, at, kind, fields in self.conn.execute(
            "SELECT case_id, id, at, kind, fields FROM events ORDER BY case_id, at_utc, id"
        ):
            by_id[case_id].events.append(
                Event(at=datetime.fromisoformat(at), kind=kind, fields=json_object(fields), id=event_id)
            )
        return cases

    def iter_cases(self, batch: int = 2000) -> Iterator[Case]:
        """Every case with its contacts and events, a batch at a time (memory stays flat at 100,000 cases)."""
        last = 0
        while True:
            cases = [
                _case_from_row(r)
                for r in self.conn.execute(
                    f"SELECT {_CASE_COLUMNS} {_CASE_FROM} WHERE c.id > ? ORDER BY c.id LIMIT ?", (last, batch)
                )
            ]
            if not cases:
                return
            by_id = {c.id: c for c in cases}
            low, high = cases[0].id, cases[-1].id
            for case_id, event_id, at, kind, fields in self.conn.execute(
                "SELECT case_id, id, at, kind, fields FROM events WHERE case_id BETWEEN ? AND ? "
                "ORDER BY case_id, at_utc, id",
                (low, high),
            ):
                by_id[case_id].events.append(
                    Event(at=datetime.fromisoformat(at), kind=kind, fields=json_object(fields), id=event_id)
                )
            yield from cases
            last = int(high or 0)

    def cases_by_id(self, ids: Iterable[int], batch: int = 500) -> Iterator[Case]:
        """The cases with these ids (contacts and events), a batch at a time."""
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), batch):
            chunk = wanted[start : start + batch]
            marks = ",".join("?" * len(chunk))
            cases = [
                _case_from_row(r)
                for r in self.conn.execute(f"SELECT {_CASE_COLUMNS} {_CASE_FROM} WHERE c.id IN ({marks})", chunk)
            ]
            by_id = {c.id: c for c in cases}
            for case_id, event_id, at, kind, fields in self.conn.execute(
                f"SELECT case_id, id, at, kind, fields FROM events WHERE case_id IN ({marks}) "
                "ORDER BY case_id, at_utc, id",
                chunk,
            ):
                by_id[case_id].events.append(
                    Event(at=datetime.fromisoformat(at), kind=kind, fields=json_object(fields), id=event_id)
                )
            yield from cases

    # ----- capture's index: cases by number and by customer address, captured emails by identity ----

    def numbers_among(self, numbers: Iterable[str]) -> set[str]:
        """Which of ``numbers`` are cases of the list (by the cases' unique index, not a scan)."""
        wanted = sorted(set(numbers))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.conn.execute(f"SELECT number FROM cases WHERE number IN ({marks})", chunk))
        return found

    def _ids_of(self, numbers: Iterable[str]) -> dict[str, int]:
        """{number: id} of these cases (by the unique index: a capture into 100,000 cases reads one row)."""
        wanted = sorted(set(numbers))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(f"SELECT number, id FROM cases WHERE number IN ({marks})", chunk))
        return found

    def open_cases_of(self, keys: Iterable[str]) -> set[str]:
        """The open cases whose customer has one of these address keys (``addresses.address_key``)."""
        wanted = sorted({k for k in keys if k})[:500]
        if not wanted:
            return set()
        marks = ",".join("?" * len(wanted))
        rows = self.conn.execute(
            "SELECT c.number, (SELECT e.kind FROM events e WHERE e.case_id = c.id AND e.kind IN ('closed', 'reopened') "
            "ORDER BY e.at_utc DESC, e.id DESC LIMIT 1) FROM contacts cu JOIN cases c ON c.id = cu.case_id "
            f"WHERE cu.role = 'customer' AND cu.email_key IN ({marks})",
            wanted,
        )
        return {number for number, last in rows if last != "closed"}

    def captured(self, field_name: str, values: Iterable[str]) -> list[tuple[str, Event]]:
        """(case number, event) of the events captured from these emails (``message_id`` or ``fingerprint``)."""
        if field_name not in ("message_id", "fingerprint"):
            raise ValueError(field_name)
        wanted = sorted({v for v in values if v})[:500]
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        rows = self.conn.execute(
            f"SELECT c.number, e.id, e.at, e.kind, e.fields FROM events e JOIN cases c ON c.id = e.case_id "
            f"WHERE json_extract(e.fields, '$.{field_name}') IN ({marks}) ORDER BY e.at_utc, e.id",
            wanted,
        )
        return [
            (number, Event(at=datetime.fromisoformat(at), kind=kind, fields=json.loads(fields), id=event_id))
            for number, event_id, at, kind, fields in rows
        ]

    def open_case_titles(self) -> list[tuple[str, str]]:
        """(number, title) of every open case, by number: the capture preview's choice of case."""
        rows = self.conn.execute(
            "SELECT c.number, c.title, (SELECT e.kind FROM events e WHERE e.case_id = c.id "
            "AND e.kind IN ('closed', 'reopened') ORDER BY e.at_utc DESC, e.id DESC LIMIT 1) FROM cases c "
            "ORDER BY c.number"
        )
        return [(number, title) for number, title, last in rows if last != "closed"]

    def get_case(self, number: str) -> Case | None:
        row = self.conn.execute(f"SELECT {_CASE_COLUMNS} {_CASE_FROM} WHERE c.number = ?", (number,)).fetchone()
        if row is None:
            return None
        case = _case_from_row(row)
        case.events = [
            Event(at=datetime.fromisoformat(at), kind=kind, fields=json.loads(fields), id=event_id)
            for event_id, at, kind, fields in self.conn.execute(
                "SELECT id, at, kind, fields FROM events WHERE case_id = ? ORDER BY at_utc, id", (case.id,)
            )
        ]
        return case

    def require_case(self, number: str) -> Case:
        case = self.get_case(number)
        if case is None:
            raise UserError(f"no case {number} (import it, or create it in the app)")
        return case

    def save_case(self, case: Case) -> int:
        """Insert or update a case's own fields and contacts (not its events)."""
        with write(self.conn):
            self._changed()
            return self._upsert_case(case)

    def _upsert_case(self, case: Case) -> int:
        if case.opened_at is None:
            raise UserError("a case needs the instant it was opened", where=f"case {case.number}")
        from .bulk_insert import case_values, contact_values

        params = case_values(case, now_utc_key())
        row = self.conn.execute("SELECT id FROM cases WHERE number = ?", (case.number,)).fetchone()
        if row:
            case_id = int(row[0])
            self.conn.execute(
                "UPDATE cases SET title=?, technology=?, playbook=?, opened_at=?, opened_utc=?, notes=?, "
                "extra=?, updated_utc=?, version = version + 1 WHERE id=?",
                (*params, case_id),
            )
        else:
            cur = self.conn.execute(
                "INSERT INTO cases (title, technology, playbook, opened_at, opened_utc, notes, extra, "
                "updated_utc, number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*params, case.number),
            )
            case_id = int(cur.lastrowid or 0)
        self.conn.execute(
            "INSERT INTO contacts (case_id, role, name, email, phone, timezone, preferred_channel, premier, "
            "do_not_contact, extra, email_key) VALUES (?, 'customer', ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (case_id, role) DO UPDATE SET name=excluded.name, email=excluded.email, "
            "email_key=excluded.email_key, "
            "phone=excluded.phone, timezone=excluded.timezone, preferred_channel=excluded.preferred_channel, "
            "premier=excluded.premier, do_not_contact=excluded.do_not_contact, extra=excluded.extra",
            (case_id, *contact_values(case.customer)),
        )
        if case.tam is not None:
            self.conn.execute(
                "INSERT INTO contacts (case_id, role, name, email, extra) VALUES (?, 'tam', ?, ?, ?) "
                "ON CONFLICT (case_id, role) DO UPDATE SET name=excluded.name, email=excluded.email, "
                "extra=excluded.extra",
                (case_id, case.tam.name, case.tam.email, json.dumps(case.tam.extra)),
            )
        else:
            self.conn.execute("DELETE FROM contacts WHERE case_id = ? AND role = 'tam'", (case_id,))
        case.id = case_id
        return case_id

    # ----- events -----------------------------------------------------------------------------------

    def add_event(self, case_number: str, event: Event, mail: MailText | None = None) -> int:
        """Record one event on an existing case (with the text of its email, if given, in the same
        transaction); returns its id. Durable once this returns."""
        with write(self.conn):
            row = self.conn.execute("SELECT id FROM cases WHERE number = ?", (case_number,)).fetchone()
            if row is None:
                raise UserError(f"no case {case_number}")
            event.id = self._insert_events(int(row[0]), [event])[0]
            if mail is not None:
                from . import mail as mail_table

                mail_table.insert(self.conn, int(row[0]), event.id, mail)
            self._changed()
        return event.id

    def _insert_identified(self, case_id: int, events: list[tuple[Event, tuple[str, str, str]]]) -> None:
        """Insert events whose identity (UTC key, kind, fields JSON) is already known, in one statement."""
        if not events:
            return
        recorded = now_utc_key()
        self.conn.executemany(
            "INSERT INTO events (case_id, at, at_utc, kind, fields, recorded_utc) VALUES (?, ?, ?, ?, ?, ?)",
            [(case_id, format_instant_iso(e.at), key, kind, fields, recorded) for e, (key, kind, fields) in events],
        )
        self.conn.execute("UPDATE cases SET version = version + 1 WHERE id = ?", (case_id,))

    def _insert_events(self, case_id: int, events: Iterable[Event]) -> list[int]:
        ids = []
        recorded = now_utc_key()
        for event in events:
            cur = self.conn.execute(
                "INSERT INTO events (case_id, at, at_utc, kind, fields, recorded_utc) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    format_instant_iso(event.at),
                    to_utc_key(event.at),
                    event.kind,
                    _fields_json(event.fields),
                    recorded,
                ),
            )
            ids.append(int(cur.lastrowid or 0))
        if ids:
            self.conn.execute("UPDATE cases SET version = version + 1 WHERE id = ?", (case_id,))
        return ids

    def delete_event(self, event_id: int) -> None:
        """Remove one event (the app's Undo of the last recorded event)."""
        with write(self.conn):
            self.conn.execute(
                "UPDATE cases SET version = version + 1 WHERE id = (SELECT case_id FROM events WHERE id = ?)",
                (event_id,),
            )
            self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
            self._changed()

    # ----- call-prep checklists ----------------------------------------------------------------------

    def ticked(self, case_id: int, call_key: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT item_key FROM checklist_ticks WHERE case_id = ? AND call_key = ?", (case_id, call_key)
        )
        return {row[0] for row in rows}

    def set_tick(self, case_id: int, call_key: str, item_key: str, checked: bool) -> None:
        with write(self.conn):
            if checked:
                self.conn.execute(
                    "INSERT OR IGNORE INTO checklist_ticks (case_id, call_key, item_key) VALUES (?, ?, ?)",
                    (case_id, call_key, item_key),
                )
            else:
                self.conn.execute(
                    "DELETE FROM checklist_ticks WHERE case_id = ? AND call_key = ? AND item_key = ?",
                    (case_id, call_key, item_key),
                )

    def state(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM app_state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_state(self, key: str, value: str | None, *, replacing: str = "") -> None:
        """Set (None: delete) one key; ``replacing``: other keys starting so go (what ``key`` supersedes)."""
        with write(self.conn):
            if replacing:
                self.conn.execute(
                    "DELETE FROM app_state WHERE substr(key, 1, length(?)) = ? AND key <> ?",
                    (replacing, replacing, key),
                )
            if value is None:
                self.conn.execute("DELETE FROM app_state WHERE key = ?", (key,))
            else:
                self.conn.execute(
                    "INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                    "SET value = excluded.value",
                    (key, value),
                )

    # ----- change tracking --------------------------------------------------------------------------

    def _changed(self) -> None:
        """Count a change of cases, events, settings or profile (inside the writer's transaction), so a
        running app sees what the command line wrote. The due index and reminder state do not count."""
        self.conn.execute(
            "INSERT INTO app_state (key, value) VALUES ('generation', '1') ON CONFLICT (key) DO UPDATE "
            "SET value = CAST(value AS INTEGER) + 1"
        )

    def generation(self) -> int:
        """Grows with every change of cases, events, settings or profile, by any process."""
        value = self.state("generation")
        return int(value) if value and value.isdigit() else 0

    def document_extra(self) -> dict[str, Any]:
        """Top-level keys of imported files that deskcomms does not know, kept for export."""
        raw = self.state("document_extra")
        value = json.loads(raw) if raw else {}
        return value if isinstance(value, dict) else {}

    # ----- interchange ------------------------------------------------------------------------------

    def import_document(
        self, doc: Document, mail: Mapping[tuple[str, str, str, str], MailText] | None = None
    ) -> ImportResult:
        """Merge a validated document in one transaction: cases upserted, events added without duplicates.

        ``mail``: the text of emails, by (case number, *event identity), kept beside the events added.
        Nothing is deleted. Either everything is written or (on any error) nothing is.
        """
        from . import mail as mail_table
        from .bulk_insert import NewCases

        result = ImportResult()
        with write(self.conn):
            if doc.settings:
                self._write_settings(normalize_settings({**self.settings(), **doc.settings}))
            if doc.profile:
                self._write_profile(normalize_profile({**self.profile(), **doc.profile}))
            existing = self._ids_of(case.number for case in doc.cases)
            new_cases = NewCases(self.conn, now_utc_key())
            for case in doc.cases:
                known: dict[tuple[str, str, str], int] = {}
                old_id = existing.get(case.number)
                if old_id is not None:
                    result.cases_updated += 1
                    known = {
                        (at_utc, kind, fields): int(event_id)
                        for event_id, at_utc, kind, fields in self.conn.execute(
                            "SELECT id, at_utc, kind, fields FROM events WHERE case_id = ?", (old_id,)
                        )
                    }
                else:
                    result.cases_added += 1
                fresh: list[tuple[Event, tuple[str, str, str]]] = []
                for event in case.events:
                    identity = event_identity(event)
                    if identity in known:
                        result.events_already_there += 1
                        text = (mail or {}).get((case.number, *identity))
                        stored = known[identity]  # 0: an event earlier in this same file
                        if text is not None and stored and mail_table.of_event(self.conn, stored) is None:
                            mail_table.insert(self.conn, int(old_id or 0), stored, text)  # forgotten, then restored
                        continue
                    known[identity] = 0
                    fresh.append((event, identity))
                    result.added.add((case.number, *identity))
                result.events_added += len(fresh)
                texts = [mail.get((case.number, *identity)) for _, identity in fresh] if mail else []
                if old_id is None and not any(text is not None for text in texts):
                    new_cases.add(case, fresh)  # the common large import: new cases, written in batches
                    continue
                new_cases.flush()  # what is queued takes its ids before this case is written
                case_id = self._upsert_case(case)
                if any(text is not None for text in texts):
                    # Kept mail goes beside its event, so these events' ids are needed: inserted one by one.
                    ids = self._insert_events(case_id, [event for event, _ in fresh])
                    for event_id, text in zip(ids, texts, strict=True):
                        if text is not None:
                            mail_table.insert(self.conn, case_id, event_id, text)
                else:
                    self._insert_identified(case_id, fresh)
            new_cases.flush()
            if doc.extra:
                merged = {**self.document_extra(), **doc.extra}
                self.conn.execute(
                    "INSERT INTO app_state (key, value) VALUES ('document_extra', ?) ON CONFLICT (key) DO UPDATE "
                    "SET value = excluded.value",
                    (json.dumps(merged, ensure_ascii=False),),
                )
            self._changed()
        return result
