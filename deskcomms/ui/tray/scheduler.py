"""The reminder timer: every ~30 s, re-read the stored due instants and ask core what to show.

Never one long timer (QTimer cannot wait longer than ~24.8 days, and a sleeping laptop breaks long
timers): a coarse periodic check whose clocks (wall and monotonic) are arguments, so tests inject them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ...core.reminders import CHECK_INTERVAL, ReminderState, due_items, plan

log = logging.getLogger("deskcomms.reminders")


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
        self.timer.setInterval(int(CHECK_INTERVAL.total_seconds() * 1000))
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(2_000, self.check)

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
        return list(result.notices)

    def snooze(self, key: str, until: datetime) -> None:
        self.desk.snooze(key, until)

    def pause_until(self, until: datetime | None) -> None:
        self.desk.set_state("reminders_paused_until", until.isoformat() if until else None)
