"""Bad values and odd places on the command line: a one-line message, exit 2, nothing written or lost."""

from __future__ import annotations

import copy
import json
import os
import stat
import sys

import pytest

from tests.conftest import FORMATS_EXAMPLE

CASE = "2411220010001234"


def example_with(change) -> dict:
    doc = copy.deepcopy(FORMATS_EXAMPLE)
    change(doc)
    return doc


def write(tmp_path, doc, name="bad.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def case0(doc):
    return doc["cases"][0]


BAD_VALUES = [
    ("instant in year 1", lambda d: case0(d).update(opened_at="0001-01-01T00:00:00+00:00"), "cases[0].opened_at"),
    (
        "instant in year 9999",
        lambda d: case0(d)["events"][1].update(eta="9999-12-31T23:59:59+00:00"),
        "cases[0].events[1].eta",
    ),
    ("lone surrogate", lambda d: case0(d).update(title="Copy \ud800 fails"), "cases[0].title"),
    ("CR/LF in an address", lambda d: case0(d)["customer"].update(email="a@b.example\r\nBcc: x@y.z"), "email"),
    ("CR/LF in the case number", lambda d: case0(d).update(number="24112200\r\nX-Evil: 1"), "cases[0].number"),
    ("two addresses", lambda d: case0(d)["customer"].update(email="a@b.example, c@d.example"), "email"),
    ("terminal escape in the number", lambda d: case0(d).update(number="2411\x1b]0;pwned\x07"), "cases[0].number"),
    ("a huge integer", lambda d: case0(d)["events"][0].update(n=10**400), "cases[0].events[0].n"),
]


@pytest.mark.parametrize(("label", "change", "where"), BAD_VALUES, ids=[b[0] for b in BAD_VALUES])
def test_bad_values_are_refused_at_import_naming_the_place(cli, tmp_path, data_dir, label, change, where):
    result = cli("import", write(tmp_path, example_with(change)))
    assert result.code == 2, result.err
    assert where in result.err
    assert "Traceback" not in result.err and "\x1b" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (data_dir / "deskcomms.sqlite3").exists()  # nothing written


def test_a_5000_digit_integer_is_refused(cli, tmp_path, data_dir):
    text = json.dumps(FORMATS_EXAMPLE).replace('"channel": "email"', '"channel": "email", "n": ' + "9" * 5000)
    path = tmp_path / "big.json"
    path.write_text(text)
    result = cli("import", str(path))
    assert result.code == 2 and "Traceback" not in result.err
    assert not (data_dir / "deskcomms.sqlite3").exists()


def test_days_off_covering_every_workday_for_years_are_refused(cli, tmp_path):
    from datetime import date, timedelta

    days = [(date(2026, 1, 1) + timedelta(days=i)).isoformat() for i in range(3 * 365)]
    result = cli("import", write(tmp_path, example_with(lambda d: d["settings"].update(days_off=days))))
    assert result.code == 2 and "settings.days_off" in result.err


def test_whatever_is_stored_due_and_the_list_still_work(cli, example_file, data_dir):
    """A value that slipped past validation (written by an older version): one row says so, the rest work."""
    import sqlite3

    cli("import", str(example_file))
    conn = sqlite3.connect(data_dir / "deskcomms.sqlite3")
    with conn:
        conn.execute(
            "UPDATE events SET fields = ? WHERE kind = 'pending_research'", ('{"eta": "9999-12-31T23:59:59+00:00"}',)
        )
    conn.close()
    result = cli("due", "--json", "--at", "2026-11-24T10:00:00-05:00")
    assert result.code == 0, result.err
    assert [r["case"] for r in result.json()] == [CASE]


def test_terminal_escapes_in_stored_text_are_not_obeyed(cli, example_file, data_dir):
    import sqlite3

    cli("import", str(example_file))
    conn = sqlite3.connect(data_dir / "deskcomms.sqlite3")
    with conn:
        conn.execute("UPDATE contacts SET name = ? WHERE role = 'customer'", ("Alex\x1b[2J\x1b]0;x\x07",))
    conn.close()
    result = cli("due", "--at", "2026-11-24T10:00:00-05:00")
    assert result.code == 0 and "\x1b" not in result.out and "\\x1b" in result.out


# ----- odd places ---------------------------------------------------------------------------------------


def test_data_dir_naming_a_file_or_dev_null_or_an_unusable_folder(tmp_path, capsys):
    from deskcomms import cli as cli_module

    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    for place in (str(a_file), "/dev/null", "/proc/deskcomms-cannot-be-here"):
        code = cli_module.run(["--data-dir", place, "due"])
        err = capsys.readouterr().err
        assert code == 2, (place, err)
        assert "Traceback" not in err and place.split("/")[-1] in err


def test_a_folder_named_like_the_database(tmp_path, capsys):
    from deskcomms import cli as cli_module

    data = tmp_path / "data"
    (data / "deskcomms.sqlite3").mkdir(parents=True)
    assert cli_module.run(["--data-dir", str(data), "due"]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_outputs_that_are_not_regular_files(cli, example_file, tmp_path):
    cli("import", str(example_file))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, words in ((tmp_path, "folder"), (fifo, "pipe"), ("/dev/null", "device")):
        for args in (("export", str(target)), ("due", "--ics", str(target))):
            result = cli(*args)
            assert result.code == 2 and words in result.err, (args, result.err)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # never replaced by a regular file


@pytest.mark.skipif(not os.path.exists("/dev/full") or os.geteuid() != 0, reason="needs /dev/full and root")
def test_export_to_dev_full_as_root_keeps_the_device(cli, example_file):
    cli("import", str(example_file))
    result = cli("export", "/dev/full")
    assert result.code == 2
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_importing_a_named_pipe_or_a_folder_does_not_hang(cli, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert cli("import", str(fifo)).code == 2
    assert cli("import", str(tmp_path)).code == 2


def test_restore_of_a_folder_or_a_foreign_sqlite_file_is_refused(cli, example_file, tmp_path):
    import sqlite3

    cli("import", str(example_file))
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    for target, words in ((tmp_path, "folder"), (foreign, "not a deskcomms database")):
        result = cli("restore", str(target))
        assert result.code == 2 and words in result.err, result.err
    assert [c["number"] for c in cli("export").json()["cases"]] == [CASE]


# ----- log ----------------------------------------------------------------------------------------------


def test_log_takes_options_anywhere(cli, example_file):
    cli("import", str(example_file))
    result = cli("log", CASE, "pending_research", "--at", "2026-11-24T11:00:00-05:00", "eta=2026-11-25T12:00:00-05:00")
    assert result.code == 0, result.err
    result = cli("log", CASE, "note", "text=called", "--at", "2026-11-24T11:30:00-05:00")
    assert result.code == 0, result.err
    events = cli("export").json()["cases"][0]["events"]
    assert {"at": "2026-11-24T11:30:00-05:00", "kind": "note", "text": "called"} in events
    assert cli("log", CASE, "note", "text=x", "--bogus").code == 2


def test_log_refuses_reserved_fields(cli, example_file):
    cli("import", str(example_file))
    result = cli("log", CASE, "note", "text=x", "forced=true")
    assert result.code == 2 and "forced" in result.err
    assert all("forced" not in e for e in cli("export").json()["cases"][0]["events"])


def test_log_refuses_a_control_character(cli, example_file):
    cli("import", str(example_file))
    assert cli("log", CASE, "note", "text=a\x1b[2Jb").code == 2


def test_unknown_top_level_keys_survive_import_and_export(cli, tmp_path):
    doc = example_with(lambda d: d.update(x_team_tool={"exported_by": "script", "rev": 3}))
    assert cli("import", write(tmp_path, doc)).code == 0
    exported = cli("export").json()
    assert exported["x_team_tool"] == {"exported_by": "script", "rev": 3}


def test_log_into_a_damaged_database_writes_nothing(cli, example_file, data_dir):
    import hashlib

    cli("import", str(example_file))
    db = data_dir / "deskcomms.sqlite3"
    with open(db, "r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(4096 * 2))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = cli("log", CASE, "note", "text=lost?")
    assert result.code == 2 and "damaged" in result.err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    kept = list((data_dir / "damaged").glob("*.sqlite3"))
    assert len(kept) == 1 and hashlib.sha256(kept[0].read_bytes()).hexdigest() == before


if sys.platform == "win32":  # pragma: no cover - POSIX pipes and devices above
    pytestmark = pytest.mark.skip("POSIX special files")


def test_whatever_is_stored_the_window_still_opens(cli, example_file, data_dir, tmp_path):
    """Instants in year 1 and 9999 written by an older version: the smoke test paints, no error, no hang."""
    import sqlite3

    from tests.conftest import run_process

    cli("import", str(example_file))
    conn = sqlite3.connect(data_dir / "deskcomms.sqlite3")
    with conn:
        conn.execute(
            "UPDATE events SET at = '9999-12-31T23:59:59+00:00', at_utc = '9999-12-31T23:59:59.000000Z' "
            "WHERE kind = 'pending_research'"
        )
        conn.execute("UPDATE cases SET opened_at = '0001-01-02T00:00:00+00:00'")
    conn.close()
    shot = tmp_path / "shot.png"
    result = run_process(
        "--data-dir", str(data_dir), "--smoke-test", "--screenshot", str(shot), env={"QT_QPA_PLATFORM": "offscreen"}
    )
    assert result.code == 0, result.err
    assert shot.stat().st_size > 0


def test_import_says_which_of_your_settings_and_profile_the_file_changed(cli, tmp_path):
    doc = example_with(lambda d: d["settings"].update(timezone="Asia/Kolkata"))
    result = cli("import", write(tmp_path, doc))
    assert result.code == 0
    assert "your settings changed: " in result.out and "timezone" in result.out
    assert "your profile changed: " in result.out and "name" in result.out
    again = cli("import", write(tmp_path, doc))
    assert "changed" not in again.out  # the same file again changes nothing


def test_log_notes_an_event_dated_after_now(cli, example_file):
    cli("import", str(example_file))
    result = cli("log", CASE, "note", "text=typo in the year", "--at", "2099-02-05T10:00:00+05:30")
    assert result.code == 0 and "dated after now" in result.out


def test_commands_against_the_same_damaged_database_keep_one_copy(cli, example_file, data_dir):
    cli("import", str(example_file))
    db = data_dir / "deskcomms.sqlite3"
    with open(db, "r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(4096 * 2))
    for _ in range(3):
        assert cli("due").code == 2
    assert len(list((data_dir / "damaged").glob("deskcomms-*.sqlite3"))) == 1


def test_small_hostile_inputs_get_one_line_messages(cli, tmp_path, example_file):
    from deskcomms import cli as cli_module

    dup = tmp_path / "dup.json"
    dup.write_text('{"format": "deskcomms", "version": 1, "cases": [], "cases": []}')
    assert "appears twice" in cli("import", str(dup)).err
    bidi = write(tmp_path, example_with(lambda d: case0(d).update(number="2411\u202e4321")))
    assert "direction" in cli("import", bidi).err
    usage = cli("draft", "x", "--format", "pdf")
    assert usage.code == 2 and len(usage.err.strip().splitlines()) == 1 and "\\n" not in usage.err
    assert cli_module.run(["--data-dir", "", "due"]) == 2
    cli("import", str(example_file))
    assert cli("export", "").code == 2
    restore = cli("restore", "/dev/null")
    assert restore.code == 2 and "regular file" in restore.err
