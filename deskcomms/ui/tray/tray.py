"""The tray icon: the count of actions due now drawn on it, and a menu with the next five due actions
(a click opens that case), Open deskcomms, Snooze all for 1 hour, Pause reminders until tomorrow, Quit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ..case_list.case_model import due_text
from ..common.app_icon import app_icon

__all__ = ["Tray", "app_icon", "badge_icon", "due_icon"]


def due_icon() -> QIcon:
    """The app icon without its green check: the base under the red count badge (a check under a
    "3 due" badge would say two things at once)."""
    from ...paths import resources_dir

    svg = resources_dir() / "icons" / "deskcomms-due.svg"
    return QIcon(str(svg)) if svg.exists() else QIcon()


def badge_icon(base: QIcon, count: int, due_base: QIcon | None = None) -> QIcon:
    """All clear: the app icon (its green check). Something due: the icon without the check, with the
    number of due actions in a red badge."""
    if count > 0 and due_base is not None and not due_base.isNull():
        base = due_base
    pixmap = base.pixmap(64, 64) if not base.isNull() else QPixmap(64, 64)
    if base.isNull():
        pixmap.fill(QColor("#1565c0"))
    if count <= 0:
        return QIcon(pixmap)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#c62828"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRect(28, 0, 36, 36))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(22 if count < 10 else 17)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRect(28, 0, 36, 36), Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+")
    painter.end()
    return QIcon(pixmap)


class Tray:
    def __init__(
        self,
        open_case: Callable[[str], None],
        show_window: Callable[[], None],
        snooze_all: Callable[[], None],
        pause_until_tomorrow: Callable[[], None],
        quit_app: Callable[[], None],
    ) -> None:
        self.icon = QSystemTrayIcon()
        self.base = app_icon()
        self.due_base = due_icon()
        self.icon.setIcon(badge_icon(self.base, 0))
        self.icon.setToolTip("deskcomms")
        self.menu = QMenu()
        self._open_case = open_case
        self._fixed = [
            ("Open deskcomms", show_window),
            ("Snooze all for 1 hour", snooze_all),
            ("Pause reminders until tomorrow", pause_until_tomorrow),
            ("Quit", quit_app),
        ]
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(
            lambda reason: show_window() if reason == QSystemTrayIcon.ActivationReason.Trigger else None
        )
        self.update([], None)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()

    def close(self) -> None:
        """Hide and release the icon and its menu now (Qt objects left to the interpreter's exit crash)."""
        self.icon.hide()
        self.icon.setContextMenu(None)
        self.icon.deleteLater()
        self.menu.deleteLater()

    def update(self, due: list[dict[str, Any]], now: Any, count: int | None = None) -> None:
        """Redraw the count and rebuild the menu from the due rows (soonest first). ``count`` is the
        window's Overdue count at the same ``now`` when the list is loaded (one number everywhere)."""
        if count is None:
            count = sum(1 for row in due if now is not None and row["due"] <= now)
        self.icon.setIcon(badge_icon(self.base, count, self.due_base))
        self.icon.setToolTip(f"deskcomms: {count} follow-up(s) due now" if count else "deskcomms: nothing due now")
        self.menu.clear()
        for row in due[:5]:
            when = due_text(row["due"] - now) if now is not None else ""
            action = QAction(f"{row['case']}: {row['title']} ({when})", self.menu)
            action.setObjectName(f"tray_case_{row['case']}")
            action.triggered.connect(lambda _=False, c=row["case"]: self._open_case(c))
            self.menu.addAction(action)
        if not due:
            empty = QAction("Nothing due", self.menu)
            empty.setEnabled(False)
            self.menu.addAction(empty)
        self.menu.addSeparator()
        for text, slot in self._fixed:
            action = QAction(text, self.menu)
            action.triggered.connect(lambda _=False, s=slot: s())
            self.menu.addAction(action)
