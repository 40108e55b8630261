"""The rules of the CSS case lifecycle (playbook rules §3): each times a stage's next action from the
playbook's parameters and explains it. Registered by name; a playbook stage names the rule it follows."""

from __future__ import annotations

from ..playbook import Ball, Stage
from .context import Context
from .registry import Outcome, rule
from .status import Action, ActionKind, Flag

EMAIL, CALL, TASK = ActionKind.EMAIL, ActionKind.CALL, ActionKind.TASK
INDICATED = ("out_of_office_extra_days",)  # read by Context.pending_indication


def after_missed_call_template(c: Context, attempt_kind: str) -> str:
    """The email after a call that did not reach the customer says what happened: a voicemail was left, or
    we only tried to call (the playbook's ``attempt_templates``)."""
    templates = c.pb.extras.get("attempt_templates", {})
    return str(templates.get(attempt_kind, "voicemail_followup"))


@rule("first_response", parameters=("fqr_hours",))
def first_response(c: Context, stage: Stage) -> Action:
    phone = c.case.customer.preferred_channel == "phone"
    attempts = c.r.in_stage(c.pb.kinds("attempts"))
    if attempts:
        # playbook rules §3 (C): the FQR call did not reach the customer; the email that follows is the FQR.
        missed = attempts[-1]
        hours = c.pb.parameters.get("missed_call_email_hours", c.pb.param("fqr_hours"))
        due = c.t.hours("missed FQR call", missed.at, hours)
        title = "Email the customer after the missed call (it is the First Quality Response)"
        template = after_missed_call_template(c, missed.kind)
        return Action("email_after_missed_call", title, due.at, due.basis, template, EMAIL)
    title = (
        "Call the customer: First Quality Response by phone" if phone else "Send the First Quality Response by email"
    )
    due = c.t.hours("case opened", c.case.opened_at or c.now, c.pb.param("fqr_hours"))
    return Action("send_fqr", title, due.at, due.basis, stage.template, CALL if phone else EMAIL)


@rule("call_summary", parameters=("call_summary_hours",))
def call_summary(c: Context, stage: Stage) -> Action:
    due = c.t.hours("call", c.r.entered_at, c.pb.param("call_summary_hours"))
    return Action("send_call_summary", stage.action, due.at, due.basis, stage.template, EMAIL)


REPLY_LABELS = {
    "customer_replied": "customer reply",
    "call_reached": "call",
    "meeting_held": "meeting",
    "reopened": "case reopened",
}


@rule("hub", parameters=("reply_response_hours", "classify_hours"))
def hub(c: Context, stage: Stage) -> Action | Outcome:
    reply = c.latest_reply_since_outbound()
    if reply is not None:
        first = c.first_unanswered_reply() or reply  # due from the earliest contact no message answered
        due = c.t.hours(REPLY_LABELS.get(first.kind, "contact"), first.at, c.pb.param("reply_response_hours"))
        title = "Send the meeting summary with next steps" if reply.kind == "meeting_held" else stage.action
        return Action("send_status", title, due.at, due.basis, stage.template, EMAIL)
    base, label = c.r.entered_at, "status sent"
    if c.r.last_outbound is not None and c.r.last_outbound > base:
        base, label = c.r.last_outbound, "last email"
    due = c.t.hours(label, base, c.pb.param("classify_hours"))
    title = "Say what the case waits for: research, customer, meeting or resolution"
    return Outcome(Action("set_next_step", title, due.at, due.basis, None, TASK), ball=Ball.NONE)


@rule("pass_through", parameters=("reply_response_hours", "classify_hours"))
def pass_through(c: Context, stage: Stage) -> Action | Outcome:
    return hub(c, stage)


