"""The timeline for a keyboard and a screen reader: its events as an accessible list, one item a line.

The painted timeline has no child widgets, so a screen reader would meet one blank picture. Each case
event (and the next action) becomes a :class:`TimelineItem` with its text in words; the widget steps
through them with the arrow keys, and :class:`TimelineAccessible` (installed once through Qt's
accessibility factory) presents them as a List with one ListItem per event, the stepped-to one focused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QWidget

from ...core.events import event_label
from ...core.timefmt import short_instant
from .timeline_layout import event_details


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    text: str  # what a screen reader says and a keyboard user reads
    is_next: bool = False


def timeline_items(status: Any, calendar: Any, now: datetime) -> list[TimelineItem]:
    """Every event of the case in time order, then the next action, each in one line of words."""
    if status is None:
        return []
    case = status.case
    items = []
    if case.opened_at:
        items.append(TimelineItem(case.opened_at, f"{short_instant(calendar.local(case.opened_at))} · Case opened"))
    for event in case.sorted_events():
        fields = {k: v for k, v in event.fields.items() if k != "message_id"}  # an id, not words
        line = f"{short_instant(calendar.local(event.at))} · {event_label(event.kind, fields)}"
        details = event_details(event.kind, fields, calendar)
        if details:
            line += f" ({details})"
        if event.at > now:
            line += " · not yet happened"
        items.append(TimelineItem(event.at, line))
    action = status.next_action
    if action is not None and action.due is not None:
        head = "Overdue" if action.overdue else "Next"
        when = short_instant(calendar.local(action.due))
        items.append(
            TimelineItem(action.due, f"{head}: {action.title}, due {when} · {action.why.split(' = ', 1)[-1]}", True)
        )
    return items


class TimelineItemAccessible(QAccessibleInterface):
    """One event of the timeline as a list item: its text, and its place on screen when drawn."""

    def __init__(self, owner: TimelineAccessible, index: int) -> None:
        super().__init__()
        self._owner = owner
        self.index = index

    def _timeline(self) -> Any:
        return self._owner.widget()

    def isValid(self) -> bool:
        return self.index < len(self._timeline().items)

    def object(self) -> Any:
        return None

    def window(self) -> Any:
        return self._timeline().window().windowHandle()

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.ListItem

    def text(self, kind: QAccessible.Text) -> str:
        items = self._timeline().items
        if kind == QAccessible.Text.Name and self.index < len(items):
            return str(items[self.index].text)
        return ""

    def setText(self, kind: QAccessible.Text, text: str) -> None:
        return None

    def rect(self) -> QRect:
        local = self._timeline().item_rect(self.index)
        if local is None:
            return QRect()
        return QRect(self._timeline().mapToGlobal(local.topLeft()), local.size())

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        state.focusable = True
        state.selectable = True
        current = self._timeline().current_item == self.index
        state.focused = current and self._timeline().hasFocus()
        state.selected = current
        state.invisible = self._timeline().item_rect(self.index) is None
        return state

    def parent(self) -> QAccessibleInterface:
        return self._owner

    def childCount(self) -> int:
        return 0

    def child(self, index: int) -> Any:
        return None

    def indexOfChild(self, child: Any) -> int:
        return -1

    def childAt(self, x: int, y: int) -> Any:
        return None

    def relations(self, match: Any = None) -> list[Any]:
        return []

    def focusChild(self) -> Any:
        return None


class TimelineAccessible(QAccessibleWidget):
    """The timeline as a List of its events."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.List, "Case timeline")
        self._children: dict[int, TimelineItemAccessible] = {}

    def childCount(self) -> int:
        return len(self.widget().items)  # type: ignore[attr-defined]

    def child(self, index: int) -> Any:
        if not 0 <= index < self.childCount():
            return None
        if index not in self._children:
            self._children[index] = TimelineItemAccessible(self, index)
        return self._children[index]

    def indexOfChild(self, child: Any) -> int:
        return int(getattr(child, "index", -1))

    def focusChild(self) -> Any:
        current = self.widget().current_item  # type: ignore[attr-defined]
        return self.child(current) if current is not None else None


_installed: list[bool] = []


def _factory(key: str, obj: Any) -> Any:
    # By class name (the timeline imports this module, not the reverse: no import circle).
    if key == "TimelineWidget" and isinstance(obj, QWidget):
        interface = TimelineAccessible(obj)
        obj._accessible = interface  # kept alive with the widget (Qt caches the interface for it)
        return interface
    return None


def install() -> None:
    """Register the timeline's accessible interface with Qt, once per process."""
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed.append(True)


def announce(widget: QWidget, index: int) -> None:
    """Tell assistive technology that the item under the keyboard cursor changed."""
    for kind in (QAccessible.Event.Focus, QAccessible.Event.Selection):
        event = QAccessibleEvent(widget, kind)
        event.setChild(index)
        QAccessible.updateAccessibility(event)
