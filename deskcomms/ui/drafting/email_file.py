"""The draft as an email file: a new message opened in the mail app (an unsent .eml), the file revealed
when no mail app opened it, and Save as .eml. What the draft panel's buttons do with the file."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from ...core.errors import UserError
from . import clipboard

log = logging.getLogger("deskcomms.ui.drafting.draft_panel")


class EmailFileActions:
    """A part of :class:`~.draft_panel.DraftPanel`: the .eml buttons."""

    # Provided by the panel.
    session: Any
    case: Any
    draft: Any
    drafts_dir: Path
    last_eml: Path | None
    opener: Any
    failure: Any
    failure_label: Any
    sent_button: Any
    current: Any
    flash: Any
    _ready_to_go: Any
    findChild: Any

    def write_eml(self) -> Path:
        """The whole draft as an unsent .eml, private to the user, in the drafts folder."""
        from ...core.drafts import to_eml

        data = to_eml(self.current(), self.session.profile.get("email", ""))
        self.drafts_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        safe = re.sub(r"[^\w.-]", "_", f"{self.case.number}-{self.draft.template}")[:120]
        path = self.drafts_dir / f"{safe}.eml"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return path

    def new_email(self) -> bool:
        """New email in the mail app: the whole draft opened as an unsent message; never silently failing."""
        if not self._ready_to_go():
            return False
        try:
            path = self.write_eml()
        except (OSError, ValueError, UserError) as exc:
            self._open_failed(f"The draft could not be written as an email file ({exc}).")
            return False
        self.last_eml = path
        outcome = self.opener(path)
        if not getattr(outcome, "ok", outcome):
            log.warning("no mail handler opened the draft of case id %s", self.case.id)
            reason = (getattr(outcome, "reason", "") or "No mail app opened the draft").rstrip(".")
            self._open_failed(f"{reason}. Copy it for a reply, or open the saved file yourself: {path}")
            return False
        self.failure.hide()
        self.sent_button.setEnabled(True)
        log.info("draft %s opened in the mail app for case id %s", self.draft.template, self.case.id)
        self.flash(f"Opened in {getattr(outcome, 'how', '') or 'your mail app'} as a new email")
        return True

    def _open_failed(self, message: str) -> None:
        self.failure_label.setText(f"⚠ {message}")
        self.failure.show()
        self.findChild(QPushButton, "draft_reveal").setVisible(self.last_eml is not None)

    def reveal_eml(self) -> None:
        from ...platform import current

        if self.last_eml is not None and not current().reveal(self.last_eml).ok:
            clipboard.copy_text(str(self.last_eml))
            self.flash("No file manager opened: the file's path was copied instead")

    def save_eml(self) -> None:
        from ...core.drafts import to_eml

        if self.draft is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,  # type: ignore[arg-type]
            "Save draft",
            f"{self.case.number}-{self.draft.template}.eml",
            "Email draft (*.eml)",
        )
        if path:
            try:
                Path(path).write_bytes(to_eml(self.current(), self.session.profile.get("email", "")))
            except (OSError, UserError) as exc:
                QMessageBox.warning(
                    self,  # type: ignore[arg-type]
                    "The draft was not saved",
                    str(exc),
                )
                return
            self.sent_button.setEnabled(True)
            self.flash(f"Saved {Path(path).name}")
