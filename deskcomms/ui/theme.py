"""Colours and small drawing helpers that follow the light or dark palette (calm, readable at a glance)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def is_dark() -> bool:
    palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def urgency_color(overdue: bool, hours_left: float | None) -> QColor:
    """Red when overdue, amber when due within the working day, muted otherwise."""
    dark = is_dark()
    if overdue:
        return QColor("#ff8a80" if dark else "#c62828")
    if hours_left is not None and hours_left <= 8:
        return QColor("#ffcc80" if dark else "#b26a00")
    return QColor("#a5d6a7" if dark else "#2e7d32")


def muted() -> QColor:
    color = QApplication.palette().color(QPalette.ColorRole.Text)
    color.setAlpha(140)
    return color


def accent() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.Highlight)


def shade() -> QColor:
    """The fill for non-business days on the timeline."""
    return QColor(255, 255, 255, 18) if is_dark() else QColor(0, 0, 0, 14)


SLA_COLORS = {"met": "#2e7d32", "pending": "#8a6d00", "breached": "#c62828"}
EVENT_COLORS = {
    "outbound": "#1565c0",
    "contact": "#2e7d32",
    "attempt": "#8d6e63",
    "strike": "#c62828",
    "milestone": "#6a1b9a",
    "other": "#607d8b",
}
