"""Colours and small drawing helpers that follow the light or dark palette (calm, readable at a glance).

The appearance setting (System / Light / Dark) is applied here: Light and Dark use the Fusion style with
a palette of our own (the native Windows and macOS styles ignore a custom palette); System gives back the
style and palette Qt chose for the platform at start-up, which follow the system's light or dark mode.

Every colour that means something (overdue, a warning, met, a kind of event) is a *tone* asked for here,
never a colour typed in a widget: a light and a dark shade of it, and, when the system asks for high
contrast (Windows contrast themes, macOS "Increase contrast"), the system palette's own text and highlight
colours instead, so what the user chose for legibility is what they get. The words beside each colour
("1 d overdue", "ETA missed") carry the meaning on their own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
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


_forced_contrast: list[bool] = []  # tests (and a future setting) can ask for high contrast


def force_high_contrast(on: bool | None) -> None:
    _forced_contrast.clear()
    if on is not None:
        _forced_contrast.append(on)


def high_contrast() -> bool:
    """The system asks for high contrast (Qt 6.10's accessibility hints; False where Qt cannot tell)."""
    if _forced_contrast:
        return _forced_contrast[0]
    hints = QGuiApplication.styleHints() if QGuiApplication.instance() is not None else None
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return False
    preference = getattr(Qt, "ContrastPreference", None)
    return preference is not None and accessibility().contrastPreference() == preference.HighContrast


# (light, dark) shades of each tone, readable on the Base colour of each palette (WCAG AA for text).
TONES = {
    "danger": ("#c62828", "#ff8a80"),
    "warning": ("#b26a00", "#ffcc80"),
    "ok": ("#2e7d32", "#a5d6a7"),
    "info": ("#1565c0", "#90caf9"),
    "special": ("#6a1b9a", "#ce93d8"),
    "attempt": ("#8d6e63", "#bcaaa4"),
    "neutral": ("#607d8b", "#b0bec5"),
}


def tone(name: str) -> QColor:
    """The colour of a meaning: its shade for the light or dark palette, or in high contrast the
    palette's own text colour (the only colour a contrast theme promises is readable on its background)."""
    if high_contrast():
        return QColor(QApplication.palette().color(QPalette.ColorRole.Text))
    light, dark = TONES.get(name, TONES["neutral"])
    return QColor(dark if is_dark() else light)


def on_tone() -> QColor:
    """What is drawn on a filled tone (the icon in an event marker): white, or the Base colour in high
    contrast, where the fill is the text colour."""
    return QColor(QApplication.palette().color(QPalette.ColorRole.Base)) if high_contrast() else QColor("white")


def urgency_color(overdue: bool, hours_left: float | None) -> QColor:
    """Red when overdue, amber when due within the working day, green otherwise."""
    if overdue:
        return tone("danger")
    if hours_left is not None and hours_left <= 8:
        return tone("warning")
    return tone("ok")


def muted() -> QColor:
    color = QApplication.palette().color(QPalette.ColorRole.Text)
    color.setAlpha(255 if high_contrast() else 140)
    return color


def accent() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.Highlight)


def shade() -> QColor:
    """The fill for non-business days on the timeline."""
    if high_contrast():
        return QColor(QApplication.palette().color(QPalette.ColorRole.AlternateBase))
    return QColor(255, 255, 255, 18) if is_dark() else QColor(0, 0, 0, 14)


SLA_TONES = {"met": "ok", "pending": "warning", "breached": "danger"}
EVENT_TONES = {
    "outbound": "info",
    "contact": "ok",
    "attempt": "attempt",
    "strike": "danger",
    "milestone": "special",
    "other": "neutral",
}


def sla_color(state: str) -> QColor:
    return tone(SLA_TONES.get(state, "neutral"))


def event_color(category: str) -> QColor:
    return tone(EVENT_TONES.get(category, "neutral"))
