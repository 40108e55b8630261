from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.interchange import Document
from deskcomms.desk import Desk
from deskcomms.ui.shell.session import Session
from tests.conftest import build_cases

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))

CASES = [
    ("1001", "Alex Doe", []),  # FQR overdue (opened Mon 09:00)
    (
        "1002",
        "Priya Natarajan",
        [
            {"at": "2026-11-23T09:30:00-05:00", "kind": "fqr_sent", "channel": "email"},
            {"at": "2026-11-23T09:40:00-05:00", "kind": "pending_customer"},
        ],
    ),
    (
        "1003",
        "Lena Vogel",
        [
            {"at": "2026-11-23T09:30:00-05:00", "kind": "fqr_sent", "channel": "email"},
            {"at": "2026-11-24T09:30:00-05:00", "kind": "customer_replied"},
        ],
    ),
    (
        "1004",
        "Marcus Reed",
        [
            {"at": "2026-11-23T09:30:00-05:00", "kind": "fqr_sent", "channel": "email"},
            {"at": "2026-11-23T10:00:00-05:00", "kind": "pending_research", "eta": "2026-11-25T12:00:00-05:00"},
        ],
    ),
    (
        "1005",
        "Sofia Alvarez",
        [
            {"at": "2026-11-23T09:30:00-05:00", "kind": "confirmation_received"},
            {"at": "2026-11-23T09:40:00-05:00", "kind": "closed"},
        ],
    ),
]


@pytest.fixture
def session(tmp_path):
    desk = Desk.open(tmp_path / "db.sqlite3", clock=lambda: NOW)
    desk.import_document(Document(cases=build_cases(CASES)), backups=False)
    yield Session(desk, clock=lambda: NOW)
    desk.close()


@pytest.fixture
def window(qtbot, session):
    from deskcomms.ui.shell.main_window import MainWindow

    win = MainWindow(session, session.desk.database)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.loaded, timeout=10_000):
        win.refresh()
    yield win
    win.loader.shutdown()
