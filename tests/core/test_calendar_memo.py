"""The memoised business-time counts (calendar and engine timer) answer exactly what a fresh calendar
answers, whatever was asked before: instants in any offset, the two readings of an ambiguous wall time,
every count, in any order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.engine.timing import Timer

NY = ZoneInfo("America/New_York")
SETTINGS = [
    {},
    {"timezone": "Europe/Paris", "holiday_country": "FR", "work_start": "09:00", "work_end": "18:00"},
    # every day, almost all day: instants near a DST change are counted from where they are
    {"workdays": [1, 2, 3, 4, 5, 6, 7], "work_start": "00:00", "work_end": "23:59", "holiday_country": None},
]
calendars = {i: BusinessCalendar.from_settings(s) for i, s in enumerate(SETTINGS)}  # memos kept across examples

zones = st.sampled_from(
    [UTC, NY, ZoneInfo("Asia/Kolkata"), timezone(timedelta(hours=-5)), timezone(timedelta(hours=9))]
)
instants = st.builds(
    lambda minutes, zone, fold: (
        (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)).astimezone(zone).replace(fold=fold)
    ),
    st.integers(0, 2 * 366 * 24 * 60).map(lambda m: m - m % 30),  # half hours: many repeats, as in real lists
    zones,
    st.integers(0, 1),
)
# The two readings of New York's repeated hour (fold 0 is EDT, fold 1 is EST): equal as keys, other instants.
ambiguous = st.sampled_from(
    [datetime(2026, 11, 1, 1, 30, tzinfo=NY, fold=f) for f in (0, 1)]
    + [datetime(2026, 11, 1, 1, 0, tzinfo=NY, fold=f) for f in (0, 1)]
)
asks = st.lists(
    st.tuples(
        st.sampled_from(["days", "hours", "timer_days", "timer_hours"]),
        st.one_of(instants, ambiguous),
        st.sampled_from([0, 1, 2, 3, 5, 10]),
        st.sampled_from([0.5, 1, 1.0, 2, 4, 8, 24, -1, -3, timedelta(hours=2)]),
        st.sampled_from(list(calendars)),
        st.sampled_from(["case opened", "strike 3", "customer reply"]),
    ),
    min_size=1,
    max_size=12,
)


def ask(
    cal: BusinessCalendar, what: str, instant: datetime, days: int, hours: float | timedelta, label: str = "call"
) -> object:
    timer = Timer(cal)
    if what == "days":
        return cal.add_business_days(instant, days)
    if what == "hours":
        return cal.add_business_hours(instant, hours)
    if what == "timer_days":
        return timer.days(label, instant, days)
    return timer.hours(label, instant, hours if not isinstance(hours, timedelta) else 2)


@settings(max_examples=150, deadline=None)
@given(asks)
def test_memoised_answers_are_a_fresh_calendars(questions):
    for what, instant, days, hours, which, label in questions:
        kept = calendars[which]
        first = ask(kept, what, instant, days, hours, label)
        again = ask(kept, what, instant, days, hours, label)
        fresh = ask(BusinessCalendar.from_settings(SETTINGS[which]), what, instant, days, hours, label)
        assert first == again == fresh
        result = first if isinstance(first, datetime) else first.at  # type: ignore[attr-defined]
        assert result.utcoffset() == (fresh if isinstance(fresh, datetime) else fresh.at).utcoffset()  # type: ignore[attr-defined]


def test_the_two_readings_of_a_repeated_hour_are_kept_apart():
    cal = calendars[2]
    edt, est = (datetime(2026, 11, 1, 1, 30, tzinfo=NY, fold=f) for f in (0, 1))
    assert edt == est and edt.utcoffset() != est.utcoffset()  # why the keys carry the offset
    for instant in (edt, est, edt):
        assert cal.add_business_hours(instant, 1) == BusinessCalendar.from_settings(SETTINGS[2]).add_business_hours(
            instant, 1
        )


def test_bad_questions_are_refused_every_time():
    cal = BusinessCalendar.from_settings({})
    naive = datetime(2026, 11, 2, 10, 0)
    for _ in range(2):  # a refusal is never remembered as an answer
        for call in (
            lambda: cal.add_business_days(naive, 1),
            lambda: cal.add_business_days(naive.replace(tzinfo=NY), -1),
        ):
            try:
                call()
            except ValueError:
                continue
            raise AssertionError("accepted")
