"""Calls say what happened (playbook rules §3, §7): a missed call without a voicemail draws the "I tried to
call you" email, a voicemail the "I left you a voicemail" one; on a phone-preferred new case the email
after the unreached FQR call is the FQR and the case moves on."""

from __future__ import annotations

from deskcomms.core.drafts import TemplateSet
from tests.core.test_engine import FQR, due_of, status

SOLUTION = ("2026-11-03T15:00", "resolution_provided", {})


def test_phone_fqr_call_unanswered_makes_the_tried_to_call_email_due_within_an_hour():
    events = [("2026-11-02T09:20", "call_no_answer", {})]
    s = status(events, "2026-11-02T09:25", preferred_channel="phone")
    assert s.stage.id == "A"
    assert (s.next_action.id, s.next_action.template) == ("email_after_missed_call", "missed_call_followup")
    assert due_of(events, "2026-11-02T09:25", preferred_channel="phone")[1] == "2026-11-02T10:20"


def test_phone_fqr_voicemail_makes_the_voicemail_email_due():
    events = [("2026-11-02T09:20", "voicemail_left", {})]
    s = status(events, "2026-11-02T09:25", preferred_channel="phone")
    assert s.next_action.template == "voicemail_followup"


def test_the_email_after_the_unreached_fqr_call_counts_as_the_fqr_and_the_case_moves_on():
    events = [("2026-11-02T09:20", "voicemail_left", {}), ("2026-11-02T09:40", "email_sent", {})]
    s = status(events, "2026-11-02T09:45", preferred_channel="phone")
    assert [p.stage for p in s.path] == ["A", "B", "D"]
    assert s.next_action.id == "set_next_step"
    assert not s.misfits
    fqr_sla = next(x for x in s.sla if x.name == "actionable")
    assert fqr_sla.state.value == "met"


def test_an_email_in_A_without_a_missed_call_does_not_count_as_the_fqr():
    events = [("2026-11-02T09:20", "email_sent", {})]
    s = status(events, "2026-11-02T09:25", preferred_channel="phone")
    assert s.stage.id == "A"
    assert s.next_action.id == "send_fqr"


def test_after_a_solution_a_missed_call_without_voicemail_draws_the_tried_to_call_email():
    call = ("2026-11-04T10:00", "call_no_answer", {})
    s = status([FQR, SOLUTION, call], "2026-11-04T10:05")
    assert (s.next_action.id, s.next_action.template) == ("email_after_missed_call", "missed_call_followup")
    vm = ("2026-11-04T10:00", "voicemail_left", {})
    assert status([FQR, SOLUTION, vm], "2026-11-04T10:05").next_action.template == "voicemail_followup"


def test_the_two_emails_say_different_things():
    templates = TemplateSet()
    missed = templates.get("missed_call_followup").body
    voicemail = templates.get("voicemail_followup").body
    assert "voicemail" not in missed.lower()
    assert "could not reach you" in missed
    assert "left you a voicemail" in voicemail
