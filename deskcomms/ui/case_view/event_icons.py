"""Event icons painted as vector paths, so they look the same on every machine.

Font glyphs (✉, ⧗, ☎…) show as empty boxes where the font lacks them (DejaVu under Xvfb had no hourglass);
these shapes need no font. Each icon is drawn in a unit box (-1..1) and scaled to the marker's radius.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen


def _envelope(p: QPainterPath) -> None:
    p.addRect(QRectF(-0.75, -0.5, 1.5, 1.0))
    p.moveTo(-0.75, -0.5)
    p.lineTo(0, 0.1)
    p.lineTo(0.75, -0.5)


def _phone(p: QPainterPath) -> None:
    # a handset: two ear/mouth pieces joined by an arc
    p.moveTo(-0.6, -0.55)
    p.quadTo(-0.85, 0.25, 0.05, 0.7)
    p.moveTo(-0.7, -0.6)
    p.lineTo(-0.35, -0.75)
    p.lineTo(-0.2, -0.35)
    p.lineTo(-0.5, -0.2)
    p.moveTo(0.0, 0.75)
    p.lineTo(0.35, 0.6)
    p.lineTo(0.2, 0.25)
    p.lineTo(-0.1, 0.4)


def _voicemail(p: QPainterPath) -> None:
    p.addEllipse(QPointF(-0.45, 0.1), 0.3, 0.3)
    p.addEllipse(QPointF(0.45, 0.1), 0.3, 0.3)
    p.moveTo(-0.45, 0.4)
    p.lineTo(0.45, 0.4)


def _clock(p: QPainterPath) -> None:
    p.addEllipse(QPointF(0, 0), 0.72, 0.72)
    p.moveTo(0, -0.45)
    p.lineTo(0, 0)
    p.lineTo(0.35, 0.2)


def _hourglass(p: QPainterPath) -> None:
    p.moveTo(-0.55, -0.7)
    p.lineTo(0.55, -0.7)
    p.lineTo(-0.55, 0.7)
    p.lineTo(0.55, 0.7)
    p.closeSubpath()


def _reply(p: QPainterPath) -> None:
    p.moveTo(-0.2, -0.6)
    p.lineTo(-0.7, -0.15)
    p.lineTo(-0.2, 0.3)
    p.moveTo(-0.7, -0.15)
    p.quadTo(0.6, -0.2, 0.6, 0.6)


def _star(p: QPainterPath) -> None:
    for i in range(10):
        r = 0.8 if i % 2 == 0 else 0.35
        a = -math.pi / 2 + i * math.pi / 5
        point = QPointF(r * math.cos(a), r * math.sin(a))
        p.moveTo(point) if i == 0 else p.lineTo(point)
    p.closeSubpath()


def _check(p: QPainterPath) -> None:
    p.moveTo(-0.6, 0.0)
    p.lineTo(-0.15, 0.45)
    p.lineTo(0.65, -0.45)


def _cross(p: QPainterPath) -> None:
    p.moveTo(-0.5, -0.5)
    p.lineTo(0.5, 0.5)
    p.moveTo(0.5, -0.5)
    p.lineTo(-0.5, 0.5)


def _flag(p: QPainterPath) -> None:
    p.moveTo(-0.5, 0.8)
    p.lineTo(-0.5, -0.7)
    p.lineTo(0.6, -0.45)
    p.lineTo(-0.5, -0.1)


def _stop(p: QPainterPath) -> None:
    p.addRect(QRectF(-0.5, -0.5, 1.0, 1.0))


def _dot(p: QPainterPath) -> None:
    p.addEllipse(QPointF(0, 0), 0.32, 0.32)


def _search(p: QPainterPath) -> None:
    p.addEllipse(QPointF(-0.15, -0.15), 0.45, 0.45)
    p.moveTo(0.17, 0.17)
    p.lineTo(0.65, 0.65)


def _person(p: QPainterPath) -> None:
    p.addEllipse(QPointF(0, -0.35), 0.3, 0.3)
    p.moveTo(-0.6, 0.7)
    p.quadTo(0, -0.2, 0.6, 0.7)


def _people(p: QPainterPath) -> None:
    p.addEllipse(QPointF(-0.35, -0.3), 0.22, 0.22)
    p.addEllipse(QPointF(0.35, -0.3), 0.22, 0.22)
    p.moveTo(-0.75, 0.6)
    p.quadTo(-0.35, -0.1, 0.0, 0.6)
    p.moveTo(0.0, 0.6)
    p.quadTo(0.35, -0.1, 0.75, 0.6)


def _pause(p: QPainterPath) -> None:
    p.moveTo(-0.3, -0.5)
    p.lineTo(-0.3, 0.5)
    p.moveTo(0.3, -0.5)
    p.lineTo(0.3, 0.5)


def _play(p: QPainterPath) -> None:
    p.moveTo(-0.35, -0.55)
    p.lineTo(0.55, 0)
    p.lineTo(-0.35, 0.55)
    p.closeSubpath()


def _pencil(p: QPainterPath) -> None:
    p.moveTo(-0.6, 0.6)
    p.lineTo(-0.5, 0.25)
    p.lineTo(0.35, -0.6)
    p.lineTo(0.6, -0.35)
    p.lineTo(-0.25, 0.5)
    p.closeSubpath()


def _reopen(p: QPainterPath) -> None:
    p.arcMoveTo(QRectF(-0.6, -0.6, 1.2, 1.2), 60)
    p.arcTo(QRectF(-0.6, -0.6, 1.2, 1.2), 60, 280)
    p.moveTo(0.3, -0.75)
    p.lineTo(0.3, -0.45)
    p.lineTo(0.0, -0.45)


def _away(p: QPainterPath) -> None:
    # a door with an arrow leaving it: out of office
    p.addRect(QRectF(-0.7, -0.65, 0.7, 1.3))
    p.moveTo(-0.25, 0)
    p.lineTo(0.7, 0)
    p.moveTo(0.4, -0.3)
    p.lineTo(0.7, 0)
    p.lineTo(0.4, 0.3)


def _silent(p: QPainterPath) -> None:
    p.addEllipse(QPointF(0, 0), 0.55, 0.55)
    p.moveTo(-0.6, 0.6)
    p.lineTo(0.6, -0.6)


def _bounce(p: QPainterPath) -> None:
    # an envelope coming back, crossed: our email was not delivered
    p.addRect(QRectF(-0.75, -0.45, 1.2, 0.85))
    p.moveTo(-0.75, -0.45)
    p.lineTo(-0.15, 0.05)
    p.lineTo(0.45, -0.45)
    p.moveTo(0.35, 0.25)
    p.lineTo(0.85, 0.75)
    p.moveTo(0.85, 0.25)
    p.lineTo(0.35, 0.75)


SHAPES = {
    "envelope": _envelope,
    "phone": _phone,
    "voicemail": _voicemail,
    "clock": _clock,
    "hourglass": _hourglass,
    "reply": _reply,
    "star": _star,
    "check": _check,
    "cross": _cross,
    "flag": _flag,
    "stop": _stop,
    "dot": _dot,
    "search": _search,
    "person": _person,
    "people": _people,
    "pause": _pause,
    "play": _play,
    "pencil": _pencil,
    "reopen": _reopen,
    "away": _away,
    "silent": _silent,
    "bounce": _bounce,
}
FILLED = {"star", "stop", "dot", "play"}


def icon_path(name: str) -> QPainterPath:
    """The icon's outline in the unit box; unknown names give a dot."""
    path = QPainterPath()
    SHAPES.get(name, _dot)(path)
    return path


def paint_icon(painter: QPainter, name: str, center: QPointF, radius: float, color: QColor) -> None:
    """The icon drawn inside a circle of ``radius`` at ``center``, in ``color`` strokes."""
    painter.save()
    painter.translate(center)
    scale = radius * 0.62
    painter.scale(scale, scale)
    pen = QPen(color, 1.6 / scale)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(QBrush(color) if name in FILLED else Qt.BrushStyle.NoBrush)
    painter.drawPath(icon_path(name))
    painter.restore()
