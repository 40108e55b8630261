"""How reminders reach the engineer: behind a small interface, so tests use a fake that records.

The tray notifier uses the system tray's messages (which need a visible tray icon, design.md); where
there is no tray or notification service, the banner notifier shows the reminder inside the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("deskcomms.reminders")


class Notifier(Protocol):
    def notify(self, title: str, message: str, case: str | None) -> None: ...


class TrayNotifier(QObject):
    """Notifications as tray messages; a click on the message opens the case it is about."""

    clicked = Signal(str)

    def __init__(self, tray: Any) -> None:
        super().__init__()
        self.tray = tray
        self._last_case: str | None = None
        tray.messageClicked.connect(lambda: self.clicked.emit(self._last_case) if self._last_case else None)

    def notify(self, title: str, message: str, case: str | None) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon

        self._last_case = case
        self.tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 15_000)


class BannerNotifier:
    """No tray: the reminder appears as a banner at the top of the window."""

    def __init__(self, show_banner: Callable[[str, str, str | None], None]) -> None:
        self._show = show_banner

    def notify(self, title: str, message: str, case: str | None) -> None:
        self._show(title, message, case)


class RecordingNotifier:
    """For tests: remembers what it was asked to show."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str | None]] = []

    def notify(self, title: str, message: str, case: str | None) -> None:
        self.shown.append((title, message, case))
