"""Where everything on a case's lifecycle timeline goes: a pure function of the engine's Status.

Kept free of Qt so the layout is tested through the data it paints: every rectangle the widget draws
(event markers and their labels, the "now" label, the next-action diamond and its label, the stage
chips of the case's path) is computed here, and the widget only paints them. Labels never overlap:
events whose icons would touch are grouped into one marker with a count (the list on hover), and each
label takes the first free lane or is shortened to the room left before the next marker.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ...core.events import event_label
from ...core.timefmt import short_day, short_instant

if TYPE_CHECKING:  # the engine loads after the first paint; the list's stage names need none of it
    from ...core.calendar import BusinessCalendar
    from ...core.engine import Status

# kind → (short label, icon name, category); categories pick the colour, icons are painted shapes.
EVENT_LOOK: dict[str, tuple[str, str, str]] = {
    "opened": ("Opened", "dot", "milestone"),
    "fqr_sent": ("FQR", "envelope", "outbound"),
    "email_sent": ("Email", "envelope", "outbound"),
    "call_reached": ("Call", "phone", "contact"),
    "call_no_answer": ("No answer", "phone", "attempt"),
    "voicemail_left": ("Voicemail", "voicemail", "attempt"),
    "meeting_scheduled": ("Meeting set", "clock", "milestone"),
    "meeting_held": ("Meeting", "people", "contact"),
    "customer_replied": ("Reply", "reply", "contact"),
    "out_of_office": ("Out of office", "away", "other"),
    "delivery_failed": ("Bounced", "bounce", "strike"),
    "pending_research": ("Research", "search", "milestone"),
    "pending_customer": ("Waiting", "hourglass", "milestone"),
    "resolution_provided": ("Solution", "star", "milestone"),
    "confirmation_received": ("Confirmed", "check", "contact"),
    "unresponsive": ("Unresponsive", "silent", "other"),
    "tam_contacted": ("TAM", "person", "other"),
    "strike_sent": ("Strike", "cross", "strike"),
    "lqr_sent": ("LQR", "envelope", "outbound"),
    "closed": ("Closed", "stop", "milestone"),
    "reopened": ("Reopened", "reopen", "milestone"),
    "dissatisfied": ("Dissatisfied", "flag", "strike"),
    "senior_consulted": ("Senior", "person", "other"),
    "paused": ("Paused", "pause", "other"),
    "resumed": ("Resumed", "play", "other"),
    "eta_set": ("ETA", "clock", "other"),
    "note": ("Note", "pencil", "other"),
    "research_done": ("Research", "search", "milestone"),
    "dnc_checked": ("DNC checked", "check", "other"),
    "outreach_sent": ("Outreach", "envelope", "outbound"),
    "account_team_informed": ("Account team", "person", "other"),
    "discovery_meeting_held": ("Discovery", "people", "contact"),
    "scenario_meeting_held": ("Scenario", "people", "contact"),
    "assigned_to_delivery": ("Delivery", "star", "milestone"),
    "disengaged": ("Disengaged", "stop", "milestone"),
}

# Geometry shared with the painter (pixels; x is measured from the plot's left edge).
TRACK_TOP, CHIP_H = 6, 24
NOW_ROW_Y = 50  # the "now" label's row, between the stage track and the axis
AXIS_TOP = 62
NEXT_ROW_Y = AXIS_TOP + 12  # the next action's diamond and label
LANE_TOP, LANE_H = AXIS_TOP + 38, 26
MAX_LANES = 4
ICON_R = 9.0
GROUP_GAP = 2 * ICON_R + 6  # icons closer than this become one grouped marker
LABEL_GAP = 4.0
MIN_LABEL = 28.0  # a label with less room than this is not drawn (the hover still tells)
TIMES_SHOWN_PX_PER_HOUR = 14.0  # zoomed in this far, labels carry the time of day
DAY_LABEL_ROOM = 84.0
MIN_SPAN, MAX_SPAN = timedelta(hours=2), timedelta(days=400)
SANE_REACH = timedelta(days=365 * 50)

Measure = Callable[[str], float]


def estimate_width(text: str) -> float:
    """A font-free width estimate (tests and headless use); the widget passes real font metrics."""
    return 7.0 * len(text) + 2


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Rect) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass(frozen=True)
class Marker:
    at: datetime
    x: float
    kind: str
    label: str  # as drawn (may be shortened to fit; empty when there is no room)
    icon: str
    category: str
    tooltip: str
    lane: int
    count: int = 1  # > 1: several events grouped into this marker
    future: bool = False  # recorded with a time after now: not counted yet, drawn dimmed
    label_rect: Rect | None = None
    instants: tuple[datetime, ...] = ()  # when each of its events happened (a click opens their mail)

    @property
    def y(self) -> float:
        return LANE_TOP + self.lane * LANE_H

    @property
    def icon_rect(self) -> Rect:
        return Rect(self.x - ICON_R, self.y - ICON_R, 2 * ICON_R, 2 * ICON_R)


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
class StageChip:
    """One stage of the case's path on the track: its name, with the id as a small badge."""

    id: str
    name: str
    title: str
    current: bool
    rect: Rect
    badge: str  # the stage id when short (a letter), else ""


