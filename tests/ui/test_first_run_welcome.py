"""The welcome names the time zone deskcomms will use and where it came from (issue 21)."""

from __future__ import annotations

from deskcomms.core.settings import DEFAULTS, PROFILE_DEFAULTS, first_run_zone_note
from deskcomms.ui.settings.settings_dialog import first_run_dialog


def test_a_utc_machine_is_named_with_its_source_and_a_doubt(qtbot):
    dialog = first_run_dialog(dict(DEFAULTS), dict(PROFILE_DEFAULTS), lambda: "Etc/UTC")
    qtbot.addWidget(dialog)
    text = dialog.note.text()
    assert "will use the time zone Etc/UTC, from this computer's settings" in text
    assert "choose your zone on the Calendar tab" in text
    assert f"Until you save, deskcomms uses {DEFAULTS['timezone']}." in text  # the list's zone meanwhile
    assert dialog.timezone.currentText() == "Etc/UTC"  # the zone named is the zone proposed


def test_no_machine_zone_names_the_default_as_the_default():
    note = first_run_zone_note(None)
    assert note.startswith(f"deskcomms will use the time zone {DEFAULTS['timezone']}, its default")
    assert "'Mars/Olympus'" in first_run_zone_note("Mars/Olympus")


def test_a_real_zone_is_named_without_doubt():
    note = first_run_zone_note("Europe/Berlin")
    assert note == "deskcomms will use the time zone Europe/Berlin, from this computer's settings."
