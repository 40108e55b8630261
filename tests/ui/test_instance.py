"""Single instance and a clean end, as processes: a second launch hands over and exits; a crashed
instance does not block the next start; SIGTERM ends the app within seconds with the database intact."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import deskcomms_exe, run_process

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def start(data: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [*deskcomms_exe(), "--data-dir", str(data)], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    log = data / "logs" / "deskcomms.log"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if log.exists() and f"app started (pid {proc.pid})" in log.read_text():
            return proc
        if proc.poll() is not None:
            raise AssertionError(f"the app exited early: {proc.stderr.read()}")
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("the app did not start within 30 s")


def test_second_launch_hands_over_and_exits(tmp_path):
    data = tmp_path / "data"
    first = start(data)
    try:
        # A hang would end in the timeout's error: the second launch must hand over, not wait.
        second = run_process("--data-dir", str(data), env={"QT_QPA_PLATFORM": "offscreen"}, timeout=30)
        assert second.code == 0
        assert "already running" in second.err
        assert first.poll() is None  # the first one keeps running
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(10)


def test_after_kill_9_the_next_start_works_and_sigterm_ends_cleanly(tmp_path, example_file):
    data = tmp_path / "data"
    assert run_process("--data-dir", str(data), "import", str(example_file)).code == 0
    crashed = start(data)
    crashed.kill()
    crashed.wait(10)
    again = start(data)  # the lock the crash left behind does not block this start
    time.sleep(1)
    assert again.poll() is None
    again.send_signal(signal.SIGTERM)
    assert again.wait(10) == 0  # ends on SIGTERM (a hang raises TimeoutExpired)
    conn = sqlite3.connect(data / "deskcomms.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2
