"""Capturing emails, for both faces (``deskcomms capture`` and the window's drop/paste): Qt-free.

Three steps, so that a run is all or nothing: **read** every input (a bad one stops the run before
anything is written), **plan** what each email records (its case, its event at the email's own time,
the playbook's checks as ``deskcomms log`` runs them), then **commit** every planned event and new case
in one transaction. The same email twice records nothing: its identity (Message-ID, else sender + date
+ subject) is kept on the event as ``message_id``. Email bodies are never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..core.capture import (
    Email,
    Meaning,
    TemplateSubject,
    match_case,
    meaning,
    read_email,
    title_from_subject,
)
from ..core.capture.identity import fingerprint
from ..core.capture.matching import NEW_NUMBER, Match, is_own, new_case_numbers
from ..core.engine import load_playbook
from ..core.errors import UserError
from ..core.mailtext import MailText
from ..core.model import Case, Contact, Event
from .capture_index import Captured, StoreCaseIndex, load_case

log = logging.getLogger("deskcomms.capture")

RECORDED, ALREADY, NO_CASE, CREATED = "recorded", "already recorded", "no case", "created"
AMBIGUOUS, NOT_RECORDED = "ambiguous", "not recorded"
# An email dated later than this after the moment of capture is never recorded at that future time
# (a sender's clock, or a forged date): the engineer may record it at the time of capture instead.
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass
class Planned:
    """What one email will do: the event to record on a case (or why nothing)."""

    email: Email
    result: str  # RECORDED, ALREADY, NO_CASE or CREATED
    case_number: str | None = None
    how: str = ""  # how the case was found: "subject", "body", "sender", "recipient", "created"
    event: Event | None = None
    meaning: Meaning | None = None
    new_case: Case | None = None
    found_number: str | None = None  # a case number in the email that is not in the list
    problems: list[str] = field(default_factory=list)  # the playbook's objections (as for deskcomms log)
    stage: str = ""
    recorded_as: Event | None = None  # ALREADY: the event an earlier capture recorded
    candidates: list[str] = field(default_factory=list)  # AMBIGUOUS: the cases the email names
    sender_cases: list[str] = field(default_factory=list)  # NO_CASE: the sender's open cases, when several
    email_case: str | None = None  # the case the email itself points to (when another one was chosen)
    email_how: str = ""  # how the email points to it ("subject", "body", "sender", "recipient")
    future: datetime | None = None  # the email's own date, when it is after the moment of capture
    message: str = ""  # why, in plain words, when it is not simply recorded
    why: str = ""  # NO_CASE: why nothing will be recorded, when it is not the missing case number

    @property
    def notes(self) -> list[str]:
        """What was unsure in reading the email (its date, its return date), in words for the preview."""
        found = list(self.email.notes)
        if self.meaning is not None and self.meaning.auto_reply and self.event is not None:
            if self.meaning.until is None:
                found.append(f"no return date taken: {self.meaning.until_why}")
            else:
                found.append(f"return date read from {self.meaning.until_why}")
        return found

    @property
    def until(self) -> date | None:
        event = self.event or self.recorded_as
        if event is None or event.kind != "out_of_office":
            return None
        value = event.fields.get("until")
        return date.fromisoformat(value) if isinstance(value, str) else None

    def to_json(self) -> dict[str, Any]:
        from ..core.timefmt import format_instant_iso

        shown = self.event or self.recorded_as
        out: dict[str, Any] = {
            "file": self.email.source,
            "case": self.case_number,
            "kind": shown.kind if shown else None,
            "at": format_instant_iso(self.email.date),
            "until": self.until.isoformat() if self.until else None,
            "result": self.result,
        }
        if shown is not None and shown.kind == "delivery_failed":
            out["address"] = shown.fields.get("address")
        if self.meaning is not None and self.meaning.close_request:
            out["offer"] = "confirmation_received"
        if self.notes:
            out["notes"] = self.notes
        if self.problems:
            out["problems"] = self.problems
        if self.candidates:
            out["cases"] = self.candidates
        if self.future is not None:
            out["dated"] = format_instant_iso(self.future)
        if self.event is not None and self.future is not None:
            out["at"] = format_instant_iso(self.event.at)
        said = [m for m in (self.message, self.why, *self.email.notes) if m]
        if said:
            out["message"] = "; ".join(said)
        return out


# ----- reading ---------------------------------------------------------------------------------------


def read_inputs(items: Iterable[tuple[str, bytes]], zone: Any) -> list[Email]:
    """Every input read as an email; the first that is not one raises (naming it) and nothing is kept.

    The moment of capture dates an email without a Date: header and a Sent: line with a time alone."""

    now = datetime.now(UTC)
    return [read_email(data, name, zone, now) for name, data in items]


def read_paths(paths: Sequence[str], stdin: Any, zone: Any) -> list[Email]:
    """The files of ``deskcomms capture FILE...`` read whole; the first that is not an email raises."""
    emails, failures = read_each(paths, stdin, zone)
    if failures:
        raise failures[0]
    return [e for e in emails if e is not None]


def read_each(paths: Sequence[str], stdin: Any, zone: Any) -> tuple[list[Email | None], list[UserError]]:
    """Each of ``paths`` read as an email (``-`` is standard input, read only when named, and only once):
    the emails in order (None where one could not be read) and, for each that could not, why.

    One bad file does not stop the others: they are still recorded, and the bad one is named."""
    if sum(1 for name in paths if name == "-") > 1:
        raise UserError("standard input (-) can be read only once; name it once")
    emails: list[Email | None] = []
    failures: list[UserError] = []
    for name in paths:
        try:
            emails.append(read_email(read_bytes(name, stdin), name, zone))
        except UserError as exc:
            emails.append(None)
            failures.append(exc)
    return emails, failures


def read_bytes(name: str, stdin: Any = None) -> bytes:
    """The bytes of one input, guarded: only regular files (a named pipe would wait forever, /dev/zero
    never ends), and never more than an email can be: reading stops one byte past the limit, which the
    reader then refuses. The window's drop reads through here too."""
    import os
    import stat

    from ..core.capture.limits import MAX_BYTES

    if name == "-":
        stream = getattr(stdin, "buffer", stdin)
        if stream is None or getattr(stream, "closed", False):
            raise UserError("standard input is closed; give the email as a file", where="-")
        try:
            return bytes(stream.read(MAX_BYTES + 1))
        except (OSError, ValueError) as exc:
            raise UserError(f"cannot read standard input ({exc})", where="-") from None
    path = Path(name)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise UserError("is a folder, not an email file", where=name)
        if not stat.S_ISREG(mode):
            raise UserError("is not a regular file (a pipe or a device); give an email file", where=name)
        if os.stat(path).st_size > MAX_BYTES:
            raise UserError(f"too large to be an email ({os.stat(path).st_size / 1_000_000:.0f} MB)", where=name)
        # O_NONBLOCK: a file swapped for a pipe between the check and the open must not block.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UserError("is not a regular file (a pipe or a device); give an email file", where=name)
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UserError("no such file", where=name) from None
    except IsADirectoryError:
        raise UserError("is a folder, not an email file", where=name) from None
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", where=name) from None


