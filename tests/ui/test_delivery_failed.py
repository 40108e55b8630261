"""A delivery failure in the window: recorded from the case's menu through the event dialog (the
customer's address offered), shown on the timeline as a bounce, and as the next action in the case list
and the tray (playbook rules §3, Delivery failure)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox

from deskcomms.ui.case_list.case_model import COL_ACTION
from deskcomms.ui.case_view.timeline_layout import EVENT_LOOK

FIX = "Fix the address or reach the customer another way"


def test_a_bounce_recorded_in_the_window_shows_in_the_list_the_case_and_the_tray(window, qtbot, session, monkeypatch):
    from deskcomms.ui.common import dialogs
    from deskcomms.ui.tray.tray import Tray

    seen: dict[str, str] = {}

    def accept(dialog):  # the engineer checks the address the dialog offers and presses OK
        seen["address"] = dialog.inputs["address"][1].text()
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        return dialogs.EventDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.EventDialog, "exec", accept)
    window.select_case("1002")  # pending customer information
    item = next(a for a in window.case_view.findChildren(QAction) if a.objectName() == "menu_delivery_failed")
    item.trigger()

    customer = session.desk.store.get_case("1002").customer.email
    assert seen["address"] == customer
    last = session.desk.store.get_case("1002").events[-1]
    assert (last.kind, last.fields["address"]) == ("delivery_failed", customer)
    assert FIX in window.case_view.next_title.text()
    model = window.model
    qtbot.waitUntil(lambda: model.data(model.index(model.view_row_of("1002"), COL_ACTION)) == FIX)
    assert EVENT_LOOK["delivery_failed"][1] == "bounce"

    tray = Tray(lambda _n: None, lambda: None, lambda: None, lambda: None, lambda: None)
    tray.update(session.desk.due_index(), session.now())
    texts = [a.text() for a in tray.menu.actions() if a.text()]
    assert any(text.startswith(f"1002: {FIX}") for text in texts)
    tray.close()


def test_a_dropped_bounce_previews_as_a_delivery_failure_with_its_address(window, qtbot, tmp_path, session):
    from datetime import datetime

    from PySide6.QtCore import QMimeData, Qt, QUrl

    from tests.capture_fixtures import NY, eml
    from tests.ui.test_capture_window import drop, open_case

    address = session.desk.store.get_case("1002").customer.email
    when = datetime(2026, 11, 24, 9, 12, tzinfo=NY)
    text = f"Delivery has failed to these recipients or groups:\n\n{address}\nThe email address couldn't be found.\n"
    path = tmp_path / "bounce.eml"
    path.write_bytes(eml("Microsoft Outlook <postmaster@northwind.example>", "Undeliverable: RE: logs", text, when))
    open_case(window, qtbot, "1002")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(window, mime, window.case_view)
    dialog = window.capture_drop.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.kind_label.text() == f"Delivery failure (our email was not delivered): {address}"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    last = session.desk.store.get_case("1002").events[-1]
    assert (last.kind, last.fields["address"], last.at) == ("delivery_failed", address, when)
    assert FIX in window.case_view.next_title.text()


def test_the_case_header_names_the_bounce_in_words(window, qtbot, session):
    from PySide6.QtWidgets import QLabel

    from deskcomms.core.model import Event
    from tests.ui.conftest import NOW

    case = session.desk.store.get_case("1002")
    session.desk.record(case.number, Event(NOW, "delivery_failed", {"address": case.customer.email}))
    window.refresh()
    window.select_case("1002")
    qtbot.waitUntil(lambda: FIX in window.case_view.next_title.text())
    texts = [label.text() for label in window.case_view.findChildren(QLabel)]
    assert "Email bounced" in texts and "delivery_failed" not in texts
