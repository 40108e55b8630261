"""The preview of a captured email: which case, what will be recorded and when; Enter records it.

The event is the one ``deskcomms capture`` would record (same planner, same playbook checks). The
engineer can change the case, correct an out-of-office return date, and record a close request as the
customer's confirmation: that is never done without this click (playbook rules §3, closing guards).
When no case matches, a New case dialog opens prefilled from the email.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import UserError
from ...core.events import KINDS
from ...core.timefmt import short_instant
from ..common import theme

log = logging.getLogger(__name__)

PREVIEW_CHARS = 1500


class CaptureDialog(QDialog):
    """One email: its case, its event at the email's own time, and a Record button (the default)."""

    recorded = Signal(str)  # the case number

    def __init__(
        self,
        session: Any,
        email: Any,
        *,
        templates: Any = (),
        target_case: str | None = None,
        dropped: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.email = email
        self.templates = templates
        self.target_case = target_case  # the case on screen (pasted) or dropped on: used when the email names none
        self.dropped = dropped
        self.planned: Any = None
        self._loaded: Any = None
        self.setWindowTitle("Capture email")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)

        self.heading = QLabel()
        self.heading.setObjectName("capture_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.sender = QLabel()
        self.sender.setTextFormat(Qt.TextFormat.PlainText)
        self.sender.setWordWrap(True)
        layout.addWidget(self.sender)

        form = QFormLayout()
        self.case_box = QComboBox()
        self.case_box.setObjectName("capture_case")
        self.case_box.setMinimumContentsLength(40)
        self.how = QLabel()
        self.how.setObjectName("capture_how")
        self.kind_label = QLabel()
        self.kind_label.setObjectName("capture_kind")
        self.when = QLabel()
        self.when.setObjectName("capture_when")
        self.until = QDateEdit()
        self.until.setObjectName("capture_until")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd d MMM yyyy")
        # A return date the reply does not give is recorded only when the engineer sets one (playbook §3).
        self.until_set_by_you = False
        self.until.dateChanged.connect(lambda _day: setattr(self, "until_set_by_you", True))
        self.until_note = QLabel()
        self.until_note.setWordWrap(True)
        self.confirm = QCheckBox("Record as the customer's confirmation to close the case")
        self.confirm.setObjectName("capture_confirm")
        self.at_capture_time = QCheckBox("Record it now, at the time of capture, instead")
        self.at_capture_time.setObjectName("capture_at_capture_time")
        self.at_capture_time.setVisible(False)
        form.addRow("Case", self.case_box)
        form.addRow("", self.how)
        form.addRow("Records", self.kind_label)
        form.addRow("At", self.when)
        form.addRow("Back on", self.until)
        form.addRow("", self.until_note)
        form.addRow("", self.confirm)
        form.addRow("", self.at_capture_time)
        self._until_row = (form, self.until)
        layout.addLayout(form)

        self.preview = QPlainTextEdit()
        self.preview.setObjectName("capture_preview")
        self.preview.setAccessibleName("The email's text")
        self.preview.setTabChangesFocus(True)
        self.preview.setReadOnly(True)
        self.preview.setMaximumHeight(150)
        layout.addWidget(self.preview)
        self.status = QLabel()
        self.status.setObjectName("capture_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.buttons = QDialogButtonBox()
        self.record_button = self.buttons.addButton("Record", QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setObjectName("capture_record")
        self.record_button.setDefault(True)
        self.new_case_button = self.buttons.addButton("New case…", QDialogButtonBox.ButtonRole.ActionRole)
        self.new_case_button.setObjectName("capture_new_case")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        self.new_case_button.clicked.connect(self.new_case)
        layout.addWidget(self.buttons)

        self._fill_cases()
        self.case_box.currentIndexChanged.connect(lambda _=0: self._plan(self.case_box.currentData()))
        self.at_capture_time.toggled.connect(lambda _=False: self._plan(self._chosen))
        self._chosen: str | None = None
        self._plan(None)

    # ----- planning ----------------------------------------------------------------------------------

    def _planner(self, fresh: bool = False) -> Any:
        """The planner over the case list, loaded once per dialog (again after a new case is made)."""
        from ...desk.capturing import Planner

        if fresh or self._loaded is None:
            self._loaded = Planner(self.session.desk, self.templates)
        return self._loaded

    def _fill_cases(self) -> None:
        self.case_box.blockSignals(True)
        self.case_box.clear()
        self.case_box.addItem("— no case —", None)
        for number, title in sorted(self._planner().open_choices()):
            shown = title if len(title) <= 60 else title[:59] + "…"
            self.case_box.addItem(f"{number} · {shown}", number)
        self.case_box.blockSignals(False)

    def _plan(self, number: str | None) -> None:
        """Plan the email: its own case first; the case on screen (or dropped on) only when it names none."""
        from ...desk.capturing import ALREADY, AMBIGUOUS, NO_CASE, NOT_RECORDED

        planner = self._planner()
        self._chosen = number
        now = self.at_capture_time.isChecked()
        how_target = ""
        if number is None:
            planned = planner.plan(self.email, at_capture_time=now)
            if planned.result == NO_CASE and self.target_case and not planned.found_number:
                planned = planner.plan(self.email, number=self.target_case, at_capture_time=now)
                how_target = "target"
        else:
            planned = planner.plan(self.email, number=number, at_capture_time=now)
        self.planned = planned
        email = self.email
        self.heading.setText(email.subject or "(no subject)")
        self.sender.setText(
            f"From {email.sender_name or email.sender_email} <{email.sender_email}>"
            + (f" · {email.attachments} attachment(s), not kept" if email.attachments else "")
        )
        self.case_box.blockSignals(True)
        index = self.case_box.findData(planned.case_number) if planned.case_number else 0
        if index < 0:
            self.case_box.addItem(f"{planned.case_number} (closed)", planned.case_number)
            index = self.case_box.count() - 1
        self.case_box.setCurrentIndex(index)
        self.case_box.blockSignals(False)
        self.how.setText(self._how_text(planned, how_target))
        reply = planned.meaning.reply_text if planned.meaning else ""
        self.preview.setPlainText((reply or email.body)[:PREVIEW_CHARS] or "(no text)")
        event = planned.event
        when = short_instant(self.session.calendar.local(email.date))
        if planned.future is not None:  # a date years ahead: say which year
            local = self.session.calendar.local(email.date)
            when = f"{local:%a} {local.day} {local:%b %Y %H:%M}"
        if planned.future is not None and event is not None:
            self.when.setText(f"{short_instant(event.at)}, the time of capture (the email is dated {when})")
        elif email.dated_at_capture:
            self.when.setText(f"{when}, the time of capture (the email carries no date)")
        else:
            self.when.setText(f"{when}, the email's own time")
        self.at_capture_time.setVisible(planned.future is not None and planned.result != ALREADY)
        self.new_case_button.setVisible(planned.result == NO_CASE)
        self.record_button.setEnabled(event is not None)
        if planned.result == ALREADY:
            self.kind_label.setText("Nothing: already recorded")
            self._set_status(f"This email is already recorded on case {planned.case_number}.", "info")
        elif planned.result == AMBIGUOUS:
            self.kind_label.setText("Nothing yet")
            self._set_status(
                f"The email names {len(planned.candidates)} cases: {', '.join(planned.candidates)}. "
                "Choose the one it belongs to above.",
                "warn",
            )
        elif planned.result == NO_CASE:
            self.kind_label.setText("Nothing yet")
            self._set_status(self._no_case_text(planned), "warn")
        elif planned.result == NOT_RECORDED:
            self.kind_label.setText("Nothing: dated in the future")
            self._set_status(
                f"This email is dated {when}, after the moment of capture: it is not recorded at that future "
                "time. Tick “Record it now” to record it at the time of capture instead.",
                "warn",
            )
        else:
            self.kind_label.setText(self._kind_text(event.kind, planned))
            elsewhere = self._elsewhere_text(planned, how_target)
            unsure = "; ".join(planned.email.notes)
            said = " ".join(t for t in (elsewhere, f"Check: {unsure}." if unsure else "") if t)
            self._set_status(said, "warn" if said else "info")
        self._show_until(planned)
        close = bool(planned.meaning and planned.meaning.close_request)
        self.confirm.setVisible(event is not None and event.kind == "customer_replied")
        self.confirm.setChecked(False)
        self.confirm.setText(
            "The customer asks to close: record it as their confirmation to close"
            if close
            else "Record as the customer's confirmation to close the case"
        )
        self.confirm.setStyleSheet("font-weight: 600;" if close else "")
        # Enter records; with no case, Enter opens the New case dialog instead.
        no_case = planned.result == NO_CASE
        self.new_case_button.setAutoDefault(no_case)
        self.new_case_button.setDefault(no_case)
        self.record_button.setAutoDefault(not no_case)
        self.record_button.setDefault(not no_case)
        if planned.problems:
            self._set_status(
                "The playbook does not expect this here: "
                + "; ".join(planned.problems)
                + ". Recording marks it as an override.",
                "warn",
            )
            self.record_button.setText("Record anyway")
        else:
            self.record_button.setText("Record")

    def _how_text(self, planned: Any, how_target: str) -> str:
        if how_target:
            place = "dropped it on" if self.dropped else "have open"
            return f"The email names no case: the case you {place}."
        return {
            "subject": "Found by the case number in the subject.",
            "body": "Found by the case number in the text.",
            "sender": "Found by the sender: the customer of this open case.",
            "recipient": "Found by the recipient: the customer of this open case.",
            "chosen": "Chosen by you.",
        }.get(planned.how, "")

    def _elsewhere_text(self, planned: Any, how_target: str) -> str:
        """Both cases, when the email points to one and the engineer (or the drop) to another."""
        why = {"subject": "its subject", "body": "its text", "sender": "its sender", "recipient": "its recipient"}
        if planned.email_case:
            return (
                f"The email itself points to case {planned.email_case} (by {why.get(planned.email_how, 'its text')}); "
                f"it will be recorded on case {planned.case_number} as you chose."
            )
        if self.target_case and not how_target and planned.case_number and planned.case_number != self.target_case:
            place = "dropped it on" if self.dropped else "have open"
            return (
                f"Proposed: case {planned.case_number}, the email's own case. You {place} case {self.target_case}: "
                "choose it above to record the email there instead."
            )
        return ""

    def _no_case_text(self, planned: Any) -> str:
        if planned.found_number:
            return (
                f"No case matches this email. It names case {planned.found_number}, which is not in your list: "
                "create it, or choose a case above."
            )
        if planned.sender_cases:
            return (
                f"The sender is the customer of {len(planned.sender_cases)} open cases "
                f"({', '.join(planned.sender_cases[:5])}) and the email names none: choose one above."
            )
        return "No case matches this email. Choose a case above, or create one."

    def _kind_text(self, kind: str, planned: Any) -> str:
        title = KINDS[kind].title if kind in KINDS else kind
        event = planned.event or planned.recorded_as
        if kind == "delivery_failed" and event is not None:
            address = event.fields.get("address")
            title += f": {address}" if address else " (the report names no address: check it)"
        elif kind == "note" and event is not None and planned.meaning is not None and not planned.meaning.auto_reply:
            title = str(event.fields.get("text") or title)  # "Email from a colleague (…)", "Delivery delayed …"
        template = planned.meaning.template if planned.meaning else None
        return f"{title} (template “{template}”)" if template else title

    def _show_until(self, planned: Any) -> None:
        auto = bool(planned.meaning and planned.meaning.auto_reply and planned.event is not None)
        self.until.setVisible(auto)
        self.until_note.setVisible(auto)
        form, widget = self._until_row
        label = form.labelForField(widget)
        if label is not None:
            label.setVisible(auto)
        if not auto:
            return
        found = planned.meaning.until
        day = found or (self.email.date.date() + timedelta(days=7))
        self.until.blockSignals(True)
        self.until.setDate(QDate(day.year, day.month, day.day))
        self.until.blockSignals(False)
        self.until_set_by_you = False
        why = planned.meaning.until_why
        self.until_note.setText(
            f"Read from the automatic reply ({why}): check it. The follow-up waits until one business day after."
            if found
            else f"No return date taken ({why}). Recorded without one, and nothing moves, unless you set it."
        )
        if planned.event.kind == "note":
            self.kind_label.setText(KINDS["out_of_office"].title)

    def _set_status(self, text: str, tone: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.status.setStyleSheet(f"color: {theme.tone('warning').name()};" if tone == "warn" else "")

    # ----- actions -----------------------------------------------------------------------------------

    def chosen_event(self) -> Any:
        """The event as the dialog now says: the return date edited, the confirmation clicked."""
        from ...core.model import Event

        planned = self.planned
        event = planned.event
        if event is None:
            return None
        fields = {k: v for k, v in event.fields.items() if k != "text" or event.kind != "note"}
        no_date = planned.meaning is not None and planned.meaning.until is None and not self.until_set_by_you
        if planned.meaning is not None and planned.meaning.auto_reply and not no_date:
            qd = self.until.date()
            return Event(
                event.at, "out_of_office", {**fields, "until": date(qd.year(), qd.month(), qd.day()).isoformat()}
            )
        if self.confirm.isChecked() and event.kind == "customer_replied":
            return Event(event.at, "confirmation_received", fields)
        return Event(event.at, event.kind, dict(event.fields))

    def record(self) -> None:
        from ...desk.capturing import commit

        planned = self.planned
        if planned is None or planned.event is None:
            return
        planned.event = self.chosen_event()
        if planned.new_case is None:
            planner = self._planner()
            case = planner.case(planned.case_number)
            planned.problems = planner.problems(case, planned.event) if case is not None else []
        if planned.problems:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "The playbook does not expect this",
                "\n".join(f"• {p}" for p in planned.problems),
                parent=self,
            )
            box.setInformativeText("Record it anyway? It will be marked as an override.")
            anyway = box.addButton("Record anyway", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is not anyway:
                return
        try:
            commit(self.session.desk, [planned], force=True)
        except UserError as exc:
            QMessageBox.warning(self, "Nothing was recorded", str(exc))
            return
        log.info("captured an email as %s", planned.event.kind)
        self.recorded.emit(planned.case_number)
        self.accept()

    def new_case(self) -> None:
        """A New case dialog prefilled from the email (number, title, customer, opened at its time)."""
        from ...core.capture import title_from_subject
        from ...core.capture.analysis import is_own
        from ..common.dialogs import case_dialog, to_qdatetime

        email = self.email
        number = self.planned.found_number if self.planned else None
        dialog = case_dialog(self.session, self)
        dialog.number.setText(number or "")
        dialog.title_edit.setText(title_from_subject(email.subject, number))
        dialog.opened.setDateTime(to_qdatetime(email.date, self.session.calendar))
        if is_own(email, [self.session.profile.get("email", "")]):
            dialog.customer_email.setText(email.to[0] if email.to else "")
        else:
            dialog.customer_name.setText(email.sender_name)
            dialog.customer_email.setText(email.sender_email)
        self.case_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_case is None:
            return
        self.session.desk.save_case(dialog.result_case)
        self.recorded.emit(dialog.result_case.number)  # the list shows the new case at once
        self._planner(fresh=True)
        self._fill_cases()
        self._plan(dialog.result_case.number)
