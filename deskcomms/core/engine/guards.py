"""Checking an event before it is recorded (playbook rules §3 guards): does the stage expect it, may the
case close without the customer's confirmation, is a pause too long. An empty answer means allowed."""

from __future__ import annotations

from ..calendar import BusinessCalendar
from ..model import Case, Event
from ..playbook import Playbook
from ..timefmt import short_day, short_instant
from .context import Context


def check_event(case: Case, event: Event, playbook: Playbook, calendar: BusinessCalendar) -> list[str]:
    """Why ``event`` makes no sense now (empty when the playbook allows it)."""
    c = Context.of(case, playbook, calendar, event.at)
    r = c.r
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
        problems += _closing_problems(c, event)
    elif event.kind == "paused":
        problems += _pause_problems(playbook, event)
    if not r.find(event).expected and event.kind != "closed":
        expected = expected_here(playbook, r.stage)
        problems.append(
            f"{_describe(event)} does not fit the stage {stage.name}; expected here: {', '.join(expected) or 'nothing'}"
        )
    final_strike = playbook.roles.get("final_strike")
    if event.kind == "lqr_sent" and final_strike is not None and r.stage == final_strike:
        guard = c.closure_due(r.entered_at).at
        if event.at < guard:
            problems.append(
                f"the closure email is due {short_instant(guard)} (the closure date strike 3 "
                "announced); sending it earlier closes the case too soon"
            )
    return problems


def _closing_problems(c: Context, event: Event) -> list[str]:
    r = c.r
    if r.confirmed_at is not None:
        return []
    roles = c.pb.roles
    final_strike = roles.get("final_strike")
    closing_stages = {final_strike, roles.get("last_response")} - {None}
    via_strikes = r.stage in closing_stages and any(step.stage == final_strike for step in r.path)
    problems = []
    if not via_strikes:
        problems.append("closing without the customer's confirmation is allowed only through the three-strike process")
    end = c.silence_end()
    if end is not None and event.at < end[0]:
        problems.append(f"and never before {short_instant(end[0])} (last successful contact + {end[1]} days)")
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


def expected_here(playbook: Playbook, stage_id: str) -> list[str]:
    """The events a stage expects, as ``kind field=value`` (for messages)."""
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