def template_subjects(user_templates: Path | None) -> list[TemplateSubject]:
    """Each template's subject line and its "Mark as sent" event (templates.json), user templates included."""
    from ..core.drafts import TemplateSet

    templates = TemplateSet(user_templates)
    found = []
    for name in templates.names():
        meta = templates.meta.get(name, {})
        kind, fields = (meta.get("event") or ["email_sent", {}])[:2]
        try:
            subject = templates.get(name).subject
        except UserError:  # a broken user template matches nothing; drafting reports it
            continue
        found.append(TemplateSubject(name, subject, str(kind), dict(fields), tuple(meta.get("stages", ()))))
    return found


# ----- planning --------------------------------------------------------------------------------------


class Planner:
    """Plans a batch of emails against the case list of one desk (one database), in the order given.

    The case list is read through the store's indexes (``capture_index``): the cases an email names or
    its sender has, never every case. ``now`` is the moment of capture, one for the whole batch.
    """

    def __init__(self, desk: Any, templates: Sequence[TemplateSubject] = (), *, at_capture_time: bool = False) -> None:
        self.desk = desk
        self.settings = desk.settings
        self.profile = desk.profile
        self.calendar = desk.calendar
        self.templates = list(templates)
        self.now = desk.now()
        self.at_capture_time = at_capture_time  # record future-dated emails at ``now`` instead
        self.index = StoreCaseIndex(desk.store)
        self.captured = Captured(desk.store)
        self._cases: dict[str, Case] = {}
        self.new_cases: dict[str, Case] = {}
        self.pending: dict[str, list[Event]] = {}  # events planned in this batch, by case

    @property
    def own_addresses(self) -> list[str]:
        return [self.profile.get("email", "")]

    def case(self, number: str) -> Case | None:
        """A case of the list (with its events) or one this batch creates."""
        if number in self.new_cases:
            return self.new_cases[number]
        return load_case(self.desk.store, number, self._cases)

    def open_choices(self) -> list[tuple[str, str]]:
        """(number, title) of every open case: what the preview offers to choose from."""
        return [*self.desk.store.open_case_titles(), *((n, c.title) for n, c in self.new_cases.items())]

    def _with_pending(self, case: Case) -> Case:
        from dataclasses import replace

        return replace(case, events=[*case.events, *self.pending.get(case.number, [])])

    def stage_at(self, case: Case, when: datetime) -> str:
        from ..core.engine import evaluate, load_playbook

        return str(evaluate(self._with_pending(case), load_playbook(case.playbook), self.calendar, when).stage.id)

    def problems(self, case: Case, event: Event) -> list[str]:
        from ..core.engine import check_event, load_playbook

        return list(check_event(self._with_pending(case), event, load_playbook(case.playbook), self.calendar))

    def plan(
        self, email: Email, *, create: bool = False, number: str | None = None, at_capture_time: bool | None = None
    ) -> Planned:
        """What ``email`` will record; ``number`` forces the case (the window's choice)."""
        email.date = self.calendar.local(email.date)  # shown and stored in the engineer's zone
        fp = fingerprint(email)
        earlier = self.captured.find(email, fp)
        if earlier is not None:
            on, event = earlier
            return Planned(email, ALREADY, case_number=on, recorded_as=event, message=f"already recorded on case {on}")
        match = match_case(email, self.index, self.own_addresses)
        planned = self._plan_case(email, match, create=create, number=number)
        if match.case_number and number and match.case_number != number:
            planned.email_case, planned.email_how = match.case_number, match.how
        if email.date > self.now + FUTURE_TOLERANCE:
            self._future(planned, self.at_capture_time if at_capture_time is None else at_capture_time)
        if planned.event is not None:
            planned.event.fields["fingerprint"] = fp
        return planned

    def _plan_case(self, email: Email, match: Match, *, create: bool, number: str | None) -> Planned:
        if number is None and match.how == AMBIGUOUS:
            names = ", ".join(match.candidates)
            return Planned(
                email,
                AMBIGUOUS,
                candidates=match.candidates,
                message=f"the email names {len(match.candidates)} cases of the list ({names}): choose one "
                "(capture it from the window, or record it with 'deskcomms log')",
            )
        case_number, how = (number, "chosen") if number else (match.case_number, match.how)
        case = self.case(case_number) if case_number else None
        if case is None:
            found = number or match.found_number
            # A delivery report or a colleague's email never makes a case: its sender is not the customer.
            if not _may_open_a_case(email, self.own_addresses):
                return Planned(
                    email,
                    NO_CASE,
                    why="a delivery report or a colleague's email for no case in the list",
                    sender_cases=match.sender_cases,
                )
            marked = new_case_numbers(email)
            if number is None and create and len(marked) > 1:
                return Planned(
                    email,
                    AMBIGUOUS,
                    candidates=marked,
                    message=f"the email names {len(marked)} case numbers ({', '.join(marked)}): "
                    "not created; add the right one, then capture again",
                )
            if create and found and NEW_NUMBER.fullmatch(found) and self.case(found) is None:
                return self._plan_new_case(email, found)
            return Planned(email, NO_CASE, found_number=found, sender_cases=match.sender_cases)
        stage = self.stage_at(case, email.date)
        what = meaning(email, case, stage, self.own_addresses, self.templates, self.calendar.is_business_day)
        event = event_for(what, email)
        if event.kind == "customer_replied" and _opens(case, email, self.pending.get(case.number, [])):
            event = Event(email.date, "opened", {"message_id": email.identity})  # the email the case was made from
        planned = Planned(email, RECORDED, case.number, how, event, what, stage=stage)
        planned.problems = self.problems(case, event)
        return planned

    def _future(self, planned: Planned, at_capture_time: bool) -> None:
        """An email dated after the moment of capture: never recorded then; at ``now`` when asked."""
        from ..core.timefmt import format_instant_iso

        planned.future = planned.email.date
        dated = format_instant_iso(planned.email.date)
        if planned.event is None or planned.result not in (RECORDED, CREATED):
            planned.message = f"dated {dated}, in the future; " + (planned.message or planned.result)
            return
        if not at_capture_time:
            planned.message = (
                f"dated {dated}, after the moment of capture: not recorded at a future time; "
                "--at-capture-time (or the preview's choice) records it now"
            )
            planned.result, planned.event = NOT_RECORDED, None
            return
        note = f"dated {dated} in the email (in the future): recorded at the time of capture"
        planned.event = Event(self.now, planned.event.kind, {**planned.event.fields, "note": note})
        if planned.new_case is not None and planned.new_case.opened_at is not None:
            planned.new_case.opened_at = min(planned.new_case.opened_at, self.now)
        case = self.case(planned.case_number or "")
        if case is not None and planned.new_case is None:
            planned.stage = self.stage_at(case, self.now)
            planned.problems = self.problems(case, planned.event)
        planned.message = note

    def _plan_new_case(self, email: Email, number: str) -> Planned:
        own = is_own(email, self.own_addresses)
        if own:  # our own email: the customer is whom it went to, never one of our own addresses
            mine = {a.casefold() for a in self.own_addresses if a}
            others = [a for a in (*email.to, *email.cc) if a.casefold() not in mine]
            customer = Contact(email=others[0] if others else "")
        else:
            customer = Contact(name=email.sender_name, email=email.sender_email)
        case = Case(
            number=number,
            title=title_from_subject(email.subject, number),
            opened_at=email.date,
            customer=customer,
        )
        first_stage = load_playbook(case.playbook).initial  # a new case starts where its playbook starts
        what = meaning(email, case, first_stage, self.own_addresses, self.templates, self.calendar.is_business_day)
        event = event_for(what, email)
        if event.kind == "customer_replied":  # the customer's email that opens the case is its opening
            event = Event(email.date, "opened", {"message_id": email.identity})
        return Planned(email, CREATED, number, "created", event, what, new_case=case, stage=first_stage)

    def accept(self, planned: Planned) -> None:
        """Count ``planned`` as part of the batch (later emails see its event and its new case)."""
        if planned.event is None or planned.case_number is None:
            return
        self.captured.add(planned.event.fields, planned.case_number, planned.event)
        if planned.new_case is not None:
            self.new_cases[planned.case_number] = planned.new_case
            self.index.add(planned.case_number, planned.new_case.customer.email)
        self.pending.setdefault(planned.case_number, []).append(planned.event)

    def plan_all(self, emails: Sequence[Email], *, create: bool = False) -> list[Planned]:
        """Plans in the order given, planned oldest first (so each email sees the ones before it)."""
        plans: dict[int, Planned] = {}
        for i in sorted(range(len(emails)), key=lambda i: emails[i].date):
            plans[i] = self.plan(emails[i], create=create)
            self.accept(plans[i])
        return [plans[i] for i in range(len(emails))]


