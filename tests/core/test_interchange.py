"""The interchange document (README: The interchange file): validation with exact paths, and a stable dump."""

from __future__ import annotations

import copy

import pytest

from deskcomms.core.errors import ValidationError
from deskcomms.core.events import check_fields
from deskcomms.core.interchange import dump_document, parse_document
from deskcomms.core.settings import normalize_profile, normalize_settings
from tests.conftest import FORMATS_EXAMPLE


def test_the_formats_example_parses_and_dumps_back_unchanged():
    doc = parse_document(FORMATS_EXAMPLE)
    assert [c.number for c in doc.cases] == ["2411220010001234"]
    out = dump_document(normalize_settings(doc.settings), normalize_profile(doc.profile), doc.cases)
    assert out == FORMATS_EXAMPLE


def _broken(path_setter):
    data = copy.deepcopy(FORMATS_EXAMPLE)
    extra = copy.deepcopy(data["cases"][0])
    extra["number"] = "2"
    data["cases"] += [extra, copy.deepcopy(extra) | {"number": "3"}]
    path_setter(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "where", "words"),
    [
        (lambda d: d["cases"][2]["events"][1].update(at="tomorrow"), "cases[2].events[1].at", "ISO 8601"),
        (
            lambda d: d["cases"][2]["events"][1].update(at="2026-11-23T10:00:00"),
            "cases[2].events[1].at",
            "offset",
        ),
        (
            lambda d: d["cases"][1]["events"][0].update(kind="teleported"),
            "cases[1].events[0].kind",
            "unknown event",
        ),
        (lambda d: d["cases"][1]["events"][1].update(eta="soon"), "cases[1].events[1].eta", "ISO 8601"),
        (lambda d: d["cases"][1]["events"][0].update(channel="fax"), "cases[1].events[0].channel", "email"),
        (lambda d: d["cases"][0].update(opened_at=5), "cases[0].opened_at", "ISO 8601"),
        (lambda d: d["cases"][2].update(number=""), "cases[2].number", "case number"),
        (lambda d: d["cases"][2].update(number="2"), "cases[2].number", "twice"),
        (
            lambda d: d["cases"][1]["customer"].update(email="not-an-address"),
            "cases[1].customer.email",
            "email",
        ),
        (
            lambda d: d["cases"][1]["customer"].update(timezone="Nowhere/City"),
            "cases[1].customer.timezone",
            "zone",
        ),
        (
            lambda d: d["cases"][1]["customer"].update(premier="yes"),
            "cases[1].customer.premier",
            "true or false",
        ),
        (lambda d: d["cases"][1].update(events={}), "cases[1].events", "list"),
        (lambda d: d["settings"].update(workdays=[1, 9]), "settings.workdays", "ISO weekdays"),
        (lambda d: d.update(version=7), "version", "newer"),
        (lambda d: d.update(format="outlook"), "format", "deskcomms"),
    ],
)
def test_a_bad_value_is_named_by_its_path(mutate, where, words):
    with pytest.raises(ValidationError) as err:
        parse_document(_broken(mutate))
    assert err.value.where == where
    assert words in err.value.message


@pytest.mark.parametrize("value", [[1, 2], "text", 3, None])
def test_not_an_object_is_refused(value):
    with pytest.raises(ValidationError, match="not a deskcomms document"):
        parse_document(value)


def test_import_is_lenient_on_missing_event_fields_but_log_is_strict():
    assert check_fields("strike_sent", {}, "e", strict=False) == {}
    with pytest.raises(ValidationError, match="needs n"):
        check_fields("strike_sent", {}, "e", strict=True)


def test_unknown_fields_are_kept_on_import_and_refused_on_log():
    assert check_fields("note", {"text": "x", "mood": "ok"}, "e", strict=False) == {"text": "x", "mood": "ok"}
    with pytest.raises(ValidationError, match="no field 'mood'"):
        check_fields("note", {"text": "x", "mood": "ok"}, "e", strict=True)


def test_field_values_are_canonicalised():
    assert check_fields("strike_sent", {"n": "3", "closes_on": "2026-12-01"}, "e", strict=True) == {
        "n": 3,
        "closes_on": "2026-12-01",
    }
    assert check_fields("meeting_scheduled", {"at": "2026-11-24T10:00:00Z"}, "e", strict=True) == {
        "meeting_at": "2026-11-24T10:00:00+00:00"
    }


def test_added_keys_survive_a_round_trip():
    data = copy.deepcopy(FORMATS_EXAMPLE)
    data["cases"][0]["severity"] = "B"
    data["cases"][0]["notes"] = "call before noon"
    data["cases"][0]["customer"]["language"] = "fr"
    doc = parse_document(data)
    out = dump_document(normalize_settings(doc.settings), normalize_profile(doc.profile), doc.cases)
    assert out == data
