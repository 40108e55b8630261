"""What lies over a stage's own rule (playbook rules §2): a pause holds everything, the ETA we gave sets
the next update (a missed one is never silence), a dissatisfied customer comes first; the flags shown on
a case; and the response-time commitments (SLA) for playbooks that define them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..playbook import Ball, Stage
from ..timefmt import short_instant
from .context import Context
from .status import Action, ActionKind, Flag, Sla, SlaState


def with_overdue(action: Action, now: datetime) -> Action:
    overdue = action.due is not None and action.due < now
    return Action(action.id, action.title, action.due, action.basis, action.template, action.kind, overdue)


def after_pause(c: Context, action: Action | None) -> Action | None:
    """After a pause, nothing that fell due during it is due before the case resumed."""
    if action is None or action.due is None or c.r.resumed_at is None or action.due >= c.r.resumed_at:
        return action
    resumed = c.cal.to_business_time(c.r.resumed_at)
    basis = f"{action.basis}; resumed {short_instant(resumed)}"
    return Action(action.id, action.title, resumed, basis, action.template, action.kind)


def eta_overlay(c: Context, stage: Stage, ball: Ball, action: Action | None) -> tuple[Action | None, list[Flag]]:
    """playbook rules §2: when the ball is ours, the next update is due at the ETA we gave; a passed ETA is
    "ETA missed: send an update with a new ETA", never silence. The ETA is a promise made: a fixed
    instant that no change of working hours moves, so a missed ETA stays missed."""
    if action is None or stage.ball != Ball.OURS or ball == Ball.NONE or c.r.eta is None:
        return action, []
    due = c.t.promise("ETA given", c.r.eta)
    if c.r.eta <= c.now:
        missed = Action(
            "eta_missed", "ETA missed: send an update with a new ETA", due.at, due.basis, "eta_missed", ActionKind.EMAIL
        )
        return missed, [Flag("eta_missed", f"ETA {short_instant(due.at)} missed")]
    if stage.rule == "research":
        return action, []
    return Action(action.id, action.title, due.at, due.basis, action.template, action.kind), []


def dissatisfied_tasks(c: Context) -> list[Action]:
    """Seed 000, dissatisfied customers: a senior first, the TAM for a premier customer, a recovery call."""
    r = c.r
    if r.dissatisfied_at is None:
        return []
    rules = c.pb.extras.get("dissatisfied", {})
    hours = c.pb.parameters.get("dissatisfied_escalation_hours", 1)
    due = c.t.hours("customer flagged dissatisfied", r.dissatisfied_at, hours)
    tasks = []
    if r.senior_consulted_at is None or r.senior_consulted_at < r.dissatisfied_at:
        title = rules.get("escalation_action", "Discuss with a senior")
        tasks.append(Action("escalate_dissatisfied", title, due.at, due.basis, None, ActionKind.TASK))
    if c.case.customer.premier and (r.tam_contacted_at is None or r.tam_contacted_at < r.dissatisfied_at):
        title = rules.get("premier_action", "Contact the TAM")
        tasks.append(Action("tam_dissatisfied", title, due.at, due.basis, None, ActionKind.TASK))
    if rules.get("advice"):
        tasks.append(
            Action("recovery_call", rules["advice"], None, "seed 000: dissatisfied customers", None, ActionKind.CALL)
        )
    return tasks


def case_flags(c: Context, stage: Stage, closing: bool, flags: list[Flag]) -> list[Flag]:
    """The flags shown on the case, after those the rule and the overlays raised."""
    customer = c.case.customer
    flags = list(flags)
    if customer.do_not_contact:
        flags.append(
            Flag(
                "do_not_contact",
                "The customer is on the do-not-contact list: choose another contact before any email or call",
            )
        )
    if c.r.dissatisfied_at is not None:
        flags.append(Flag("dissatisfied", "Dissatisfied customer"))
    if customer.premier:
        flags.append(Flag("premier", "Premier customer"))
    if (
        stage.ball == Ball.OURS
        and stage.eta_required
        and c.r.eta is None
        and not any(f.code == "no_eta" for f in flags)
    ):
        flags.append(Flag("no_eta", "The ball is ours but the customer has no ETA: give one"))
    end = c.silence_end() if closing else None
    if end is not None and not c.r.closed and c.r.confirmed_at is None and end[0] > c.now:
        flags.append(
            Flag(
                "closing_guard",
                f"No closure without the customer's confirmation before "
                f"{short_instant(end[0])} (last contact + {end[1]} days)",
            )
        )
    if c.r.misfits:
        flags.append(Flag("not_fitting", "; ".join(m.text for m in c.r.misfits)))
    return flags


def sla_indicators(c: Context) -> list[Sla]:
    """Response-time commitments of seed 001 (playbook rules §2), for playbooks that define them."""
    p = c.pb.parameters
    if "sla_acknowledge_hours" not in p or c.case.opened_at is None:
        return []
    events = c.r.events
    opened = c.case.opened_at
    responses = c.pb.kinds("outbound") | {"call_reached", "call_no_answer", "voicemail_left"}

    def first_after(moment: datetime, kinds: Iterable[str]) -> datetime | None:
        wanted = set(kinds)
        return next((e.at for e in events if e.kind in wanted and e.at >= moment), None)

    def indicator(name: str, title: str, due: datetime, met: datetime | None) -> Sla:
        if met is not None:
            return Sla(name, title, due, SlaState.MET if met <= due else SlaState.BREACHED, met)
        return Sla(name, title, due, SlaState.BREACHED if c.now > due else SlaState.PENDING)

    trigger = max([opened, *(e.at for e in events if e.kind == "customer_replied")])
    ack_due = c.cal.add_business_hours(trigger, p["sla_acknowledge_hours"])
    act_due = c.cal.add_business_days(opened, int(p["sla_actionable_days"]))
    res_due = c.cal.add_business_days(opened, int(p["sla_resolution_days"]))
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
