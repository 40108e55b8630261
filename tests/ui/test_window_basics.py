"""The window's basics as a person meets them: quitting, closing to the tray, undo, words instead of
identifiers, notes, the case dialog, the Due column, notifications, the tray icon, the remembered layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox

from deskcomms.core.model import Event
from tests.ui.conftest import NOW


def action(window, name):
    found = window.findChild(QAction, f"action_{name}")
    assert found is not None, name
    return found


class FakeTrayIcon:
    def __init__(self):
        self.messages = []

    def showMessage(self, title, message, *args):
        self.messages.append((title, message))


class FakeTray:
    def __init__(self):
        self.icon = FakeTrayIcon()


QUIT_SCRIPT = """
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from deskcomms.desk import Desk
from deskcomms.ui.shell.main_window import MainWindow
from deskcomms.ui.shell.session import Session

app = QApplication([])
app.setQuitOnLastWindowClosed(False)  # as with a tray: closing alone would not end the loop
database = Path(sys.argv[1])
desk = Desk.open(database)
window = MainWindow(Session(desk), database)
window.hide_to_tray = True
window.show()
QTimer.singleShot(300, window.findChild(QAction, "action_quit").trigger)
QTimer.singleShot(15000, lambda: app.exit(7))
code = app.exec()
window.loader.shutdown()
desk.close()
print("loop ended", code, window.isVisible())
"""


def test_quit_ends_the_app_loop_even_when_closing_hides_to_the_tray(window, tmp_path):
    import os
    import subprocess
    import sys

    quit_action = action(window, "quit")
    assert quit_action.shortcut() == QKeySequence("Ctrl+Q")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", QUIT_SCRIPT, str(tmp_path / "quit.sqlite3")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "loop ended 0 False" in done.stdout


def test_closing_the_window_hides_it_to_the_tray_and_says_so_once(window, session):
    window.hide_to_tray = True
    window.tray = FakeTray()
    window.close()
    assert not window.isVisible()
    assert window.tray.icon.messages and "File > Quit" in window.tray.icon.messages[0][1]
    window.show()
    window.close()
    assert len(window.tray.icon.messages) == 1  # said once


def test_ctrl_z_asks_then_undoes_the_last_event(window, session, monkeypatch, qtbot):
    asked = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.select_case("1002")
    assert action(window, "undo").shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    before = len(session.desk.store.get_case("1002").events)
    window.activateWindow()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert asked, "Ctrl+Z did not reach the Undo action"
    assert asked and "Pending customer information" in asked[0] and "Tue 23" not in asked[0]
    assert len(session.desk.store.get_case("1002").events) == before - 1


def test_events_read_as_words(window, session):
    session.desk.store.add_event(
        "1003", Event(NOW.replace(hour=9, minute=50), "strike_sent", {"n": 2, "forced": True, "override_reason": "x"})
    )
    session.desk.store.add_event(
        "1003", Event(NOW.replace(hour=9, minute=55), "pending_research", {"eta": "2026-11-23T19:26:00+00:00"})
    )
    window.select_case("1003")
    tree = window.case_view.events
    rows = [[tree.topLevelItem(i).text(c) for c in range(3)] for i in range(tree.topLevelItemCount())]
    text = repr(rows)
    assert ["Tue 24 Nov 09:50", "Strike 2 sent", "recorded as an override (x)"] in rows
    assert "ETA Mon 23 Nov 14:26" in text
    for raw in ("n=", "forced", "True", "T19:26", "strike_sent"):
        assert raw not in text


def test_the_strike_dialog_asks_for_a_strike_number(window, qtbot):
    from deskcomms.ui.common.dialogs import EventDialog

    dialog = EventDialog("strike_sent", {"n": 2}, window.session.calendar, NOW, window)
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert "Strike number" in labels and "N" not in labels


def test_notes_are_editable_and_kept(window, session, qtbot):
    window.select_case("1002")
    view = window.case_view
    view.tabs.setCurrentIndex(view.tabs.count() - 1)
    assert not view.notes.isReadOnly()
    view.notes.setFocus()
    qtbot.keyClicks(view.notes, "Customer on leave until 30 Nov; call Priya's deputy.")
    assert view.notes_save.isEnabled()
    window.select_case("1004")  # leaving the case keeps what was typed
    assert session.desk.store.get_case("1002").notes == "Customer on leave until 30 Nov; call Priya's deputy."
    window.select_case("1002")
    assert view.notes.toPlainText() == "Customer on leave until 30 Nov; call Priya's deputy."
    view.notes.appendPlainText("Deputy: Ravi.")
    qtbot.mouseClick(view.notes_save, Qt.MouseButton.LeftButton)
    assert session.desk.store.get_case("1002").notes.endswith("Deputy: Ravi.")
    assert view.notes_state.text() == "Saved"


def test_edit_case_shows_the_number_as_plainly_read_only(window, session, qtbot):
    from deskcomms.core.playbook import available_playbooks
    from deskcomms.ui.common.dialogs import CaseDialog

    case = session.desk.store.get_case("1002")
    dialog = CaseDialog({"1002"}, available_playbooks(), session.calendar, NOW, case=case, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.number.isReadOnly() and not dialog.number.hasFrame()
    assert dialog.number.focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.keyClicks(dialog.number, "999")
    assert dialog.number.text() == "1002"


# The offscreen platform cannot raise the suggestion list or grab the keyboard for it: harmless here.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard", extend=True)
def test_first_click_on_save_counts_while_time_zone_suggestions_are_open(window, session, qtbot):
    from deskcomms.core.playbook import available_playbooks
    from deskcomms.ui.common.dialogs import CaseDialog

    dialog = CaseDialog(set(), available_playbooks(), session.calendar, NOW, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.number.setText("2611240010009")
    dialog.title_edit.setText("ADLS Gen2 copy fails: ErrorCode=UserErrorFailedFileOperation")
    dialog.customer_name.setText("Aiko Tanaka")
    dialog.customer_email.setText("aiko.tanaka@example.jp")
    dialog.customer_tz.lineEdit().clear()
    dialog.customer_tz.setFocus()
    qtbot.keyClicks(dialog.customer_tz.lineEdit(), "Tokyo")
    popup = dialog.customer_tz.completer().popup()
    assert popup.isVisible()
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    # The press lands on the open suggestion list (it holds the mouse), at Save's place on screen.
    global_pos = save.mapToGlobal(save.rect().center())
    qtbot.mousePress(popup, Qt.MouseButton.LeftButton, pos=popup.mapFromGlobal(global_pos))
    qtbot.waitUntil(lambda: dialog.result_case is not None, timeout=2000)
    assert dialog.result_case.customer.timezone == "Asia/Tokyo"
    assert not popup.isVisible()


def test_due_column_reads_whole(window):
    from deskcomms.ui.case_list.case_model import COL_DUE

    model = window.model
    texts = [model.data(model.index(r, COL_DUE)) for r in range(model.rowCount())]
    assert texts[0].endswith("overdue") and texts[0][0].isdigit()
    metrics = window.table.fontMetrics()
    widest = max(metrics.horizontalAdvance(t) for t in texts if t)
    assert widest + 12 <= window.table.columnWidth(COL_DUE)


def test_notifications_name_the_customer_and_nothing_more(window, session):
    from deskcomms.ui.tray.notifier import BannerNotifier

    shown = []
    case = session.desk.store.get_case("1001")
    notifier = BannerNotifier(lambda *a: shown.append(a), lambda n: session.desk.store.get_case(n).customer.name)
    notifier.notify("Due: Send the first quality response", "Case 1001\nopened Mon 23 Nov 09:00 + 2 h", "1001")
    notifier.notify("2 follow-ups are due", "1001: FQR (2 h overdue)\n1002: Reminder (in 1 h)", None)
    assert shown[0][1].splitlines()[0] == "Case 1001 · Alex Doe"
    assert shown[1][1].splitlines() == [
        "1001 (Alex Doe): FQR (2 h overdue)",
        "1002 (Priya Natarajan): Reminder (in 1 h)",
    ]
    assert case.customer.email not in repr(shown)


def test_tray_icon_shows_either_the_check_or_the_badge(qapp):
    from deskcomms.ui.tray.tray import app_icon, badge_icon, due_icon

    def greens(icon):
        image = icon.pixmap(64, 64).toImage()
        return sum(
            1
            for x in range(64)
            for y in range(64)
            if (c := QColor(image.pixel(x, y))).green() > 100 and c.red() < 80 and c.blue() < 80
        )

    assert greens(badge_icon(app_icon(), 0)) > 20  # all clear: the green check
    assert greens(badge_icon(app_icon(), 3, due_icon())) == 0  # due: the red badge only


def test_splitter_and_folded_details_are_remembered(window, session, qtbot):
    from deskcomms.ui.shell.main_window import MainWindow

    window.resize(1200, 760)
    window.case_view.details_toggle.setChecked(False)
    before = window._splitter.sizes()[0]
    handle = window._splitter.handle(1)  # dragged like a person would, 90 px to the right
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + QPoint(90, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start)  # the handle moved with the mouse
    sizes = window._splitter.sizes()
    assert sizes[0] == before + 90
    window.close()
    database = session.desk.database
    assert (database.parent / "window.ini").exists()  # beside the (temporary) data, not the user's settings
    again = MainWindow(session, database)
    qtbot.addWidget(again)
    again.resize(1200, 760)
    again.show()
    with qtbot.waitSignal(again.loaded, timeout=10_000):
        again.refresh()
    assert again._splitter.sizes() == sizes
    assert not again.case_view.details.isVisible()
    again.loader.shutdown()


def test_a_1024_by_700_window_shows_the_list_columns_and_usable_tabs(window, qtbot):
    from deskcomms.ui.case_list.case_model import COL_ACTION, COL_CASE, COL_CUSTOMER, COL_DUE

    window.resize(1024, 700)
    window.select_case("1004")
    qtbot.wait(50)
    viewport = window.table.viewport().width()
    for column in (COL_DUE, COL_CASE, COL_CUSTOMER):
        assert window.table.columnViewportPosition(column) + window.table.columnWidth(column) <= viewport
    assert window.table.columnViewportPosition(COL_ACTION) + 80 <= viewport  # Next action readable
    view = window.case_view
    view.tabs.setCurrentWidget(view.draft_panel)
    qtbot.wait(20)
    assert view.tabs.currentWidget().height() >= 220
    view.details_toggle.setChecked(False)
    qtbot.wait(20)
    assert view.tabs.currentWidget().height() >= 300


def test_call_prep_lines_wrap_instead_of_being_cut(window, qtbot):
    window.resize(1024, 700)
    window.select_case("1002")
    view = window.case_view
    view.tabs.setCurrentWidget(view.call_panel)
    qtbot.wait(20)
    panel = view.call_panel
    assert panel.labels
    for key, label in panel.labels.items():
        assert label.wordWrap() and label.text() and label.width() <= panel.width()
        assert panel.boxes[key].accessibleName() == label.text()
    label = next(iter(panel.labels.values()))
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert panel.boxes[next(iter(panel.labels))].isChecked()


def test_a_wide_window_gives_the_room_to_the_case_view_and_shows_next_action_whole(window, qtbot):
    from deskcomms.ui.case_list.case_model import COL_ACTION

    window.resize(1600, 1000)
    window.select_case("1002")
    qtbot.wait(50)
    list_width, view_width = window._splitter.sizes()
    assert view_width > list_width
    viewport = window.table.viewport().width()
    assert window.table.columnViewportPosition(COL_ACTION) + window.table.columnWidth(COL_ACTION) <= viewport
    assert window.case_view.details.isVisible()  # tall enough: the details start unfolded


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard", extend=True)
def test_first_click_on_save_counts_in_the_settings_too(window, session, qtbot):
    from deskcomms.ui.settings.settings_dialog import SettingsDialog

    dialog = SettingsDialog(dict(session.settings), {"name": "Jane Smith"}, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentIndex(1)
    combo = dialog.timezone
    combo.lineEdit().clear()
    combo.setFocus()
    qtbot.keyClicks(combo.lineEdit(), "Tokyo")
    popup = combo.completer().popup()
    assert popup.isVisible()
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    global_pos = save.mapToGlobal(save.rect().center())
    qtbot.mousePress(popup, Qt.MouseButton.LeftButton, pos=popup.mapFromGlobal(global_pos))
    qtbot.waitUntil(lambda: dialog.result_settings is not None or dialog.error.isVisible(), timeout=2000)
    assert dialog.error.text() == "" and dialog.result_settings["timezone"] == "Asia/Tokyo"
