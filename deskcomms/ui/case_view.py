"""The case view: who the customer is (and their local time), flags, SLA, the next action with its
explanation, the buttons the current stage allows, and the lifecycle timeline, events and playbook map.

Everything shown here comes from core's Status for the case; the view computes no due date.
"""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedLayout,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.engine import Status, customer_clock, default_fields, offered_events
from ..core.events import KINDS
from ..core.model import Case
from ..core.timefmt import relative, short_instant
from . import theme
from .playbook_map import PlaybookMap
from .session import Session
from .timeline import TimelineWidget
from .widgets import clear_layout

# Short button labels for the most frequent events (the menu uses the vocabulary's full titles).
BUTTON_LABELS = {
    "fqr_sent": "FQR sent",
    "email_sent": "Email sent",
    "call_reached": "Call reached",
    "call_no_answer": "No answer",
    "voicemail_left": "Voicemail left",
    "customer_replied": "Customer replied",
    "pending_research": "Pending research…",
    "pending_customer": "Pending customer…",
    "meeting_scheduled": "Schedule meeting…",
    "meeting_held": "Meeting held",
    "resolution_provided": "Resolution provided",
    "confirmation_received": "Customer confirmed",
    "unresponsive": "Unresponsive",
    "tam_contacted": "TAM contacted",
    "strike_sent": "Strike sent…",
    "lqr_sent": "LQR sent",
    "eta_set": "Set ETA…",
    "reopened": "Reopen",
    "closed": "Close case",
}
FLAG_STYLE = {
    "do_not_contact": ("Do not contact", "#c62828"),
    "dissatisfied": ("Dissatisfied", "#c62828"),
    "premier": ("Premier", "#6a1b9a"),
    "paused": ("Paused", "#607d8b"),
    "no_eta": ("No ETA", "#b26a00"),
    "eta_missed": ("ETA missed", "#c62828"),
    "closing_guard": ("Closing guarded", "#607d8b"),
}


def chip(text: str, color: str) -> QLabel:
    if theme.is_dark():  # the same hue, light enough to read on a dark window
        from PySide6.QtGui import QColor

        color = QColor(color).lighter(190).name()
    label = QLabel(text)
    label.setStyleSheet(
        f"QLabel {{ border: 1px solid {color}; color: {color}; border-radius: 9px; padding: 1px 8px; }}"
    )
    return label


