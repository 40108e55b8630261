"""The case list built for the day (issue 21): the deciding columns visible at 1024 px, rows that stay
put after an event until the person sorts, arrows and Enter from the filter box; and a first run that
fits the screen, with its window state in the configuration folder."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication

from deskcomms.core.model import Event
from deskcomms.ui.case_list.case_model import (
    COL_ACTION,
    COL_BALL,
    COL_CASE,
    COL_CUSTOMER,
    COL_DUE,
    COL_SLA,
    COL_STAGE,
    COL_TITLE,
)
from tests.ui.conftest import NOW

DECIDING = (COL_CASE, COL_CUSTOMER, COL_ACTION, COL_DUE, COL_SLA, COL_STAGE, COL_BALL)


def shown_numbers(window):
    return [window.model.row_at(r).number for r in range(window.model.rowCount())]


def test_every_deciding_column_is_visible_at_1024(window, qtbot):
    window.resize(1024, 700)
    qtbot.wait(50)
    header = window.table.horizontalHeader()
    viewport = window.table.viewport().rect()
    for column in DECIDING:
        assert not header.isSectionHidden(column), column
        left = header.sectionViewportPosition(column)
        width = header.sectionSize(column)
        assert width >= 28, (column, width)
        assert QRect(left, 0, width, 1).intersected(viewport).width() == width, f"column {column} cut off"
    assert header.isSectionHidden(COL_TITLE)  # optional: from the header's menu
    title = window.column_menu.findChild(type(window.column_menu.actions()[0]), f"column_{COL_TITLE}")
    title.setChecked(True)
    assert not header.isSectionHidden(COL_TITLE)
    case_action = window.column_menu.actions()[COL_CASE]
    assert not case_action.isEnabled()  # the case number always shows


def test_the_list_keeps_its_order_after_an_event_until_the_person_sorts(window, session, qtbot):
    before = shown_numbers(window)
    first, last = before[0], before[-1]
    window.select_case(last)
    # the last case becomes overdue-first material: a customer reply makes a response due soon
    view = window.case_view
    session.record(view.case, Event(NOW.replace(hour=9, minute=5), "customer_replied", {}))
    view.changed.emit(last)
    assert shown_numbers(window) == before  # nothing moved under the pointer
    assert window.current_number() == last
    assert "order kept" in window.status_label.text()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.refresh()  # a refresh nobody asked for (the clock, another process) keeps the order too
    assert shown_numbers(window) == before
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.sort_again()  # F5: sorted again
    after = shown_numbers(window)
    assert sorted(after) == sorted(before) and after != before
    assert window.current_number() == last  # the selected case is still selected
    assert first in after


def test_an_idle_list_sorts_itself_on_the_next_refresh(window, session, qtbot):
    before = shown_numbers(window)
    case = session.desk.case(before[-1])
    session.record(case, Event(NOW.replace(hour=9, minute=5), "customer_replied", {}))
    window._case_changed(case.number)
    assert shown_numbers(window) == before
    window.list_activity.last -= 3600  # an hour away from the list
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.refresh()
    assert shown_numbers(window) != before


def test_arrows_in_the_filter_move_in_the_list_and_enter_opens_the_case(window, qtbot):
    window.focus_search()
    qtbot.keyClicks(window.search, "")
    start = window.current_number()
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    second = window.current_number()
    assert second != start and second == shown_numbers(window)[1]
    assert window.search.hasFocus() or QGuiApplication.focusObject() is window.search
    qtbot.keyClick(window.search, Qt.Key.Key_Up)
    assert window.current_number() == start
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.case_view.case.number == second
    assert window.case_view.isAncestorOf(QGuiApplication.focusObject()) or window.case_view.hasFocus()


def test_a_first_run_fits_the_screen_and_keeps_its_state_in_the_config_folder(session, qtbot, tmp_path):
    from deskcomms.ui.shell.main_window import MainWindow

    config = tmp_path / "config"
    config.mkdir()
    win = MainWindow(session, session.desk.database, config=config)
    qtbot.addWidget(win)
    assert win.restore_geometry() is False  # nothing remembered: fitted instead
    room = (win.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    assert win.width() <= max(room.width(), 1024) and win.height() <= room.height()
    assert win.width() >= min(1024, room.width())
    win.show()
    win.close()
    assert (config / "window.ini").exists()
    assert not (session.desk.database.parent / "window.ini").exists()  # not in the data folder
    again = MainWindow(session, session.desk.database, config=config)
    qtbot.addWidget(again)
    assert again.restore_geometry() is True
