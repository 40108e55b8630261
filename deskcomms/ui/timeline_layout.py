"""Where everything on a case's lifecycle timeline goes: a pure function of the engine's Status.

Kept free of Qt so the layout is tested through the data it paints: event markers (icon, short label,
lane), shaded non-business days with their reason, the "now" line, the next action ahead of now at its
due time, and the stage track with the case's path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..core.calendar import BusinessCalendar
from ..core.engine import Status
from ..core.events import event_label
from ..core.timefmt import short_day, short_instant

# kind → (short label, glyph, category); categories pick the colour.
EVENT_LOOK: dict[str, tuple[str, str, str]] = {
    "opened": ("Opened", "●", "milestone"),
    "fqr_sent": ("FQR", "✉", "outbound"),
    "email_sent": ("Email", "✉", "outbound"),
    "call_reached": ("Call", "☎", "contact"),
    "call_no_answer": ("No answer", "☎", "attempt"),
    "voicemail_left": ("Voicemail", "☏", "attempt"),
    "meeting_scheduled": ("Meeting set", "◷", "milestone"),
    "meeting_held": ("Meeting", "◉", "contact"),
    "customer_replied": ("Reply", "↩", "contact"),
    "out_of_office": ("Out of office", "✈", "other"),
    "pending_research": ("Research", "⌕", "milestone"),
    "pending_customer": ("Waiting", "⧗", "milestone"),
    "resolution_provided": ("Solution", "★", "milestone"),
    "confirmation_received": ("Confirmed", "✓", "contact"),
    "unresponsive": ("Unresponsive", "∅", "other"),
    "tam_contacted": ("TAM", "☍", "other"),
    "strike_sent": ("Strike", "✕", "strike"),
    "lqr_sent": ("LQR", "✉", "outbound"),
    "closed": ("Closed", "■", "milestone"),
    "reopened": ("Reopened", "↺", "milestone"),
    "dissatisfied": ("Dissatisfied", "⚑", "strike"),
    "senior_consulted": ("Senior", "☍", "other"),
    "paused": ("Paused", "⏸", "other"),
    "resumed": ("Resumed", "▶", "other"),
    "eta_set": ("ETA", "◷", "other"),
    "note": ("Note", "✎", "other"),
    "research_done": ("Research", "⌕", "milestone"),
    "dnc_checked": ("DNC checked", "✓", "other"),
    "outreach_sent": ("Outreach", "✉", "outbound"),
    "account_team_informed": ("Account team", "☍", "other"),
    "discovery_meeting_held": ("Discovery", "◉", "contact"),
    "scenario_meeting_held": ("Scenario", "◉", "contact"),
    "assigned_to_delivery": ("Delivery", "★", "milestone"),
    "disengaged": ("Disengaged", "■", "milestone"),
}

LABEL_WIDTH = 78  # px a label needs before the next one on the same lane
MAX_LANES = 4


@dataclass(frozen=True)
class Marker:
    at: datetime
    x: float
    kind: str
    label: str
    glyph: str
    category: str
    tooltip: str
    lane: int
    future: bool = False  # recorded with a time after now: not counted yet, drawn dimmed


@dataclass(frozen=True)
class Band:
    x0: float
    x1: float
    day: date
    reason: str


@dataclass(frozen=True)
class StageStep:
    id: str
    title: str
    visited: bool
    current: bool


@dataclass(frozen=True)
class DayTick:
    x: float
    label: str


@dataclass(frozen=True)
class NextMarker:
    x: float
    title: str
    due: datetime
    overdue: bool
    why: str


@dataclass(frozen=True)
class TimelineLayout:
    start: datetime
    end: datetime
    width: float
    markers: list[Marker]
    bands: list[Band]
    ticks: list[DayTick]
    now_x: float | None
    next: NextMarker | None
    stages: list[StageStep]
    path: list[str]


def default_range(status: Status, now: datetime) -> tuple[datetime, datetime]:
    """From just before the case opened to a little after now or the next due, whichever is later."""
    opened = status.case.opened_at or now
    events = [e.at for e in status.case.events]
    start = min([opened, *events]) - timedelta(hours=12)
    due = status.next_action.due if status.next_action and status.next_action.due else now
    end = max(now, due, *events) + timedelta(days=1, hours=12)
    if end - start < timedelta(days=4):
        end = start + timedelta(days=4)
    return start, end


def layout_timeline(
    status: Status, calendar: BusinessCalendar, now: datetime, start: datetime, end: datetime, width: float
) -> TimelineLayout:
    span = (end - start).total_seconds() or 1.0

    def x_of(moment: datetime) -> float:
        return (moment - start).total_seconds() / span * width

    bands, ticks = [], []
    day = calendar.local(start).date()
    last = calendar.local(end).date()
    step = max(1, math.ceil((last - day).days / max(width / 84, 1)))  # keep day labels apart
    n = 0
    while day <= last:
        x0 = x_of(calendar.localize(datetime.combine(day, datetime.min.time())))
        x1 = x_of(calendar.localize(datetime.combine(day + timedelta(days=1), datetime.min.time())))
        reason = calendar.non_business_reason(day)
        if reason is not None:
            bands.append(Band(max(x0, 0.0), min(x1, width), day, reason))
        if n % step == 0 and 0 <= x0 <= width:
            ticks.append(DayTick(x0, short_day(day)))
        day += timedelta(days=1)
        n += 1

    markers: list[Marker] = []
    lane_ends = [-1e9] * MAX_LANES
    opened = status.case.opened_at
    entries = [(opened, "opened", {})] if opened else []
    entries += [(e.at, e.kind, e.fields) for e in status.case.sorted_events()]
    for at, kind, fields in entries:
        if at is None or not (start <= at <= end):
            continue
        _, glyph, category = EVENT_LOOK.get(kind, (kind, "•", "other"))
        label = event_label(kind, fields)  # one label table for the window, the timeline and the CLI
        x = x_of(at)
        lane = next((i for i, e in enumerate(lane_ends) if x - e >= LABEL_WIDTH), None)
        if lane is None:
            lane = min(range(MAX_LANES), key=lambda i: lane_ends[i])
        lane_ends[lane] = x
        note = " · forced" if fields.get("forced") else ""
        future = at > now
        if future:
            note += " · not yet happened: not counted until then"
        markers.append(
            Marker(
                at,
                x,
                kind,
                label,
                glyph,
                category,
                f"{label} — {short_instant(calendar.local(at))}{note}",
                lane,
                future,
            )
        )

    next_marker = None
    action = status.next_action
    if action is not None and action.due is not None:
        next_marker = NextMarker(x_of(action.due), action.title, action.due, action.overdue, action.why)
    now_x = x_of(now) if start <= now <= end else None
    visited = {step.stage for step in status.path}
    stages = [
        StageStep(s.id, s.title, s.id in visited, s.id == status.stage.id and not status.closed)
        for s in status.playbook.stages.values()
    ]
    path = [step.stage for step in status.path]
    return TimelineLayout(start, end, width, markers, bands, ticks, now_x, next_marker, stages, path)
