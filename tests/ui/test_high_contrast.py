"""Colours follow the palette: with the system's high-contrast preference every colour that means
something (overdue, SLA, flags, timeline events, the reminder banner) is the palette's own, so a contrast
theme (here yellow on black) is what the user sees; and no widget types a colour of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

from deskcomms.ui.case_list.case_model import COL_DUE
from deskcomms.ui.common import theme

from .test_drafting import PROFILE

UI = Path(__file__).resolve().parents[2] / "deskcomms" / "ui"
Role = QPalette.ColorRole


@pytest.fixture
def contrast_theme(qapp):
    """A Windows-like contrast theme: yellow text on black, cyan highlight; the system asks for contrast."""
    before = QPalette(qapp.palette())
    palette = QPalette()
    for role, color in {
        Role.Window: "#000000",
        Role.Base: "#000000",
        Role.AlternateBase: "#1a1a1a",
        Role.WindowText: "#ffff00",
        Role.Text: "#ffff00",
        Role.ButtonText: "#ffff00",
        Role.Button: "#000000",
        Role.Highlight: "#1aebff",
        Role.HighlightedText: "#000000",
    }.items():
        palette.setColor(role, QColor(color))
    qapp.setPalette(palette)
    theme.force_high_contrast(True)
    yield QColor("#ffff00")
    theme.force_high_contrast(None)
    qapp.setPalette(before)


def test_high_contrast_is_off_unless_the_system_asks():
    assert theme.high_contrast() is False
    assert theme.tone("danger") == QColor("#c62828")  # the light palette's shade


def test_every_meaningful_colour_is_the_contrast_themes_text(contrast_theme, window, session):
    yellow = contrast_theme
    session.desk.store.save_profile(PROFILE)
    session.reload_settings()
    window.select_case("1001")  # overdue: red in a normal palette
    model = window.model
    due = model.data(model.index(model.view_row_of("1001"), COL_DUE), Qt.ItemDataRole.ForegroundRole)
    assert QColor(due) == yellow
    assert all(theme.tone(name) == yellow for name in theme.TONES)
    assert theme.event_color("strike") == yellow and theme.sla_color("breached") == yellow
    assert theme.on_tone() == QColor("#000000")  # icons on a filled marker: the background colour
    view = window.case_view
    chips = [label for label in view.findChildren(QLabel) if "border-radius: 9px" in label.styleSheet()]
    assert chips and all("#ffff00" in label.styleSheet() for label in chips)
    assert "#ffff00" in view.next_title.text()  # the due time beside the next action
    image = view.timeline.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert "#ffff00" in colours  # the markers, in the theme's text colour
    assert not colours & {"#c62828", "#1565c0", "#2e7d32", "#6a1b9a", "#8d6e63", "#607d8b"}


def test_no_widget_types_a_colour_of_its_own():
    """Colours come from theme.py (tones and the palette); only the tray icon, a picture, draws its own."""
    typed = []
    for path in UI.rglob("*.py"):
        if path.name in ("theme.py", "tray.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"#[0-9a-fA-F]{6}\b|QColor\(\"(?!#)", line):
                typed.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert typed == []


def test_the_palette_is_followed_in_dark_mode_too(qapp):
    theme.apply_appearance("dark")
    try:
        assert theme.is_dark() and theme.tone("danger") == QColor("#ff8a80")
    finally:
        theme.apply_appearance("system")
