"""The reminder timer: re-read the stored due instants and ask core what to show, when something can change.

The app sleeps between checks (an idle app must not wake the machine): the next check is at the earliest
of the next stored due instant, the end of a snooze or pause, the next opening (the morning digest), and
at most ``MAX_WAIT`` later (a sleeping laptop delays timers, and the window's own writes add due
instants). Clocks (wall and monotonic) are arguments, so tests inject them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ...core.reminders import CHECK_INTERVAL, GAP, ReminderState, due_items, plan

log = logging.getLogger("deskcomms.reminders")

MAX_WAIT = timedelta(minutes=5)


class ReminderScheduler(QObject):
    woke_up = Signal()  # the machine slept or the clock jumped: the case list should be recomputed
    checked = Signal()

    def __init__(
        self,
        desk: Any,
        calendar: Callable[[], Any],
        notifier: Any,
        wall: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk  # the application service: stored due instants, acknowledgements, snoozes
        self._calendar = calendar
        self.notifier = notifier
        self._wall = wall or (lambda: datetime.now(UTC))
        self._monotonic = monotonic or time.monotonic
        self.state = ReminderState(acknowledged=desk.acknowledged())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(CHECK_INTERVAL.total_seconds() * 1000))
        self.timer.timeout.connect(self.check)
        self.max_wait = MAX_WAIT  # DESKCOMMS_REMINDER_SECONDS (tests, soak runs) shortens it
        self._wait_until_mono: float | None = None  # the monotonic instant the armed check is planned for

    def start(self) -> None:
        self.timer.start(2_000)

    def _next_check(self, now: datetime, calendar: Any) -> timedelta:
        """How long nothing can change: until the next due instant, snooze or pause end, or opening."""
        wake = [now + self.max_wait]
        upcoming = self.desk.due_index(until=now + self.max_wait)
        wake += [row["due"] for row in upcoming if row["due"] > now]
        wake += [until for until in self.state.snoozed.values() if until > now]
        if self.state.paused_until is not None and self.state.paused_until > now:
            wake.append(self.state.paused_until)
        if not calendar.is_business_time(now):
            wake.append(calendar.to_business_time(now))
        return max(min(wake) - now, timedelta(seconds=1))

    def _planned_quiet(self, mono: float) -> None:
        """A check the timer slept for is not a gap: the planner sees it as one usual interval (the wall
        clock moves with it, so a sleep or clock change still shows as the clocks disagreeing)."""
        last, armed = self.state.last_monotonic, self._wait_until_mono
        if last is None or armed is None or self.state.last_wall is None:
            return
        if mono > armed + GAP.total_seconds():
            return  # later than planned by more than a gap: the app really was away
        quiet = max(0.0, mono - last - CHECK_INTERVAL.total_seconds())
        self.state.last_monotonic = last + quiet
        self.state.last_wall = self.state.last_wall + timedelta(seconds=quiet)

    def _load_holds(self) -> None:
        self.state.snoozed = self.desk.snoozes()
        paused = self.desk.state("reminders_paused_until")
        self.state.paused_until = datetime.fromisoformat(paused) if paused else None
        self.state.last_digest_day = self.desk.state("reminders_digest_day")

    def check(self) -> list[Any]:
        """One look at the stored due instants; returns the notices shown (for tests and the tray)."""
        now, mono = self._wall(), self._monotonic()
        first = self.state.last_wall is None
        self._load_holds()
        self._planned_quiet(mono)
        calendar = self._calendar()
        result = plan(due_items(self.desk.due_index(until=now)), self.state, calendar, calendar.local(now), mono)
        self.state.last_wall, self.state.last_monotonic = now, mono
        for notice in result.notices:
            self.notifier.notify(notice.title, notice.message, notice.case, tuple(i.case for i in notice.items))
            log.info(
                "reminder shown: %s, %d action(s)%s",
                notice.kind,
                len(notice.items),
                f", case {notice.case}" if notice.case else "",
            )
        if result.acknowledge:
            self.desk.acknowledge(result.acknowledge)
            self.state.acknowledged |= set(result.acknowledge)
        if result.digest_day and result.digest_day != self.state.last_digest_day:
            self.desk.set_state("reminders_digest_day", result.digest_day)
        if result.woke_up and not first:  # at start the case list is being computed anyway
            self.woke_up.emit()
        self.checked.emit()
        wait = self._next_check(now, calendar)
        self._wait_until_mono = mono + wait.total_seconds()
        self.timer.start(int(wait.total_seconds() * 1000))
        return list(result.notices)

    def snooze(self, key: str, until: datetime) -> None:
        self.desk.snooze(key, until)

    def pause_until(self, until: datetime | None) -> None:
        self.desk.set_state("reminders_paused_until", until.isoformat() if until else None)
