"""The public holidays of the engineer's region, kept in the database for the years around today.

Building the ``holidays`` library's table means importing every country it knows (about 0.2 s) and
computing the year (about 0.1 s): paid by every command that touches business time (``capture``, ``due``,
``log``), for an answer that changes once a year or when the library is upgraded. The names of the days
off in the years around today are kept in the database (``app_state``), under a key naming the region,
the years and the library's version; any other year still asks the library itself.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from ..core.calendar import holiday_table

log = logging.getLogger(__name__)

YEARS_AROUND = 3  # kept: this year, the three before (old cases' histories) and the three after
PREFIX = "holidays/"


class KeptHolidays:
    """Holiday names for the years kept; the library's own table for any other year."""

    def __init__(self, names: dict[date, str], first: int, last: int, country: str, subdiv: str | None) -> None:
        self.names, self.first, self.last = names, first, last
        self.country, self.subdiv = country, subdiv

    def get(self, day: date, /) -> Any:
        if self.first <= day.year <= self.last:
            return self.names.get(day)
        return holiday_table(self.country, self.subdiv).get(day)


def library_version() -> str | None:
    """Which ``holidays`` library answers (its version, or its package file's size and time when the
    version cannot be told); None when unknown: then nothing is kept."""
    from ..installed import library_version as installed

    version = installed("holidays")
    if version is not None:
        return version
    try:
        spec = find_spec("holidays")
        stat = Path(spec.origin).stat() if spec is not None and spec.origin else None
    except (ImportError, ValueError, OSError):
        return None
    return f"{stat.st_size}-{stat.st_mtime_ns}" if stat is not None else None


def kept_holidays(store: Any, settings: dict[str, Any], year: int) -> KeptHolidays | None:
    """The region's holidays around ``year``, from the database, or computed and kept there now.

    None (the calendar asks the library itself) when there is no region or the library's version is
    unknown. Keeping is best effort: a database that cannot be written is not an error here."""
    country, subdiv = settings.get("holiday_country"), settings.get("holiday_subdiv") or None
    version = library_version()
    if not country or version is None:
        return None
    first, last = year - YEARS_AROUND, year + YEARS_AROUND
    key = f"{PREFIX}{version}/{country}/{subdiv or ''}/{first}-{last}"
    try:
        raw = store.state(key)
    except sqlite3.Error:
        raw = None
    if raw is not None:
        try:
            names = {date.fromisoformat(day): str(name) for day, name in json.loads(raw).items()}
            return KeptHolidays(names, first, last, country, subdiv)
        except (ValueError, TypeError, AttributeError):
            log.warning("kept holidays unreadable; computed again")
    table = holiday_table(country, subdiv)
    names = {}
    for number in range(first, last + 1):
        for day in _days_of(number):
            name = table.get(day)
            if name:
                names[day] = str(name)
    try:
        kept = json.dumps({d.isoformat(): n for d, n in sorted(names.items())}, ensure_ascii=False)
        store.set_state(key, kept, replacing=PREFIX)  # another year's or version's table goes
    except sqlite3.Error as exc:
        log.info("holidays not kept (%s)", type(exc).__name__)
    return KeptHolidays(names, first, last, country, subdiv)


def _days_of(year: int) -> list[date]:
    start = date(year, 1, 1).toordinal()
    return [date.fromordinal(start + i) for i in range(date(year, 12, 31).toordinal() - start + 1)]
