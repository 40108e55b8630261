"""The business calendar against playbook rules §1: worked examples, DST, and properties checked against a
deliberately naive day-by-day / minute-by-minute walker."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.errors import ValidationError

NY = ZoneInfo("America/New_York")


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


@pytest.fixture(scope="module")
def us() -> BusinessCalendar:
    return BusinessCalendar.from_settings({})


# ----- worked examples --------------------------------------------------------------------------------


def test_friday_plus_three_business_days_is_wednesday(us):
    # playbook rules §1: Fri 15:20 + 3 business days = Wed 15:20
    assert us.add_business_days(ny(2026, 11, 13, 15, 20), 3) == ny(2026, 11, 18, 15, 20)


def test_monday_holiday_pushes_to_thursday(us):
    # ... or Thu 15:20 when Monday is a holiday (Mon 19 Jan 2026 is Martin Luther King Jr. Day)
    start = ny(2026, 1, 16, 15, 20)
    result = us.add_business_days(start, 3)
    assert result == ny(2026, 1, 22, 15, 20)
    assert us.explain_shift(start, result) == "weekend, Mon 19 Jan Martin Luther King Jr. Day skipped"


def test_outside_hours_moves_to_next_opening_before_counting(us):
    assert us.add_business_days(ny(2026, 11, 20, 18, 0), 1) == ny(2026, 11, 24, 8, 0)  # Fri eve → Mon 8 → Tue
    assert us.add_business_days(ny(2026, 11, 21, 11, 0), 0) == ny(2026, 11, 23, 8, 0)  # Saturday
    assert us.add_business_days(ny(2026, 11, 23, 6, 30), 1) == ny(2026, 11, 24, 8, 0)  # before opening


def test_business_hours_cross_the_night_and_weekend(us):
    assert us.add_business_hours(ny(2026, 11, 20, 16, 30), 1) == ny(2026, 11, 23, 8, 30)
    assert us.add_business_hours(ny(2026, 11, 23, 9, 10), 1) == ny(2026, 11, 23, 10, 10)
    assert us.add_business_hours(ny(2026, 11, 23, 20, 0), 1) == ny(2026, 11, 24, 9, 0)


def test_result_exactly_at_closing_stays_at_closing(us):
    assert us.add_business_hours(ny(2026, 11, 23, 16, 0), 1) == ny(2026, 11, 23, 17, 0)
    assert us.is_business_time(ny(2026, 11, 23, 17, 0))
    assert not us.is_business_time(ny(2026, 11, 23, 17, 0, 1))


def test_thanksgiving_and_day_off_are_skipped_with_their_reasons():
    cal = BusinessCalendar.from_settings({"days_off": ["2026-11-27"]})
    start = ny(2026, 11, 25, 10, 0)  # Wed before Thanksgiving
    result = cal.add_business_days(start, 1)
    assert result == ny(2026, 11, 30, 10, 0)
    assert cal.explain_shift(start, result) == "weekend, Thu 26 Nov Thanksgiving Day, Fri 27 Nov day off skipped"


def test_date_without_time_means_opening(us):
    assert us.opening(date(2026, 12, 4)) == ny(2026, 12, 4, 8, 0)
    assert us.opening(date(2026, 12, 5)) == ny(2026, 12, 7, 8, 0)  # Saturday → Monday


def test_negative_hours_count_backwards(us):
    assert us.add_business_hours(ny(2026, 11, 23, 9, 0), -2) == ny(2026, 11, 20, 16, 0)
    assert us.add_business_hours(ny(2026, 11, 23, 8, 0), -1) == ny(2026, 11, 20, 16, 0)


def test_explain_move_names_the_reason(us):
    assert (
        us.explain_move(ny(2026, 11, 21, 11, 0)) == "Sat 11:00 is outside business time (weekend), moved to Mon 08:00"
    )
    assert us.explain_move(ny(2026, 11, 23, 11, 0)) == ""


def test_subdivision_adds_its_holidays():
    ca = BusinessCalendar.from_settings({"holiday_subdiv": "CA"})
    assert not ca.is_business_day(date(2026, 3, 31))  # César Chávez Day, California only
    assert BusinessCalendar.from_settings({}).is_business_day(date(2026, 3, 31))


def test_no_holiday_country_means_weekends_only():
    cal = BusinessCalendar.from_settings({"holiday_country": None})
    assert cal.is_business_day(date(2026, 12, 25))


@pytest.mark.parametrize(
    ("settings", "where"),
    [
        ({"timezone": "Mars/Olympus"}, "settings.timezone"),
        ({"workdays": []}, "settings.workdays"),
        ({"workdays": [0, 8]}, "settings.workdays"),
        ({"work_start": "8am"}, "settings.work_start"),
        ({"work_start": "18:00"}, "settings.work_end"),
        ({"holiday_country": "XX"}, "settings.holiday_country"),
        ({"holiday_subdiv": "ZZ"}, "settings.holiday_subdiv"),
        ({"days_off": ["2026-02-30"]}, "settings.days_off[0]"),
    ],
)
def test_bad_settings_are_named(settings, where):
    with pytest.raises(ValidationError) as err:
        BusinessCalendar.from_settings(settings)
    assert err.value.where == where


# ----- DST ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "start", "expected", "hours_apart"),
    [
        # New York springs forward Sun 8 Mar 2026: Fri 10:00 EST + 1 bd = Mon 10:00 EDT (71 real hours)
        ("America/New_York", (2026, 3, 6, 10, 0), (2026, 3, 9, 10, 0), 71),
        # London springs forward Sun 29 Mar 2026
        ("Europe/London", (2026, 3, 27, 9, 30), (2026, 3, 30, 9, 30), 71),
        # Sydney falls back Sun 5 Apr 2026: 5 days + 1 real hour
        ("Australia/Sydney", (2026, 4, 2, 14, 0), (2026, 4, 7, 14, 0), 121),  # Good Friday, Easter Monday
    ],
)
def test_business_days_keep_wall_time_across_dst(zone, start, expected, hours_apart):
    country = {"America/New_York": "US", "Europe/London": "GB", "Australia/Sydney": "AU"}[zone]
    cal = BusinessCalendar.from_settings({"timezone": zone, "holiday_country": country})
    tz = ZoneInfo(zone)
    begin = datetime(*start, tzinfo=tz)
    result = cal.add_business_days(begin, 1)
    assert result.replace(tzinfo=None) == datetime(*expected)
    assert result.astimezone(UTC) - begin.astimezone(UTC) == timedelta(hours=hours_apart)


def test_nonexistent_wall_time_moves_forward_by_the_gap():
    cal = BusinessCalendar.from_settings(
        {
            "workdays": [1, 2, 3, 4, 5, 6, 7],
            "work_start": "01:00",
            "work_end": "05:00",
            "holiday_country": None,
        }
    )
    # 02:30 on Sun 8 Mar 2026 does not exist in New York: it becomes 03:30 EDT
    result = cal.add_business_days(ny(2026, 3, 7, 2, 30), 1)
    assert result.utcoffset() == timedelta(hours=-4)
    assert (result.hour, result.minute) == (3, 30)


def test_ambiguous_wall_time_takes_the_earlier_reading():
    cal = BusinessCalendar.from_settings(
        {
            "workdays": [1, 2, 3, 4, 5, 6, 7],
            "work_start": "00:30",
            "work_end": "05:00",
            "holiday_country": None,
        }
    )
    result = cal.add_business_days(ny(2026, 10, 31, 1, 30), 1)  # 01:30 on Sun 1 Nov happens twice
    assert result.utcoffset() == timedelta(hours=-4)  # EDT, the first reading


def test_business_hours_across_dst_count_wall_time():
    cal = BusinessCalendar.from_settings({"timezone": "Europe/London", "holiday_country": "GB"})
    london = ZoneInfo("Europe/London")
    result = cal.add_business_hours(datetime(2026, 3, 27, 16, 0, tzinfo=london), 3)
    assert result == datetime(2026, 3, 30, 10, 0, tzinfo=london)


def test_results_do_not_depend_on_the_machine_time_zone(us):
    script = (
        "from datetime import datetime; from zoneinfo import ZoneInfo\n"
        "from deskcomms.core.calendar import BusinessCalendar\n"
        "cal = BusinessCalendar.from_settings({'days_off': ['2026-03-09']})\n"
        "t = datetime(2026, 3, 6, 15, 20, tzinfo=ZoneInfo('UTC'))\n"
        "print(cal.add_business_days(t, 3).isoformat(), cal.add_business_hours(t, 5.5).isoformat())\n"
    )
    outputs = set()
    for machine_tz in ("UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Chatham"):
        proc = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "TZ": machine_tz},
        )
        outputs.add(proc.stdout.strip())
    assert len(outputs) == 1
    assert outputs.pop() == "2026-03-12T10:20:00-04:00 2026-03-06T15:50:00-05:00"


# ----- properties against a naive oracle ------------------------------------------------------------------

ZONES = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "America/Los_Angeles"]
REGIONS = [("US", None), ("US", "CA"), ("GB", "SCT"), ("DE", "BY"), ("AU", "NSW"), (None, None)]
HOURS = [("08:00", "17:00"), ("09:00", "18:30"), ("07:30", "16:00")]
WORKWEEKS = [[1, 2, 3, 4, 5], [7, 1, 2, 3, 4], [1, 2, 3, 4]]


@st.composite
def calendars(draw):
    region = draw(st.sampled_from(REGIONS))
    start, end = draw(st.sampled_from(HOURS))
    days_off = draw(st.lists(st.dates(date(2026, 1, 1), date(2026, 12, 31)), max_size=6))
    return {
        "timezone": draw(st.sampled_from(ZONES)),
        "workdays": draw(st.sampled_from(WORKWEEKS)),
        "work_start": start,
        "work_end": end,
        "holiday_country": region[0],
        "holiday_subdiv": region[1],
        "days_off": [d.isoformat() for d in days_off],
    }


instants = st.datetimes(
    datetime(2025, 12, 1), datetime(2026, 12, 31), timezones=st.sampled_from([ZoneInfo(z) for z in ZONES])
).map(lambda d: d.replace(second=0, microsecond=0))


class Oracle:
    """playbook rules §1 read literally: walk day by day and minute by minute."""

    def __init__(self, s):
        self.zone = ZoneInfo(s["timezone"])
        self.workdays = set(s["workdays"])
        self.start = time.fromisoformat(s["work_start"])
        self.end = time.fromisoformat(s["work_end"])
        self.hol = (
            holidays.country_holidays(s["holiday_country"], subdiv=s["holiday_subdiv"]) if s["holiday_country"] else {}
        )
        self.off = {date.fromisoformat(d) for d in s["days_off"]}

    def bday(self, d):
        return d.isoweekday() in self.workdays and d not in self.hol and d not in self.off

    def at(self, d, t):
        return datetime.combine(d, t).replace(tzinfo=self.zone)

    def move(self, t):
        local = t.astimezone(self.zone)
        d = local.date()
        if self.bday(d) and local.time() < self.start:
            return self.at(d, self.start)
        if self.bday(d) and local.time() <= self.end:
            return local
        d += timedelta(days=1)
        while not self.bday(d):
            d += timedelta(days=1)
        return self.at(d, self.start)

    def add_days(self, t, n):
        m = self.move(t)
        d, count = m.date(), 0
        while count < n:
            d += timedelta(days=1)
            count += self.bday(d)
        return self.at(d, m.time())

    def add_minutes(self, t, minutes):
        m = self.move(t)
        wall = m.replace(tzinfo=None)
        while minutes > 0:
            if wall.time() < self.end and self.bday(wall.date()) and wall.time() >= self.start:
                step = min(minutes, 15 - wall.minute % 15)
                wall += timedelta(minutes=step)
                minutes -= step
            else:
                d = wall.date() + timedelta(days=1)
                while not self.bday(d):
                    d += timedelta(days=1)
                wall = datetime.combine(d, self.start)
        return wall.replace(tzinfo=self.zone)


PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(calendars(), instants, st.integers(0, 25))
def test_add_business_days_matches_the_oracle(s, t, n):
    cal, oracle = BusinessCalendar.from_settings(s), Oracle(s)
    assert cal.add_business_days(t, n) == oracle.add_days(t, n)


@PROPS
@given(calendars(), instants, st.integers(0, 4 * 40))
def test_add_business_hours_matches_the_oracle(s, t, quarters):
    cal, oracle = BusinessCalendar.from_settings(s), Oracle(s)
    assert cal.add_business_hours(t, quarters / 4) == oracle.add_minutes(t, quarters * 15)


@PROPS
@given(calendars(), st.dates(date(2025, 1, 1), date(2027, 12, 31)))
def test_is_business_day_matches_the_oracle(s, d):
    assert BusinessCalendar.from_settings(s).is_business_day(d) == Oracle(s).bday(d)


@PROPS
@given(calendars(), instants, st.integers(0, 10), st.floats(0, 30, allow_nan=False))
def test_results_are_never_outside_business_time(s, t, n, h):
    cal = BusinessCalendar.from_settings(s)
    assert cal.is_business_time(cal.add_business_days(t, n))
    assert cal.is_business_time(cal.add_business_hours(t, h))
    assert cal.is_business_time(cal.to_business_time(t))


@PROPS
@given(calendars(), instants, instants, st.integers(0, 10))
def test_monotone(s, a, b, n):
    cal = BusinessCalendar.from_settings(s)
    a, b = min(a, b), max(a, b)
    assert cal.add_business_days(a, n) <= cal.add_business_days(b, n)
    assert cal.add_business_hours(a, n * 1.5) <= cal.add_business_hours(b, n * 1.5)


@PROPS
@given(calendars(), instants, st.integers(0, 8), st.integers(0, 8), st.integers(0, 40), st.integers(0, 40))
def test_composes(s, t, d1, d2, q1, q2):
    cal = BusinessCalendar.from_settings(s)
    assert cal.add_business_days(cal.add_business_days(t, d1), d2) == cal.add_business_days(t, d1 + d2)
    assert cal.add_business_hours(cal.add_business_hours(t, q1 / 4), q2 / 4) == cal.add_business_hours(t, (q1 + q2) / 4)


@PROPS
@given(calendars(), instants, st.integers(1, 40))
def test_backwards_hours_undo_forwards_hours(s, t, quarters):
    cal = BusinessCalendar.from_settings(s)
    forward = cal.add_business_hours(t, quarters / 4)
    back = cal.add_business_hours(forward, -quarters / 4)
    # going back lands on the moved start, or on the same point of business time seen from the other side:
    # a day's closing and the next business day's opening are the same moment of working time
    moved = cal.to_business_time(t)

    def same_point(a, b):
        a, b = cal.local(a), cal.local(b)
        if a == b:
            return True
        first, second = sorted((a, b))
        return (
            first.time() == cal.work_end
            and second.time() == cal.work_start
            and second.date() == cal.next_business_day(first.date())
        )

    assert same_point(back, moved)
