"""The playbook engine: for a case, what stage it is in, who holds the ball, and what is due next, when
and why (playbook.md §2-§4).

Pure functions of (case, playbook, calendar, now). The case's events up to ``now`` are replayed through
the playbook's transitions (data); each stage names a *rule* that times its next action from the
playbook's parameters (data). Every due instant comes with the one-line explanation of playbook.md §1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .calendar import BusinessCalendar
from .events import KINDS
from .model import Case, Event
from .playbook import Playbook, Stage, Transition
from .timefmt import short_day, short_instant

# Stages where closing without confirmation is in play, so the 14-day guard is worth showing.
CLOSING_RULES = frozenset({"tam_step", "strike", "closure", "last_response"})


@dataclass(frozen=True)
class Due:
    at: datetime
    basis: str  # "strike 1 Fri 16 Jan 15:20 + 3 business days (weekend skipped)"


@dataclass(frozen=True)
class Action:
    id: str
    title: str
    due: datetime | None
    basis: str = ""
    template: str | None = None
    kind: str = "task"  # "email", "call" or "task"
    overdue: bool = False

    @property
    def why(self) -> str:
        if self.due is None:
            return self.basis
        return f"{self.title} due {short_instant(self.due)} = {self.basis}"


@dataclass(frozen=True)
class Flag:
    code: str
    text: str


@dataclass(frozen=True)
class Sla:
    name: str
    title: str
    due: datetime
    state: str  # "met", "pending" or "breached"
    met_at: datetime | None = None


@dataclass(frozen=True)
class PathStep:
    stage: str
    at: datetime
    by: str  # the event kind that moved the case there


@dataclass
class Status:
    case: Case
    playbook: Playbook
    stage: Stage
    path: list[PathStep]
    ball: str
    closed: bool
    eta: datetime | None
    last_contact: datetime | None
    last_outbound: datetime | None
    next_action: Action | None
    tasks: list[Action] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    sla: list[Sla] = field(default_factory=list)
    paused_until: datetime | None = None

    def has_flag(self, code: str) -> bool:
        return any(f.code == code for f in self.flags)


# ----- replay -----------------------------------------------------------------------------------------


@dataclass
class _Match:
    how: str  # "graph", "move", "stay", "anywhere", "jump" (history only) or "unexpected"
    transition: Transition | None = None


class _Replay:
    """Walks a case's events through the playbook, keeping the clocks of playbook.md §2."""

    def __init__(
        self, case: Case, playbook: Playbook, until: datetime | None, calendar: BusinessCalendar | None = None
    ) -> None:
        self.case = case
        self.pb = playbook
        self.calendar = calendar
        opened = case.opened_at
        assert opened is not None
        self.events = [e for e in case.sorted_events() if until is None or e.at <= until]
        self.stage = playbook.initial
        self.entered_at = opened
        self.entry: Event | None = None
        self.stage_events: list[Event] = []
        self.path = [PathStep(self.stage, opened, "opened")]
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
        self.reopened_at: datetime | None = None

    def _moment(self, event: Event, name: str) -> datetime | None:
        """An instant field, or a date field read as that date's opening (playbook.md §1)."""
        instant = event.instant(name)
        if instant is not None or self.calendar is None:
            return instant
        day = event.day(name)
        return self.calendar.opening(day) if day is not None else None

    def run(self) -> _Replay:
        for event in self.events:
            self.apply(event)
        return self

    def find(self, event: Event) -> _Match:
        """How ``event`` fits the current stage (history that does not fit still "jumps" there)."""
        kind, fields = event.kind, event.fields
        for t in self.pb.leaving(self.stage):
            if t.matches(kind, fields) and self._count_ok(t, event):
                return _Match("graph", t)
        for t in self.pb.moves_from(self.stage):
            if t.matches(kind, fields):
                return _Match("move", t)
        if kind in self.pb.stay.get(self.stage, ()):
            return _Match("stay")
        if kind in self.pb.anywhere:
            return _Match("anywhere")
        for t in (*self.pb.transitions, *self.pb.moves):
            if "auto" not in t.on and t.after_count == 1 and t.matches(kind, fields):
                return _Match("jump", t)
        return _Match("unexpected")

    def _count_ok(self, t: Transition, event: Event) -> bool:
        if t.after_count <= 1:
            return True
        seen = sum(1 for e in self.stage_events if e.kind in t.on) + 1
        return seen >= t.after_count

    def apply(self, event: Event) -> None:
        kind = event.kind
        pb = self.pb
        if kind in pb.kinds("outbound"):
            self.last_outbound = event.at
            if self.eta_set_at is not None and self.eta_set_at < event.at:
                self.eta = self.eta_set_at = None  # the update we promised was sent
        if kind in pb.kinds("contacts") or (kind == "fqr_sent" and event.fields.get("channel") == "phone"):
            self.last_contact = event.at
        eta = self._moment(event, "eta")
        if eta is not None and kind in ("eta_set", "pending_research"):
            self.eta, self.eta_set_at = eta, event.at
        if kind == "confirmation_received":
            self.confirmed_at = event.at
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
        elif kind == "closed":
            self.closed = True
            return
        elif kind == "reopened":
            self.closed = False
            self.reopened_at = event.at
            self.confirmed_at = None
            self.enter(str(pb.extras.get("reopen_to", "D" if "D" in pb.stages else pb.initial)), event)
            return
        match = self.find(event)
        if match.transition is not None:
            self.enter(match.transition.to, event)
            if match.transition.reapply:
                again = self.find(event)
                if again.transition is not None and again.how == "graph":
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


