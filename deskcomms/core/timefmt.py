"""Parsing and formatting of instants, dates and wall times, with messages a person can act on.

Instants are ISO 8601 with an offset (README: The interchange file); dates are ``YYYY-MM-DD``; wall
times ``HH:MM``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from .errors import ValidationError

# Case history happens in our lifetimes; year 1 or 9999 is a typo that would overflow date arithmetic later.
MIN_YEAR, MAX_YEAR = 1970, 2200
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HHMM_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_instant(value: object, where: str) -> datetime:
    """An aware datetime from an ISO 8601 string with an offset, or a ValidationError naming ``where``."""
    if not isinstance(value, str):
        raise ValidationError("not an ISO 8601 instant (expected a string like 2026-11-23T09:10:00-05:00)", where=where)
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(f"not an ISO 8601 instant: {value!r}", where=where) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValidationError(
            f"not an ISO 8601 instant: {value!r} has no offset (add one, e.g. -05:00 or Z)", where=where
        )
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValidationError(f"{value!r} is outside the years {MIN_YEAR}-{MAX_YEAR}", where=where)
    return parsed


def parse_date(value: object, where: str) -> date:
    if not isinstance(value, str) or not _DATE_RE.match(value.strip()):
        raise ValidationError(f"not a date (expected YYYY-MM-DD): {value!r}", where=where)
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(f"not a valid date: {value!r}", where=where) from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValidationError(f"{value!r} is outside the years {MIN_YEAR}-{MAX_YEAR}", where=where)
    return parsed


def parse_wall_time(value: object, where: str) -> time:
    if not isinstance(value, str) or not _HHMM_RE.match(value.strip()):
        raise ValidationError(f"not a time of day (expected HH:MM, 24-hour): {value!r}", where=where)
    hours, minutes = value.strip().split(":")
    return time(int(hours), int(minutes))


def format_instant_iso(value: datetime) -> str:
    """The interchange form: ISO 8601 with the offset the instant carries, whole seconds when exact."""
    return value.isoformat(timespec="seconds" if value.microsecond == 0 else "microseconds")


def to_utc_key(value: datetime) -> str:
    """A sortable UTC text key for storage and ordering (``%Y-%m-%dT%H:%M:%S.%fZ``)."""
    utc = value.astimezone(UTC)
    if utc.year < 1000:  # strftime does not pad such years: keep its exact form
        return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    # isoformat is several times faster than strftime, and every event, import and status writes keys.
    return utc.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


# English names on purpose (not the locale's): the explanations are the same on every machine, and
# strftime is slow enough to show in ``due`` over thousands of cases.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_day(value: date) -> str:
    """``Mon 19 Jan``"""
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]}"


def short_instant(value: datetime) -> str:
    """``Thu 22 Jan 15:20`` (in the zone the datetime carries)."""
    return f"{short_day(value)} {value.hour:02d}:{value.minute:02d}"


def relative(delta: timedelta) -> str:
    """``in 3 h``, ``22 h overdue``, ``2 d overdue``, ``due now``: the coarse distance a person reads at a
    glance, short enough to read whole in a list column, a tray menu or a terminal table."""
    seconds = delta.total_seconds()
    amount = abs(seconds)
    if amount < 60:
        return "due now"
    if amount < 3600:
        text = f"{int(amount // 60)} min"
    elif amount < 86400:
        text = f"{int(amount // 3600)} h"
    else:
        text = f"{int(amount // 86400)} d"
    return f"in {text}" if seconds >= 0 else f"{text} overdue"
