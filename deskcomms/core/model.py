"""Cases, contacts and events as plain dataclasses: what the store loads and the engine reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .timefmt import parse_date, parse_instant


@dataclass
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""
    timezone: str = ""
    preferred_channel: str = "email"
    premier: bool = False
    do_not_contact: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Tam:
    name: str = ""
    email: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Event:
    """One thing that happened on a case. ``fields`` hold canonical JSON values (ISO text for instants)."""

    at: datetime
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    def instant(self, name: str) -> datetime | None:
        value = self.fields.get(name)
        if not isinstance(value, str) or len(value) <= 10:
            return None
        return parse_instant(value, name)

    def day(self, name: str) -> date | None:
        """A date field, or the local date of an instant field."""
        value = self.fields.get(name)
        if not isinstance(value, str):
            return None
        if len(value) == 10:
            return parse_date(value, name)
        return parse_instant(value, name).date()

    def integer(self, name: str) -> int | None:
        value = self.fields.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def forced(self) -> bool:
        return bool(self.fields.get("forced"))


@dataclass
class Case:
    number: str
    title: str = ""
    technology: str = ""
    playbook: str = "css"
    opened_at: datetime | None = None
    customer: Contact = field(default_factory=Contact)
    tam: Tam | None = None
    events: list[Event] = field(default_factory=list)
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    def sorted_events(self) -> list[Event]:
        """Events in the order they happened (ties keep the order they were recorded in)."""
        return sorted(self.events, key=lambda e: (e.at, e.id or 0))

    @property
    def is_closed(self) -> bool:
        state = False
        for event in self.sorted_events():
            if event.kind == "closed":
                state = True
            elif event.kind == "reopened":
                state = False
        return state
