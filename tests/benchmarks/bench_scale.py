"""Scale benchmark (run by hand): ``python -m tests.benchmarks.bench_scale [N]`` (default 100,000 cases).

Each figure is printed with its baseline measured in the same run: import against a plain JSON load and
SQLite insert of the same cases; a cold ``due`` and ``due --at`` in the past on every core against one
core; ``due --at`` an instant after every last event against the same instant with nothing cached;
start-up and peak memory against a bare PySide6 window with a table; filter keystrokes against a bare
Python substring scan. The README's performance section quotes its output.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.benchmarks.bench import generate
from tests.benchmarks.bench_gui import BARE, bench_env, filtering, median_run

# Peak memory is read from VmHWM (this process's own high-water mark): ru_maxrss would carry the
# benchmark's own peak across fork and exec on Linux.
HIGH_WATER = "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
PEAK = f"""
import sys
from deskcomms.__main__ import main
main(["--data-dir", sys.argv[1], "--smoke-test", "--screenshot", sys.argv[2]])
{HIGH_WATER}
"""

DRAFT = """
import sys, time
from datetime import datetime
from zoneinfo import ZoneInfo
from PySide6.QtWidgets import QApplication
from deskcomms import paths
from deskcomms.core.drafts import TemplateSet, make_draft, readiness
from deskcomms.core.engine import evaluate
from deskcomms.core.engine import load_playbook
from deskcomms.store.repository import Store
from deskcomms.core.calendar import BusinessCalendar
from deskcomms.ui.drafting.clipboard import copy_rich
app = QApplication([])
store = Store.open(paths.resolve(sys.argv[1]).database)
case = store.get_case(sys.argv[2])
cal = BusinessCalendar.from_settings(store.settings())
now = datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("America/New_York"))
templates = TemplateSet()
times = []
for _ in range(20):
    begin = time.perf_counter()
    status = evaluate(case, load_playbook("css"), cal, now)
    draft = make_draft("status_next_steps", templates, case, status, store.profile(), store.settings(), cal, now)
    readiness(draft, case, status, store.profile(), cal, now)
    copy_rich(draft.html, draft.text)
    app.processEvents()
    times.append(time.perf_counter() - begin)
app.clipboard().clear()
print(sorted(times)[len(times) // 2] * 1000)
"""


BARE_IMPORT = """
import json, sqlite3, sys
doc = json.loads(open(sys.argv[1], encoding="utf-8").read())
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, number TEXT UNIQUE, doc TEXT)")
conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, case_id INTEGER, at TEXT, kind TEXT, fields TEXT)")
conn.execute("BEGIN")
for case in doc["cases"]:
    events = case.pop("events")
    row = (case["number"], json.dumps(case))
    case_id = conn.execute("INSERT INTO cases (number, doc) VALUES (?, ?)", row).lastrowid
    conn.executemany(
        "INSERT INTO events (case_id, at, kind, fields) VALUES (?, ?, ?, ?)",
        [(case_id, e["at"], e["kind"], json.dumps(e)) for e in events],
    )
