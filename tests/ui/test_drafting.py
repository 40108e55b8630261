"""The draft panel and call prep, driven through the window: what lands on the clipboard and in the store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from deskcomms.core.interchange import Document
from tests.conftest import FORMATS_EXAMPLE, build_cases

PROFILE = FORMATS_EXAMPLE["profile"]


def open_case(window, session, number, tab):
    session.desk.store.save_profile(PROFILE)
    session.reload_settings()
    window.select_case(number)
    view = window.case_view
    view.tabs.setCurrentWidget(getattr(view, tab))
    return view


def click(panel, name, qtbot):
    button = panel.findChild(QPushButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_draft_panel_picks_the_template_the_next_action_calls_for(window, session):
    view = open_case(window, session, "1004", "draft_panel")
    panel = view.draft_panel
    assert panel.template.currentData() == "research_update"
    assert panel.subject.text() == "Research update: Problem 1004 - Case 1004"
    assert panel.to.text() == "c@example.com"
    assert "support@mail.support.microsoft.com" in panel.cc.text()
    assert "Jane Smith" in panel.body.toPlainText()


def test_copy_puts_html_and_plain_text_on_the_clipboard(window, session, qtbot, monkeypatch):
    view = open_case(window, session, "1004", "draft_panel")
    panel = view.draft_panel
    monkeypatch.setattr(panel, "confirm_problems", lambda: True)  # now (Tue 10:00) is business time anyway
    panel.body.setPlainText(panel.body.toPlainText().replace("Hello", "Hi there"))
    click(panel, "draft_copy", qtbot)
    data = QApplication.clipboard().mimeData()
    assert data.hasHtml() and data.hasText()
    assert data.text().startswith("Hi there Marcus,")
    assert '<p style="margin:0 0 12px 0;">Hi there Marcus,</p>' in data.html()
    assert "class=" not in data.html()
    assert panel.sent_button.isEnabled()


def test_copy_with_problems_asks_first_and_can_be_cancelled(window, session, qtbot, monkeypatch):
    view = open_case(window, session, "1004", "draft_panel")
    panel = view.draft_panel
    QApplication.clipboard().clear()
    asked = []
    monkeypatch.setattr(panel, "confirm_problems", lambda: asked.append(list(panel.problems)) or False)
    panel.body.setPlainText(panel.body.toPlainText() + "\nThe admin password: hunter2\n")
    click(panel, "draft_copy", qtbot)
    assert asked and any("password" in p for p in asked[0])
    assert not any("hunter2" in p for p in asked[0])
    data = QApplication.clipboard().mimeData()
    assert data is None or not data.hasHtml()
    assert panel.redact_button.isVisible()
    click(panel, "draft_redact", qtbot)
    assert "hunter2" not in panel.body.toPlainText()
    assert "change it as soon as possible" in panel.body.toPlainText()


def test_mark_as_sent_records_the_matching_event(window, session, qtbot, monkeypatch):
    strikes = [
        {"at": "2026-11-10T09:30:00-05:00", "kind": "strike_sent", "n": 1},
        {"at": "2026-11-16T09:30:00-05:00", "kind": "strike_sent", "n": 2},
    ]
    session.desk.store.import_document(Document(cases=build_cases([("2001", "Kim Lee", strikes)])))
    window.refresh()
    qtbot.waitUntil(lambda: window.model.view_row_of("2001") is not None)
    view = open_case(window, session, "2001", "draft_panel")
    panel = view.draft_panel
    assert panel.template.currentData() == "unresponsive_3"
    assert "I will close it on" in panel.body.toPlainText()
    monkeypatch.setattr(panel, "confirm_problems", lambda: True)
    click(panel, "draft_copy", qtbot)
    click(panel, "draft_mark_sent", qtbot)
    last = session.desk.store.get_case("2001").events[-1]
    assert (last.kind, last.fields.get("n")) == ("strike_sent", 3)
    assert view.status.stage.id == "M"


def test_leaving_a_voicemail_offers_the_voicemail_email(window, session, qtbot):
    view = open_case(window, session, "1002", "call_panel")
    panel = view.call_panel
    assert "Hello, this is Jane Smith from Contoso Support" in panel.voicemail.text()
    assert "1002" not in panel.voicemail.text()  # the technology, never the case number
    assert panel.voicemail.text().count("+1 704 555 9988") == 2
    click(panel, "outcome_voicemail_left", qtbot)
    assert session.desk.store.get_case("1002").events[-1].kind == "voicemail_left"
    assert view.tabs.currentWidget() is view.draft_panel
    assert view.draft_panel.template.currentData() == "voicemail_followup"


def test_checklist_ticks_are_kept_per_call(window, session):
    view = open_case(window, session, "1002", "call_panel")
    panel = view.call_panel
    key = next(k for k in panel.boxes if k.startswith("Security"))
    panel.boxes[key].setChecked(True)
    view.show_case("1004")
    view.show_case("1002")
    assert panel.boxes[key].isChecked()
    case = session.desk.store.get_case("1002")
    assert key in session.desk.store.ticked(case.id, panel.call_key)


def test_profile_is_asked_for_before_the_first_draft(window, session, qtbot, monkeypatch):
    asked = []
    window.select_case("1004")
    view = window.case_view
    monkeypatch.setattr(window, "ask_profile", lambda: asked.append(True))
    view.draft_panel.profile_needed.disconnect()
    view.draft_panel.profile_needed.connect(window.ask_profile)
    assert view.draft_panel.copy() is False
    assert asked == [True]
