"""Small things that break trust (issue 21): one "Opened", one count for the badge and the Overdue filter,
a changed draft is not discarded without asking, stage names in messages, notifications that open their
cases, and a Help menu that helps."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QTextBrowser

from deskcomms.core.model import Event
from deskcomms.ui.case_view.playbook_map import PlaybookMap
from tests.ui.conftest import NOW
from tests.ui.test_draft_panel import open_draft


def test_an_imported_opened_event_shows_one_opened_marker(window, session):
    case = session.desk.case("1002")
    session.record(case, Event(case.opened_at, "opened", {}))
    window._case_changed("1002")
    window.select_case("1002")
    window.case_view.show_case("1002")
    labels = " | ".join(m.tooltip for m in window.case_view.timeline.layout_data.markers)
    assert labels.count("Opened") == 1, labels


def test_the_badge_and_the_overdue_filter_count_the_same_rows_at_the_same_moment(window, session, monkeypatch):
    from deskcomms.ui.shell.app import sync_tray
    from deskcomms.ui.tray.tray import Tray

    tray = Tray(lambda n: None, lambda: None, lambda: None, lambda: None, lambda: None)
    rows = window.model.all_rows()
    later = max(r.due for r in rows if r.due is not None and not r.closed) + timedelta(minutes=1)
    # the clock moves on without any recompute: the Overdue filter and the badge both follow at once
    monkeypatch.setattr(session.desk, "_clock", lambda: later)
    sync_tray(tray, window, session)
    expected = sum(1 for r in rows if not r.closed and r.due is not None)
    assert window.due_now_count(later) == expected
    assert window.quick_buttons["Overdue"].text() == f"Overdue ({expected})"
    assert tray.icon.toolTip() == f"deskcomms: {expected} follow-up(s) due now"
    tray.close()


def test_discarding_a_changed_draft_asks_first(window, session, qtbot, monkeypatch):
    panel = open_draft(window, session, "1004")
    panel.body.setPlainText("My own words for Marcus")
    answers = [QMessageBox.StandardButton.Cancel]
    asked = []

    def question(*args, **kwargs):
        asked.append(args[1])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    panel.discard_edits()
    assert asked == ["Discard your edits?"]
    assert panel.body.toPlainText() == "My own words for Marcus"  # Cancel keeps them
    answers.append(QMessageBox.StandardButton.Discard)
    panel.discard_edits()
    assert "Hello Marcus," in panel.body.toPlainText()


def test_a_refusal_names_the_stage_not_its_id(window, session, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    window.select_case("1004")  # pending research (H)
    window.case_view.record("strike_sent", event=Event(NOW, "strike_sent", {"n": 2}))
    assert shown and "the stage Pending research" in shown[0]
    assert "stage H" not in shown[0]


class FakeTrayIcon(QObject):
    messageClicked = Signal()

    def __init__(self):
        super().__init__()
        self.messages = []

    def showMessage(self, *args):
        self.messages.append(args)


def test_a_notification_click_opens_its_case_and_a_digest_the_list_of_its_cases(window, session, monkeypatch):
    from deskcomms.ui.tray.notifier import TrayNotifier

    fronted = []
    monkeypatch.setattr(window, "bring_to_front", lambda: fronted.append(True))
    icon = FakeTrayIcon()
    notifier = TrayNotifier(icon)
    notifier.clicked.connect(window.open_case)
    notifier.clicked_many.connect(window.show_cases)
    window.select_case("1002")
    notifier.notify("Due: Follow up", "Case 1004\nwhy", "1004", ("1004",))
    icon.messageClicked.emit()
    assert window.current_number() == "1004" and fronted
    notifier.notify("Good morning: 2 follow-up(s) waiting", "1001: a\n1003: b", None, ("1001", "1003"))
    icon.messageClicked.emit()
    shown = {window.model.row_at(r).number for r in range(window.model.rowCount())}
    assert shown == {"1001", "1003"}
    window.set_quick_filter("All open")  # any filter shows everything again
    assert window.model.rowCount() == 4


def test_the_banner_of_a_digest_shows_its_cases(window, monkeypatch):
    monkeypatch.setattr(window, "bring_to_front", lambda: None)
    window.show_banner("Good morning", "1001: a\n1003: b", None, ("1001", "1003"))
    assert window.banner_open.text() == "Show these cases"
    window.banner_open.click()
    assert window.model.rowCount() == 2


def test_help_has_a_guide_the_shortcuts_the_playbook_and_the_data_folder(window, monkeypatch):
    from PySide6.QtGui import QAction, QDesktopServices

    from deskcomms.ui.shell import menus

    names = {a.objectName() for a in window.findChildren(QAction)}
    assert {"action_quick_guide", "action_shortcuts", "action_playbook", "action_data_folder"} <= names
    guide = menus.quick_guide(window)
    assert "Mark as sent" in guide.findChild(QTextBrowser, "guide_text").toPlainText()
    keys = dict((what, k) for k, what in menus.shortcut_lines(window))
    assert "Filter cases" in keys and "Refresh and sort" in keys
    table = menus.shortcuts(window).findChild(QLabel, "shortcut_table").text()
    assert keys["Filter cases"] in table
    window.select_case("1004")
    page = menus.playbook_map(window)
    drawing = page.findChild(PlaybookMap, "help_map")
    assert set(drawing.node_rects()) == set("ABCDEFGHIJKLM")
    assert drawing._current == "H"
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window.findChild(QAction, "action_data_folder").trigger()
    assert opened == [str(window.database.parent)]
    for dialog in (guide, page):
        dialog.close()