def _may_open_a_case(email: Email, own_addresses: Sequence[str]) -> bool:
    from ..core.capture.analysis import is_colleague, is_own
    from ..core.capture.bounce import delivery_report

    if is_own(email, own_addresses):
        return True
    return delivery_report(email, own_addresses) is None and not is_colleague(email, own_addresses)


def _opens(case: Case, email: Email, pending: list[Event]) -> bool:
    """Whether ``email`` is the one that opened ``case`` (a case just made from it, with no events yet)."""
    if case.events or pending or case.opened_at is None:
        return False
    return abs((email.date - case.opened_at).total_seconds()) < 60


def event_for(what: Meaning, email: Email) -> Event:
    """The event an email's meaning records, at the email's own time (never "now")."""
    fields = dict(what.fields)
    if email.date_written:  # moved to an instant every zone can write: what the email said is kept
        fields["date_written"] = email.date_written
    kind = what.kind
    if kind == "out_of_office":
        if what.until is None:
            # No return date in the auto-reply: nothing for the playbook to wait for; keep it as a note.
            return Event(email.date, "note", {"text": "Automatic reply without a return date", **fields})
        fields["until"] = what.until.isoformat()
    return Event(email.date, kind, fields)


def mail_text(planned: Planned) -> MailText:
    """What is kept of a planned email's words: the reply without the quoted thread, and the whole body."""
    email, what = planned.email, planned.meaning
    reply = what.reply_text if what is not None else email.body
    return MailText(
        ours=bool(what is not None and what.own),
        reply=reply,
        body=email.body,
        message_id=email.message_id,
        sender=email.sender_email,
        subject=email.subject,
    )


