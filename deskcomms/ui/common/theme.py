"""Colours and small drawing helpers that follow the light or dark palette (calm, readable at a glance).

The appearance setting (System / Light / Dark) is applied here: Light and Dark use the Fusion style with
a palette of our own (the native Windows and macOS styles ignore a custom palette); System gives back the
style and palette Qt chose for the platform at start-up, which follow the system's light or dark mode.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role = QPalette.ColorRole
ColorGroup = QPalette.ColorGroup

# Calm greys, enough contrast for text (WCAG AA) and for the tick boxes of the call-prep list.
DARK = {
    Role.Window: "#2b2d30",
    Role.WindowText: "#e8e8e8",
    Role.Base: "#1e1f22",
    Role.AlternateBase: "#27292c",
    Role.Text: "#e8e8e8",
    Role.Button: "#3a3d41",
    Role.ButtonText: "#e8e8e8",
    Role.BrightText: "#ffffff",
    Role.Highlight: "#3574f0",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#3a3d41",
    Role.ToolTipText: "#e8e8e8",
    Role.Link: "#8ab4ff",
    Role.LinkVisited: "#c29cff",
    Role.PlaceholderText: "#8c8f94",
    Role.Light: "#55585d",
    Role.Midlight: "#45484c",
    Role.Mid: "#36383b",
    Role.Dark: "#151618",
    Role.Shadow: "#000000",
}
LIGHT = {
    Role.Window: "#f3f3f3",
    Role.WindowText: "#1d1d1f",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f6f7f9",
    Role.Text: "#1d1d1f",
    Role.Button: "#ececec",
    Role.ButtonText: "#1d1d1f",
    Role.BrightText: "#ffffff",
    Role.Highlight: "#2f6fd0",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#ffffdc",
    Role.ToolTipText: "#1d1d1f",
    Role.Link: "#1a5fb4",
    Role.LinkVisited: "#6a1b9a",
    Role.PlaceholderText: "#7a7a7a",
    Role.Light: "#ffffff",
    Role.Midlight: "#e3e3e3",
    Role.Mid: "#b8b8b8",
    Role.Dark: "#9f9f9f",
    Role.Shadow: "#767676",
}
DISABLED_TEXT = {"dark": "#7d8085", "light": "#9a9a9a"}

_started_with: dict[str, Any] = {}  # the platform's own style name and palette, captured once


def palette_for(mode: str) -> QPalette:
    """The palette of Light or Dark."""
    palette = QPalette()
    for role, color in (DARK if mode == "dark" else LIGHT).items():
        palette.setColor(role, QColor(color))
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        palette.setColor(ColorGroup.Disabled, role, QColor(DISABLED_TEXT["dark" if mode == "dark" else "light"]))
    return palette


def apply_appearance(mode: str | None) -> None:
    """Apply the appearance setting to the running app (every open window repaints)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if mode in ("light", "dark"):
        if not _started_with:
            _started_with["style"] = app.style().name()
            _started_with["palette"] = QPalette(app.palette())
        app.setStyle("Fusion")
        app.setPalette(palette_for(mode))
        return
    # System: leave Qt's own choice alone (so it keeps following the system's changes), unless Light or
    # Dark replaced it earlier in this session; then give back what the platform had.
    if _started_with:
        app.setStyle(_started_with.pop("style"))
        app.setPalette(_started_with.pop("palette"))


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
