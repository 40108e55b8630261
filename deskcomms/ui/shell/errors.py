"""Unexpected errors in the GUI: never silent, never fatal. A dialog with "Copy details", and a log entry
that holds the error type and the code location, not its message (which could quote case text)."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

log = logging.getLogger("deskcomms.ui")
_open_dialogs: list[object] = []  # non-modal dialogs stay alive until closed


def details_for_log(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    frames = "".join(traceback.format_tb(tb))
    return f"{exc_type.__name__}\n{frames}"


def install(parent_getter: object = None) -> None:
    """Route exceptions raised in Qt slots to ``report`` instead of a stderr traceback."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report(exc_type, exc, tb)

    sys.excepthook = hook


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    log.error("unexpected error in the app: %s", details_for_log(exc_type, tb))
    app = QApplication.instance()
    if app is None:
        return
    full = "".join(traceback.format_exception(exc_type, exc, tb))
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Something went wrong",
        "deskcomms hit an unexpected error. Your data is safe: nothing was half-written.\n\n"
        f"{exc_type.__name__}: {exc}",
    )
    box.setDetailedText(full)
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QApplication.clipboard().setText(full))
    box.setObjectName("error_dialog")
    if getattr(app, "deskcomms_smoke", False):  # a smoke test never waits on a dialog: it reports and fails
        print(f"deskcomms: unexpected error in the app ({exc_type.__name__})", file=sys.stderr)
        app.setProperty("deskcomms_failed", True)
        return
    if getattr(app, "deskcomms_testing", False):
        _open_dialogs.append(box)
        box.finished.connect(lambda *_: _open_dialogs.remove(box) if box in _open_dialogs else None)
        box.show()
        return
    box.exec()


def startup_error(message: str) -> None:
    """A dialog saying why deskcomms cannot start (an unusable data folder): started from a menu, the
    user never sees stderr."""
    import os
    import sys

    from PySide6.QtWidgets import QApplication, QMessageBox

    from ...platform import current

    if not QApplication.instance() and not os.environ.get("QT_QPA_PLATFORM") and not current().has_display():
        return
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and not getattr(app, "deskcomms_testing", False):
        return  # nobody could click it
    box = QMessageBox(QMessageBox.Icon.Critical, "deskcomms cannot start", message)
    box.setObjectName("startup_error")
    if getattr(app, "deskcomms_testing", False):
        _open_dialogs.append(box)
        box.show()
        return
    box.exec()
