"""Reading back the kept text of an email from the timeline (click its event) and forgetting a case's
kept mail. The text comes from the desk; nothing here is logged."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.events import KINDS
from ...core.timefmt import short_instant


class MailTextDialog(QDialog):
    """The words of one or more emails (several when the clicked marker groups events): each on a tab,
    the sender's own words first and the whole body as read below."""

    def __init__(self, texts: list[tuple[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mail_text_dialog")
        self.setWindowTitle("Email text")
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        tabs = QTabWidget()
        self.tabs = tabs
        for title, mail in texts:
            page = QWidget()
            box = QVBoxLayout(page)
            who = "Sent by you" if mail.ours else f"From {mail.sender}" if mail.sender else "Received"
            head = QLabel(f"<b>{_escape(mail.subject) or '(no subject)'}</b><br>{_escape(who)}")
            head.setWordWrap(True)
            box.addWidget(head)
            reply = QPlainTextEdit(mail.reply)
            reply.setObjectName("mail_reply")
            reply.setReadOnly(True)
            box.addWidget(reply, 2)
            if mail.body and mail.body.strip() != mail.reply.strip():
                box.addWidget(QLabel("The whole email as read, quoted thread included:"))
                body = QPlainTextEdit(mail.body)
                body.setObjectName("mail_body")
                body.setReadOnly(True)
                box.addWidget(body, 1)
            tabs.addTab(page, title)
        layout.addWidget(tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def kept_texts(session: Any, case: Any, instants: Iterable[datetime]) -> list[tuple[str, Any]]:
    """(title, mail text) of the case's events at these instants that have their email's text kept."""
    wanted = set(instants)
    found = []
    case = session.desk.case(case.number) or case  # as stored now (a draft may just have been recorded)
    cal = session.calendar
    for event in case.sorted_events():
        if event.at in wanted and event.id is not None:
            mail = session.desk.mail_of_event(event.id)
            if mail is not None:
                title = KINDS[event.kind].title if event.kind in KINDS else event.kind.replace("_", " ")
                found.append((f"{short_instant(cal.local(event.at))} · {title}", mail))
    return found


def show_mail(parent: QWidget, session: Any, case: Any, instants: Iterable[datetime]) -> QDialog | None:
    """Open the kept text of the clicked events, or say (in the status bar) that none is kept."""
    texts = kept_texts(session, case, instants)
    if not texts:
        window = parent.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage("No email text is kept for this event", 4000)
        return None
    dialog = MailTextDialog(texts, parent)
    dialog.show()
    return dialog


def forget_mail(parent: QWidget, session: Any, case: Any) -> int | None:
    """Ask, then delete the kept text of every email of the case (its events stay)."""
    answer = QMessageBox.question(
        parent,
        "Forget this case's mail",
        f"Delete the kept text of every email of case {case.number}? The events stay on the timeline; "
        "backups made before keep their copy until they rotate out.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    return int(session.desk.forget_case_mail(case.number))
