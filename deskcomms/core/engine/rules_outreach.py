"""The rules of the customer re-engagement playbook (playbook rules §4): timed steps, phone outreach with
its attempts, the discovery meeting and the decision after it; and the final stages where nothing is due."""

from __future__ import annotations

from ..playbook import Stage
from .context import Context
from .registry import rule
from .status import Action, ActionKind


@rule("step", stage_parameters=("after_days", "after_hours"))
def step(c: Context, stage: Stage) -> Action:
    """A step due a named number of business days or hours after the stage was entered."""
    anchor_label = str(stage.options.get("anchor_label", "previous step"))
    if "after_days" in stage.options:
        due = c.t.days(anchor_label, c.r.entered_at, c.pb.days(stage.options["after_days"]))
    else:
        due = c.t.hours(anchor_label, c.r.entered_at, c.pb.param(stage.options.get("after_hours", "")))
    kind = ActionKind.EMAIL if stage.template else ActionKind.TASK
    return Action(stage.id, stage.action, due.at, due.basis, stage.template, kind)


@rule("phone_outreach", parameters=("outreach_call_after_days", "call_retry_offsets_days", "call_attempts"))
def phone_outreach(c: Context, stage: Stage) -> Action:
    attempts = c.r.in_stage(c.pb.kinds("attempts"))
    if not attempts:
        due = c.t.days("outreach email #1", c.r.entered_at, c.pb.days("outreach_call_after_days"))
        return Action("call_1", "No reply to outreach #1: call the customer", due.at, due.basis, None, ActionKind.CALL)
    step_days = c.pb.days("call_retry_offsets_days") * len(attempts)
    total = c.pb.days("call_attempts")
    due = c.t.days("first call", attempts[0].at, step_days)
    n = len(attempts) + 1
    return Action(f"call_{n}", f"Call again (attempt {n} of {total})", due.at, due.basis, None, ActionKind.CALL)


@rule("discovery", parameters=("reply_response_hours",))
def discovery(c: Context, stage: Stage) -> Action:
    scheduled = [e for e in c.r.stage_events if e.kind == "meeting_scheduled" and e.instant("meeting_at")]
    if scheduled:
        meeting = scheduled[-1].instant("meeting_at")
        assert meeting is not None
        due = c.t.at("discovery meeting", meeting)
        return Action("hold_discovery", "Hold the discovery meeting", due.at, due.basis, None, ActionKind.CALL)
    due = c.t.hours("customer reply", c.r.entered_at, c.pb.param("reply_response_hours"))
    title = "Reply and schedule the discovery meeting"
    return Action("schedule_discovery", title, due.at, due.basis, stage.template, ActionKind.EMAIL)


@rule("decide", stage_parameters=("after_days",))
def decide(c: Context, stage: Stage) -> Action:
    held = c.r.in_stage(("scenario_meeting_held",))
    anchor, label = (held[-1].at, f"scenario meeting {len(held)}") if held else (c.r.entered_at, "discovery meeting")
    due = c.t.days(label, anchor, c.pb.days(str(stage.options.get("after_days"))))
    return Action("decide", stage.action, due.at, due.basis, None, ActionKind.TASK)


@rule("final", final=True)
def final(c: Context, stage: Stage) -> None:
    """A stage where the case's journey ends: nothing is due."""
    return None
