"""When to speak up about due follow-ups: a pure planner over stored due instants (no Qt, no clock).

A coarse timer asks ``plan`` every ~30 s with the wall clock and the monotonic clock (never one
long timer). The rules:

- one notification per newly due action, during the engineer's working hours; never a storm (several at
  once become one summary);
- outside working hours nothing pops up; at the next opening one morning digest lists what is waiting;
- after sleep, a clock jump or a closed app (the clocks disagree, or the last check is long ago), what
  was missed arrives as one summary;
- what was shown is acknowledged (stored), so nothing is shown twice, across restarts;
- per-action snooze, a global snooze and a pause until the next morning hold reminders back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .calendar import BusinessCalendar

CHECK_INTERVAL = timedelta(seconds=30)
GAP = timedelta(minutes=3)  # a check this late means the machine slept or the app was closed
STORM = 3  # more newly due actions than this at once become one summary


@dataclass(frozen=True)
class DueItem:
    case: str
    action: str
    title: str
    due: datetime
    why: str = ""

    @property
    def key(self) -> str:
        return reminder_key(self.case, self.action, self.due)


def reminder_key(case: str, action: str, due: datetime) -> str:
    """One reminder per due action: a new due instant for the same action is a new reminder (in UTC, so the
    same instant always gives the same key)."""
    return f"{case}|{action}|{due.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}"


@dataclass(frozen=True)
class Notice:
    kind: str  # "single", "summary", "digest"
    title: str
    message: str
    items: tuple[DueItem, ...]

    @property
    def case(self) -> str | None:
        return self.items[0].case if len(self.items) == 1 else None


@dataclass
class ReminderState:
    """What is remembered between checks (the store keeps the acknowledgements and snoozes)."""

    acknowledged: set[str] = field(default_factory=set)
    snoozed: dict[str, datetime] = field(default_factory=dict)  # key or "*" → until
    paused_until: datetime | None = None
    last_wall: datetime | None = None
    last_monotonic: float | None = None
    last_digest_day: str | None = None


@dataclass(frozen=True)
class Plan:
    notices: tuple[Notice, ...]
    acknowledge: tuple[str, ...]
    woke_up: bool
    digest_day: str | None = None


def _describe(items: Iterable[DueItem], calendar: BusinessCalendar, now: datetime) -> str:
    from .timefmt import relative

    lines = [f"{i.case}: {i.title} ({relative(i.due - now)})" for i in items]
    return "\n".join(lines[:6]) + (f"\n… and {len(lines) - 6} more" if len(lines) > 6 else "")


def plan(
    items: Iterable[DueItem], state: ReminderState, calendar: BusinessCalendar, now: datetime, monotonic: float
) -> Plan:
    """What to show now. Pure: the caller stores ``acknowledge`` and the new clocks in ``state``."""
    woke = False
    if state.last_wall is not None and state.last_monotonic is not None:
        wall_step = (now - state.last_wall).total_seconds()
        mono_step = monotonic - state.last_monotonic
        # Sleep stops the monotonic clock but not the wall clock; a clock change moves only the wall clock.
        woke = (
            wall_step - mono_step > GAP.total_seconds()
            or abs(wall_step - mono_step) > GAP.total_seconds()
            or mono_step > GAP.total_seconds()
        )
    elif state.last_wall is None:
        woke = True  # the first check after start: anything already due was missed while closed

    held = state.paused_until is not None and now < state.paused_until
    snooze_all = state.snoozed.get("*")
    if held or (snooze_all is not None and now < snooze_all):
        return Plan((), (), woke)

    waiting = [
        i
        for i in items
        if i.due <= now
        and i.key not in state.acknowledged
        and not (i.key in state.snoozed and now < state.snoozed[i.key])
    ]
    waiting.sort(key=lambda i: i.due)
    if not waiting:
        return Plan((), (), woke)
    if not calendar.is_business_time(now):
        return Plan((), (), woke)  # nothing pops up after hours; the digest comes at the next opening

    today = calendar.local(now).date().isoformat()
    opening = calendar.opening(calendar.local(now).date())
    keys = tuple(i.key for i in waiting)
    first_check_today = state.last_digest_day != today
    missed_overnight = [i for i in waiting if i.due < opening]
    if first_check_today and missed_overnight:
        notice = Notice(
            "digest",
            f"Good morning: {len(waiting)} follow-up(s) waiting",
            _describe(waiting, calendar, now),
            tuple(waiting),
        )
        return Plan((notice,), keys, woke, digest_day=today)
    if len(waiting) > STORM or (woke and len(waiting) > 1):
        title = f"{len(waiting)} follow-ups are due" + (" (while deskcomms was away)" if woke else "")
        notice = Notice("summary", title, _describe(waiting, calendar, now), tuple(waiting))
        return Plan((notice,), keys, woke, digest_day=today)
    notices = tuple(Notice("single", f"Due: {i.title}", f"Case {i.case}\n{i.why}", (i,)) for i in waiting)
    return Plan(notices, keys, woke, digest_day=today)


def snooze_until(choice: str, calendar: BusinessCalendar, now: datetime, chosen: datetime | None = None) -> datetime:
    """15 min, 1 h, tomorrow morning (the next opening) or a chosen time."""
    if choice == "15min":
        return now + timedelta(minutes=15)
    if choice == "1h":
        return now + timedelta(hours=1)
    if choice == "tomorrow":
        return calendar.opening(calendar.next_business_day(calendar.local(now).date()))
    if choice == "chosen" and chosen is not None:
        return chosen
    raise ValueError(f"unknown snooze choice {choice!r}")


def due_items(rows: Iterable[Mapping[str, object]]) -> list[DueItem]:
    items = []
    for row in rows:
        due = row.get("due")
        if isinstance(due, datetime):
            items.append(DueItem(str(row["case"]), str(row["action"]), str(row["title"]), due, str(row.get("why", ""))))
    return items
