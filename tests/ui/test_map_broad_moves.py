"""The map says what the arrows cannot: a confirmation to close from any open stage goes to F."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt

from tests.ui.test_playbook_map import open_map


def test_the_map_writes_the_confirmation_from_any_open_stage_under_the_graph(window, qtbot):
    view = open_map(window, qtbot, 1024, 700)
    qtbot.mouseClick(view.zoom_buttons["fit"], Qt.MouseButton.LeftButton)
    qtbot.wait(20)
    (note,) = view.map.notes
    assert note.startswith("From any open stage (A-D, G-M): customer confirmed the case can close")
    assert note.endswith("→ F Last response")
    (rect,) = view.map.note_rects()
    shown = view.map.to_widget(rect)
    assert QRectF(view.map_scroll.viewport().rect()).intersects(shown)
    assert view.map.tooltip_at(shown.center().x(), shown.center().y()) == note
    boxes = [view.map.to_widget(r) for r in view.map.node_rects().values()]
    assert not any(shown.intersects(b) for b in boxes)