class CaseView(QWidget):
    """Shows one case. Emits ``changed(number)`` after it recorded or undid an event or edited the case."""

    changed = Signal(str)
    edit_requested = Signal(str)

    def __init__(self, session: Session, user_templates: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case: Case | None = None
        self.status: Status | None = None
        # Until a case is chosen, a plain hint instead of an empty form.
        self.stack = QStackedLayout(self)
        self.placeholder = QLabel("No case selected.\n\nChoose one in the list, or press Ctrl+N for a new case.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet(f"color: {theme.muted().name()}; font-size: 12pt;")
        self.stack.addWidget(self.placeholder)
        content = QWidget()
        self.stack.addWidget(content)
        outer = QVBoxLayout(content)
        outer.setContentsMargins(12, 8, 12, 8)

        self.header = QLabel("No case selected")
        self.header.setObjectName("case_header")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        outer.addWidget(self.header)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        chips_holder = QWidget()
        chips_holder.setLayout(self.chips)
        self.chips.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(chips_holder)

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        self.customer = QLabel()
        self.customer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.customer_time = QLabel()
        self.tam = QLabel()
        self.sla = QLabel()
        self.sla.setTextFormat(Qt.TextFormat.RichText)
        self.sla.setWordWrap(True)  # long lines must not widen the view and squeeze the case list
        self.customer_time.setWordWrap(True)
        grid.addWidget(self._caption("Customer"), 0, 0)
        grid.addWidget(self.customer, 1, 0)
        grid.addWidget(self._caption("Their time"), 0, 1)
        grid.addWidget(self.customer_time, 1, 1)
        grid.addWidget(self._caption("TAM"), 0, 2)
        grid.addWidget(self.tam, 1, 2)
        grid.addWidget(self._caption("Response times"), 0, 3)
        grid.addWidget(self.sla, 1, 3)
        grid.setColumnStretch(3, 1)
        outer.addLayout(grid)

        self.next_box = QFrame()
        self.next_box.setObjectName("next_box")
        self.next_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.next_box)
        self.next_title = QLabel()
        self.next_title.setObjectName("next_title")
        self.next_title.setTextFormat(Qt.TextFormat.RichText)
        self.next_why = QLabel()
        self.next_why.setObjectName("next_why")
        self.next_why.setWordWrap(True)
        self.next_why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tasks = QLabel()
        self.tasks.setWordWrap(True)
        box.addWidget(self.next_title)
        box.addWidget(self.next_why)
        box.addWidget(self.tasks)
        outer.addWidget(self.next_box)

        self.buttons_row = QHBoxLayout()
        self.buttons_row.setSpacing(6)
        outer.addLayout(self.buttons_row)

        self.tabs = QTabWidget()
        self.timeline = TimelineWidget()
        self.tabs.addTab(self.timeline, "Timeline")
        zoom = QWidget()
        zoom_row = QHBoxLayout(zoom)
        zoom_row.setContentsMargins(0, 0, 4, 0)
        for text, tip, slot in (
            ("−", "Zoom out (−, Ctrl+wheel)", lambda: self.timeline.zoom(1.25)),
            ("+", "Zoom in (+, Ctrl+wheel)", lambda: self.timeline.zoom(0.8)),
            ("Fit", "Show the whole case", self.timeline.fit),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            zoom_row.addWidget(button)
        self.tabs.setCornerWidget(zoom)
        self.events = QTreeWidget()
        self.events.setHeaderLabels(["When", "Event", "Details"])
        self.events.setRootIsDecorated(False)
        self.events.setColumnWidth(0, 150)
        self.events.setColumnWidth(1, 220)
        self.tabs.addTab(self.events, "Events")
        self.map = PlaybookMap()
        map_scroll = QScrollArea()
        map_scroll.setWidget(self.map)
        map_scroll.setWidgetResizable(True)
        self.tabs.addTab(map_scroll, "Playbook map")
        from .call_panel import CallPanel
        from .draft_panel import DraftPanel

        self.draft_panel = DraftPanel(session, user_templates)
        self.draft_panel.marked_sent.connect(self._after_external_change)
        self.tabs.addTab(self.draft_panel, "Draft")
        self.call_panel = CallPanel(session)
        self.call_panel.outcome_recorded.connect(self._after_call)
        self.tabs.addTab(self.call_panel, "Call prep")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs.addTab(self.notes, "Notes")
        outer.addWidget(self.tabs, 1)
        self.setEnabled(False)

    def _caption(self, text: str) -> QLabel:
        label = QLabel(text.upper())
        font = label.font()
        font.setPointSizeF(max(font.pointSizeF() - 2, 7))
        font.setBold(True)
        label.setFont(font)
        palette_color = theme.muted()
        label.setStyleSheet(
            f"color: rgba({palette_color.red()},{palette_color.green()},"
            f"{palette_color.blue()},{palette_color.alpha()});"
        )
        return label

    # ----- showing a case ---------------------------------------------------------------------------

    def show_case(self, number: str | None) -> None:
        case = self.session.store.get_case(number) if number else None
        self.case = case
        self.setEnabled(case is not None)
        self.stack.setCurrentIndex(0 if case is None else 1)
        if case is None:
            self.status = None
            self.header.setText("No case selected")
            self.timeline.clear()
            return
        self.status = status = self.session.status(case)
        now = self.session.now()
        cal = self.session.calendar
        esc = html.escape
        self.header.setText(
            f"<span style='font-size:15pt; font-weight:600'>{esc(case.number)}</span>"
            f"&nbsp;&nbsp;<span style='font-size:13pt'>{esc(case.title)}</span>"
            f"<br><span>{esc(case.technology)} · {esc(status.playbook.title)} · "
            f"opened {short_instant(cal.local(case.opened_at or now))}</span>"
        )
        self._show_chips(status)
        c = case.customer
        self.customer.setText("\n".join(x for x in (c.name, c.email, c.phone) if x) or "—")
        clock = customer_clock(case, cal, now)
        if clock is None:
            self.customer_time.setText("zone not set")
        else:
            local, inside = clock
            self.customer_time.setText(
                f"{local:%a %H:%M} {c.timezone}\n{'inside' if inside else 'outside'} their business hours"
            )
        self.tam.setText(f"{case.tam.name}\n{case.tam.email}" if case.tam else "—")
        sla_lines = []
        for s in status.sla:
            state = {"met": "met", "breached": "breached"}.get(s.state) or f"due {short_instant(cal.local(s.due))}"
            sla_lines.append(f"<span style='color:{theme.SLA_COLORS[s.state]}'>●</span> {esc(s.title)}: {state}")
        self.sla.setText("<br>".join(sla_lines) or "—")
        self._show_next(status, now)
        self._show_buttons(status)
        self.timeline.show_status(status, cal, now)
        self._show_events(case)
        self.map.show_playbook(
            status.playbook, None if status.closed else status.stage.id, {p.stage for p in status.path}
        )
        self.notes.setText(case.notes or "No notes. Edit the case to add some.")
        self.draft_panel.show_case(case, status)
        self.call_panel.show_case(case, status)

    def _show_chips(self, status: Status) -> None:
        clear_layout(self.chips)
        stage = "Closed" if status.closed else f"{status.stage.id} · {status.stage.title}"
        self.chips.addWidget(chip(stage, theme.accent().name()))
        ball = {"ours": "Ball: ours", "theirs": "Ball: customer", "none": "Ball: —"}[status.ball]
        self.chips.addWidget(chip(ball, "#455a64"))
        for flag in status.flags:
            text, color = FLAG_STYLE.get(flag.code, (flag.code, "#607d8b"))
            label = chip(text, color)
            label.setToolTip(flag.text)
            self.chips.addWidget(label)
        self.chips.addStretch(1)

    def _show_next(self, status: Status, now: Any) -> None:
        action = status.next_action
        if action is None:
            self.next_title.setText("<b>Nothing due</b>")
            self.next_why.setText("This case is closed." if status.closed else "")
            self.tasks.setText("")
            return
        cal = self.session.calendar
        if action.due is not None:
            hours_left = (action.due - now).total_seconds() / 3600
            color = theme.urgency_color(action.overdue, hours_left).name()
            when = f"{short_instant(cal.local(action.due))} · {relative(action.due - now)}"
        else:
            color, when = theme.muted().name(), ""
        self.next_title.setText(
            f"<span style='font-size:13pt; font-weight:600'>{html.escape(action.title)}</span>"
            f"&nbsp;&nbsp;<span style='color:{color}; font-weight:600'>{when}</span>"
        )
        self.next_why.setText(action.why)
        self.tasks.setText(
            "\n".join(
                f"Also: {t.title}" + (f" (due {short_instant(cal.local(t.due))})" if t.due else "")
                for t in status.tasks
            )
        )

    def _show_buttons(self, status: Status) -> None:
        clear_layout(self.buttons_row)
        primary, others = offered_events(status)
        for kind in primary[:5]:
            button = QPushButton(BUTTON_LABELS.get(kind, KINDS[kind].title))
            button.setObjectName(f"event_{kind}")
            button.setToolTip(KINDS[kind].title)
            button.clicked.connect(lambda _=False, k=kind: self.record(k))
            self.buttons_row.addWidget(button)
        more = QToolButton()
        more.setText("More ▾")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        for kind in [*primary[5:], *others]:
            action = QAction(KINDS[kind].title, menu)
            action.setObjectName(f"menu_{kind}")
            action.triggered.connect(lambda _=False, k=kind: self.record(k))
            menu.addAction(action)
        menu.addSeparator()
        if status.next_action is not None and status.next_action.due is not None:
            snooze = menu.addMenu("Snooze this reminder")
            for label, choice in (
                ("15 minutes", "15min"),
                ("1 hour", "1h"),
                ("Tomorrow morning", "tomorrow"),
                ("Until a time…", "chosen"),
            ):
                item = QAction(label, snooze)
                item.setObjectName(f"snooze_{choice}")
                item.triggered.connect(lambda _=False, c=choice: self.snooze_reminder(c))
                snooze.addAction(item)
        undo = QAction("Undo last event", menu)
        undo.triggered.connect(self.undo_last)
        undo.setEnabled(bool(self.case and self.case.events))
        menu.addAction(undo)
        edit = QAction("Edit case…", menu)
        edit.triggered.connect(lambda: self.edit_requested.emit(self.case.number if self.case else ""))
        menu.addAction(edit)
        more.setMenu(menu)
        self.buttons_row.addWidget(more)
        self.buttons_row.addStretch(1)
        self.more_menu = menu

    def _show_events(self, case: Case) -> None:
        self.events.clear()
        cal = self.session.calendar
        for event in reversed(case.sorted_events()):
            details = ", ".join(
                f"{k}={v}" for k, v in event.fields.items() if k not in ("override_reason", "message_id")
            )
            item = QTreeWidgetItem(
                [
                    short_instant(cal.local(event.at)),
                    KINDS.get(event.kind, None).title if event.kind in KINDS else event.kind,
                    details,
                ]
            )
            if event.fields.get("forced"):
                item.setToolTip(2, f"Recorded as an override: {event.fields.get('override_reason', '')}")
            self.events.addTopLevelItem(item)

    # ----- recording ------------------------------------------------------------------------------

    def record(self, kind: str, *, event: Any = None) -> bool:
        """Ask for the event's fields (if it has any), check it against the playbook, store it."""
        if self.case is None or self.status is None:
            return False
        from .dialogs import EventDialog

        now = self.session.now()
        if event is None:
            spec = KINDS[kind]
            defaults = default_fields(kind, self.status, self.session.calendar, now)
            needs_dialog = bool(spec.fields) and (
                any(f.required for f in spec.fields.values())
                or defaults
                or kind in ("pending_customer", "resolution_provided")
            )
            if needs_dialog:
                dialog = EventDialog(kind, defaults, self.session.calendar, now, self)
                if dialog.exec() != EventDialog.DialogCode.Accepted:
                    return False
                event = dialog.result_event
            else:
                from ..core.model import Event

                event = Event(now.replace(microsecond=0), kind, {})
        problems = self.session.problems(self.case, event)
        override = None
        if problems:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "The playbook does not expect this",
                "\n".join(f"• {p}" for p in problems),
                parent=self,
            )
            box.setInformativeText("Record it anyway? It will be marked as an override.")
            record_anyway = box.addButton("Record anyway", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is not record_anyway:
                return False
            override = problems
        self.session.record(self.case, event, override=override)
        self.changed.emit(self.case.number)
        self.show_case(self.case.number)
        return True

    def _after_external_change(self) -> None:
        if self.case is not None:
            number = self.case.number
            self.changed.emit(number)
            self.show_case(number)

    def _after_call(self, kind: str) -> None:
        """A voicemail offers the "I called and left a voicemail" email at once (playbook.md §7)."""
        self._after_external_change()
        if kind in ("voicemail_left", "call_no_answer") and self.case is not None and self.status is not None:
            self.draft_panel.show_case(self.case, self.status, template="voicemail_followup")
            self.tabs.setCurrentWidget(self.draft_panel)

    def open_draft(self) -> None:
        self.tabs.setCurrentWidget(self.draft_panel)

    def snooze_reminder(self, choice: str, chosen: Any = None) -> None:
        """Hold this case's reminder back (the due date itself does not move)."""
        from ..core.reminders import reminder_key, snooze_until

        action = self.status.next_action if self.status else None
        if self.case is None or action is None or action.due is None:
            return
        cal, now = self.session.calendar, self.session.now()
        if choice == "chosen" and chosen is None:
            from .dialogs import pick_datetime

            chosen = pick_datetime(self, "Snooze until", "Remind me again at", now + timedelta(hours=1), cal)
            if chosen is None:
                return
        until = snooze_until(choice, cal, now, chosen)
        self.session.store.snooze(reminder_key(self.case.number, action.id, action.due), until)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                f"Reminder for {self.case.number} snoozed until {short_instant(cal.local(until))}", 5000
            )

    def undo_last(self) -> None:
        if self.case is None or not self.case.events:
            return
        last = max(self.case.events, key=lambda e: e.id or 0)
        title = KINDS[last.kind].title if last.kind in KINDS else last.kind
        answer = QMessageBox.question(
            self,
            "Undo last event",
            f"Remove “{title}” recorded for {short_instant(self.session.calendar.local(last.at))}?",
        )
        if answer != QMessageBox.StandardButton.Yes or last.id is None:
            return
        self.session.store.delete_event(last.id)
        self.changed.emit(self.case.number)
        self.show_case(self.case.number)
