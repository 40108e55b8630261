"""Proposed times for the customer (playbook rules §6, issue 21): where our business hours and their
working day overlap, else the start of their working day; always ahead of now, on the half hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.promise import customer_day_start, outside_customer_day, promised_time, suits_customer

CAL = BusinessCalendar.from_settings({"holiday_country": None})
ZONES = ["America/Chicago", "Europe/Berlin", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney", "America/New_York"]


@settings(max_examples=150, deadline=None)
@given(
    now=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    zone=st.sampled_from(ZONES),
    days=st.integers(0, 3),
)
def test_a_promise_is_ahead_and_in_both_days_or_at_the_start_of_theirs(now, zone, days):
    now = now.replace(tzinfo=UTC)
    tz = ZoneInfo(zone)
    promised = promised_time(CAL.add_business_days(now, days), now, CAL, tz)
    assert promised > now
    if CAL.is_business_time(promised) and suits_customer(promised, tz):
        return
    local = promised.astimezone(tz)
    assert (local.hour, local.minute) == (8, 0) and local.isoweekday() <= 5
    assert outside_customer_day(promised, tz) is None  # their 08:00 is inside their day


def test_tokyo_and_new_york_never_meet_so_the_promise_is_tokyo_morning():
    now = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    tokyo = ZoneInfo("Asia/Tokyo")
    promised = promised_time(CAL.add_business_days(now, 1), now, CAL, tokyo)
    assert promised.astimezone(tokyo).isoformat() == "2026-11-26T08:00:00+09:00"


def test_chicago_overlaps_so_the_promise_is_in_both_days():
    now = datetime(2026, 11, 24, 16, 40, tzinfo=ZoneInfo("America/New_York"))
    promised = promised_time(CAL.add_business_days(now, 1), now, CAL, ZoneInfo("America/Chicago"))
    assert CAL.is_business_time(promised) and suits_customer(promised, ZoneInfo("America/Chicago"))
    assert promised.astimezone(ZoneInfo("America/New_York")).isoformat() == "2026-11-25T17:00:00-05:00"


def test_the_start_of_the_customer_day_skips_their_weekend():
    friday_night = datetime(2026, 11, 27, 20, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    start = customer_day_start(friday_night, ZoneInfo("Asia/Tokyo"))
    assert start.isoformat() == "2026-11-30T08:00:00+09:00"
    assert outside_customer_day(friday_night, ZoneInfo("Asia/Tokyo")) == friday_night
    assert outside_customer_day(start - timedelta(hours=1), None) is None
