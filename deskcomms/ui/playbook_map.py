"""The playbook map: the whole lifecycle graph drawn from the playbook's data, the case's path and
current stage highlighted. Layers come from a breadth-first walk of the transitions from the initial
stage, so any playbook file draws without hand-placed coordinates."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from . import theme

NODE_W, NODE_H, GAP_X, GAP_Y = 150, 46, 18, 34


@dataclass(frozen=True)
class NodeBox:
    id: str
    title: str
    layer: int
    slot: int


def layered(playbook: Any) -> list[NodeBox]:
    """Stages by their distance from the initial stage along the graph's transitions."""
    depth = {playbook.initial: 0}
    queue = deque([playbook.initial])
    while queue:
        current = queue.popleft()
        for t in playbook.leaving(current):
            if t.to not in depth:
                depth[t.to] = depth[current] + 1
                queue.append(t.to)
    last = max(depth.values(), default=0)
    for sid in playbook.stages:
        if sid not in depth:
            last += 1
            depth[sid] = last
    slots: dict[int, int] = {}
    boxes = []
    for sid, stage in playbook.stages.items():
        layer = depth[sid]
        boxes.append(NodeBox(sid, stage.title, layer, slots.get(layer, 0)))
        slots[layer] = slots.get(layer, 0) + 1
    return boxes


class PlaybookMap(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._playbook: Any = None
        self._current: str | None = None
        self._visited: set[str] = set()
        self.boxes: list[NodeBox] = []

    def show_playbook(self, playbook: Any, current: str | None, visited: set[str]) -> None:
        self._playbook, self._current, self._visited = playbook, current, visited
        self.boxes = layered(playbook) if playbook else []
        self.setMinimumSize(self._needed())
        self.update()

    def _needed(self) -> QSize:
        if not self.boxes:
            return QSize(200, 100)
        layers = max(b.layer for b in self.boxes) + 1
        widest = max(sum(1 for b in self.boxes if b.layer == layer) for layer in range(layers))
        return QSize(widest * (NODE_W + GAP_X) + 40, layers * (NODE_H + GAP_Y) + 30)

    def sizeHint(self) -> QSize:
        return self._needed()

    def _rects(self) -> dict[str, QRectF]:
        per_layer: dict[int, int] = {}
        for b in self.boxes:
            per_layer[b.layer] = per_layer.get(b.layer, 0) + 1
        rects = {}
        for b in self.boxes:
            count = per_layer[b.layer]
            row_width = count * NODE_W + (count - 1) * GAP_X
            left = (self.width() - row_width) / 2 + b.slot * (NODE_W + GAP_X)
            rects[b.id] = QRectF(left, 15 + b.layer * (NODE_H + GAP_Y), NODE_W, NODE_H)
        return rects

    def paintEvent(self, event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if not self._playbook:
            return
        rects = self._rects()
        text = self.palette().color(QPalette.ColorRole.Text)
        accent = theme.accent()
        for t in self._playbook.transitions:
            if t.source not in rects or t.to not in rects:
                continue
            on_path = t.source in self._visited and t.to in self._visited
            self._arrow(p, rects[t.source], rects[t.to], accent if on_path else theme.muted(), 2 if on_path else 1)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1.5, 7))
        p.setFont(font)
        metrics = QFontMetrics(font)
        for b in self.boxes:
            rect = rects[b.id]
            path = QPainterPath()
            path.addRoundedRect(rect, 8, 8)
            p.setBrush(Qt.BrushStyle.NoBrush)  # the arrow heads left their brush set
            if b.id == self._current:
                p.fillPath(path, accent)
                p.setPen(self.palette().color(QPalette.ColorRole.HighlightedText))
            else:
                fill = QColor(accent)
                fill.setAlpha(60 if b.id in self._visited else 0)
                p.fillPath(path, fill if b.id in self._visited else self.palette().color(QPalette.ColorRole.Window))
                p.setPen(QPen(accent if b.id in self._visited else theme.muted(), 1))
                p.drawPath(path)
                p.setPen(text)
            label = f"{b.id} · {b.title}" if len(b.id) <= 2 else b.title
            lines = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(rect.width() * 2 - 16))
            p.drawText(rect.adjusted(6, 2, -6, -2), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, lines)

    def _arrow(self, p: QPainter, a: QRectF, b: QRectF, color: QColor, width: int) -> None:
        if b.center().y() > a.center().y():
            start, end = QPointF(a.center().x(), a.bottom()), QPointF(b.center().x(), b.top())
        elif b.center().y() < a.center().y():
            start, end = QPointF(a.center().x() + 12, a.top()), QPointF(b.center().x() + 12, b.bottom())
        else:
            start = QPointF(a.right() if b.left() > a.left() else a.left(), a.center().y())
            end = QPointF(b.left() if b.left() > a.left() else b.right(), b.center().y())
        p.setPen(QPen(color, width))
        p.drawLine(start, end)
        direction = end - start
        length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1)
        ux, uy = direction.x() / length, direction.y() / length
        head = QPolygonF(
            [
                end,
                QPointF(end.x() - 8 * ux + 4 * uy, end.y() - 8 * uy - 4 * ux),
                QPointF(end.x() - 8 * ux - 4 * uy, end.y() - 8 * uy + 4 * ux),
            ]
        )
        p.setBrush(color)
        p.drawPolygon(head)
