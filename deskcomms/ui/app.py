"""Starting the desktop app: QApplication, session, main window, smoke test. The GUI's one wiring place."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

log = logging.getLogger(__name__)

SMOKE_TIMEOUT_MS = 60_000
FIRST_PAINT_MS = 30


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_app(app_paths: Any, *, smoke_test: bool = False, screenshot: str | None = None, demo: bool = False) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .. import APP_ID, APP_NAME
    from ..core.errors import UserError
    from ..store.repository import Store
    from . import errors
    from .main_window import MainWindow, load_sample_cases
    from .session import Session

    if not QApplication.instance() and not _has_display():
        if not smoke_test:
            print(
                "deskcomms: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set). "
                "The command line works without one: see 'deskcomms --help'.",
                file=sys.stderr,
            )
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a smoke test on a headless machine
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    errors.install()
    try:
        store = Store.open(app_paths.database)
    except UserError as exc:
        if smoke_test:
            print(f"deskcomms: {exc}", file=sys.stderr)
            return 2
        QMessageBox.critical(None, "deskcomms cannot open its data", str(exc))
        return 2
    session = Session(store)
    if demo and store.case_count() == 0:
        load_sample_cases(session)
    window = MainWindow(session, app_paths.database, app_paths.user_templates)
    window.show()
    code = {"value": 0}

    if smoke_test:

        def finish() -> None:
            if screenshot:
                app.processEvents()
                if not window.grab().save(screenshot):
                    print(f"deskcomms: could not save {screenshot}", file=sys.stderr)
                    code["value"] = 1
            app.quit()

        def give_up() -> None:
            print("deskcomms: smoke test timed out before the window was ready", file=sys.stderr)
            code["value"] = 1
            app.quit()

        if screenshot:
            # The picture should show the cases: wait for the list, then for a paint.
            window.loaded.connect(lambda: QTimer.singleShot(150, finish))
        else:
            QTimer.singleShot(0, lambda: QTimer.singleShot(0, finish))
        QTimer.singleShot(SMOKE_TIMEOUT_MS, give_up)
    # Start computing the case list just after the first paint: the window comes up at once.
    QTimer.singleShot(FIRST_PAINT_MS, window.refresh)
    result = app.exec()
    window.loader.shutdown()
    store.close()
    return code["value"] or int(result)
