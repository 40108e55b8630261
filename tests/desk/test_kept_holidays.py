"""The region's holidays are kept in the database for the years around today: every day answers what the
library answers (inside the kept years and outside them), a command over a database that has them loads
no holiday library at all, and another region or library version is computed and replaces them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

from deskcomms.core.calendar import holiday_table
from deskcomms.desk.holidays import PREFIX, kept_holidays
from deskcomms.store.repository import Store


def keys(store: Store) -> list[str]:
    return [k for (k,) in store.conn.execute("SELECT key FROM app_state") if k.startswith(PREFIX)]


def test_kept_days_answer_what_the_library_answers(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as store:
        settings = {"holiday_country": "DE", "holiday_subdiv": "BY"}
        kept = kept_holidays(store, settings, 2026)
        again = kept_holidays(store, settings, 2026)  # read back from the database
        library = holiday_table("DE", "BY")
        day = date(2021, 1, 1)
        while day <= date(2031, 12, 31):  # the kept years and, on both sides, years asked of the library
            want = library.get(day)
            assert kept is not None and again is not None
            assert kept.get(day) == (str(want) if want else None), day
            assert again.get(day) == kept.get(day), day
            day += timedelta(days=1)
        assert again.get(date(2026, 1, 6)) == "Epiphany"  # Bavaria's own holiday, named as the library names it
        assert len(keys(store)) == 1


def test_another_region_replaces_the_kept_table(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as store:
        kept_holidays(store, {"holiday_country": "US"}, 2026)
        first = keys(store)
        fr = kept_holidays(store, {"holiday_country": "FR"}, 2026)
        assert fr is not None and fr.get(date(2026, 7, 14))  # Bastille Day
        assert len(keys(store)) == 1 and keys(store) != first
        assert kept_holidays(store, {"holiday_country": None}, 2026) is None  # no region: nothing to keep


def test_a_command_over_kept_holidays_loads_no_holiday_library(tmp_path, example_file):
    data = tmp_path / "data"
    run = [sys.executable, "-m", "deskcomms", "--data-dir", str(data)]
    subprocess.run([*run, "import", str(example_file)], check=True, capture_output=True)
    probe = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from deskcomms.desk import Desk\n"
        "from datetime import date\n"
        f"desk = Desk.open(Path({str(data / 'deskcomms.sqlite3')!r}))\n"
        "thanksgiving = desk.calendar.non_business_reason(date(2026, 11, 26))\n"
        "print(json.dumps([thanksgiving, 'holidays' in sys.modules]))\n"
        "desk.close()\n"
    )

    def answer() -> list:
        done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
        return json.loads(done.stdout)

    first, second = answer(), answer()
    assert first[0] == second[0] == "Thanksgiving Day"
    assert second[1] is False  # the kept names answered; the library was never imported
