"""GUI benchmarks (run by hand): ``python -m tests.benchmarks.bench_gui [CASES] [FILTER_ROWS]``.

1. Start-up: ``deskcomms --smoke-test`` (show the window, wait until it has painted, exit) on a data
   folder with CASES cases, against a bare PySide6 window doing the same, side by side (median of 7).
2. Filter-as-you-type: per-keystroke latency over FILTER_ROWS case rows in the real model and view.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The yardstick: a bare PySide6 window with a table of as many rows as fit on screen, shown and painted.
BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem
app = QApplication(sys.argv[:1])
window = QMainWindow()
table = QTableWidget(30, 8)
for row in range(30):
    for column in range(8):
        table.setItem(row, column, QTableWidgetItem(f"cell {row} {column}"))
window.setCentralWidget(table)
window.resize(1280, 780)
window.show()
QTimer.singleShot(0, lambda: QTimer.singleShot(0, app.quit))
app.exec()
"""


def bench_env() -> dict[str, str]:
    """The environment of measured runs: offscreen, and compiled modules cached as an installed app has
    them (a shell with PYTHONDONTWRITEBYTECODE would compile every module at every start)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    package = Path(__file__).resolve().parents[2] / "deskcomms"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True, env=env)
    return env


def median_run(cmd: list[str], env: dict[str, str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def startup(cases: int) -> None:
    from tests.benchmarks.bench import generate

    env = bench_env()
    with tempfile.TemporaryDirectory() as tmp:
        data, source = Path(tmp) / "data", Path(tmp) / "cases.json"
        source.write_text(json.dumps(generate(cases)))
        subprocess.run(
            [sys.executable, "-m", "deskcomms", "--data-dir", str(data), "import", str(source)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        median_run([sys.executable, "-m", "deskcomms", "--data-dir", str(data), "--smoke-test"], env, 1)  # warm-up
        bare = median_run([sys.executable, "-c", BARE], env)
        app = median_run([sys.executable, "-m", "deskcomms", "--data-dir", str(data), "--smoke-test"], env)
        print(f"start-up, bare PySide6 window with a table (median of 7): {bare * 1000:.0f} ms")
        print(f"start-up, deskcomms with {cases} cases (median of 7): {app * 1000:.0f} ms  = {app / bare:.2f}x")


def filtering(rows: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from datetime import UTC, datetime, timedelta

    from PySide6.QtWidgets import QApplication, QTableView

    from deskcomms.core.summary import CaseRow
    from deskcomms.ui.case_list.case_model import CaseTableModel

    app = QApplication.instance() or QApplication([])
    now = datetime(2026, 12, 1, 15, tzinfo=UTC)
    names = ["Alex Doe", "Priya Natarajan", "Lena Vogel", "Marcus Reed", "Sofia Alvarez", "Kenji Sato"]
    data = []
    for i in range(rows):
        customer = f"{names[i % len(names)]} {i}"
        title = f"Copy activity fails with timeout {i % 211}"
        data.append(
            CaseRow(
                f"26{i:014d}",
                title,
                customer,
                "Data Factory",
                "G",
                "Pending customer information",
                "follow_up_info",
                "Follow up",
                now + timedelta(minutes=i),
                False,
                "",
                "theirs",
                "met",
                (),
                False,
                f"26{i:014d} {customer} {title} data factory".lower(),
            )
        )
    model = CaseTableModel(lambda: now)
    model.set_rows(data, now)
    view = QTableView()
    view.setModel(model)
    view.resize(900, 700)
    view.show()
    app.processEvents()
    typed = ("p", "pr", "pri", "priy", "priya", "priya ", "priya 1", "priya 12", "priya 1", "priya", "")
    latencies = []
    for _ in range(3):
        # Each round from a fresh state: the model remembers the rows of texts typed since the rows last
        # changed (a backspace is instant), which must not turn a repeated round into look-ups.
        model.set_quick_filter(model.quick_filter)
        app.processEvents()
        for text in typed:
            begin = time.perf_counter()
            model.set_filter_text(text)
            app.processEvents()  # includes the view's repaint
            latencies.append((time.perf_counter() - begin) * 1000)
    # The yardstick, in the same run: a bare Python substring scan of the same strings, per keystroke.
    keys = [r.search_key for r in data]
    scans = []
    for _ in range(3):
        for text in typed:
            begin = time.perf_counter()
            [k for k in keys if text in k]
            scans.append((time.perf_counter() - begin) * 1000)
    bare = statistics.median(scans)
    median = statistics.median(latencies)
    print(
        f"filter keystroke over {rows} cases: median {median:.1f} ms, worst {max(latencies):.1f} ms "
        f"(one frame = 16 ms); bare substring scan median {bare:.1f} ms; ratio {median / bare:.2f}x"
    )


if __name__ == "__main__":
    if os.environ.get("BENCH_FILTER_ONLY"):
        filtering(int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
    else:
        startup(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
        filtering(int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
