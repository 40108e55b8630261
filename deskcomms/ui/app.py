"""Starting the desktop app: QApplication, the main window, the smoke test. The GUI's one wiring place."""

from __future__ import annotations

import sys
from typing import Any


def run_app(
    app_paths: Any, *, smoke_test: bool = False, screenshot: str | None = None, demo: bool = False
) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from .. import APP_NAME
    from ..store.repository import Store

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    store = Store.open(app_paths.database)
    window = QMainWindow()
    window.setWindowTitle("deskcomms")
    window.setCentralWidget(QLabel(f"{store.case_count()} case(s)"))
    window.resize(1100, 700)
    window.show()
    if smoke_test:

        def finish() -> None:
            if screenshot:
                window.grab().save(screenshot)
            app.quit()

        QTimer.singleShot(300, finish)
    code = app.exec()
    store.close()
    return int(code)
