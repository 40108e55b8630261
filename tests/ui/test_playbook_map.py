"""The playbook map as a person uses it: Fit shows every stage, −/+ zoom, arrows carry their ``when``."""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QToolButton

from deskcomms.core.engine import load_playbook


def open_map(window, qtbot, width, height):
    window.resize(width, height)
    window.select_case("1002")
    view = window.case_view
    view.tabs.setCurrentWidget(view.map_scroll)
    qtbot.wait(30)
    return view


@pytest.mark.parametrize("size", [(1024, 700), (1600, 1000)])
def test_fit_shows_every_stage_inside_the_view(window, qtbot, size):
    view = open_map(window, qtbot, *size)
    qtbot.mouseClick(view.zoom_buttons["fit"], Qt.MouseButton.LeftButton)
    qtbot.wait(20)
    viewport = view.map_scroll.viewport().rect()
    rects = view.map.node_rects()
    assert set(rects) == set("ABCDEFGHIJKLM")
    for sid, rect in rects.items():
        shown = view.map.to_widget(rect).translated(-view.map_scroll.horizontalScrollBar().value(), 0)
        assert QRectF(viewport).contains(shown), f"stage {sid} is off screen at Fit"
    for (a, ra), (b, rb) in combinations(rects.items(), 2):
        assert not ra.intersects(rb), f"{a} and {b} overlap"


def test_minus_and_plus_zoom_the_map(window, qtbot):
    view = open_map(window, qtbot, 1200, 800)
    view.map.fit()
    fitted = view.map.scale
    qtbot.mouseClick(view.zoom_buttons["zoom_in"], Qt.MouseButton.LeftButton)
    assert view.map.scale > fitted
    assert view.map.minimumWidth() > view.map_scroll.viewport().width() * 0.9 or view.map.scale > fitted
    qtbot.mouseClick(view.zoom_buttons["zoom_out"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.zoom_buttons["zoom_out"], Qt.MouseButton.LeftButton)
    assert view.map.scale < fitted
    view.tabs.setCurrentWidget(view.events)
    assert not view.zoom_buttons["zoom_in"].isEnabled()  # nothing to zoom on the events list
    assert isinstance(view.zoom_buttons["fit"], QToolButton)


def test_arrows_are_labelled_with_their_when_and_the_full_text_on_hover(window, qtbot):
    view = open_map(window, qtbot, 1600, 1000)
    view.map.zoom_in()
    labels = view.map.edge_labels
    playbook = load_playbook("css")
    whens = {t.when for t in playbook.transitions if t.when}
    assert {label.full for label in labels} <= whens
    assert len(labels) >= len(playbook.transitions) * 2 // 3  # most arrows carry their label in view
    for a, b in combinations(labels, 2):
        assert not a.rect.intersects(b.rect)
    for label in labels:
        for rect in view.map.node_rects().values():
            assert not label.rect.intersects(rect)
    shortened = next((x for x in labels if x.text != x.full), labels[0])
    center = view.map.to_widget(shortened.rect).center()
    assert shortened.full in view.map.tooltip_at(center.x(), center.y())


def test_event_icons_are_painted_shapes_that_show_without_any_font(qapp):
    from deskcomms.ui.case_view.event_icons import SHAPES, paint_icon
    from deskcomms.ui.case_view.timeline_layout import EVENT_LOOK

    assert {icon for _label, icon, _category in EVENT_LOOK.values()} <= set(SHAPES)
    for name in SHAPES:
        image = QImage(40, 40, QImage.Format.Format_ARGB32)
        image.fill(QColor("black"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_icon(painter, name, image.rect().center(), 18, QColor("white"))
        painter.end()
        lit = sum(1 for x in range(40) for y in range(40) if QColor(image.pixel(x, y)).lightness() > 128)
        assert lit > 20, f"icon {name} drew nothing"
