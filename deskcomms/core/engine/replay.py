"""Replaying a case's events through the playbook's graph, keeping the clocks of playbook rules §2 (last
contact, last outbound message, the ETA given, pauses, confirmation).

An event moves the case only along a transition the playbook draws or implies from the stage the case is
in; history that skipped steps may move it through the one transition anywhere that the event fits. An
event that fits nowhere here, or could mean several routes, leaves the case where it was and is kept as a
:class:`Misfit` for the window and the command line to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ..calendar import BusinessCalendar
from ..model import Case, Event
from ..playbook import Playbook, Transition
from .status import Misfit, PathStep


class Fit(StrEnum):
    """How an event fits the stage the case is in."""

    GRAPH = "graph"  # a transition of the drawn graph leaves the stage on it
    MOVE = "move"  # a move the playbook text implies leaves the stage on it
    STAY = "stay"  # expected in the stage, does not move the case
    ANYWHERE = "anywhere"  # allowed in every stage
    JUMP = "jump"  # history that skipped steps: exactly one transition anywhere fits it
    MISFIT = "misfit"  # does not fit: the case stays, the event counts for nothing here


@dataclass(frozen=True)
class Match:
    how: Fit
    transition: Transition | None = None

    @property
    def expected(self) -> bool:
        """Whether the stage expects the event (a jump or a misfit needs an override when recorded)."""
        return self.how not in (Fit.JUMP, Fit.MISFIT)


def bounced_emails(events: list[Event], playbook: Playbook) -> list[Event]:
    """Our emails that a delivery failure reports as not delivered: for each report, our last outbound
    email before it (a phone first response is no email)."""
    outbound = playbook.kinds("outbound")
    bounced: list[Event] = []
    last: Event | None = None
    for event in events:
        if event.kind in outbound and not (event.kind == "fqr_sent" and event.fields.get("channel") == "phone"):
            last = event
        elif event.kind == "delivery_failed" and last is not None and not any(last is b for b in bounced):
            bounced.append(last)
    return bounced


class Replay:
    """Walks a case's events (up to ``until``) through the playbook; read by the rules, never written."""

    def __init__(
        self, case: Case, playbook: Playbook, until: datetime | None, calendar: BusinessCalendar | None = None
    ) -> None:
        self.case = case
        self.pb = playbook
        self.calendar = calendar
        opened = case.opened_at
        assert opened is not None
        events = case.sorted_events()
        if until is not None:
            events = [e for e in events if e.at <= until]
        # playbook rules §3, Delivery failure: the email that bounced counts toward no cadence and no strike.
        self.bounced = bounced_emails(events, playbook)
        if self.bounced:
            events = [e for e in events if not any(e is b for b in self.bounced)]
        self.events = events
        failures = [e for e in self.events if e.kind == "delivery_failed"]
        self.delivery_failed: Event | None = failures[-1] if failures else None
        # the playbook's lists every event is checked against (looked up once per case, not per event)
        self._outbound = playbook.kinds("outbound")
        self._contacts = playbook.kinds("contacts")
        self._solutions = playbook.kinds("solutions")
        self.stage = playbook.initial
        self.entered_at = opened
        self.entry: Event | None = None
        self.stage_events: list[Event] = []
        self.path = [PathStep(self.stage, opened, "opened")]
        self.misfits: list[Misfit] = []
        self.closed = False
        self.last_outbound: datetime | None = None
        self.last_contact: datetime = opened  # opening a case is the customer reaching us
        self.eta: datetime | None = None
        self.eta_set_at: datetime | None = None
        self.paused: Event | None = None
        self.resumed_at: datetime | None = None
        self.dissatisfied_at: datetime | None = None
        self.senior_consulted_at: datetime | None = None
        self.tam_contacted_at: datetime | None = None
        self.confirmed_at: datetime | None = None
        self.solution_at: datetime | None = None  # our latest solution (the playbook's "solutions")
        self.reopened_at: datetime | None = None

    def _moment(self, event: Event, name: str) -> datetime | None:
        """An instant field, or a date field read as that date's opening (playbook rules §1)."""
        instant = event.instant(name)
        if instant is not None or self.calendar is None:
            return instant
        day = event.day(name)
        return self.calendar.opening(day) if day is not None else None

    def run(self) -> Replay:
        for event in self.events:
            self.apply(event)
        return self

    def find(self, event: Event) -> Match:
        """How ``event`` fits the current stage."""
        kind, fields = event.kind, event.fields
        for t in self.pb.leaving_on(self.stage, kind):
            if t.matches(kind, fields) and self._count_ok(t, event):
                return Match(Fit.GRAPH, t)
        for t in self.pb.moves_on(self.stage, kind):
            if t.matches(kind, fields) and self._after_ok(t):
                return Match(Fit.MOVE, t)
        if kind in self.pb.stay.get(self.stage, ()):
            return Match(Fit.STAY)
        if kind in self.pb.anywhere:
            return Match(Fit.ANYWHERE)
        # Only an event with exactly one plausible route may move the case: a call reached during the
        # phone FQR must not move it as if a research update had been sent (H → D).
        routes = [
            t
            for t in (*self.pb.transitions, *self.pb.moves)
            if "auto" not in t.on and t.after_count == 1 and not t.after and t.matches(kind, fields)
        ]
        if len(routes) == 1:
            return Match(Fit.JUMP, routes[0])
        return Match(Fit.MISFIT)

    def _after_ok(self, t: Transition) -> bool:
        """A move that needs an earlier event in the stage (the email after an unreached FQR call)."""
        return not t.after or any(e.kind in t.after for e in self.stage_events)

    def _count_ok(self, t: Transition, event: Event) -> bool:
        if t.after_count <= 1:
            return True
        seen = sum(1 for e in self.stage_events if e.kind in t.on) + 1
        return seen >= t.after_count

    def _keep_clocks(self, event: Event) -> None:
        kind = event.kind
        if kind in self._outbound:
            self.last_outbound = event.at
            if self.eta_set_at is not None and self.eta_set_at < event.at:
                self.eta = self.eta_set_at = None  # the update we promised was sent
        if kind in self._contacts or (kind == "fqr_sent" and event.fields.get("channel") == "phone"):
            self.last_contact = event.at
        eta = self._moment(event, "eta") if "eta" in event.fields else None
        if eta is not None and kind in ("eta_set", "pending_research"):
            self.eta, self.eta_set_at = eta, event.at
        if kind in self._solutions:
            self.solution_at = event.at
        if kind == "confirmation_received":
            # the customer says it is solved: the update we promised gives way to the LQR (playbook rules §3)
            self.confirmed_at = event.at
            self.eta = self.eta_set_at = None
        elif kind == "dissatisfied":
            self.dissatisfied_at = event.at
        elif kind == "senior_consulted":
            self.senior_consulted_at = event.at
        elif kind == "tam_contacted":
            self.tam_contacted_at = event.at
        elif kind == "paused":
            self.paused, self.resumed_at = event, None
        elif kind == "resumed":
            self.paused, self.resumed_at = None, event.at

    def apply(self, event: Event) -> None:
        # What happened still happened (a contact, an ETA, a confirmation), whether or not it fits the stage.
        self._keep_clocks(event)
        if event.kind == "closed":
            self.closed = True
            return
        if event.kind == "reopened":
            self.closed = False
            self.reopened_at = event.at
            self.confirmed_at = self.solution_at = None
            self.enter(self.pb.reopen_to, event)
            return
        match = self.find(event)
        if match.how is Fit.MISFIT:
            name = self.pb.stage(self.stage).name
            self.misfits.append(Misfit(event.at, event.kind, self.stage, event.id, name))
        elif match.transition is not None:
            self.enter(match.transition.to, event)
            if match.transition.reapply:
                again = self.find(event)
                if again.transition is not None and again.how is Fit.GRAPH:
                    self.enter(again.transition.to, event)
        else:
            self.stage_events.append(event)

    def enter(self, stage: str, event: Event) -> None:
        self.stage, self.entered_at, self.entry = stage, event.at, event
        self.stage_events = []
        self.path.append(PathStep(stage, event.at, event.kind))
        auto = self.pb.auto_transition(stage)
        if auto is not None:
            self.enter(auto.to, event)

    # conveniences for the rules
    def in_stage(self, kinds: Iterable[str]) -> list[Event]:
        wanted = set(kinds)
        return [e for e in self.stage_events if e.kind in wanted]

    def since_entry(self) -> list[Event]:
        return ([self.entry] if self.entry else []) + self.stage_events
