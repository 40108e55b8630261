"""Scale benchmark (run by hand): ``python -m tests.benchmarks.bench_scale [N]`` (default 100,000 cases).

Reports import time, ``due`` time, GUI start-up against a bare PySide6 window, peak memory of the app
with N cases loaded, draft render and copy time, and filter keystroke latency; the README's performance
section quotes its output.
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
from pathlib import Path

from tests.benchmarks.bench import generate
from tests.benchmarks.bench_gui import BARE, filtering, median_run

PEAK = """
import resource, sys
from deskcomms.__main__ import main
main(["--data-dir", sys.argv[1], "--smoke-test", "--screenshot", sys.argv[2]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
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


def first_number(n: int) -> str:
    return generate(1)["cases"][0]["number"]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        data, source = Path(tmp) / "data", Path(tmp) / "cases.json"
        source.write_text(json.dumps(generate(n)))
        begin = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "deskcomms", "--data-dir", str(data), "import", str(source)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"import of {n} cases: {time.perf_counter() - begin:.1f} s")
        due_cmd = [sys.executable, "-m", "deskcomms", "--data-dir", str(data), "due", "--json"]
        begin = time.perf_counter()
        subprocess.run(due_cmd, check=True, env=env, stdout=subprocess.DEVNULL)
        print(
            f"due --json over {n} cases, cold (every status computed and cached): {time.perf_counter() - begin:.1f} s"
        )
        print(f"due --json over {n} cases, warm (nothing changed; median of 3): {median_run(due_cmd, env, 3):.2f} s")
        log_cmd = [sys.executable, "-m", "deskcomms", "--data-dir", str(data), "log", first_number(n), "note", "text=x"]
        subprocess.run(log_cmd, check=True, env=env, stdout=subprocess.DEVNULL)
        print(f"due --json after one 'log' (one status recomputed; median of 3): {median_run(due_cmd, env, 3):.2f} s")
        at_cmd = [*due_cmd, "--at", "2026-12-01T10:00:00-05:00"]
        print(
            f"due --json --at (every status computed, cache untouched; median of 3): {median_run(at_cmd, env, 3):.1f} s"
        )
        bare = median_run([sys.executable, "-c", BARE], env)
        app = median_run([sys.executable, "-m", "deskcomms", "--data-dir", str(data), "--smoke-test"], env)
        print(f"start-up with {n} cases: {app * 1000:.0f} ms vs bare window {bare * 1000:.0f} ms = {app / bare:.2f}x")
        shot = Path(tmp) / "shot.png"
        begin = time.perf_counter()
        peak = subprocess.run(
            [sys.executable, "-c", PEAK, str(data), str(shot)], check=True, env=env, capture_output=True, text=True
        )
        loaded = time.perf_counter() - begin
        peak_mb = int(peak.stdout.split()[-1]) / 1024
        print(f"window with all {n} cases loaded: {loaded:.1f} s; peak memory {peak_mb:.0f} MB")
        first = generate(1)["cases"][0]["number"]
        draft = subprocess.run(
            [sys.executable, "-c", DRAFT, str(data), first], check=True, env=env, capture_output=True, text=True
        )
        print(f"draft render + readiness + copy (median of 20): {float(draft.stdout.split()[-1]):.1f} ms")
    filtering(n)
    print(f"benchmark process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