# ----- committing ------------------------------------------------------------------------------------


def commit(desk: Any, plans: Sequence[Planned], *, force: bool = False) -> int:
    """Record every planned event and new case in one transaction; returns the number of events added.

    Refuses (raising, nothing written) when the playbook objects to an event and ``force`` is not given;
    with ``force`` the event is marked as an override, as ``deskcomms log --force`` does.
    """
    from ..core.interchange import Document

    objections = [p for p in plans if p.problems and p.event is not None]
    if objections and not force:
        details = "; ".join(f"{p.email.source} on case {p.case_number}: {', '.join(p.problems)}" for p in objections)
        raise UserError(f"nothing recorded: {details}. Use --force to record them anyway (marked as overrides).")
    by_case: dict[str, Case] = {}
    for p in plans:
        if p.event is None or p.case_number is None or p.result not in (RECORDED, CREATED):
            continue
        if p.problems:
            p.event.fields["forced"] = True
            p.event.fields["override_reason"] = "; ".join(p.problems)
        if p.case_number not in by_case:
            base = p.new_case if p.new_case is not None else desk.case(p.case_number)
            if base is None:
                raise UserError(f"case {p.case_number} is gone", where=p.email.source)
            from dataclasses import replace

            by_case[p.case_number] = replace(base, events=[])
        by_case[p.case_number].events.append(p.event)
    if not by_case:
        return 0
    from ..store.repository import event_identity

    # One transaction, the emails' words kept beside their events (never logged); the cases' statuses
    # and the reminders' due index are updated with it.
    texts = {
        (p.case_number, *event_identity(p.event)): mail_text(p)
        for p in plans
        if p.event is not None and p.case_number is not None and p.result in (RECORDED, CREATED)
    }
    result = desk.import_document(Document(cases=list(by_case.values())), backups=False, mail=texts)

    for p in plans:
        if p.event is None or p.result not in (RECORDED, CREATED):
            continue
        if (p.case_number, *event_identity(p.event)) not in result.added:
            # Another capture of the same email won the race between our plan and our write.
            p.result = ALREADY
            continue
        log.info("captured %s on case id %s", p.event.kind, by_case[p.case_number or ""].id)
    return int(result.events_added)
