"""The database shared between processes: backups under odd paths, restore only when alone."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

import pytest

from deskcomms.core.errors import UserError
from deskcomms.store.backup import make_backup, restore, table_counts
from deskcomms.store.repository import Store

HOLD_OPEN = """
import sys, time
from pathlib import Path
from deskcomms.store.repository import Store
store = Store.open(Path(sys.argv[1]))
print("open", flush=True)
time.sleep(float(sys.argv[2]))
store.close()
"""


@pytest.mark.parametrize("folder", ["with#hash", "what?", "100% sure", "spaces and ünïcode"])
def test_a_backup_under_an_odd_path_holds_the_data(cli, example_file, tmp_path, folder):
    data = tmp_path / folder / "data"
    from deskcomms import cli as cli_module

    assert cli_module.run(["--data-dir", str(data), "import", str(example_file)]) == 0
    made = make_backup(data / "deskcomms.sqlite3", data / "backups", "manual")
    conn = sqlite3.connect(made)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert table_counts(conn)["cases"] == 1 and table_counts(conn)["events"] == 2
    finally:
        conn.close()


def test_restore_refuses_while_another_process_has_the_database_open(cli, example_file, data_dir):
    cli("import", str(example_file))
    cli("backup")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(data_dir / "deskcomms.sqlite3"), "30"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        result = cli("restore")
        assert result.code == 2 and "has the database open" in result.err
        assert not (data_dir / "replaced").exists()
    finally:
        holder.kill()
        holder.wait()
    assert cli("restore").code == 0  # alone again: it works


def test_a_command_started_during_a_restore_waits_and_writes_into_the_restored_file(example_file, data_dir, cli):
    """Nothing committed vanishes: writers queue behind the exclusive lock, then open the new file."""
    from deskcomms.store.lock import DataLock

    cli("import", str(example_file))
    cli("backup")
    lock = DataLock(data_dir, exclusive=True)
    writer = subprocess.Popen(
        [sys.executable, "-m", "deskcomms", "--data-dir", str(data_dir), "log", "2411220010001234", "note", "text=w"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    assert writer.poll() is None  # waiting for the restore
    lock.release()
    _out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    events = cli("export").json()["cases"][0]["events"]
    assert any(e["kind"] == "note" for e in events)


def test_restore_refuses_in_process_while_a_store_is_open(tmp_path, example_file, cli, data_dir):
    cli("import", str(example_file))
    cli("backup")
    store = Store.open(data_dir / "deskcomms.sqlite3")
    try:
        with pytest.raises(UserError, match="has the database open"):
            restore(data_dir / "deskcomms.sqlite3", data_dir / "backups")
    finally:
        store.close()
