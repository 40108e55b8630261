"""The app and the command line on one database, as the README invites: the app running (offscreen, with a
fast reminder cycle) while ``due``, ``export``, ``backup``, ``log`` and ``capture`` run beside it, and
``restore`` once the app is closed (the database it replaced restores whole: nothing lost).

Afterwards: the app holds no deleted file (SQLite's WAL deleted under it means lost writes), every logged
event is in the export, the integrity check passes, and the app is alive.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import deskcomms_exe, run_process

CASE = "2411220010001234"
pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/<pid>/fd")


def open_files(pid: int) -> list[str]:
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            found.append(os.readlink(fd))
        except OSError:
            continue
    return found


def start_app(data: Path) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESKCOMMS_REMINDER_SECONDS": "1"}
    app = subprocess.Popen(
        [*deskcomms_exe(), "--data-dir", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # up: it has the database open
        if any(p.endswith("deskcomms.sqlite3") for p in open_files(app.pid)):
            break
        assert app.poll() is None, app.stderr.read()
        time.sleep(0.1)
    time.sleep(1.5)  # the case list is computed, the first reminder check ran
    return app


def app_errors(data: Path) -> list[str]:
    """Unexpected errors the app met (each would have shown a dialog): there must be none."""
    text = "".join(p.read_text(encoding="utf-8") for p in (data / "logs").glob("*.log*"))
    return [line for line in text.splitlines() if "unexpected error" in line]


def stop_app(app: subprocess.Popen) -> None:
    app.terminate()
    try:
        app.wait(10)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()


def reply(folder: Path, n: int) -> Path:
    """A customer's reply on the case, with a Message-ID the mail parser used to cut short."""
    path = folder / f"reply{n}.eml"
    path.write_bytes(
        (
            f"From: Customer <cust{n}@customer.example>\r\nTo: engineer@example.com\r\n"
            f"Subject: RE: Case {CASE} round {n}\r\nDate: Tue, 24 Nov 2026 11:{n:02d}:00 -0500\r\n"
            f"Message-ID: <tkt:{n}@crm.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"
            f"Reply {n}.\r\n"
        ).encode()
    )
    return path


def stored(data: Path) -> tuple[list[str], list[str]]:
    """The notes and the captured Message-IDs of the case, as export writes them."""
    exported = json.loads(run_process("--data-dir", str(data), "export").out)
    events = exported["cases"][0]["events"]
    return [e["text"] for e in events if e["kind"] == "note"], [e["message_id"] for e in events if "message_id" in e]


