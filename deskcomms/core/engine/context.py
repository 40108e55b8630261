"""What a rule reads: the replayed case, the playbook, the calendar and ``now``, with the computations
several rules share (a date the customer indicated, the unresponsive step, the closure date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..calendar import BusinessCalendar
from ..model import Case, Event
from ..playbook import Playbook
from ..timefmt import short_instant
from .replay import Replay
from .status import Action, ActionKind, Due
from .timing import Timer


@dataclass(frozen=True)
class Context:
    case: Case
    pb: Playbook
    cal: BusinessCalendar
    now: datetime
    r: Replay
    t: Timer

    @classmethod
    def of(cls, case: Case, playbook: Playbook, calendar: BusinessCalendar, now: datetime) -> Context:
        """The case replayed up to ``now``."""
        return cls(case, playbook, calendar, now, Replay(case, playbook, now, calendar).run(), Timer(calendar))

    def latest_reply_since_outbound(self) -> Event | None:
        """A successful contact (the playbook's "contacts") or a reopened case that no message answered."""
        replies = [e for e in self.r.since_entry() if e.kind in self.pb.kinds("contacts") or e.kind == "reopened"]
        if not replies:
            return None
        last = replies[-1]
        if self.r.last_outbound is not None and self.r.last_outbound >= last.at:
            return None
        return last

    def first_unanswered_reply(self) -> Event | None:
        """The earliest contact since our last message, when one is unanswered: the response is due from
        it (playbook rules §2, "acknowledge within 1 business hour of every customer reply"): a second
        "any news?" does not move an overdue answer later."""
        if self.latest_reply_since_outbound() is None:
            return None
        since = self.r.last_outbound
        replies = [e for e in self.r.since_entry() if e.kind in self.pb.kinds("contacts") or e.kind == "reopened"]
        return next(e for e in replies if since is None or e.at > since)

    def pending_indication(self) -> Due | None:
        """A date the customer gave that no outbound message has used yet (an out-of-office is not one
        here: it only ever delays, see :meth:`away_until`)."""
        latest: Due | None = None
        latest_at: datetime | None = None
        for event in self.r.since_entry():
            value = event.fields.get("follow_up_on")
            due = None
            if isinstance(value, str) and event.kind in ("resolution_provided", "customer_replied", "pending_customer"):
                due = self.t.on_date_or_instant("date the customer indicated", value)
            if due is not None:
                latest, latest_at = due, event.at
        if latest is None or latest_at is None:
            return None
        if self.r.last_outbound is not None and self.r.last_outbound > latest_at:
            return None
        return latest

    def away_until(self) -> Due | None:
        """The customer's return from the latest out-of-office that gave a date, + the playbook's extra
        business days (playbook rules §3, Out of office); None once the customer was in touch after it."""
        contacts = self.pb.kinds("contacts")
        away: Event | None = None
        for event in self.r.events:
            if event.kind == "out_of_office" and event.day("until") is not None:
                away = event
            elif event.kind in contacts:
                away = None  # back (or never away): the auto-reply no longer holds anything
        if away is None:
            return None
        until = away.day("until")
        assert until is not None
        # The event's `until` is the day back (playbook rules §3, Reading a return date): said once.
        return self.t.days("back from out of office", self.cal.opening(until), self.pb.days("out_of_office_extra_days"))

    def unresponsive_step(self, due: Due) -> Action:
        """The step when a cadence runs out (playbook rules §3, J): the TAM first if the case has one, else
        strike 1."""
        if self.case.tam is not None and self.case.tam.name and self.r.tam_contacted_at is None:
            return Action("contact_tam", "No answer: reach out to the TAM", due.at, due.basis, None, ActionKind.TASK)
        return Action(
            "send_strike_1", "No answer: send strike 1", due.at, due.basis, "unresponsive_1", ActionKind.EMAIL
        )

    def outbound_after(self, moment: datetime | None) -> list[Event]:
        outbound = self.pb.kinds("outbound")
        return [e for e in self.r.stage_events if e.kind in outbound and (moment is None or e.at > moment)]

    def silence_end(self) -> tuple[datetime, int] | None:
        """Last successful contact + the playbook's calendar days of silence before closing without
        confirmation (in local wall time, so a DST change does not shift it), with that number of days."""
        days = self.pb.parameters.get("closure_min_silence_calendar_days")
        if days is None:
            return None
        contact = self.cal.local(self.r.last_contact)
        return self.cal.localize(contact.replace(tzinfo=None) + timedelta(days=int(days))), int(days)

    def closing_guard(self) -> datetime | None:
        end = self.silence_end()
        return end[0] if end is not None else None

    def closure_due(self, strike3_at: datetime, announced: str | None = None) -> Due:
        """The final strike's closure date: the later of strike 3 + N business days and last contact + M
        calendar days, or a later date the strike announced."""
        after_strike = self.t.days("strike 3", strike3_at, self.pb.days("closure_after_strike3_days"))
        silence_days = self.pb.days("closure_min_silence_calendar_days")
        contact = self.cal.local(self.r.last_contact)
        plus = self.cal.localize(contact.replace(tzinfo=None) + timedelta(days=silence_days))
        silence = Due(
            self.cal.to_business_time(plus),
            f"last successful contact {short_instant(contact)} + {silence_days} calendar days",
        )
        due = self.t.later(after_strike, silence)
        basis = f"the later of {after_strike.basis} and {silence.basis}"
        away = self.away_until()
        if away is not None and away.at > due.at:
            # playbook rules §3, Out of office: never earlier than the customer's return (+ the extra days):
            # the date strike 3 announces is the date the case will really close.
            due, basis = away, f"{away.basis} (later than {basis})"
        if announced:
            announced_due = self.t.on_date_or_instant("closure date announced in strike 3", announced)
            if announced_due.at.date() > due.at.date():
                return announced_due
        return Due(due.at, basis)
