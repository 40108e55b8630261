"""``delivery_failed`` on the command line: captured from a bounce with the failed address, logged by
hand, shown by ``due`` as the next action, and kept through export and import."""

from __future__ import annotations

import json
from datetime import datetime

from tests.capture_fixtures import CASE_A, CASES_DOC, ENGINEER, NY, eml

FIX = "Fix the address or reach the customer another way"
BOUNCE = eml(
    "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
    "Delivery Status Notification (Failure)",
    "Address not found\n\nYour message wasn't delivered to alex@fabrikam.example because the address couldn't "
    f"be found.\n\nFrom: {ENGINEER}\nSubject: Case {CASE_A}\n",
    datetime(2026, 11, 30, 9, 2, tzinfo=NY),
)


def test_a_captured_bounce_is_a_delivery_failure_and_the_next_action(cli, tmp_path):
    doc = tmp_path / "cases.json"
    doc.write_text(json.dumps(CASES_DOC))
    assert cli("import", str(doc)).code == 0
    mail = tmp_path / "bounce.eml"
    mail.write_bytes(BOUNCE)
    result = cli("capture", "--json", str(mail))
    assert result.code == 0, result.err
    row = json.loads(result.out)
    assert (row["case"], row["kind"], row["address"], row["result"]) == (
        CASE_A,
        "delivery_failed",
        "alex@fabrikam.example",
        "recorded",
    )
    due = {r["case"]: r for r in json.loads(cli("due", "--json", "--at", "2026-11-30T09:30:00-05:00").out)}
    assert (due[CASE_A]["title"], due[CASE_A]["due"]) == (FIX, "2026-11-30T10:02:00-05:00")
    # kept through export and import
    exported = json.loads(cli("export").out)
    [case] = [c for c in exported["cases"] if c["number"] == CASE_A]
    assert {
        "at": "2026-11-30T09:02:00-05:00",
        "kind": "delivery_failed",
        "address": "alex@fabrikam.example",
    }.items() <= (case["events"][-1].items())


def test_logged_by_hand_it_needs_the_address(cli, tmp_path):
    doc = tmp_path / "cases.json"
    doc.write_text(json.dumps(CASES_DOC))
    assert cli("import", str(doc)).code == 0
    refused = cli("log", CASE_A, "delivery_failed", "--at", "2026-11-30T09:00:00-05:00")
    assert refused.code == 2 and "address" in refused.err
    logged = cli("log", CASE_A, "delivery_failed", "--at", "2026-11-30T09:00:00-05:00", "address=alex@fabrikam.example")
    assert logged.code == 0, logged.err
    assert "Delivery failed" in logged.out


def test_a_bounce_never_creates_a_case(cli, tmp_path):
    mail = tmp_path / "bounce.eml"
    mail.write_bytes(BOUNCE.replace(CASE_A.encode(), b"2612010010009999"))
    result = cli("capture", "--create", str(mail))
    assert result.code == 0, result.err
    assert "no case" in result.out and "delivery report" in result.out
    assert json.loads(cli("export").out)["cases"] == []
