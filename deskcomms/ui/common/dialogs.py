"""Dialogs: record an event (fields from the event vocabulary), new/edit case, pick a time.

Profile and settings live in settings_dialog.py.

Validation is core's (the same checks as import and ``deskcomms log``); a dialog only shows the message
next to the form and keeps the user's input.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import UserError
from ...core.events import KINDS, FieldSpec
from . import theme


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.tone('danger').name()};")
    label.setObjectName("error")
    label.hide()
    return label


def _finish(
    dialog: Any, layout: QVBoxLayout, accept: QDialogButtonBox.StandardButton, accept_text: str | None = None
) -> QLabel:
    """The error line (hidden until validation speaks) and the buttons every dialog ends with."""
    error = _error_label()
    layout.addWidget(error)
    buttons = QDialogButtonBox(accept | QDialogButtonBox.StandardButton.Cancel)
    if accept_text:
        buttons.button(accept).setText(accept_text)
    buttons.accepted.connect(dialog._accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return error


# Field names as a person reads them in the event dialog (the vocabulary's keys are identifiers).
FIELD_LABELS = {
    "n": "Strike number",
    "closes_on": "Closure date",
    "channel": "Channel",
    "meeting_at": "Meeting starts",
    "follow_up_on": "Follow up on",
    "until": "Back on",
    "eta": "ETA (our next update)",
    "variant": "LQR variant",
    "template": "Template",
    "reason": "Reason",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


class CompleterClickThrough(QObject):
    """A click outside an open completer list closes it *and* reaches what was clicked (Save, Cancel…):
    without this the first click on Save only closed the time-zone suggestions."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            global_pos = event.globalPosition().toPoint()  # type: ignore[attr-defined]
            if not watched.rect().contains(watched.mapFromGlobal(global_pos)):
                watched.hide()
                target = QApplication.widgetAt(global_pos)
                if isinstance(target, QAbstractButton) and target.isEnabled():
                    QTimer.singleShot(0, target.click)
                return True
        return False


