"""The calendar memory's rule (core/ics.py plan): across any series of exports, an entry's SEQUENCE never
goes down and rises exactly when what the calendar shows of it changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from deskcomms.core.ics import CANCELLED_SHOWN, calendar_text, plan, uid_of

T0 = datetime(2026, 11, 23, 15, tzinfo=UTC)

row = st.fixed_dictionaries(
    {
        "case": st.sampled_from(["1001", "1002", "1003"]),
        "action": st.sampled_from(["research_update", "send_fqr"]),
        "title": st.sampled_from(["Update the customer", "Send the FQR"]),
        "due": st.integers(0, 3).map(lambda d: T0 + timedelta(days=d)),
        "why": st.just("because"),
    }
)


def unique(rows: list[dict]) -> list[dict]:
    return list({uid_of(r["case"], r["action"]): r for r in rows}.values())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(row, max_size=4).map(unique), min_size=1, max_size=6))
def test_sequence_rises_on_every_change_and_never_falls(exports):
    memory: list = []
    for n, rows in enumerate(exports):
        now = T0 + timedelta(hours=n)
        before = {e.uid: e for e in memory}
        memory = plan(rows, memory, now)
        after = {e.uid: e for e in memory}
        assert set(before) <= set(after)  # nothing forgotten within a year
        for uid, entry in after.items():
            old = before.get(uid)
            if old is None:
                assert entry.sequence == 0
                continue
            shown_before = (old.start, old.summary, old.cancelled is None)
            shown_now = (entry.start, entry.summary, entry.cancelled is None)
            assert entry.sequence == old.sequence + int(shown_before != shown_now)
        live = {uid_of(r["case"], r["action"]) for r in rows}
        assert {uid for uid, e in after.items() if e.cancelled is None} == live


def test_a_cancellation_leaves_the_file_after_a_month_but_its_sequence_is_kept():
    rows = [{"case": "1001", "action": "send_fqr", "title": "Send the FQR", "due": T0, "why": ""}]
    memory = plan(rows, [], T0)
    memory = plan([], memory, T0 + timedelta(days=1))
    assert "STATUS:CANCELLED" in calendar_text(memory, T0 + timedelta(days=1))
    later = T0 + timedelta(days=1) + CANCELLED_SHOWN
    memory = plan([], memory, later)
    assert "BEGIN:VEVENT" not in calendar_text(memory, later)
    back = plan(rows, memory, later)  # the same follow-up due again: a higher SEQUENCE than ever
    assert [e.sequence for e in back] == [2]