# ----- timing helpers -----------------------------------------------------------------------------


class _Timer:
    """Builds due instants with their explanations, in the words of playbook.md §1."""

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.cal = calendar

    def _anchor(self, label: str, anchor: datetime) -> str:
        local = self.cal.local(anchor)
        moved = self.cal.to_business_time(anchor)
        text = f"{label} {short_instant(local)}"
        if moved != local:
            text += f" (outside business time, counted from {short_instant(moved)})"
        return text

    def days(self, label: str, anchor: datetime, n: int) -> Due:
        due = self.cal.add_business_days(anchor, n)
        skips = self.cal.describe_skips(self.cal.skipped_between(self.cal.to_business_time(anchor).date(), due.date()))
        basis = f"{self._anchor(label, anchor)} + {n} business day{'s' if n != 1 else ''}"
        return Due(due, basis + (f" ({skips})" if skips else ""))

    def hours(self, label: str, anchor: datetime, h: float) -> Due:
        due = self.cal.add_business_hours(anchor, h)
        skips = self.cal.describe_skips(self.cal.skipped_between(self.cal.to_business_time(anchor).date(), due.date()))
        amount = f"{h:g} business hour{'s' if h != 1 else ''}"
        if h < 0:
            basis = f"{self._anchor(label, anchor)} − {-h:g} business hour{'s' if h != -1 else ''}"
        else:
            basis = f"{self._anchor(label, anchor)} + {amount}"
        return Due(due, basis + (f" ({skips})" if skips else ""))

    def at(self, label: str, instant: datetime) -> Due:
        due = self.cal.to_business_time(instant)
        basis = f"{label} {short_instant(self.cal.local(instant))}"
        if due != self.cal.local(instant):
            basis += f", moved into business time ({self.cal.explain_move(instant)})"
        return Due(due, basis)

    def on_date_or_instant(self, label: str, value: str) -> Due:
        from .timefmt import parse_date, parse_instant

        if len(value) == 10:
            day = parse_date(value, label)
            due = self.cal.opening(day)
            moved = "" if due.date() == day else f", the next business day ({self.cal.non_business_reason(day)})"
            return Due(due, f"{label} {short_day(day)}: that day's opening{moved}")
        return self.at(label, parse_instant(value, label))

    def later(self, *dues: Due) -> Due:
        return max(dues, key=lambda d: d.at)


# ----- evaluation -------------------------------------------------------------------------------------


