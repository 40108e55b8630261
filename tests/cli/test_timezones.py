"""The command line's import path takes Windows zone names and keeps IANA zones."""

from __future__ import annotations

import copy
import json

from deskcomms.store.repository import Store
from tests.conftest import FORMATS_EXAMPLE


def test_importing_a_windows_zone_name_stores_and_exports_the_iana_zone(cli, tmp_path):
    data = copy.deepcopy(FORMATS_EXAMPLE)
    data["settings"]["timezone"] = "Eastern Standard Time"
    data["cases"][0]["customer"]["timezone"] = "Tokyo Standard Time"
    source = tmp_path / "from-windows.json"
    source.write_text(json.dumps(data))

    assert cli("import", str(source)).code == 0
    exported = cli("export").json()
    assert exported["settings"]["timezone"] == "America/New_York"
    assert exported["cases"][0]["customer"]["timezone"] == "Asia/Tokyo"


def test_an_unknown_zone_is_refused_with_exit_status_2_and_nothing_written(cli, tmp_path, data_dir):
    data = copy.deepcopy(FORMATS_EXAMPLE)
    data["settings"]["timezone"] = "Eastern Time (US & Canada)"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data))
    result = cli("import", str(source))
    assert result.code == 2
    assert "settings.timezone" in result.err and "Windows name" in result.err
    assert cli("export").json()["cases"] == []


def test_the_store_keeps_the_iana_zone_for_a_windows_name(tmp_path):
    with Store.open(tmp_path / "deskcomms.sqlite3") as store:
        store.save_settings({"timezone": "AUS Eastern Standard Time"})
        assert store.settings()["timezone"] == "Australia/Sydney"
