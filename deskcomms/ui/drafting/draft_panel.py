"""The draft panel: the template the next action calls for (any other on request), the draft editable and
kept per case until it is sent or discarded, its readiness findings, and one click to send it on its way:

- **New email in the mail app**: the whole draft (To, CC, subject, HTML body) as an unsent .eml
  (``X-Unsent: 1``) in the data folder's ``drafts/``, opened by the default mail handler (Outlook opens it
  as a new draft). The opener is injectable; when no handler opens it, the panel says so and offers
  Copy for reply and the file itself.
- **Copy for reply**, for answering inside the customer's thread: the body (HTML and plain text) on the
  clipboard, with the subject and CC ready beside it, each with its own copy button.

Every copy and every opening says what happened in a short notice that fades.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import UserError
from ..common import theme
from . import clipboard
from .email_file import EmailFileActions

log = logging.getLogger(__name__)
NOTICE_MS = 4000  # how long a "Copied …" notice stays before it fades
SAVE_DELAY_MS = 300  # edits are kept (and checked) this long after the last keystroke

# Given the .eml, opens it; returns True/False or the platform's outcome (``.ok``, ``.how``, ``.reason``).
MailOpener = Callable[[Path], Any]


def open_with_default_mail_app(path: Path) -> Any:
    """Hand the .eml to the mail app through the platform seam (Outlook first on Windows and macOS)."""
    from ...platform import current

    return current().open_draft(path)


class DraftPanel(EmailFileActions, QWidget):
    marked_sent = Signal()
    profile_needed = Signal()

    def __init__(
        self,
        session: Any,
        user_templates: Path | None,
        parent: QWidget | None = None,
        *,
        opener: MailOpener | None = None,
        drafts_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.user_templates = user_templates
        self.opener: MailOpener = opener or open_with_default_mail_app
        self.drafts_dir = drafts_dir or self._default_drafts_dir()
        self.case: Any = None
        self.status: Any = None
        self.draft: Any = None
        self.rendered: tuple[str, str] = ("", "")  # (subject, body) as the template made them
        self.last_eml: Path | None = None
        self.problems: list[str] = []
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setSpacing(6)

        top = QHBoxLayout()
        self.template = QComboBox()
        self.template.setObjectName("template")
        self.template.currentIndexChanged.connect(lambda _i: self._template_chosen())
        top.addWidget(QLabel("Template"))
        top.addWidget(self.template, 1)
        # An edited draft says so beside the template, with the way back (one row, not a banner).
        self.edited_bar = QWidget()
        self.edited_bar.setObjectName("edited_bar")
        bar = QHBoxLayout(self.edited_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.edited_label = QLabel()
        self.edited_label.setObjectName("edited_label")
        self.edited_label.setStyleSheet("color: palette(highlight); font-weight: 600;")
        bar.addWidget(self.edited_label)
        self.discard_button = QPushButton("Discard edits")
        self.discard_button.setObjectName("draft_discard")
        self.discard_button.setToolTip("Forget your changes and draft this template again")
        self.discard_button.clicked.connect(lambda _=False: self.discard_edits())
        bar.addWidget(self.discard_button)
        self.edited_bar.hide()
        top.addWidget(self.edited_bar)
        layout.addLayout(top)

        fields = QGridLayout()
        fields.setColumnStretch(1, 2)
        fields.setColumnStretch(3, 3)
        self.to = QLabel()
        self.to.setObjectName("draft_to")
        self.to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cc = QLabel()
        self.cc.setObjectName("draft_cc")
        self.cc.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cc.setWordWrap(True)
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Draft subject")
        self.subject.setObjectName("subject")
        fields.addWidget(QLabel("To"), 0, 0)
        fields.addWidget(self.to, 0, 1)
        fields.addWidget(QLabel("Cc"), 0, 2)
        fields.addWidget(self.cc, 0, 3)
        fields.addWidget(QLabel("Subject"), 1, 0)
        fields.addWidget(self.subject, 1, 1, 1, 3)
        self.copy_cc_button = self._small_copy(fields, 0, "copy_cc", "Copy the CC addresses", self.copy_cc)
        self.copy_subject_button = self._small_copy(fields, 1, "copy_subject", "Copy the subject", self.copy_subject)
        layout.addLayout(fields)

        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Draft text")
        self.body.setTabChangesFocus(True)  # Tab moves on to Copy: a keyboard user is never trapped in the text
        self.body.setObjectName("body")
        self.body.setMinimumHeight(60)  # at 1024×700 the case header takes most of the height
        layout.addWidget(self.body, 1)
        self.findings = QLabel()
        self.findings.setObjectName("findings")
        self.findings.setWordWrap(True)
        layout.addWidget(self.findings)
        from .coach_panel import CoachFindings

        self.coach = CoachFindings(session, self.body, self)  # the draft coach, live as the engineer types
        self.coach.counted.connect(self._coach_counted)
        layout.addWidget(self.coach)

        self.failure = QFrame()
        self.failure.setObjectName("open_failed")
        self.failure.setFrameShape(QFrame.Shape.StyledPanel)
        failed = QHBoxLayout(self.failure)
        failed.setContentsMargins(8, 4, 4, 4)
        self.failure_label = QLabel()
        self.failure_label.setObjectName("open_failed_label")
        self.failure_label.setWordWrap(True)
        failed.addWidget(self.failure_label, 1)
        self._button(failed, "Copy for reply", self.copy, "failed_copy")
        self._button(failed, "Show the file", self.reveal_eml, "reveal")
        self.failure.hide()
        layout.addWidget(self.failure)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setStyleSheet("color: palette(highlight); font-weight: 600;")
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.notice.hide)

        buttons = QHBoxLayout()
        self.new_email_button = self._button(buttons, "New email in the mail app", self.new_email, "new_email")
        self.new_email_button.setDefault(True)
        self.new_email_button.setToolTip("Opens the whole draft (To, CC, subject, body) as a new, unsent email")
        self.copy_button = self._button(buttons, "Copy for reply", self.copy, "copy")
        self.copy_button.setToolTip("Copies the body, to paste into your reply in the customer's thread")
        self._button(buttons, "Save .eml…", self.save_eml, "save_eml")
        self.redact_button = self._button(buttons, "Redact", self.redact, "redact")
        buttons.addSpacing(8)
        buttons.addWidget(self.notice)
        buttons.addStretch(1)
        self.sent_button = self._button(buttons, "Mark as sent", self.mark_sent, "mark_sent")
        self.sent_button.setEnabled(False)
        layout.addLayout(buttons)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._edited_settled)
        self.body.textChanged.connect(self._text_changed)
        self.subject.textChanged.connect(self._text_changed)

    def _button(self, row: QHBoxLayout, text: str, slot: Any, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"draft_{name}")
        button.clicked.connect(lambda _=False: slot())
        row.addWidget(button)
        return button

    def _small_copy(self, grid: QGridLayout, row: int, name: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton()
        button.setObjectName(f"draft_{name}")
        button.setText("Copy")
        button.setToolTip(tip)
        button.clicked.connect(lambda _=False: slot())
        grid.addWidget(button, row, 4)
        return button

    def _default_drafts_dir(self) -> Path:
        """``drafts/`` in the data folder (beside the database), else a private temporary folder."""
        return Path(self.session.desk.drafts_folder)

    # ----- content ------------------------------------------------------------------------------------

    def templates(self) -> Any:
        from ...core.drafts import TemplateSet

        return TemplateSet(self.user_templates)

    def show_case(self, case: Any, status: Any, template: str | None = None) -> None:
        same_case = self.case is not None and case is not None and self.case.id == case.id
        self.flush()  # what was typed for the case on screen is kept before anything else
        if same_case and self.is_edited() and template in (None, self.template.currentData()):
            self.case, self.status = case, status  # a refresh must not reset what is being typed
            self._check()
            return
        self.case, self.status = case, status
        self.failure.hide()
        stored = self._stored()
        if stored is not None and template not in (None, stored.template):
            stored = None  # another template was asked for (after a call): the kept draft stays stored
        templates = self.templates()
        wanted = (
            (stored.template if stored else None)
            or template
            or (status.next_action.template if status.next_action else None)
            or status.stage.template
        )
        self.template.blockSignals(True)
        self.template.clear()
        for name in templates.names():
            self.template.addItem(templates.title(name), name)
        index = self.template.findData(wanted) if wanted else -1
        self.template.setCurrentIndex(max(index, 0))
        self.template.blockSignals(False)
        self._render(stored)

    def _stored(self) -> Any:
        return self.session.desk.kept_draft(self.case.id) if self.case is not None else None

    def _render(self, stored: Any = None) -> None:
        if self.case is None:
            return
        from ...core.drafts import make_draft

        name = self.template.currentData()
        s = self.session
        self._loading = True
        try:
            try:
                self.draft = make_draft(
                    name, self.templates(), self.case, self.status, s.profile, s.settings, s.calendar, s.now()
                )
            except UserError as exc:
                self.draft = None
                self.rendered = ("", "")
                self.subject.setText("")
                self.body.setPlainText("")
                self.findings.setText(f"This template cannot be used: {exc}")
                self.edited_bar.hide()
                self.coach.reset(None, None)
                return
            self.rendered = (self.draft.subject, self.draft.text)
            self.to.setText(", ".join(self.draft.to) or "(no email address)")
            self.cc.setText(", ".join(self.draft.cc) or "(none)")
            if stored is not None:
                self.draft.promised = stored.promised
                self.subject.setText(stored.subject)
                self.body.setPlainText(stored.body)
            else:
                self.subject.setText(self.draft.subject)
                self.body.setPlainText(self.draft.text)
            for field in (self.to, self.cc, self.subject):
                if hasattr(field, "setCursorPosition"):
                    field.setCursorPosition(0)  # a long address or subject shows its beginning, not its end
        finally:
            self._loading = False
        self.sent_button.setEnabled(False)
        self._show_edited(stored.saved if stored is not None else None)
        self._check()
        self.coach.reset(self.case, name)

    def is_edited(self) -> bool:
        return self.draft is not None and (self.subject.text(), self.body.toPlainText()) != self.rendered

    def _show_edited(self, saved: Any = None) -> None:
        if not self.is_edited():
            self.edited_bar.hide()
            return
        when = ""
        if saved is not None:
            local = self.session.calendar.local(saved)
            when = f" (kept since {local:%a %d %b %H:%M})"
        self.edited_label.setText("✎ Edited draft")
        self.edited_label.setToolTip(f"Your edited draft{when}: kept for this case until you send or discard it")
        self.edited_bar.show()

    def current(self) -> Any:
        """The draft as edited: subject and text from the editors, HTML made from the text."""
        from dataclasses import replace

        from ...core.drafts import DEADLINE_SECONDS, to_html

        text = self.body.toPlainText()
        deadline = time.monotonic() + DEADLINE_SECONDS
        return replace(
            self.draft,
            subject=self.subject.text(),
            text=text,
            html=to_html(text, self.session.settings),
            deadline=deadline,
        )

    def _check(self) -> None:
        if self.draft is None or self.case is None:
            return
        from ...core.drafts import readiness
        from ...core.privacy import find_personal_data

        s = self.session
        self.problems = readiness(self.current(), self.case, self.status, s.profile, s.calendar, s.now())
        self.findings.setText("\n".join(f"⚠ {p}" for p in self.problems) or "✓ Ready to send")
        colour = theme.tone("warning" if self.problems else "ok").name()
        self.findings.setStyleSheet(f"color: {colour};")
        self.redact_button.setVisible(bool(find_personal_data(self.body.toPlainText(), self._known())))

    def _known(self) -> list[str]:
        from ...core.drafts import known_values

        return known_values(self.case, self.session.profile)

    # ----- kept edits -----------------------------------------------------------------------------------

    def flush(self) -> None:
        """Keep what was typed in the last moments now (the window is hiding or the app quitting)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._keep_edits()

    def hideEvent(self, event: Any) -> None:
        self.flush()
        super().hideEvent(event)

    def _text_changed(self) -> None:
        if not self._loading:
            self._save_timer.start()

    def _edited_settled(self) -> None:
        self._keep_edits()
        self._check()

    def _keep_edits(self) -> None:
        """Store the case's draft when it differs from what the template makes; forget it when it does not."""
        if self.case is None or self.draft is None:
            return
        if self.is_edited():
            self.session.desk.keep_draft(
                self.case.id,
                self.template.currentData(),
                self.subject.text(),
                self.body.toPlainText(),
                self.draft.promised,
                self.session.now(),
            )
            log.info("kept the edited draft of case id %s", self.case.id)
            self._show_edited(self.session.now())
        else:
            self.session.desk.discard_draft(self.case.id)
            self.edited_bar.hide()

    def discard_edits(self) -> None:
        if self.case is None:
            return
        if self.is_edited() and not self.confirm_discard():
            return  # what was typed stays
        self._save_timer.stop()
        self.session.desk.discard_draft(self.case.id)
        self._render()
        self.flash("Edits discarded")

    def _template_chosen(self) -> None:
        """Another template replaces an edited draft only when the engineer says so."""
        if self.case is None:
            return
        self._save_timer.stop()
        stored = self._stored()
        if stored is not None and stored.template != self.template.currentData():
            if not self.confirm_replace():
                self.template.blockSignals(True)
                self.template.setCurrentIndex(max(self.template.findData(stored.template), 0))
                self.template.blockSignals(False)
                return
            self.session.desk.discard_draft(self.case.id)
        self._render()

    def confirm_discard(self) -> bool:
        """Typed words are not thrown away on one click: the engineer confirms."""
        answer = QMessageBox.question(
            self,
            "Discard your edits?",
            "Your changes to this draft will be lost, and the template drafted again.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def confirm_replace(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Replace your edited draft?",
            "This case has an edited draft. Draft the other template instead and discard your edits?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    # ----- actions ------------------------------------------------------------------------------------

    def flash(self, message: str) -> None:
        """A short notice beside the buttons (and in the status bar) that fades after a few seconds."""
        self.notice.setText(message)
        self.notice.show()
        self._notice_timer.start(NOTICE_MS)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(message, NOTICE_MS)

    def _profile_ready(self) -> bool:
        if self.session.profile.get("name") and self.session.profile.get("email"):
            return True
        self.profile_needed.emit()
        return bool(self.session.profile.get("name") and self.session.profile.get("email"))

    def _ready_to_go(self) -> bool:
        if self.draft is None or not self._profile_ready():
            return False
        self._check()
        return not self.problems or self.confirm_problems()

    def copy(self) -> bool:
        """Copy for reply: the body, formatted and plain, for the customer's thread."""
        if not self._ready_to_go():
            return False
        draft = self.current()
        clipboard.copy_rich(draft.html, draft.text)
        self.sent_button.setEnabled(True)
        self.failure.hide()
        log.info("draft %s copied for case id %s", draft.template, self.case.id)
        open_findings = self.coach.open_count
        note = f" ({open_findings} coach finding{'s' if open_findings != 1 else ''} open)" if open_findings else ""
        self.flash(f"Copied the body: paste it into your reply{note}")
        return True

    def _coach_counted(self, open_findings: int) -> None:
        """The copy button says how many of the coach's findings are open."""
        self.copy_button.setText(f"Copy for reply ({open_findings})" if open_findings else "Copy for reply")
        plural = "s" if open_findings != 1 else ""
        self.copy_button.setToolTip(
            "Copies the body, to paste into your reply in the customer's thread"
            + (f" ({open_findings} coach finding{plural} open)" if open_findings else "")
        )

    def copy_subject(self) -> None:
        clipboard.copy_text(self.subject.text())
        self.flash("Copied the subject")

    def copy_cc(self) -> None:
        clipboard.copy_text("; ".join(self.draft.cc) if self.draft else "")
        self.flash("Copied the CC addresses")

    def confirm_problems(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Before you send", "\n".join(f"• {p}" for p in self.problems), parent=self
        )
        box.setObjectName("readiness_box")
        box.setInformativeText("Use the draft anyway?")
        anyway = box.addButton("Use it anyway", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is anyway

    def redact(self) -> None:
        """Replace passwords and personal data with markers; running it twice changes nothing more."""
        from ...core.privacy import PASSWORD_CHANGE_PARAGRAPH, SECRET_KINDS, find_personal_data, redact

        text = self.body.toPlainText()
        findings = find_personal_data(text, self._known())
        cleaned = redact(text, findings)
        if any(f.kind in SECRET_KINDS for f in findings) and PASSWORD_CHANGE_PARAGRAPH not in cleaned:
            head, sep, tail = cleaned.partition("\n\n")
            cleaned = (
                f"{head}{sep}{PASSWORD_CHANGE_PARAGRAPH}\n\n{tail}"
                if sep
                else f"{cleaned}\n\n{PASSWORD_CHANGE_PARAGRAPH}"
            )
        if cleaned != text:
            self.body.setPlainText(cleaned)
        self._save_timer.stop()
        self._keep_edits()
        self._check()  # at once: the warning goes with what it warned about

    def mark_sent(self) -> None:
        """Record the event this template stands for (fqr_sent, strike_sent n=…, lqr_sent …); never silently."""
        from ...core.model import Event

        if self.draft is None or self.case is None:
            return
        kind, fields = self.draft.meta.get("event", ["email_sent", {}])
        fields = {**fields, **({"template": self.draft.template} if kind == "email_sent" else {})}
        event = Event(self.session.now().replace(microsecond=0), kind, dict(fields))
        problems = self.session.problems(self.case, event)
        override = None
        if problems:
            answer = QMessageBox.warning(
                self,
                "The playbook does not expect this",
                "\n".join(problems) + "\n\nRecord it anyway (marked as an override)?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            override = problems
        # The words we sent are kept with the event (our earlier emails, for the coach and the timeline).
        from ...core.mailtext import MailText

        sent = self.current()
        mail = MailText(True, sent.text, sent.text, sender=self.session.profile.get("email", ""), subject=sent.subject)
        promised, case = self.draft.promised, self.case  # recording may redraw the panel
        self.session.record(self.case, event, override=override, mail=mail)
        if promised is not None and promised > event.at and (self.status is None or self.status.eta != promised):
            # playbook rules §2: the ETA on the case is the one the email gave, to the minute
            self.session.record(case, Event(event.at, "eta_set", {"eta": promised.isoformat()}))
        self._save_timer.stop()
        self.session.desk.discard_draft(self.case.id)  # sent: the kept draft has done its work
        self._render()
        self.flash("Recorded as sent")
        self.marked_sent.emit()
