"""The playbook map: the whole lifecycle graph drawn from the playbook's data, the case's path and
current stage highlighted, each arrow labelled with its transition's ``when`` (shortened; the full text on
hover). Layers come from a breadth-first walk of the transitions from the initial stage, so any playbook
file draws without hand-placed coordinates. −/+ zoom, Fit scales the graph so every stage shows. Moves the
playbook allows from most stages (a confirmation to close from any open stage) would be a thicket of
arrows: they are written as one line each under the graph."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QScrollArea, QToolTip, QWidget

from ..common import theme
from .timeline_layout import stage_display

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 150, 44, 26, 60, 20
# Layers left to right (chosen by Fit when that shows the graph larger, on wide and short views).
H_NODE_W, H_GAP_LAYER, H_GAP_SLOT = 136, 96, 20
LABEL_MAX_W = 120
MIN_SCALE, MAX_SCALE = 0.35, 2.5
ZOOM_STEP = 1.25
NOTE_H = 20


def broad_moves(playbook: Any) -> list[str]:
    """One sentence per move the playbook allows from at least half of its stages (drawn as text, not
    arrows): "From any open stage (A-D, G-M): customer confirmed the case can close → F Last response"."""
    if playbook is None:
        return []
    notes = []
    for move in playbook.moves:
        if len(move.sources) * 2 < len(playbook.stages):
            continue
        target = playbook.stages[move.to]
        drawn = {t.source for t in playbook.transitions if t.to == move.to and set(t.on) & set(move.on)}
        sources = tuple(s for s in move.sources if s not in drawn)  # an arrow already says it for these
        notes.append(f"From any open stage ({_spans(playbook, sources)}): {move.when} → {target.id} {target.name}")
    return notes


def _spans(playbook: Any, sources: tuple[str, ...]) -> str:
    """Stage ids as runs in the playbook's order ("A-D, G-M")."""
    order = list(playbook.stages)
    picked = sorted(order.index(s) for s in sources if s in order)
    runs: list[list[int]] = []
    for i in picked:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return ", ".join(order[r[0]] if len(r) == 1 else f"{order[r[0]]}-{order[r[-1]]}" for r in runs)


@dataclass(frozen=True)
class NodeBox:
    id: str
    title: str
    layer: int
    slot: int


@dataclass(frozen=True)
class EdgeLabel:
    rect: QRectF  # in graph coordinates
    text: str  # as drawn (elided)
    full: str  # the transition's whole ``when``
    source: str
    to: str


def layered(playbook: Any) -> list[NodeBox]:
    """Stages by their distance from the initial stage along the graph's transitions; within a layer,
    ordered by where their parents sit (fewer crossing arrows)."""
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
    order = {sid: i for i, sid in enumerate(playbook.stages)}
    slots: dict[str, int] = {}
    boxes = []
    for layer in range(max(depth.values(), default=0) + 1):
        members = [sid for sid in playbook.stages if depth[sid] == layer]

        def parent_position(sid: str) -> float:
            parents = [slots[t.source] for t in playbook.transitions if t.to == sid and t.source in slots and t.graph]
            return sum(parents) / len(parents) if parents else float(order[sid])

        members.sort(key=lambda sid: (parent_position(sid), order[sid]))
        for slot, sid in enumerate(members):
            slots[sid] = slot
            boxes.append(NodeBox(sid, playbook.stages[sid].title, layer, slot))
    return boxes


