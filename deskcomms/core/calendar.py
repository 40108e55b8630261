"""Business time: the engineer's working calendar and the arithmetic every due date is built on.

Implements playbook rules §1 exactly:

- a *business day* is a workday that is neither a public holiday (``holidays`` package, country and
  optional subdivision) nor a personal day off;
- *business time* is a business day between the opening and the closing time, both included: a due
  instant exactly at closing is inside working hours ("a result exactly at closing stays at closing");
- *moving into business time*: on a business day before opening → that day's opening; after closing or
  on a non-business day → the next opening;
- ``t + N business days``: move ``t`` into business time, then the N-th business day after that date at
  the same local wall time;
- ``t + H business hours``: move ``t`` into business time, then consume H hours of working time;
- all arithmetic is on local dates and wall times in the calendar's zone (DST-safe): a wall time that
  does not exist moves forward by the gap, an ambiguous one takes the earlier reading. Nothing depends on
  the machine's own time zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from .settings import DEFAULTS, normalize_settings
from .timefmt import parse_wall_time, short_day

# A calendar with workdays always has a business day within a year or so; this bound only stops a
# pathological calendar (every day a day off) from looping for ever.
_MAX_DAYS_SEARCHED = 3 * 366

WEEKEND = "weekend"
DAY_OFF = "day off"
NOT_A_WORKDAY = "not a workday"


@lru_cache(maxsize=32)
def holiday_table(country: str, subdiv: str | None) -> Any:
    """The ``holidays`` table of a country and subdivision, built once per process (it grows by year)."""
    import holidays  # imported here: only commands that compute business time pay for it

    return holidays.country_holidays(country, subdiv=subdiv)


class HolidayNames(Protocol):
    """What the calendar asks of a holiday table: the name of a day's holiday, or None."""

    def get(self, day: date, /) -> Any: ...


@dataclass(frozen=True)
class Skip:
    """A day that business-time arithmetic passed over, and why."""

    day: date
    reason: str  # "weekend", "day off", "not a workday" or the holiday's name

    @property
    def is_weekend(self) -> bool:
        return self.reason in (WEEKEND, NOT_A_WORKDAY)


