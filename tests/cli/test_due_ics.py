"""``deskcomms due --ics`` exports that keep a calendar up to date, read back with the icalendar package as a
calendar would: the same UID for a case's follow-up, a higher SEQUENCE when its time or title changed, and
STATUS:CANCELLED once it is done or its case closed."""

from __future__ import annotations

from datetime import datetime

import icalendar

CASE = "2411220010001234"
RESEARCH = f"{CASE}-research_update@deskcomms"


def export(cli, tmp_path, at: str, name: str) -> dict[str, icalendar.Event]:
    path = tmp_path / name
    assert cli("due", "--at", at, "--ics", str(path)).code == 0
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == len(calendar.walk("VEVENT")), "one entry per UID"
    return events


def start(event: icalendar.Event) -> datetime:
    return event.decoded("DTSTART")


def test_a_moved_follow_up_keeps_its_uid_with_a_higher_sequence(cli, example_file, tmp_path):
    cli("import", str(example_file))
    first = export(cli, tmp_path, "2026-11-23T11:00:00-05:00", "first.ics")
    assert int(first[RESEARCH]["SEQUENCE"]) == 0
    assert start(first[RESEARCH]).isoformat() == "2026-11-24T17:00:00+00:00"

    cli("log", CASE, "eta_set", "eta=2026-11-26T12:00:00-05:00", "--at", "2026-11-23T12:00:00-05:00")
    second = export(cli, tmp_path, "2026-11-23T13:00:00-05:00", "second.ics")

    assert set(second) == {RESEARCH}
    assert int(second[RESEARCH]["SEQUENCE"]) > int(first[RESEARCH]["SEQUENCE"])
    assert start(second[RESEARCH]).isoformat() == "2026-11-26T17:00:00+00:00"
    assert str(second[RESEARCH]["STATUS"]) == "CONFIRMED"

    again = export(cli, tmp_path, "2026-11-23T13:30:00-05:00", "again.ics")  # nothing changed
    assert int(again[RESEARCH]["SEQUENCE"]) == int(second[RESEARCH]["SEQUENCE"])


def test_a_done_follow_up_is_cancelled_under_the_same_uid_and_the_next_one_added(cli, example_file, tmp_path):
    cli("import", str(example_file))
    before = export(cli, tmp_path, "2026-11-23T11:00:00-05:00", "before.ics")

    cli("log", CASE, "email_sent", "template=research_update", "--at", "2026-11-23T14:00:00-05:00")
    after = export(cli, tmp_path, "2026-11-23T15:00:00-05:00", "after.ics")

    done = after[RESEARCH]
    assert str(done["STATUS"]) == "CANCELLED"
    assert int(done["SEQUENCE"]) > int(before[RESEARCH]["SEQUENCE"])
    assert not list(done.walk("VALARM")), "a cancelled entry reminds of nothing"
    (new_uid,) = set(after) - {RESEARCH}
    assert new_uid.startswith(f"{CASE}-") and int(after[new_uid]["SEQUENCE"]) == 0
    assert str(after[new_uid]["STATUS"]) == "CONFIRMED" and after[new_uid].walk("VALARM")


def test_closing_the_case_cancels_its_entry_and_the_sequence_never_goes_down(cli, example_file, tmp_path):
    cli("import", str(example_file))
    sequences: list[int] = []
    first = export(cli, tmp_path, "2026-11-23T11:00:00-05:00", "1.ics")
    sequences.append(int(first[RESEARCH]["SEQUENCE"]))
    assert cli("log", CASE, "closed", "--at", "2026-11-23T12:00:00-05:00", "--force").code == 0
    for n, at in enumerate(("2026-11-23T13:00:00-05:00", "2026-11-24T13:00:00-05:00"), 2):
        events = export(cli, tmp_path, at, f"{n}.ics")
        assert str(events[RESEARCH]["STATUS"]) == "CANCELLED"  # repeated: an export imported late still removes it
        sequences.append(int(events[RESEARCH]["SEQUENCE"]))
    assert sequences[1] > sequences[0] and sequences[2] == sequences[1]
