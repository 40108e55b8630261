"""``deskcomms due``, ``deskcomms playbook`` and the playbook checks of ``deskcomms log``."""

from __future__ import annotations

import json

from tests.conftest import FORMATS_EXAMPLE

CASE = "2411220010001234"


def write(tmp_path, doc):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(doc))
    return path


def test_due_json_rows(cli, example_file):
    cli("import", str(example_file))
    rows = cli("due", "--at", "2026-11-23T11:00:00-05:00", "--json").json()
    assert rows == [
        {
            "case": CASE,
            "action": "research_update",
            "title": "Update the customer on our research",
            "due": "2026-11-24T12:00:00-05:00",
            "overdue": False,
            "why": "Update the customer on our research due Tue 24 Nov 12:00 = ETA given Tue 24 Nov 12:00",
            "case_title": "Copy activity fails with timeout",
            "customer": "Alex Doe",
            "stage": "H",
            "stage_title": "Pending our research",
            "ball": "ours",
            "template": "research_update",
            "flags": [],
        }
    ]
    late = cli("due", "--at", "2026-11-24T13:00:00-05:00", "--json").json()[0]
    assert (late["action"], late["overdue"]) == ("eta_missed", True)


def test_due_table_is_soonest_first_and_skips_closed_cases(cli, tmp_path):
    doc = json.loads(json.dumps(FORMATS_EXAMPLE))
    base = doc["cases"][0]
    doc["cases"] = [
        dict(
            base,
            number="LATER",
            events=[
                {"at": "2026-11-23T09:40:00-05:00", "kind": "fqr_sent", "channel": "email"},
                {"at": "2026-11-23T09:50:00-05:00", "kind": "pending_customer"},
            ],
        ),
        dict(base, number="SOONER", events=[]),
        dict(
            base,
            number="DONE",
            events=[
                {"at": "2026-11-23T09:40:00-05:00", "kind": "confirmation_received"},
                {"at": "2026-11-23T09:50:00-05:00", "kind": "closed"},
            ],
        ),
    ]
    cli("import", str(write(tmp_path, doc)))
    result = cli("due", "--at", "2026-11-23T10:00:00-05:00")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split()[:2] == ["CASE", "CUSTOMER"]
    assert [line.split()[0] for line in lines[1:]] == ["SOONER", "LATER"]
    assert "in 10 min" in lines[1]
    assert "America/New_York" in lines[0]


def test_reengagement_call_due_wednesday(cli, tmp_path):
    doc = json.loads(json.dumps(FORMATS_EXAMPLE))
    doc["cases"][0].update(
        playbook="reengagement",
        opened_at="2026-11-23T09:00:00-05:00",
        events=[
            {"at": "2026-11-23T09:30:00-05:00", "kind": "research_done"},
            {"at": "2026-11-23T09:40:00-05:00", "kind": "dnc_checked"},
            {"at": "2026-11-23T10:00:00-05:00", "kind": "outreach_sent", "n": 1},
        ],
    )
    cli("import", str(write(tmp_path, doc)))
    row = cli("due", "--at", "2026-11-23T10:30:00-05:00", "--json").json()[0]
    assert row["due"] == "2026-11-25T10:00:00-05:00"


def test_playbook_commands(cli):
    assert "css" in cli("playbook", "list").out
    shown = cli("playbook", "show", "css", "--json").json()
    assert len(shown["stages"]) == 13 and len(shown["transitions"]) == 21
    assert {"id", "title"} <= set(shown["stages"][0])
    assert {"from", "to", "when"} <= set(shown["transitions"][0])
    assert cli("playbook", "show", "css", "--mermaid").out.startswith("graph TD")
    assert cli("playbook", "show", "reengagement", "--json").json()["stages"][0]["id"] == "research"
    missing = cli("playbook", "show", "nope")
    assert missing.code == 2 and "no playbook named 'nope'" in missing.err


def test_log_refuses_strike_two_before_strike_one_and_force_marks_the_override(cli, example_file):
    cli("import", str(example_file))
    at = ["--at", "2026-11-24T10:00:00-05:00"]
    refused = cli("log", CASE, "strike_sent", "n=2", *at)
    assert refused.code == 2
    assert "strike_sent n=2 does not fit the stage Pending research" in refused.err
    assert len(cli("export").json()["cases"][0]["events"]) == 2
    forced = cli("log", CASE, "strike_sent", "n=2", "--force", *at)
    assert forced.code == 0 and "override" in forced.out
    last = cli("export").json()["cases"][0]["events"][-1]
    assert last["forced"] is True and "does not fit" in last["override_reason"]


def test_log_refuses_closing_without_confirmation(cli, example_file):
    cli("import", str(example_file))
    result = cli("log", CASE, "closed", "--at", "2026-11-24T10:00:00-05:00")
    assert result.code == 2
    assert "three-strike" in result.err and "14 days" in result.err


def test_log_follows_the_lifecycle(cli, example_file):
    cli("import", str(example_file))
    for args in (
        ["email_sent", "--at", "2026-11-24T11:00:00-05:00"],
        ["resolution_provided", "--at", "2026-11-24T11:05:00-05:00"],
        ["confirmation_received", "--at", "2026-11-25T09:00:00-05:00"],
        ["lqr_sent", "variant=resolved", "--at", "2026-11-25T09:30:00-05:00"],
        ["closed", "--at", "2026-11-25T09:35:00-05:00"],
    ):
        result = cli("log", CASE, *args)
        assert result.code == 0, result.err
    assert cli("due", "--at", "2026-11-26T09:00:00-05:00", "--json").json() == []
