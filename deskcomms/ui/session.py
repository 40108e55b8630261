"""What the windows share: the store, the engineer's calendar, settings and profile, and the clock.

Widgets get a Session instead of the application object (one wiring place, design.md). Recording goes
through core's checks exactly like ``deskcomms log``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..core.calendar import BusinessCalendar

if TYPE_CHECKING:  # the engine is imported on first use, after the window has painted
    from ..core.engine import Status
    from ..core.model import Case, Event
    from ..core.playbook import Playbook
    from ..core.summary import CaseRow
    from ..store.repository import Store

log = logging.getLogger(__name__)


class Session:
    def __init__(self, store: Store, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self._clock = clock or (lambda: datetime.now(UTC))
        self.reload_settings()

    def reload_settings(self) -> None:
        self.settings = self.store.settings()
        self.profile = self.store.profile()
        self.calendar = BusinessCalendar.from_settings(self.settings, trusted=True)

    def now(self) -> datetime:
        return self.calendar.local(self._clock())

    def end_of_today(self) -> datetime:
        return self.calendar.closing(self.now().date())

    def playbook(self, case: Case) -> Playbook:
        from ..core.playbook import load_playbook

        return load_playbook(case.playbook)

    def status(self, case: Case) -> Status:
        from ..core.engine import evaluate

        return evaluate(case, self.playbook(case), self.calendar, self.now())

    def row(self, case: Case) -> CaseRow:
        from ..core.summary import summarize

        return summarize(self.status(case))

    def problems(self, case: Case, event: Event) -> list[str]:
        from ..core.engine import check_event

        return check_event(case, event, self.playbook(case), self.calendar)

    def record(self, case: Case, event: Event, *, override: list[str] | None = None) -> int:
        """Store an event; ``override`` carries the guards the user chose to break (marked on the event)."""
        if override:
            event.fields["forced"] = True
            event.fields["override_reason"] = "; ".join(override)
        event_id = self.store.add_event(case.number, event)
        log.info("recorded event %d (%s) on case id %s", event_id, event.kind, case.id)
        return event_id

    def save_settings(self, settings: dict[str, Any], profile: dict[str, str]) -> None:
        self.store.save_settings(settings)
        self.store.save_profile(profile)
        self.reload_settings()