@dataclass(frozen=True)
class DayTick:
    x: float
    label: str
    major: bool = True  # a day boundary (False: an hour tick when zoomed in)


@dataclass(frozen=True)
class NextMarker:
    x: float
    title: str
    due: datetime
    overdue: bool
    why: str
    label: str = ""
    diamond: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))
    label_rect: Rect | None = None


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
    chips: list[StageChip] = field(default_factory=list)
    now_label: Rect | None = None
    times_shown: bool = False


# ----- names -------------------------------------------------------------------------------------------

_CUTS = re.compile(r"\s*(?:\(|,\s| with | for | if | and | then )")


def stage_short_name(title: str, limit: int = 27) -> str:
    """A stage's short display name derived from its title (the one helper for it).

    "Pending customer information" → "Pending customer"; "FQR, First Quality Response" → "FQR";
    "Email (customer prefers email)" → "Email". Words are dropped from the end until it fits ``limit``.
    """
    name = _CUTS.split(title.strip(), maxsplit=1)[0].strip() or title.strip()
    words = name.split()
    while len(words) > 1 and len(" ".join(words)) > limit:
        words.pop()
    return " ".join(words).rstrip(":,;/ ")


def stage_display(stage: Any) -> str:
    """The playbook's own short name for the stage (its ``name``), else one derived from the title."""
    name = getattr(stage, "name", None)
    return str(name) if name else stage_short_name(stage.title)


_FIELD_WORDS = {
    "channel": "by",
    "eta": "ETA",
    "follow_up_on": "follow up on",
    "meeting_at": "meeting at",
    "until": "until",
    "closes_on": "closes on",
    "variant": "",
    "template": "template",
    "reason": "reason",
    "note": "note",
}


