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
