"""Dialogs: validation messages shown beside the form, input kept, nothing stored until it is valid."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QDialogButtonBox

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.ui.common.dialogs import CaseDialog, EventDialog
from deskcomms.ui.settings.settings_dialog import SettingsDialog

CAL = BusinessCalendar.from_settings({})
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def press(dialog, which):
    box = dialog.findChild(QDialogButtonBox)
    box.button(which).click()


def test_case_dialog_refuses_duplicates_and_bad_email(qtbot):
    dialog = CaseDialog({"1001"}, ["css", "reengagement"], CAL, NOW)
    qtbot.addWidget(dialog)
    dialog.number.setText("1001")
    press(dialog, QDialogButtonBox.StandardButton.Save)
    assert dialog.error.isVisible() is False or "already exists" in dialog.error.text()
    assert "already exists" in dialog.error.text()
    dialog.number.setText("2002")
    dialog.customer_email.setText("not an address")
    press(dialog, QDialogButtonBox.StandardButton.Save)
    assert "email" in dialog.error.text()
    assert dialog.result_case is None
    dialog.customer_email.setText("kim@example.com")
    dialog.customer_tz.setCurrentText("Europe/Paris")
    press(dialog, QDialogButtonBox.StandardButton.Save)
    assert dialog.result_case.number == "2002"
    assert dialog.result_case.customer.timezone == "Europe/Paris"


def test_case_dialog_refuses_an_unknown_time_zone(qtbot):
    dialog = CaseDialog(set(), ["css"], CAL, NOW)
    qtbot.addWidget(dialog)
    dialog.number.setText("3003")
    dialog.customer_tz.setCurrentText("Mars/Olympus")
    press(dialog, QDialogButtonBox.StandardButton.Save)
    assert "unknown time zone" in dialog.error.text()


def test_event_dialog_defaults_the_eta_to_the_playbook_default(qtbot):
    eta = CAL.add_business_days(NOW, 1)
    dialog = EventDialog("pending_research", {"eta": eta}, CAL, NOW)
    qtbot.addWidget(dialog)
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    event = dialog.result_event
    assert event.kind == "pending_research"
    assert event.fields["eta"] == "2026-11-25T10:00:00-05:00"
    assert event.at == NOW


def test_event_dialog_asks_for_required_fields(qtbot):
    dialog = EventDialog("paused", {"until": NOW.date()}, CAL, NOW)
    qtbot.addWidget(dialog)
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert "reason" in dialog.error.text()  # the reason was left empty
    dialog.inputs["reason"][1].setText("customer on leave")
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.result_event.fields["reason"] == "customer on leave"


def test_settings_dialog_validates_working_hours(qtbot):
    from deskcomms.core.settings import DEFAULTS, PROFILE_DEFAULTS

    dialog = SettingsDialog(dict(DEFAULTS), dict(PROFILE_DEFAULTS))
    qtbot.addWidget(dialog)
    start, end = dialog.editors["work_start"].widget, dialog.editors["work_end"].widget
    start.setTime(end.time())
    press(dialog, QDialogButtonBox.StandardButton.Save)
    assert "must be after" in dialog.error.text()
    start.setTime(start.time().addSecs(-3600))
    dialog.editors["holiday_country"].widget.setText("DE")
    dialog.profile_edits["name"].setText("Jane Smith")
    press(dialog, QDialogButtonBox.StandardButton.Save)
    assert dialog.result_settings["holiday_country"] == "DE"
    assert dialog.result_profile["name"] == "Jane Smith"