class _Evaluator:
    def __init__(
        self, case: Case, playbook: Playbook, calendar: BusinessCalendar, now: datetime, with_sla: bool = True
    ) -> None:
        self.case, self.pb, self.cal, self.now = case, playbook, calendar, now
        self.with_sla = with_sla
        self.r = _Replay(case, playbook, now, calendar).run()
        self.t = _Timer(calendar)
        self.flags: list[Flag] = []
        self.ball_override: str | None = None

    # -- the stage rules (one per "rule" name in the playbook data) --

    def rule_first_response(self, stage: Stage) -> Action:
        phone = self.case.customer.preferred_channel == "phone"
        title = (
            "Call the customer: First Quality Response by phone"
            if phone
            else "Send the First Quality Response by email"
        )
        due = self.t.hours("case opened", self.case.opened_at or self.now, self.pb.param("fqr_hours"))
        return Action("send_fqr", title, due.at, due.basis, stage.template, "call" if phone else "email")

    def rule_pass_through(self, stage: Stage) -> Action | None:
        return self.rule_hub(stage)

    def rule_call_summary(self, stage: Stage) -> Action:
        due = self.t.hours("call", self.r.entered_at, self.pb.param("call_summary_hours"))
        return Action("send_call_summary", stage.action, due.at, due.basis, stage.template, "email")

    def _latest_reply_since_outbound(self) -> Event | None:
        # a successful contact (the playbook's "contacts") or a reopened case: a response is owed
        replies = [e for e in self.r.since_entry() if e.kind in self.pb.kinds("contacts") or e.kind == "reopened"]
        if not replies:
            return None
        last = replies[-1]
        if self.r.last_outbound is not None and self.r.last_outbound >= last.at:
            return None
        return last

    def rule_hub(self, stage: Stage) -> Action:
        reply = self._latest_reply_since_outbound()
        if reply is not None:
            label = {
                "customer_replied": "customer reply",
                "call_reached": "call",
                "meeting_held": "meeting",
                "reopened": "case reopened",
            }.get(reply.kind, "contact")
            due = self.t.hours(label, reply.at, self.pb.param("reply_response_hours"))
            title = "Send the meeting summary with next steps" if reply.kind == "meeting_held" else stage.action
            return Action("send_status", title, due.at, due.basis, stage.template, "email")
        self.ball_override = "none"
        base, label = self.r.entered_at, "status sent"
        if self.r.last_outbound is not None and self.r.last_outbound > base:
            base, label = self.r.last_outbound, "last email"
        due = self.t.hours(label, base, self.pb.param("classify_hours"))
        return Action(
            "set_next_step",
            "Say what the case waits for: research, customer, meeting or resolution",
            due.at,
            due.basis,
            None,
            "task",
        )

    def _pending_indication(self) -> Due | None:
        """A date the customer gave (or an out-of-office return) that no outbound message has used yet."""
        latest: Due | None = None
        latest_at: datetime | None = None
        for event in self.r.since_entry():
            value = event.fields.get("follow_up_on")
            due = None
            if isinstance(value, str) and event.kind in (
                "resolution_provided",
                "customer_replied",
                "pending_customer",
            ):
                due = self.t.on_date_or_instant("date the customer indicated", value)
            elif event.kind == "out_of_office" and event.day("until") is not None:
                back = self.cal.opening(event.day("until"))  # type: ignore[arg-type]
                extra = self.pb.days("out_of_office_extra_days")
                due = self.t.days(
                    f"out of office until {short_day(event.day('until'))}"  # type: ignore[arg-type]
                    ", back",
                    back,
                    extra,
                )
            if due is not None:
                latest, latest_at = due, event.at
        if latest is None or latest_at is None:
            return None
        if self.r.last_outbound is not None and self.r.last_outbound > latest_at:
            return None
        return latest

    def _unresponsive_step(self, due: Due) -> Action:
        """The J step when a cadence runs out: the TAM first if the case has one, else strike 1."""
        if self.case.tam is not None and self.case.tam.name and self.r.tam_contacted_at is None:
            return Action("contact_tam", "No answer: reach out to the TAM", due.at, due.basis, None, "task")
        return Action("send_strike_1", "No answer: send strike 1", due.at, due.basis, "unresponsive_1", "email")

    def _outbound_after(self, moment: datetime | None) -> list[Event]:
        return [
            e for e in self.r.stage_events if e.kind in self.pb.kinds("outbound") and (moment is None or e.at > moment)
        ]

    def rule_post_solution(self, stage: Stage) -> Action:
        pb = self.pb
        indicated = self._pending_indication()
        if indicated is not None:
            return Action(
                "follow_up_indicated",
                "Follow up on the date the customer gave",
                indicated.at,
                indicated.basis,
                stage.template,
                "email",
            )
        replies = self.r.in_stage(("customer_replied", "call_reached"))
        if replies:  # "still testing": a 3-business-day cadence, then the unresponsive step
            last = replies[-1]
            outs = self._outbound_after(last.at)
            every, most = pb.days("still_testing_every_days"), pb.days("still_testing_max_unanswered")
            base_at, label = (outs[-1].at, f"follow-up {len(outs)}") if outs else (last.at, "customer reply")
            due = self.t.days(label, base_at, every)
            if len(outs) >= most:
                return self._unresponsive_step(due)
            return Action(
                "follow_up_confirmation",
                f"Follow up for confirmation ({len(outs) + 1} of {most})",
                due.at,
                due.basis,
                stage.template,
                "email",
            )
        attempts = self.r.in_stage(pb.kinds("attempts"))
        solution_at = self.r.entered_at
        if attempts:
            missed = attempts[0]
            after_call = self._outbound_after(missed.at)
            if not after_call:
                due = self.t.hours("missed call", missed.at, pb.param("missed_call_email_hours"))
                return Action(
                    "email_after_missed_call",
                    "Email the customer after the missed call",
                    due.at,
                    due.basis,
                    "voicemail_followup",
                    "email",
                )
            base_email, followups = after_call[0], after_call[1:]
            base_label = "email after the missed call"
        else:
            followups = self._outbound_after(solution_at)
            if not followups:
                due = self.t.days("solution", solution_at, pb.days("post_solution_call_days"))
                return Action(
                    "post_solution_call",
                    "Call the customer to check the solution",
                    due.at,
                    due.basis,
                    None,
                    "call",
                )
            base_email, followups = followups[0], followups[1:]
            base_label = "first follow-up"
            followups = [base_email, *followups]
        count = pb.days("post_solution_daily_count")
        if len(followups) >= count:
            due = self.t.days(
                f"follow-up {count}",
                followups[count - 1].at,
                pb.days("post_solution_unresponsive_after_days"),
            )
            return self._unresponsive_step(due)
        base_at, label = (followups[-1].at, f"follow-up {len(followups)}") if followups else (base_email.at, base_label)
        due = self.t.days(label, base_at, pb.days("post_solution_daily_days"))
        return Action(
            "daily_follow_up",
            f"Daily follow-up {len(followups) + 1} of {count}",
            due.at,
            due.basis,
            stage.template,
            "email",
        )

    def rule_last_response(self, stage: Stage) -> Action:
        lqr = [e for e in self.r.since_entry() if e.kind == "lqr_sent"]
        if lqr:
            due = self.t.hours("LQR sent", lqr[-1].at, self.pb.param("close_after_lqr_hours"))
            return Action("close_case", "Close the case", due.at, due.basis, None, "task")
        due = self.t.hours("confirmation", self.r.entered_at, self.pb.param("lqr_hours"))
        return Action("send_lqr", stage.action, due.at, due.basis, stage.template, "email")

    def rule_pending_customer(self, stage: Stage) -> Action:
        indicated = self._pending_indication()
        if indicated is not None:
            return Action(
                "follow_up_indicated",
                "Follow up on the date the customer indicated",
                indicated.at,
                indicated.basis,
                stage.template,
                "email",
            )
        every, most = (
            self.pb.days("pending_customer_every_days"),
            self.pb.days("pending_customer_max_unanswered"),
        )
        outs = self._outbound_after(None)
        base_at, label = self.r.entered_at, "pending customer information since"
        if self.r.last_outbound is not None and self.r.last_outbound > base_at:
            base_at, label = self.r.last_outbound, (f"follow-up {len(outs)}" if outs else "last email")
        due = self.t.days(label, base_at, every)
        if len(outs) >= most:
            return self._unresponsive_step(due)
        return Action(
            "follow_up_info",
            f"Follow up for the information we need ({len(outs) + 1} of {most})",
            due.at,
            due.basis,
            stage.template,
            "email",
        )

    def rule_research(self, stage: Stage) -> Action:
        if self.r.eta is not None:
            due = self.t.at("ETA given", self.r.eta)
        else:
            due = self.t.days("pending research since", self.r.entered_at, self.pb.days("research_default_eta_days"))
            self.flags.append(Flag("no_eta", "The ball is ours but the customer has no ETA: give one"))
        return Action("research_update", stage.action, due.at, due.basis, stage.template, "email")

    def rule_meeting(self, stage: Stage) -> Action:
        scheduled = [e for e in self.r.since_entry() if e.kind == "meeting_scheduled" and e.instant("meeting_at")]
        if not scheduled:
            due = self.t.hours("meeting requested", self.r.entered_at, 1)
            return Action(
                "schedule_meeting",
                "Schedule the call / screen-share meeting",
                due.at,
                due.basis,
                stage.template,
                "email",
            )
        meeting = scheduled[-1].instant("meeting_at")
        assert meeting is not None
        # playbook.md §3 (I): the preparation is due one business hour before the meeting, and stays the
        # next action (overdue once passed) until the meeting is recorded as held.
        due = self.t.hours("meeting", meeting, -self.pb.param("meeting_prep_hours_before"))
        title = (
            "Prepare the call (checklist)"
            if self.now < meeting
            else "Prepare the call, or record that the meeting was held"
        )
        return Action("prepare_call", title, due.at, due.basis, None, "call")

    def rule_tam_step(self, stage: Stage) -> Action:
        entry_kind = self.r.entry.kind if self.r.entry else ""
        tam_done = self.r.tam_contacted_at is not None and self.r.tam_contacted_at >= self.r.entered_at
        if entry_kind == "tam_contacted" or tam_done:
            tam_at = self.r.tam_contacted_at or self.r.entered_at
            due = self.t.days("TAM contacted", tam_at, self.pb.days("tam_wait_days"))
            return Action("send_strike_1", "Send strike 1", due.at, due.basis, "unresponsive_1", "email")
        due = self.t.hours("marked unresponsive", self.r.entered_at, self.pb.param("unresponsive_step_hours"))
        if self.case.tam is not None and self.case.tam.name:
            return Action("contact_tam", stage.action, due.at, due.basis, None, "task")
        return Action(
            "send_strike_1", "No TAM on the case: send strike 1", due.at, due.basis, "unresponsive_1", "email"
        )

    def rule_strike(self, stage: Stage) -> Action:
        n = int(stage.options.get("strike", 1))
        due = self.t.days(f"strike {n}", self.r.entered_at, self.pb.days("strike_every_days"))
        indicated = self._pending_indication()
        if indicated is not None and indicated.at > due.at:
            due = indicated
        return Action(f"send_strike_{n + 1}", stage.action, due.at, due.basis, stage.template, "email")

    def closure_due(self, strike3_at: datetime, announced: str | None = None) -> Due:
        """Strike 3's closure date: the later of strike 3 + 3 business days and last contact + 14 days."""
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
        if announced:
            announced_due = self.t.on_date_or_instant("closure date announced in strike 3", announced)
            if announced_due.at.date() > due.at.date():
                return announced_due
        return Due(due.at, basis)

    def rule_closure(self, stage: Stage) -> Action:
        entry = self.r.entry
        announced = entry.fields.get("closes_on") if entry is not None else None
        due = self.closure_due(self.r.entered_at, announced if isinstance(announced, str) else None)
        return Action(
            "send_closure",
            "Send the closure email (unresolved) and close the case",
            due.at,
            due.basis,
            stage.template,
            "email",
        )

    # -- re-engagement rules --

    def rule_step(self, stage: Stage) -> Action:
        anchor_label = str(stage.options.get("anchor_label", "previous step"))
        if "after_days" in stage.options:
            due = self.t.days(anchor_label, self.r.entered_at, self.pb.days(stage.options["after_days"]))
        else:
            due = self.t.hours(anchor_label, self.r.entered_at, self.pb.param(stage.options.get("after_hours", "")))
        return Action(stage.id, stage.action, due.at, due.basis, stage.template, "email" if stage.template else "task")

    def rule_phone_outreach(self, stage: Stage) -> Action:
        attempts = self.r.in_stage(self.pb.kinds("attempts"))
        if not attempts:
            due = self.t.days("outreach email #1", self.r.entered_at, self.pb.days("outreach_call_after_days"))
            return Action("call_1", "No reply to outreach #1: call the customer", due.at, due.basis, None, "call")
        step = self.pb.days("call_retry_offsets_days") * len(attempts)
        total = self.pb.days("call_attempts")
        due = self.t.days("first call", attempts[0].at, step)
        return Action(
            f"call_{len(attempts) + 1}",
            f"Call again (attempt {len(attempts) + 1} of {total})",
            due.at,
            due.basis,
            None,
            "call",
        )

    def rule_discovery(self, stage: Stage) -> Action:
        scheduled = [e for e in self.r.stage_events if e.kind == "meeting_scheduled" and e.instant("meeting_at")]
        if scheduled:
            meeting = scheduled[-1].instant("meeting_at")
            assert meeting is not None
            due = self.t.at("discovery meeting", meeting)
            return Action("hold_discovery", "Hold the discovery meeting", due.at, due.basis, None, "call")
        due = self.t.hours("customer reply", self.r.entered_at, self.pb.param("reply_response_hours"))
        return Action(
            "schedule_discovery",
            "Reply and schedule the discovery meeting",
            due.at,
            due.basis,
            stage.template,
            "email",
        )

    def rule_decide(self, stage: Stage) -> Action:
        held = self.r.in_stage(("scenario_meeting_held",))
        anchor, label = (
            (held[-1].at, f"scenario meeting {len(held)}") if held else (self.r.entered_at, "discovery meeting")
        )
        due = self.t.days(label, anchor, self.pb.days(str(stage.options.get("after_days"))))
        return Action("decide", stage.action, due.at, due.basis, None, "task")

    def rule_final(self, stage: Stage) -> None:
        return None

    # -- putting it together --

    def evaluate(self) -> Status:
        r, pb = self.r, self.pb
        stage = pb.stage(r.stage)
        rule = getattr(self, f"rule_{stage.rule}")
        action: Action | None = None if r.closed else rule(stage)
        tasks: list[Action] = []
        ball = self.ball_override or stage.ball
        paused_until = None
        if r.closed or stage.rule == "final":
            ball, action = "none", None
        elif r.paused is not None:
            until = r.paused.day("until")
            if until is not None:
                resume = self.t.on_date_or_instant("paused until", until.isoformat())
                paused_until = resume.at
                reason = r.paused.fields.get("reason", "")
                action = Action(
                    "resume",
                    "Resume the case" + (f" (paused: {reason})" if reason else ""),
                    resume.at,
                    resume.basis,
                    None,
                    "task",
                )
                ball = "none"
                self.flags.append(Flag("paused", f"Paused until {short_day(until)}"))
        else:
            action = self._after_pause(action)
            action = self._eta_overlay(stage, action)
            tasks = self._dissatisfied_tasks()
        if action is not None:
            action = _with_overdue(action, self.now)
        tasks = [_with_overdue(t, self.now) for t in tasks]
        self._flags(stage, action)
        next_action = tasks[0] if tasks and tasks[0].id == "escalate_dissatisfied" else action
        others = [t for t in [action, *tasks] if t is not None and t is not next_action]
        return Status(
            case=self.case,
            playbook=pb,
            stage=stage,
            path=r.path,
            ball=ball,
            closed=r.closed,
            eta=r.eta,
            last_contact=r.last_contact,
            last_outbound=r.last_outbound,
            next_action=next_action,
            tasks=others,
            flags=self.flags,
            sla=self._sla() if self.with_sla else [],
            paused_until=paused_until,
        )

    def _after_pause(self, action: Action | None) -> Action | None:
        """After a pause, nothing that fell due during it is due before the case resumed."""
        if action is None or action.due is None or self.r.resumed_at is None or action.due >= self.r.resumed_at:
            return action
        resumed = self.cal.to_business_time(self.r.resumed_at)
        return Action(
            action.id,
            action.title,
            resumed,
            f"{action.basis}; resumed {short_instant(resumed)}",
            action.template,
            action.kind,
        )

    def _eta_overlay(self, stage: Stage, action: Action | None) -> Action | None:
        """playbook.md §2: when the ball is ours, the next update is due at the ETA we gave; a passed ETA
        is "ETA missed: send an update with a new ETA", never silence."""
        if action is None or stage.ball != "ours" or self.ball_override == "none" or self.r.eta is None:
            return action
        due = self.t.at("ETA given", self.r.eta)
        if due.at <= self.now:
            self.flags.append(Flag("eta_missed", f"ETA {short_instant(due.at)} missed"))
            return Action(
                "eta_missed",
                "ETA missed: send an update with a new ETA",
                due.at,
                due.basis,
                "eta_missed",
                "email",
            )
        if stage.rule == "research":
            return action
        return Action(action.id, action.title, due.at, due.basis, action.template, action.kind)

    def _dissatisfied_tasks(self) -> list[Action]:
        r = self.r
        if r.dissatisfied_at is None:
            return []
        rules = self.pb.extras.get("dissatisfied", {})
        tasks = []
        due = self.t.hours(
            "customer flagged dissatisfied",
            r.dissatisfied_at,
            self.pb.parameters.get("dissatisfied_escalation_hours", 1),
        )
        if r.senior_consulted_at is None or r.senior_consulted_at < r.dissatisfied_at:
            tasks.append(
                Action(
                    "escalate_dissatisfied",
                    rules.get("escalation_action", "Discuss with a senior"),
                    due.at,
                    due.basis,
                    None,
                    "task",
                )
            )
        if self.case.customer.premier and (r.tam_contacted_at is None or r.tam_contacted_at < r.dissatisfied_at):
            tasks.append(
                Action(
                    "tam_dissatisfied",
                    rules.get("premier_action", "Contact the TAM"),
                    due.at,
                    due.basis,
                    None,
                    "task",
                )
            )
        if rules.get("advice"):
            tasks.append(
                Action("recovery_call", rules["advice"], None, "seed 000: dissatisfied customers", None, "call")
            )
        return tasks

    def _flags(self, stage: Stage, action: Action | None) -> None:
        c = self.case.customer
        if c.do_not_contact:
            self.flags.append(
                Flag(
                    "do_not_contact",
                    "The customer is on the do-not-contact list: choose another contact before any email or call",
                )
            )
        if self.r.dissatisfied_at is not None:
            self.flags.append(Flag("dissatisfied", "Dissatisfied customer"))
        if c.premier:
            self.flags.append(Flag("premier", "Premier customer"))
        if (
            stage.ball == "ours"
            and stage.eta_required
            and self.r.eta is None
            and not any(f.code == "no_eta" for f in self.flags)
        ):
            self.flags.append(Flag("no_eta", "The ball is ours but the customer has no ETA: give one"))
        guard = self.closing_guard() if stage.rule in CLOSING_RULES else None
        if guard is not None and not self.r.closed and self.r.confirmed_at is None and guard > self.now:
            self.flags.append(
                Flag(
                    "closing_guard",
                    f"No closure without the customer's confirmation before "
                    f"{short_instant(guard)} (last contact + 14 days)",
                )
            )

    def closing_guard(self) -> datetime | None:
        days = self.pb.parameters.get("closure_min_silence_calendar_days")
        if days is None:
            return None
        contact = self.cal.local(self.r.last_contact)
        return self.cal.localize(contact.replace(tzinfo=None) + timedelta(days=int(days)))

    def _sla(self) -> list[Sla]:
        """Response-time commitments of seed 001 (playbook.md §2), for playbooks that define them."""
        p = self.pb.parameters
        if "sla_acknowledge_hours" not in p or self.case.opened_at is None:
            return []
        events = self.r.events
        opened = self.case.opened_at
        responses = self.pb.kinds("outbound") | {"call_reached", "call_no_answer", "voicemail_left"}

        def first_after(moment: datetime, kinds: Iterable[str]) -> datetime | None:
            wanted = set(kinds)
            return next((e.at for e in events if e.kind in wanted and e.at >= moment), None)

        def indicator(name: str, title: str, due: datetime, met: datetime | None) -> Sla:
            if met is not None:
                return Sla(name, title, due, "met" if met <= due else "breached", met)
            return Sla(name, title, due, "breached" if self.now > due else "pending")

        trigger = max([opened, *(e.at for e in events if e.kind == "customer_replied")])
        ack_due = self.cal.add_business_hours(trigger, p["sla_acknowledge_hours"])
        act_due = self.cal.add_business_days(opened, int(p["sla_actionable_days"]))
        res_due = self.cal.add_business_days(opened, int(p["sla_resolution_days"]))
        return [
            indicator(
                "acknowledge",
                f"Acknowledge within {p['sla_acknowledge_hours']:g} business hour",
                ack_due,
                first_after(trigger, responses),
            ),
            indicator(
                "actionable",
                f"Actionable response within {int(p['sla_actionable_days'])} business day",
                act_due,
                first_after(opened, ("fqr_sent", "email_sent", "call_reached")),
            ),
            indicator(
                "resolution",
                f"Resolution within {int(p['sla_resolution_days'])} business days",
                res_due,
                first_after(opened, ("resolution_provided", "confirmation_received")),
            ),
        ]


