"""Due actions as an iCalendar file Outlook's calendar imports (RFC 5545): one VEVENT per due action
(Outlook ignores VTODO), a UID stable per case and action, the case number in SUMMARY, DTSTART at the
due instant, and a VALARM that reminds before it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

PRODID = "-//deskcomms//due actions//EN"


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


def calendar_file(
    rows: Iterable[Mapping[str, Any]], now: datetime, alarm_minutes: int = 15, duration_minutes: int = 15
) -> str:
    """``rows``: the due rows of ``deskcomms due`` (case, action, title, due as datetime, why)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:deskcomms follow-ups",
    ]
    for row in rows:
        due = row["due"]
        if not isinstance(due, datetime):
            continue
        summary = _text(f"[{row['case']}] {row['title']}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_text(str(row['case']))}-{_text(str(row['action']))}@deskcomms",
            f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(due)}",
            f"DTEND:{_utc(due + timedelta(minutes=duration_minutes))}",
            f"SUMMARY:{summary}",
            f"DESCRIPTION:{_text(str(row.get('why', '')))}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{summary}",
            f"TRIGGER:-PT{alarm_minutes}M",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
