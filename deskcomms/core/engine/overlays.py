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


def out_of_office_overlay(c: Context, ball: Ball, action: Action | None) -> Action | None:
    """playbook rules §3, Out of office: an auto-reply's return never pulls a follow-up or a strike earlier;
    what waits for the customer is due at the later of its own date and the return + the extra days.
    While the ball is ours our update still goes out on time: only calls (and strikes) wait."""
    rules = c.pb.extras.get("out_of_office")
    if action is None or action.due is None or not rules:
        return action
    waits = (
        ball.value in rules.get("waits_when_ball", ())
        or action.kind.value in rules.get("waits_action_kinds", ())
        or action.id in rules.get("waits_actions", ())
    )
    back = c.away_until() if waits else None
    if back is None or back.at <= action.due:
        return action
    basis = f"the later of {action.basis} and {back.basis}"
    return Action(action.id, action.title, back.at, basis, action.template, action.kind)


def delivery_failure_task(c: Context) -> tuple[Action | None, list[Flag]]:
    """playbook rules §3, Delivery failure: "fix the address or reach the customer another way" is due
    after the report, until we send again or reach the customer (the playbook's ``fix_delivery`` done_by)."""
    rules = c.pb.extras.get("delivery_failed")
    failed = c.r.delivery_failed
    if not rules or failed is None:
        return None, []
    done = set(c.pb.done_by("fix_delivery"))
    if any(e.kind in done and e.at > failed.at for e in c.r.events):
        return None, []
    address = failed.fields.get("address") or "the customer"
    due = c.t.hours(f"delivery to {address} failed", failed.at, c.pb.param(rules["hours"]))
    task = Action("fix_delivery", rules["action"], due.at, due.basis, None, ActionKind.TASK)
    return task, [Flag("delivery_failed", f"Our email to {address} was not delivered")]


def reply_acknowledgment(c: Context, stage: Stage) -> Action | None:
    """playbook rules §3, Whose email it is: in the stages the playbook names (our research, a meeting) a
    customer reply keeps the stage and makes the acknowledgment due."""
    rules = c.pb.extras.get("reply_acknowledgment")
    if not rules or stage.id not in rules.get("stages", ()):
        return None
    reply = c.latest_reply_since_outbound()
    if reply is None or reply.kind != "customer_replied":
        return None
    done = set(c.pb.done_by("acknowledge_reply"))
    if any(e.kind in done and e.at >= reply.at for e in c.r.stage_events):
        return None
    first = c.first_unanswered_reply()  # due from the earliest reply no message answered, not the latest
    if first is not None and first.kind == "customer_replied":
        reply = first
    due = c.t.hours("customer reply", reply.at, c.pb.param(rules["hours"]))
    return Action("acknowledge_reply", rules["action"], due.at, due.basis, None, ActionKind.EMAIL)