def _words_for_value(value: Any, calendar: BusinessCalendar | None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value.replace("_", " ") if re.fullmatch(r"[a-z_]+", value) else value
        if len(value) == 10:
            return short_day(moment.date())
        if moment.tzinfo is not None and calendar is not None:
            moment = calendar.local(moment)
        return short_instant(moment)
    return str(value)


def event_details(kind: str, fields: dict[str, Any], calendar: BusinessCalendar | None = None) -> str:
    """The event's fields in words: "Strike 2 sent", "by email", "recorded as an override", dates as
    "Mon 23 Nov 14:26" — never raw identifiers or ISO instants."""
    parts: list[str] = []
    for name, value in fields.items():
        if name in ("override_reason", "n") or value in (None, ""):
            continue
        if name == "forced":
            if value:
                reason = fields.get("override_reason")
                parts.append("recorded as an override" + (f" ({reason})" if reason else ""))
            continue
        words = _FIELD_WORDS.get(name, name.replace("_", " "))
        shown = _words_for_value(value, calendar)
        parts.append(f"{words} {shown}".strip() if words else shown)
    return ", ".join(parts)


def event_title(kind: str, fields: dict[str, Any], default: str) -> str:
    if kind == "strike_sent" and fields.get("n"):
        return f"Strike {fields['n']} sent"
    return default


# ----- ranges --------------------------------------------------------------------------------------------


def _moments(status: Status, now: datetime) -> list[datetime]:
    opened = status.case.opened_at
    moments = [e.at for e in status.case.events]
    if opened is not None:
        moments.append(opened)
    if not status.closed:
        moments.append(now)
        if status.next_action and status.next_action.due:
            moments.append(status.next_action.due)
    # A stored instant far from now (year 1 or 9999, from an old import) must not push the range past
    # what datetime can hold: such moments are left out of the fit.
    moments = [m for m in moments if abs(m - now) < SANE_REACH]
    return moments or [now]


def default_range(status: Status, now: datetime) -> tuple[datetime, datetime]:
    """Fit: the case from its opening to now and the next due (when open), with a margin; short cases
    get a short range (two hours at least), long ones up to the zoom-out limit."""
    moments = _moments(status, now)
    first, last = min(moments), max(moments)
    span = max(last - first, MIN_SPAN * 0.8)
    pad = span * 0.06 + timedelta(minutes=10)
    start, end = first - pad, last + pad
    if end - start > MAX_SPAN:
        start = end - MAX_SPAN
    return start, end


def zoom_range(
    rng: tuple[datetime, datetime], factor: float, pivot: datetime, keep_fraction: float | None = None
) -> tuple[datetime, datetime]:
    """Zoom by ``factor`` (< 1 zooms in). With ``keep_fraction`` the pivot stays where it is on screen (the
    cursor); without, the new range is centred on the pivot (the events in view)."""
    start, end = rng
    span = end - start
    new_span = min(max(span * factor, MIN_SPAN), MAX_SPAN)
    frac = 0.5 if keep_fraction is None else min(max(keep_fraction, 0.0), 1.0)
    return pivot - new_span * frac, pivot + new_span * (1 - frac)


def events_pivot(status: Status, now: datetime, rng: tuple[datetime, datetime]) -> datetime:
    """What "+" and "−" zoom around: the middle of the recorded events in view, else now when in view, else
    the range's middle."""
    start, end = rng
    recorded = [e.at for e in status.case.events]
    if status.case.opened_at is not None:
        recorded.append(status.case.opened_at)
    inside = [m for m in recorded if start <= m <= end]
    if inside:
        return min(inside) + (max(inside) - min(inside)) / 2
    if start <= now <= end:
        return now
    return start + (end - start) / 2


# ----- the layout ------------------------------------------------------------------------------------------


def _ticks(
    calendar: BusinessCalendar, start: datetime, end: datetime, width: float, x_of: Callable[[datetime], float]
) -> tuple[list[Band], list[DayTick]]:
    bands: list[Band] = []
    day = calendar.local(start).date()
    last = calendar.local(end).date()
    days = max((last - day).days, 1)
    step = max(1, math.ceil(days / max(width / 90, 1)))  # keep day labels apart
    n = 0
    hours_visible = (end - start).total_seconds() / 3600
    px_per_hour = width / max(hours_visible, 1e-6)
    hour_step = next((h for h in (1, 2, 3, 6, 12) if h * px_per_hour >= 56), None)
    first_day = day
    majors: list[DayTick] = []
    minors: list[DayTick] = []
    while day <= last:
        midnight = calendar.localize(datetime.combine(day, datetime.min.time()))
        x0 = x_of(midnight)
        x1 = x_of(calendar.localize(datetime.combine(day + timedelta(days=1), datetime.min.time())))
        reason = calendar.non_business_reason(day)
        if reason is not None:
            bands.append(Band(max(x0, 0.0), min(x1, width), day, reason))
        if n % step == 0 and 0 <= x0 <= width:
            majors.append(DayTick(x0, short_day(day)))
        if hour_step is not None:
            for hour in range(hour_step, 24, hour_step):
                x = x_of(calendar.localize(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)))
                if 0 <= x <= width:
                    minors.append(DayTick(x, f"{hour:02d}:00", major=False))
        day += timedelta(days=1)
        n += 1
    # Zoomed into one day, its midnight is off to the left: name the day at the left edge all the same.
    if not majors or majors[0].x > DAY_LABEL_ROOM:
        majors.insert(0, DayTick(0.0, short_day(first_day)))
    # Hour labels give way to day labels and to each other (a label is about 7 px a character).
    majors = [t if t.x + 7 * len(t.label) + 10 <= width + 16 else DayTick(t.x, "") for t in majors]
    taken = [(t.x, t.x + 7 * len(t.label) + 10) for t in majors if t.label]
    for tick in minors:
        span = (tick.x, tick.x + 7 * len(tick.label) + 10)
        if span[1] > width + 16 or any(span[0] < b and a < span[1] for a, b in taken):
            continue
        taken.append(span)
        majors.append(tick)
    ticks = sorted(majors, key=lambda t: t.x)
    return bands, ticks


