"""Adding a playbook is one data file and nothing else: a small triage playbook, kept under tests/ and
loaded from that folder, goes through the engine with its own stage ids, parameters and roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskcomms.core.callprep import call_checklist, voicemail_script
from deskcomms.core.engine import check_event, evaluate, load_playbook, offered_events, parse_playbook
from deskcomms.core.errors import ValidationError
from deskcomms.core.model import Event
from deskcomms.core.playbook import available_playbooks
from tests.core.test_engine import US, make_case, t

FOLDER = Path(__file__).parents[1] / "data" / "playbooks"
OPENED = "2026-11-02T09:00"  # a Monday; Wednesday 11 November is Veterans Day
FQR = ("2026-11-02T10:00", "fqr_sent", {"channel": "email"})
WAITING = [FQR, ("2026-11-02T10:30", "pending_customer", {})]
REMINDED = [*WAITING, ("2026-11-04T10:30", "email_sent", {})]
NOTICE = [*REMINDED, ("2026-11-06T10:30", "strike_sent", {"n": 1})]


def triage():
    return load_playbook("triage", FOLDER)


def run(events, now):
    return evaluate(make_case(events, opened=OPENED, playbook="triage"), triage(), US, t(now))


def check(events, kind, at, fields=None):
    case = make_case(events, opened=OPENED, playbook="triage")
    return check_event(case, Event(t(at), kind, fields or {}), triage(), US)


def test_the_folder_holds_one_file_and_it_loads():
    assert available_playbooks(FOLDER) == ["triage"]
    pb = triage()
    assert list(pb.stages) == ["new", "working", "waiting", "notice", "wrap_up"]
    assert pb.stage("waiting").name == "Waiting for the customer"


def test_due_dates_and_explanations_follow_its_parameters():
    s = run([], "2026-11-02T09:30")
    assert (s.stage.id, s.ball, s.next_action.id) == ("new", "ours", "send_fqr")
    assert s.next_action.due == t("2026-11-02T11:00")
    assert s.next_action.basis == "case opened Mon 2 Nov 09:00 + 2 business hours"

    s = run([FQR], "2026-11-02T10:05")
    assert (s.stage.id, s.ball, s.next_action.id) == ("working", "none", "set_next_step")
    assert s.next_action.due == t("2026-11-02T12:00")

    s = run(WAITING, "2026-11-02T11:00")
    assert (s.stage.id, s.next_action.id, s.next_action.due) == ("waiting", "follow_up_info", t("2026-11-04T10:30"))
    assert s.next_action.title.endswith("(1 of 1)")

    s = run(REMINDED, "2026-11-04T11:00")  # one unanswered reminder is this playbook's limit
    assert (s.next_action.id, s.next_action.due) == ("send_strike_1", t("2026-11-06T10:30"))
    assert s.next_action.basis == "follow-up 1 Wed 4 Nov 10:30 + 2 business days"


def test_its_final_notice_plays_the_role_of_the_third_strike():
    s = run(NOTICE, "2026-11-06T11:00")
    assert (s.stage.id, s.next_action.id) == ("notice", "send_closure")
    # the later of notice + 2 business days (Tue 10 Nov) and 10 calendar days of silence (Thu 12 Nov)
    assert s.next_action.due == t("2026-11-12T09:00")
    assert "+ 10 calendar days" in s.next_action.basis
    assert "last contact + 10 days" in next(f.text for f in s.flags if f.code == "closing_guard")


def test_offers_put_what_completes_the_next_action_first():
    assert offered_events(run([], "2026-11-02T09:30"))[0][0] == "fqr_sent"
    assert offered_events(run([FQR], "2026-11-02T10:05"))[0][0] == "pending_customer"
    assert offered_events(run(REMINDED, "2026-11-04T11:00"))[0][0] == "strike_sent"
    primary, others = offered_events(run(NOTICE, "2026-11-06T11:00"))
    assert primary[0] == "lqr_sent" and "closed" in others


def test_guards_read_its_roles_and_parameters():
    assert any("three-strike process" in p for p in check([FQR], "closed", "2026-11-03T10:00"))
    problems = check(NOTICE, "closed", "2026-11-06T11:00")
    assert problems == ["and never before Thu 12 Nov 09:00 (last successful contact + 10 days)"]
    assert any("closes the case too soon" in p for p in check(NOTICE, "lqr_sent", "2026-11-09T10:00"))
    assert check([*NOTICE, ("2026-11-12T09:30", "lqr_sent", {})], "closed", "2026-11-12T10:00") == []
    assert any(
        "does not fit the stage New request" in p for p in check([], "strike_sent", "2026-11-02T09:30", {"n": 1})
    )


def test_replay_reopen_and_call_prep_come_from_the_file():
    # a call reached before the first answer could mean two routes back to "working": it moves nothing
    s = run([("2026-11-02T09:20", "call_reached", {})], "2026-11-02T09:30")
    assert s.stage.id == "new" and [m.stage for m in s.misfits] == ["new"]
    closed = [*NOTICE, ("2026-11-12T09:30", "lqr_sent", {}), ("2026-11-12T10:00", "closed", {})]
    s = run([*closed, ("2026-11-13T09:00", "reopened", {})], "2026-11-13T09:10")
    assert (s.stage.id, s.next_action.id) == ("working", "send_status")
    s = run(WAITING, "2026-11-02T11:00")
    gather = next(sec for sec in call_checklist(s.case, s, {}, US, t("2026-11-02T11:00")) if sec.title == "Gather")
    assert gather.items[0].text == "The logs we asked for"
    assert "about the logs we asked for" in voicemail_script(s.case, s, {})


def test_a_stage_rule_missing_a_parameter_it_reads_is_named_at_load_time():
    data = {
        "name": "broken",
        "parameters": {"fqr_hours": 1},
        "stages": [{"id": "new", "title": "New", "rule": "hub", "action": "Answer"}],
        "transitions": [],
    }
    with pytest.raises(ValidationError) as err:
        parse_playbook(data, "broken.json")
    assert err.value.where == "broken.json: parameters.reply_response_hours"
