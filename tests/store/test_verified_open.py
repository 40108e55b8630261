"""An open skips the full-file check only while the database is exactly as this app last left it good:
any change from outside SQLite (bytes damaged, even with the old modification time put back) is checked
and caught, and a process that has seen damage never vouches for a file."""

from __future__ import annotations

import os

import pytest

from deskcomms.store import verified


@pytest.fixture(autouse=True)
def fresh_process_state(monkeypatch):
    monkeypatch.setattr(verified, "_damage_seen", False)  # as a new process starts


def damage(db, keep_times: bool = False) -> None:
    before = os.stat(db)
    with open(db, "r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(4096 * 3))
    if keep_times:  # the modification time put back: only the change time (which no one can set) moved
        os.utime(db, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_checked_open_and_clean_close_are_remembered_and_the_next_open_skips_the_check(cli, example_file, data_dir):
    db = data_dir / "deskcomms.sqlite3"
    assert cli("import", str(example_file)).code == 0
    assert verified.unchanged_since_verified(db)  # closed by us after a checked open
    assert cli("log", "2411220010001234", "note", "text=checked").code == 0
    assert verified.unchanged_since_verified(db)


@pytest.mark.parametrize("keep_times", [False, True])
def test_damage_after_the_last_good_close_is_still_found(cli, example_file, data_dir, keep_times):
    db = data_dir / "deskcomms.sqlite3"
    cli("import", str(example_file))
    assert verified.unchanged_since_verified(db)
    damage(db, keep_times)
    assert not verified.unchanged_since_verified(db)
    result = cli("due", "--at", "2026-11-24T10:00:00-05:00")
    assert result.code == 2 and "damaged" in result.err
    assert list((data_dir / "damaged").glob("deskcomms-*.sqlite3"))
    assert not verified.unchanged_since_verified(db)


def test_a_process_that_saw_damage_vouches_for_nothing(cli, example_file, data_dir):
    db = data_dir / "deskcomms.sqlite3"
    cli("import", str(example_file))
    damage(db)
    assert cli("due").code == 2
    verified.remember(db)  # what a later clean close would do
    assert not verified.unchanged_since_verified(db)


def test_a_marker_that_is_not_ours_or_unreadable_means_check(tmp_path):
    db = tmp_path / "x.sqlite3"
    db.write_bytes(b"")
    (tmp_path / "x.sqlite3.verified").write_text("not json")
    assert not verified.unchanged_since_verified(db)
    (tmp_path / "x.sqlite3.verified").write_text("[1, 2, 3]")
    assert not verified.unchanged_since_verified(db)


def test_a_long_open_does_not_vouch_for_the_files_it_closes(cli, example_file, data_dir, monkeypatch):
    db = data_dir / "deskcomms.sqlite3"
    cli("import", str(example_file))
    monkeypatch.setattr(verified, "SHORT_OPEN_S", -1.0)  # every open counts as long
    assert cli("log", "2411220010001234", "note", "text=long").code == 0
    assert not verified.unchanged_since_verified(db)  # its writes are not vouched for: the next open checks


def test_damage_while_the_window_is_open_is_found_by_the_next_command(tmp_path, example_file):
    import signal
    import subprocess
    import sys
    import time

    data = tmp_path / "data"
    db = data / "deskcomms.sqlite3"
    run = [sys.executable, "-m", "deskcomms", "--data-dir", str(data)]
    subprocess.run([*run, "import", str(example_file)], check=True, capture_output=True)
    import sqlite3

    conn = sqlite3.connect(db)
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_calendar_entries_1'")
    page = page.fetchone()[0]
    conn.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen(run, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        log = data / "logs" / "deskcomms.log"
        for _ in range(300):  # up: it logged its start
            if log.exists() and "app started" in log.read_text():
                break
            time.sleep(0.1)
        # Something else writes into the file while the window has it open, into a page the window does
        # not read (the calendar memory's index), so that only a check can find it.
        with open(db, "r+b") as handle:
            handle.seek(4096 * (page - 1))
            handle.write(b"\x0d\xff\xff\xff\xff\xff\xff\xff")
        app.send_signal(signal.SIGTERM)
        assert app.wait(30) == 0
    finally:
        if app.poll() is None:
            app.kill()
    after = subprocess.run([*run, "log", "2411220010001234", "note", "text=x"], capture_output=True, text=True)
    assert after.returncode == 2 and "damaged" in after.stderr  # not written into the damaged file


def test_an_empty_wal_is_no_wal_but_anything_written_into_it_is_a_change(tmp_path):
    db = tmp_path / "x.sqlite3"
    db.write_bytes(b"x" * 4096)
    wal = tmp_path / "x.sqlite3-wal"
    verified.remember(db)
    wal.write_bytes(b"")  # left by a read-only check; the next read-write close removes it
    assert verified.unchanged_since_verified(db)
    wal.write_bytes(b"\0" * 32)
    assert not verified.unchanged_since_verified(db)
