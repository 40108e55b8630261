"""The README's screenshots: the list, a busy case and the first run, at 1024x700 and 1440x900, light and
dark. Run from the repository root (offscreen, no display needed):

    for a in light dark; do for s in 1024x700 1440x900; do
        PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python tests/tools/screenshots.py resources/screenshots $a $s
    done; done

Then open the PNGs and look at them."""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication

from deskcomms.core.interchange import Document, parse_case
from deskcomms.core.settings import DEFAULTS, PROFILE_DEFAULTS
from deskcomms.desk import Desk
from deskcomms.ui.common.theme import apply_appearance
from deskcomms.ui.settings.settings_dialog import first_run_dialog
from deskcomms.ui.shell.main_window import MainWindow, load_sample_cases
from deskcomms.ui.shell.session import Session

BUSY = "2611120010004799"


def busy_case(session: Session) -> Document:
    """A phone-preferred case with two weeks of history: calls, voicemail, research, a meeting, a solution."""
    cal = session.calendar
    today = cal.local(session.now()).date()

    def ago(days: int, hour: int) -> str:
        day, counted = today, 0
        while counted < days:
            day -= timedelta(days=1)
            counted += cal.is_business_day(day)
        return cal.localize(datetime.combine(day, time(hour, 0))).isoformat()

    events = [
        (ago(9, 9), "fqr_sent", {"channel": "phone"}),
        (ago(9, 10), "email_sent", {}),
        (ago(9, 11), "pending_customer", {}),
        (ago(8, 9), "call_no_answer", {}),
        (ago(8, 10), "email_sent", {}),
        (ago(6, 15), "customer_replied", {}),
        (ago(6, 16), "email_sent", {}),
        (ago(6, 16), "pending_research", {"eta": ago(5, 14)}),
        (ago(5, 13), "email_sent", {}),
        (ago(5, 13), "meeting_scheduled", {"meeting_at": ago(4, 10)}),
        (ago(4, 11), "meeting_held", {}),
        (ago(4, 12), "email_sent", {}),
        (ago(4, 12), "resolution_provided", {}),
        (ago(3, 10), "call_no_answer", {}),
        (ago(3, 10), "voicemail_left", {}),
        (ago(3, 11), "email_sent", {}),
        (ago(2, 11), "email_sent", {}),
        (ago(1, 11), "customer_replied", {}),
    ]
    doc = {
        "number": BUSY,
        "title": "Pipeline copy fails after the gateway update",
        "technology": "Data Factory",
        "playbook": "css",
        "opened_at": ago(10, 16),
        "customer": {
            "name": "Yuki Tanaka",
            "email": "yuki@fabrikam.example",
            "timezone": "Asia/Tokyo",
            "preferred_channel": "phone",
            "phone": "+81 3 5555 0100",
        },
        "events": [dict(at=at, kind=kind, **fields) for at, kind, fields in events],
    }
    return Document(cases=[parse_case(doc, "case")])


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def main(out: Path, appearance: str, size_text: str) -> None:
    width, height = (int(x) for x in size_text.split("x"))
    app = QApplication.instance() or QApplication([])
    data = Path(tempfile.mkdtemp(prefix="deskcomms-shots-"))
    desk = Desk.open(data / "deskcomms.sqlite3")
    session = Session(desk)
    apply_appearance(appearance)
    load_sample_cases(session)
    desk.import_document(busy_case(session), backups=False)
    window = MainWindow(session, desk.database, config=data)
    window.resize(width, height)
    window.show()
    loaded: list[bool] = []
    window.loaded.connect(lambda: loaded.append(True))
    window.refresh()
    while not loaded:
        app.processEvents()
    settle(app)
    tag = f"{width}x{height}-{appearance}"
    window.grab().save(str(out / f"list-{tag}.png"))
    window.select_case(BUSY)
    settle(app)
    window.grab().save(str(out / f"case-{tag}.png"))
    welcome = first_run_dialog(dict(DEFAULTS), dict(PROFILE_DEFAULTS), lambda: "Etc/UTC", window)
    assert welcome is not None
    welcome.show()
    settle(app)
    shot = window.grab()
    dialog = welcome.grab()
    painter = QPainter(shot)
    painter.drawPixmap(QPoint(max((shot.width() - dialog.width()) // 2, 0), 40), dialog)
    painter.end()
    shot.save(str(out / f"first-run-{tag}.png"))
    welcome.reject()
    window.loader.shutdown()
    desk.close()
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
