"""Accessibility as a keyboard or screen-reader user meets it: every focusable widget of the main window,
the case view, the draft panel and every dialog has a name a screen reader can say; the timeline is a list
of events stepped through with the arrow keys; and a whole day's work is done with key presses alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from deskcomms.core.events import KINDS
from deskcomms.core.reminders import reminder_key
from deskcomms.ui.common.accessibility import focusable, spoken_name, unnamed
from deskcomms.ui.common.dialogs import EventDialog, case_dialog, pick_datetime
from deskcomms.ui.settings.settings_dialog import SettingsDialog
from deskcomms.ui.shell.about import AboutDialog

from .conftest import NOW
from .test_drafting import PROFILE

KEY = Qt.Key


def described(widgets: list[QWidget]) -> list[str]:
    return [f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}" for w in widgets]


@pytest.fixture
def opened(window, session):
    session.desk.store.save_profile(PROFILE)
    session.reload_settings()
    window.select_case("1004")
    return window


def test_every_focusable_widget_of_the_window_case_view_and_draft_panel_is_named(opened):
    view = opened.case_view
    for page in range(view.tabs.count()):  # every tab shown once, so each is built as a user meets it
        view.tabs.setCurrentIndex(page)
        QApplication.processEvents()
    widgets = focusable(opened)
    assert len(widgets) > 40 and view.timeline in widgets and view.draft_panel.body in widgets
    assert described(unnamed(opened)) == []
    assert spoken_name(opened.search) == "Filter cases" and spoken_name(opened.table) == "Cases"
    assert spoken_name(view.draft_panel.body) == "Draft text" and spoken_name(view.timeline) == "Case timeline"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_event_dialog_names_its_fields(qtbot, session, kind):
    dialog = EventDialog(kind, {}, session.calendar, NOW)
    qtbot.addWidget(dialog)
    assert described(unnamed(dialog)) == []


def test_the_case_settings_and_about_dialogs_name_their_fields(qtbot, session):
    dialogs = [
        case_dialog(session, None),
        case_dialog(session, None, session.desk.case("1004")),
        SettingsDialog(session.settings, session.profile, None),
        AboutDialog(),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert described(unnamed(dialog)) == [], dialog.windowTitle()


def test_the_snooze_time_dialog_names_its_field(qtbot, session):
    seen: list[list[str]] = []

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        seen.append(described(unnamed(dialog)))
        dialog.reject()

    QTimer.singleShot(0, inspect)
    assert pick_datetime(None, "Snooze until", "Remind me again at", NOW, session.calendar) is None
    assert seen == [[]]


# ----- the timeline as a list -----------------------------------------------------------------------------


def test_the_timeline_is_an_accessible_list_stepped_through_with_the_arrow_keys(opened, qtbot):
    timeline = opened.case_view.timeline
    timeline.setFocus()
    qtbot.waitUntil(timeline.hasFocus)
    interface = QAccessible.queryAccessibleInterface(timeline)
    assert interface.role() == QAccessible.Role.List
    spoken = [interface.child(i).text(QAccessible.Text.Name) for i in range(interface.childCount())]
    assert spoken == [
        "Mon 23 Nov 09:00 · Case opened",
        "Mon 23 Nov 09:30 · FQR sent (by email)",
        "Mon 23 Nov 10:00 · Pending research (ETA Wed 25 Nov 12:00)",
        "Next: Update the customer on our research, due Wed 25 Nov 12:00 · ETA given Wed 25 Nov 12:00",
    ]
    assert all(interface.child(i).role() == QAccessible.Role.ListItem for i in range(len(spoken)))

    QTest.keyClick(timeline, KEY.Key_Home)
    assert interface.focusChild().text(QAccessible.Text.Name) == spoken[0]
    QTest.keyClick(timeline, KEY.Key_Right)
    QTest.keyClick(timeline, KEY.Key_Right)
    assert timeline.current_text() == spoken[2] == interface.focusChild().text(QAccessible.Text.Name)
    assert interface.focusChild().state().focused
    QTest.keyClick(timeline, KEY.Key_End)
    QTest.keyClick(timeline, KEY.Key_Right)  # past the end: stays on the last
    assert timeline.current_text() == spoken[3]
    QTest.keyClick(timeline, KEY.Key_Left)
    assert timeline.current_text() == spoken[2]
    assert not interface.child(3).rect().isEmpty()  # drawn: a screen magnifier can follow it


def test_stepping_to_an_event_out_of_view_brings_it_into_view(opened, qtbot):
    timeline = opened.case_view.timeline
    timeline.setFocus()
    for _ in range(6):
        QTest.keyClick(timeline, KEY.Key_Plus)  # zoomed in on the latest events
    QTest.keyClick(timeline, KEY.Key_Home)
    start, end = timeline.visible_range
    assert start <= timeline.items[0].at <= end
    assert timeline.item_rect(0) is not None


# ----- a day with the keyboard alone -----------------------------------------------------------------------


class KeysInModal:
    """While a key press opens a dialog or a menu, press keys into whatever has the keyboard there, step by
    step: ("key", Key_Return), ("type", "text"), or ("seek", "menu item"): Down until it is highlighted."""

    def __init__(self, steps: list[tuple[str, object]]) -> None:
        self.pending = list(steps)
        self.active = True
        QTimer.singleShot(0, self._next)

    def __enter__(self) -> KeysInModal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.active = False  # the key press that opened it has returned: nothing more is pressed

    def _next(self) -> None:
        if not self.active or not self.pending:
            return
        up = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        target = QApplication.activePopupWidget() or QApplication.focusWidget()
        if up is None or target is None:
            QTimer.singleShot(20, self._next)
            return
        how, what = self.pending.pop(0)
        if how == "type":
            QTest.keyClicks(target, str(what))
        elif how == "seek":
            for _ in range(30):
                highlighted = target.activeAction()  # type: ignore[attr-defined]
                if highlighted is not None and highlighted.text() == what:
                    break
                QTest.keyClick(target, KEY.Key_Down)
            else:
                raise AssertionError(f"{what!r} is not in the menu")
        else:
            QTest.keyClick(target, what)  # type: ignore[arg-type]
        QTimer.singleShot(20, self._next)


def tab_to(window, found: Callable[[QWidget], bool], limit: int = 60) -> QWidget:
    """Press Tab until the focus is on the wanted widget (the focus chain a keyboard user walks)."""
    for _ in range(limit):
        QApplication.processEvents()  # as between two key presses of a person: widgets just added show
        widget = QApplication.focusWidget()
        if widget is not None and found(widget):
            return widget
        QTest.keyClick(widget or window, KEY.Key_Tab)
    raise AssertionError("not reachable with Tab")


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # offscreen menus; harmless
def test_a_whole_day_with_the_keyboard_alone(opened, session, qtbot):
    window = opened
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # Filter the list, and open the case from it.
    QTest.keyClick(window, KEY.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    QTest.keyClicks(window.search, "marcus")
    assert window.model.rowCount() == 1
    tab_to(window, lambda w: w is window.table)
    QTest.keyClick(window.table, KEY.Key_Return)
    view = window.case_view
    assert view.case.number == "1004"

    # Read the timeline, event by event.
    tab_to(window, lambda w: w is view.timeline)
    QTest.keyClick(view.timeline, KEY.Key_Home)
    assert view.timeline.current_text().endswith("Case opened")

    # Log an event: the button, then its dialog, with keys.
    events_before = len(session.desk.case("1004").events)
    button = tab_to(window, lambda w: w.objectName() == "event_email_sent")
    with KeysInModal([("key", KEY.Key_Return)]):  # the dialog's fields as proposed: Enter records
        QTest.keyClick(button, KEY.Key_Space)
    case = session.desk.case("1004")
    assert len(case.events) == events_before + 1 and case.sorted_events()[-1].kind == "email_sent"

    # Draft and copy: to the tab bar, along to Draft, into the panel, Copy.
    tab_bar = tab_to(window, lambda w: w is view.tabs.tabBar())
    while view.tabs.currentWidget() is not view.draft_panel:
        QTest.keyClick(tab_bar, KEY.Key_Right)
    QApplication.clipboard().clear()
    copy = tab_to(window, lambda w: w.objectName() == "draft_copy")
    with KeysInModal([("key", KEY.Key_Return)]):  # if a check asks first, Enter answers "Use it anyway"
        QTest.keyClick(copy, KEY.Key_Space)
    assert QApplication.clipboard().mimeData().text().startswith("Hello Marcus,")
    assert "font-family:Aptos" in QApplication.clipboard().mimeData().html()

    # Snooze the reminder from the case's More menu: Down to it, Right into the submenu, Down, Enter.
    more = tab_to(window, lambda w: w.objectName() == "more_button")
    action = view.status.next_action
    steps = [("seek", "Snooze this reminder"), ("key", KEY.Key_Right), ("seek", "1 hour"), ("key", KEY.Key_Return)]
    with KeysInModal(steps):
        QTest.keyClick(more, KEY.Key_Space)
    snoozes = session.desk.snoozes()
    assert snoozes == {reminder_key("1004", action.id, action.due): NOW + timedelta(hours=1)}


def test_the_capture_preview_names_its_fields(window, qtbot, tmp_path, session):
    from datetime import datetime

    from PySide6.QtCore import QMimeData, QUrl

    from tests.capture_fixtures import NY, eml

    from .test_capture_window import drop, open_case

    path = tmp_path / "reply.eml"
    when = datetime(2026, 11, 24, 9, 12, tzinfo=NY)
    path.write_bytes(eml("Priya <priya@northwind.example>", "RE: the logs you asked for", "Attached.\n", when))
    open_case(window, qtbot, "1002")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(window, mime, window.case_view)
    dialog = window.capture_drop.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert described(unnamed(dialog)) == []
    dialog.reject()
