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
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.engine import Status, customer_clock, default_fields, offered_events
from ...core.events import KINDS
from ...core.model import Case
from ...core.timefmt import relative, short_instant
from ..common import theme
from ..common.widgets import FlowLayout, chip, clear_layout
from ..shell.session import Session
from .playbook_map import PlaybookMap
from .timeline import TimelineWidget
from .timeline_layout import event_title, stage_display

FLAG_STYLE = {
    "do_not_contact": ("Do not contact", "danger"),
    "dissatisfied": ("Dissatisfied", "danger"),
    "premier": ("Premier", "special"),
    "paused": ("Paused", "neutral"),
    "no_eta": ("No ETA", "warning"),
    "eta_missed": ("ETA missed", "danger"),
    "closing_guard": ("Closing guarded", "neutral"),
    "not_fitting": ("Event off the playbook", "warning"),
    "delivery_failed": ("Email bounced", "danger"),
}


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
        chips_row = QHBoxLayout()
        chips_row.setContentsMargins(0, 0, 0, 0)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        chips_holder = QWidget()
        chips_holder.setLayout(self.chips)
        self.chips.setContentsMargins(0, 0, 0, 0)
        chips_row.addWidget(chips_holder, 1)
        # The customer, TAM and SLA block folds away to give the tabs room on small screens (remembered).
        self.details_toggle = QToolButton()
        self.details_toggle.setObjectName("details_toggle")
        self.details_toggle.setCheckable(True)
        self.details_toggle.setChecked(True)
        self.details_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_toggle.setAutoRaise(True)
        self.details_toggle.toggled.connect(lambda shown: self.set_details_shown(shown, remember=True))
        chips_row.addWidget(self.details_toggle)
        outer.addLayout(chips_row)

        self.details = QWidget()
        self.details.setObjectName("case_details")
        grid = QGridLayout(self.details)
        grid.setContentsMargins(0, 0, 0, 0)
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
        # Response times get the full width below: one line each on a wide view, wrapping on a narrow one.
        grid.addWidget(self._caption("Response times"), 2, 0, 1, 3)
        grid.addWidget(self.sla, 3, 0, 1, 3)
        grid.setColumnStretch(2, 1)
        outer.addWidget(self.details)

        self.next_box = QFrame()
        self.next_box.setObjectName("next_box")
        self.next_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.next_box)
        self.next_title = QLabel()
        self.next_title.setObjectName("next_title")
        self.next_title.setTextFormat(Qt.TextFormat.RichText)
        self.next_title.setWordWrap(True)
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

        buttons_holder = QWidget()
        self.buttons_row = FlowLayout(buttons_holder)
        outer.addWidget(buttons_holder)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Case views")
        self.timeline = TimelineWidget()
        self.timeline.setToolTip("Click an email's event to read its text")
        self.timeline.marker_clicked.connect(self.show_mail)
        self.tabs.addTab(self.timeline, "Timeline")
        zoom = QWidget()
        zoom_row = QHBoxLayout(zoom)
        zoom_row.setContentsMargins(0, 0, 4, 0)
        self.zoom_buttons: dict[str, QToolButton] = {}
        for text, tip, name in (
            ("−", "Zoom out (−, Ctrl+wheel)", "zoom_out"),
            ("+", "Zoom in (+, Ctrl+wheel over the place to look at)", "zoom_in"),
            ("Fit", "Show the whole case (0)", "fit"),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setObjectName(name)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, n=name: self._zoom(n))
            zoom_row.addWidget(button)
            self.zoom_buttons[name] = button
        self.tabs.setCornerWidget(zoom)
        self.events = QTreeWidget()
        self.events.setAccessibleName("Case events")
        self.events.setHeaderLabels(["When", "Event", "Details"])
        self.events.setRootIsDecorated(False)
        self.events.setColumnWidth(0, 150)
        self.events.setColumnWidth(1, 220)
        self.events.setToolTip("Double-click (or Enter on) an email's event to read its text")
        self.events.itemActivated.connect(lambda item, _c: self.show_mail([item.data(0, Qt.ItemDataRole.UserRole)]))
        self.tabs.addTab(self.events, "Events")
        self.map = PlaybookMap()
        self.map_scroll = map_scroll = QScrollArea()
        map_scroll.setAccessibleName("Playbook map")
        map_scroll.setWidget(self.map)
        map_scroll.setWidgetResizable(True)
        self.map.set_viewport(map_scroll)
        index = self.tabs.addTab(map_scroll, "Map")
        self.tabs.setTabToolTip(index, "The playbook map: every stage and transition, this case's path lit")
        self.tabs.currentChanged.connect(lambda _i: self._sync_zoom_buttons())
        from ..drafting.draft_panel import DraftPanel
        from .call_panel import CallPanel

        self.draft_panel = DraftPanel(session, user_templates)
        self.draft_panel.marked_sent.connect(self._after_external_change)
        # The draft's own minimum width must not push the case list off a 1024-wide window.
        policy = self.draft_panel.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.draft_panel.setSizePolicy(policy)
        self.tabs.addTab(self.draft_panel, "Draft")
        self.call_panel = CallPanel(session)
        self.call_panel.outcome_recorded.connect(self._after_call)
        self.tabs.addTab(self.call_panel, "Call prep")
        notes_page = QWidget()
        notes_layout = QVBoxLayout(notes_page)
        notes_layout.setContentsMargins(4, 4, 4, 4)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName("Case notes")
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes (no keyboard trap)
        self.notes.setPlaceholderText("Notes on this case: kept with it, saved when you leave the case or press Save")
        self.notes.textChanged.connect(self._notes_edited)
        notes_layout.addWidget(self.notes, 1)
        notes_row = QHBoxLayout()
        self.notes_state = QLabel("")
        self.notes_state.setObjectName("notes_state")
        notes_row.addWidget(self.notes_state, 1)
        self.notes_save = QPushButton("Save notes")
        self.notes_save.setObjectName("notes_save")
        self.notes_save.setEnabled(False)
        self.notes_save.clicked.connect(self.save_notes)
        notes_row.addWidget(self.notes_save)
        notes_layout.addLayout(notes_row)
        self.tabs.addTab(notes_page, "Notes")
        outer.addWidget(self.tabs, 1)
        self.setEnabled(False)
        self._ui_settings: Any = None
        self.set_details_shown(True)

    def use_settings(self, settings: Any) -> None:
        """Window settings (a QSettings): the details block's folded state is kept there."""
        self._ui_settings = settings
        shown = settings.value("case_view/details_shown")
        if shown is not None:
            self.set_details_shown(str(shown).lower() not in ("false", "0"))

    def has_details_preference(self) -> bool:
        return self._ui_settings is not None and self._ui_settings.value("case_view/details_shown") is not None

    def set_details_shown(self, shown: bool, remember: bool = False) -> None:
        self.details.setVisible(shown)
        self.next_why.setVisible(shown)
        self.tasks.setVisible(shown and bool(self.tasks.text()))
        self.details_toggle.blockSignals(True)
        self.details_toggle.setChecked(shown)
        self.details_toggle.blockSignals(False)
        self.details_toggle.setArrowType(Qt.ArrowType.UpArrow if shown else Qt.ArrowType.DownArrow)
        self.details_toggle.setText("Less" if shown else "Details")
        self.details_toggle.setToolTip(
            "Fold the customer, TAM and response-time details away"
            if shown
            else "Show the customer, TAM and response-time details and why the next action is due"
        )
        if remember and self._ui_settings is not None:
            self._ui_settings.setValue("case_view/details_shown", shown)

    # ----- zoom, notes --------------------------------------------------------------------------------

    def _zoom(self, name: str) -> None:
        """The −/+/Fit buttons act on what is shown: the timeline or the playbook map."""
        target: Any = self.map if self.tabs.currentWidget() is self.map_scroll else self.timeline
        getattr(target, name)()

    def _sync_zoom_buttons(self) -> None:
        zoomable = self.tabs.currentWidget() in (self.timeline, self.map_scroll)
        for button in self.zoom_buttons.values():
            button.setEnabled(zoomable)

    def _notes_edited(self) -> None:
        if getattr(self, "_loading_notes", False) or self.case is None:
            return
        self.notes_save.setEnabled(True)
        self.notes_state.setText("Not saved yet")

    def save_notes(self) -> None:
        """Store the typed notes (when they changed) on the case shown."""
        if self.case is None or not self.notes_save.isEnabled():
            return
        fresh = self.session.desk.case(self.case.number)
        if fresh is None:
            return
        fresh.notes = self.notes.toPlainText()
        self.session.desk.save_case(fresh)
        self.case.notes = fresh.notes
        self.notes_save.setEnabled(False)
        self.notes_state.setText("Saved")

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
        self.save_notes()  # typed notes are kept when moving to another case
        case = self.session.desk.case(number) if number else None
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
            f"<br><span>{esc(case.customer.name or 'customer not named')} · {esc(case.technology)} · "
            f"{esc(status.playbook.title)} · opened {short_instant(cal.local(case.opened_at or now))}</span>"
        )
        self._show_chips(status)
        c = case.customer
        self.customer.setText("\n".join(x for x in (c.name, f"{c.email}  {c.phone}".strip()) if x) or "—")
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
            sla_lines.append(f"<span style='color:{theme.sla_color(s.state).name()}'>●</span> {esc(s.title)}: {state}")
        self.sla.setText("&nbsp;&nbsp;&nbsp; ".join(sla_lines) or "—")
        self._show_next(status, now)
        self.tasks.setVisible(self.details.isVisibleTo(self) and bool(self.tasks.text()))
        self._show_buttons(status)
        self.timeline.show_status(status, cal, now)
        self._show_events(case)
        self.map.show_playbook(
            status.playbook, None if status.closed else status.stage.id, {p.stage for p in status.path}
        )
        self._loading_notes = True
        self.notes.setPlainText(case.notes)
        self._loading_notes = False
        self.notes_save.setEnabled(False)
        self.notes_state.setText("")
        self.draft_panel.show_case(case, status)
        self.call_panel.show_case(case, status)

    def _show_chips(self, status: Status) -> None:
        clear_layout(self.chips)
        if status.closed:
            self.chips.addWidget(chip("Closed", theme.accent().name()))
        else:
            badge = (
                f"<span style='font-size:7pt; font-weight:700'>{html.escape(status.stage.id)}</span>&nbsp; "
                if len(status.stage.id) <= 2
                else ""
            )
            stage_chip = chip(f"{badge}{html.escape(stage_display(status.stage))}", theme.accent().name())
            stage_chip.setObjectName("stage_chip")
            stage_chip.setToolTip(f"Stage {status.stage.id}: {status.stage.title}")
            self.chips.addWidget(stage_chip)
        ball = {"ours": "Ball: ours", "theirs": "Ball: customer", "none": "Ball: —"}[status.ball]
        self.chips.addWidget(chip(ball, "neutral"))
        for flag in status.flags:
            text, color = FLAG_STYLE.get(flag.code, (flag.code, "neutral"))
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
            button = QPushButton(KINDS[kind].button_text)
            button.setObjectName(f"event_{kind}")
            button.setToolTip(KINDS[kind].title)
            button.clicked.connect(lambda _=False, k=kind: self.record(k))
            self.buttons_row.addWidget(button)
        more = QToolButton()
        more.setObjectName("more_button")
        more.setText("More ▾")
        more.setAccessibleName("More events and actions")
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
        forget = QAction("Forget this case's mail…", menu)
        forget.setObjectName("forget_mail")
        forget.setToolTip("Delete the kept text of this case's emails; the events stay")
        forget.triggered.connect(self.forget_mail)
        menu.addAction(forget)
        edit = QAction("Edit case…", menu)
        edit.triggered.connect(lambda: self.edit_requested.emit(self.case.number if self.case else ""))
        menu.addAction(edit)
        more.setMenu(menu)
        self.buttons_row.addWidget(more)
        self.more_menu = menu

    def show_mail(self, instants: Any) -> Any:
        """The kept text of the clicked event's email (a view of its words), or a word that none is kept."""
        from .mail_view import show_mail

        return show_mail(self, self.session, self.case, instants) if self.case is not None else None

    def forget_mail(self) -> None:
        from .mail_view import forget_mail

        if self.case is not None:
            forgotten = forget_mail(self, self.session, self.case)
            if forgotten is not None:
                window = self.window()
                if hasattr(window, "statusBar"):
                    window.statusBar().showMessage(f"Forgot the text of {forgotten} email(s)", 4000)

    def _show_events(self, case: Case) -> None:
        from .events_list import fill_events

        fill_events(self.events, case, self.session.calendar)

    # ----- recording ------------------------------------------------------------------------------

    def record(self, kind: str, *, event: Any = None) -> bool:
        """Ask for the event's fields (if it has any), check it against the playbook, store it."""
        if self.case is None or self.status is None:
            return False
        from ..common.dialogs import EventDialog

        now = self.session.now()
        if event is None:
            spec = KINDS[kind]
            defaults = default_fields(kind, self.status, self.session.calendar, now)
            needs_dialog = (
                bool(spec.fields)
                and (
                    any(f.required for f in spec.fields.values())
                    or defaults
                    or kind in ("pending_customer", "resolution_provided")
                )
            ) or kind in self.status.playbook.kinds("contacts")
            # What the customer did (a reply, a confirmation, a call or meeting) often happened before it
            # is recorded: its dialog asks when, defaulting to now.
            if needs_dialog:
                dialog = EventDialog(kind, defaults, self.session.calendar, now, self)
                if dialog.exec() != EventDialog.DialogCode.Accepted:
                    return False
                event = dialog.result_event
            else:
                from ...core.model import Event

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
        """Each call outcome offers its own email at once (playbook rules §7): a voicemail the "I called and
        left a voicemail" email, no answer the "I tried to call you" email (no voicemail was left), a call
        that reached them the email the next action calls for (the summary)."""
        self._after_external_change()
        if self.case is None or self.status is None:
            return
        templates = self.status.playbook.extras.get("attempt_templates", {})
        if kind in templates:
            self.draft_panel.show_case(self.case, self.status, template=templates[kind])
        elif kind == "call_reached" and self.status.next_action and self.status.next_action.template:
            self.draft_panel.show_case(self.case, self.status, template=self.status.next_action.template)
        else:
            return
        self.tabs.setCurrentWidget(self.draft_panel)

    def open_draft(self) -> None:
        self.tabs.setCurrentWidget(self.draft_panel)

    def snooze_reminder(self, choice: str, chosen: Any = None) -> None:
        """Hold this case's reminder back (the due date itself does not move)."""
        from ...core.reminders import reminder_key, snooze_until

        action = self.status.next_action if self.status else None
        if self.case is None or action is None or action.due is None:
            return
        cal, now = self.session.calendar, self.session.now()
        if choice == "chosen" and chosen is None:
            from ..common.dialogs import pick_datetime

            chosen = pick_datetime(self, "Snooze until", "Remind me again at", now + timedelta(hours=1), cal)
            if chosen is None:
                return
        until = snooze_until(choice, cal, now, chosen)
        self.session.desk.snooze(reminder_key(self.case.number, action.id, action.due), until)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                f"Reminder for {self.case.number} snoozed until {short_instant(cal.local(until))}", 5000
            )

    def undo_last(self) -> None:
        if self.case is None or not self.case.events:
            return
        last = max(self.case.events, key=lambda e: e.id or 0)
        title = event_title(last.kind, dict(last.fields), KINDS[last.kind].title if last.kind in KINDS else last.kind)
        answer = QMessageBox.question(
            self,
            "Undo last event",
            f"Remove “{title}” recorded for {short_instant(self.session.calendar.local(last.at))}?",
        )
        if answer != QMessageBox.StandardButton.Yes or last.id is None:
            return
        self.session.desk.delete_event(self.case.number, last.id)
        self.changed.emit(self.case.number)
        self.show_case(self.case.number)
