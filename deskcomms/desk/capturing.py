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
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.capture import (
    CaseIndex,
    Email,
    Meaning,
    TemplateSubject,
    match_case,
    meaning,
    read_email,
    title_from_subject,
)
from ..core.capture.analysis import unknown_number
from ..core.errors import UserError
from ..core.mailtext import MailText
from ..core.model import Case, Contact, Event
from ..core.playbook import load_playbook

log = logging.getLogger("deskcomms.capture")

RECORDED, ALREADY, NO_CASE, CREATED = "recorded", "already recorded", "no case", "created"


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
        if self.meaning is not None and self.meaning.close_request:
            out["offer"] = "confirmation_received"
        if self.problems:
            out["problems"] = self.problems
        return out


# ----- reading ---------------------------------------------------------------------------------------


def read_inputs(items: Iterable[tuple[str, bytes]], zone: Any) -> list[Email]:
    """Every input read as an email; the first that is not one raises (naming it) and nothing is kept."""
    return [read_email(data, name, zone) for name, data in items]


def read_paths(paths: Sequence[str], stdin: Any, zone: Any) -> list[Email]:
    """The files of ``deskcomms capture FILE...`` (``-`` is standard input), read whole before anything.

    Only regular files (a named pipe would wait forever, /dev/zero never ends), and never more than an
    email can be: reading stops one byte past the limit, which the reader then refuses."""
    import os
    import stat

    from ..core.capture.message import MAX_BYTES

    items = []
    for name in paths:
        if name == "-":
            items.append(("-", stdin.read(MAX_BYTES + 1)))
            continue
        path = Path(name)
        try:
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                raise UserError("is not a regular file (a pipe or a device); give an email file", where=name)
            with open(path, "rb") as handle:
                items.append((name, handle.read(MAX_BYTES + 1)))
        except FileNotFoundError:
            raise UserError("no such file", where=name) from None
        except IsADirectoryError:
            raise UserError("is a folder, not an email file", where=name) from None
        except OSError as exc:
            raise UserError(f"cannot read: {exc.strerror}", where=name) from None
    return read_inputs(items, zone)


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
    """Plans a batch of emails against the case list of one desk (one database), in the order given."""

    def __init__(self, desk: Any, templates: Sequence[TemplateSubject] = ()) -> None:
        self.desk = desk
        self.settings = desk.settings
        self.profile = desk.profile
        self.calendar = desk.calendar
        self.templates = list(templates)
        self.cases: dict[str, Case] = {c.number: c for c in desk.load_cases()}
        self.index = CaseIndex(self.cases.values())
        self.seen: dict[str, Event] = {}  # email identity → the event it was recorded as
        self.seen_on: dict[str, str] = {}  # email identity → the case it is recorded on
        for case in self.cases.values():
            for event in case.events:
                identity = event.fields.get("message_id")
                if isinstance(identity, str):
                    self.seen[identity], self.seen_on[identity] = event, case.number
        self.pending: dict[str, list[Event]] = {}  # events planned in this batch, by case

    @property
    def own_addresses(self) -> list[str]:
        return [self.profile.get("email", "")]

    def _with_pending(self, case: Case) -> Case:
        from dataclasses import replace

        return replace(case, events=[*case.events, *self.pending.get(case.number, [])])

    def stage_at(self, case: Case, when: datetime) -> str:
        from ..core.engine import evaluate
        from ..core.playbook import load_playbook

        return str(evaluate(self._with_pending(case), load_playbook(case.playbook), self.calendar, when).stage.id)

    def problems(self, case: Case, event: Event) -> list[str]:
        from ..core.engine import check_event
        from ..core.playbook import load_playbook

        return list(check_event(self._with_pending(case), event, load_playbook(case.playbook), self.calendar))

    def plan(self, email: Email, *, create: bool = False, number: str | None = None) -> Planned:
        """What ``email`` will record; ``number`` forces the case (the window's choice)."""
        email.date = self.calendar.local(email.date)  # shown and stored in the engineer's zone
        identity = email.identity
        if identity in self.seen:
            return Planned(email, ALREADY, case_number=self.seen_on[identity], recorded_as=self.seen[identity])
        match = match_case(email, self.index, self.own_addresses)
        case_number, how = (number, "chosen") if number else (match.case_number, match.how)
        if case_number is None or case_number not in self.cases:
            found = number or match.found_number or unknown_number(email)
            if create and found and found not in self.cases:
                return self._plan_new_case(email, found)
            return Planned(email, NO_CASE, found_number=found)
        case = self.cases[case_number]
        stage = self.stage_at(case, email.date)
        what = meaning(email, case, stage, self.own_addresses, self.templates)
        event = event_for(what, email)
        if event.kind == "customer_replied" and _opens(case, email, self.pending.get(case.number, [])):
            event = Event(email.date, "opened", {"message_id": identity})  # the email the case was made from
        planned = Planned(email, RECORDED, case_number, how, event, what, stage=stage)
        planned.problems = self.problems(case, event)
        return planned

    def _plan_new_case(self, email: Email, number: str) -> Planned:
        from ..core.capture.analysis import is_own

        own = is_own(email, self.own_addresses)
        if own:
            customer = Contact(email=email.to[0] if email.to else "")
        else:
            customer = Contact(name=email.sender_name, email=email.sender_email)
        case = Case(
            number=number,
            title=title_from_subject(email.subject, number),
            opened_at=email.date,
            customer=customer,
        )
        first_stage = load_playbook(case.playbook).initial  # a new case starts where its playbook starts
        what = meaning(email, case, first_stage, self.own_addresses, self.templates)
        event = event_for(what, email)
        if event.kind == "customer_replied":  # the customer's email that opens the case is its opening
            event = Event(email.date, "opened", {"message_id": email.identity})
        return Planned(email, CREATED, number, "created", event, what, new_case=case, stage=first_stage)

    def accept(self, planned: Planned) -> None:
        """Count ``planned`` as part of the batch (later emails see its event and its new case)."""
        if planned.event is None or planned.case_number is None:
            return
        self.seen[planned.email.identity] = planned.event
        self.seen_on[planned.email.identity] = planned.case_number
        if planned.new_case is not None:
            self.cases[planned.case_number] = planned.new_case
            self.index.add(planned.case_number, planned.new_case.customer.email)
        self.pending.setdefault(planned.case_number, []).append(planned.event)

    def plan_all(self, emails: Sequence[Email], *, create: bool = False) -> list[Planned]:
        """Plans in the order given, planned oldest first (so each email sees the ones before it)."""
        plans: dict[int, Planned] = {}
        for i in sorted(range(len(emails)), key=lambda i: emails[i].date):
            plans[i] = self.plan(emails[i], create=create)
            self.accept(plans[i])
        return [plans[i] for i in range(len(emails))]


def _opens(case: Case, email: Email, pending: list[Event]) -> bool:
    """Whether ``email`` is the one that opened ``case`` (a case just made from it, with no events yet)."""
    if case.events or pending or case.opened_at is None:
        return False
    return abs((email.date - case.opened_at).total_seconds()) < 60


def event_for(what: Meaning, email: Email) -> Event:
    """The event an email's meaning records, at the email's own time (never "now")."""
    fields = dict(what.fields)
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
