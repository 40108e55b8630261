"""Reminders with an injected clock: working hours, digest, storms, sleep, snooze, acknowledgements
across restarts; the tray menu; calendar export; start at login."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.ics import calendar_file
from deskcomms.core.reminders import reminder_key
from deskcomms.store.repository import Store
from deskcomms.ui.tray.notifier import RecordingNotifier
from deskcomms.ui.tray.scheduler import ReminderScheduler

NY = ZoneInfo("America/New_York")
CAL = BusinessCalendar.from_settings({})


def t(text):
    return datetime.fromisoformat(text).replace(tzinfo=NY)


class Clock:
    def __init__(self, start):
        self.wall, self.mono = start, 1000.0

    def advance(self, minutes, sleeping=False):
        self.wall += timedelta(minutes=minutes)
        if not sleeping:
            self.mono += minutes * 60


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as s:
        yield s


def scheduler(store, clock, qtbot=None):
    notifier = RecordingNotifier()
    sched = ReminderScheduler(store, lambda: CAL, notifier, wall=lambda: clock.wall, monotonic=lambda: clock.mono)
    return sched, notifier


def due(store, *rows):
    store.replace_due_index([(case, action, title, t(at), f"{title} because") for case, action, title, at in rows])


def test_one_notification_when_a_follow_up_falls_due_in_working_hours(store, qapp):
    clock = Clock(t("2026-11-24T10:00"))
    due(store, ("1001", "follow_up_info", "Follow up", "2026-11-24T10:05"))
    sched, shown = scheduler(store, clock)
    sched.check()
    assert shown.shown == []
    for _ in range(20):  # checks every 30 s
        clock.advance(0.5)
        sched.check()
    assert len(shown.shown) == 1
    title, message, case = shown.shown[0]
    assert (title, case) == ("Due: Follow up", "1001")
    assert "Follow up because" in message
    # a restart must not show it again: acknowledgements are stored
    again, shown_again = scheduler(store, clock)
    clock.advance(1)
    again.check()
    assert shown_again.shown == []


def test_nothing_after_hours_then_one_morning_digest(store, qapp):
    clock = Clock(t("2026-11-24T18:00"))
    due(store, ("1001", "a", "First", "2026-11-24T17:30"), ("1002", "b", "Second", "2026-11-24T19:00"))
    sched, shown = scheduler(store, clock)
    for _ in range(10):
        clock.advance(60)
        sched.check()  # through the night
    assert shown.shown == []
    clock.wall = t("2026-11-25T08:00")
    clock.mono += 14 * 3600
    sched.check()
    assert len(shown.shown) == 1
    assert shown.shown[0][0] == "Good morning: 2 follow-up(s) waiting"
    clock.advance(30)
    sched.check()
    assert len(shown.shown) == 1


def test_many_at_once_and_after_sleep_come_as_one_summary(store, qapp):
    clock = Clock(t("2026-11-24T09:00"))
    sched, shown = scheduler(store, clock)
    sched.check()
    due(store, *[(f"10{i}", "x", f"Task {i}", "2026-11-24T09:30") for i in range(5)])
    for _ in range(80):  # 40 minutes of checks every 30 s
        clock.advance(0.5)
        sched.check()
    assert [s[0] for s in shown.shown] == ["5 follow-ups are due"]
    due(store, ("2001", "y", "Later one", "2026-11-24T11:00"), ("2002", "z", "Other", "2026-11-24T11:10"))
    clock.advance(180, sleeping=True)  # the laptop slept: wall clock moved, monotonic did not
    sched.check()
    assert shown.shown[-1][0] == "2 follow-ups are due (while deskcomms was away)"


def test_snooze_per_action_snooze_all_and_pause(store, qapp):
    clock = Clock(t("2026-11-24T10:00"))
    due(store, ("1001", "a", "First", "2026-11-24T10:10"))
    sched, shown = scheduler(store, clock)
    sched.check()
    key = reminder_key("1001", "a", t("2026-11-24T10:10"))
    sched.snooze(key, t("2026-11-24T10:40"))
    for _ in range(40):
        clock.advance(0.5)
        sched.check()
    assert shown.shown == []
    for _ in range(50):
        clock.advance(0.5)
        sched.check()
    assert len(shown.shown) == 1
    due(store, ("1002", "b", "Second", "2026-11-24T11:00"))
    sched.snooze("*", t("2026-11-24T12:00"))
    clock.wall = t("2026-11-24T11:30")
    clock.mono += 45 * 60
    sched.check()
    assert len(shown.shown) == 1
    sched.snooze("*", t("2026-11-24T11:00"))
    sched.pause_until(t("2026-11-25T08:00"))
    clock.advance(30)
    sched.check()
    assert len(shown.shown) == 1
    sched.pause_until(None)
    clock.advance(1)
    sched.check()
    assert len(shown.shown) == 2


def test_tray_menu_lists_the_next_five_and_opens_a_case(qapp, qtbot):
    from deskcomms.ui.tray.tray import Tray

    opened = []
    tray = Tray(opened.append, lambda: None, lambda: None, lambda: None, lambda: None)
    now = t("2026-11-24T10:00")
    rows = [{"case": f"10{i}", "title": f"Task {i}", "due": now + timedelta(hours=i - 2)} for i in range(7)]
    tray.update(rows, now)
    texts = [a.text() for a in tray.menu.actions() if a.text()]
    assert texts[:5] == [
        f"10{i}: Task {i} ({w})" for i, w in enumerate(["2 h overdue", "1 h overdue", "due now", "in 1 h", "in 2 h"])
    ]
    assert texts[5:] == ["Open deskcomms", "Snooze all for 1 hour", "Pause reminders until tomorrow", "Quit"]
    assert tray.icon.toolTip() == "deskcomms: 3 follow-up(s) due now"
    tray.menu.actions()[3].trigger()
    assert opened == ["103"]
    tray.close()


def unfold(text):
    assert "\r\n" in text
    lines = []
    for line in text.split("\r\n"):
        if line.startswith(" ") and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return lines


def test_calendar_file_has_one_event_per_due_row():
    now = t("2026-11-24T10:00")
    rows = [
        {"case": "1001", "action": "send_fqr", "title": "Send the FQR", "due": t("2026-11-24T11:00"), "why": "a, b; c"},
        {
            "case": "1002",
            "action": "follow_up_info",
            "title": "Follow up",
            "due": t("2026-11-27T15:20"),
            "why": "x" * 200,
        },
    ]
    lines = unfold(calendar_file(rows, now))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events = [i for i, line in enumerate(lines) if line == "BEGIN:VEVENT"]
    assert len(events) == 2
    assert "UID:1001-send_fqr@deskcomms" in lines
    assert "DTSTART:20261124T160000Z" in lines and "DTSTART:20261127T202000Z" in lines
    assert "SUMMARY:[1002] Follow up" in lines
    assert lines.count("TRIGGER:-PT15M") == 2
    assert "DESCRIPTION:a\\, b\\; c" in lines
    assert all(len(line.encode()) <= 75 for line in calendar_file(rows, now).split("\r\n"))
    assert calendar_file(rows, now) == calendar_file(rows, now)  # stable UIDs and content


def test_due_ics_on_the_command_line(cli, example_file, tmp_path):
    cli("import", str(example_file))
    path = tmp_path / "due.ics"
    result = cli("due", "--at", "2026-11-23T11:00:00-05:00", "--ics", str(path))
    assert result.code == 0
    lines = unfold(path.read_bytes().decode())
    assert "DTSTART:20261124T170000Z" in lines
    assert "SUMMARY:[2411220010001234] Update the customer on our research" in lines


def test_start_at_login_writes_and_removes_its_entry(tmp_path, monkeypatch):
    import sys

    from deskcomms import autostart

    if sys.platform != "linux":
        pytest.skip("the Linux autostart entry")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert not autostart.is_enabled()
    autostart.set_enabled(True)
    entry = tmp_path / "autostart" / "io.github.deskcomms.DeskComms.desktop"
    assert autostart.is_enabled() and "Exec=" in entry.read_text()
    autostart.set_enabled(False)
    assert not entry.exists()
