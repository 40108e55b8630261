"""Issue 18: restore treats a database and its -wal as one; a backup that cannot be written says what
failed and that the data is unchanged (never "run restore"); no empty or partial copies are left."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FORMATS_EXAMPLE

CASE = "2411220010001234"
ROOT = Path(__file__).resolve().parent.parent.parent


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def limited(data_dir: Path, *args: str, file_size: int) -> subprocess.CompletedProcess[str]:
    """deskcomms in a child whose files may not grow past ``file_size`` bytes (ulimit -f)."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run(
        [sys.executable, "-m", "deskcomms", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=limit,
        check=False,
    )


def test_restoring_a_copy_kept_with_its_wal_brings_back_every_event(cli, example_file, data_dir, tmp_path):
    from deskcomms.desk import Desk

    assert cli("import", str(example_file)).code == 0
    db = data_dir / "deskcomms.sqlite3"
    kept = tmp_path / "kept"
    kept.mkdir()
    desk = Desk.open(db)
    try:
        for i in range(3):
            assert cli("log", CASE, "note", f"text=note {i}").code == 0
        # The app still has the database open: the newest events live in the -wal beside it.
        assert Path(f"{db}-wal").stat().st_size > 0
        for suffix in ("", "-wal", "-shm"):
            shutil.copy2(f"{db}{suffix}", f"{kept / db.name}{suffix}")
    finally:
        desk.close()
    before = cli("export").json()["cases"][0]["events"]
    assert cli("log", CASE, "note", "text=after the copy").code == 0
    result = cli("restore", str(kept / db.name))
    assert result.code == 0, result.err
    assert cli("export").json()["cases"][0]["events"] == before
    assert not Path(f"{db}-wal").exists() or cli("export").code == 0


def test_restore_of_the_database_itself_is_refused(cli, example_file, data_dir):
    cli("import", str(example_file))
    result = cli("restore", str(data_dir / "deskcomms.sqlite3"))
    assert result.code == 2 and "database itself" in result.err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX file-size limit")
def test_a_backup_beyond_the_file_size_limit_says_so_and_that_the_data_is_unchanged(cli, example_file, data_dir):
    cli("import", str(example_file))
    db = data_dir / "deskcomms.sqlite3"
    before = digest(db)
    done = limited(data_dir, "backup", file_size=db.stat().st_size // 2)
    assert done.returncode == 2, done.stderr
    assert "file-size limit" in done.stderr and "unchanged" in done.stderr
    assert "restore" not in done.stderr and "could not be read" not in done.stderr and "Traceback" not in done.stderr
    assert digest(db) == before
    assert not list((data_dir / "backups").glob("*.partial"))
    assert not (data_dir / "damaged").exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX file-size limit")
def test_no_empty_copy_of_a_damaged_database_when_the_copy_cannot_be_written(cli, example_file, data_dir):
    cli("import", str(example_file))
    db = data_dir / "deskcomms.sqlite3"
    with open(db, "r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(4096 * 3))
    before = digest(db)
    for _ in range(3):
        done = limited(data_dir, "due", "--at", "2026-11-24T10:00:00-05:00", file_size=db.stat().st_size // 2)
        assert done.returncode == 2, done.stderr
        assert "could not keep a copy" in done.stderr and "file-size limit" in done.stderr
        assert "nothing was changed" in done.stderr and "Traceback" not in done.stderr
    assert digest(db) == before
    kept = list((data_dir / "damaged").glob("*")) if (data_dir / "damaged").exists() else []
    assert kept == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not bind root")
def test_a_backup_into_a_folder_without_permission_says_so(cli, example_file, data_dir):
    cli("import", str(example_file))
    folder = data_dir / "backups"
    folder.chmod(0o500)
    try:
        result = cli("backup")
    finally:
        folder.chmod(0o700)
    assert result.code == 2 and "no permission" in result.err and "unchanged" in result.err


def test_the_example_is_big_enough_for_the_limits_above(cli, example_file, data_dir):
    cli("import", str(example_file))
    assert (data_dir / "deskcomms.sqlite3").stat().st_size > 8192
    assert FORMATS_EXAMPLE["cases"][0]["number"] == CASE