@rule(
    "post_solution",
    parameters=(
        "post_solution_call_days",
        "missed_call_email_hours",
        "post_solution_daily_days",
        "post_solution_daily_count",
        "post_solution_unresponsive_after_days",
        "still_testing_every_days",
        "still_testing_max_unanswered",
        *INDICATED,
    ),
)
def post_solution(c: Context, stage: Stage) -> Action:
    pb = c.pb
    indicated = c.pending_indication()
    if indicated is not None:
        title = "Follow up on the date the customer gave"
        return Action("follow_up_indicated", title, indicated.at, indicated.basis, stage.template, EMAIL)
    replies = c.r.in_stage(("customer_replied", "call_reached"))
    if replies:  # "still testing": a cadence of its own, then the unresponsive step
        last = replies[-1]
        outs = c.outbound_after(last.at)
        every, most = pb.days("still_testing_every_days"), pb.days("still_testing_max_unanswered")
        base_at, label = (outs[-1].at, f"follow-up {len(outs)}") if outs else (last.at, "customer reply")
        due = c.t.days(label, base_at, every)
        if len(outs) >= most:
            return c.unresponsive_step(due)
        title = f"Follow up for confirmation ({len(outs) + 1} of {most})"
        return Action("follow_up_confirmation", title, due.at, due.basis, stage.template, EMAIL)
    attempts = c.r.in_stage(pb.kinds("attempts"))
    if attempts:
        missed = attempts[0]
        after_call = c.outbound_after(missed.at)
        if not after_call:
            due = c.t.hours("missed call", missed.at, pb.param("missed_call_email_hours"))
            title = "Email the customer after the missed call"
            template = after_missed_call_template(c, missed.kind)
            return Action("email_after_missed_call", title, due.at, due.basis, template, EMAIL)
        base_email, followups = after_call[0], after_call[1:]
        base_label = "email after the missed call"
    else:
        followups = c.outbound_after(c.r.entered_at)
        if not followups:
            due = c.t.days("solution", c.r.entered_at, pb.days("post_solution_call_days"))
            return Action(
                "post_solution_call", "Call the customer to check the solution", due.at, due.basis, None, CALL
            )
        base_email, base_label = followups[0], "first follow-up"
    count = pb.days("post_solution_daily_count")
    if len(followups) >= count:
        label = f"follow-up {count}"
        due = c.t.days(label, followups[count - 1].at, pb.days("post_solution_unresponsive_after_days"))
        return c.unresponsive_step(due)
    base_at, label = (followups[-1].at, f"follow-up {len(followups)}") if followups else (base_email.at, base_label)
    due = c.t.days(label, base_at, pb.days("post_solution_daily_days"))
    title = f"Daily follow-up {len(followups) + 1} of {count}"
    return Action("daily_follow_up", title, due.at, due.basis, stage.template, EMAIL)


@rule("last_response", parameters=("lqr_hours", "close_after_lqr_hours"), closing=True)
def last_response(c: Context, stage: Stage) -> Action:
    lqr = [e for e in c.r.since_entry() if e.kind == "lqr_sent"]
    if lqr:
        due = c.t.hours("LQR sent", lqr[-1].at, c.pb.param("close_after_lqr_hours"))
        return Action("close_case", "Close the case", due.at, due.basis, None, TASK)
    due = c.t.hours("confirmation", c.r.entered_at, c.pb.param("lqr_hours"))
    # playbook rules §3: a confirmation where no solution of ours was delivered calls for the
    # "resolved by the customer" LQR (thank them, ask what changed, close).
    by_customer = stage.options.get("template_resolved_by_customer")
    if by_customer and c.r.solution_at is None and c.r.confirmed_at is not None:
        title = "Send the Last Quality Response: resolved by the customer"
        return Action("send_lqr", title, due.at, due.basis, str(by_customer), EMAIL)
    return Action("send_lqr", stage.action, due.at, due.basis, stage.template, EMAIL)


@rule("pending_customer", parameters=("pending_customer_every_days", "pending_customer_max_unanswered", *INDICATED))
def pending_customer(c: Context, stage: Stage) -> Action:
    indicated = c.pending_indication()
    if indicated is not None:
        title = "Follow up on the date the customer indicated"
        return Action("follow_up_indicated", title, indicated.at, indicated.basis, stage.template, EMAIL)
    every, most = c.pb.days("pending_customer_every_days"), c.pb.days("pending_customer_max_unanswered")
    outs = c.outbound_after(None)
    base_at, label = c.r.entered_at, "pending customer information since"
    if c.r.last_outbound is not None and c.r.last_outbound > base_at:
        base_at, label = c.r.last_outbound, (f"follow-up {len(outs)}" if outs else "last email")
    due = c.t.days(label, base_at, every)
    if len(outs) >= most:
        return c.unresponsive_step(due)
    title = f"Follow up for the information we need ({len(outs) + 1} of {most})"
    return Action("follow_up_info", title, due.at, due.basis, stage.template, EMAIL)


