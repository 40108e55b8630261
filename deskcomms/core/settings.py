"""The engineer's settings: defaults in one place, and validation of what a user or a file supplies.

A new key needs only a line in ``DEFAULTS``; the store keeps whatever differs from them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import ValidationError
from .timefmt import parse_date, parse_wall_time

# playbook.md §1: the business calendar's defaults.
DEFAULTS: dict[str, Any] = {
    "timezone": "America/New_York",
    "workdays": [1, 2, 3, 4, 5],
    "work_start": "08:00",
    "work_end": "17:00",
    "holiday_country": "US",
    "holiday_subdiv": None,
    "days_off": [],
    # playbook.md §6: every subject carries the case number; {subject} is the template's own subject.
    "subject_pattern": "{subject} - Case {case_number}",
}

# The keys formats.md names; these are always exported, the rest only when they differ from DEFAULTS.
INTERCHANGE_KEYS = (
    "timezone",
    "workdays",
    "work_start",
    "work_end",
    "holiday_country",
    "holiday_subdiv",
    "days_off",
)

PROFILE_KEYS = (
    "name",
    "email",
    "title",
    "team",
    "phone",
    "company",
    "manager_name",
    "manager_email",
    "support_cc",
)
PROFILE_DEFAULTS: dict[str, str] = {key: "" for key in PROFILE_KEYS} | {
    "support_cc": "support@mail.support.microsoft.com",
}


def check_timezone(value: object, where: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not isinstance(value, str) or not value.strip():
        raise ValidationError("not an IANA time zone name (e.g. America/New_York)", where=where)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"unknown time zone {value!r} (use an IANA name such as Europe/Paris)", where=where
        ) from None
    return value


def check_holiday_region(country: object, subdiv: object, where: str) -> tuple[str | None, str | None]:
    """A country (and subdivision) the ``holidays`` package knows; ``None`` means no public holidays."""
    if country is None or country == "":
        return None, None
    if not isinstance(country, str):
        raise ValidationError("expected a country code such as US or DE", where=f"{where}.holiday_country")
    import holidays

    supported = holidays.list_supported_countries()
    code = country.strip().upper()
    if code not in supported:
        raise ValidationError(f"no public holidays known for country {country!r}", where=f"{where}.holiday_country")
    if subdiv is None or subdiv == "":
        return code, None
    if not isinstance(subdiv, str) or subdiv.strip().upper() not in {s.upper() for s in supported[code]}:
        raise ValidationError(f"{code} has no subdivision {subdiv!r}", where=f"{where}.holiday_subdiv")
    return code, subdiv.strip().upper()


def normalize_settings(raw: Mapping[str, Any] | None, where: str = "settings") -> dict[str, Any]:
    """Defaults overlaid with ``raw``, each value checked; the result is what the calendar is built from."""
    if raw is not None and not isinstance(raw, Mapping):
        raise ValidationError("expected an object", where=where)
    merged = dict(DEFAULTS)
    merged.update(raw or {})
    merged["timezone"] = check_timezone(merged["timezone"], f"{where}.timezone")

    workdays = merged["workdays"]
    if (
        not isinstance(workdays, list)
        or not workdays
        or not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7 for d in workdays)
    ):
        raise ValidationError(
            "expected a non-empty list of ISO weekdays (1 = Monday ... 7 = Sunday)", where=f"{where}.workdays"
        )
    merged["workdays"] = sorted(set(workdays))

    start = parse_wall_time(merged["work_start"], f"{where}.work_start")
    end = parse_wall_time(merged["work_end"], f"{where}.work_end")
    if start >= end:
        raise ValidationError(
            f"working hours end ({merged['work_end']}) must be after they start ({merged['work_start']})",
            where=f"{where}.work_end",
        )

    merged["holiday_country"], merged["holiday_subdiv"] = check_holiday_region(
        merged["holiday_country"], merged["holiday_subdiv"], where
    )

    pattern = merged.get("subject_pattern")
    if not isinstance(pattern, str) or "{case_number}" not in pattern:
        raise ValidationError("the subject pattern must contain {case_number}", where=f"{where}.subject_pattern")
    try:
        pattern.format(subject="s", case_number="1")
    except (KeyError, IndexError, ValueError):
        raise ValidationError(
            "use only {subject} and {case_number} in the subject pattern", where=f"{where}.subject_pattern"
        ) from None
    days_off = merged["days_off"]
    if not isinstance(days_off, list):
        raise ValidationError("expected a list of dates (YYYY-MM-DD)", where=f"{where}.days_off")
    merged["days_off"] = sorted({parse_date(d, f"{where}.days_off[{i}]").isoformat() for i, d in enumerate(days_off)})
    _check_days_off_leave_work(merged["days_off"], merged["workdays"], f"{where}.days_off")
    return merged


# Days off may cover a long leave, but not so many workdays in a row that no due date can be found
# (the calendar looks three years ahead at most).
MAX_WORKDAYS_OFF_IN_A_ROW = 130


def _check_days_off_leave_work(days_off: list[str], workdays: list[int], where: str) -> None:
    from datetime import date, timedelta

    if len(days_off) > 3 * 366:
        raise ValidationError(f"too many days off ({len(days_off)}); at most {3 * 366}", where=where)
    run, start = 0, None
    days = [date.fromisoformat(d) for d in days_off]
    off = set(days)
    day = days[0] if days else None
    last = days[-1] if days else None
    while day is not None and last is not None and day <= last:
        if day.isoweekday() in workdays:
            if day in off:
                run, start = run + 1, start or day
                if run > MAX_WORKDAYS_OFF_IN_A_ROW:
                    raise ValidationError(
                        f"the days off from {start} cover more than {MAX_WORKDAYS_OFF_IN_A_ROW} workdays in a row; "
                        "no follow-up could ever fall due",
                        where=where,
                    )
            else:
                run, start = 0, None
        day += timedelta(days=1)


# The profile's addresses go into the signature, From: and CC of every draft: one plain address each.
PROFILE_EMAILS = {"email": "Your email", "manager_email": "Your manager's email", "support_cc": "The support CC"}
_ADDRESS = re.compile(r"[^@\s,;<>()\[\]\\\"]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")


def check_profile_email(key: str, value: str, where: str = "profile") -> str:
    """``value`` if it is one plain email address (or empty); else a message naming the field."""
    if value and not _ADDRESS.fullmatch(value):
        raise ValidationError(
            f"{PROFILE_EMAILS[key]} {value[:80]!r} is not an email address: write it as name@example.com",
            where=f"{where}.{key}",
        )
    return value


def normalize_profile(raw: Mapping[str, Any] | None, where: str = "profile") -> dict[str, str]:
    if raw is not None and not isinstance(raw, Mapping):
        raise ValidationError("expected an object", where=where)
    merged = dict(PROFILE_DEFAULTS)
    for key, value in (raw or {}).items():
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError("expected text", where=f"{where}.{key}")
        merged[key] = value.strip()
    for key in PROFILE_EMAILS:
        check_profile_email(key, merged.get(key, ""), where)
    return merged
