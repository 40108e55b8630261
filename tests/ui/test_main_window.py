"""The main window driven as a person would: keys and clicks through qtbot, assertions on what is shown
and on what lands in the store."""

from __future__ import annotations

from PySide6.QtCore import Qt

from deskcomms.ui.case_list.case_model import COL_ACTION, COL_CASE, COL_DUE, CaseTableModel


def visible_numbers(win):
    return [win.model.row_at(r).number for r in range(win.model.rowCount())]


def test_open_cases_are_listed_soonest_due_first(window):
    assert visible_numbers(window) == ["1001", "1003", "1004", "1002"]  # 1005 is closed
    model = window.model
    assert model.data(model.index(0, COL_DUE)) == "1 d overdue"
    assert model.data(model.index(0, COL_ACTION)) == "Send the First Quality Response by email"
    assert "1 overdue" in window.status_label.text()


def test_filter_as_you_type_matches_customer_number_and_title(window, qtbot):
    window.search.setFocus()
    qtbot.keyClicks(window.search, "priya")
    assert visible_numbers(window) == ["1002"]
    assert "1002" in window.case_view.header.text()
    window.search.clear()
    qtbot.keyClicks(window.search, "problem 100")
    assert len(visible_numbers(window)) == 4
    qtbot.keyClicks(window.search, "4")
    assert visible_numbers(window) == ["1004"]


def test_quick_filters(window, qtbot):
    qtbot.mouseClick(window.quick_buttons["Closed"], Qt.MouseButton.LeftButton)
    assert visible_numbers(window) == ["1005"]
    qtbot.mouseClick(window.quick_buttons["Waiting on customer"], Qt.MouseButton.LeftButton)
    assert visible_numbers(window) == ["1002"]
    qtbot.mouseClick(window.quick_buttons["Overdue"], Qt.MouseButton.LeftButton)
    assert visible_numbers(window) == ["1001"]
    assert window.quick_buttons["Overdue"].text() == "Overdue (1)"


