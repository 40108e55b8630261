"""Unsent drafts in the database: kept per case, replaced, discarded, gone with their case."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from deskcomms.core.interchange import Document
from deskcomms.store.drafts import cases_with_drafts, discard_draft, load_draft, save_draft
from deskcomms.store.repository import Store
from tests.conftest import build_cases

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def test_a_draft_is_kept_per_case_until_discarded(tmp_path):
    path = tmp_path / "db.sqlite3"
    with Store.open(path) as store:
        store.import_document(Document(cases=build_cases([("1001", "Alex Doe", []), ("1002", "Kim Lee", [])])))
        first, second = (store.require_case(n).id for n in ("1001", "1002"))
        save_draft(store.conn, first, "research_update", "Logs - Case 1001", "Hi Alex,\n", NOW, NOW)
        save_draft(store.conn, second, "eta_missed", "Late - Case 1002", "Hi Kim,\n", None, NOW)
        save_draft(store.conn, first, "research_update", "Logs - Case 1001", "Hi Alex, again\n", NOW, NOW)
    with Store.open(path) as store:  # reopened: still there
        kept = load_draft(store.conn, first)
        assert kept is not None
        assert (kept.template, kept.subject, kept.body) == ("research_update", "Logs - Case 1001", "Hi Alex, again\n")
        assert kept.promised == NOW and kept.saved == NOW
        assert load_draft(store.conn, second).promised is None
        assert cases_with_drafts(store.conn) == {first, second}
        discard_draft(store.conn, first)
        assert load_draft(store.conn, first) is None
        assert cases_with_drafts(store.conn) == {second}
