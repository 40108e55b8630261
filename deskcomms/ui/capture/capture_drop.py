"""Emails dropped on the window or pasted with Ctrl+Shift+V open the capture preview.

Accepted: .eml/.msg (and .txt) files; ``text/plain`` copied from Outlook; and the Outlook desktop drag
on Windows, which carries no file but the ``FileGroupDescriptorW`` format (the file names) and
``FileContents`` (the bytes of the first message, an .msg stream). Every input is read before any
preview opens: one that is not an email gets a dialog naming it and nothing is recorded.
"""

from __future__ import annotations

import logging
import struct
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

EMAIL_SUFFIXES = (".eml", ".msg", ".txt")
# FILEDESCRIPTORW (shlobj_core.h): flags, clsid, sizel, pointl, attributes, three FILETIMEs,
# size high/low, then WCHAR cFileName[260]: 592 bytes; FILEGROUPDESCRIPTORW starts with a UINT count.
DESCRIPTOR_SIZE = 592
NAME_OFFSET = 72


def _format_named(mime: Any, name: str) -> str | None:
    """The mime format that carries a Windows clipboard format (Qt names it ...;value="NAME")."""
    for fmt in mime.formats():
        if fmt == name or fmt.endswith(f'value="{name}"'):
            return str(fmt)
    return None


def descriptor_names(data: bytes) -> list[str]:
    """The file names in a FILEGROUPDESCRIPTORW."""
    if len(data) < 4:
        return []
    (count,) = struct.unpack_from("<I", data, 0)
    names = []
    for i in range(min(count, 64)):
        start = 4 + i * DESCRIPTOR_SIZE + NAME_OFFSET
        raw = data[start : start + 520]
        if len(raw) < 2:
            break
        names.append(raw.decode("utf-16-le", "replace").split("\x00", 1)[0])
    return names


def inputs_from_mime(mime: Any) -> list[tuple[str, bytes]]:
    """(name, bytes) of every email the drop or the clipboard carries; [] when it carries none."""
    found: list[tuple[str, bytes]] = []
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(EMAIL_SUFFIXES):
                path = Path(url.toLocalFile())
                try:
                    found.append((path.name, path.read_bytes()))
                except OSError as exc:
                    found.append((path.name, f"unreadable: {exc.strerror}".encode()))
        if found:
            return found
    descriptor = _format_named(mime, "FileGroupDescriptorW")
    contents = _format_named(mime, "FileContents")
    if descriptor and contents:
        names = descriptor_names(bytes(mime.data(descriptor).data()))
        data = bytes(mime.data(contents).data())
        if data:
            return [(names[0] if names else "Outlook message.msg", data)]
    if mime.hasText() and mime.text().strip():
        return [("pasted text", mime.text().encode("utf-8"))]
    return []


def carries_email(mime: Any) -> bool:
    if mime.hasUrls() and any(
        u.isLocalFile() and u.toLocalFile().lower().endswith(EMAIL_SUFFIXES) for u in mime.urls()
    ):
        return True
    if _format_named(mime, "FileGroupDescriptorW") and _format_named(mime, "FileContents"):
        return True
    return bool(mime.hasText() and mime.text().lstrip()[:12].lower().startswith(("from:", "von:", "de :", "de:")))


class CaptureDrop(QObject):
    """Watches the main window for email drops, and pastes an email on Ctrl+Shift+V."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: Any = None
        self._queue: list[tuple[Any, str | None, bool]] = []
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        self.paste_action = QAction("Paste &email from Outlook", window)
        self.paste_action.setObjectName("action_paste_email")
        self.paste_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.paste_action.triggered.connect(lambda _=False: self.paste())
        window.addAction(self.paste_action)
        for action in window.menuBar().actions():
            if action.text().replace("&", "") == "Edit" and action.menu() is not None:
                action.menu().addSeparator()
                action.menu().addAction(self.paste_action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and carries_email(event.mimeData()):
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.Drop and carries_email(event.mimeData()):
            event.acceptProposedAction()
            self.capture(event.mimeData(), self._case_at(event.position().toPoint()), dropped=True)
            return True
        return False

    def _case_at(self, point: Any) -> str | None:
        """The case an email was dropped on: a row of the list, or the case shown on the right."""
        window = self.window
        child = window.childAt(point)
        table = window.table
        if child is not None and (child is table.viewport() or table.isAncestorOf(child)):
            index = table.indexAt(table.viewport().mapFrom(window, point))
            if index.isValid():
                return str(window.model.row_at(index.row()).number)
        view = window._case_view
        if child is not None and view is not None and (child is view or view.isAncestorOf(child)) and view.case:
            return str(view.case.number)
        return None

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not inputs_from_mime(mime):
            QMessageBox.information(
                self.window,
                "No email on the clipboard",
                "Copy a message in Outlook (select it and press Ctrl+C), then press Ctrl+Shift+V here.",
            )
            return
        shown = self.window._case_view.case.number if self.window._case_view and self.window._case_view.case else None
        self.capture(mime, shown)

    def capture(self, mime: Any, target_case: str | None, *, dropped: bool = False) -> None:
        """Preview each email of ``mime``; ``target_case`` (on screen, or dropped on) only if it names none."""
        from zoneinfo import ZoneInfo

        from ...core.errors import UserError
        from ...desk.capturing import read_inputs

        items = inputs_from_mime(mime)
        try:
            emails = read_inputs(items, ZoneInfo(self.window.session.settings["timezone"]))
        except UserError as exc:
            QMessageBox.warning(self.window, "Not an email", f"Nothing was recorded:\n\n{exc}")
            return
        self._queue.extend((email, target_case, dropped) for email in emails)
        if self.dialog is None:
            self._next()

    def _next(self) -> None:
        from ...desk.capturing import template_subjects
        from .capture_dialog import CaptureDialog

        self.dialog = None
        if not self._queue:
            return
        email, target, dropped = self._queue.pop(0)
        dialog = CaptureDialog(
            self.window.session,
            email,
            templates=template_subjects(self.window.user_templates),
            target_case=target,
            dropped=dropped,
            parent=self.window,
        )
        dialog.recorded.connect(self._recorded)
        dialog.finished.connect(lambda _=0: self._next())
        self.dialog = dialog
        dialog.open()

    def _recorded(self, number: str) -> None:
        window = self.window
        window.search.clear()
        window._case_changed(number)
        window.case_view.show_case(number)


def install_capture(window: QWidget) -> CaptureDrop:
    """Make ``window`` (the main window) accept dropped and pasted emails."""
    handler = CaptureDrop(window)
    window.capture_drop = handler  # type: ignore[attr-defined]
    return handler
