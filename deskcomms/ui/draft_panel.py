"""The draft panel: the template the next action calls for (any other on request), the draft editable,
its readiness findings, and one click to put it on the clipboard for Outlook."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from . import clipboard

log = logging.getLogger(__name__)
MAILTO_LIMIT = 2000  # longer mailto: links are cut by mail apps; copy instead


class DraftPanel(QWidget):
    marked_sent = Signal()
    profile_needed = Signal()

    def __init__(self, session: Any, user_templates: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.user_templates = user_templates
        self.case: Any = None
        self.status: Any = None
        self.draft: Any = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.template = QComboBox()
        self.template.setObjectName("template")
        self.template.currentIndexChanged.connect(lambda _i: self._render())
        top.addWidget(QLabel("Template"))
        top.addWidget(self.template, 1)
        layout.addLayout(top)
        form = QFormLayout()
        self.to = QLabel()
        self.to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cc = QLabel()
        self.cc.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cc.setWordWrap(True)
        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        form.addRow("To", self.to)
        form.addRow("Cc", self.cc)
        form.addRow("Subject", self.subject)
        layout.addLayout(form)
        self.body = QPlainTextEdit()
        self.body.setObjectName("body")
        layout.addWidget(self.body, 1)
        self.findings = QLabel()
        self.findings.setObjectName("findings")
        self.findings.setWordWrap(True)
        layout.addWidget(self.findings)
        buttons = QHBoxLayout()
        self.copy_button = self._button(buttons, "Copy for Outlook", self.copy, "copy")
        self.copy_button.setDefault(True)
        self._button(buttons, "Copy subject", lambda: clipboard.copy_text(self.subject.text()), "copy_subject")
        self._button(
            buttons, "Copy CC", lambda: clipboard.copy_text("; ".join(self.draft.cc) if self.draft else ""), "copy_cc"
        )
        self._button(buttons, "Open in mail app", self.open_mail_app, "mailto")
        self._button(buttons, "Save .eml…", self.save_eml, "save_eml")
        self.redact_button = self._button(buttons, "Redact", self.redact, "redact")
        buttons.addStretch(1)
        self.sent_button = self._button(buttons, "Mark as sent", self.mark_sent, "mark_sent")
        self.sent_button.setEnabled(False)
        layout.addLayout(buttons)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(300)
        self._check_timer.timeout.connect(self._check)
        self.body.textChanged.connect(self._check_timer.start)
        self.subject.textChanged.connect(self._check_timer.start)
        self.problems: list[str] = []

    def _button(self, row: QHBoxLayout, text: str, slot: Any, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"draft_{name}")
        button.clicked.connect(lambda _=False: slot())
        row.addWidget(button)
        return button

    # ----- content ------------------------------------------------------------------------------------

    def templates(self) -> Any:
        from ..core.drafts import TemplateSet

        return TemplateSet(self.user_templates)

    def show_case(self, case: Any, status: Any, template: str | None = None) -> None:
        self.case, self.status = case, status
        templates = self.templates()
        wanted = template or (status.next_action.template if status.next_action else None) or status.stage.template
        self.template.blockSignals(True)
        self.template.clear()
        for name in templates.names():
            self.template.addItem(templates.title(name), name)
        index = self.template.findData(wanted) if wanted else -1
        self.template.setCurrentIndex(max(index, 0))
        self.template.blockSignals(False)
        self._render()

    def _render(self) -> None:
        if self.case is None:
            return
        from ..core.drafts import make_draft

        name = self.template.currentData()
        s = self.session
        try:
            self.draft = make_draft(
                name, self.templates(), self.case, self.status, s.profile, s.settings, s.calendar, s.now()
            )
        except UserError as exc:
            self.draft = None
            self.body.setPlainText("")
            self.findings.setText(f"This template cannot be used: {exc}")
            return
        self.to.setText(", ".join(self.draft.to) or "(no email address)")
        self.cc.setText(", ".join(self.draft.cc))
        self.subject.setText(self.draft.subject)
        self.body.setPlainText(self.draft.text)
        self.sent_button.setEnabled(False)
        self._check()

    def current(self) -> Any:
        """The draft as edited: subject and text from the editors, HTML made from the text."""
        from dataclasses import replace

        from ..core.drafts import to_html

        text = self.body.toPlainText()
        return replace(self.draft, subject=self.subject.text(), text=text, html=to_html(text))

    def _check(self) -> None:
        if self.draft is None or self.case is None:
            return
        from ..core.drafts import readiness
        from ..core.privacy import find_personal_data

        s = self.session
        self.problems = readiness(self.current(), self.case, self.status, s.profile, s.calendar, s.now())
        self.findings.setText("\n".join(f"⚠ {p}" for p in self.problems) or "✓ Ready to send")
        self.findings.setStyleSheet("color: #b26a00;" if self.problems else "color: #2e7d32;")
        self.redact_button.setVisible(bool(find_personal_data(self.body.toPlainText(), self._known())))

    def _known(self) -> list[str]:
        from ..core.drafts import known_values

        return known_values(self.case, self.session.profile)

    # ----- actions ------------------------------------------------------------------------------------

    def _profile_ready(self) -> bool:
        if self.session.profile.get("name") and self.session.profile.get("email"):
            return True
        self.profile_needed.emit()
        return bool(self.session.profile.get("name") and self.session.profile.get("email"))

    def copy(self) -> bool:
        if self.draft is None or not self._profile_ready():
            return False
        self._check()
        if self.problems and not self.confirm_problems():
            return False
        draft = self.current()
        clipboard.copy_rich(draft.html, f"{draft.text}")
        self.sent_button.setEnabled(True)
        log.info("draft %s copied for case id %s", draft.template, self.case.id)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                "Copied: paste it into a new Outlook email; Copy subject and Copy CC fill the rest", 6000
            )
        return True

    def confirm_problems(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Before you send", "\n".join(f"• {p}" for p in self.problems), parent=self
        )
        box.setObjectName("readiness_box")
        box.setInformativeText("Copy the draft anyway?")
        anyway = box.addButton("Copy anyway", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is anyway

    def open_mail_app(self) -> None:
        from ..core.drafts import mailto_url

        if self.draft is None:
            return
        draft = self.current()
        url = mailto_url(draft)
        if len(url) > MAILTO_LIMIT:
            clipboard.copy_rich(draft.html, draft.text)
            self.sent_button.setEnabled(True)
            QMessageBox.information(
                self,
                "Copied instead",
                "This draft is too long for a mail link, so it was copied to the clipboard: paste it into a new email.",
            )
            return
        if not QDesktopServices.openUrl(QUrl(url)):
            QMessageBox.warning(
                self,
                "No mail app answered",
                "No default mail app is set up to open mail links on this computer. Use Copy for Outlook "
                "and paste into a new email, or Save .eml… and open the file in your mail app.",
            )
            return
        self.sent_button.setEnabled(True)

    def save_eml(self) -> None:
        from ..core.drafts import to_eml

        if self.draft is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Save draft", f"{self.case.number}-{self.draft.template}.eml", "Email draft (*.eml)"
        )
        if path:
            Path(path).write_bytes(to_eml(self.current(), self.session.profile.get("email", "")))
            self.sent_button.setEnabled(True)

    def redact(self) -> None:
        from ..core.privacy import PASSWORD_CHANGE_PARAGRAPH, find_personal_data, redact

        text = self.body.toPlainText()
        findings = find_personal_data(text, self._known())
        cleaned = redact(text, findings)
        if any(f.kind == "password" for f in findings) and PASSWORD_CHANGE_PARAGRAPH not in cleaned:
            head, sep, tail = cleaned.partition("\n\n")
            cleaned = (
                f"{head}{sep}{PASSWORD_CHANGE_PARAGRAPH}\n\n{tail}"
                if sep
                else f"{cleaned}\n\n{PASSWORD_CHANGE_PARAGRAPH}"
            )
        self.body.setPlainText(cleaned)

    def mark_sent(self) -> None:
        """Record the event this template stands for (fqr_sent, strike_sent n=…, lqr_sent …); never silently."""
        from ..core.model import Event

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
        self.session.record(self.case, event, override=override)
        self.sent_button.setEnabled(False)
        self.marked_sent.emit()