class BusinessCalendar:
    """The engineer's business calendar. Immutable; cheap to query (per-day results are cached)."""

    def __init__(
        self,
        timezone: str = "America/New_York",
        workdays: Iterable[int] = (1, 2, 3, 4, 5),
        work_start: time = time(8, 0),
        work_end: time = time(17, 0),
        holiday_country: str | None = "US",
        holiday_subdiv: str | None = None,
        days_off: Iterable[date] = (),
        holiday_names: HolidayNames | None = None,
    ) -> None:
        if work_start >= work_end:
            raise ValueError("work_end must be after work_start")
        self.zone = ZoneInfo(timezone)
        self.timezone = timezone
        self.workdays = frozenset(workdays)
        if not self.workdays or not self.workdays <= set(range(1, 8)):
            raise ValueError("workdays must be ISO weekday numbers 1..7")
        self.work_start = work_start
        self.work_end = work_end
        self.holiday_country = holiday_country
        self.holiday_subdiv = holiday_subdiv
        # The region's holiday names: given (a table kept from an earlier run, see desk/holidays.py), or
        # the ``holidays`` library's table, built on the first question.
        self._holiday_names = holiday_names
        self.days_off = frozenset(days_off)
        self._reasons: dict[date, str | None] = {}
        # Per-day and per-wall-time answers, kept for the calendar's life (thousands of cases ask about
        # the same few hundred days and openings): a recompute of 100,000 statuses repeats them millions of times.
        self._next_day: dict[date, date] = {}
        self._localized: dict[datetime, datetime] = {}
        self._added: dict[tuple[Any, ...], datetime] = {}
        # Answers of pure functions of this calendar kept by its users (the engine's explained counts,
        # see engine/timing.py), keyed as they choose; bounded like the caches above.
        self.memo: dict[Any, Any] = {}

    @classmethod
    def from_settings(
        cls,
        settings: Mapping[str, Any] | None = None,
        *,
        trusted: bool = False,
        holiday_names: HolidayNames | None = None,
    ) -> BusinessCalendar:
        """Build from the interchange ``settings`` object (see the interchange format); missing keys take the defaults.

        ``trusted``: the settings were validated when they were stored, so the holiday region is not
        looked up again (that would import the whole ``holidays`` package at start-up).
        """
        s = {**DEFAULTS, **(settings or {})} if trusted else normalize_settings(settings)
        return cls(
            timezone=s["timezone"],
            workdays=s["workdays"],
            work_start=parse_wall_time(s["work_start"], "settings.work_start"),
            work_end=parse_wall_time(s["work_end"], "settings.work_end"),
            holiday_country=s["holiday_country"],
            holiday_subdiv=s["holiday_subdiv"],
            days_off=[date.fromisoformat(d) for d in s["days_off"]],
            holiday_names=holiday_names,
        )

    # ----- days -------------------------------------------------------------------------------------

    def non_business_reason(self, day: date) -> str | None:
        """Why ``day`` is not a business day (weekend, the holiday's name, day off), or None if it is one."""
        try:
            return self._reasons[day]
        except KeyError:
            pass
        reason: str | None = None
        if day.isoweekday() not in self.workdays:
            reason = WEEKEND if day.isoweekday() >= 6 else NOT_A_WORKDAY
        elif self.holiday_country:
            if self._holiday_names is None:
                self._holiday_names = holiday_table(self.holiday_country, self.holiday_subdiv)
            name = self._holiday_names.get(day)
            if name:
                reason = str(name)
        if reason is None and day in self.days_off:
            reason = DAY_OFF
        self._reasons[day] = reason
        return reason

    def is_business_day(self, day: date) -> bool:
        return self.non_business_reason(day) is None

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        try:
            return self._next_day[day]
        except KeyError:
            pass
        start = day
        for _ in range(_MAX_DAYS_SEARCHED):
            day += timedelta(days=1)
            if self.is_business_day(day):
                self._next_day[start] = day
                return day
        raise ValueError("the calendar has no business day within three years")

    def previous_business_day(self, day: date) -> date:
        """The last business day strictly before ``day``."""
        for _ in range(_MAX_DAYS_SEARCHED):
            day -= timedelta(days=1)
            if self.is_business_day(day):
                return day
        raise ValueError("the calendar has no business day within three years")

    def skipped_between(self, start: date, end: date) -> list[Skip]:
        """The non-business days strictly between two dates, in order."""
        skips = []
        day = start + timedelta(days=1)
        while day < end:
            reason = self.non_business_reason(day)
            if reason is not None:
                skips.append(Skip(day, reason))
            day += timedelta(days=1)
        return skips

    # ----- instants ---------------------------------------------------------------------------------

    def localize(self, wall: datetime) -> datetime:
        """A naive local wall time as an aware instant in the calendar's zone, DST-safe.

        ``fold=0`` takes the earlier reading of an ambiguous time; a time in a spring-forward gap,
        read with the offset before the gap, comes back from UTC moved forward by the gap.
        """
        if wall.tzinfo is not None:  # aware: equal instants in other zones are different walls, not cached
            return wall.replace(tzinfo=self.zone, fold=0).astimezone(UTC).astimezone(self.zone)
        try:
            return self._localized[wall]
        except KeyError:
            pass
        aware = wall.replace(tzinfo=self.zone, fold=0)
        result = aware.astimezone(UTC).astimezone(self.zone)
        if len(self._localized) > 100_000:  # wall times of events are many: keep the memory bounded
            self._localized.clear()
        self._localized[wall] = result
        return result

    def local(self, instant: datetime) -> datetime:
        if instant.tzinfo is None:
            raise ValueError("business-time arithmetic needs an aware datetime (with a time zone)")
        return instant.astimezone(self.zone)

    def opening(self, day: date) -> datetime:
        """The opening of ``day``, or of the next business day if ``day`` is not one.

        This is what a date without a time means (playbook rules §1: "customer will be back on the 4th").
        """
        if not self.is_business_day(day):
            day = self.next_business_day(day)
        return self.localize(datetime.combine(day, self.work_start))

    def closing(self, day: date) -> datetime:
        return self.localize(datetime.combine(day, self.work_end))

    def is_business_time(self, instant: datetime) -> bool:
        local = self.local(instant)
        wall = local.time()
        return self.is_business_day(local.date()) and self.work_start <= wall <= self.work_end

    def to_business_time(self, instant: datetime) -> datetime:
        """``instant`` if it is in business time, else the next opening (playbook rules §1)."""
        local = self.local(instant)
        day, wall = local.date(), local.time()
        if self.is_business_day(day):
            if wall < self.work_start:
                return self.localize(datetime.combine(day, self.work_start))
            if wall <= self.work_end:
                return local
        return self.localize(datetime.combine(self.next_business_day(day), self.work_start))

    def to_business_time_backward(self, instant: datetime) -> datetime:
        """``instant`` if it is in business time, else the previous closing."""
        local = self.local(instant)
        day, wall = local.date(), local.time()
        if self.is_business_day(day):
            if wall > self.work_end:
                return self.closing(day)
            if wall >= self.work_start:
                return local
        return self.closing(self.previous_business_day(day))

    def add_business_days(self, instant: datetime, days: int) -> datetime:
        """Move into business time, then the ``days``-th business day after at the same wall time."""
        # Keyed by the instant and its offset: an ambiguous wall time (fold) compares equal to the other
        # reading of it but is another instant. Cases share their opening hours and counts by the thousand.
        return self._counted((instant, instant.utcoffset(), days, "d"), lambda: self._add_business_days(instant, days))

    def _counted(self, key: Any, count: Any) -> datetime:
        """The remembered answer of a business-time count, or ``count()`` remembered."""
        try:
            return self._added[key]
        except KeyError:
            pass
        result: datetime = count()
        self.remember(self._added, key, result)
        return result

    @staticmethod
    def remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
        """Keep an answer in a cache that stays bounded (it is emptied when full)."""
        if len(cache) > 200_000:
            cache.clear()
        cache[key] = value

    def _add_business_days(self, instant: datetime, days: int) -> datetime:
        if days < 0:
            raise ValueError("add_business_days takes a count of zero or more")
        start = self.to_business_time(instant)
        day = start.date()
        for _ in range(days):
            day = self.next_business_day(day)
        result = self.localize(datetime.combine(day, start.time()))
        # A wall time swallowed by a DST gap can only push the result later; keep it in business time.
        return result if self.is_business_time(result) else self.to_business_time(result)

    def add_business_hours(self, instant: datetime, hours: float | timedelta) -> datetime:
        """Move into business time, then consume ``hours`` of working time across business days.

        A result exactly at closing stays at closing. Negative hours count backwards (used for "one
        business hour before the meeting").
        """
        key = (instant, instant.utcoffset(), hours, "h")  # see add_business_days
        return self._counted(key, lambda: self._add_business_hours(instant, hours))

    def _add_business_hours(self, instant: datetime, hours: float | timedelta) -> datetime:
        remaining = hours if isinstance(hours, timedelta) else timedelta(hours=hours)
        if remaining < timedelta(0):
            return self._subtract_business_time(instant, -remaining)
        current = self.to_business_time(instant)
        day = current.date()
        wall = datetime.combine(day, current.time())
        for _ in range(_MAX_DAYS_SEARCHED * 10):
            available = datetime.combine(day, self.work_end) - wall
            if remaining <= available:
                return self.localize(wall + remaining)
            remaining -= available
            day = self.next_business_day(day)
            wall = datetime.combine(day, self.work_start)
        raise ValueError("too many business hours to add")

    def _subtract_business_time(self, instant: datetime, amount: timedelta) -> datetime:
        current = self.to_business_time_backward(instant)
        day = current.date()
        wall = datetime.combine(day, current.time())
        for _ in range(_MAX_DAYS_SEARCHED * 10):
            available = wall - datetime.combine(day, self.work_start)
            if amount <= available:
                return self.localize(wall - amount)
            amount -= available
            day = self.previous_business_day(day)
            wall = datetime.combine(day, self.work_end)
        raise ValueError("too many business hours to subtract")

    # ----- explanations -----------------------------------------------------------------------------

    def describe_skips(self, skips: list[Skip]) -> str:
        """``weekend, Mon 19 Jan Martin Luther King Jr. Day skipped`` (empty when nothing was skipped)."""
        if not skips:
            return ""
        parts: list[str] = []
        weekend_days = [s for s in skips if s.is_weekend]
        if weekend_days:
            weekends = len({s.day.isocalendar()[:2] for s in weekend_days})
            parts.append("weekend" if weekends == 1 else f"{weekends} weekends")
        parts += [f"{short_day(s.day)} {s.reason}" for s in skips if not s.is_weekend]
        return ", ".join(parts) + " skipped"

    def explain_move(self, instant: datetime) -> str:
        """Why an instant was moved into business time, or "" if it was already inside."""
        moved = self.to_business_time(instant)
        if moved == instant:
            return ""
        local = self.local(instant)
        reason = self.non_business_reason(local.date())
        if reason is None:
            wall = local.time()
            reason = "before opening" if wall < self.work_start else "after closing"
        return f"{local:%a %H:%M} is outside business time ({reason}), moved to {moved:%a %H:%M}"

    def explain_shift(self, instant: datetime, result: datetime) -> str:
        """What was skipped between ``instant`` (moved into business time) and ``result``."""
        start = self.to_business_time(instant)
        skips = self.skipped_between(start.date(), self.local(result).date())
        notes = [self.explain_move(instant), self.describe_skips(skips)]
        return "; ".join(note for note in notes if note)
