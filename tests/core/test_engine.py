"""The playbook engine against playbook rules §2-§4: every stage's timing rule with worked examples across
weekends, holidays, days off and DST, plus the guards that refuse events that make no sense."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.engine import check_event, evaluate, load_playbook
from deskcomms.core.model import Case, Contact, Event, Tam

NY = ZoneInfo("America/New_York")
US = BusinessCalendar.from_settings({})


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NY)


def make_case(events, *, opened="2026-11-02T09:00", playbook="css", tam=False, **customer) -> Case:
    return Case(
        "100",
        title="Copy fails",
        technology="Data Factory",
        playbook=playbook,
        opened_at=t(opened),
        customer=Contact(name="Alex", email="alex@example.com", **customer),
        tam=Tam("Sam", "sam@example.com") if tam else None,
        events=[Event(t(at), kind, fields, i + 1) for i, (at, kind, fields) in enumerate(events)],
    )


def status(events, now, calendar=US, **kw):
    case = make_case(events, **kw)
    return evaluate(case, load_playbook(case.playbook), calendar, t(now))


def due_of(events, now, **kw):
    s = status(events, now, **kw)
    return s.next_action.id, s.next_action.due.astimezone(NY).replace(tzinfo=None).isoformat(timespec="minutes")


FQR = ("2026-11-02T09:30", "fqr_sent", {"channel": "email"})


# ----- stage by stage ----------------------------------------------------------------------------------


def test_A_first_response_due_one_business_hour_after_opening():
    assert due_of([], "2026-11-02T09:10") == ("send_fqr", "2026-11-02T10:00")


def test_A_opened_friday_evening_is_due_monday_morning():
    s = status([], "2026-11-06T18:00", opened="2026-11-06T17:30")
    assert s.next_action.due == t("2026-11-09T09:00")
    assert "outside business time" in s.next_action.why


def test_A_prefers_the_customers_channel():
    s = status([], "2026-11-02T09:10", preferred_channel="phone")
    assert s.next_action.kind == "call"
    assert "phone" in s.next_action.title


def test_B_email_fqr_passes_through_to_D():
    s = status([FQR], "2026-11-02T09:40")
    assert [p.stage for p in s.path] == ["A", "B", "D"]
    assert s.next_action.id == "set_next_step"


def test_C_call_fqr_makes_the_summary_email_due_one_business_hour_later():
    s = status([("2026-11-02T16:30", "fqr_sent", {"channel": "phone"})], "2026-11-02T16:40")
    assert s.stage.id == "C"
    assert (s.next_action.id, s.next_action.due) == ("send_call_summary", t("2026-11-03T08:30"))


def test_C_to_D_when_the_summary_is_sent():
    s = status(
        [("2026-11-02T09:30", "fqr_sent", {"channel": "phone"}), ("2026-11-02T10:00", "email_sent", {})],
        "2026-11-02T10:05",
    )
    assert [p.stage for p in s.path] == ["A", "C", "D"]


def test_D_reply_needs_a_response_within_one_business_hour():
    assert due_of([FQR, ("2026-11-02T16:45", "customer_replied", {})], "2026-11-02T16:50") == (
        "send_status",
        "2026-11-03T08:45",
    )


def test_a_second_reply_does_not_move_an_overdue_response_later():
    # Fri 6 Nov 15:30 a reply (response due 16:30); Fri 20:00 "any news?": still due Fri 16:30, overdue.
    events = [FQR, ("2026-11-06T15:30", "customer_replied", {}), ("2026-11-06T20:00", "customer_replied", {})]
    assert due_of(events, "2026-11-07T10:00") == ("send_status", "2026-11-06T16:30")
    # Once we answer, the next reply starts a new clock.
    answered = [*events, ("2026-11-09T09:00", "email_sent", {}), ("2026-11-09T10:00", "customer_replied", {})]
    assert due_of(answered, "2026-11-09T10:05") == ("send_status", "2026-11-09T11:00")


def test_in_research_a_second_reply_keeps_the_first_replys_acknowledgment_time():
    research = ("2026-11-02T10:00", "pending_research", {"eta": "2026-11-20T12:00:00-05:00"})
    events = [FQR, research, ("2026-11-06T15:30", "customer_replied", {}), ("2026-11-06T20:00", "customer_replied", {})]
    assert due_of(events, "2026-11-07T10:00") == ("acknowledge_reply", "2026-11-06T16:30")


def test_G_follow_up_three_business_days_after_the_later_of_entry_and_last_email():
    events = [FQR, ("2026-11-13T15:20", "email_sent", {}), ("2026-11-13T15:20", "pending_customer", {})]
    assert due_of(events, "2026-11-14T09:00") == ("follow_up_info", "2026-11-18T15:20")


def test_G_skips_veterans_day():
    events = [FQR, ("2026-11-06T15:20", "pending_customer", {})]
    s = status(events, "2026-11-07T09:00")
    assert s.next_action.due == t("2026-11-12T15:20")
    assert "Wed 11 Nov Veterans Day" in s.next_action.why


def test_G_customer_indicated_date_wins():
    events = [FQR, ("2026-11-06T15:20", "pending_customer", {"follow_up_on": "2026-11-19"})]
    assert due_of(events, "2026-11-07T09:00") == ("follow_up_indicated", "2026-11-19T08:00")


def test_G_out_of_office_acts_as_indicated_date_plus_one_business_day():
    events = [
        FQR,
        ("2026-11-06T15:20", "pending_customer", {}),
        ("2026-11-06T15:40", "out_of_office", {"until": "2026-11-25"}),
    ]
    # back Wed 25 Nov; + 1 business day skips Thanksgiving (Thu 26): later than the follow-up's own date,
    # so the follow-up waits for it (playbook rules §3, Out of office)
    assert due_of(events, "2026-11-07T09:00") == ("follow_up_info", "2026-11-27T08:00")


def test_G_second_unanswered_follow_up_makes_the_unresponsive_step_due_when_the_next_would_have_been():
    events = [
        FQR,
        ("2026-11-02T10:00", "pending_customer", {}),
        ("2026-11-05T10:00", "email_sent", {}),
        ("2026-11-10T10:00", "email_sent", {}),
    ]
    assert due_of(events, "2026-11-10T11:00") == ("send_strike_1", "2026-11-16T10:00")
    assert due_of(events, "2026-11-10T11:00", tam=True) == ("contact_tam", "2026-11-16T10:00")


def test_G_reply_returns_to_D():
    events = [FQR, ("2026-11-02T10:00", "pending_customer", {}), ("2026-11-03T11:00", "customer_replied", {})]
    s = status(events, "2026-11-03T11:05")
    assert (s.stage.id, s.next_action.due) == ("D", t("2026-11-03T12:00"))


def test_H_update_at_the_eta_and_eta_missed_is_overdue():
    events = [FQR, ("2026-11-02T10:00", "pending_research", {"eta": "2026-11-04T12:00:00-05:00"})]
    s = status(events, "2026-11-03T09:00")
    assert (s.next_action.id, s.next_action.due, s.ball) == ("research_update", t("2026-11-04T12:00"), "ours")
    late = status(events, "2026-11-04T12:30")
    assert late.next_action.id == "eta_missed"
    assert late.next_action.title == "ETA missed: send an update with a new ETA"
    assert late.next_action.overdue


def test_H_without_eta_defaults_to_one_business_day_and_is_flagged():
    s = status([FQR, ("2026-11-02T10:00", "pending_research", {})], "2026-11-02T11:00")
    assert s.next_action.due == t("2026-11-03T10:00")
    assert s.has_flag("no_eta")


def test_H_update_sent_returns_to_D():
    events = [
        FQR,
        ("2026-11-02T10:00", "pending_research", {"eta": "2026-11-04T12:00:00-05:00"}),
        ("2026-11-04T11:00", "email_sent", {}),
    ]
    assert status(events, "2026-11-04T11:05").stage.id == "D"


def test_I_prepare_one_business_hour_before_the_meeting_then_summary():
    events = [FQR, ("2026-11-03T10:00", "meeting_scheduled", {"meeting_at": "2026-11-09T08:30:00-05:00"})]
    assert due_of(events, "2026-11-03T10:10") == ("prepare_call", "2026-11-06T16:30")
    held = [*events, ("2026-11-09T09:30", "meeting_held", {})]
    assert due_of(held, "2026-11-09T09:35") == ("send_status", "2026-11-09T10:30")


SOLUTION = ("2026-11-06T15:00", "resolution_provided", {})


def test_E_call_one_business_day_after_the_solution():
    assert due_of([FQR, SOLUTION], "2026-11-06T16:00") == ("post_solution_call", "2026-11-09T15:00")


def test_E_missed_call_means_email_at_once():
    events = [FQR, SOLUTION, ("2026-11-09T16:30", "call_no_answer", {})]
    assert due_of(events, "2026-11-09T16:35") == ("email_after_missed_call", "2026-11-10T08:30")


def test_E_daily_follow_ups_do_not_count_the_missed_call_email():
    events = [
        FQR,
        SOLUTION,
        ("2026-11-09T15:00", "voicemail_left", {}),
        ("2026-11-09T15:30", "email_sent", {}),
    ]
    s = status(events, "2026-11-09T15:40")
    assert (s.next_action.id, s.next_action.title, s.next_action.due) == (
        "daily_follow_up",
        "Daily follow-up 1 of 3",
        t("2026-11-10T15:30"),
    )
    # three daily follow-ups (Veterans Day Wed 11 Nov is not a business day)
    more = [
        *events,
        ("2026-11-10T15:30", "email_sent", {}),
        ("2026-11-12T15:30", "email_sent", {}),
        ("2026-11-13T15:30", "email_sent", {}),
    ]
    assert due_of(more, "2026-11-13T15:40") == ("send_strike_1", "2026-11-16T15:30")


def test_E_customer_said_when_they_will_test():
    events = [FQR, ("2026-11-06T15:00", "resolution_provided", {"follow_up_on": "2026-11-18"})]
    assert due_of(events, "2026-11-06T16:00") == ("follow_up_indicated", "2026-11-18T08:00")


def test_E_still_testing_reply_switches_to_a_three_day_cadence_then_J():
    events = [FQR, SOLUTION, ("2026-11-09T10:00", "customer_replied", {})]
    assert due_of(events, "2026-11-09T11:00") == ("follow_up_confirmation", "2026-11-13T10:00")
    two = [*events, ("2026-11-13T10:00", "email_sent", {}), ("2026-11-18T10:00", "email_sent", {})]
    assert due_of(two, "2026-11-18T11:00", tam=True) == ("contact_tam", "2026-11-23T10:00")
    assert status(two, "2026-11-18T11:00").stage.id == "E"


def test_F_lqr_due_one_business_hour_after_confirmation_then_close():
    events = [FQR, SOLUTION, ("2026-11-09T16:30", "confirmation_received", {})]
    assert due_of(events, "2026-11-09T16:40") == ("send_lqr", "2026-11-10T08:30")
    sent = [*events, ("2026-11-10T09:00", "lqr_sent", {"variant": "resolved"})]
    assert due_of(sent, "2026-11-10T09:05") == ("close_case", "2026-11-10T09:00")


def test_J_unresponsive_event_contact_tam_within_one_business_hour_then_strike_one_after_three_days():
    events = [FQR, ("2026-11-06T16:30", "unresponsive", {})]
    assert due_of(events, "2026-11-06T16:35", tam=True) == ("contact_tam", "2026-11-09T08:30")
    assert due_of(events, "2026-11-06T16:35") == ("send_strike_1", "2026-11-09T08:30")
    contacted = [*events, ("2026-11-09T09:00", "tam_contacted", {})]
    assert due_of(contacted, "2026-11-09T09:05", tam=True) == ("send_strike_1", "2026-11-13T09:00")


def test_strikes_every_three_business_days_across_a_holiday():
    events = [
        (("2026-01-02T09:30"), "fqr_sent", {"channel": "email"}),
        ("2026-01-16T15:20", "unresponsive", {}),
        ("2026-01-16T15:20", "strike_sent", {"n": 1}),
    ]
    s = status(events, "2026-01-16T16:00", opened="2026-01-02T09:00")
    assert s.next_action.due == t("2026-01-22T15:20")
    assert s.next_action.why == (
        "Send strike 2 due Thu 22 Jan 15:20 = strike 1 Fri 16 Jan 15:20 + 3 business days "
        "(weekend, Mon 19 Jan Martin Luther King Jr. Day skipped)"
    )
    events.append(("2026-01-22T15:20", "strike_sent", {"n": 2}))
    assert due_of(events, "2026-01-22T16:00", opened="2026-01-02T09:00") == (
        "send_strike_3",
        "2026-01-27T15:20",
    )


def test_M_closure_is_the_later_of_three_business_days_and_fourteen_days_of_silence():
    base = [
        FQR,
        ("2026-11-03T10:00", "customer_replied", {}),
        ("2026-11-04T15:20", "strike_sent", {"n": 1}),
        ("2026-11-09T15:20", "strike_sent", {"n": 2}),
    ]
    quick = [*base, ("2026-11-12T15:20", "strike_sent", {"n": 3})]
    assert due_of(quick, "2026-11-12T16:00") == ("send_closure", "2026-11-17T15:20")
    # a later contact pushes the closure to contact + 14 calendar days (a Sunday → Monday's opening)
    late_contact = [
        FQR,
        ("2026-11-08T11:00", "customer_replied", {}),
        ("2026-11-09T15:20", "strike_sent", {"n": 1}),
        ("2026-11-12T15:20", "strike_sent", {"n": 2}),
        ("2026-11-17T15:20", "strike_sent", {"n": 3}),
    ]
    s = status(late_contact, "2026-11-17T16:00")
    assert s.next_action.due == t("2026-11-23T08:00")
    assert "14 calendar days" in s.next_action.why


def test_reply_during_strikes_returns_to_D_with_response_due():
    events = [
        FQR,
        ("2026-11-04T15:20", "strike_sent", {"n": 1}),
        ("2026-11-06T16:50", "customer_replied", {}),
    ]
    s = status(events, "2026-11-06T16:55")
    assert (s.stage.id, s.next_action.due) == ("D", t("2026-11-09T08:50"))
    assert [p.stage for p in s.path][-3:] == ["J", "K", "D"]


def test_eta_given_in_D_sets_the_due_and_missing_it_is_overdue():
    events = [
        FQR,
        ("2026-11-03T10:00", "customer_replied", {}),
        ("2026-11-03T10:30", "eta_set", {"eta": "2026-11-04T12:00:00-05:00"}),
    ]
    assert due_of(events, "2026-11-03T11:00") == ("send_status", "2026-11-04T12:00")
    assert status(events, "2026-11-04T13:00").next_action.id == "eta_missed"


def test_dissatisfied_customer_escalation_comes_first():
    events = [FQR, ("2026-11-03T16:30", "dissatisfied", {})]
    s = status(events, "2026-11-03T16:40", premier=True)
    assert (s.next_action.id, s.next_action.due) == ("escalate_dissatisfied", t("2026-11-04T08:30"))
    assert {a.id for a in s.tasks} >= {"tam_dissatisfied", "recovery_call"}
    done = [*events, ("2026-11-04T08:00", "senior_consulted", {})]
    assert status(done, "2026-11-04T08:10").next_action.id != "escalate_dissatisfied"


def test_pause_holds_everything_until_the_date_then_resume_is_due():
    events = [
        FQR,
        ("2026-11-02T10:00", "pending_customer", {}),
        ("2026-11-03T16:30", "paused", {"until": "2026-11-21", "reason": "customer on leave"}),
    ]
    s = status(events, "2026-11-10T09:00")
    assert (s.next_action.id, s.next_action.due, s.ball) == ("resume", t("2026-11-23T08:00"), "none")
    resumed = [*events, ("2026-11-23T09:00", "resumed", {})]
    s = status(resumed, "2026-11-23T09:05")
    assert s.next_action.id == "follow_up_info"
    assert s.next_action.due == t("2026-11-23T09:00")


def test_closed_case_has_nothing_due_and_reopen_goes_to_D():
    events = [
        FQR,
        SOLUTION,
        ("2026-11-09T10:00", "confirmation_received", {}),
        ("2026-11-09T11:00", "lqr_sent", {}),
        ("2026-11-09T11:05", "closed", {}),
    ]
    s = status(events, "2026-11-10T09:00")
    assert s.closed and s.next_action is None
    reopened = [*events, ("2026-11-12T10:00", "reopened", {})]
    s = status(reopened, "2026-11-12T10:05")
    assert (s.stage.id, s.next_action.due) == ("D", t("2026-11-12T11:00"))


def test_do_not_contact_is_flagged():
    assert status([], "2026-11-02T09:10", do_not_contact=True).has_flag("do_not_contact")


def test_days_off_and_dst_in_the_engine():
    cal = BusinessCalendar.from_settings({"days_off": ["2026-03-09"]})
    events = [
        ("2026-03-06T10:00", "fqr_sent", {"channel": "email"}),
        ("2026-03-06T10:00", "pending_customer", {}),
    ]
    s = status(events, "2026-03-06T11:00", calendar=cal, opened="2026-03-06T09:00")
    # DST starts Sun 8 Mar; Mon 9 Mar is a day off: Fri 10:00 EST + 3 = Thu 12 Mar 10:00 EDT
    assert s.next_action.due == datetime(2026, 3, 12, 10, 0, tzinfo=NY)
    assert s.next_action.due.utcoffset().total_seconds() == -4 * 3600
    assert "Mon 9 Mar day off" in s.next_action.why


def test_sla_indicators():
    s = status([("2026-11-02T09:40", "fqr_sent", {"channel": "email"})], "2026-11-02T10:00")
    sla = {i.name: i for i in s.sla}
    assert (sla["acknowledge"].state, sla["actionable"].state, sla["resolution"].state) == (
        "met",
        "met",
        "pending",
    )
    late = status([], "2026-11-02T11:00")
    assert {i.name: i.state for i in late.sla}["acknowledge"] == "breached"
    assert {i.name: i.due for i in late.sla}["resolution"] == t("2026-11-05T09:00")


def test_imported_history_that_skips_steps_still_lands_where_it_went():
    # the interchange format: a strike logged without an earlier unresponsive event simply means the case went that way
    s = status([FQR, ("2026-11-04T15:20", "strike_sent", {"n": 2})], "2026-11-04T16:00")
    assert s.stage.id == "L"


# ----- re-engagement ----------------------------------------------------------------------------------

REENG = [
    ("2026-11-02T09:10", "research_done", {}),
    ("2026-11-02T09:20", "dnc_checked", {}),
    ("2026-11-02T10:00", "outreach_sent", {"n": 1}),
]


def test_reengagement_research_is_due_within_an_hour_of_opening():
    assert due_of([], "2026-11-02T09:05", playbook="reengagement") == ("research", "2026-11-02T10:00")


def test_reengagement_call_due_two_business_days_after_outreach():
    assert due_of(REENG, "2026-11-02T10:05", playbook="reengagement") == ("call_1", "2026-11-04T10:00")


def test_reengagement_two_more_calls_within_a_week_then_account_team_then_disengage():
    calls = [*REENG, ("2026-11-04T10:00", "call_no_answer", {})]
    assert due_of(calls, "2026-11-04T10:05", playbook="reengagement") == ("call_2", "2026-11-06T10:00")
    calls.append(("2026-11-06T10:00", "voicemail_left", {}))
    assert due_of(calls, "2026-11-06T10:05", playbook="reengagement") == ("call_3", "2026-11-10T10:00")
    calls.append(("2026-11-10T10:00", "call_no_answer", {}))
    assert due_of(calls, "2026-11-10T10:05", playbook="reengagement") == ("account_team", "2026-11-12T10:00")
    calls.append(("2026-11-12T09:00", "account_team_informed", {}))
    assert due_of(calls, "2026-11-12T09:05", playbook="reengagement") == (
        "awaiting_account_team",
        "2026-11-17T09:00",
    )
    calls.append(("2026-11-17T09:30", "disengaged", {"reason": "outreach_unsuccessful"}))
    assert status(calls, "2026-11-17T09:35", playbook="reengagement").next_action is None


def test_reengagement_reply_leads_to_discovery_then_decision():
    events = [*REENG, ("2026-11-03T11:00", "customer_replied", {})]
    assert due_of(events, "2026-11-03T11:05", playbook="reengagement") == (
        "schedule_discovery",
        "2026-11-03T12:00",
    )
    events += [
        ("2026-11-03T11:30", "meeting_scheduled", {"meeting_at": "2026-11-05T14:00:00-05:00"}),
        ("2026-11-05T15:00", "discovery_meeting_held", {}),
    ]
    assert due_of(events, "2026-11-05T15:05", playbook="reengagement") == ("decide", "2026-11-06T15:00")


# ----- guards on recording ----------------------------------------------------------------------------


def check(events, kind, at, fields=None, **kw):
    case = make_case(events, **kw)
    return check_event(case, Event(t(at), kind, fields or {}), load_playbook(case.playbook), US)


def test_strike_two_before_strike_one_is_refused():
    problems = check([FQR, ("2026-11-03T10:00", "unresponsive", {})], "strike_sent", "2026-11-03T11:00", {"n": 2})
    assert problems and "strike_sent n=2 does not fit the stage Unresponsive: TAM" in problems[0]
    assert "strike_sent n=1" in problems[0]


def test_strikes_in_order_are_allowed():
    events = [FQR, ("2026-11-03T10:00", "unresponsive", {})]
    assert check(events, "strike_sent", "2026-11-03T11:00", {"n": 1}) == []


@pytest.mark.parametrize(
    ("events", "at", "words"),
    [
        ([FQR], "2026-11-03T10:00", "three-strike"),
        (
            [
                FQR,
                ("2026-11-04T15:20", "strike_sent", {"n": 1}),
                ("2026-11-09T15:20", "strike_sent", {"n": 2}),
                ("2026-11-12T15:20", "strike_sent", {"n": 3}),
            ],
            "2026-11-13T10:00",
            "never before Mon 16 Nov",
        ),
    ],
)
def test_closing_without_confirmation_is_guarded(events, at, words):
    problems = check(events, "closed", at)
    assert any(words in p for p in problems), problems


def test_closing_after_confirmation_or_full_strikes_and_silence_is_allowed():
    assert check([FQR, SOLUTION, ("2026-11-09T10:00", "confirmation_received", {})], "closed", "2026-11-09T11:00") == []
    strikes = [
        FQR,
        ("2026-11-04T15:20", "strike_sent", {"n": 1}),
        ("2026-11-09T15:20", "strike_sent", {"n": 2}),
        ("2026-11-12T15:20", "strike_sent", {"n": 3}),
        ("2026-11-17T15:20", "lqr_sent", {"variant": "unresolved"}),
    ]
    assert check(strikes, "closed", "2026-11-17T15:30") == []


def test_contact_actions_refused_for_do_not_contact():
    assert any(
        "do-not-contact" in p
        for p in check([], "fqr_sent", "2026-11-02T09:30", {"channel": "email"}, do_not_contact=True)
    )


def test_long_pause_needs_confirmation():
    assert any(
        "over 90 days" in p for p in check([FQR], "paused", "2026-11-03T10:00", {"until": "2027-03-01", "reason": "x"})
    )
    assert check([FQR], "paused", "2026-11-03T10:00", {"until": "2026-12-01", "reason": "x"}) == []


def test_events_on_a_closed_case_are_refused():
    events = [
        FQR,
        SOLUTION,
        ("2026-11-09T10:00", "confirmation_received", {}),
        ("2026-11-09T11:00", "closed", {}),
    ]
    assert check(events, "email_sent", "2026-11-10T09:00") == ["the case is closed: reopen it first"]
    assert check(events, "reopened", "2026-11-10T09:00") == []


def test_dates_without_a_time_mean_that_dates_opening():
    # an ETA given as a date: that date's opening (playbook rules §1, "a date without a time")
    events = [FQR, ("2026-11-02T10:00", "pending_research", {"eta": "2026-11-04"})]
    assert due_of(events, "2026-11-02T11:00") == ("research_update", "2026-11-04T08:00")
    # an out-of-office return and a pause given as instants work like their dates
    ooo = [
        FQR,
        ("2026-11-06T15:20", "pending_customer", {}),
        ("2026-11-06T15:40", "out_of_office", {"until": "2026-11-25T09:00:00-05:00"}),
    ]
    assert due_of(ooo, "2026-11-07T09:00") == ("follow_up_info", "2026-11-27T08:00")
    paused = [FQR, ("2026-11-03T16:30", "paused", {"until": "2026-11-21T00:00:00-05:00", "reason": "leave"})]
    assert due_of(paused, "2026-11-10T09:00") == ("resume", "2026-11-23T08:00")


def test_I_preparation_stays_due_until_the_meeting_is_recorded():
    events = [FQR, ("2026-11-03T10:00", "meeting_scheduled", {"meeting_at": "2026-11-09T08:30:00-05:00"})]
    s = status(events, "2026-11-09T11:00")  # the meeting time has passed, nothing recorded yet
    assert (s.next_action.id, s.next_action.due, s.next_action.overdue) == ("prepare_call", t("2026-11-06T16:30"), True)