conn.execute("COMMIT")
"""

BARE_PEAK = BARE.replace("app.exec()", f"app.exec()\n{HIGH_WATER}")


def first_number(n: int) -> str:
    return generate(1)["cases"][0]["number"]


def forget_statuses(data: Path) -> None:
    """Empty the status cache (as after an upgrade): the next ``due`` computes every status."""
    import sqlite3

    conn = sqlite3.connect(data / "deskcomms.sqlite3")
    conn.execute("DELETE FROM status_cache")
    conn.commit()
    conn.close()


def timed(cmd: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(os.environ.get("BENCH_RUNS", "3"))  # medians of this many runs (1 on a crowded machine)
    env = bench_env()
    one_core = {**env, "DESKCOMMS_WORKERS": "1"}
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average {os.getloadavg()[0]:.1f} at start"
    )
    with tempfile.TemporaryDirectory() as tmp:
        data, source = Path(tmp) / "data", Path(tmp) / "cases.json"
        source.write_text(json.dumps(generate(n)))
        imported = timed([sys.executable, "-m", "deskcomms", "--data-dir", str(data), "import", str(source)], env)
        bare_import = timed([sys.executable, "-c", BARE_IMPORT, str(source), str(Path(tmp) / "bare.sqlite3")], env)
        print(
            f"import of {n} cases (checked, merged, two verified backups): {imported:.1f} s; "
            f"baseline json.loads + plain SQLite inserts of the same cases: {bare_import:.1f} s"
        )
        due = [sys.executable, "-m", "deskcomms", "--data-dir", str(data), "due", "--json"]
        cold = timed(due, env)
        forget_statuses(data)
        cold_one = timed(due, one_core)
        print(
            f"due --json, cold (every status computed and cached) on every core: {cold:.1f} s; "
            f"baseline on one core: {cold_one:.1f} s"
        )
        print(f"due --json, warm (nothing changed; median of {runs}): {median_run(due, env, runs):.2f} s")
        log_cmd = [sys.executable, "-m", "deskcomms", "--data-dir", str(data), "log", first_number(n), "note", "text=x"]
        subprocess.run(log_cmd, check=True, env=env, stdout=subprocess.DEVNULL)
        print(
            f"due --json after one 'log' (one status recomputed; median of {runs}): {median_run(due, env, runs):.2f} s"
        )
        # An instant after every case's last event, later than the cache's: only what changed by itself
        # since is computed. The baseline is the same instant with nothing cached.
        later = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        at_later = [*due, "--at", later]
        cached = median_run(at_later, env, runs)
        past = [*due, "--at", "2026-12-01T10:00:00-05:00"]  # before the cache's instant: all recomputed
        everything = median_run(past, env, runs)
        everything_one = median_run(past, one_core, 1)
        print(
            f"due --json --at an instant after every last event (1 h later than the cache; median of {runs}): "
            f"{cached:.2f} s; baseline the same with every status recomputed: {everything:.1f} s"
        )
        print(
            f"due --json --at an instant in the past (every status recomputed, nothing written; median of {runs}) "
            f"on every core: {everything:.1f} s; baseline on one core: {everything_one:.1f} s"
        )
        bare = median_run([sys.executable, "-c", BARE], env, 2 * runs + 1)
        app = median_run(
            [sys.executable, "-m", "deskcomms", "--data-dir", str(data), "--smoke-test"], env, 2 * runs + 1
        )
        print(
            f"start-up with {n} cases: {app * 1000:.0f} ms vs bare window with a table {bare * 1000:.0f} ms "
            f"= {app / bare:.2f}x"
        )
        shot = Path(tmp) / "shot.png"
        begin = time.perf_counter()
        peak = subprocess.run(
            [sys.executable, "-c", PEAK, str(data), str(shot)], check=True, env=env, capture_output=True, text=True
        )
        loaded = time.perf_counter() - begin
        peak_mb = int(peak.stdout.split()[-1]) / 1024
        bare_peak = subprocess.run(
            [sys.executable, "-c", BARE_PEAK], check=True, env=env, capture_output=True, text=True
        )
        bare_mb = int(bare_peak.stdout.split()[-1]) / 1024
        print(
            f"window with all {n} cases loaded: {loaded:.1f} s; peak memory {peak_mb:.0f} MB; "
            f"baseline bare window with a table {bare_mb:.0f} MB"
        )
        first = generate(1)["cases"][0]["number"]
        draft = subprocess.run(
            [sys.executable, "-c", DRAFT, str(data), first], check=True, env=env, capture_output=True, text=True
        )
        print(f"draft render + readiness + copy (median of 20): {float(draft.stdout.split()[-1]):.1f} ms")
    filtering(n)
    print(f"benchmark process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
