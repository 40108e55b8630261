"""When the window wakes up by itself: only when something on screen can change.

- the next minute boundary, while the window is shown (the clock and the list's relative times read in
  minutes): the texts are redrawn;
- the next instant a case's status changes by itself (a due time passing, a response-time target running
  out: the status cache knows it) or the day ends ("due today"): the list is recomputed, which computes
  only those cases;
- nothing while the window is hidden or minimized (the reminder timer still runs); on showing again,
  whatever changed meanwhile is caught up at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer

# QTimer cannot wait longer than ~24.8 days; a day is plenty (the status cache holds at most a day).
LONGEST_WAIT = timedelta(hours=24)


def _ms_until(instant: datetime, now: datetime) -> int:
    wait = min(max(instant - now, timedelta(0)), LONGEST_WAIT)
    return int(wait.total_seconds() * 1000) + 50  # just after the boundary, never just before it


class ScreenClock(QObject):
    """Two single-shot timers on ``window``: ``redraw`` at the next minute, ``recompute`` at the next
    change. ``next_change()`` is asked after each load; ``now()`` is the session's clock."""

    def __init__(
        self,
        window: Any,
        now: Callable[[], datetime],
        next_change: Callable[[], datetime | None],
        redraw: Callable[[], None],
        recompute: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window, self._now, self._next_change = window, now, next_change
        self._redraw, self._recompute = redraw, recompute
        self._change_at: datetime | None = None
        self.minute = QTimer(self)
        self.minute.setSingleShot(True)
        self.minute.timeout.connect(self._on_minute)
        self.change = QTimer(self)
        self.change.setSingleShot(True)
        self.change.setTimerType(Qt.TimerType.PreciseTimer)
        self.change.timeout.connect(self._on_change)
        window.installEventFilter(self)

    def _shown(self) -> bool:
        return bool(self._window.isVisible() and not self._window.isMinimized())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (
            QEvent.Type.Show,
            QEvent.Type.Hide,
            QEvent.Type.WindowStateChange,
        ):
            QTimer.singleShot(0, self._visibility_changed)
        return False

    def _visibility_changed(self) -> None:
        if not self._shown():
            self.minute.stop()
            self.change.stop()
            return
        if not self.minute.isActive():
            self._redraw()
            self._arm_minute()
        if self._change_at is not None and not self.change.isActive():
            if self._change_at <= self._now():
                self._on_change()
            else:
                self.change.start(_ms_until(self._change_at, self._now()))

    def _arm_minute(self) -> None:
        now = self._now()
        boundary = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        self.minute.start(_ms_until(boundary, now))

    def _on_minute(self) -> None:
        self._redraw()
        if self._shown():
            self._arm_minute()

    def loaded(self) -> None:
        """The list was (re)computed: plan the next recompute at its next change or the end of the day."""
        now = self._now()
        local = now
        midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        candidates = [midnight]
        upcoming = self._next_change()
        if upcoming is not None:
            candidates.append(upcoming)
        self._change_at = min(candidates)
        if self._shown():
            self.change.start(_ms_until(self._change_at, now))
            if not self.minute.isActive():
                self._arm_minute()

    def _on_change(self) -> None:
        self._change_at = None
        self._recompute()
