"""A large import writes new cases in batches: the rows must be the ones one-by-one writing gives (the same
ids in the order of the file, contacts, events, versions), and cases written one by one in between (an
existing case, a case whose emails' text comes with it) must take their place without an id clash."""

from __future__ import annotations

import copy
import json

from deskcomms.core.interchange import parse_document
from deskcomms.core.mailtext import MailText
from deskcomms.store import bulk_insert
from deskcomms.store.repository import Store, event_identity
from tests.conftest import FORMATS_EXAMPLE


def many_cases(count: int) -> dict:
    doc = copy.deepcopy(FORMATS_EXAMPLE)
    template = doc["cases"][0]
    doc["cases"] = []
    for i in range(count):
        case = copy.deepcopy(template)
        case["number"] = f"77{i:06d}"
        case["customer"]["email"] = f"Person.{i}@Example.COM"
        if i % 3 == 0:
            case.pop("tam", None)
        else:
            case["tam"] = {"name": f"Tam {i}", "email": f"tam{i}@example.com"}
        if i % 4 == 0:
            case["events"] = []
        elif i % 4 == 1:
            case["events"] = case["events"] + case["events"][:1]  # the same event twice in one file
        doc["cases"].append(case)
    return doc


def rows(store: Store) -> dict[str, list[tuple]]:
    conn = store.conn
    return {
        "cases": conn.execute(
            "SELECT id, number, title, technology, playbook, opened_at, opened_utc, notes, extra, version "
            "FROM cases ORDER BY id"
        ).fetchall(),
        "contacts": conn.execute(
            "SELECT case_id, role, name, email, phone, timezone, preferred_channel, premier, do_not_contact, "
            "extra, email_key FROM contacts ORDER BY case_id, role"
        ).fetchall(),
        "events": conn.execute("SELECT id, case_id, at, at_utc, kind, fields FROM events ORDER BY id").fetchall(),
    }


def one_by_one(store: Store, doc) -> None:
    """What the store wrote before batches: each case upserted, then its new events, a case at a time."""
    with store.conn:
        for case in doc.cases:
            case_id = store._upsert_case(case)
            seen, fresh = set(), []
            for event in case.events:
                identity = event_identity(event)
                if identity not in seen:
                    seen.add(identity)
                    fresh.append((event, identity))
            store._insert_identified(case_id, fresh)


def test_batched_import_writes_what_one_by_one_writing_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_insert, "BATCH", 7)  # several batches, and a partial one at the end
    raw = many_cases(40)
    with Store.open(tmp_path / "batched.sqlite3") as batched, Store.open(tmp_path / "single.sqlite3") as single:
        result = batched.import_document(parse_document(copy.deepcopy(raw)))
        one_by_one(single, parse_document(copy.deepcopy(raw)))
        assert rows(batched) == rows(single)
        assert result.cases_added == 40 and result.events_already_there == 10
        assert result.events_added == batched.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        versions = dict(batched.conn.execute("SELECT number, version FROM cases").fetchall())
        assert versions["77000000"] == 0 and versions["77000001"] == 1  # no event: 0; events added: 1
        # The address of a batched case is found by its comparable form, as capture looks for it.
        assert batched.open_cases_of(["person.5@example.com"]) == {"77000005"}


def test_cases_written_one_by_one_in_between_keep_their_place(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_insert, "BATCH", 4)
    raw = many_cases(12)
    with Store.open(tmp_path / "db.sqlite3") as store:
        store.import_document(parse_document({**copy.deepcopy(raw), "cases": raw["cases"][5:6]}))  # exists already
        doc = parse_document(copy.deepcopy(raw))
        with_mail = doc.cases[9]  # a new case whose email text comes with it: written one by one
        identity = event_identity(with_mail.events[0])
        text = MailText(ours=False, reply="It works now.", sender="person.9@example.com")
        result = store.import_document(doc, {(with_mail.number, *identity): text})
        assert result.cases_added == 11 and result.cases_updated == 1
        numbers = [n for (n,) in store.conn.execute("SELECT number FROM cases ORDER BY id")]
        assert numbers == [raw["cases"][5]["number"]] + [c["number"] for i, c in enumerate(raw["cases"]) if i != 5]
        kept = store.conn.execute("SELECT reply FROM mail_text").fetchall()
        assert kept == [("It works now.",)]
        for case in doc.cases:  # every case holds its own events, none of another's
            stored = store.get_case(case.number)
            assert stored is not None
            want = sorted(json.dumps([e.kind, e.at.isoformat()]) for e in case.events)
            assert sorted(json.dumps([e.kind, e.at.isoformat()]) for e in stored.events) == sorted(set(want))
