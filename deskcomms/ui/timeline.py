"""The lifecycle timeline: a custom-painted widget drawing a TimelineLayout.

Top: the stage track (the playbook's stages as steps, the case's path filled, the current stage
emphasised). Below: the time axis with weekends, holidays and days off shaded, a "now" line, one marker
per event, and the next action drawn ahead of now at its due time (its explanation on hover).
Ctrl+wheel or +/- zooms, wheel or drag scrolls.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from . import theme
from .timeline_layout import TimelineLayout, default_range, layout_timeline

TRACK_H = 48
AXIS_TOP = TRACK_H + 22
LANE_H = 30
MARGIN = 16


class TimelineWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumHeight(AXIS_TOP + 3 * LANE_H + 70)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("")
        self._status: Any = None
        self._calendar: Any = None
        self._now: datetime | None = None
        self._range: tuple[datetime, datetime] | None = None
        self._drag_x: float | None = None
        self.layout_data: TimelineLayout | None = None

    def sizeHint(self) -> QSize:
        return QSize(800, AXIS_TOP + 3 * LANE_H + 80)

    def show_status(self, status: Any, calendar: Any, now: datetime) -> None:
        self._status, self._calendar, self._now = status, calendar, now
        self._range = default_range(status, now) if status is not None else None
        self._relayout()

    def fit(self) -> None:
        if self._status is not None and self._now is not None:
            self._range = default_range(self._status, self._now)
            self._relayout()

    def clear(self) -> None:
        self.show_status(None, None, datetime.now())

    # ----- zoom and scroll --------------------------------------------------------------------------

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        if not self._range:
            return
        start, end = self._range
        span = end - start
        new_span = min(max(span * factor, timedelta(hours=6)), timedelta(days=400))
        width = max(self.width() - 2 * MARGIN, 1)
        frac = 0.5 if anchor_x is None else min(max((anchor_x - MARGIN) / width, 0.0), 1.0)
        pivot = start + span * frac
        self._range = (pivot - new_span * frac, pivot + new_span * (1 - frac))
        self._relayout()

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
            self.zoom(0.8 if delta > 0 else 1.25, event.position().x())
        else:
            self.scroll_by(-delta / 2)
        event.accept()

    def keyPressEvent(self, event: Any) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(0.8)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1.25)
        elif key == Qt.Key.Key_Left:
            self.scroll_by(-60)
        elif key == Qt.Key.Key_Right:
            self.scroll_by(60)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag_x = event.position().x()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_x = None

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
        if data.next is not None and abs(data.next.x + MARGIN - x) < 12 and y > AXIS_TOP:
            return data.next.why
        for m in data.markers:
            if abs(m.x + MARGIN - x) < 10 and abs(self._lane_y(m.lane) - y) < 16:
                return m.tooltip
        if y < 30:
            for i, step in enumerate(data.stages):
                rect = self._stage_rect(i, len(data.stages))
                if rect.contains(QPointF(x, y)):
                    return f"{step.id}: {step.title}"
        return ""

    def resizeEvent(self, event: Any) -> None:
        self._relayout()
        super().resizeEvent(event)

    def _relayout(self) -> None:
        if self._status is None or self._range is None:
            self.layout_data = None
        else:
            width = max(self.width() - 2 * MARGIN, 100)
            self.layout_data = layout_timeline(
                self._status,
                self._calendar,
                self._now or datetime.now(),
                self._range[0],
                self._range[1],
                width,
            )
        self.update()

    # ----- painting ---------------------------------------------------------------------------------

    def _lane_y(self, lane: int) -> float:
        return AXIS_TOP + 30 + lane * LANE_H

    def _stage_rect(self, i: int, n: int) -> QRectF:
        width = (self.width() - 2 * MARGIN) / max(n, 1)
        return QRectF(MARGIN + i * width + 1, 3, width - 2, 24)

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
        self._paint_markers(painter, data)
        self._paint_next(painter, data)

    def _paint_stages(self, p: QPainter, data: TimelineLayout) -> None:
        """Steps joined by a line: visited filled, the current one larger; the caption names it."""
        text = self.palette().color(QPalette.ColorRole.Text)
        accent = theme.accent()
        n = len(data.stages)
        centers = [self._stage_rect(i, n).center() for i in range(n)]
        if centers:
            p.setPen(QPen(theme.muted(), 1.5))
            p.drawLine(centers[0], centers[-1])
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1.5, 7))
        font.setBold(True)
        p.setFont(font)
        for i, step in enumerate(data.stages):
            center = centers[i]
            radius = 11 if step.current else 9
            if step.current:
                p.setPen(QPen(accent, 2))
                p.setBrush(accent)
            elif step.visited:
                fill = QColor(accent)
                fill.setAlpha(90)
                p.setPen(QPen(accent, 1))
                p.setBrush(fill)
            else:
                p.setPen(QPen(theme.muted(), 1))
                p.setBrush(self.palette().color(QPalette.ColorRole.Base))
            p.drawEllipse(center, radius, radius)
            p.setPen(self.palette().color(QPalette.ColorRole.HighlightedText) if step.current else text)
            label = step.id if len(step.id) <= 2 else str(i + 1)
            p.drawText(
                QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )
        current = next((s for s in data.stages if s.current), None)
        caption = (
            f"{current.id} · {current.title}"
            if current and len(current.id) <= 2
            else (current.title if current else "Closed")
        )
        path = " → ".join(dict.fromkeys(s for s in data.path))
        p.setFont(self.font())
        p.setPen(text)
        metrics = QFontMetrics(self.font())
        p.drawText(
            QPointF(MARGIN, TRACK_H - 2),
            metrics.elidedText(
                f"{caption}     path: {path}", Qt.TextElideMode.ElideRight, int(self.width() - 2 * MARGIN)
            ),
        )

    def _paint_axis(self, p: QPainter, data: TimelineLayout) -> None:
        top, bottom = AXIS_TOP, self.height() - 24
        for band in data.bands:
            p.fillRect(QRectF(MARGIN + band.x0, top, band.x1 - band.x0, bottom - top), theme.shade())
        p.setFont(self.font())
        axis_pen = QPen(theme.muted(), 1)
        p.setPen(axis_pen)
        p.drawLine(QPointF(MARGIN, bottom), QPointF(MARGIN + data.width, bottom))
        for tick in data.ticks:
            p.drawLine(QPointF(MARGIN + tick.x, bottom), QPointF(MARGIN + tick.x, bottom + 4))
            p.drawText(QPointF(MARGIN + tick.x + 3, bottom + 17), tick.label)
        if data.now_x is not None:
            pen = QPen(theme.accent(), 2)
            p.setPen(pen)
            x = MARGIN + data.now_x
            p.drawLine(QPointF(x, top - 4), QPointF(x, bottom))
            p.drawText(QPointF(x + 4, top + 8), "now")

    def _paint_markers(self, p: QPainter, data: TimelineLayout) -> None:
        text = self.palette().color(QPalette.ColorRole.Text)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        for m in data.markers:
            color = QColor(theme.EVENT_COLORS.get(m.category, "#607d8b"))
            p.setOpacity(0.35 if m.future else 1.0)
            x, y = MARGIN + m.x, self._lane_y(m.lane)
            p.setPen(QPen(theme.muted(), 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(x, y + 9), QPointF(x, self.height() - 24))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawEllipse(QPointF(x, y), 9, 9)
            p.setPen(QColor("white"))
            p.setFont(font)
            p.drawText(QRectF(x - 9, y - 9, 18, 18), Qt.AlignmentFlag.AlignCenter, m.glyph)
            p.setPen(text)
            p.drawText(QPointF(x + 12, y + 4), m.label)
        p.setOpacity(1.0)

    def _paint_next(self, p: QPainter, data: TimelineLayout) -> None:
        nxt = data.next
        if nxt is None or not (-20 <= nxt.x <= data.width + 20):
            return
        hours_left = None if self._now is None else (nxt.due - self._now).total_seconds() / 3600
        color = theme.urgency_color(nxt.overdue, hours_left)
        x = MARGIN + min(max(nxt.x, 0), data.width)
        top, bottom = AXIS_TOP, self.height() - 24
        p.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x, top), QPointF(x, bottom))
        diamond = QPainterPath()
        cy = top + 10
        diamond.moveTo(x, cy - 9)
        diamond.lineTo(x + 9, cy)
        diamond.lineTo(x, cy + 9)
        diamond.lineTo(x - 9, cy)
        diamond.closeSubpath()
        p.fillPath(diamond, color)
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(color)
        label = ("Overdue: " if nxt.overdue else "Next: ") + nxt.title
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(label)
        left = x + 12 if x + 12 + width < MARGIN + data.width else x - 12 - width
        p.drawText(QPointF(max(left, MARGIN), cy + 5), label)