def _group(entries: list[tuple[datetime, str, dict[str, Any], float]]) -> list[list[tuple[Any, ...]]]:
    groups: list[list[tuple[Any, ...]]] = []
    for entry in entries:
        if groups and entry[3] - groups[-1][0][3] < GROUP_GAP:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def _place_labels(
    groups: list[list[tuple[Any, ...]]],
    texts: list[str],
    measure: Measure,
    width: float,
) -> list[tuple[int, Rect | None, str]]:
    """Lane and label rectangle per group, left to right: the first lane whose last label ends before
    this icon; failing that, the lane whose label ends soonest, that label being shortened to make room."""
    lane_end = [-1e9] * MAX_LANES
    placed: list[list[Any]] = []  # [lane, rect, text] per group, rect shortened in place
    last_in_lane: list[int | None] = [None] * MAX_LANES
    for i, group in enumerate(groups):
        x = group[0][3]
        icon_left = x - ICON_R
        text = texts[i]
        need = measure(text)
        label_x = x + ICON_R + LABEL_GAP
        lane = next((k for k in range(MAX_LANES) if lane_end[k] + LABEL_GAP <= icon_left), None)
        if lane is None:
            lane = min(range(MAX_LANES), key=lambda k: lane_end[k])
            previous = last_in_lane[lane]
            if previous is not None and placed[previous][1] is not None:
                rect = placed[previous][1]
                room = icon_left - LABEL_GAP - rect.x
                placed[previous][1] = Rect(rect.x, rect.y, room, rect.h) if room >= MIN_LABEL else None
        y = LANE_TOP + lane * LANE_H - 8
        room_right = width + 12 - label_x  # labels may run a little past the last day into the margin
        w = min(need, room_right)
        rect = Rect(label_x, y, w, 16) if w >= MIN_LABEL else None
        placed.append([lane, rect, text])
        lane_end[lane] = rect.right if rect is not None else x + ICON_R
        last_in_lane[lane] = i
    return [(lane, rect, text if rect is not None else "") for lane, rect, text in placed]


