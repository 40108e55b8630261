"""Kept mail text in the window: a draft copied and recorded as sent keeps its words; clicking its event
on the timeline shows them; "Forget this case's mail" deletes them (issue 19.7)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit

from deskcomms.core.interchange import Document
from tests.conftest import build_cases
from tests.ui.test_drafting import click, open_case


def test_a_sent_draft_is_kept_and_read_back_from_the_timeline(window, session, qtbot, monkeypatch):
    session.desk.store.import_document(Document(cases=build_cases([("2002", "Kim Lee", [])])))
    window.refresh()
    qtbot.waitUntil(lambda: window.model.view_row_of("2002") is not None)
    view = open_case(window, session, "2002", "draft_panel")
    panel = view.draft_panel
    monkeypatch.setattr(panel, "confirm_problems", lambda: True)
    panel.body.setPlainText(panel.body.toPlainText() + "\nThe Spark pool restart fixed run 20261202-1130.\n")
    click(panel, "draft_copy", qtbot)
    click(panel, "draft_mark_sent", qtbot)
    # The sent email, then the ETA it promised, recorded beside it (issue 21): the email is the one with text.
    last = [e for e in session.desk.store.get_case("2002").sorted_events() if e.kind != "eta_set"][-1]
    kept = session.desk.mail_of_event(last.id)
    assert kept is not None and kept.ours and "Spark pool restart" in kept.reply

    view.tabs.setCurrentWidget(view.timeline)
    view.timeline.resize(900, 220)
    view.timeline.fit()
    qtbot.waitUntil(lambda: view.timeline.layout_data is not None)
    # An imported event has no kept text: clicking it says so (no dialog); the sent draft shows its words.
    markers = view.timeline.layout_data.markers
    assert any(last.at in m.instants for m in markers) and len(markers) > 1
    dialogs = [view.show_mail(m.instants) for m in markers]
    shown = [d for d in dialogs if d is not None]
    assert len(shown) == 1
    assert window.statusBar().currentMessage() in ("", "No email text is kept for this event")
    text = shown[0].findChild(QPlainTextEdit, "mail_reply").toPlainText()
    assert "Spark pool restart fixed run 20261202-1130" in text
    shown[0].close()

    # The Events tab opens the same text (keyboard: Enter on the row).
    view.tabs.setCurrentWidget(view.events)
    row = view.events.topLevelItem(0)  # newest first: the email just recorded
    assert row.data(0, Qt.ItemDataRole.UserRole) == last.at
    opened = []
    original = view.show_mail
    monkeypatch.setattr(view, "show_mail", lambda instants: opened.append(original(instants)))
    view.events.itemActivated.emit(row, 0)
    assert opened and opened[0] is not None
    assert "Spark pool restart" in opened[0].findChild(QPlainTextEdit, "mail_reply").toPlainText()
    opened[0].close()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    view.forget_mail()
    assert session.desk.mail_of_event(last.id) is None
    assert last.id in [e.id for e in session.desk.store.get_case("2002").events]  # the event stays
    QApplication.processEvents()


def test_clicking_a_marker_emits_its_instants(qtbot, window, session):
    view = open_case(window, session, "1003", "timeline")
    view.timeline.resize(900, 220)
    view.timeline.fit()
    qtbot.waitUntil(lambda: view.timeline.layout_data is not None and bool(view.timeline.layout_data.markers))
    marker = view.timeline.layout_data.markers[-1]
    view.timeline.marker_clicked.disconnect()
    with qtbot.waitSignal(view.timeline.marker_clicked, timeout=1000) as blocker:
        from deskcomms.ui.case_view.timeline import _qrect

        qtbot.mouseClick(view.timeline, Qt.MouseButton.LeftButton, pos=_qrect(marker.icon_rect).center().toPoint())
    assert tuple(blocker.args[0]) == marker.instants
