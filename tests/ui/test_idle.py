"""An idle window wakes only for what can change on screen; a write by another process still shows."""

from __future__ import annotations

from datetime import timedelta

from deskcomms.core.model import Event
from deskcomms.desk import Desk

from .conftest import NOW


def test_a_command_line_write_reaches_the_window_through_the_file_watch_alone(window, session, qtbot):
    from deskcomms.ui.shell.app import watch_external_changes

    watch_external_changes(window, session, interval_ms=0)  # no safety-net look: only the watch
    assert not window.external_watch.isActive()
    before = window.model.row_at(window.model.view_row_of("1004")).action
    other = Desk.open(session.desk.database, clock=lambda: NOW)  # a second connection, as the CLI has
    try:
        other.record("1004", Event(NOW - timedelta(minutes=5), "resolution_provided", {}), override=True)
    finally:
        other.close()
    qtbot.waitUntil(lambda: window.model.row_at(window.model.view_row_of("1004")).action != before, timeout=5000)


def test_the_window_plans_its_next_wake_and_sleeps_while_hidden(window, qtbot):
    clock = window.screen_clock
    qtbot.waitUntil(clock.minute.isActive, timeout=2000)
    # The next minute boundary, not a fixed period: never more than a minute away (plus the 5% a coarse
    # timer may move to share a wake-up).
    assert clock.minute.isSingleShot() and 0 < clock.minute.remainingTime() <= 63_100
    # The list is recomputed when a status next changes by itself (a due time, a target), or at midnight.
    assert clock.change.isActive()
    change = window.session.desk.next_status_change()
    assert change is not None and change > NOW
    window.hide()
    qtbot.waitUntil(lambda: not clock.minute.isActive() and not clock.change.isActive(), timeout=2000)
    window.show()
    qtbot.waitUntil(clock.minute.isActive, timeout=2000)


def test_reminders_sleep_until_the_next_due_instant_and_a_planned_wait_is_no_absence(qapp, tmp_path):
    from zoneinfo import ZoneInfo

    from deskcomms.core.calendar import BusinessCalendar
    from deskcomms.store.repository import Store
    from deskcomms.ui.tray.notifier import RecordingNotifier
    from deskcomms.ui.tray.scheduler import ReminderScheduler

    ny = ZoneInfo("America/New_York")
    wall = {"now": NOW.astimezone(ny)}
    mono = {"now": 1000.0}
    with Store.open(tmp_path / "db.sqlite3") as store:
        store.replace_due_index([("1001", "follow_up", "Follow up", NOW + timedelta(minutes=2), "why")])
        shown = RecordingNotifier()
        sched = ReminderScheduler(
            store, lambda: BusinessCalendar.from_settings({}), shown, lambda: wall["now"], lambda: mono["now"]
        )
        sched.check()
        assert sched.timer.isSingleShot()
        assert 110_000 <= sched.timer.remainingTime() <= 121_000  # the due instant, not a 30 s poll
        wall["now"] += timedelta(minutes=2)
        mono["now"] += 120
        sched.check()
        assert [s[0] for s in shown.shown] == ["Due: Follow up"]  # one reminder, not "while away"
        assert sched.timer.remainingTime() > 200_000  # nothing due: the longest wait