def layout_timeline(
    status: Status,
    calendar: BusinessCalendar,
    now: datetime,
    start: datetime,
    end: datetime,
    width: float,
    measure: Measure = estimate_width,
) -> TimelineLayout:
    span = (end - start).total_seconds() or 1.0

    def x_of(moment: datetime) -> float:
        return (moment - start).total_seconds() / span * width

    bands, ticks = _ticks(calendar, start, end, width, x_of)
    times_shown = width / (span / 3600) >= TIMES_SHOWN_PX_PER_HOUR

    opened = status.case.opened_at
    events = status.case.sorted_events()
    # One "Opened" per case: an imported case often records its opening as an event too.
    has_opened = any(e.kind == "opened" for e in events)
    entries: list[tuple[datetime, str, dict[str, Any], float]] = (
        [(opened, "opened", {}, 0.0)] if opened and not has_opened else []
    )
    entries += [(e.at, e.kind, dict(e.fields), 0.0) for e in events]
    entries = [(at, kind, fields, x_of(at)) for at, kind, fields, _ in entries if start <= at <= end]
    entries.sort(key=lambda e: e[0])
    groups = _group(entries)

    texts = []
    for group in groups:
        at, kind, fields, _x = group[0]
        if len(group) == 1:
            text = event_label(kind, fields)
            if times_shown:
                text = f"{calendar.local(at):%H:%M} {text}"
        else:
            # The count is on the marker; the label names what happened (shortened to the room it has).
            text = ", ".join(dict.fromkeys(event_label(g[1], g[2]) for g in group))
            if times_shown:
                text = f"{calendar.local(at):%H:%M} {text}"
        texts.append(text)
    placements = _place_labels(groups, texts, measure, width)

    markers: list[Marker] = []
    for group, (lane, rect, text) in zip(groups, placements, strict=True):
        at, kind, fields, x = group[0]
        lines = []
        for g_at, g_kind, g_fields, _ in group:
            details = event_details(g_kind, g_fields, calendar)
            line = f"{short_instant(calendar.local(g_at))} · {event_label(g_kind, g_fields)}"
            if details:
                line += f" ({details})"
            if g_at > now:
                line += " · not yet happened: not counted until then"
            lines.append(line)
        _label, icon, category = EVENT_LOOK.get(kind, (kind, "dot", "other"))
        if len(group) > 1:
            categories = {EVENT_LOOK.get(g[1], ("", "", "other"))[2] for g in group}
            category = category if len(categories) == 1 else "other"
        markers.append(
            Marker(
                at,
                x,
                kind,
                text,
                icon,
                category,
                "\n".join(lines),
                lane,
                count=len(group),
                future=all(g[0] > now for g in group),
                label_rect=rect,
                instants=tuple(g[0] for g in group),
            )
        )

    now_x = x_of(now) if start <= now <= end else None
    now_label = None
    if now_x is not None:
        now_w = measure("now")
        left = now_x + 4 if now_x + 4 + now_w <= width + 8 else now_x - 4 - now_w
        now_label = Rect(left, NOW_ROW_Y - 8, now_w, 16)

    next_marker = None
    action = status.next_action
    if action is not None and action.due is not None:
        nx = x_of(action.due)
        label = ("Overdue: " if action.overdue else "Next: ") + action.title
        diamond = Rect(nx - ICON_R, NEXT_ROW_Y - ICON_R, 2 * ICON_R, 2 * ICON_R)
        drawn_x = min(max(nx, 0.0), width)
        # The label goes right of the diamond, or left when there is more room there; shortened to fit.
        room_right = width + 8 - (drawn_x + ICON_R + LABEL_GAP)
        room_left = drawn_x - ICON_R - LABEL_GAP + 8
        need = measure(label)
        if need <= room_right or room_right >= room_left:
            label_w = min(need, room_right)
            left = drawn_x + ICON_R + LABEL_GAP
        else:
            label_w = min(need, room_left)
            left = drawn_x - ICON_R - LABEL_GAP - label_w
        label_rect = Rect(left, NEXT_ROW_Y - 8, label_w, 16) if label_w >= MIN_LABEL else None
        next_marker = NextMarker(nx, action.title, action.due, action.overdue, action.why, label, diamond, label_rect)

    visited = {step.stage for step in status.path}
    current_id = None if status.closed else status.stage.id
    stages = [StageStep(s.id, s.title, s.id in visited, s.id == current_id) for s in status.playbook.stages.values()]
    path = list(dict.fromkeys(step.stage for step in status.path))
    if current_id is not None and (not path or path[-1] != current_id):
        path = [p for p in path if p != current_id] + [current_id]
    chips = _chips(status, path, current_id, measure, width)
    return TimelineLayout(
        start,
        end,
        width,
        markers,
        bands,
        ticks,
        now_x,
        next_marker,
        stages,
        path,
        chips,
        now_label,
        times_shown,
    )


CHIP_PAD, BADGE_W, ARROW_W = 8.0, 18.0, 18.0


def _chips(status: Status, path: list[str], current: str | None, measure: Measure, width: float) -> list[StageChip]:
    """The case's path as named chips, most recent last; older ones give way ("…") when room runs out."""
    stages = status.playbook.stages
    items = []
    for sid in path:
        stage = stages.get(sid)
        if stage is None:
            continue
        name = stage_display(stage)
        badge = sid if len(sid) <= 2 else ""
        w = measure(name) + 2 * CHIP_PAD + (BADGE_W + 4 if badge else 0)
        items.append((sid, name, stage.title, badge, w))
    if status.closed:
        items.append(("", "Closed", "The case is closed", "", measure("Closed") + 2 * CHIP_PAD))
    # Keep the most recent chips that fit; an ellipsis chip stands for the older ones.
    kept: list[tuple[str, str, str, str, float]] = []
    used = 0.0
    ellipsis_w = measure("…") + 2 * CHIP_PAD + ARROW_W
    for item in reversed(items):
        need = item[4] + (ARROW_W if kept else 0)
        reserve = ellipsis_w if len(kept) + 1 < len(items) else 0
        if kept and used + need + reserve > width:
            break
        kept.insert(0, item)
        used += need
    chips = []
    x = 0.0
    if len(kept) < len(items):
        chips.append(StageChip("…", "…", "Earlier stages", False, Rect(0, TRACK_TOP, ellipsis_w - ARROW_W, CHIP_H), ""))
        x = ellipsis_w
    for sid, name, title, badge, w in kept:
        w = min(w, max(width - x, 40.0))
        chips.append(StageChip(sid, name, title, sid == current, Rect(x, TRACK_TOP, w, CHIP_H), badge))
        x += w + ARROW_W
    return chips
