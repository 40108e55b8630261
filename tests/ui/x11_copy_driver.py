"""Run by test_x11_clipboard in its own process on a real X server: open the window, click Copy in the
draft panel, say COPIED, then keep serving the clipboard until stdin closes (X11 clipboards live in
their owner)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSocketNotifier, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from deskcomms import paths
from deskcomms.desk import Desk
from deskcomms.ui.shell.main_window import MainWindow
from deskcomms.ui.shell.session import Session


def main() -> None:
    app = QApplication(sys.argv[:1])
    app_paths = paths.resolve(sys.argv[1])
    desk = Desk.open(app_paths.database)
    business_hours = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    session = Session(desk, clock=lambda: business_hours)
    window = MainWindow(session, Path(app_paths.database))
    window.show()

    def copy() -> None:
        window.select_case(sys.argv[2])
        view = window.case_view
        view.tabs.setCurrentWidget(view.draft_panel)
        button = view.draft_panel.findChild(QPushButton, "draft_copy")
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        print("COPIED", flush=True)

    window.loaded.connect(lambda: QTimer.singleShot(200, copy))
    QTimer.singleShot(30, window.refresh)
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(app.quit)
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    app.clipboard().clear()
    desk.close()


if __name__ == "__main__":
    main()
