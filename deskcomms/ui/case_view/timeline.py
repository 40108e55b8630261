"""The lifecycle timeline: a custom-painted widget drawing a TimelineLayout.

Top: the stage track (the case's path as named stages, the current one filled, the stage letter as a
small badge). Below: the time axis with weekends, holidays and days off shaded, hours when zoomed in, a
"now" line, one marker per event (events too close to tell apart grouped, with a count and the list on
hover), and the next action drawn ahead of now at its due time (its explanation on hover).
Ctrl+wheel zooms around the cursor; +/− (keys or buttons) zoom around the events in view; wheel, drag or
Shift+arrows scroll; Fit shows the whole case. The arrow keys (and Home, End) step through the events one
by one, the view following; a screen reader reads them as a list (timeline_access.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from ..common import theme
from . import timeline_access
from .event_icons import paint_icon
from .timeline_layout import (
    CHIP_H,
    ICON_R,
    LANE_H,
    LANE_TOP,
    MAX_LANES,
    NEXT_ROW_Y,
    NOW_ROW_Y,
    Rect,
    TimelineLayout,
    default_range,
    events_pivot,
    layout_timeline,
    zoom_range,
)

MARGIN = 16
AXIS_LABELS_H = 24  # under the axis line: day and hour labels
MIN_HEIGHT = int(LANE_TOP + (MAX_LANES - 1) * LANE_H + ICON_R + 12 + AXIS_LABELS_H)
ZOOM_STEP = 0.7


def _qrect(rect: Rect) -> QRectF:
    return QRectF(MARGIN + rect.x, rect.y, rect.w, rect.h)


class TimelineWidget(QWidget):
    marker_clicked = Signal(object)  # the instants of the clicked marker's events

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumHeight(MIN_HEIGHT)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("")
        timeline_access.install()
        self.setAccessibleName("Case timeline")
        self.setAccessibleDescription("The case's events in time order: Left and Right step through them")
        self.items: list[timeline_access.TimelineItem] = []
        self.current_item: int | None = None
        self._status: Any = None
        self._calendar: Any = None
        self._now: datetime | None = None
        self._range: tuple[datetime, datetime] | None = None
        self._drag_x: float | None = None
        self.layout_data: TimelineLayout | None = None

    def sizeHint(self) -> QSize:
        return QSize(800, MIN_HEIGHT + 40)

    def label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        return font

    def show_status(self, status: Any, calendar: Any, now: datetime) -> None:
        self._status, self._calendar, self._now = status, calendar, now
        self._range = default_range(status, now) if status is not None else None
        self.items = timeline_access.timeline_items(status, calendar, now)
        self.current_item = None
        self._relayout()

    def fit(self) -> None:
        if self._status is not None and self._now is not None:
            self._range = default_range(self._status, self._now)
            self._relayout()

    def clear(self) -> None:
        self.show_status(None, None, datetime.now())

    @property
    def visible_range(self) -> tuple[datetime, datetime] | None:
        return self._range

    # ----- zoom and scroll --------------------------------------------------------------------------

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom by ``factor`` (< 1 zooms in): around the cursor at ``anchor_x``, else around the events in view."""
        if not self._range or self._status is None:
            return
        start, end = self._range
        if anchor_x is None:
            pivot = events_pivot(self._status, self._now or datetime.now(start.tzinfo), self._range)
            self._range = zoom_range(self._range, factor, pivot)
        else:
            width = max(self.width() - 2 * MARGIN, 1)
            frac = min(max((anchor_x - MARGIN) / width, 0.0), 1.0)
            self._range = zoom_range(self._range, factor, start + (end - start) * frac, frac)
        self._relayout()

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP)

    def scroll_by(self, pixels: float) -> None:
        if not self._range:
            return
        start, end = self._range
        width = max(self.width() - 2 * MARGIN, 1)
        shift = (end - start) * (pixels / width)
        self._range = (start + shift, end + shift)
        self._relayout()

    def wheelEvent(self, event: Any) -> None:
        delta = event.angleDelta().y() or event.angleDelta().x()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if delta > 0 else 1 / ZOOM_STEP, event.position().x())
        else:
            self.scroll_by(-delta / 2)
        event.accept()

    def keyPressEvent(self, event: Any) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.scroll_by(-60 if key == Qt.Key.Key_Left else 60)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.step_to(0 if self.current_item is None else self.current_item - 1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.step_to(len(self.items) - 1 if self.current_item is None else self.current_item + 1)
        elif key == Qt.Key.Key_Home:
            self.step_to(0)
        elif key == Qt.Key.Key_End:
            self.step_to(len(self.items) - 1)
        else:
            super().keyPressEvent(event)

    # ----- stepping through the events with the keyboard ----------------------------------------------

    def step_to(self, index: int) -> None:
        """Make item ``index`` the current one: brought into view, outlined, its text shown and announced.
        The first press of Right lands on the last item (the next action), of Left on the first."""
        if not self.items:
            return
        index = min(max(index, 0), len(self.items) - 1)
        self.current_item = index
        item = self.items[index]
        if self._range is not None and not (self._range[0] <= item.at <= self._range[1]):
            start, end = self._range
            self._range = (item.at - (end - start) / 2, item.at + (end - start) / 2)
            self._relayout()
        self.update()
        rect = self.item_rect(index)
        spot = rect.center() if rect is not None else QPoint(self.width() // 2, MIN_HEIGHT // 2)
        QToolTip.showText(self.mapToGlobal(spot), item.text, self)
        timeline_access.announce(self, index)

    def current_text(self) -> str:
        return self.items[self.current_item].text if self.current_item is not None else ""

    def item_rect(self, index: int) -> QRect | None:
        """Where item ``index`` is drawn (its marker), or None when it is out of view."""
        data = self.layout_data
        if data is None or not 0 <= index < len(self.items):
            return None
        item = self.items[index]
        if item.is_next:
            return _qrect(data.next.diamond).toAlignedRect() if data.next is not None else None
        if not data.start <= item.at <= data.end or not data.markers:
            return None
        # Events close together share one marker: the item's is the marker nearest its instant.
        x = (item.at - data.start).total_seconds() / ((data.end - data.start).total_seconds() or 1) * data.width
        nearest = min(data.markers, key=lambda m: abs(m.x - x))
        return _qrect(nearest.icon_rect).toAlignedRect() if abs(nearest.x - x) <= 4 * ICON_R else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag_x = event.position().x()
        self._press = event.position()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_x = None
        pos, pressed = event.position(), getattr(self, "_press", None)
        if pressed is not None and abs(pos.x() - pressed.x()) + abs(pos.y() - pressed.y()) < 5:
            marker = self.marker_at(pos.x(), pos.y())
            if marker is not None:
                self.marker_clicked.emit(marker.instants)

    def marker_at(self, x: float, y: float) -> Any:
        """The event marker (icon or label) at this point, or None."""
        if self.layout_data is None:
            return None
        point = QPointF(x, y)
        for m in self.layout_data.markers:
            hit = _qrect(m.icon_rect).adjusted(-3, -3, 3, 3).contains(point)
            if hit or (m.label_rect is not None and _qrect(m.label_rect).contains(point)):
                return m
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag_x is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.scroll_by(self._drag_x - pos.x())
            self._drag_x = pos.x()
            return
        tip = self.tooltip_at(pos.x(), pos.y())
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()

    def tooltip_at(self, x: float, y: float) -> str:
        data = self.layout_data
        if data is None:
            return ""
        point = QPointF(x, y)
        for m in data.markers:
            hit = _qrect(m.icon_rect).adjusted(-3, -3, 3, 3).contains(point)
            if hit or (m.label_rect is not None and _qrect(m.label_rect).contains(point)):
                return m.tooltip
        nxt = data.next
        if nxt is not None:
            rects = [_qrect(nxt.diamond)] + ([_qrect(nxt.label_rect)] if nxt.label_rect else [])
            if any(r.adjusted(-3, -3, 3, 3).contains(point) for r in rects):
                return f"{nxt.label}\n{nxt.why}"
        for chip in data.chips:
            if _qrect(chip.rect).contains(point):
                return f"{chip.badge} · {chip.title}" if chip.badge else chip.title
        return ""

    def resizeEvent(self, event: Any) -> None:
        self._relayout()
        super().resizeEvent(event)

    def _relayout(self) -> None:
        if self._status is None or self._range is None:
            self.layout_data = None
        else:
            width = max(self.width() - 2 * MARGIN, 100)
            metrics = QFontMetrics(self.label_font())
            self.layout_data = layout_timeline(
                self._status,
                self._calendar,
                self._now or datetime.now(),
                self._range[0],
                self._range[1],
                width,
                measure=lambda text: float(metrics.horizontalAdvance(text) + 2),
            )
        self.update()

    # ----- painting ---------------------------------------------------------------------------------

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        data = self.layout_data
        if data is None:
            painter.setPen(theme.muted())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Select a case to see its lifecycle")
            return
        self._paint_stages(painter, data)
        self._paint_axis(painter, data)
        self._paint_next(painter, data, line_only=True)  # under the event labels
        self._paint_markers(painter, data)
        self._paint_next(painter, data)
        current = self.item_rect(self.current_item) if self.current_item is not None else None
        if current is not None and self.hasFocus():  # the keyboard cursor: a ring in the focus colour
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QRectF(current).adjusted(-4, -4, 4, 4))

    def _paint_stages(self, p: QPainter, data: TimelineLayout) -> None:
        """The case's path as named chips joined by arrows; the current stage filled with the accent."""
        text = self.palette().color(QPalette.ColorRole.Text)
        base = self.palette().color(QPalette.ColorRole.Base)
        accent = theme.accent()
        font = self.label_font()
        badge_font = QFont(font)
        badge_font.setBold(True)
        badge_font.setPointSizeF(max(font.pointSizeF() - 1, 6.5))
        for i, chip in enumerate(data.chips):
            rect = _qrect(chip.rect)
            path = QPainterPath()
            path.addRoundedRect(rect, CHIP_H / 2, CHIP_H / 2)
            if chip.current:
                p.fillPath(path, accent)
                fg = self.palette().color(QPalette.ColorRole.HighlightedText)
            else:
                fill = QColor(accent)
                fill.setAlpha(45)
                p.fillPath(path, fill)
                p.setPen(QPen(theme.muted(), 1))
                p.setBrush(Qt.BrushStyle.NoBrush)  # the previous badge left its brush set
                p.drawPath(path)
                fg = text
            inner = rect.adjusted(8, 0, -8, 0)
            if chip.badge:
                badge = QRectF(inner.left(), rect.center().y() - 8, 18, 16)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(base if chip.current else theme.muted())
                p.drawRoundedRect(badge, 4, 4)
                p.setFont(badge_font)
                p.setPen(accent if chip.current else base)
                p.drawText(badge, Qt.AlignmentFlag.AlignCenter, chip.badge)
                inner.setLeft(badge.right() + 4)
            p.setFont(font)
            p.setPen(fg)
            name = QFontMetrics(p.font()).elidedText(chip.name, Qt.TextElideMode.ElideRight, int(inner.width()) + 2)
            p.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
            if i + 1 < len(data.chips):
                nxt = _qrect(data.chips[i + 1].rect)
                p.setPen(QPen(theme.muted(), 1.5))
                y = rect.center().y()
                p.drawLine(QPointF(rect.right() + 3, y), QPointF(nxt.left() - 4, y))
                p.drawLine(QPointF(nxt.left() - 4, y), QPointF(nxt.left() - 8, y - 3))
                p.drawLine(QPointF(nxt.left() - 4, y), QPointF(nxt.left() - 8, y + 3))

    def _paint_axis(self, p: QPainter, data: TimelineLayout) -> None:
        top, bottom = NEXT_ROW_Y - ICON_R - 3, self.height() - AXIS_LABELS_H
        for band in data.bands:
            p.fillRect(QRectF(MARGIN + band.x0, top, band.x1 - band.x0, bottom - top), theme.shade())
        p.setFont(self.label_font())
        muted = theme.muted()
        p.setPen(QPen(muted, 1))
        p.drawLine(QPointF(MARGIN, bottom), QPointF(MARGIN + data.width, bottom))
        text = self.palette().color(QPalette.ColorRole.Text)
        for tick in data.ticks:
            x = MARGIN + tick.x
            if tick.major:
                p.setPen(QPen(muted, 1))
                p.drawLine(QPointF(x, top), QPointF(x, bottom + 5))
                p.setPen(text)
            else:
                faint = QColor(muted)
                faint.setAlpha(50)
                p.setPen(QPen(faint, 1, Qt.PenStyle.DotLine))
                p.drawLine(QPointF(x, top), QPointF(x, bottom))
                p.setPen(QPen(muted, 1))
                p.drawLine(QPointF(x, bottom), QPointF(x, bottom + 3))
            p.drawText(QPointF(x + 3, bottom + 16), tick.label)
        if data.now_x is not None and data.now_label is not None:
            pen = QPen(theme.accent(), 2)
            p.setPen(pen)
            x = MARGIN + data.now_x
            p.drawLine(QPointF(x, NOW_ROW_Y - 8), QPointF(x, bottom))
            p.drawText(_qrect(data.now_label), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, "now")

    def _paint_markers(self, p: QPainter, data: TimelineLayout) -> None:
        text = self.palette().color(QPalette.ColorRole.Text)
        base = self.palette().color(QPalette.ColorRole.Base)
        font = self.label_font()
        metrics = QFontMetrics(font)
        count_font = QFont(font)
        count_font.setBold(True)
        count_font.setPointSizeF(max(font.pointSizeF() - 1.5, 6))
        bottom = self.height() - AXIS_LABELS_H
        for m in data.markers:
            color = theme.event_color(m.category)
            p.setOpacity(0.4 if m.future else 1.0)
            x, y = MARGIN + m.x, m.y
            p.setPen(QPen(theme.muted(), 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(x, y + ICON_R), QPointF(x, bottom))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawEllipse(QPointF(x, y), ICON_R, ICON_R)
            if m.count > 1:
                # a stack: a second ring behind, and the count in a badge
                p.setPen(QPen(color, 1.5))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(QPointF(x, y), ICON_R + 2.5, ICON_R + 2.5)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.setFont(count_font)
                p.setPen(theme.on_tone())
                p.drawText(
                    QRectF(x - ICON_R, y - ICON_R, 2 * ICON_R, 2 * ICON_R), Qt.AlignmentFlag.AlignCenter, str(m.count)
                )
            else:
                paint_icon(p, m.icon, QPointF(x, y), ICON_R, theme.on_tone())
            if m.label and m.label_rect is not None:
                rect = _qrect(m.label_rect)
                p.setFont(font)
                p.setPen(Qt.PenStyle.NoPen)
                halo = QColor(base)
                halo.setAlpha(225)
                p.setBrush(halo)
                p.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
                p.setPen(text)
                label = metrics.elidedText(m.label, Qt.TextElideMode.ElideRight, int(rect.width()))
                p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        p.setOpacity(1.0)

    def _paint_next(self, p: QPainter, data: TimelineLayout, line_only: bool = False) -> None:
        nxt = data.next
        if nxt is None or not (-20 <= nxt.x <= data.width + 20):
            return
        hours_left = None if self._now is None else (nxt.due - self._now).total_seconds() / 3600
        color = theme.urgency_color(nxt.overdue, hours_left)
        x = MARGIN + min(max(nxt.x, 0), data.width)
        bottom = self.height() - AXIS_LABELS_H
        if line_only:
            p.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, NEXT_ROW_Y), QPointF(x, bottom))
            return
        diamond = QPainterPath()
        cy = NEXT_ROW_Y
        diamond.moveTo(x, cy - ICON_R)
        diamond.lineTo(x + ICON_R, cy)
        diamond.lineTo(x, cy + ICON_R)
        diamond.lineTo(x - ICON_R, cy)
        diamond.closeSubpath()
        p.fillPath(diamond, color)
        if nxt.label_rect is None:
            return
        font = self.label_font()
        p.setFont(font)
        p.setPen(color)
        rect = _qrect(nxt.label_rect)
        halo = QColor(self.palette().color(QPalette.ColorRole.Base))
        halo.setAlpha(215)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(halo)
        p.drawRoundedRect(rect.adjusted(-2, 0, 2, 0), 3, 3)
        p.setPen(color)
        label = QFontMetrics(font).elidedText(nxt.label, Qt.TextElideMode.ElideRight, int(rect.width()) + 2)
        p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
