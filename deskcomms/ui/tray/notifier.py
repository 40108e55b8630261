"""How reminders reach the engineer: behind a small interface, so tests use a fake that records.

The tray notifier uses the system tray's messages (which need a visible tray icon); where
there is no tray or notification service, the banner notifier shows the reminder inside the window.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("deskcomms.reminders")


class Notifier(Protocol):
    def notify(self, title: str, message: str, case: str | None, cases: tuple[str, ...] = ()) -> None: ...


CustomerOf = Callable[[str], str]  # case number → the customer's name ("" when unknown)
_CASE_LINE = re.compile(r"^Case (\S+)$")
_LIST_LINE = re.compile(r"^(\S+): ")


def name_customers(message: str, customer_of: CustomerOf | None) -> str:
    """Add the customer's name after each case number ("Case 1001 · Contoso Ltd — Alex Doe"), so the engineer
    knows whom the reminder is about without opening it. Only names: never the case's emails or notes."""
    if customer_of is None:
        return message
    lines = []
    for line in message.split("\n"):
        single = _CASE_LINE.match(line)
        listed = _LIST_LINE.match(line)
        number = single[1] if single else (listed[1] if listed else None)
        name = customer_of(number) if number else ""
        if name and single:
            line = f"Case {number} · {name}"
        elif name and listed:
            line = f"{number} ({name}): {line[listed.end() :]}"
        lines.append(line)
    return "\n".join(lines)


class TrayNotifier(QObject):
    """Notifications as tray messages; a click on the message opens the case it is about, and on a
    summary or the morning digest, the list filtered to the cases it names."""

    clicked = Signal(str)
    clicked_many = Signal(list)

    def __init__(self, tray: Any, customer_of: CustomerOf | None = None) -> None:
        super().__init__()
        self.tray = tray
        self.customer_of = customer_of
        self._last_case: str | None = None
        self._last_cases: tuple[str, ...] = ()
        tray.messageClicked.connect(self._clicked)

    def _clicked(self) -> None:
        if self._last_case:
            self.clicked.emit(self._last_case)
        elif self._last_cases:
            self.clicked_many.emit(list(self._last_cases))

    def notify(self, title: str, message: str, case: str | None, cases: tuple[str, ...] = ()) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon

        self._last_case, self._last_cases = case, tuple(cases)
        self.tray.showMessage(
            title, name_customers(message, self.customer_of), QSystemTrayIcon.MessageIcon.Information, 15_000
        )


class BannerNotifier:
    """No tray: the reminder appears as a banner at the top of the window."""

    def __init__(self, show_banner: Callable[..., None], customer_of: CustomerOf | None = None) -> None:
        self._show = show_banner
        self.customer_of = customer_of

    def notify(self, title: str, message: str, case: str | None, cases: tuple[str, ...] = ()) -> None:
        self._show(title, name_customers(message, self.customer_of), case, tuple(cases))


class RecordingNotifier:
    """For tests: remembers what it was asked to show."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str | None]] = []

    def notify(self, title: str, message: str, case: str | None, cases: tuple[str, ...] = ()) -> None:
        self.shown.append((title, message, case))
        self.cases = tuple(cases)
