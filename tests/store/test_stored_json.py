"""Reading stored JSON objects (extras, event fields) through the parse-once path gives what json.loads
gives, and every reader its own dict: a case loaded twice, or two events with the same fields, never
share what one of them may change."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from deskcomms.core.model import Case, Contact, Event, Tam
from deskcomms.store.repository import Store
from deskcomms.store.stored_json import json_object

NY = ZoneInfo("America/New_York")
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8), st.just("{}")
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
)
objects = st.dictionaries(st.text(max_size=6), values, max_size=4)
texts = objects.flatmap(
    lambda o: st.sampled_from([json.dumps(o), json.dumps(o, ensure_ascii=False), json.dumps(o, indent=1)])
) | st.sampled_from(["{}", "[]", "null", "3", '"x"', " {} ", '{"a": 1, "a": 2}'])


@settings(max_examples=300)
@given(st.lists(texts, min_size=1, max_size=6))
def test_same_as_json_loads_and_never_shared(batch):
    for text in batch + batch:  # the second round reads what the first one kept
        first, second = json_object(text), json_object(text)
        assert first == json.loads(text) == second
        assert type(first) is type(json.loads(text))
        if isinstance(first, dict):
            assert first is not second
            first["changed"] = True
            assert json_object(text) == json.loads(text)


def test_loaded_cases_carry_their_own_fields(tmp_path):
    at = datetime(2026, 11, 23, 9, 0, tzinfo=NY)
    shared = {"channel": "email"}
    nested = {"attendees": ["a@example.com", "b@example.com"], "where": {"room": "4"}}
    with Store.open(tmp_path / "db.sqlite3") as store:
        for number in ("A", "B"):
            store.save_case(
                Case(
                    number,
                    opened_at=at,
                    customer=Contact(name="Alex", extra={"tier": "gold"}),
                    tam=Tam(name="Sam", extra={}),
                    extra={"source": "import", "tags": ["x"]},
                )
            )
            store.add_event(number, Event(at, "fqr_sent", dict(shared)))
            store.add_event(number, Event(at, "meeting_held", json.loads(json.dumps(nested))))
        ids = [int(r[0]) for r in store.conn.execute("SELECT id FROM cases ORDER BY id")]
        for load in (lambda: list(store.cases_by_id(ids)), store.load_cases, lambda: list(store.iter_cases())):
            a, b = load()
            assert [e.fields for e in a.events] == [e.fields for e in b.events] == [shared, nested]
            assert (a.extra, a.customer.extra, a.tam and a.tam.extra) == (
                {"source": "import", "tags": ["x"]},
                {"tier": "gold"},
                {},
            )
            a.events[0].fields["channel"] = "phone"
            a.customer.extra["tier"] = "none"
            assert b.events[0].fields == shared and b.customer.extra == {"tier": "gold"}
            again = next(iter(store.cases_by_id(ids[:1])))
            assert again.events[0].fields == shared and again.customer.extra == {"tier": "gold"}
