"""The draft panel as an engineer uses it: one click to a new email in the mail app (read back with Python's
``email``), Copy for reply with subject and CC beside it, a notice for every copy, edited drafts kept per
case across case switches and restarts, idempotent redaction, and profile addresses checked."""

from __future__ import annotations

import email
import stat
from email import policy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QToolButton

from deskcomms.store.drafts import load_draft
from tests.conftest import FORMATS_EXAMPLE

PROFILE = FORMATS_EXAMPLE["profile"]


def open_draft(window, session, number):
    session.desk.store.save_profile(PROFILE)
    session.reload_settings()
    window.select_case(number)
    view = window.case_view
    view.tabs.setCurrentWidget(view.draft_panel)
    return view.draft_panel


def click(panel, name, qtbot, kind=QPushButton):
    button = panel.findChild(kind, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_new_email_opens_the_whole_draft_as_an_unsent_eml(window, session, qtbot, tmp_path):
    panel = open_draft(window, session, "1004")
    opened = []
    panel.opener = lambda path: opened.append(path) or True  # a mail handler that takes the file
    panel.drafts_dir = tmp_path / "drafts"
    click(panel, "draft_new_email", qtbot)
    assert len(opened) == 1
    path = opened[0]
    assert path.parent == tmp_path / "drafts" and path.suffix == ".eml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert msg["To"] == "c@example.com"
    assert msg["Cc"] == "support@mail.support.microsoft.com"
    assert msg["Subject"] == "Research update: Problem 1004 - Case 1004"
    assert msg["From"] == "jane@example.com"
    page = msg.get_body(("html",)).get_content()
    assert "<p style=" in page and "Hello Marcus," in page and "Jane Smith" in page
    assert "Hello Marcus," in msg.get_body(("plain",)).get_content()
    assert panel.notice.isVisible() and "Opened in your mail app" in panel.notice.text()
    assert panel.sent_button.isEnabled()


def test_when_no_mail_app_opens_it_the_panel_says_so_and_offers_copy(window, session, qtbot, tmp_path):
    panel = open_draft(window, session, "1004")
    panel.opener = lambda path: False  # no handler for .eml on this machine
    panel.drafts_dir = tmp_path / "drafts"
    QApplication.clipboard().clear()
    click(panel, "draft_new_email", qtbot)
    assert panel.failure.isVisible()
    assert "No mail app opened the draft" in panel.failure_label.text()
    assert str(tmp_path / "drafts") in panel.failure_label.text()
    assert panel.findChild(QPushButton, "draft_reveal").isVisible()
    click(panel, "draft_failed_copy", qtbot)
    data = QApplication.clipboard().mimeData()
    assert data.hasHtml() and data.text().startswith("Hello Marcus,")
    assert "Copied the body" in panel.notice.text()
    assert not panel.failure.isVisible()


def test_copy_for_reply_with_subject_and_cc_beside_it_each_confirmed(window, session, qtbot):
    panel = open_draft(window, session, "1004")
    click(panel, "draft_copy", qtbot)
    assert QApplication.clipboard().mimeData().hasHtml()
    assert panel.notice.text().startswith("Copied the body")
    click(panel, "draft_copy_subject", qtbot, QToolButton)
    assert QApplication.clipboard().text() == "Research update: Problem 1004 - Case 1004"
    assert panel.notice.text() == "Copied the subject"
    click(panel, "draft_copy_cc", qtbot, QToolButton)
    assert QApplication.clipboard().text() == "support@mail.support.microsoft.com"
    assert panel.notice.text() == "Copied the CC addresses"
    assert window.statusBar().currentMessage() == "Copied the CC addresses"


def test_an_edited_draft_is_kept_when_switching_cases_and_after_a_restart(window, session, qtbot, monkeypatch):
    from deskcomms.ui.drafting.draft_panel import DraftPanel

    panel = open_draft(window, session, "1004")
    assert not panel.edited_bar.isVisible()
    edited = panel.body.toPlainText().replace("Hello Marcus,", "Hi Marcus, thanks for the logs.")
    panel.body.setPlainText(edited)
    panel.subject.setText("Logs received - Case 1004")
    window.select_case("1003")  # switched before the edit was even saved
    assert "Hello Lena," in panel.body.toPlainText()
    assert not panel.edited_bar.isVisible()
    window.select_case("1004")
    assert panel.body.toPlainText() == edited
    assert panel.subject.text() == "Logs received - Case 1004"
    assert panel.edited_bar.isVisible() and "Edited draft" in panel.edited_label.text()
    assert "kept for this case" in panel.edited_label.toolTip()

    # a new panel (as after quitting and starting the app again) finds the same draft in the database
    case = session.desk.store.require_case("1004")
    again = DraftPanel(session, None)
    qtbot.addWidget(again)
    again.show_case(case, session.status(case))
    assert again.body.toPlainText() == edited
    assert again.subject.text() == "Logs received - Case 1004"
    again.show()
    assert again.edited_bar.isVisible()

    monkeypatch.setattr(panel, "confirm_discard", lambda: True)  # issue 21: discarding a changed draft asks
    click(panel, "draft_discard", qtbot)
    assert "Hello Marcus," in panel.body.toPlainText()
    assert panel.subject.text() == "Research update: Problem 1004 - Case 1004"
    assert not panel.edited_bar.isVisible()
    assert load_draft(session.desk.store.conn, case.id) is None


def test_typing_is_kept_after_a_pause_and_marking_as_sent_forgets_it(window, session, qtbot, monkeypatch):
    panel = open_draft(window, session, "1004")
    case_id = panel.case.id
    panel.body.setPlainText(panel.body.toPlainText() + "\nOne more thing: the gateway logs, please.\n")
    qtbot.waitUntil(lambda: load_draft(session.desk.store.conn, case_id) is not None, timeout=3000)
    assert "gateway logs" in load_draft(session.desk.store.conn, case_id).body
    monkeypatch.setattr(panel, "confirm_problems", lambda: True)
    click(panel, "draft_copy", qtbot)
    click(panel, "draft_mark_sent", qtbot)
    assert load_draft(session.desk.store.conn, case_id) is None
    assert "gateway logs" not in panel.body.toPlainText()


def test_choosing_another_template_asks_before_dropping_edits(window, session, qtbot, monkeypatch):
    panel = open_draft(window, session, "1004")
    panel.body.setPlainText(panel.body.toPlainText() + "\nMy own words.\n")
    qtbot.waitUntil(lambda: load_draft(session.desk.store.conn, panel.case.id) is not None, timeout=3000)
    monkeypatch.setattr(panel, "confirm_replace", lambda: False)
    panel.template.setCurrentIndex(panel.template.findData("eta_missed"))
    assert panel.template.currentData() == "research_update"
    assert "My own words." in panel.body.toPlainText()
    monkeypatch.setattr(panel, "confirm_replace", lambda: True)
    panel.template.setCurrentIndex(panel.template.findData("eta_missed"))
    assert panel.template.currentData() == "eta_missed"
    assert "My own words." not in panel.body.toPlainText()
    assert load_draft(session.desk.store.conn, panel.case.id) is None


def test_redact_is_idempotent_and_the_warning_goes_at_once(window, session, qtbot):
    panel = open_draft(window, session, "1004")
    panel.body.setPlainText(panel.body.toPlainText() + "\nThe admin password: hunter2\n")
    panel._check()
    assert any("password" in p for p in panel.problems)
    click(panel, "draft_redact", qtbot)
    once = panel.body.toPlainText()
    assert "hunter2" not in once and "[password removed]" in once
    assert not any("password" in p for p in panel.problems)
    assert "Ready to send" in panel.findings.text() or "password" not in panel.findings.text()
    panel.redact()
    assert panel.body.toPlainText() == once
    assert "removed] removed]" not in panel.body.toPlainText()


def test_the_profile_refuses_an_address_that_is_not_one(qtbot):
    from deskcomms.core.settings import DEFAULTS, PROFILE_DEFAULTS
    from deskcomms.ui.settings.settings_dialog import SettingsDialog

    dialog = SettingsDialog(dict(DEFAULTS), dict(PROFILE_DEFAULTS))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.profile_edits["name"].setText("Jane Smith")
    dialog.profile_edits["manager_email"].setText("jmuller at microsoft")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result_profile is None
    assert dialog.error.text().startswith("Your manager's email 'jmuller at microsoft' is not an email address")
    dialog.profile_edits["manager_email"].setText("jmuller@microsoft.com")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result_profile["manager_email"] == "jmuller@microsoft.com"


def test_hiding_the_window_keeps_what_was_just_typed(window, session, qtbot):
    panel = open_draft(window, session, "1004")
    panel.body.setPlainText(panel.body.toPlainText() + "\nTyped just before closing.\n")
    window.hide()  # closing the window hides it to the tray; the app may quit right after
    kept = load_draft(session.desk.store.conn, panel.case.id)
    assert kept is not None and "Typed just before closing." in kept.body