def _with_overdue(action: Action, now: datetime) -> Action:
    overdue = action.due is not None and action.due < now
    return Action(action.id, action.title, action.due, action.basis, action.template, action.kind, overdue)


def evaluate(case: Case, playbook: Playbook, calendar: BusinessCalendar, now: datetime, *, sla: bool = True) -> Status:
    """Where ``case`` stands at ``now`` and what is due next, in ``calendar``'s business time."""
    if case.opened_at is None:
        raise ValueError(f"case {case.number} has no opening instant")
    return _Evaluator(case, playbook, calendar, now, with_sla=sla).evaluate()


# ----- checking an event before it is recorded ---------------------------------------------------------


def check_event(case: Case, event: Event, playbook: Playbook, calendar: BusinessCalendar) -> list[str]:
    """Why ``event`` makes no sense now (empty when the playbook allows it): playbook.md §3 guards."""
    ev = _Evaluator(case, playbook, calendar, event.at)
    r = ev.r
    problems: list[str] = []
    stage = playbook.stage(r.stage)
    if event.kind == "reopened":
        if not r.closed:
            problems.append("the case is not closed")
        return problems
    if r.closed and event.kind != "note":
        return [*problems, "the case is closed: reopen it first"]
    if event.kind in playbook.kinds("contact_actions") and case.customer.do_not_contact:
        problems.append("the customer is on the do-not-contact list: choose another contact")
    if event.kind == "closed":
        problems += _closing_problems(ev, event)
    elif event.kind == "paused":
        problems += _pause_problems(playbook, event)
    match = r.find(event)
    if match.how in ("jump", "unexpected") and event.kind not in ("closed",):
        expected = _expected_here(playbook, r.stage)
        problems.append(
            f"{_describe(event)} does not fit stage {stage.id} ({stage.title}); "
            f"expected here: {', '.join(expected) or 'nothing'}"
        )
    if event.kind == "lqr_sent" and r.stage == "M":
        guard = ev.closure_due(r.entered_at).at
        if event.at < guard:
            problems.append(
                f"the closure email is due {short_instant(guard)} (the closure date strike 3 "
                "announced); sending it earlier closes the case too soon"
            )
    return problems


