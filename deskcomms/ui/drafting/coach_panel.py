"""The draft coach in the draft panel: findings shown live as the engineer edits (debounced), each with a
short why and the playbook passage; a click selects the text it is about; "Fine here" dismisses a finding
for this draft (remembered with the kept draft). The judging itself is core's (``core.coach``); the case's
context (customer, ball, earlier emails, the customer's last email) comes from the desk.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)
COACH_DELAY_MS = 250  # the coach looks again this long after the last keystroke
# Beyond this size (twenty pages and more: a pasted log) the coach would take seconds per look, so it
# says it does not look as you type instead of freezing the editor; `deskcomms check` still judges it.
MAX_LIVE_CHARS = 60_000

RULE_TITLES = {
    "unanswered_question": "Unanswered question",
    "negative_phrase": "Negative wording",
    "blame": "Blame",
    "broken_record": "Broken record",
    "not_personalized": "Not personal",
    "no_choice": "No choice offered",
    "lqr_outline": "LQR outline",
    "fqr_progress": "No progress",
    "eta_missing": "No ETA",
    "internal_text": "Internal text",
    "personal_data": "Personal data",
}


class CoachFindings(QWidget):
    """The coach's findings for the draft in ``body``; ``counted`` says how many are open after each look."""

    counted = Signal(int)

    def __init__(self, session: Any, body: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coach")
        self.session = session
        self.body = body
        self.case: Any = None
        self.template: str | None = None
        self.context: Any = None
        self.dismissed: set[str] = set()
        self.findings: list[Any] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("coach_title")
        head.addWidget(self.title, 1)
        self.dismiss_button = QPushButton("Fine here")
        self.dismiss_button.setObjectName("coach_dismiss")
        self.dismiss_button.setToolTip("This finding does not apply to this email: hide it for this draft")
        self.dismiss_button.setEnabled(False)
        self.dismiss_button.clicked.connect(lambda _=False: self.dismiss_selected())
        head.addWidget(self.dismiss_button)
        layout.addLayout(head)
        self.list = QListWidget()
        self.list.setObjectName("coach_findings")
        self.list.setAccessibleName("Draft coach findings")
        self.list.setWordWrap(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.itemClicked.connect(self._select_in_body)
        self.list.currentItemChanged.connect(lambda item, _old: self.dismiss_button.setEnabled(item is not None))
        layout.addWidget(self.list)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COACH_DELAY_MS)
        self._timer.timeout.connect(self.look)
        body.textChanged.connect(self._timer.start)

    # ----- what is judged --------------------------------------------------------------------------------

    def reset(self, case: Any, template: str | None) -> None:
        """A draft was opened (or its template changed): the case's context and this draft's dismissals."""
        from ...core.errors import UserError

        self.case, self.template = case, template
        self.context = None
        self.dismissed = set()
        if case is not None and template:
            try:
                self.context = self.session.desk.coach_context(case.number, template, now=self.session.now())
                self.dismissed = self.session.desk.coach_dismissed(case.id, template)
            except UserError as exc:  # the case is gone meanwhile: nothing to judge against
                log.info("coach: no context (%s)", type(exc).__name__)
        self.look()

    def look(self) -> None:
        """Judge the draft as it is now (also called by the debounce timer)."""
        from ...core.coach import check_text

        self._timer.stop()
        text = self.body.toPlainText()
        if self.context is None or len(text) > MAX_LIVE_CHARS:
            self.findings = []
        else:
            self.findings = check_text(text, self.context, dismissed=self.dismissed)
        self._show()
        if self.context is not None and len(text) > MAX_LIVE_CHARS:
            self.title.setText("Coach: this draft is too long to check as you type; shorten it, or run deskcomms check")

    @property
    def open_count(self) -> int:
        return len(self.findings)

    # ----- showing, selecting, dismissing ---------------------------------------------------------------------

    def _show(self) -> None:
        self.list.clear()
        for finding in self.findings:
            title = RULE_TITLES.get(finding.rule, finding.rule)
            item = QListWidgetItem(f"{title}: {finding.message} «{finding.quote}»")
            item.setToolTip(f"{finding.why}\n\nFrom: {finding.source}")
            item.setData(Qt.ItemDataRole.UserRole, finding)
            self.list.addItem(item)
        n = len(self.findings)
        self.title.setText(
            f"Coach: {n} finding{'s' if n != 1 else ''} open (click one to see it in the text)"
            if n
            else "Coach: nothing to point out"
        )
        self.list.setVisible(bool(n))
        # As tall as its findings, up to three rows (at 1024×700 the text being written keeps the room).
        row = self.list.sizeHintForRow(0) if n else 0
        self.list.setFixedHeight(min(n, 3) * max(row, 1) + 2 * self.list.frameWidth() + 2)
        self.dismiss_button.setVisible(bool(n))
        self.dismiss_button.setEnabled(self.list.currentItem() is not None)
        self.counted.emit(n)

    def _select_in_body(self, item: QListWidgetItem) -> None:
        finding = item.data(Qt.ItemDataRole.UserRole)
        if finding is None:
            return
        text = self.body.toPlainText()
        cursor = self.body.textCursor()
        cursor.setPosition(_qt_offset(text, finding.start))
        cursor.setPosition(_qt_offset(text, finding.end), QTextCursor.MoveMode.KeepAnchor)
        self.body.setTextCursor(cursor)
        self.body.ensureCursorVisible()
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss_selected(self) -> None:
        item = self.list.currentItem()
        finding = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if finding is None or self.case is None or not self.template:
            return
        self.session.desk.dismiss_finding(self.case.id, self.template, finding.rule, finding.key)
        self.dismissed.add(finding.key)
        log.info("coach: %s dismissed on case id %s", finding.rule, self.case.id)
        self.look()


def _qt_offset(text: str, index: int) -> int:
    """Qt counts UTF-16 code units: a character outside the BMP (an emoji) counts twice."""
    head = text[: min(index, len(text))]
    return len(head.encode("utf-16-le")) // 2
