"""The settings dialog, built from the declared settings: Windows zone names, first run, appearance."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFormLayout, QLabel, QTabWidget

from deskcomms.core.settings import DEFAULTS, PROFILE_DEFAULTS, SETTINGS
from deskcomms.ui.common import theme
from deskcomms.ui.settings.settings_dialog import SettingsDialog, first_run_dialog

HALF_FILLED = dict(PROFILE_DEFAULTS) | {"name": "Jana Müller", "email": "jana.mueller@contoso.com"}


def press(dialog, which=QDialogButtonBox.StandardButton.Save):
    dialog.findChild(QDialogButtonBox).button(which).click()


def labels_on(dialog) -> list[str]:
    found = []
    for form in dialog.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                found.append(item.widget().text())
    return found


@pytest.fixture
def dialog(qtbot):
    made = SettingsDialog(dict(DEFAULTS), dict(HALF_FILLED))
    qtbot.addWidget(made)
    yield made
    theme.apply_appearance("system")


def test_every_declared_setting_has_its_row_label_and_help(dialog):
    tabs = dialog.findChild(QTabWidget)
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Profile", "Calendar", "Drafts", "Appearance"]
    shown = labels_on(dialog)
    for setting in SETTINGS:
        assert setting.label in shown
        assert dialog.editors[setting.key].widget.toolTip() == setting.help
    helps = {label.text() for label in dialog.findChildren(QLabel, "help")}
    assert {s.help for s in SETTINGS} <= helps


def test_saving_unchanged_gives_back_the_same_settings(dialog):
    press(dialog)
    assert dialog.result_settings == DEFAULTS
    assert dialog.result_profile == HALF_FILLED


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform and the completer popup
def test_a_windows_zone_name_is_shown_and_stored_as_its_iana_zone(dialog, qtbot):
    dialog.show()
    qtbot.waitExposed(dialog)
    field = dialog.timezone.lineEdit()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Eastern Standard")
    popup = dialog.timezone.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    for _ in range(5):  # down the suggestions (AUS Eastern ..., Eastern Standard Time, ...) to the one wanted
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        if popup.currentIndex().data() == "Eastern Standard Time":
            break
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.timezone.currentText() == "America/New_York")
    assert dialog.findChild(QLabel, "timezone_resolved").text() == "Eastern Standard Time is America/New_York"

    dialog.timezone.setCurrentText("Tokyo Standard Time")  # pasted, then Save at once
    press(dialog)
    assert dialog.result_settings["timezone"] == "Asia/Tokyo"
    assert dialog.timezone.currentText() == "Asia/Tokyo"


def test_an_unknown_zone_is_named_by_its_label_and_nothing_is_saved(dialog):
    dialog.timezone.setCurrentText("Eastern Time")
    press(dialog)
    assert dialog.result_settings is None
    assert dialog.error.isVisible() or not dialog.error.isHidden()
    assert dialog.error.text().startswith("Time zone") and "settings." not in dialog.error.text()


def test_the_subject_pattern_is_checked(dialog):
    dialog.editors["subject_pattern"].widget.setText("{subject}")
    press(dialog)
    assert "{case_number}" in dialog.error.text() and dialog.result_settings is None


def test_the_first_run_proposes_the_machine_zone(qtbot):
    proposed = first_run_dialog(dict(DEFAULTS), dict(PROFILE_DEFAULTS), lambda: "Central Standard Time")
    qtbot.addWidget(proposed)
    assert proposed.timezone.currentText() == "America/Chicago"
    assert "will use the time zone America/Chicago, from this computer's settings" in proposed.note.text()
    press(proposed)
    assert proposed.result_settings["timezone"] == "America/Chicago"


def test_no_proposal_once_something_was_chosen():
    chosen = dict(DEFAULTS) | {"timezone": "Europe/Paris"}
    assert first_run_dialog(chosen, dict(PROFILE_DEFAULTS), lambda: "Asia/Tokyo") is None
    assert first_run_dialog(dict(DEFAULTS), HALF_FILLED, lambda: "Asia/Tokyo") is None


def test_dark_appearance_previews_at_once_and_cancel_restores(dialog):
    combo = dialog.editors["appearance"].widget
    light_window = QApplication.palette().color(theme.Role.Window)
    combo.setCurrentIndex(combo.findData("dark"))
    assert theme.is_dark()
    assert QApplication.style().name().lower() == "fusion"
    press(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert not theme.is_dark()
    assert QApplication.palette().color(theme.Role.Window) == light_window


def test_saved_dark_appearance_is_returned_and_stays_applied(dialog):
    combo = dialog.editors["appearance"].widget
    combo.setCurrentIndex(combo.findData("dark"))
    press(dialog)
    assert dialog.result_settings["appearance"] == "dark" and theme.is_dark()
