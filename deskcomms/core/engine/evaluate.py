"""Evaluating a case: where it stands at ``now`` and what is due next, when and why (playbook rules §2-§4).

Pure functions of (case, playbook, calendar, now): the events up to ``now`` are replayed through the
playbook's transitions (data); the stage names a rule (of the registry :mod:`.rules` builds) that times the next
action from the playbook's parameters (data); the overlays of :mod:`.overlays` come on top.
"""

from __future__ import annotations

from datetime import datetime

from ..calendar import BusinessCalendar
from ..model import Case
from ..playbook import Ball, Playbook
from ..timefmt import short_day
from .context import Context
from .overlays import (
    after_pause,
    case_flags,
    delivery_failure_task,
    dissatisfied_tasks,
    eta_overlay,
    out_of_office_overlay,
    reply_acknowledgment,
    sla_indicators,
    with_overdue,
)
from .registry import as_outcome
from .rules import RULES
from .status import Action, ActionKind, Due, Flag, Status


def evaluate(case: Case, playbook: Playbook, calendar: BusinessCalendar, now: datetime, *, sla: bool = True) -> Status:
    """Where ``case`` stands at ``now`` and what is due next, in ``calendar``'s business time."""
    if case.opened_at is None:
        raise ValueError(f"case {case.number} has no opening instant")
    return status_in(Context.of(case, playbook, calendar, now), with_sla=sla)


def status_in(c: Context, *, with_sla: bool = True) -> Status:
    r, pb = c.r, c.pb
    stage = pb.stage(r.stage)
    spec = RULES[stage.rule]
    outcome = as_outcome(None if r.closed else spec.function(c, stage))
    action, flags = outcome.action, list(outcome.flags)
    ball = outcome.ball or stage.ball
    tasks: list[Action] = []
    fix: Action | None = None  # the delivery failure to settle, if any
    paused_until = None
    if r.closed or spec.final:
        ball, action = Ball.NONE, None
    elif r.paused is not None:
        until = r.paused.day("until")
        if until is not None:
            resume = c.t.on_date_or_instant("paused until", until.isoformat())
            paused_until = resume.at
            reason = r.paused.fields.get("reason", "")
            title = "Resume the case" + (f" (paused: {reason})" if reason else "")
            action = Action("resume", title, resume.at, resume.basis, None, ActionKind.TASK)
            ball = Ball.NONE
            flags.append(Flag("paused", f"Paused until {short_day(until)}"))
    else:
        action = after_pause(c, action)
        action, eta_flags = eta_overlay(c, stage, outcome.ball or stage.ball, action)
        flags += eta_flags
        action = out_of_office_overlay(c, ball, action)
        tasks = dissatisfied_tasks(c)
        # Before anything else: the customer did not get our email, or wrote and waits for an answer.
        fix, fix_flags = delivery_failure_task(c)
        flags += fix_flags
        tasks = [t for t in (fix, reply_acknowledgment(c, stage)) if t is not None] + tasks
    if action is not None:
        action = with_overdue(action, c.now)
    tasks = [with_overdue(t, c.now) for t in tasks]
    flags = case_flags(c, stage, spec.closing, flags)
    next_action = tasks[0] if tasks and tasks[0].id in FIRST else action
    if fix is not None and next_action is not None and next_action.id == fix.id:  # overdue, it is a copy
        # playbook rules §3, Delivery failure: the customer never got our email; the playbook says whose move it is.
        ball = Ball(pb.extras["delivery_failed"].get("ball", ball))
    others = [t for t in [action, *tasks] if t is not None and t is not next_action]
    return Status(
        case=c.case,
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
        flags=flags,
        sla=sla_indicators(c) if with_sla else [],
        paused_until=paused_until,
        misfits=list(r.misfits),
    )


FIRST = ("fix_delivery", "acknowledge_reply", "escalate_dissatisfied")  # tasks that come before the stage's action


def closing_guard(case: Case, playbook: Playbook, calendar: BusinessCalendar, now: datetime) -> datetime | None:
    """The earliest instant the case may close without the customer's confirmation (last successful
    contact + the playbook's calendar days of silence), or None when the playbook has no such rule."""
    return Context.of(case, playbook, calendar, now).closing_guard()


def closure_if_final_strike_now(case: Case, playbook: Playbook, calendar: BusinessCalendar, now: datetime) -> Due:
    """The closure date the final strike announces when it is sent at ``now`` (what the rules give)."""
    return Context.of(case, playbook, calendar, now).closure_due(now)
