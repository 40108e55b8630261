"""Emails dropped on the window or pasted with Ctrl+Shift+V open the capture preview.

Accepted: .eml/.msg (and .txt) files; ``text/plain`` copied from Outlook; and the Outlook desktop drag
on Windows, which carries no file but the ``FileGroupDescriptorW`` format (the file names) and
``FileContents`` (the bytes of the first message, an .msg stream). Every input is read before any
preview opens: one that is not an email gets a dialog naming it ("not recorded") and the others go on.

Files are read through the command line's guarded reader (regular files only, the size checked before
reading: a named pipe called ``x.eml`` or a link to ``/dev/zero`` is refused, not waited on), and the
reading and parsing run in a worker thread: the window stays responsive, and a Cancel stops the batch.
"""

from __future__ import annotations

import logging
import struct
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

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


# One input of a drop or a paste: (the name shown, a local path to read in the worker, or the bytes).
Input = tuple[str, "Path | bytes"]


def inputs_from_mime(mime: Any) -> list[Input]:
    """Every email the drop or the clipboard carries, as paths (read later, guarded) or bytes; []: none.

    Only the mime data is touched here (on the GUI thread, where Qt wants it); no file is opened."""
    from ...core.capture.limits import MAX_BYTES

    found: list[Input] = []
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(EMAIL_SUFFIXES):
                found.append((Path(url.toLocalFile()).name, Path(url.toLocalFile())))
        if found:
            return found
    descriptor = _format_named(mime, "FileGroupDescriptorW")
    contents = _format_named(mime, "FileContents")
    if descriptor and contents:
        names = descriptor_names(bytes(mime.data(descriptor).data()))
        data = bytes(mime.data(contents).data())
        if data:
            return [(names[0] if names else "Outlook message.msg", data)]
    if mime.hasText():
        text = mime.text()
        if text.strip():
            # More characters than an email's bytes can be: refused by size without encoding it all.
            return [("pasted text", text[: MAX_BYTES + 1].encode("utf-8", "surrogatepass"))]
    return []


def read_inputs_guarded(
    items: list[Input], zone: Any, stop: Any = lambda: False, now: Any = None
) -> tuple[list[Any], list[Any]]:
    """The emails of ``items`` and, for each input that is not one, the UserError naming it. Files go
    through the command line's guarded reader (regular files only, size first). ``stop()`` ends early;
    ``now`` is the moment of capture (an email without a date is dated then)."""
    from ...core.capture import read_email
    from ...core.errors import UserError
    from ...desk.capturing import read_bytes

    emails, failures = [], []
    for name, source in items:
        if stop():
            break
        try:
            data = read_bytes(str(source)) if isinstance(source, Path) else source
            emails.append(read_email(data, name, zone, now))
        except UserError as exc:
            exc.where = name  # the file's name, as the window shows it
            failures.append(exc)
    return emails, failures


class ReadWorker(QThread):
    """Reads and parses a drop or a paste off the GUI thread."""

    done = Signal(object, object)  # emails, failures

    def __init__(self, items: list[Input], zone: Any, now: Any = None) -> None:
        super().__init__()
        self._items, self._zone, self._now = items, zone, now

    def run(self) -> None:
        try:
            emails, failures = read_inputs_guarded(self._items, self._zone, self.isInterruptionRequested, self._now)
        except Exception:  # a bug: said in the window as a failure, details in the log
            log.exception("reading dropped emails failed")
            from ...core.errors import UserError

            emails, failures = [], [UserError("could not be read (details are in the log)", where="the drop")]
        if not self.isInterruptionRequested():
            self.done.emit(emails, failures)


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
        self._workers: list[ReadWorker] = []
        self.progress: QProgressDialog | None = None
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
        """Read what ``mime`` carries in a worker; each email's preview opens when it is read (a Cancel drops
        them). ``target_case`` (on screen, or dropped on) is used only for an email that names no case."""
        from zoneinfo import ZoneInfo

        items = inputs_from_mime(mime)
        if not items:
            return
        session = self.window.session
        worker = ReadWorker(items, ZoneInfo(session.settings["timezone"]), session.now())
        worker.done.connect(lambda emails, failures: self._read(worker, emails, failures, target_case, dropped))
        worker.finished.connect(lambda: self._finished(worker))
        self._workers.append(worker)
        if self.progress is None:
            self.progress = QProgressDialog("Reading the email…", "Cancel", 0, 0, self.window)
            self.progress.setObjectName("capture_progress")
            self.progress.setWindowTitle("Capture")
            self.progress.setMinimumDuration(300)  # a quick read shows no flash of a dialog
            self.progress.setWindowModality(Qt.WindowModality.NonModal)
            self.progress.canceled.connect(self.cancel)
        self.progress.setLabelText(f"Reading {len(items)} email{'s' if len(items) > 1 else ''}…")
        self.progress.reset()
        self.progress.setRange(0, 0)
        self.progress.setValue(0)  # starts the clock of minimumDuration
        worker.start()

    def reading(self) -> bool:
        return bool(self._workers)

    def cancel(self) -> None:
        """Stop reading: nothing that was dropped or pasted in these batches opens a preview."""
        for worker in self._workers:
            worker.requestInterruption()
        if self.progress is not None:
            self.progress.reset()

    def shutdown(self) -> None:
        self.cancel()
        for worker in list(self._workers):
            worker.wait(10_000)

    def _finished(self, worker: ReadWorker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
        if not self._workers and self.progress is not None:
            self.progress.reset()

    def _read(
        self, worker: ReadWorker, emails: list[Any], failures: list[Any], target_case: str | None, dropped: bool
    ) -> None:
        if worker.isInterruptionRequested():
            return
        if failures:
            names = "\n".join(f"{f.where}: not recorded: {f.message}" for f in failures)
            others = f"\n\nThe other {len(emails)} will open for review." if emails else ""
            QMessageBox.warning(self.window, "Not an email", f"Nothing was recorded from:\n\n{names}{others}")
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