def _closing_problems(ev: _Evaluator, event: Event) -> list[str]:
    r = ev.r
    if r.confirmed_at is not None:
        return []
    guard = ev.closing_guard()
    via_strikes = r.stage in ("M", "F") and any(step.stage == "M" for step in r.path)
    problems = []
    if not via_strikes:
        problems.append("closing without the customer's confirmation is allowed only through the three-strike process")
    if guard is not None and event.at < guard:
        problems.append(f"and never before {short_instant(guard)} (last successful contact + 14 days)")
    return problems


def _pause_problems(playbook: Playbook, event: Event) -> list[str]:
    until = event.day("until")
    if until is None:
        return []
    problems = []
    local_day = event.at.date()
    if until <= local_day:
        problems.append(f"the pause must end after today ({short_day(until)} is not later)")
    limit = int(playbook.parameters.get("pause_confirm_over_days", 90))
    if (until - local_day).days > limit:
        problems.append(f"pauses over {limit} days need a confirmation (consult your lead; use --force)")
    return problems


def _describe(event: Event) -> str:
    n = event.fields.get("n")
    return f"{event.kind} n={n}" if n is not None else event.kind


def _expected_here(playbook: Playbook, stage_id: str) -> list[str]:
    found: list[str] = []
    for t in (*playbook.transitions, *playbook.moves):
        if stage_id in t.sources:
            for kind in t.on:
                if kind == "auto":
                    continue
                label = kind + "".join(f" {k}={v}" for k, v in t.condition.items())
                if label not in found:
                    found.append(label)
    for kind in sorted(playbook.stay.get(stage_id, ())):
        if kind not in found:
            found.append(kind)
    return found


