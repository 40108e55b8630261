"""Settings declared once; time zones given as Windows users know them; the first run's proposal."""

from __future__ import annotations

import copy

import pytest

from deskcomms.core.errors import ValidationError
from deskcomms.core.interchange import dump_document, parse_document
from deskcomms.core.settings import (
    DEFAULTS,
    INTERCHANGE_KEYS,
    SETTINGS,
    first_run_settings,
    is_first_run,
    normalize_profile,
    normalize_settings,
)
from tests.conftest import FORMATS_EXAMPLE


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("Eastern Standard Time", "America/New_York"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("tokyo standard time", "Asia/Tokyo"),
        ("America/Chicago", "America/Chicago"),
        ("europe/paris", "Europe/Paris"),
    ],
)
def test_a_windows_zone_name_is_stored_as_its_iana_zone(given, stored):
    assert normalize_settings({"timezone": given})["timezone"] == stored


def test_an_unknown_zone_names_the_field_and_both_spellings():
    with pytest.raises(ValidationError) as caught:
        normalize_settings({"timezone": "Eastern Time"})
    assert caught.value.where == "settings.timezone"
    assert "IANA" in str(caught.value) and "Windows" in str(caught.value)


def test_an_imported_document_with_windows_zone_names_reads_back_as_iana():
    data = copy.deepcopy(FORMATS_EXAMPLE)
    data["settings"]["timezone"] = "Central Standard Time"
    data["cases"][0]["customer"]["timezone"] = "Pacific Standard Time"
    doc = parse_document(data)
    assert normalize_settings(doc.settings)["timezone"] == "America/Chicago"
    assert doc.cases[0].customer.timezone == "America/Los_Angeles"


def test_every_setting_is_declared_once_with_label_help_and_a_working_validator():
    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys)) and set(DEFAULTS) == set(keys)
    for setting in SETTINGS:
        assert setting.label and len(setting.help) > 20, setting.key
        where = f"settings.{setting.key}"
        assert setting.check(setting.default, where) == setting.default or setting.default is None
    # the interchange format's settings keys, in its order: exports keep them.
    assert INTERCHANGE_KEYS == (
        "timezone",
        "workdays",
        "work_start",
        "work_end",
        "holiday_country",
        "holiday_subdiv",
        "days_off",
    )


def test_the_appearance_is_a_preference_of_this_computer_and_stays_out_of_exports():
    doc = parse_document(FORMATS_EXAMPLE)
    settings = normalize_settings({**doc.settings, "appearance": "dark"})
    assert settings["appearance"] == "dark"
    out = dump_document(settings, normalize_profile(doc.profile), doc.cases)
    assert out == FORMATS_EXAMPLE
    with pytest.raises(ValidationError, match="system, light, dark"):
        normalize_settings({"appearance": "purple"})


def test_the_first_run_proposes_the_machine_zone():
    assert first_run_settings("Central Standard Time")["timezone"] == "America/Chicago"
    assert first_run_settings("Europe/Lisbon")["timezone"] == "Europe/Lisbon"
    assert first_run_settings(None)["timezone"] == DEFAULTS["timezone"]
    assert first_run_settings("Mars/Olympus_Mons")["timezone"] == DEFAULTS["timezone"]
    assert {k: v for k, v in first_run_settings("Asia/Tokyo").items() if k != "timezone"} == {
        k: v for k, v in DEFAULTS.items() if k != "timezone"
    }


def test_a_first_run_is_one_where_nothing_was_chosen():
    blank = normalize_profile(None)
    assert is_first_run(DEFAULTS, blank)
    assert is_first_run({**DEFAULTS, "appearance": "dark"}, blank)
    assert not is_first_run({**DEFAULTS, "timezone": "Europe/Paris"}, blank)
    assert not is_first_run(DEFAULTS, {**blank, "name": "Jana Müller"})
