"""The lifecycle timeline, tested through the layout it paints and the widget a person sees."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.engine import evaluate, load_playbook
from deskcomms.ui.case_view.timeline_layout import (
    MAX_SPAN,
    MIN_SPAN,
    default_range,
    event_details,
    events_pivot,
    layout_timeline,
    stage_short_name,
    zoom_range,
)
from tests.conftest import build_cases

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 24, 17, 0, tzinfo=NY)
BUSY_DAY = [
    {"at": "2026-11-24T09:10:00-05:00", "kind": "fqr_sent", "channel": "email"},
    {"at": "2026-11-24T09:40:00-05:00", "kind": "call_no_answer"},
    {"at": "2026-11-24T09:45:00-05:00", "kind": "voicemail_left"},
    {"at": "2026-11-24T13:05:00-05:00", "kind": "customer_replied"},
    {"at": "2026-11-24T13:20:00-05:00", "kind": "pending_customer"},
]


def busy_status(events=BUSY_DAY, opened="2026-11-24T08:30:00-05:00", now=NOW):
    (case,) = build_cases([("2611240010001", "Jürgen Müller", events)], opened=opened)
    calendar = BusinessCalendar.from_settings({"timezone": "America/New_York"})
    return evaluate(case, load_playbook(case.playbook), calendar, now), calendar


def every_zoom(status, now):
    """The ranges a person reaches from Fit with the + and − steps (0.7 per step), both ways."""
    rng = default_range(status, now)
    ranges = [rng]
    for factor in (0.7, 1 / 0.7):
        current = rng
        for _ in range(40):
            current = zoom_range(current, factor, events_pivot(status, now, current))
            ranges.append(current)
            if current[1] - current[0] in (MIN_SPAN, MAX_SPAN):
                break
    return ranges


def drawn_rects(layout):
    rects = []
    for m in layout.markers:
        rects.append((f"icon {m.kind}@{m.at:%H:%M}", m.icon_rect))
        if m.label_rect is not None:
            rects.append((f"label {m.label!r}", m.label_rect))
    if layout.now_label is not None:
        rects.append(("now label", layout.now_label))
    if layout.next is not None:
        rects.append(("next diamond", layout.next.diamond))
        if layout.next.label_rect is not None:
            rects.append(("next label", layout.next.label_rect))
    rects += [(f"stage {c.name}", c.rect) for c in layout.chips]
    return rects


def assert_nothing_overlaps(layout):
    for (name_a, a), (name_b, b) in combinations(drawn_rects(layout), 2):
        assert not a.overlaps(b), f"{name_a} {a} overlaps {name_b} {b} (range {layout.start} – {layout.end})"


@pytest.mark.parametrize("width", [420, 700, 1200])
def test_five_events_on_one_day_never_overlap_at_any_zoom(width):
    status, calendar = busy_status()
    for start, end in every_zoom(status, NOW):
        layout = layout_timeline(status, calendar, NOW, start, end, width)
        assert_nothing_overlaps(layout)
        shown = sum(m.count for m in layout.markers if m.kind != "opened" or m.count > 1)
        in_range = [e for e in status.case.events if start <= e.at <= end]
        assert shown >= len(in_range)


def test_zoomed_out_the_busy_day_is_one_marker_with_a_count_and_the_list_on_hover():
    status, calendar = busy_status()
    start = NOW - timedelta(days=60)
    layout = layout_timeline(status, calendar, NOW, start, NOW + timedelta(days=5), 600)
    (group,) = [m for m in layout.markers if m.count > 1]
    assert group.count == 6 and group.label.startswith("Opened, FQR")
    for words in (
        "FQR sent",
        "No answer",
        "Voicemail left",
        "Customer replied",
        "Pending customer",
        "Tue 24 Nov 13:05",
    ):
        assert words in group.tooltip


def test_zoomed_in_labels_carry_the_time_of_day_and_the_axis_shows_hours():
    status, calendar = busy_status()
    start = datetime(2026, 11, 24, 8, 0, tzinfo=NY)
    layout = layout_timeline(status, calendar, NOW, start, start + timedelta(hours=7), 900)
    labels = [m.label for m in layout.markers]
    assert "09:10 FQR sent" in labels and "13:05 Customer replied" in labels
    assert any(t.label == "12:00" and not t.major for t in layout.ticks)


def test_fit_shows_the_whole_case_and_a_short_case_closely():
    status, _ = busy_status()
    start, end = default_range(status, NOW)
    moments = [e.at for e in status.case.events] + [status.case.opened_at, NOW, status.next_action.due]
    assert all(start <= m <= end for m in moments)
    assert end - max(moments) < (end - start) * 0.1  # a margin, not days of empty axis
    fresh, _ = busy_status(events=[], opened="2026-11-24T16:00:00-05:00")
    start, end = default_range(fresh, NOW)
    assert end - start < timedelta(days=1)  # no four-day minimum: the hour-old case fills the view


def test_plus_zooms_towards_the_events_in_view():
    status, _calendar = busy_status()
    rng = (NOW - timedelta(days=20), NOW + timedelta(days=20))
    for _ in range(10):
        rng = zoom_range(rng, 0.7, events_pivot(status, NOW, rng))
    assert rng[1] - rng[0] < timedelta(days=2)
    assert all(rng[0] <= e.at <= rng[1] for e in status.case.events)  # the busy day stays in view


def test_the_now_label_and_the_next_action_diamond_do_not_overlap_when_due_is_now():
    # The next action due exactly around now: the diamond sits on the now line.
    status, calendar = busy_status(now=datetime(2026, 11, 24, 9, 20, tzinfo=NY), events=BUSY_DAY[:1])
    now = datetime(2026, 11, 24, 9, 20, tzinfo=NY)
    for start, end in every_zoom(status, now):
        layout = layout_timeline(status, calendar, now, start, end, 700)
        if layout.now_label and layout.next:
            assert not layout.now_label.overlaps(layout.next.diamond)
            assert layout.next.label_rect is None or not layout.now_label.overlaps(layout.next.label_rect)


def test_the_track_names_stages_and_includes_the_current_one():
    status, calendar = busy_status()
    start, end = default_range(status, NOW)
    layout = layout_timeline(status, calendar, NOW, start, end, 900)
    names = [c.name for c in layout.chips]
    assert names[-1] == "Pending customer" and layout.chips[-1].current
    assert layout.chips[-1].badge == "G"
    assert "First response" in names


def test_stage_short_names_come_from_the_titles():
    assert stage_short_name("Pending customer information") == "Pending customer"
    assert stage_short_name("FQR, First Quality Response") == "FQR"
    assert stage_short_name("Email (customer prefers email)") == "Email"
    assert stage_short_name("Unresponsive: second strike") == "Unresponsive: second strike"


def test_event_details_are_words_not_identifiers():
    calendar = BusinessCalendar.from_settings({"timezone": "America/New_York"})
    text = event_details(
        "pending_research", {"eta": "2026-11-23T19:26:00+00:00", "forced": True, "channel": "email"}, calendar
    )
    assert text == "ETA Mon 23 Nov 14:26, recorded as an override, by email"
    assert "=" not in event_details("strike_sent", {"n": 2}, calendar)


def test_widget_paints_the_busy_day_without_overlap_at_each_button_zoom(qtbot):
    from deskcomms.ui.case_view.timeline import TimelineWidget

    status, calendar = busy_status()
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(700, 300)
    widget.show()
    widget.show_status(status, calendar, NOW)
    for step in [widget.zoom_in] * 6 + [widget.fit] + [widget.zoom_out] * 8:
        step()
        assert_nothing_overlaps(widget.layout_data)
        assert widget.grab().width() == 700
    widget.fit()
    group_or_first = widget.layout_data.markers[0]
    rect = group_or_first.icon_rect
    tip = widget.tooltip_at(16 + rect.x + rect.w / 2, rect.y + rect.h / 2)
    assert "FQR" in tip