# ----- what the app offers in a stage -------------------------------------------------------------------


# Which events complete each next action the rules above produce: the app offers these first.
ACTION_EVENTS: dict[str, tuple[str, ...]] = {
    "send_fqr": ("fqr_sent",),
    "send_call_summary": ("email_sent",),
    "send_status": ("email_sent",),
    "set_next_step": ("pending_research", "pending_customer", "resolution_provided", "meeting_scheduled"),
    "follow_up_indicated": ("email_sent", "call_reached", "call_no_answer"),
    "follow_up_info": ("email_sent",),
    "follow_up_confirmation": ("email_sent",),
    "daily_follow_up": ("email_sent",),
    "post_solution_call": ("call_reached", "call_no_answer", "voicemail_left"),
    "email_after_missed_call": ("email_sent",),
    "research_update": ("email_sent", "eta_set"),
    "eta_missed": ("email_sent", "eta_set"),
    "schedule_meeting": ("meeting_scheduled",),
    "prepare_call": ("meeting_held",),
    "contact_tam": ("tam_contacted",),
    "send_strike_1": ("strike_sent",),
    "send_strike_2": ("strike_sent",),
    "send_strike_3": ("strike_sent",),
    "send_closure": ("lqr_sent",),
    "send_lqr": ("lqr_sent",),
    "close_case": ("closed",),
    "resume": ("resumed",),
    "escalate_dissatisfied": ("senior_consulted",),
    "tam_dissatisfied": ("tam_contacted",),
    "research": ("research_done",),
    "dnc_check": ("dnc_checked",),
    "outreach": ("outreach_sent",),
    "call_1": ("call_no_answer", "voicemail_left", "call_reached"),
    "call_2": ("call_no_answer", "voicemail_left", "call_reached"),
    "call_3": ("call_no_answer", "voicemail_left", "call_reached"),
    "account_team": ("account_team_informed",),
    "awaiting_account_team": ("disengaged",),
    "schedule_discovery": ("meeting_scheduled",),
    "hold_discovery": ("discovery_meeting_held",),
    "decide": ("assigned_to_delivery", "scenario_meeting_held", "disengaged"),
}


