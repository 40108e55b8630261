"""What the windows share: the application service (``deskcomms.desk``), and through it the engineer's
calendar, settings and profile, and the clock.

Widgets get a Session instead of the application object (one wiring place). Every use case goes through
the desk, exactly as the command line's do; the window never opens the store itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine is imported on first use, after the window has painted
    from ...core.model import Case, Event
    from ...core.playbook import Playbook
    from ...core.summary import CaseRow
    from ...desk import Desk

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
        from ...core.engine import load_playbook

        return load_playbook(case.playbook)

    def status(self, case: Case) -> Any:
        return self.desk.status(case, self.now())

    def refreshed_row(self, number: str) -> CaseRow | None:
        """The case's status after a change, recomputed and cached by the desk (the tray sees it too)."""
        row = self.desk.refresh_case(number)
        return case_row(row) if row is not None else None

    def problems(self, case: Case, event: Event) -> list[str]:
        return self.desk.problems(case, event)

    def record(self, case: Case, event: Event, *, override: list[str] | None = None, mail: Any = None) -> int:
        """Store an event; ``override`` carries the guards the user chose to break (marked on the event);
        ``mail`` the text of the email it stands for (a draft recorded as sent)."""
        return self.desk.record(case.number, event, override=list(override) if override else [], mail=mail).event_id

    def save_settings(self, settings: dict[str, Any], profile: dict[str, str]) -> None:
        self.desk.save_settings(settings, profile)
        self.reload_settings()


def case_row(row: dict[str, Any]) -> CaseRow:
    """A list row (core's CaseRow) from the desk's cached status row, with its explanation."""
    from dataclasses import replace

    return replace(next(case_rows([row])), why=row["why"])


def case_rows(rows: Iterable[dict[str, Any]]) -> Iterator[CaseRow]:
    """List rows from the desk's cached status rows, one at a time (100,000 of them load in about a
    second: the imports and enum lookups are done once, not per row)."""
    from ...core.engine import SlaState
    from ...core.playbook import Ball
    from ...core.summary import CaseRow

    balls = {b.value: b for b in Ball}
    slas: dict[str, Any] = {s.value: s for s in SlaState}
    slas[""] = ""
    parse = datetime.fromisoformat
    # Stage names, actions and technologies repeat across thousands of cases: one string each, not one per
    # row (about a quarter of the list's memory at 100,000 cases).
    shared: dict[Any, Any] = {}
    one = shared.setdefault
    for row in rows:
        number, customer, title = row["number"], row["customer"], row["title"]
        technology = one(row["technology"], row["technology"])
        due = row["due"]
        flags = row["flags"]
        yield CaseRow(
            number,
            title,
            customer,
            technology,
            one(row["stage"], row["stage"]),
            one(row["stage_title"], row["stage_title"]),
            one(row["action"], row["action"]),
            one(row["action_title"], row["action_title"]),
            parse(due) if due else None,
            row["overdue"],
            "",  # the explanation is fetched when the tooltip shows (see CaseTableModel)
            balls[row["ball"]],
            slas[row["sla"]],
            one(tuple(flags), tuple(flags)) if flags else (),
            row["closed"],
            f"{number} {customer} {title} {technology}".lower(),
            one(row.get("stage_name", ""), row.get("stage_name", "")),
        )
