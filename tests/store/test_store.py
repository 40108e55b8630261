"""The SQLite store: pragmas, private files, schema versioning, merging, and crash-safe concurrent writes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import stat
import subprocess
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.errors import UserError
from deskcomms.core.interchange import parse_document
from deskcomms.core.model import Event
from deskcomms.store.connection import APPLICATION_ID, DatabaseError, connect
from deskcomms.store.migrations import LATEST
from deskcomms.store.repository import Store
from tests.conftest import FORMATS_EXAMPLE, deskcomms_exe


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as s:
        yield s


def test_pragmas_make_writes_durable(store):
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_database_is_private_to_its_owner(tmp_path):
    os.umask(0o022)  # even with a permissive umask
    path = tmp_path / "data" / "db.sqlite3"
    Store.open(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "db.sqlite3"
    Store.open(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {LATEST + 1}")
    raw.close()
    with pytest.raises(DatabaseError, match="newer deskcomms"):
        connect(path)


def test_another_applications_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA application_id = 42")
    raw.execute("CREATE TABLE t (x)")
    raw.close()
    with pytest.raises(DatabaseError, match="another application"):
        connect(path)


def test_a_file_that_is_not_sqlite_is_reported_damaged_and_kept(tmp_path):
    from deskcomms.store.backup import DamagedDatabase, check_or_keep_aside

    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"garbage" * 100)
    with pytest.raises(DamagedDatabase, match="damaged"):
        connect(path)
    assert path.read_bytes() == b"garbage" * 100  # never overwritten
    # Kept aside once the connection is closed (copying opens the file outside SQLite).
    with pytest.raises(DamagedDatabase, match="kept aside"):
        check_or_keep_aside(path)
    kept = list((tmp_path / "damaged").glob("db-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"garbage" * 100


def test_settings_keep_defaults_and_store_only_changes(store):
    assert store.settings()["timezone"] == "America/New_York"
    store.save_settings({"timezone": "Europe/Paris", "holiday_country": "FR"})
    assert store.settings()["timezone"] == "Europe/Paris"
    assert dict(store.conn.execute("SELECT key, value FROM settings")) == {
        "timezone": '"Europe/Paris"',
        "holiday_country": '"FR"',
    }
    with pytest.raises(UserError):
        store.save_settings({"work_start": "19:00"})
    assert store.settings()["work_start"] == "08:00"


def test_import_merges_without_duplicates_and_never_deletes(store):
    doc = parse_document(FORMATS_EXAMPLE)
    first = store.import_document(doc)
    assert (first.cases_added, first.events_added) == (1, 2)
    again = store.import_document(parse_document(FORMATS_EXAMPLE))
    assert (again.cases_updated, again.events_added, again.events_already_there) == (1, 0, 2)
    store.add_event(
        "2411220010001234",
        Event(datetime(2026, 11, 24, 9, tzinfo=ZoneInfo("UTC")), "note", {"text": "local only"}),
    )
    store.import_document(parse_document(FORMATS_EXAMPLE))
    case = store.get_case("2411220010001234")
    assert [e.kind for e in case.events] == ["fqr_sent", "pending_research", "note"]
    assert case.tam.name == "Sam Roe"
    assert case.customer.timezone == "America/Chicago"


def test_a_failing_import_writes_nothing(store):
    doc = parse_document(FORMATS_EXAMPLE)
    doc.cases[0].opened_at = None  # fails inside the transaction, after settings were written
    with pytest.raises(UserError):
        store.import_document(doc)
    assert store.case_count() == 0
    assert store.conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


def test_delete_event_is_undo(store):
    store.import_document(parse_document(FORMATS_EXAMPLE))
    case = store.get_case("2411220010001234")
    store.delete_event(case.events[-1].id)
    assert [e.kind for e in store.get_case("2411220010001234").events] == ["fqr_sent"]


@pytest.mark.slow
def test_concurrent_logging_with_kills_loses_no_committed_event(tmp_path, example_file):
    """Writers in parallel, some killed with SIGKILL mid-flight: every command that reported success has
    its event on disk, none failed with 'database is locked', and the file passes integrity_check."""
    data = tmp_path / "data"
    exe = deskcomms_exe()
    subprocess.run([*exe, "--data-dir", str(data), "import", str(example_file)], check=True, capture_output=True)
    rng = random.Random(7)
    total, parallel = int(os.environ.get("DESKCOMMS_CRASH_WRITES", "40")), 4  # 160 by hand (README)
    committed, failures, killed = set(), [], 0
    pending = list(range(total))
    running: list[tuple[int, subprocess.Popen, float | None]] = []
    while pending or running:
        while pending and len(running) < parallel:
            i = pending.pop()
            proc = subprocess.Popen(
                [*exe, "--data-dir", str(data), "log", "2411220010001234", "note", f"text=writer {i}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            kill_at = time.monotonic() + rng.uniform(0.05, 0.6) if i % 4 == 0 else None
            running.append((i, proc, kill_at))
        time.sleep(0.01)
        still = []
        for i, proc, kill_at in running:
            if proc.poll() is None:
                if kill_at and time.monotonic() >= kill_at:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    killed += 1
                    proc.stdout.close()
                    proc.stderr.close()
                else:
                    still.append((i, proc, kill_at))
                continue
            _out, err = proc.communicate()
            if proc.returncode == 0:
                committed.add(f"writer {i}")
            elif proc.returncode > 0:
                failures.append(err.decode())
        running = still
    assert not failures, failures
    assert len(committed) >= total * 3 // 4 - 1
    conn = sqlite3.connect(data / "deskcomms.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in conn.execute("SELECT json_extract(fields, '$.text') FROM events WHERE kind = 'note'")}
    assert committed <= stored
    print(f"{total} writes, {parallel} at a time: {killed} killed, {len(committed)} committed, all stored")


def test_a_frozen_version_1_database_migrates_with_a_backup(tmp_path):
    import shutil
    from pathlib import Path

    frozen = Path(__file__).parent / "data" / "schema-v1.sqlite3"
    path = tmp_path / "deskcomms.sqlite3"
    shutil.copy(frozen, path)  # never migrate the file in the repository
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        case = store.get_case("V1-CASE")
        assert case.customer.name == "Old Customer"
        assert [e.kind for e in case.events] == ["fqr_sent"]
        store.set_tick(case.id, "call", "Security:0", True)
        assert store.ticked(case.id, "call") == {"Security:0"}
        # capture's index of customer addresses is filled for the cases already there
        assert store.open_cases_of(["old@example.com"]) == {"V1-CASE"}
    backups = list((tmp_path / "backups").glob("deskcomms-premigration-v1-*.sqlite3"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT number FROM cases").fetchall() == [("V1-CASE",)]


def test_iter_cases_in_batches_matches_load_cases(tmp_path):
    import copy

    data = copy.deepcopy(FORMATS_EXAMPLE)
    base = data["cases"][0]
    data["cases"] = [dict(copy.deepcopy(base), number=f"N{i:03d}") for i in range(25)]
    with Store.open(tmp_path / "db.sqlite3") as store:
        store.import_document(parse_document(data))
        batched = sorted(store.iter_cases(batch=4), key=lambda c: c.number)
        whole = store.load_cases()
    assert [(c.number, [e.kind for e in c.events]) for c in batched] == [
        (c.number, [e.kind for e in c.events]) for c in whole
    ]
