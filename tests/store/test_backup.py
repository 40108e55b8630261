"""Backups, rotation, damage and restore: nothing is ever overwritten, a backup is verified or absent."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import UTC, datetime, timedelta

from deskcomms.core.interchange import parse_document
from deskcomms.store.backup import backups, daily_backup, is_healthy, make_backup
from deskcomms.store.repository import Store
from tests.conftest import FORMATS_EXAMPLE

CASE = "2411220010001234"


def database(tmp_path):
    path = tmp_path / "deskcomms.sqlite3"
    with Store.open(path) as store:
        store.import_document(parse_document(FORMATS_EXAMPLE))
    return path


def test_a_backup_is_verified_and_private(tmp_path):
    path = database(tmp_path)
    made = make_backup(path, tmp_path / "backups", "manual")
    assert is_healthy(made)
    assert oct(made.stat().st_mode & 0o777) == "0o600" or os.name != "posix"
    conn = sqlite3.connect(made)
    assert conn.execute("SELECT number FROM cases").fetchall() == [(CASE,)]
    assert not list((tmp_path / "backups").glob("*.partial"))


def test_daily_backup_once_a_day_and_rotation_keeps_7_daily_and_4_weekly(tmp_path):
    path = database(tmp_path)
    folder = tmp_path / "backups"
    start = datetime(2026, 9, 1, 9, tzinfo=UTC)
    for day in range(60):
        now = start + timedelta(days=day)
        assert daily_backup(path, folder, now) is not None
        assert daily_backup(path, folder, now + timedelta(hours=3)) is None  # at most once a day
    kept = [b.made for b in backups(folder)]
    last = start + timedelta(days=59)
    recent = [m for m in kept if last - m < timedelta(days=7)]
    assert len(recent) == 7
    assert len({m.isocalendar()[:2] for m in kept}) >= 4
    assert len(kept) <= 7 + 4


def test_damaged_database_due_exits_2_keeps_it_and_restore_brings_data_back(cli, example_file, data_dir):
    cli("import", str(example_file))
    db = data_dir / "deskcomms.sqlite3"
    with open(db, "r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(4096 * 3))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = cli("due", "--at", "2026-11-24T10:00:00-05:00")
    assert result.code == 2
    assert "damaged" in result.err and "deskcomms restore" in result.err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before  # never overwritten
    kept = list((data_dir / "damaged").glob("deskcomms-*.sqlite3"))
    assert len(kept) == 1 and hashlib.sha256(kept[0].read_bytes()).hexdigest() == before
    restored = cli("restore")
    assert restored.code == 0, restored.err
    assert [c["number"] for c in cli("export").json()["cases"]] == [CASE]
    assert len(list((data_dir / "replaced").glob("*.sqlite3"))) == 1


def test_backup_restore_list_and_nothing_to_restore(cli, example_file):
    empty = cli("restore")
    assert empty.code == 2 and "no backup" in empty.err
    cli("import", str(example_file))
    made = cli("backup")
    assert made.code == 0 and "verified" in made.out
    listed = cli("restore", "--list").out
    assert "deskcomms-manual-" in listed and "deskcomms-import-" in listed


def test_imports_are_backed_up_before_and_after(cli, example_file, data_dir):
    cli("import", str(example_file))
    assert list((data_dir / "backups").glob("deskcomms-import-*.sqlite3"))
    cli("import", str(example_file))
    assert list((data_dir / "backups").glob("deskcomms-preimport-*.sqlite3"))


def test_import_then_damage_then_restore_brings_the_import_back(cli, example_file, data_dir):
    cli("import", str(example_file))
    db = data_dir / "deskcomms.sqlite3"
    size = db.stat().st_size
    with open(db, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xff" * 4096)
    assert cli("due", "--at", "2026-11-24T10:00:00-05:00").code == 2
    assert cli("restore").code == 0
    assert [c["number"] for c in cli("export").json()["cases"]] == [CASE]


def test_restore_skips_a_backup_damaged_since_it_was_made(cli, example_file, data_dir):
    import time

    cli("import", str(example_file))
    cli("backup")
    time.sleep(0.01)
    cli("log", CASE, "note", "text=after the first backup")
    made = cli("backup").out.split(": ", 1)[1].strip()
    with open(made, "r+b") as handle:  # the newest backup is damaged on disk
        handle.seek(4096)
        handle.write(os.urandom(4096))
    result = cli("restore")
    assert result.code == 0, result.err
    assert [c["number"] for c in cli("export").json()["cases"]] == [CASE]
