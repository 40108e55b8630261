"""Due actions as an iCalendar file Outlook's calendar imports (RFC 5545), kept up to date across exports.

One VEVENT per due action (Outlook ignores VTODO): the case number in SUMMARY, DTSTART at the due instant,
a VALARM that reminds before it. Each case's follow-up has a stable UID (case and action), and a calendar
replaces an entry it already holds only when the new one has a higher SEQUENCE (RFC 5545 3.8.7.4). So the
exports remember what they wrote (:class:`CalendarEntry`, kept by the store): an entry whose time, title or
explanation changed goes out again with SEQUENCE + 1; one whose follow-up was done, or whose case closed,
goes out once more as STATUS:CANCELLED with SEQUENCE + 1, so the reminder leaves Outlook too. SEQUENCE never
goes down: it lives in the memory, not in any one file, whichever file the export is written to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

PRODID = "-//deskcomms//due actions//EN"
# A cancellation is repeated in every export for this long (an export imported a week late still removes
# the entry), then left out of the file; its SEQUENCE stays remembered for a year in case it comes back.
CANCELLED_SHOWN = timedelta(days=30)
FORGOTTEN_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class CalendarEntry:
    """What the last export said about one follow-up, and when it was cancelled (None while it is due)."""

    uid: str
    sequence: int
    start: datetime
    summary: str
    description: str
    changed: datetime
    cancelled: datetime | None = None

    def says_the_same(self, other: CalendarEntry) -> bool:
        return (self.start, self.summary, self.description) == (other.start, other.summary, other.description)


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def uid_of(case: str, action: str) -> str:
    return f"{case}-{action}@deskcomms"


def plan(rows: Iterable[Mapping[str, Any]], remembered: Iterable[CalendarEntry], now: datetime) -> list[CalendarEntry]:
    """The memory after exporting ``rows`` (the due rows of ``deskcomms due``: case, action, title, due as
    datetime, why) over ``remembered`` (the memory before): every entry the next file holds, the cancelled
    ones included, and the cancelled ones still remembered for their SEQUENCE."""
    before = {entry.uid: entry for entry in remembered}
    after: dict[str, CalendarEntry] = {}
    for row in rows:
        due = row["due"]
        if not isinstance(due, datetime):
            continue
        fresh = CalendarEntry(
            uid=uid_of(str(row["case"]), str(row["action"])),
            sequence=0,
            start=due,
            summary=f"[{row['case']}] {row['title']}",
            description=str(row.get("why", "")),
            changed=now,
        )
        old = before.get(fresh.uid)
        if old is None:
            after[fresh.uid] = fresh
        elif old.cancelled is None and old.says_the_same(fresh):
            after[fresh.uid] = old  # unchanged: the same SEQUENCE, nothing for the calendar to do
        else:  # moved, renamed, or due again after a cancellation
            after[fresh.uid] = replace(fresh, sequence=old.sequence + 1)
    for uid, old in before.items():
        if uid in after:
            continue
        if old.cancelled is None:  # done, or the case closed: the calendar must drop it
            after[uid] = replace(old, sequence=old.sequence + 1, changed=now, cancelled=now)
        elif now - old.cancelled < FORGOTTEN_AFTER:
            after[uid] = old
    return sorted(after.values(), key=lambda e: (e.cancelled is not None, e.start, e.uid))


def calendar_text(
    entries: Iterable[CalendarEntry], now: datetime, alarm_minutes: int = 15, duration_minutes: int = 15
) -> str:
    """The file: every due entry, and the cancellations of the last :data:`CANCELLED_SHOWN`."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:deskcomms follow-ups",
    ]
    for entry in entries:
        if entry.cancelled is not None and now - entry.cancelled >= CANCELLED_SHOWN:
            continue
        summary = _text(entry.summary)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_text(entry.uid)}",
            f"SEQUENCE:{entry.sequence}",
            f"DTSTAMP:{_utc(now)}",
            f"LAST-MODIFIED:{_utc(entry.changed)}",
            f"DTSTART:{_utc(entry.start)}",
            f"DTEND:{_utc(entry.start + timedelta(minutes=duration_minutes))}",
            f"SUMMARY:{summary}",
            f"DESCRIPTION:{_text(entry.description)}",
            "TRANSP:TRANSPARENT",
        ]
        if entry.cancelled is not None:
            lines.append("STATUS:CANCELLED")  # no alarm: nothing to remind of
        else:
            lines += [
                "STATUS:CONFIRMED",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{summary}",
                f"TRIGGER:-PT{alarm_minutes}M",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def calendar_file(
    rows: Iterable[Mapping[str, Any]], now: datetime, alarm_minutes: int = 15, duration_minutes: int = 15
) -> str:
    """A first export, with no memory of earlier ones (every SEQUENCE 0, nothing cancelled)."""
    return calendar_text(plan(rows, [], now), now, alarm_minutes, duration_minutes)
