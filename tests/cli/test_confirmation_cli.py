"""``deskcomms log … confirmation_received`` in a stage before any solution: recorded without --force, the
case goes to F and the draft due is the "resolved by the customer" LQR (playbook rules §3)."""

from __future__ import annotations

import json

from tests.conftest import FORMATS_EXAMPLE

CASE = "2411220010001234"


def _only_fqr(cli, tmp_path, channel="email"):
    doc = json.loads(json.dumps(FORMATS_EXAMPLE))
    doc["cases"][0]["events"] = [{"at": "2026-11-23T09:40:00-05:00", "kind": "fqr_sent", "channel": channel}]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    assert cli("import", str(path)).code == 0


def test_confirmation_in_D_needs_no_force_and_the_draft_is_resolved_by_customer(cli, tmp_path):
    _only_fqr(cli, tmp_path)
    logged = cli("log", CASE, "confirmation_received", "--at", "2026-11-24T10:00:00-05:00")
    assert logged.code == 0, logged.err
    (row,) = cli("due", "--json", "--at", "2026-11-24T10:05:00-05:00").json()
    assert (row["stage"], row["action"], row["template"]) == ("F", "send_lqr", "lqr_resolved_by_customer")
    assert row["due"] == "2026-11-24T11:00:00-05:00"
    draft = cli("draft", CASE, "--at", "2026-11-24T10:05:00-05:00")
    assert draft.code == 0, draft.err
    assert "Subject: Glad it is solved" in draft.out
    assert "what changed" in draft.out


def test_confirmation_on_a_phone_case_before_any_call_summary(cli, tmp_path):
    _only_fqr(cli, tmp_path, channel="phone")
    logged = cli("log", CASE, "confirmation_received", "--at", "2026-11-23T10:00:00-05:00")
    assert logged.code == 0, logged.err
    draft = cli("draft", CASE, "--at", "2026-11-23T10:05:00-05:00")
    assert "Subject: Glad it is solved" in draft.out