def offered_events(status: Status) -> tuple[list[str], list[str]]:
    """The event kinds the current stage expects (buttons; those that complete the next action first),
    and the others allowed anywhere (a menu)."""
    pb = status.playbook
    if status.closed:
        return ["reopened"], ["note"]
    primary: list[str] = []
    if status.next_action is not None:
        primary += [k for k in ACTION_EVENTS.get(status.next_action.id, ()) if k in KINDS]
    if "customer_replied" in pb.stay.get(status.stage.id, ()) or any(
        "customer_replied" in t.on for t in (*pb.leaving(status.stage.id), *pb.moves_from(status.stage.id))
    ):
        primary.append("customer_replied")
    for t in (*pb.leaving(status.stage.id), *pb.moves_from(status.stage.id)):
        for kind in t.on:
            if kind != "auto" and kind not in primary:
                primary.append(kind)
    for kind in sorted(pb.stay.get(status.stage.id, ())):
        if kind not in primary:
            primary.append(kind)
    others = [k for k in sorted(pb.anywhere) if k not in primary and k != "opened"]
    return primary, others


def default_fields(kind: str, status: Status, calendar: BusinessCalendar, now: datetime) -> dict[str, object]:
    """Sensible defaults for an event's fields, from the playbook (e.g. the ETA default of stage H)."""
    pb = status.playbook
    defaults: dict[str, object] = {}
    if kind in ("pending_research", "eta_set"):
        days = int(pb.parameters.get("research_default_eta_days", 1))
        defaults["eta"] = calendar.add_business_days(now, days)
    elif kind == "meeting_scheduled":
        defaults["meeting_at"] = calendar.add_business_days(now, 1).replace(minute=0, second=0, microsecond=0)
    elif kind == "fqr_sent":
        defaults["channel"] = status.case.customer.preferred_channel
    elif kind == "strike_sent":
        strike = status.stage.options.get("strike")
        defaults["n"] = int(strike) + 1 if strike else 1
    elif kind in ("paused", "out_of_office"):
        defaults["until"] = calendar.local(now).date() + timedelta(days=7)
    elif kind == "outreach_sent":
        defaults["n"] = 1
    return defaults


def customer_clock(case: Case, calendar: BusinessCalendar, now: datetime) -> tuple[datetime, bool] | None:
    """The customer's local time now, and whether it falls in their business hours (the engineer's
    working hours and workdays, read in the customer's zone), or None when the zone is unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not case.customer.timezone:
        return None
    try:
        local = now.astimezone(ZoneInfo(case.customer.timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return None
    inside = local.isoweekday() in calendar.workdays and calendar.work_start <= local.time() <= calendar.work_end
    return local, inside
