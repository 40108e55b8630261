"""Emails dropped on the window (an .eml file, an Outlook desktop drag) or pasted with Ctrl+Shift+V: the
preview says which case and what, Enter records it, and the event shows on the case at the email's time."""

from __future__ import annotations

import os
import struct
from datetime import datetime

import pytest
from PySide6.QtCore import QByteArray, QDate, QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from deskcomms.core.timefmt import short_instant
from tests.capture_fixtures import NY, eml, msg_file

DESCRIPTOR = 'application/x-qt-windows-mime;value="FileGroupDescriptorW"'
CONTENTS = 'application/x-qt-windows-mime;value="FileContents"'


def outlook_drag(name: str, data: bytes) -> QMimeData:
    """What Outlook desktop puts in a drag of one message: FILEGROUPDESCRIPTORW + FileContents (the .msg)."""
    descriptor = bytearray(4 + 592)
    struct.pack_into("<I", descriptor, 0, 1)  # cItems
    struct.pack_into("<I", descriptor, 4, 0x4000 | 0x40)  # dwFlags: FD_PROGRESSUI | FD_FILESIZE
    struct.pack_into("<II", descriptor, 4 + 64, 0, len(data))  # nFileSizeHigh, nFileSizeLow
    encoded = name.encode("utf-16-le")
    descriptor[4 + 72 : 4 + 72 + len(encoded)] = encoded  # cFileName[260]
    mime = QMimeData()
    mime.setData(DESCRIPTOR, QByteArray(bytes(descriptor)))
    mime.setData(CONTENTS, QByteArray(data))
    return mime


def drop(window, mime: QMimeData, on) -> None:
    """Drag ``mime`` over the window and drop it on the widget ``on``."""
    point = on.mapTo(window, on.rect().center())
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(point), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    wait_until_read(window)


def wait_until_read(window, seconds: float = 30) -> None:
    """The drop is read in a worker thread (the window stays responsive): wait for it to be read."""
    import time

    deadline = time.monotonic() + seconds
    while window.capture_drop.reading() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert not window.capture_drop.reading()


def shown_events(window):
    tree = window.case_view.events
    return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1)) for i in range(tree.topLevelItemCount())]


def open_case(window, qtbot, number):
    assert window.select_case(number)
    qtbot.waitUntil(lambda: window.case_view.case is not None and window.case_view.case.number == number)


def test_dropping_an_eml_on_a_case_records_the_reply_at_its_time(window, qtbot, tmp_path, session):
    when = datetime(2026, 11, 24, 9, 12, tzinfo=NY)
    path = tmp_path / "reply.eml"
    path.write_bytes(eml("Priya <priya@northwind.example>", "RE: the logs you asked for", "Attached.\n", when))
    open_case(window, qtbot, "1002")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(window, mime, window.case_view)

    dialog = window.capture_drop.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.case_box.currentData() == "1002"  # no number in it: the case it was dropped on
    assert dialog.kind_label.text() == "Customer replied"
    assert short_instant(when) in dialog.when.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert (short_instant(when), "Customer replied") in shown_events(window)
    stored = session.desk.store.get_case("1002").events
    assert [e.at for e in stored if e.kind == "customer_replied"] == [when]


def test_outlook_drag_of_an_out_of_office_msg_with_the_return_date_edited(window, qtbot, session):
    when = datetime(2026, 11, 24, 8, 5, tzinfo=NY)
    data = msg_file(
        "Marcus Reed",
        "marcus@contoso.example",
        "Automatische Antwort: Problem 1004 - Case 1004",
        "Ich bin bis einschließlich 27.11.2026 nicht im Büro. Ab dem 30. November 2026 bin ich wieder da.\n",
        when,
        message_id="<oof-1004@contoso.example>",
    )
    open_case(window, qtbot, "1001")  # shown case differs: the number in the subject wins
    drop(window, outlook_drag("Automatische Antwort Problem 1004.msg", data), window.case_view)

    dialog = window.capture_drop.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.case_box.currentData() == "1004"
    assert dialog.kind_label.text() == "Out-of-office auto-reply"
    assert dialog.until.date() == QDate(2026, 11, 30)
    dialog.until.setDate(QDate(2026, 12, 1))  # the engineer knows better
    qtbot.keyClick(dialog, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert window.case_view.case.number == "1004"
    assert (short_instant(when), "Out-of-office auto-reply") in shown_events(window)
    [oof] = [e for e in session.desk.store.get_case("1004").events if e.kind == "out_of_office"]
    assert oof.fields["until"] == "2026-12-01"
    assert oof.fields["message_id"] == "<oof-1004@contoso.example>"

    drop(window, outlook_drag("again.msg", data), window.case_view)  # the same email again
    again = window.capture_drop.dialog
    qtbot.waitUntil(again.isVisible)
    assert not again.record_button.isEnabled()
    assert "already recorded" in again.status.text()
    again.reject()


def test_pasted_outlook_text_asking_to_close_is_recorded_as_confirmation_only_when_ticked(window, qtbot, session):
    text = (
        "From: Lena Vogel <c@example.com>\nSent: Tuesday, November 24, 2026 9:50 AM\n"
        "To: Jane Smith <jane@example.com>\nSubject: RE: Problem 1003 - Case 1003\n\n"
        "Works now, you can close the case.\n"
    )
    from deskcomms.core.model import Event

    # The solution went out first (stage E), so a confirmation fits the playbook.
    session.desk.store.add_event("1003", Event(datetime(2026, 11, 24, 9, 40, tzinfo=NY), "resolution_provided", {}))
    QGuiApplication.clipboard().setText(text)
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_until_read(window)
    dialog = window.capture_drop.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.case_box.currentData() == "1003"
    assert dialog.confirm.isVisible() and "asks to close" in dialog.confirm.text()
    assert not dialog.confirm.isChecked()
    dialog.confirm.setChecked(True)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    kinds = [e.kind for e in session.desk.store.get_case("1003").events]
    assert kinds[-1] == "confirmation_received" and "customer_replied" not in kinds[3:]


def close_next_message_box(seen: list[str]) -> None:
    def close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.close()
        else:
            QTimer.singleShot(20, close)

    QTimer.singleShot(20, close)


def test_random_bytes_dropped_as_eml_say_so_and_record_nothing(window, qtbot, tmp_path, session):
    junk = tmp_path / "junk.eml"
    junk.write_bytes(os.urandom(3000))
    before = [len(c.events) for c in session.desk.store.load_cases()]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(junk))])
    seen: list[str] = []
    close_next_message_box(seen)
    drop(window, mime, window.table)
    qtbot.waitUntil(lambda: bool(seen))  # read in a worker thread: the message comes when it is read
    assert "junk.eml: not recorded" in seen[0] and "Nothing was recorded" in seen[0]
    assert window.capture_drop.dialog is None
    assert [len(c.events) for c in session.desk.store.load_cases()] == before


