"""Idle cost of the open app (run by hand, Linux): ``python -m tests.benchmarks.idle [SECONDS] [CASES]``.

Starts the real app (offscreen unless DISPLAY is set: ``IDLE_PLATFORM=xcb`` to use it) on a data folder
with CASES generated cases, lets it settle (list computed, first reminder check, daily backup), then
counts over SECONDS (default 60) the context switches of all its threads (``/proc/PID/task/*/status``)
and its CPU time (``/proc/PID/stat``), per minute. The baseline, in the same run: a bare PySide6 window
with a table, idle for as long. Then SIGTERM, and how long the app takes to end (a signal must wake it).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_TABLE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableWidget(50, 8))
window.resize(1280, 780)
window.show()
app.exec()
"""
SETTLE_S = 30  # the list, the first reminder check (2 s) and the daily backup (20 s) are done by then


def switches(pid: int) -> dict[int, int]:
    """Context switches (voluntary and not) of each thread, by thread id."""
    counts: dict[int, int] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            text = (task / "status").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        counts[int(task.name)] = sum(
            int(line.split()[1])
            for line in text.splitlines()
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"))
        )
    return counts


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the whole process (all threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(cmd: list[str], env: dict[str, str], seconds: float, label: str) -> tuple[float, float]:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        time.sleep(SETTLE_S)
        if proc.poll() is not None:
            raise SystemExit(f"{label} ended early: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        before = switches(proc.pid)
        cpu0 = cpu_seconds(proc.pid)
        time.sleep(seconds)
        after = switches(proc.pid)
        cpu1 = cpu_seconds(proc.pid)
        per_minute = 60 / seconds
        # A thread that started meanwhile counts from zero; one that ended meanwhile (an idle pool thread
        # expiring) is left out, and said.
        ended = len(set(before) - set(after))
        cs = sum(n - before.get(tid, 0) for tid, n in after.items()) * per_minute
        cpu = (cpu1 - cpu0) * per_minute
        print(
            f"{label}: {cs:.0f} context switches/min over {len(after)} threads"
            f"{f' ({ended} ended meanwhile)' if ended else ''}, {cpu:.3f} s CPU/min"
        )
        begin = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        print(f"{label}: ended {time.perf_counter() - begin:.2f} s after SIGTERM (exit status {proc.returncode})")
        return cs, cpu
    finally:
        if proc.poll() is None:
            proc.kill()


def main() -> None:
    from tests.benchmarks.bench import generate

    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    cases = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    from tests.benchmarks.bench_gui import bench_env

    env = {**bench_env(), "QT_QPA_PLATFORM": os.environ.get("IDLE_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as tmp:
        data, source = Path(tmp) / "data", Path(tmp) / "cases.json"
        source.write_text(json.dumps(generate(cases)))
        subprocess.run(
            [sys.executable, "-m", "deskcomms", "--data-dir", str(data), "import", str(source)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        app = measure(
            [sys.executable, "-m", "deskcomms", "--data-dir", str(data)], env, seconds, f"deskcomms ({cases} cases)"
        )
        bare = measure([sys.executable, "-c", BARE_TABLE], env, seconds, "bare PySide6 window with a table")
    print(
        f"idle over {seconds:.0f} s: app {app[0]:.0f} context switches/min, {app[1]:.3f} s CPU/min "
        f"(goal 30, 0.1 s); bare window {bare[0]:.0f}, {bare[1]:.3f} s"
    )


if __name__ == "__main__":
    main()