def test_ctrl_f_focuses_the_filter_and_arrows_move(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    window.table.setFocus()
    window.table.selectRow(0)
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.current_number() == "1003"
    assert "1003" in window.case_view.header.text()


def test_case_view_shows_the_next_action_and_its_explanation(window):
    window.select_case("1003")
    view = window.case_view
    assert "Send a status email with next steps" in view.next_title.text()
    assert view.next_why.text() == (
        "Send a status email with next steps due Tue 24 Nov 10:30 = customer reply Tue 24 Nov 09:30 + 1 business hour"
    )
    assert "Lena Vogel" in view.customer.text()
    assert "America/Chicago" in view.customer_time.text()
    assert "inside their business hours" in view.customer_time.text()


def test_clicking_an_event_button_records_it_and_moves_the_case_on(window, qtbot, session):
    window.select_case("1003")
    button = window.case_view.findChild(type(window.quick_buttons["Closed"]), "event_email_sent")
    assert button is not None
    qtbot.waitUntil(button.isVisible)  # Qt shows widgets added to a visible parent on the next loop turn
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    case = session.desk.store.get_case("1003")
    assert case.events[-1].kind == "email_sent"
    assert "Say what the case waits for" in window.case_view.next_title.text()
    row = window.model.row_at(window.model.view_row_of("1003"))
    assert row.action == "set_next_step"


def test_undo_removes_the_last_event(window, session, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.select_case("1003")
    window.case_view.undo_last()
    assert [e.kind for e in session.desk.store.get_case("1003").events] == ["fqr_sent"]
    assert "Say what the case waits for" in window.case_view.next_title.text()


def test_model_passes_qt_model_tester(qtmodeltester, session):
    from deskcomms.ui.case_list.loader import compute_rows

    path = session.desk.database
    rows, _ = compute_rows(path, session.now())
    model = CaseTableModel(session.now)
    model.set_rows(rows, session.end_of_today())
    qtmodeltester.check(model)
    model.sort(COL_CASE, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).number == "1004"


def test_timeline_paints_the_case(window, qtbot):
    window.resize(1440, 900)  # the whole path shows; narrower, the list's columns take room and older chips give way
    window.select_case("1004")
    timeline = window.case_view.timeline
    data = timeline.layout_data
    # Opened 09:00, FQR 09:30 and Research 10:00 on one day: one marker with the three listed on hover.
    tips = "\n".join(m.tooltip for m in data.markers)
    assert sum(m.count for m in data.markers) == 3
    for words in ("Opened", "FQR sent (by email)", "Pending research (ETA Wed 25 Nov 12:00)"):
        assert words in tips
    assert data.next is not None and data.next.title == "Update the customer on our research"
    assert data.next.x > data.now_x  # drawn ahead of now
    assert [s.id for s in data.stages if s.current] == ["H"]
    before = data.end - data.start
    timeline.zoom(0.5)
    assert timeline.layout_data.end - timeline.layout_data.start < before
    diamond = timeline.layout_data.next.diamond
    assert "ETA given" in timeline.tooltip_at(diamond.x + 16 + diamond.w / 2, diamond.y + diamond.h / 2)
    assert [c.name for c in timeline.layout_data.chips] == [
        "First response",
        "First response by email",
        "Status and next steps",
        "Pending research",
    ]


def test_snoozing_a_reminder_stores_it_without_moving_the_due_date(window, session):
    from deskcomms.core.reminders import reminder_key

    window.select_case("1003")
    view = window.case_view
    due_before = view.status.next_action.due
    view.snooze_reminder("1h")
    key = reminder_key("1003", view.status.next_action.id, due_before)
    assert key in session.desk.store.snoozes()
    assert view.status.next_action.due == due_before


def test_events_recorded_ahead_of_now_are_marked_on_the_timeline(window, session):
    from deskcomms.core.model import Event
    from tests.ui.conftest import NOW

    session.desk.store.add_event("1004", Event(NOW.replace(day=NOW.day + 1), "note", {"text": "later"}))
    window.select_case("1004")
    window.case_view.show_case("1004")
    markers = window.case_view.timeline.layout_data.markers
    assert markers[-1].future and not any(m.future for m in markers[:-1])
    assert "not yet happened" in markers[-1].tooltip


def test_list_rows_come_from_the_status_cache_and_the_tooltip_explains_the_due_date(window, session):
    from PySide6.QtCore import Qt

    from deskcomms.ui.case_list.case_model import COL_DUE

    row = window.model.view_row_of("1004")
    tip = window.model.data(window.model.index(row, COL_DUE), Qt.ItemDataRole.ToolTipRole)
    assert "due" in tip and "ETA given" in tip
    # The status the list shows is the one the desk cached (what `deskcomms due` and the tray read too).
    assert session.desk.why("1004") == tip


def test_importing_in_the_window_makes_the_same_verified_backups_as_the_command_line(
    window, session, qtbot, tmp_path, monkeypatch
):
    import json
    import sqlite3

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from tests.conftest import FORMATS_EXAMPLE

    source = tmp_path / "handover.json"
    source.write_text(json.dumps(FORMATS_EXAMPLE))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window.import_file()
    backups = sorted((session.desk.database.parent / "backups").glob("deskcomms-*.sqlite3"))
    kinds = {p.name.split("-")[1] for p in backups}
    assert {"preimport", "import"} <= kinds
    latest = max((p for p in backups if "-import-" in p.name), key=lambda p: p.stat().st_mtime)
    conn = sqlite3.connect(latest)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 6  # the five and the imported one
    finally:
        conn.close()


def test_a_write_by_another_process_reaches_the_list_the_case_view_and_the_due_index(window, session, qtbot):
    """What `deskcomms log` records beside the running app shows within the watcher's next look."""
    from datetime import timedelta

    from deskcomms.core.model import Event
    from deskcomms.desk import Desk
    from deskcomms.ui.shell.app import watch_external_changes

    from .conftest import NOW

    watch_external_changes(window, session, interval_ms=50)
    window.select_case("1004")
    before = window.model.row_at(window.model.view_row_of("1004")).action
    other = Desk.open(session.desk.database, clock=lambda: NOW)  # a second connection, as the CLI has
    try:
        other.record("1004", Event(NOW - timedelta(minutes=5), "resolution_provided", {}), override=True)
    finally:
        other.close()
    qtbot.waitUntil(lambda: window.model.row_at(window.model.view_row_of("1004")).action != before, timeout=5000)
    qtbot.waitUntil(lambda: any(e.kind == "resolution_provided" for e in window.case_view.case.events), timeout=5000)
    due = {row["case"]: row["action"] for row in session.desk.due_index()}
    assert due["1004"] == window.model.row_at(window.model.view_row_of("1004")).action
