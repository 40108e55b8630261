"""Stored instants are keyed by one sortable UTC text: the same text as always, for any instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from deskcomms.core.timefmt import to_utc_key

offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
instants = st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=offsets)


@given(instants)
def test_the_key_is_the_strftime_form_of_the_instant_in_utc(instant):
    assert to_utc_key(instant) == instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@given(instants, instants)
def test_keys_sort_as_their_instants_from_year_1000(a, b):
    if min(a.astimezone(UTC).year, b.astimezone(UTC).year) >= 1000:
        assert (to_utc_key(a) < to_utc_key(b)) == (a < b)
