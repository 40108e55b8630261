"""The Events tab of the case view: every event of the case, newest first, in words (ids never shown)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from ...core.events import KINDS
from ...core.model import Case
from ...core.timefmt import short_instant
from .timeline_layout import event_details, event_title


def fill_events(tree: QTreeWidget, case: Case, cal: Any) -> None:
    """Fill ``tree`` with the events of ``case``, in ``cal``'s local time."""
    tree.clear()
    for event in reversed(case.sorted_events()):
        fields = {k: v for k, v in event.fields.items() if k not in ("message_id", "fingerprint")}  # ids, not words
        default = KINDS[event.kind].title if event.kind in KINDS else event.kind.replace("_", " ").capitalize()
        item = QTreeWidgetItem(
            [
                short_instant(cal.local(event.at)),
                event_title(event.kind, fields, default),
                event_details(event.kind, fields, cal),
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, event.at)  # activating it shows the email's kept text
        if event.fields.get("forced"):
            item.setToolTip(2, f"Recorded as an override: {event.fields.get('override_reason', '')}")
        tree.addTopLevelItem(item)