def test_capture_and_restore_beside_the_app_lose_nothing(tmp_path, example_file):
    data = tmp_path / "data"
    mail = tmp_path / "mail"
    mail.mkdir()
    assert run_process("--data-dir", str(data), "import", str(example_file)).code == 0
    notes, captured = [], []
    for session in range(2):
        app = start_app(data)
        try:
            for n in range(session * 4, session * 4 + 4):
                result = run_process("--data-dir", str(data), "capture", str(reply(mail, n)))
                assert result.code == 0 and ": recorded " in result.out, result.err
                captured.append(f"<tkt:{n}@crm.example>")
                result = run_process("--data-dir", str(data), "log", CASE, "note", f"text=note {n}")
                assert result.code == 0, result.err
                notes.append(f"note {n}")
            again = run_process("--data-dir", str(data), "capture", str(reply(mail, session * 4)))
            assert "already recorded" in again.out
            assert run_process("--data-dir", str(data), "restore").code == 2  # never under the running app
            assert app.poll() is None, "the app died"
            assert app_errors(data) == []
        finally:
            stop_app(app)
        if session == 0:
            made = run_process("--data-dir", str(data), "backup")
            assert made.code == 0, made.err
            first = made.out.split(": ", 1)[1].strip()
    assert stored(data) == (notes, captured)
    # Back to the backup of the first session: the second's events are in the copy restore kept aside.
    restored = run_process("--data-dir", str(data), "restore", first)
    assert restored.code == 0, restored.err
    assert stored(data) == (notes[:4], captured[:4])
    [kept] = (data / "replaced").glob("deskcomms-*.sqlite3")
    back = run_process("--data-dir", str(data), "restore", str(kept))
    assert back.code == 0, back.err
    assert stored(data) == (notes, captured)  # nothing lost
    conn = sqlite3.connect(data / "deskcomms.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_cli_beside_the_running_app_loses_nothing(tmp_path, example_file):
    data = tmp_path / "data"
    assert run_process("--data-dir", str(data), "import", str(example_file)).code == 0
    app = start_app(data)
    logged = []
    try:
        for round_ in range(6):
            assert run_process("--data-dir", str(data), "due", "--json").code == 0
            assert run_process("--data-dir", str(data), "export", str(tmp_path / f"e{round_}.json")).code == 0
            assert run_process("--data-dir", str(data), "backup").code == 0
            text = f"round {round_}"
            result = run_process("--data-dir", str(data), "log", CASE, "note", f"text={text}")
            assert result.code == 0, result.err
            logged.append(text)
            deleted = [p for p in open_files(app.pid) if "deskcomms.sqlite3" in p and p.endswith("(deleted)")]
            assert not deleted, deleted
        time.sleep(2.5)  # a reminder cycle and an external-change refresh with the new events
        assert app.poll() is None, "the app died"
        assert app_errors(data) == []
        assert not [p for p in open_files(app.pid) if p.endswith("(deleted)") and "sqlite3" in p]
    finally:
        stop_app(app)
    exported = json.loads(run_process("--data-dir", str(data), "export").out)
    notes = [e["text"] for e in exported["cases"][0]["events"] if e["kind"] == "note"]
    assert notes == logged
    conn = sqlite3.connect(data / "deskcomms.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_restore_refuses_while_the_app_runs(tmp_path, example_file):
    data = tmp_path / "data"
    assert run_process("--data-dir", str(data), "import", str(example_file)).code == 0
    app = start_app(data)
    try:
        result = run_process("--data-dir", str(data), "restore")
        assert result.code == 2 and "has the database open" in result.err
        assert app.poll() is None
    finally:
        stop_app(app)


@pytest.mark.slow
def test_soak_four_processes_beside_the_app(tmp_path, example_file):
    """Several minutes would be the full soak (DESKCOMMS_SOAK_SECONDS); CI runs a short one."""
    data = tmp_path / "data"
    assert run_process("--data-dir", str(data), "import", str(example_file)).code == 0
    seconds = float(os.environ.get("DESKCOMMS_SOAK_SECONDS", "20"))
    app = start_app(data)
    script = f"""
import subprocess, sys, time
exe = {deskcomms_exe()!r}
data, worker, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
end, n = time.monotonic() + seconds, 0
while time.monotonic() < end:
    n += 1
    r = subprocess.run([*exe, "--data-dir", data, "log", "{CASE}", "note", f"text=w{{worker}}-{{n}}"],
                       capture_output=True, text=True)
    if r.returncode == 0:
        print(f"w{{worker}}-{{n}}", flush=True)
    if worker == 0:
        subprocess.run([*exe, "--data-dir", data, "backup"], capture_output=True)
    if worker == 1:
        subprocess.run([*exe, "--data-dir", data, "export"], capture_output=True)
    if worker == 2:
        path = f"{{data}}-mail-{{n}}.eml"
        with open(path, "w", newline="") as handle:
            handle.write(f"From: c{{n}}@customer.example\\r\\nTo: e@example.com\\r\\nSubject: Case {CASE}\\r\\n"
                         f"Date: Tue, 24 Nov 2026 10:00:{{n % 60:02d}} -0500\\r\\n"
                         f"Message-ID: <tkt:{{n}}@crm.example>\\r\\n\\r\\nThanks.\\r\\n")
        r = subprocess.run([*exe, "--data-dir", data, "capture", path], capture_output=True, text=True)
        if r.returncode == 0 and ("recorded" in r.stdout):
            print(f"<tkt:{{n}}@crm.example>", flush=True)
"""
    try:
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(data), str(i), str(seconds)], stdout=subprocess.PIPE, text=True
            )
            for i in range(4)
        ]
        committed = []
        for worker in workers:
            out, _ = worker.communicate(timeout=seconds + 120)
            committed += out.split()
        assert app.poll() is None, "the app died"
        assert not [p for p in open_files(app.pid) if p.endswith("(deleted)") and "sqlite3" in p]
        assert app_errors(data) == []
    finally:
        stop_app(app)
    exported = json.loads(run_process("--data-dir", str(data), "export").out)
    events = exported["cases"][0]["events"]
    kept = {e["text"] for e in events if e["kind"] == "note"} | {e["message_id"] for e in events if "message_id" in e}
    assert committed and any(c.startswith("<tkt:") for c in committed) and set(committed) <= kept
    conn = sqlite3.connect(data / "deskcomms.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
