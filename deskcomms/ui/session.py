"""What the windows share: the application service (``deskcomms.desk``), and through it the engineer's
calendar, settings and profile, and the clock.

Widgets get a Session instead of the application object (one wiring place). Every use case goes through
the desk, exactly as the command line's do; the window never opens the store itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine is imported on first use, after the window has painted
    from ..core.model import Case, Event
    from ..core.playbook import Playbook
    from ..core.summary import CaseRow
    from ..desk import Desk

log = logging.getLogger(__name__)


class Session:
    def __init__(self, desk: Desk, clock: Callable[[], datetime] | None = None) -> None:
        self.desk = desk
        if clock is not None:
            desk._clock = clock
        self.reload_settings()

    def _clock(self) -> datetime:
        return self.desk._clock()

    def reload_settings(self) -> None:
        self.desk.reload_settings()
        self.settings = self.desk.settings
        self.profile = self.desk.profile
        self.calendar = self.desk.calendar

    def now(self) -> datetime:
        return self.desk.now()

    def end_of_today(self) -> datetime:
        return self.calendar.closing(self.now().date())

    def playbook(self, case: Case) -> Playbook:
        from ..core.playbook import load_playbook

        return load_playbook(case.playbook)

    def status(self, case: Case) -> Any:
        return self.desk.status(case, self.now())

    def row(self, case: Case) -> CaseRow:
        from ..core.summary import summarize

        return summarize(self.status(case))

    def refreshed_row(self, number: str) -> CaseRow | None:
        """The case's status after a change, recomputed and cached by the desk (the tray sees it too)."""
        row = self.desk.refresh_case(number)
        return case_row(row) if row is not None else None

    def problems(self, case: Case, event: Event) -> list[str]:
        return self.desk.problems(case, event)

    def record(self, case: Case, event: Event, *, override: list[str] | None = None) -> int:
        """Store an event; ``override`` carries the guards the user chose to break (marked on the event)."""
        return self.desk.record(case.number, event, override=list(override) if override else []).event_id

    def save_settings(self, settings: dict[str, Any], profile: dict[str, str]) -> None:
        self.desk.save_settings(settings, profile)
        self.reload_settings()


def case_row(row: dict[str, Any]) -> CaseRow:
    """A list row (core's CaseRow) from the desk's cached status row."""
    from ..core.engine import SlaState
    from ..core.playbook import Ball
    from ..core.summary import CaseRow

    return CaseRow(
        number=row["number"],
        title=row["title"],
        customer=row["customer"],
        technology=row["technology"],
        stage=row["stage"],
        stage_title=row["stage_title"],
        action=row["action"],
        action_title=row["action_title"],
        due=datetime.fromisoformat(row["due"]) if row["due"] else None,
        overdue=row["overdue"],
        why=row["why"],
        ball=Ball(row["ball"]),
        sla=SlaState(row["sla"]) if row["sla"] else "",
        flags=tuple(row["flags"]),
        closed=row["closed"],
        search_key=" ".join((row["number"], row["customer"], row["title"], row["technology"])).lower(),
    )