def zone_combo(zones: list[str], current: str) -> QComboBox:
    """An editable time-zone box: suggestions match anywhere ("tokyo" finds Asia/Tokyo); a click on a
    button while suggestions are open still counts."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(["", *zones])
    completer = QCompleter(zones, combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    combo.setCompleter(completer)
    through = CompleterClickThrough(combo)
    completer.popup().installEventFilter(through)
    combo.setCurrentText(current)
    return combo


def resolve_zone(text: str, zones: list[str]) -> str:
    """What was typed, or the one zone it names when it is a unique part of one ("Tokyo" → Asia/Tokyo)."""
    text = text.strip()
    if not text or text in zones:
        return text
    matches = [z for z in zones if text.lower() in z.lower()]
    exact_city = [z for z in matches if z.lower().rsplit("/", 1)[-1] == text.lower().replace(" ", "_")]
    if len(exact_city) == 1:
        return exact_city[0]
    return matches[0] if len(matches) == 1 else text


def case_dialog(session: Any, parent: QWidget | None, case: Any = None) -> CaseDialog:
    """The New case / Edit case dialog for this session (its case numbers, playbooks, calendar and now)."""
    from ...core.playbook import available_playbooks

    return CaseDialog(
        session.desk.case_numbers(), available_playbooks(), session.calendar, session.now(), case=case, parent=parent
    )


def to_qdatetime(moment: datetime, calendar: Any) -> QDateTime:
    # to the minute: the pickers show minutes, so hidden seconds must not turn 14:00 into 13:59:59
    return QDateTime(calendar.local(moment).replace(tzinfo=None, second=0, microsecond=0))


def from_qdatetime(value: QDateTime, calendar: Any) -> datetime:
    wall = value.toPython()
    return calendar.localize(wall.replace(tzinfo=None, second=0, microsecond=0))


class EventDialog(QDialog):
    """Asks only for the fields an event kind needs; the time it happened defaults to now."""

    def __init__(
        self, kind: str, defaults: dict[str, Any], calendar: Any, now: datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.calendar = calendar
        self.now = now  # pickers start on the engineer's local date and time, never the machine's
        spec = KINDS[kind]
        self.setWindowTitle(spec.title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.when = QDateTimeEdit(to_qdatetime(now, calendar))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.when.setObjectName("field_when")
        zone = calendar.local(now).tzname() or str(calendar.zone)
        self.when.setToolTip(f"When it happened, in your time zone ({zone}); default: now")
        form.addRow(f"When ({zone})", self.when)
        self.inputs: dict[str, tuple[FieldSpec, QWidget, QCheckBox | None]] = {}
        for name, field in spec.fields.items():
            widget = self._input(field, defaults.get(name))
            toggle = None
            if not field.required:
                toggle = QCheckBox()
                toggle.setAccessibleName(f"Give {field_label(name).lower()}")  # the label names the row only
                widget.setAccessibleName(field_label(name))
                toggle.setChecked(name in defaults)
                widget.setEnabled(toggle.isChecked())
                toggle.toggled.connect(widget.setEnabled)
                row = QHBoxLayout()
                row.addWidget(toggle)
                row.addWidget(widget, 1)
                holder = QWidget()
                holder.setLayout(row)
                row.setContentsMargins(0, 0, 0, 0)
                form.addRow(field_label(name), holder)
            else:
                form.addRow(field_label(name), widget)
            widget.setToolTip(field.help)
            widget.setObjectName(f"field_{name}")
            self.inputs[name] = (field, widget, toggle)
        self.note = QLineEdit()
        self.note.setPlaceholderText("optional note kept with the event")
        if kind != "note":
            form.addRow("Note", self.note)
        layout.addLayout(form)
        self.error = _finish(self, layout, QDialogButtonBox.StandardButton.Ok, "Record")
        self.result_event: Any = None

    def _input(self, field: FieldSpec, default: Any) -> QWidget:
        if field.type == "instant":
            edit = QDateTimeEdit(to_qdatetime(default if isinstance(default, datetime) else self.now, self.calendar))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy HH:mm")
            return edit
        if field.type in ("date", "instant_or_date"):
            today = self.calendar.local(self.now).date()
            edit = QDateEdit(QDate(default if isinstance(default, date) else today))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
            return edit
        if field.type == "choice":
            combo = QComboBox()
            combo.addItems(list(field.choices))
            if default in field.choices:
                combo.setCurrentText(str(default))
            return combo
        if field.type == "int":
            spin = QSpinBox()
            spin.setRange(field.minimum or 0, field.maximum or 999)
            spin.setValue(int(default) if default is not None else (field.minimum or 0))
            return spin
        if field.type == "bool":
            return QCheckBox()
        edit = QLineEdit(str(default or ""))
        return edit

    def values(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name, (_field, widget, toggle) in self.inputs.items():
            if toggle is not None and not toggle.isChecked():
                continue
            if isinstance(widget, QDateTimeEdit) and not isinstance(widget, QDateEdit):
                fields[name] = from_qdatetime(widget.dateTime(), self.calendar).isoformat()
            elif isinstance(widget, QDateEdit):
                fields[name] = widget.date().toPython().isoformat()
            elif isinstance(widget, QComboBox):
                fields[name] = widget.currentText()
            elif isinstance(widget, QSpinBox):
                fields[name] = widget.value()
            elif isinstance(widget, QCheckBox):
                fields[name] = widget.isChecked()
            elif isinstance(widget, QLineEdit):
                fields[name] = widget.text().strip()
        if self.note.text().strip():
            fields["note"] = self.note.text().strip()
        return fields

    def _accept(self) -> None:
        from ...core.events import check_fields
        from ...core.model import Event

        try:
            fields = check_fields(self.kind, self.values(), self.kind, strict=True)
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.result_event = Event(from_qdatetime(self.when.dateTime(), self.calendar), self.kind, fields)
        self.accept()


class CaseDialog(QDialog):
    """New case or edit case. The number must be unique; email and time zone are checked by core."""

    def __init__(
        self,
        existing_numbers: set[str],
        playbooks: list[str],
        calendar: Any,
        now: datetime,
        case: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from zoneinfo import available_timezones

        self.setWindowTitle("Edit case" if case else "New case")
        self.calendar = calendar
        self.existing = existing_numbers - ({case.number} if case else set())
        self.editing = case
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.number = QLineEdit(case.number if case else "")
        self.number.setPlaceholderText("the case number from the case tool")
        if case is not None:
            # The number identifies the case everywhere: shown, selectable, but plainly not a field to edit.
            self.number.setReadOnly(True)
            self.number.setFrame(False)
            self.number.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.number.setStyleSheet("QLineEdit { background: transparent; font-weight: 600; }")
            self.number.setToolTip("The case number cannot change. Add a new case for a different number.")
        self.title_edit = QLineEdit(case.title if case else "")
        self.technology = QLineEdit(case.technology if case else "")
        self.playbook = QComboBox()
        self.playbook.addItems(playbooks)
        if case:
            self.playbook.setCurrentText(case.playbook)
        self.opened = QDateTimeEdit(to_qdatetime(case.opened_at if case else now, calendar))
        self.opened.setCalendarPopup(True)
        self.opened.setDisplayFormat("ddd d MMM yyyy HH:mm")
        customer = case.customer if case else None
        self.customer_name = QLineEdit(customer.name if customer else "")
        self.customer_email = QLineEdit(customer.email if customer else "")
        self.customer_phone = QLineEdit(customer.phone if customer else "")
        self.zones = zones = sorted(available_timezones())
        self.customer_tz = zone_combo(zones, customer.timezone if customer else "")
        self.channel = QComboBox()
        self.channel.addItems(["email", "phone"])
        self.channel.setCurrentText(customer.preferred_channel if customer else "email")
        self.premier = QCheckBox("Premier")
        self.premier.setChecked(bool(customer and customer.premier))
        self.dnc = QCheckBox("Do not contact")
        self.dnc.setChecked(bool(customer and customer.do_not_contact))
        self.tam_name = QLineEdit(case.tam.name if case and case.tam else "")
        self.tam_email = QLineEdit(case.tam.email if case and case.tam else "")
        self.notes = QPlainTextEdit(case.notes if case else "")
        self.notes.setFixedHeight(70)
        for label, widget in (
            ("Case number", self.number),
            ("Title", self.title_edit),
            ("Technology", self.technology),
            ("Playbook", self.playbook),
            ("Opened", self.opened),
            ("Customer", self.customer_name),
            ("Email", self.customer_email),
            ("Phone", self.customer_phone),
            ("Customer time zone", self.customer_tz),
            ("Prefers", self.channel),
        ):
            form.addRow(label, widget)
        flags = QHBoxLayout()
        flags.addWidget(self.premier)
        flags.addWidget(self.dnc)
        form.addRow("", flags)
        form.addRow("TAM", self.tam_name)
        form.addRow("TAM email", self.tam_email)
        form.addRow("Notes", self.notes)
        layout.addLayout(form)
        self.error = _finish(self, layout, QDialogButtonBox.StandardButton.Save)
        self.result_case: Any = None

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "number": self.number.text().strip(),
            "title": self.title_edit.text().strip(),
            "technology": self.technology.text().strip(),
            "playbook": self.playbook.currentText(),
            "opened_at": from_qdatetime(self.opened.dateTime(), self.calendar).isoformat(),
            "customer": {
                "name": self.customer_name.text().strip(),
                "email": self.customer_email.text().strip(),
                "phone": self.customer_phone.text().strip(),
                "timezone": resolve_zone(self.customer_tz.currentText(), self.zones),
                "preferred_channel": self.channel.currentText(),
                "premier": self.premier.isChecked(),
                "do_not_contact": self.dnc.isChecked(),
            },
            "notes": self.notes.toPlainText(),
            "events": [],
        }
        if self.tam_name.text().strip() or self.tam_email.text().strip():
            doc["tam"] = {"name": self.tam_name.text().strip(), "email": self.tam_email.text().strip()}
        return doc

    def _accept(self) -> None:
        from ...core.interchange import parse_case
        from ...core.playbook import available_playbooks

        doc = self.document()
        try:
            if doc["number"] in self.existing:
                raise UserError(f"case {doc['number']} already exists", where="Case number")
            case = parse_case(doc, "case", available_playbooks())
        except UserError as exc:
            self.error.setText(str(exc).replace("case.customer.", "").replace("case.", ""))
            self.error.show()
            return
        if self.editing is not None:
            case.id, case.events, case.extra = self.editing.id, self.editing.events, self.editing.extra
        self.result_case = case
        self.accept()


def pick_datetime(parent: QWidget | None, title: str, label: str, initial: datetime, calendar: Any) -> datetime | None:
    """Ask for a date and time (in the engineer's zone); None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    prompt = QLabel(label)
    layout.addWidget(prompt)
    edit = QDateTimeEdit(to_qdatetime(initial, calendar))
    prompt.setBuddy(edit)  # the prompt is the field's spoken name
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy HH:mm")
    layout.addWidget(edit)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return from_qdatetime(edit.dateTime(), calendar)
