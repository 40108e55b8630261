"""Calls and times through the command line: a missed call's own email, the email after an unreached
FQR call moving the case on, and a promise outside the customer's working hours warned about."""

from __future__ import annotations

import json

from tests.conftest import FORMATS_EXAMPLE

CASE = "2411220010001234"


def _import(cli, tmp_path, events, **customer):
    doc = json.loads(json.dumps(FORMATS_EXAMPLE))
    doc["cases"][0]["events"] = events
    doc["cases"][0]["customer"].update(customer)
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    assert cli("import", str(path)).code == 0


def test_a_missed_fqr_call_without_voicemail_draws_the_tried_to_call_email_then_the_case_moves_on(cli, tmp_path):
    _import(cli, tmp_path, [], preferred_channel="phone")
    assert cli("log", CASE, "call_no_answer", "--at", "2026-11-23T09:10:00-05:00").code == 0
    (row,) = cli("due", "--json", "--at", "2026-11-23T09:15:00-05:00").json()
    assert (row["stage"], row["action"], row["template"]) == ("A", "email_after_missed_call", "missed_call_followup")
    draft = cli("draft", CASE, "--at", "2026-11-23T09:15:00-05:00")
    assert "I tried to reach you by phone" in draft.out
    assert "voicemail" not in draft.out.lower()
    assert cli("log", CASE, "email_sent", "--at", "2026-11-23T09:20:00-05:00").code == 0
    (row,) = cli("due", "--json", "--at", "2026-11-23T09:25:00-05:00").json()
    assert (row["stage"], row["action"]) == ("D", "set_next_step")


def test_a_voicemail_draws_the_voicemail_email(cli, tmp_path):
    _import(cli, tmp_path, [], preferred_channel="phone")
    cli("log", CASE, "voicemail_left", "--at", "2026-11-23T09:10:00-05:00")
    draft = cli("draft", CASE, "--at", "2026-11-23T09:15:00-05:00")
    assert "left you a voicemail" in draft.out


def test_customer_reply_recorded_at_when_it_arrived(cli, tmp_path):
    _import(cli, tmp_path, [{"at": "2026-11-23T09:40:00-05:00", "kind": "fqr_sent", "channel": "email"}])
    assert cli("log", CASE, "customer_replied", "--at", "2026-11-24T07:12:00-05:00").code == 0
    (row,) = cli("due", "--json", "--at", "2026-11-24T09:00:00-05:00").json()
    assert row["action"] == "send_status"
    assert "customer reply Tue 24 Nov 07:12" in row["why"]


def test_the_draft_promises_the_recorded_eta_to_the_minute_and_warns_when_the_customer_is_asleep(cli, tmp_path):
    events = [
        {"at": "2026-11-23T09:40:00-05:00", "kind": "fqr_sent", "channel": "email"},
        {"at": "2026-11-23T10:00:00-05:00", "kind": "pending_research", "eta": "2026-11-25T14:00:00-05:00"},
    ]
    _import(cli, tmp_path, events, timezone="America/New_York")
    draft = cli("draft", CASE, "--at", "2026-11-24T10:00:00-05:00")
    assert "Wednesday 25 November at 14:00 EST" in draft.out
    assert "outside their working hours" not in draft.err
    # the same promise to a customer in Tokyo is 04:00 there: the warning names their time
    _import(cli, tmp_path, events, timezone="Asia/Tokyo")
    tokyo = cli("draft", CASE, "--at", "2026-11-24T10:00:00-05:00")
    assert "Thursday 26 November at 04:00 JST" in tokyo.out
    assert "Thu 26 Nov 04:00 JST" in tokyo.err
    assert "outside their working hours" in tokyo.err


def test_a_refusal_names_the_stage_by_its_name(cli, tmp_path):
    _import(cli, tmp_path, [{"at": "2026-11-23T09:40:00-05:00", "kind": "fqr_sent", "channel": "email"}])
    refused = cli("log", CASE, "strike_sent", "n=2", "--at", "2026-11-24T10:00:00-05:00")
    assert refused.code == 2
    assert "does not fit the stage Status and next steps" in refused.err
    assert "stage D" not in refused.err


def test_an_eta_on_a_day_off_or_in_the_customers_night_is_kept_and_said(cli, example_file):
    from tests.store.test_backup import CASE

    cli("import", str(example_file))
    weekend = cli("log", CASE, "eta_set", "eta=2026-12-05T10:00:00-05:00", "--at", "2026-11-24T10:00:00-05:00")
    assert weekend.code == 0
    assert "the ETA Sat 5 Dec 10:00 is outside your business hours (weekend); kept as given" in weekend.out
    assert "Sat 5 Dec 09:00 in the customer's time (America/Chicago), outside their working day" in weekend.out
    evening = cli("log", CASE, "eta_set", "eta=2026-12-08T18:30:00-05:00", "--at", "2026-11-24T11:00:00-05:00")
    assert "outside your business hours (after your closing)" in evening.out
    assert "customer's time" not in evening.out  # 17:30 in Chicago: inside their day
    fine = cli("log", CASE, "eta_set", "eta=2026-12-08T10:30:00-05:00", "--at", "2026-11-24T12:00:00-05:00")
    assert fine.code == 0 and "note:" not in fine.out
    exported = cli("export").json()["cases"][0]["events"]
    assert "2026-12-05T10:00:00-05:00" in [e.get("eta") for e in exported]  # the promise as given
