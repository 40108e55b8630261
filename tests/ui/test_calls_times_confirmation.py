"""Issue 21 through the window: a confirmation in D goes to F with the "resolved by the customer" LQR,
each call outcome offers its own email, events carry the time they happened, pickers start on the
engineer's date, and the ETA an email promised is the ETA recorded."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.ui.common.dialogs import EventDialog
from tests.ui.test_drafting import click, open_case

NY = ZoneInfo("America/New_York")


def answer_dialogs(monkeypatch, seen, when=None):
    """Stand in for the person at an event dialog: note what it offered, maybe change When, press Record."""

    def exec_(self):
        seen.append(self)
        if when is not None:
            self.when.setDateTime(QDateTime(when))
        self._accept()
        return self.result()

    monkeypatch.setattr(EventDialog, "exec", exec_)


def test_confirmation_in_D_goes_to_F_without_an_override_and_drafts_the_resolved_by_customer_lqr(
    window, session, qtbot, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    warned = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: warned.append(self.text()) or 0)
    seen: list[EventDialog] = []
    answer_dialogs(monkeypatch, seen)
    view = open_case(window, session, "1003", "draft_panel")
    assert view.status.stage.id == "D"
    assert view.record("confirmation_received")
    assert warned == []  # no "the playbook does not expect this"
    assert len(seen) == 1 and seen[0].findChild(QDateTimeEdit, "field_when") is not None
    assert not session.desk.store.get_case("1003").events[-1].fields.get("forced")
    assert view.status.stage.id == "F"
    view.draft_panel.show_case(view.case, view.status)
    assert view.draft_panel.template.currentData() == "lqr_resolved_by_customer"
    body = view.draft_panel.body.toPlainText()
    assert "what changed" in body and "close the case 1003" in body


def test_no_answer_offers_the_tried_to_call_email_and_reached_the_summary(window, session, qtbot):
    view = open_case(window, session, "1002", "call_panel")
    click(view.call_panel, "outcome_call_no_answer", qtbot)
    assert session.desk.store.get_case("1002").events[-1].kind == "call_no_answer"
    assert view.tabs.currentWidget() is view.draft_panel
    assert view.draft_panel.template.currentData() == "missed_call_followup"
    assert "voicemail" not in view.draft_panel.body.toPlainText().lower()
    assert "could not reach you" in view.draft_panel.body.toPlainText()
    view.tabs.setCurrentWidget(view.call_panel)
    click(view.call_panel, "outcome_call_reached", qtbot)
    assert view.tabs.currentWidget() is view.draft_panel
    assert view.draft_panel.template.currentData() == view.status.next_action.template == "status_next_steps"


def test_customer_replied_is_recorded_at_when_the_reply_arrived(window, session, monkeypatch):
    seen: list[EventDialog] = []
    arrived = datetime(2026, 11, 24, 7, 12)
    answer_dialogs(monkeypatch, seen, when=arrived)
    view = open_case(window, session, "1002", "draft_panel")
    assert view.record("customer_replied")
    (dialog,) = seen
    assert dialog.findChild(QDateTimeEdit, "field_when") is not None
    assert "America/New_York" in dialog.when.toolTip() or "EST" in dialog.when.toolTip()
    last = session.desk.store.get_case("1002").events[-1]
    assert last.kind == "customer_replied"
    assert last.at == arrived.replace(tzinfo=NY)


def test_date_pickers_start_on_the_engineers_local_date_not_the_machines():
    calendar = BusinessCalendar.from_settings({"timezone": "America/Los_Angeles"})
    late = datetime(2026, 11, 24, 22, 30, tzinfo=ZoneInfo("America/Los_Angeles"))  # already the 25th in UTC
    dialog = EventDialog("pending_customer", {}, calendar, late)
    picker = dialog.findChild(QDateEdit, "field_follow_up_on")
    assert picker.date() == QDate(2026, 11, 24)
    assert dialog.when.dateTime() == QDateTime(datetime(2026, 11, 24, 22, 30))
    meeting = EventDialog("meeting_scheduled", {}, calendar, late)
    assert meeting.findChild(QDateTimeEdit, "field_meeting_at").dateTime().date() >= QDate(2026, 11, 24)


def test_the_eta_an_email_promised_is_the_eta_recorded_to_the_minute(window, session, qtbot, monkeypatch):
    view = open_case(window, session, "1003", "draft_panel")
    panel = view.draft_panel
    promised = panel.draft.promised
    assert promised is not None and promised.second == 0
    click(panel, "draft_copy", qtbot)
    click(panel, "draft_mark_sent", qtbot)
    case = session.desk.store.get_case("1003")
    eta_events = [e for e in case.events if e.kind == "eta_set"]
    assert eta_events and eta_events[-1].instant("eta") == promised
    # the research dialog then offers that very ETA, not "now + 1 business day"
    seen: list[EventDialog] = []
    answer_dialogs(monkeypatch, seen)
    assert view.record("pending_research")
    (dialog,) = seen
    shown = dialog.findChild(QDateTimeEdit, "field_eta").dateTime().toPython()
    assert shown == session.calendar.local(promised).replace(tzinfo=None)
    assert session.desk.store.get_case("1003").events[-1].instant("eta") == promised
    assert view.status.eta == promised
    assert promised - session.now() < timedelta(days=3)
