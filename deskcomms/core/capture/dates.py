"""Dates written by Outlook on the ``Sent:`` line of a copied message, in the languages the app reads.

"Tuesday, December 1, 2026 3:04 PM", "Dienstag, 1. Dezember 2026 15:04", "mardi 1 décembre 2026 15:04",
"martes, 1 de diciembre de 2026 15:04", "dinsdag 1 december 2026 15:04", "martedì 1 dicembre 2026 15:04",
"terça-feira, 1 de dezembro de 2026 15:04", "Tue 12/1/2026 3:04 PM", or a time alone for today's mail.
dateutil does the parsing; the month and weekday names come from the language files (CLDR). The return
dates of out-of-office replies are read in ``return_dates``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, ClassVar

from dateutil import parser as du_parser

from .languages import fold, languages

# Words that sit between the parts of a date in these languages ("1 de diciembre de 2026", "le 7",
# "um 15:04", "à 15 h 04", "om 15:04", "às 15:04", "alle 15:04") and mean nothing to the date itself.
_FILLER = {"de", "del", "le", "am", "um", "à", "a", "at", "the", "of", "el", "h", "uhr", "o"}
_FILLER |= {"om", "às", "as", "alle", "ore"}
_N = range(1, 13)  # the month numbers
_EN_WEEKDAY_SHORT = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
# Ahead of the clock by more than this, a time alone is yesterday's (mail is never from the future).
CLOCK_SLACK = timedelta(minutes=5)


@lru_cache(maxsize=1)
def _names() -> tuple[Any, set[str]]:
    months: dict[int, set[str]] = {n: set() for n in _N}
    weekday_words: set[str] = set(_EN_WEEKDAY_SHORT)
    for lang in languages():
        for name, number in lang.months.items():
            months[number].add(name)
        weekday_words |= set(lang.weekdays)
    weekday_words -= {name for names in months.values() for name in names}

    class _Info(du_parser.parserinfo):  # type: ignore[misc]
        """dateutil's parser, told the month names of every language (weekdays are dropped first)."""

        MONTHS: ClassVar[list[tuple[str, ...]]] = [tuple(sorted(months[n], key=len, reverse=True)) for n in _N]
        JUMP: ClassVar[list[str]] = [*du_parser.parserinfo.JUMP, *sorted(_FILLER)]

    return _Info, weekday_words


def parse_sent_line(value: str, *, day_first: bool) -> datetime | None:
    """The wall time of an Outlook ``Sent:`` value (naive: Outlook writes the reader's local time)."""
    info, weekday_words = _names()
    text = re.sub(r"\b1(?:er|ère|º|°)(?!\w)", "1", fold(value))
    text = re.sub(r"(\d{1,2})\s*h\s*(\d{2})", r"\1:\2", text)  # "15 h 04" (French)
    words = [w for w in re.split(r"[\s,]+", text) if w and w.strip(".") not in weekday_words]
    words = [w for w in words if w.strip(".") not in _FILLER]
    cleaned = " ".join(w.rstrip(".") if not re.fullmatch(r"\d{1,2}\.", w) else w[:-1] for w in words)
    try:
        parsed: datetime = du_parser.parse(cleaned, parserinfo=info(dayfirst=day_first))
    except (ValueError, OverflowError):
        return None
    written = re.search(r"\b(\d{4})\b", cleaned)
    if written and int(written.group(1)) != parsed.year:  # "0001" read as 2001: not a date we can trust
        return None
    return parsed


@dataclass
class SentTime:
    """What a ``Sent:`` line says: the wall time (naive, the reader's zone), and anything unsure about it."""

    wall: datetime | None
    notes: list[str] = field(default_factory=list)


_TIME_ONLY = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})(?::\d{2})?\s*([ap])?\.?\s*m?\.?\s*$", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")


def read_sent_line(value: str, language: str, now: datetime) -> SentTime:
    """The ``Sent:`` line read as a person would: ``now`` is the capture's moment in the reader's zone.

    A time alone is today's, or yesterday's when today's would be ahead of the clock. Numbers that read
    both day-first and month-first follow the language of the header words; English ones (US and UK
    Outlook both say "Sent:") take the reading that is not in the future, and say so when both could be.
    """
    local_now = now.replace(tzinfo=None)
    only = _TIME_ONLY.match(value)
    if only:
        hour, minute, half = int(only.group(1)), int(only.group(2)), (only.group(3) or "").lower()
        if half:
            hour = hour % 12 + (12 if half == "p" else 0)
        if hour > 23 or minute > 59:
            return SentTime(None)
        wall = datetime.combine(local_now.date(), datetime.min.time()).replace(hour=hour, minute=minute)
        if wall > local_now + CLOCK_SLACK:
            wall -= timedelta(days=1)
            return SentTime(wall, [f"the Sent: line gives only a time ({value.strip()}): read as yesterday's"])
        return SentTime(wall, [f"the Sent: line gives only a time ({value.strip()}): read as today's"])
    numeric = _NUMERIC.search(value)
    if numeric and language in ("", "en"):
        a, b = int(numeric.group(1)), int(numeric.group(3))
        if a <= 12 and b <= 12 and a != b:
            month_first = parse_sent_line(value, day_first=False)
            day_first = parse_sent_line(value, day_first=True)
            if month_first is None or day_first is None:
                return SentTime(month_first or day_first)
            past = [w for w in (month_first, day_first) if w <= local_now + CLOCK_SLACK]
            chosen = past[0] if len(past) == 1 else month_first
            other = day_first if chosen is month_first else month_first
            note = (
                f"the Sent: date {numeric.group(0)} could be {chosen:%d %B %Y} or {other:%d %B %Y}: "
                f"read as {chosen:%d %B %Y}" + (" (the other is in the future)" if len(past) == 1 else "; check it")
            )
            return SentTime(chosen, [note])
    return SentTime(parse_sent_line(value, day_first=language not in ("", "en")))


# Return dates in out-of-office replies live in return_dates; re-exported for the callers of old.
from .return_dates import ReturnReading, read_return, return_date  # noqa: E402

__all__ = ["ReturnReading", "SentTime", "parse_sent_line", "read_return", "read_sent_line", "return_date"]