class PlaybookMap(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self._playbook: Any = None
        self._current: str | None = None
        self._visited: set[str] = set()
        self.boxes: list[NodeBox] = []
        self.scale = 1.0
        self.fitted = True  # follows the viewport's size until the person zooms
        self._viewport: QScrollArea | None = None
        self.edge_labels: list[EdgeLabel] = []
        self.horizontal = False
        self.notes: list[str] = []  # broad moves, one line each under the graph

    # ----- zoom ----------------------------------------------------------------------------------------

    def set_viewport(self, scroll: QScrollArea) -> None:
        """The scroll area showing the map: Fit scales the graph to its visible size."""
        self._viewport = scroll
        scroll.setWidgetResizable(True)
        scroll.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.fitted:
            self.fit()
        return False

    def fit(self) -> None:
        self.fitted = True
        room = self._viewport.viewport().size() if self._viewport is not None else self.size()
        if self.boxes and room.width() > 10 and room.height() > 10:
            # Whichever direction shows the graph larger in this view.
            best = []
            for horizontal in (False, True):
                size = self.graph_size(horizontal)
                best.append((min(room.width() / size.width(), room.height() / size.height()), horizontal))
            scale, horizontal = max(best)
            if horizontal != self.horizontal:
                self.horizontal = horizontal
                self.edge_labels = self._place_edge_labels()
            self._set_scale(min(max(scale * 0.97, MIN_SCALE), 1.15))
        else:
            self._set_scale(1.0)

    def zoom_in(self) -> None:
        self.fitted = False
        self._set_scale(min(self.scale * ZOOM_STEP, MAX_SCALE))

    def zoom_out(self) -> None:
        self.fitted = False
        self._set_scale(max(self.scale / ZOOM_STEP, MIN_SCALE))

    def _set_scale(self, scale: float) -> None:
        self.scale = scale
        self.edge_labels = self._place_edge_labels()  # their text keeps a readable size: room changes
        needed = self.graph_size()
        self.setMinimumSize(QSize(int(needed.width() * scale), int(needed.height() * scale)))
        self.update()

    # ----- content -----------------------------------------------------------------------------------

    def show_playbook(self, playbook: Any, current: str | None, visited: set[str]) -> None:
        same = playbook is self._playbook
        self._playbook, self._current, self._visited = playbook, current, visited
        self.boxes = layered(playbook) if playbook else []
        self.notes = broad_moves(playbook)
        self.edge_labels = self._place_edge_labels()
        if self.fitted or not same:
            self.fit()
        else:
            self._set_scale(self.scale)

    def graph_size(self, horizontal: bool | None = None) -> QSize:
        core = self._boxes_size(horizontal)
        return QSize(core.width(), core.height() + NOTE_H * len(self.notes))

    def note_rects(self) -> list[QRectF]:
        """Where each broad-move line is written, in graph coordinates (under the boxes)."""
        core = self._boxes_size()
        width = max(core.width() - 2 * PAD, 200)
        return [QRectF(PAD, core.height() - PAD / 2 + i * NOTE_H, width, NOTE_H) for i in range(len(self.notes))]

    def _boxes_size(self, horizontal: bool | None = None) -> QSize:
        if not self.boxes:
            return QSize(200, 100)
        horizontal = self.horizontal if horizontal is None else horizontal
        layers = max(b.layer for b in self.boxes) + 1
        widest = max(sum(1 for b in self.boxes if b.layer == layer) for layer in range(layers))
        if horizontal:
            return QSize(
                layers * (H_NODE_W + H_GAP_LAYER) - H_GAP_LAYER + 2 * PAD,
                widest * (NODE_H + H_GAP_SLOT) - H_GAP_SLOT + 2 * PAD,
            )
        return QSize(widest * (NODE_W + GAP_X) - GAP_X + 2 * PAD, layers * (NODE_H + GAP_Y) - GAP_Y + 2 * PAD)

    def sizeHint(self) -> QSize:
        return self.graph_size()

    def node_rects(self) -> dict[str, QRectF]:
        """Each stage's box in graph coordinates (before scaling)."""
        per_layer: dict[int, int] = {}
        for b in self.boxes:
            per_layer[b.layer] = per_layer.get(b.layer, 0) + 1
        size = self._boxes_size()
        total = size.width()
        rects = {}
        for b in self.boxes:
            count = per_layer[b.layer]
            if self.horizontal:
                column_height = count * NODE_H + (count - 1) * H_GAP_SLOT
                top = (size.height() - column_height) / 2 + b.slot * (NODE_H + H_GAP_SLOT)
                rects[b.id] = QRectF(PAD + b.layer * (H_NODE_W + H_GAP_LAYER), top, H_NODE_W, NODE_H)
                continue
            row_width = count * NODE_W + (count - 1) * GAP_X
            left = (total - row_width) / 2 + b.slot * (NODE_W + GAP_X)
            rects[b.id] = QRectF(left, PAD + b.layer * (NODE_H + GAP_Y), NODE_W, NODE_H)
        return rects

    def _origin(self) -> QPointF:
        """Where graph coordinates start on the widget: centred when the widget is larger than the graph."""
        needed = self.graph_size()
        dx = max((self.width() - needed.width() * self.scale) / 2, 0)
        dy = max((self.height() - needed.height() * self.scale) / 2, 0) if self.fitted else 0
        return QPointF(dx, dy)

    def to_widget(self, rect: QRectF) -> QRectF:
        o = self._origin()
        return QRectF(
            o.x() + rect.x() * self.scale,
            o.y() + rect.y() * self.scale,
            rect.width() * self.scale,
            rect.height() * self.scale,
        )

    # ----- edges ---------------------------------------------------------------------------------------

    def _edges(self) -> list[tuple[Any, QPointF, QPointF, QPointF | None]]:
        """(transition, start, end, control point for a curve or None) in graph coordinates."""
        rects = self.node_rects()
        edges = []
        for t in self._playbook.transitions if self._playbook else []:
            if not t.graph or t.source not in rects or t.to not in rects:
                continue
            a, b = rects[t.source], rects[t.to]
            if self.horizontal:
                if b.center().x() > a.center().x():
                    edges.append(
                        (t, QPointF(a.right(), a.center().y() - 7), QPointF(b.left(), b.center().y() - 7), None)
                    )
                elif b.center().x() < a.center().x():
                    edges.append(
                        (t, QPointF(a.left(), a.center().y() + 7), QPointF(b.right(), b.center().y() + 7), None)
                    )
                else:
                    start, end = QPointF(a.right(), a.center().y()), QPointF(b.right(), b.center().y())
                    control = QPointF(a.right() + H_GAP_LAYER * 0.8, (start.y() + end.y()) / 2)
                    edges.append((t, start, end, control))
                continue
            if b.center().y() > a.center().y():
                start, end = QPointF(a.center().x() - 10, a.bottom()), QPointF(b.center().x() - 10, b.top())
                edges.append((t, start, end, None))
            elif b.center().y() < a.center().y():
                start, end = QPointF(a.center().x() + 10, a.top()), QPointF(b.center().x() + 10, b.bottom())
                edges.append((t, start, end, None))
            else:  # same layer: a curve under the row, clear of the boxes between
                start, end = QPointF(a.center().x(), a.bottom()), QPointF(b.center().x(), b.bottom())
                control = QPointF((start.x() + end.x()) / 2, a.bottom() + GAP_Y * 0.9)
                edges.append((t, start, end, control))
        return edges

    def _screen_font(self, smaller: float, least: float) -> QFont:
        """A font that shows at least ``least`` points on screen whatever the zoom (the painter is scaled)."""
        font = QFont(self.font())
        on_screen = max(font.pointSizeF() - smaller, least)
        # Zoomed out, the text is drawn larger in graph units so it still reads; zoomed in, it grows.
        font.setPointSizeF(on_screen / self.scale if self.scale < 1 else on_screen)
        return font

    def _label_font(self) -> QFont:
        return self._screen_font(2, 7)

    def _node_font(self) -> QFont:
        return self._screen_font(1, 7.5)

    def _place_edge_labels(self) -> list[EdgeLabel]:
        """Each arrow's ``when`` near its middle, moved along the arrow (and shortened) to keep clear of
        boxes and other labels; one that finds no room is left to the hover."""
        if not self._playbook:
            return []
        metrics = QFontMetrics(self._label_font())
        taken = [r.adjusted(-2, -2, 2, 2) for r in self.node_rects().values()]
        labels: list[EdgeLabel] = []
        for t, start, end, control in self._edges():
            if not t.when:
                continue
            placed = None
            for max_w in (LABEL_MAX_W, 70):
                text = metrics.elidedText(t.when, Qt.TextElideMode.ElideRight, max_w)
                w, h = metrics.horizontalAdvance(text) + 6, metrics.height() + 2
                for f in (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8):
                    point = _along(start, end, control, f)
                    rect = QRectF(point.x() - w / 2, point.y() - h / 2, w, h)
                    if not any(rect.intersects(other) for other in taken):
                        placed = (rect, text)
                        break
                if placed:
                    break
            if placed is None:
                continue
            taken.append(placed[0])
            labels.append(EdgeLabel(placed[0], placed[1], t.when, t.source, t.to))
        return labels

    # ----- hover -----------------------------------------------------------------------------------------

    def tooltip_at(self, x: float, y: float) -> str:
        point = QPointF(x, y)
        for note, rect in zip(self.notes, self.note_rects(), strict=True):
            if self.to_widget(rect).contains(point):
                return note
        for label in self.edge_labels:
            if self.to_widget(label.rect).contains(point):
                return f"{label.source} → {label.to}: {label.full}"
        for sid, rect in self.node_rects().items():
            if self.to_widget(rect).contains(point) and self._playbook:
                return f"{sid}: {self._playbook.stages[sid].title}"
        return ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        tip = self.tooltip_at(event.position().x(), event.position().y())
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()

    # ----- painting ----------------------------------------------------------------------------------

    def paintEvent(self, event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        p.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if not self._playbook:
            return
        origin = self._origin()
        p.translate(origin)
        p.scale(self.scale, self.scale)
        rects = self.node_rects()
        text = palette.color(QPalette.ColorRole.Text)
        accent = theme.accent()
        for t, start, end, control in self._edges():
            on_path = t.source in self._visited and t.to in self._visited
            self._arrow(p, start, end, control, accent if on_path else theme.muted(), 2 if on_path else 1)
        p.setFont(self._label_font())
        base = palette.color(QPalette.ColorRole.Base)
        for label in self.edge_labels:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(base)
            p.drawRoundedRect(label.rect, 3, 3)
            p.setPen(theme.muted())
            p.drawText(label.rect, Qt.AlignmentFlag.AlignCenter, label.text)
        note_metrics = QFontMetrics(p.font())
        p.setPen(text)
        for note, rect in zip(self.notes, self.note_rects(), strict=True):
            shown = note_metrics.elidedText(note, Qt.TextElideMode.ElideRight, int(rect.width()))
            p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
        font = self._node_font()
        badge_font = QFont(font)
        badge_font.setBold(True)
        badge_font.setPointSizeF(font.pointSizeF() * 0.85)
        metrics = QFontMetrics(font)
        badge_size = min(max(18.0, 13 / max(self.scale, 0.05)), NODE_H - 8)
        for b in self.boxes:
            rect = rects[b.id]
            path = QPainterPath()
            path.addRoundedRect(rect, 8, 8)
            p.setBrush(Qt.BrushStyle.NoBrush)
            if b.id == self._current:
                p.fillPath(path, accent)
                fg = palette.color(QPalette.ColorRole.HighlightedText)
            else:
                fill = QColor(accent)
                fill.setAlpha(60)
                p.fillPath(path, fill if b.id in self._visited else palette.color(QPalette.ColorRole.Window))
                p.setPen(QPen(accent if b.id in self._visited else theme.muted(), 1))
                p.drawPath(path)
                fg = text
            inner = rect.adjusted(8, 2, -6, -2)
            if len(b.id) <= 2:
                badge = QRectF(inner.left(), rect.center().y() - badge_size / 2, badge_size, badge_size)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(base if b.id == self._current else theme.muted())
                p.drawRoundedRect(badge, 4, 4)
                p.setFont(badge_font)
                p.setPen(accent if b.id == self._current else base)
                p.drawText(badge, Qt.AlignmentFlag.AlignCenter, b.id)
                inner.setLeft(badge.right() + 5)
            p.setFont(font)
            p.setPen(fg)
            lines = max(int(inner.height() // max(metrics.lineSpacing(), 1)), 1)
            name = metrics.elidedText(
                stage_display(self._playbook.stages[b.id]),
                Qt.TextElideMode.ElideRight,
                int(inner.width()) * lines - (8 if lines > 1 else 0),
            )
            p.drawText(
                inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, name
            )

    def _arrow(
        self, p: QPainter, start: QPointF, end: QPointF, control: QPointF | None, color: QColor, width: int
    ) -> None:
        p.setPen(QPen(color, width))
        p.setBrush(Qt.BrushStyle.NoBrush)
        if control is None:
            p.drawLine(start, end)
            tail = start
        else:
            path = QPainterPath(start)
            path.quadTo(control, end)
            p.drawPath(path)
            tail = control
        direction = end - tail
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
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon(head)


def _along(start: QPointF, end: QPointF, control: QPointF | None, f: float) -> QPointF:
    if control is None:
        return start + (end - start) * f
    a = start + (control - start) * f
    b = control + (end - control) * f
    return a + (b - a) * f