@pytest.mark.parametrize("text", ["hello", ""])
def test_text_that_is_not_an_email_is_not_taken_as_a_drop(window, text):
    mime = QMimeData()
    mime.setText(text)
    point = window.table.mapTo(window, window.table.rect().center())
    enter = QDragEnterEvent(
        QPoint(point), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_no_case_offers_a_new_case_prefilled_from_the_email(window, qtbot, session):
    when = datetime(2026, 11, 24, 9, 12, tzinfo=NY)
    data = msg_file(
        "Priya Natarajan",
        "priya@northwind.example",
        "FW: [Case#:2612010010003344] Event Hubs capture stops writing Avro files",
        "Hello, capture stopped at 02:00 UTC.\n",
        when,
    )
    drop(window, outlook_drag("Event Hubs.msg", data), window.table)
    dialog = window.capture_drop.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.case_box.currentData() is None
    assert not dialog.record_button.isEnabled()
    assert "2612010010003344" in dialog.status.text()

    seen = {}

    def fill_and_save() -> None:
        case_dialog = getattr(dialog, "case_dialog", None)
        if case_dialog is None or not case_dialog.isVisible():
            QTimer.singleShot(20, fill_and_save)
            return
        seen.update(
            number=case_dialog.number.text(),
            title=case_dialog.title_edit.text(),
            customer=case_dialog.customer_name.text(),
            email=case_dialog.customer_email.text(),
        )
        case_dialog._accept()

    QTimer.singleShot(20, fill_and_save)
    qtbot.mouseClick(dialog.new_case_button, Qt.MouseButton.LeftButton)
    assert seen == {
        "number": "2612010010003344",
        "title": "Event Hubs capture stops writing Avro files",
        "customer": "Priya Natarajan",
        "email": "priya@northwind.example",
    }
    assert dialog.case_box.currentData() == "2612010010003344"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    case = session.desk.store.get_case("2612010010003344")
    assert case.opened_at == when
    assert [e.kind for e in case.events] == ["opened"]  # the email that opened it, kept so it is recorded once
    assert window.case_view.case.number == "2612010010003344"


def test_the_preview_says_what_it_was_unsure_of(window, qtbot, tmp_path, session):
    """An auto-reply whose date reads two ways gives no date and says why; a mail without Date: says so."""
    oof = tmp_path / "oof.eml"
    when = datetime(2026, 11, 24, 8, 5, tzinfo=NY)
    oof.write_bytes(
        eml(
            "Priya <priya@northwind.example>",
            "Automatic reply: RE: the logs",
            "I'm out of the office. Back on 1.2.\n",
            when,
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    open_case(window, qtbot, "1002")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(oof))])
    drop(window, mime, window.case_view)
    dialog = window.capture_drop.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.kind_label.text() == "Out-of-office auto-reply"
    assert "No return date taken" in dialog.until_note.text() and "could be" in dialog.until_note.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the engineer does not set one: none is invented
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = session.desk.store.get_case("1002").events
    assert not [e for e in stored if e.kind == "out_of_office"]
    assert [e.fields["text"] for e in stored if e.kind == "note"] == ["Automatic reply without a return date"]

    draft = tmp_path / "draft.eml"
    draft.write_bytes(b"From: Priya <priya@northwind.example>\nSubject: RE: the logs\nMessage-ID: <nd@x>\n\nHi\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(draft))])
    drop(window, mime, window.case_view)
    dialog = window.capture_drop.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "no Date: header" in dialog.status.text() and dialog.status.isVisible()
    assert "the time of capture" in dialog.when.text()
    dialog.reject()
