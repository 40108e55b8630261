"""The application service: every use case of deskcomms, once, Qt-free. The command line and the window
both call it; neither opens the store or computes a due date itself.

A ``Desk`` is one open database (one SQLite connection, in one thread). Writes go check → mark an override
→ store → update the case's cached status and the reminders' due index, so whichever face recorded an
event, the other sees the same status.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import UserError
from ..store.backup import DamagedDatabase
from . import statuses
from .compute import Cancelled

if TYPE_CHECKING:
    from ..core.calendar import BusinessCalendar
    from ..core.interchange import Document
    from ..core.mailtext import MailText
    from ..core.model import Case, Event
    from ..store.repository import ImportResult, Store

log = logging.getLogger("deskcomms.desk")
__all__ = ["Cancelled", "DamagedDatabase", "Desk", "Recorded"]


# An import or capture of up to this many cases updates their statuses (and the tray's due index) at once.
REFRESH_AT_ONCE = 500


@dataclass(frozen=True)
class Recorded:
    event_id: int
    override: list[str]


class Desk:
    """The use cases over one open database."""

    def __init__(self, store: Store, database: Path, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self.database = database
        self._clock = clock or (lambda: datetime.now(UTC))
        self._basis: str | None = None
        self._verified_open: Any = None  # opened after a check: a short, clean close remembers the files
        self.reload_settings()

    # ----- opening -----------------------------------------------------------------------------------

    @classmethod
    def open(cls, database: Path, *, check: bool = True, clock: Callable[[], datetime] | None = None) -> Desk:
        """Open the database after its integrity check (a damaged file is kept aside, never written).

        ``check=False`` only where this process already has it open and checked (a worker thread), or
        the caller checked it just before (the window, which offers a restore first)."""
        from ..store import verified
        from ..store.backup import check_or_keep_aside
        from ..store.repository import Store

        if check:
            check_or_keep_aside(database)
        desk = cls(Store.open(database), database, clock)
        # A command, opened checked: its clean close may vouch for the files (store/verified.py).
        desk._verified_open = verified.opened(database) if check else None
        return desk

    def close(self) -> None:
        self.store.close()
        if self._verified_open is not None:
            from ..store import verified

            verified.closed(self.database, self._verified_open)
            self._verified_open = None

    def reopen(self) -> None:
        self.store.reopen(self.database)
        self.reload_settings()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is not None:
            self._verified_open = None  # left by an error: nothing is remembered as good
        self.close()

    @property
    def backups_folder(self) -> Path:
        return self.database.parent / "backups"

    # ----- settings, profile, time ------------------------------------------------------------------

    def reload_settings(self) -> None:
        from ..core.calendar import BusinessCalendar

        self.settings: dict[str, Any] = self.store.settings()
        self.profile: dict[str, str] = self.store.profile()
        from .holidays import kept_holidays

        kept = kept_holidays(self.store, self.settings, self._clock().year)
        self.calendar: BusinessCalendar = BusinessCalendar.from_settings(
            self.settings, trusted=True, holiday_names=kept
        )
        self._basis = None

    def save_settings(self, settings: dict[str, Any], profile: dict[str, str]) -> None:
        self.store.save_settings(settings)
        self.store.save_profile(profile)
        self.reload_settings()

    def now(self) -> datetime:
        """Now, in the engineer's zone."""
        return self.calendar.local(self._clock())

    def generation(self) -> int:
        return self.store.generation()

    # ----- cases --------------------------------------------------------------------------------------

    def case(self, number: str) -> Case | None:
        return self.store.get_case(number)

    def require_case(self, number: str) -> Case:
        case = self.store.get_case(number)
        if case is None:
            raise UserError(f"no case {number} (import it first, or create it in the app)")
        return case

    def load_cases(self) -> list[Case]:
        return self.store.load_cases()

    def case_numbers(self) -> set[str]:
        return self.store.case_numbers()

    def case_count(self) -> int:
        return self.store.case_count()

    def save_case(self, case: Case) -> Case:
        self.store.save_case(case)
        self.refresh_case(case.number)
        return case

    # ----- status -------------------------------------------------------------------------------------

    def status(self, case: Case, now: datetime | None = None, *, sla: bool = True) -> Any:
        from ..core.engine import evaluate, load_playbook

        return evaluate(case, load_playbook(case.playbook), self.calendar, now or self.now(), sla=sla)

    def basis(self) -> str:
        if self._basis is None:
            self._basis = statuses.basis(self.settings)
        return self._basis

    def _computed(self, case: Case, now: datetime, version: int = 0) -> Any:
        from .compute import compute_one

        return compute_one(case, self.calendar, now, version)

    def _compute(
        self, ids: list[int], now: datetime, stop: Callable[[], bool] | None = None, *, with_rows: bool = False
    ) -> Iterator[list[Any]]:
        """These cases evaluated at ``now``, a chunk at a time, on every core when there are many."""
        from .compute import compute_many

        return compute_many(
            self.store, self.database, self.settings, self.calendar, ids, now, stop, with_rows=with_rows
        )

    def _due_entries(self, ids: list[int], now: datetime, include_idle: bool) -> list[tuple[str | None, str, str]]:
        """(due key, number, ``due --json`` line) of these cases at ``now``, computed and not stored."""
        from .compute import due_entries_many

        return due_entries_many(
            self.store, self.database, self.settings, self.calendar, ids, now, include_idle=include_idle
        )

    def update_statuses(self, now: datetime, stop: Callable[[], bool] | None = None) -> int:
        """Compute and cache the status of every case whose cached one is missing or out of date at
        ``now`` (its inputs changed, or it changed by itself since); returns how many were computed."""
        from ..store import status_cache

        conn = self.store.conn
        stale = status_cache.stale_case_ids(conn, self.basis(), now)
        if not stale:
            return 0
        for chunk in self._compute(stale, now, stop):  # written as it goes: memory stays flat, work done is kept
            status_cache.save(conn, self.basis(), [c.cache_row for c in chunk], [c.due_row for c in chunk if c.due_row])
        log.info("statuses: %d computed", len(stale))
        return len(stale)

    def rows(
        self, now: datetime | None = None, *, use_cache: bool = True, stop: Callable[[], bool] | None = None
    ) -> list[dict[str, Any]]:
        """Every case's status row (the case list, the tray). Cached rows are read as they are; only cases
        whose inputs changed, or whose status changed by itself since, are computed again. Without
        ``use_cache`` (another moment than now) the rows valid at that moment are read from the cache,
        the others computed, and nothing is written."""
        from ..store import status_cache

        now = now or self.now()
        if not use_cache:
            found = dict(status_cache.valid_rows(self.store.conn, self.basis(), now))
            missing = [i for i in self._case_ids() if i not in found]
            for chunk in self._compute(missing, now, stop, with_rows=True):
                found.update((c.case_id, c.row) for c in chunk)
            return [found[i] for i in sorted(found)]
        self.update_statuses(now, stop)
        return [row for _id, row in status_cache.valid_rows(self.store.conn, self.basis(), now)]

    def _case_ids(self) -> list[int]:
        return [int(r[0]) for r in self.store.conn.execute("SELECT id FROM cases ORDER BY id")]

    def next_status_change(self) -> datetime | None:
        """The earliest instant a cached status changes by itself (the window recomputes its list then)."""
        from ..store import status_cache

        return status_cache.next_change(self.store.conn, self.basis())

    def why(self, number: str) -> str:
        """The one-line explanation of a case's next due date, as last computed."""
        row = self.store.conn.execute(
            "SELECT json_extract(s.row, '$.why') FROM status_cache s JOIN cases c ON c.id = s.case_id "
            "WHERE c.number = ?",
            (number,),
        ).fetchone()
        return str(row[0]) if row and row[0] else ""

    def iter_rows(self, now: datetime, *, stop: Callable[[], bool] | None = None) -> Iterator[dict[str, Any]]:
        """Like ``rows``, one row at a time (the window's list of 100,000 cases never holds them twice)."""
        from ..store import status_cache

        self.update_statuses(now, stop)
        for _id, row in status_cache.valid_rows(self.store.conn, self.basis(), now):
            yield row

    def due_lines(self, now: datetime, *, include_idle: bool = False, use_cache: bool = True) -> list[str]:
        """``deskcomms due --json``'s lines, soonest first, ready to print.

        ``use_cache``: statuses out of date at ``now`` are computed and cached first. Without it (another
        moment than now, ``--at``) the cache is read but not written: a cached status holds from the instant
        it was computed for until its case's next event or its own next change, so only the cases that
        changed by themselves (or were computed for a later instant) are evaluated, on every core."""
        from ..store import status_cache

        if use_cache:
            self.update_statuses(now)
            return status_cache.due_lines(self.store.conn, self.basis(), now, include_idle=include_idle)
        conn = self.store.conn
        chosen = status_cache.due_entries(conn, self.basis(), now, include_idle=include_idle)
        missing = status_cache.stale_case_ids(conn, self.basis(), now)
        chosen += self._due_entries(missing, now, include_idle)
        chosen.sort(key=lambda e: (e[0] is None, e[0] or "", e[1]))
        return [line for _due, _number, line in chosen]

    def refresh_case(self, number: str) -> dict[str, Any] | None:
        """Recompute and cache one case's status after a write (the list, due and the tray see it at once)."""
        rows = self.refresh_cases([number])
        return rows[0] if rows else None

    def refresh_cases(self, numbers: Iterable[str]) -> list[dict[str, Any]]:
        """Recompute and cache these cases' statuses, in one transaction."""
        from ..store import status_cache

        marks = list(numbers)
        ids: list[int] = []
        for start in range(0, len(marks), 500):
            chunk = marks[start : start + 500]
            ids += [
                int(r[0])
                for r in self.store.conn.execute(
                    f"SELECT id FROM cases WHERE number IN ({','.join('?' * len(chunk))})", chunk
                )
            ]
        computed = [c for chunk in self._compute(ids, self.now(), with_rows=True) for c in chunk]
        status_cache.save(
            self.store.conn, self.basis(), [c.cache_row for c in computed], [c.due_row for c in computed if c.due_row]
        )
        order = {n: i for i, n in enumerate(marks)}
        return [c.row for c in sorted(computed, key=lambda c: order.get(c.number, 0))]

    # ----- recording ----------------------------------------------------------------------------------

    def problems(self, case: Case, event: Event) -> list[str]:
        """Why the playbook would not expect this event now (empty when it does)."""
        from ..core.engine import check_event, load_playbook

        return check_event(case, event, load_playbook(case.playbook), self.calendar)

    def record(
        self, number: str, event: Event, *, override: bool | list[str] = False, mail: MailText | None = None
    ) -> Recorded:
        """Check the event against the playbook, mark an accepted override, store it, update the status.

        ``override``: False refuses an event the playbook does not expect (UserError with the reasons);
        True records it anyway; a list records it naming those reasons (the window asked already).
        ``mail``: the text of the email this event stands for (a draft copied and recorded as sent), kept
        with it unless the engineer turned keeping mail off."""
        case = self.require_case(number)
        problems = list(override) if isinstance(override, list) else self.problems(case, event)
        if problems and override is False:
            raise UserError(
                f"not recorded: {'; '.join(problems)}. Use --force to record it anyway (marked as an override).",
                where=f"case {case.number}",
            )
        if problems:
            # An override is marked on the event itself, so the timeline and an export show it.
            event.fields["forced"] = True
            event.fields["override_reason"] = "; ".join(problems)
        event_id = self.store.add_event(case.number, event, mail if self.keeps_mail else None)
        log.info(
            "recorded event %d (%s%s) on case id %s", event_id, event.kind, ", forced" if problems else "", case.id
        )
        self.refresh_case(case.number)
        return Recorded(event_id, problems)

    def delete_event(self, number: str, event_id: int) -> None:
        """Remove one recorded event of a case (the window's Undo, after it asked)."""
        self.store.delete_event(event_id)
        log.info("removed event %d", event_id)
        self.refresh_case(number)

    # ----- kept mail text (never logged; exported only when asked) -------------------------------------

    @property
    def keeps_mail(self) -> bool:
        from ..core.mailtext import keeping

        return keeping(self.settings)

    def mail_of_event(self, event_id: int) -> MailText | None:
        """The kept text of the email an event was recorded from (None when none is kept)."""
        from ..store import mail

        return mail.of_event(self.store.conn, event_id)

    def case_mail(self, number: str) -> dict[int, MailText]:
        """Every kept email text of a case, by event id (the draft coach reads them)."""
        from ..store import mail

        case = self.require_case(number)
        return mail.of_case(self.store.conn, int(case.id or 0))

    def forget_case_mail(self, number: str) -> int:
        """Delete the kept text of every email of a case (its events stay); returns how many."""
        from ..store import mail

        case = self.require_case(number)
        forgotten = mail.forget_case(self.store.conn, int(case.id or 0))
        log.info("forgot %d kept mail text(s) of case id %s", forgotten, case.id)
        return forgotten

    # ----- the draft coach -----------------------------------------------------------------------------

    def coach_context(
        self,
        number: str | None,
        template: str | None = None,
        *,
        replying_to: str | None = None,
        now: datetime | None = None,
    ) -> Any:
        """What the coach knows of a draft: with a case, its customer, ball, our earlier emails and the
        customer's last email (kept mail text); ``template`` defaults to the one its next action calls for."""
        from ..core.coach import CoachContext, context_for_case
        from ..store import mail

        if number is None:
            known = [self.profile.get(k, "") for k in ("email", "phone", "manager_email", "support_cc")]
            return CoachContext(template=template, known=tuple(known))
        case = self.require_case(number)
        status = self.status(case, now)
        if template is None:
            template = (status.next_action.template if status.next_action else None) or status.stage.template
        kept = mail.of_case(self.store.conn, int(case.id or 0))
        return context_for_case(case, status, kept, self.profile, template, replying_to)

    def coach_dismissed(self, case_id: int, template: str) -> set[str]:
        from ..store import coach

        return coach.dismissed(self.store.conn, case_id, template)

    def dismiss_finding(self, case_id: int, template: str, rule: str, key: str) -> None:
        """Remember "fine here" for one finding of this case's draft (until it is sent or discarded)."""
        from ..store import coach

        coach.dismiss(self.store.conn, case_id, template, rule, key)

    # ----- reminders and checklists --------------------------------------------------------------------

    def due_index(self, until: datetime | None = None) -> list[dict[str, Any]]:
        return self.store.due_index(until)

    def calendar_export(self, rows: Iterable[Mapping[str, Any]], now: datetime) -> str:
        """The iCalendar text for these due rows, remembered so the next export updates or cancels what
        this one put in the user's calendar (core/ics.py: stable UID, rising SEQUENCE)."""
        from ..core.ics import calendar_text, plan
        from ..store import calendar_memory

        due = list(rows)
        memory = calendar_memory.update(self.store.conn, lambda before: plan(due, before, now))
        return calendar_text(memory, now)

    def acknowledged(self) -> set[str]:
        return self.store.acknowledged()

    def acknowledge(self, keys: Iterable[str]) -> None:
        self.store.acknowledge(keys)

    def snoozes(self) -> dict[str, datetime]:
        return self.store.snoozes()

    def snooze(self, key: str, until: datetime) -> None:
        self.store.snooze(key, until)

    def state(self, key: str) -> str | None:
        return self.store.state(key)

    def set_state(self, key: str, value: str | None) -> None:
        self.store.set_state(key, value)

    def ticked(self, case_id: int, call_key: str) -> set[str]:
        return self.store.ticked(case_id, call_key)

    def set_tick(self, case_id: int, call_key: str, item_key: str, checked: bool) -> None:
        self.store.set_tick(case_id, call_key, item_key, checked)

    # ----- unsent drafts (kept per case until sent or discarded) -------------------------------------------

    @property
    def drafts_folder(self) -> Path:
        """Where drafts opened in the mail app are written (.eml files, private)."""
        return self.database.parent / "drafts"

    def kept_draft(self, case_id: int) -> Any:
        from ..store.drafts import load_draft

        return load_draft(self.store.conn, case_id)

    def keep_draft(
        self, case_id: int, template: str, subject: str, body: str, promised: datetime | None, now: datetime
    ) -> None:
        from ..store.drafts import save_draft

        save_draft(self.store.conn, case_id, template, subject, body, promised, now)

    def discard_draft(self, case_id: int) -> None:
        from ..store.drafts import discard_draft

        discard_draft(self.store.conn, case_id)

    # ----- import, export, backups ---------------------------------------------------------------------

    def backup(self, kind: str = "manual") -> Path:
        from ..store.backup import make_backup, rotate

        made = make_backup(self.database, self.backups_folder, kind)
        rotate(self.backups_folder)
        return made

    def daily_backup(self) -> Path | None:
        from ..store.backup import daily_backup

        return daily_backup(self.database, self.backups_folder)

    def import_document(
        self,
        doc: Document,
        *,
        backups: bool = True,
        mail: dict[tuple[str, str, str, str], MailText] | None = None,
    ) -> ImportResult:
        """Merge a validated document, with a verified backup before (what was there) and after (what
        arrived), so import → damage → restore always has a copy. The window and the CLI both do this.

        ``mail``: the text of captured emails by (case number, *event identity); an exported file's
        ``mail`` objects (``export --with-mail``) come back the same way. Dropped when keeping is off."""
        mail = {**_mail_from_document(doc), **(mail or {})}
        if backups and self.store.case_count():
            self.backup("preimport")
        result = self.store.import_document(doc, mail if self.keeps_mail else None)
        if backups:
            self.backup("import")
        self.reload_settings()
        if len(doc.cases) <= REFRESH_AT_ONCE:
            self.refresh_cases(case.number for case in doc.cases)
        # A bigger import leaves its cases' statuses to the next list or `due` (computed in batches there).
        log.info(
            "import: %d cases added, %d updated, %d events added",
            result.cases_added,
            result.cases_updated,
            result.events_added,
        )
        return result

    def import_file(self, path: Path) -> tuple[Document, ImportResult]:
        from ..bulk import collector_paused
        from ..core.interchange import parse_document, read_file
        from ..core.playbook import available_playbooks

        with collector_paused():  # a large file is millions of objects without a cycle among them
            doc = parse_document(read_file(path), known_playbooks=available_playbooks())
            return doc, self.import_document(doc)

    def export_document(self, *, with_mail: bool = False) -> dict[str, Any]:
        """The interchange document; ``with_mail`` adds each captured event's ``mail`` (else no mail
        text leaves the database)."""
        from ..core.interchange import dump_document

        cases = self.store.load_cases()
        doc = dump_document(self.settings, self.profile, cases, self.store.document_extra())
        if with_mail:
            from ..store import mail

            kept = mail.of_cases(self.store.conn, [int(c.id or 0) for c in cases])
            for case, out in zip(cases, doc["cases"], strict=True):
                for event, dumped in zip(case.sorted_events(), out["events"], strict=True):
                    if event.id in kept:
                        dumped["mail"] = kept[event.id].to_json()
        return doc

    def export_text(self, *, with_mail: bool = False) -> str:
        return json.dumps(self.export_document(with_mail=with_mail), indent=2, ensure_ascii=False) + "\n"

    def export_to(self, path: Path, *, with_mail: bool = False) -> int:
        """Write the interchange JSON to ``path`` (whole or nothing); returns the number of cases."""
        from ..files import write_private_atomically

        doc = self.export_document(with_mail=with_mail)
        write_private_atomically(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return len(doc["cases"])

    def iter_cases(self) -> Iterator[Case]:
        return self.store.iter_cases()


# Events recorded from an email the customer (or anyone but us) sent; the others are ours.
_THEIR_KINDS = frozenset({"customer_replied", "opened", "out_of_office", "note", "delivery_failed"})


def _mail_from_document(doc: Document) -> dict[tuple[str, str, str, str], MailText]:
    """The ``mail`` objects of an exported file's events, taken off the events (they are not fields)."""
    from ..core.mailtext import MailText
    from ..store.repository import event_identity

    found: dict[tuple[str, str, str, str], MailText] = {}
    for case in doc.cases:
        for event in case.events:
            raw = event.fields.pop("mail", None)
            text = MailText.from_json(raw, ours=event.kind not in _THEIR_KINDS)
            if text is not None:
                found[(case.number, *event_identity(event))] = text
    return found