NO_ETA = Flag("no_eta", "The ball is ours but the customer has no ETA: give one")


@rule("research", parameters=("research_default_eta_days",))
def research(c: Context, stage: Stage) -> Action | Outcome:
    if c.r.eta is not None:
        due = c.t.promise("ETA given", c.r.eta)
        return Action("research_update", stage.action, due.at, due.basis, stage.template, EMAIL)
    due = c.t.days("pending research since", c.r.entered_at, c.pb.days("research_default_eta_days"))
    action = Action("research_update", stage.action, due.at, due.basis, stage.template, EMAIL)
    return Outcome(action, flags=(NO_ETA,))


@rule("meeting", parameters=("meeting_schedule_hours", "meeting_prep_hours_before"))
def meeting(c: Context, stage: Stage) -> Action:
    scheduled = [e for e in c.r.since_entry() if e.kind == "meeting_scheduled" and e.instant("meeting_at")]
    if not scheduled:
        due = c.t.hours("meeting requested", c.r.entered_at, c.pb.param("meeting_schedule_hours"))
        title = "Schedule the call / screen-share meeting"
        return Action("schedule_meeting", title, due.at, due.basis, stage.template, EMAIL)
    at = scheduled[-1].instant("meeting_at")
    assert at is not None
    # playbook rules §3: the preparation is due one business hour before the meeting, and stays the next
    # action (overdue once passed) until the meeting is recorded as held.
    due = c.t.hours("meeting", at, -c.pb.param("meeting_prep_hours_before"))
    title = "Prepare the call (checklist)" if c.now < at else "Prepare the call, or record that the meeting was held"
    return Action("prepare_call", title, due.at, due.basis, None, CALL)


@rule("tam_step", parameters=("unresponsive_step_hours", "tam_wait_days"), closing=True)
def tam_step(c: Context, stage: Stage) -> Action:
    r = c.r
    entry_kind = r.entry.kind if r.entry else ""
    tam_done = r.tam_contacted_at is not None and r.tam_contacted_at >= r.entered_at
    if entry_kind == "tam_contacted" or tam_done:
        due = c.t.days("TAM contacted", r.tam_contacted_at or r.entered_at, c.pb.days("tam_wait_days"))
        return Action("send_strike_1", "Send strike 1", due.at, due.basis, "unresponsive_1", EMAIL)
    due = c.t.hours("marked unresponsive", r.entered_at, c.pb.param("unresponsive_step_hours"))
    if c.case.tam is not None and c.case.tam.name:
        return Action("contact_tam", stage.action, due.at, due.basis, None, TASK)
    return Action("send_strike_1", "No TAM on the case: send strike 1", due.at, due.basis, "unresponsive_1", EMAIL)


@rule("strike", parameters=("strike_every_days", *INDICATED), closing=True)
def strike(c: Context, stage: Stage) -> Action:
    n = int(stage.options.get("strike", 1))
    due = c.t.days(f"strike {n}", c.r.entered_at, c.pb.days("strike_every_days"))
    indicated = c.pending_indication()
    if indicated is not None and indicated.at > due.at:
        due = indicated
    return Action(f"send_strike_{n + 1}", stage.action, due.at, due.basis, stage.template, EMAIL)


@rule("closure", parameters=("closure_after_strike3_days", "closure_min_silence_calendar_days"), closing=True)
def closure(c: Context, stage: Stage) -> Action:
    entry = c.r.entry
    announced = entry.fields.get("closes_on") if entry is not None else None
    due = c.closure_due(c.r.entered_at, announced if isinstance(announced, str) else None)
    title = "Send the closure email (unresolved) and close the case"
    return Action("send_closure", title, due.at, due.basis, stage.template, EMAIL)
