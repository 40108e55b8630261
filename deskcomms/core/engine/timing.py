"""Due instants with their explanations, in the words of playbook rules §1: "strike 1 Fri 16 Jan 15:20 +
3 business days (weekend skipped)"."""

from __future__ import annotations

from datetime import datetime

from ..calendar import BusinessCalendar
from ..timefmt import parse_date, parse_instant, short_day, short_instant
from .status import Due


def _plural(n: float, word: str) -> str:
    return f"{n:g} {word}{'s' if n != 1 else ''}"


class Timer:
    """Counts business time in one calendar and says how it counted."""

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.cal = calendar

    def _anchor(self, label: str, anchor: datetime) -> str:
        local = self.cal.local(anchor)
        moved = self.cal.to_business_time(anchor)
        text = f"{label} {short_instant(local)}"
        if moved != local:
            text += f" (outside business time, counted from {short_instant(moved)})"
        return text

    def _skips(self, anchor: datetime, due: datetime) -> str:
        skips = self.cal.describe_skips(self.cal.skipped_between(self.cal.to_business_time(anchor).date(), due.date()))
        return f" ({skips})" if skips else ""

    def days(self, label: str, anchor: datetime, n: int) -> Due:
        # A pure function of the calendar: kept in its memo (keyed like add_business_days) for the next case.
        key = ("days", label, anchor, anchor.utcoffset(), n)
        try:
            found: Due = self.cal.memo[key]
            return found
        except KeyError:
            pass
        due = self.cal.add_business_days(anchor, n)
        result = Due(due, f"{self._anchor(label, anchor)} + {_plural(n, 'business day')}{self._skips(anchor, due)}")
        self.cal.remember(self.cal.memo, key, result)
        return result

    def hours(self, label: str, anchor: datetime, h: float) -> Due:
        key = ("hours", label, anchor, anchor.utcoffset(), h)  # see days
        try:
            found: Due = self.cal.memo[key]
            return found
        except KeyError:
            pass
        due = self.cal.add_business_hours(anchor, h)
        sign = "−" if h < 0 else "+"
        basis = f"{self._anchor(label, anchor)} {sign} {_plural(abs(h), 'business hour')}"
        result = Due(due, basis + self._skips(anchor, due))
        self.cal.remember(self.cal.memo, key, result)
        return result

    def at(self, label: str, instant: datetime) -> Due:
        """A moment someone named (a meeting, a resume date), moved into business time if outside it."""
        due = self.cal.to_business_time(instant)
        basis = f"{label} {short_instant(self.cal.local(instant))}"
        if due != self.cal.local(instant):
            basis += f", moved into business time ({self.cal.explain_move(instant)})"
        return Due(due, basis)

    def promise(self, label: str, instant: datetime) -> Due:
        """A time we promised the customer (an ETA): a fixed instant that no setting moves (playbook rules §2)."""
        local = self.cal.local(instant)
        return Due(local, f"{label} {short_instant(local)}")

    def on_date_or_instant(self, label: str, value: str) -> Due:
        if len(value) == 10:
            day = parse_date(value, label)
            due = self.cal.opening(day)
            moved = "" if due.date() == day else f", the next business day ({self.cal.non_business_reason(day)})"
            return Due(due, f"{label} {short_day(day)}: that day's opening{moved}")
        return self.at(label, parse_instant(value, label))

    def later(self, *dues: Due) -> Due:
        return max(dues, key=lambda d: d.at)
