"""Computing the case list off the GUI thread, so the window paints at once even with 100,000 cases.

The worker opens its own connection (SQLite connections stay in their thread), asks core for every
case's status and hands the rows back through a queued signal.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)
DAMAGED = "damaged:"


class Cancelled(Exception):
    pass


def compute_rows(database: Path, now: datetime, stop: Any = None) -> tuple[list[Any], Any]:
    """Every case as a CaseRow, from the desk's status cache (only what changed is computed again), and the
    calendar they were computed with. The desk writes the reminders' due index as it goes.

    ``stop()`` is asked every few hundred cases, so quitting never waits for a whole recompute.
    """
    from ...desk import Cancelled as DeskCancelled
    from ...desk import Desk
    from ..shell.session import case_rows

    # check=False: the app checked the file at start-up and holds it open; copying it aside from this
    # process would drop our own locks (see store/lock.py).
    with Desk.open(Path(database), check=False) as desk:
        try:
            rows = list(case_rows(desk.iter_rows(desk.calendar.local(now), stop=stop)))
        except DeskCancelled:
            raise Cancelled from None
        return rows, desk.calendar


class _Worker(QThread):
    done = Signal(object, object, object)  # rows, calendar, error message or None

    def __init__(self, database: Path, now: datetime) -> None:
        super().__init__()
        self._database, self._now = database, now

    def run(self) -> None:
        import sqlite3

        from ...desk import DamagedDatabase, is_damage

        try:
            rows, calendar = compute_rows(self._database, self._now, self.isInterruptionRequested)
            self.done.emit(rows, calendar, None)
        except Cancelled:
            return
        except DamagedDatabase as exc:
            self.done.emit([], None, f"{DAMAGED}{exc}")
        except sqlite3.DatabaseError as exc:
            log.error("loading the case list failed: %s", type(exc).__name__)
            self.done.emit([], None, f"{DAMAGED if is_damage(exc) else ''}{type(exc).__name__}: {exc}")
        except Exception as exc:  # reported to the window, which shows it
            log.exception("loading the case list failed")
            self.done.emit([], None, f"{type(exc).__name__}: {exc}")


class CaseLoader(QObject):
    """Starts a worker per refresh; only the latest refresh's result is delivered."""

    loaded = Signal(object, object)  # rows, calendar
    failed = Signal(str)
    damaged = Signal(str)

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._workers: list[_Worker] = []
        self._generation = 0

    def refresh(self, now: datetime) -> None:
        self._generation += 1
        generation = self._generation
        worker = _Worker(self._database, now)
        worker.done.connect(lambda rows, cal, err: self._deliver(generation, worker, rows, cal, err))
        self._workers.append(worker)
        worker.start()

    def _deliver(self, generation: int, worker: _Worker, rows: list[Any], calendar: Any, error: str | None) -> None:
        worker.wait()
        self._workers.remove(worker)
        if generation != self._generation:
            return
        if error and error.startswith(DAMAGED):
            self.damaged.emit(error[len(DAMAGED) :])
        elif error:
            self.failed.emit(error)
        else:
            self.loaded.emit(rows, calendar)

    def busy(self) -> bool:
        return bool(self._workers)

    def shutdown(self) -> None:
        for worker in list(self._workers):
            worker.requestInterruption()
        for worker in list(self._workers):
            worker.wait(5000)
