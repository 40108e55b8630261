"""Paste (Ctrl+Shift+V) and drop on the real window: the email lands on its own case, whatever case is on
screen or dropped on; several cases named are asked; a future date is never recorded as such; the same
email in another form is "already recorded on case N"."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from deskcomms.core.interchange import Document, parse_case
from tests.capture_fixtures import NY, eml
from tests.ui.conftest import NOW
from tests.ui.test_capture_window import drop, open_case

DANA = "2612020010005555"


@pytest.fixture
def session(session):
    """The shared cases (every customer c@example.com), and one case of Dana's alone."""
    dana = parse_case(
        {
            "number": DANA,
            "title": "Dana's storage case",
            "opened_at": "2026-11-23T09:00:00-05:00",
            "customer": {"name": "Dana", "email": "dana@d.example"},
            "events": [{"at": "2026-11-23T09:30:00-05:00", "kind": "fqr_sent", "channel": "email"}],
        },
        "case",
    )
    session.desk.import_document(Document(cases=[dana]), backups=False)
    return session


def outlook_text(subject: str, body: str, sent: str = "Tuesday, November 24, 2026 9:50 AM") -> str:
    return (
        f"From: Lena Vogel <c@example.com>\nSent: {sent}\nTo: Jane Smith <jane@example.com>\n"
        f"Subject: {subject}\n\n{body}"
    )


def drop_on_row(window, mime: QMimeData, number: str) -> None:
    """Drag ``mime`` over the window and drop it on the list's row of case ``number``."""
    table = window.table
    row = next(r for r in range(table.model().rowCount()) if window.model.row_at(r).number == number)
    rect = table.visualRect(table.model().index(row, 0))
    point = table.viewport().mapTo(window, rect.center())
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    event = QDropEvent(QPointF(point), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)


def paste(window, qtbot, text: str):
    QGuiApplication.clipboard().setText(text)
    action = window.capture_drop.paste_action
    assert action.shortcut().toString() == "Ctrl+Shift+V"
    # The shortcut itself is pressed in test_capture_window.py; offscreen Qt leaves no active window after a
    # preview closes, so here the action the shortcut triggers is triggered directly.
    action.trigger()
    return shown_preview(window, qtbot)


def shown_preview(window, qtbot):
    """The preview, once the worker has read the email (reading runs off the GUI thread)."""
    qtbot.waitUntil(lambda: window.capture_drop.dialog is not None and window.capture_drop.dialog.isVisible())
    return window.capture_drop.dialog


def kinds(session, number: str) -> list[str]:
    return [e.kind for e in session.desk.store.get_case(number).events]


def test_pasting_an_email_that_names_another_case_records_it_on_that_case(window, qtbot, session):
    open_case(window, qtbot, "1001")
    dialog = paste(window, qtbot, outlook_text("RE: Problem 1004 - Case 1004", "Here are the logs.\n"))
    assert dialog.case_box.currentData() == "1004"
    assert "case 1004" in dialog.status.text() and "case 1001" in dialog.status.text()  # both shown
    assert dialog.how.text() == "Found by the case number in the subject."
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert kinds(session, "1004")[-1] == "customer_replied"
    assert "customer_replied" not in kinds(session, "1001")
    assert window.case_view.case.number == "1004"


def test_choosing_the_case_on_screen_instead_says_where_the_email_points(window, qtbot, session):
    open_case(window, qtbot, "1001")
    dialog = paste(window, qtbot, outlook_text("RE: Problem 1004 - Case 1004", "Here are the logs.\n"))
    dialog.case_box.setCurrentIndex(dialog.case_box.findData("1001"))
    assert "points to case 1004" in dialog.status.text()
    dialog.reject()


def test_dropping_a_customers_email_on_another_row_records_it_on_the_senders_case(window, qtbot, tmp_path, session):
    when = datetime(2026, 11, 24, 9, 12, tzinfo=NY)
    path = tmp_path / "dana.eml"
    # The display name looks like another address: the real sender is Dana, the customer of one open case.
    path.write_bytes(eml("alice@a.example <dana@d.example>", "Storage question", "Is it fixed?\n", when))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop_on_row(window, mime, "1002")  # on the row of another customer's case
    dialog = shown_preview(window, qtbot)
    assert dialog.case_box.currentData() == DANA
    assert dialog.how.text() == "Found by the sender: the customer of this open case."
    assert "You dropped it on case 1002" in dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert kinds(session, DANA)[-1] == "customer_replied"
    assert window.case_view.case.number == DANA


def test_an_email_naming_no_case_goes_to_the_case_on_screen(window, qtbot, session):
    open_case(window, qtbot, "1002")  # c@example.com is the customer of four open cases: it points nowhere
    dialog = paste(window, qtbot, outlook_text("RE: the logs", "Attached.\n"))
    assert dialog.case_box.currentData() == "1002"
    assert dialog.how.text() == "The email names no case: the case you have open."
    dialog.reject()


def test_an_email_naming_two_cases_shows_them_and_asks(window, qtbot, session):
    open_case(window, qtbot, "1001")
    dialog = paste(window, qtbot, outlook_text("Case 1002 and Case 1004", "Both are slow.\n"))
    assert dialog.case_box.currentData() is None
    assert not dialog.record_button.isEnabled()
    assert "1002, 1004" in dialog.status.text() and "Choose" in dialog.status.text()
    dialog.case_box.setCurrentIndex(dialog.case_box.findData("1004"))
    assert dialog.record_button.isEnabled()
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert kinds(session, "1004")[-1] == "customer_replied"
    assert "customer_replied" not in kinds(session, "1002")[2:]


def test_a_future_dated_email_is_recorded_only_at_the_time_of_capture(window, qtbot, session):
    dialog = paste(window, qtbot, outlook_text("RE: Case 1004", "Logs.\n", sent="Thursday, January 2, 2031 9:00 AM"))
    assert not dialog.record_button.isEnabled()
    assert "not recorded at that future time" in dialog.status.text()
    assert dialog.at_capture_time.isVisible()
    dialog.at_capture_time.setChecked(True)
    assert dialog.record_button.isEnabled()
    assert "the time of capture" in dialog.when.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [event] = [e for e in session.desk.store.get_case("1004").events if e.kind == "customer_replied"]
    assert event.at == NOW and "2031-01-02" in event.fields["note"]


def test_the_same_email_dropped_as_eml_then_pasted_is_already_recorded(window, qtbot, tmp_path, session):
    when = datetime(2026, 11, 24, 9, 50, 41, tzinfo=NY)
    path = tmp_path / "reply.eml"
    body = "Here are the logs you asked for.\n"
    path.write_bytes(
        eml("Lena Vogel <c@example.com>", "RE: Problem 1004 - Case 1004", body, when, message_id="<l-1@c.example>")
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(window, mime, window.table)
    dialog = shown_preview(window, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    again = paste(window, qtbot, outlook_text("RE: Problem 1004 - Case 1004", body))
    assert not again.record_button.isEnabled()
    assert again.status.text() == "This email is already recorded on case 1004."
    again.reject()
    assert kinds(session, "1004").count("customer_replied") == 1
