"""Capture benchmark (run by hand): ``python -m tests.benchmarks.bench_capture [N]`` (default 100,000 cases).

``deskcomms capture --json`` of one email into a list of N generated cases, as a fresh process each time
(what the engineer waits for), alternating an email found by its case number and one found by its sender:
the median time and the peak memory of the process. The baseline, measured in the same run: the same
capture into a list of one case (the command's own start-up and one write). Goal (issue 22): at 100,000
cases within 0.5 s and 100 MB. The README quotes the output.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from tests.benchmarks.bench import NY, generate
from tests.capture_fixtures import eml

# The capture's own work in a warm process: matching, planning and the write, per email (the fixed
# start-up costs, imports, the holiday table and the open's integrity check, measured apart).
WORK = """
import json, sys, time, tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo
from deskcomms.desk import Desk
from deskcomms.desk.capturing import Planner, commit, read_paths
from deskcomms.store.backup import check_database
begin = time.perf_counter()
check_database(Path(sys.argv[1]))  # what every command's open does first (quick_check)
check = time.perf_counter() - begin
desk = Desk.open(Path(sys.argv[1]), check=False)
zone = ZoneInfo(desk.settings["timezone"])
desk.calendar.is_business_day(desk.now().date())  # the holiday table, built once per process
times, peaks = [], []
for path in sys.argv[2:]:
    tracemalloc.start()
    begin = time.perf_counter()
    plans = Planner(desk).plan_all(read_paths([path], None, zone))
    commit(desk, plans)
    times.append(time.perf_counter() - begin)
    peaks.append(tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    assert plans[0].result == "recorded", plans[0].result
print(json.dumps({"times": times, "peaks": peaks, "check": check}))
"""

# Runs the command in a child process and prints its peak memory (KiB) last, on its own line. VmHWM, not
# ru_maxrss: the latter keeps the high-water mark of the forked parent (this script, holding N cases).
RUN = """
import sys
from deskcomms.cli import run
code = run(sys.argv[1:])
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
sys.exit(code)
"""


def capture_once(data: Path, path: Path) -> tuple[float, float, dict]:
    begin = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", RUN, "--data-dir", str(data), "capture", "--json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - begin
    *rows, peak = proc.stdout.splitlines()
    return elapsed, int(peak) / 1024, json.loads(rows[0])


def emails(folder: Path, doc: dict, runs: int) -> list[Path]:
    """One new email per run: odd runs name a case number, even runs come from a case's customer."""
    cases = doc["cases"]
    paths = []
    for i in range(runs):
        case = cases[(i * 7919) % len(cases)]
        when = datetime(2026, 12, 1, 9, i % 60, tzinfo=NY)
        subject = f"RE: Case {case['number']}" if i % 2 else "A question about my case"
        data = eml(
            f"Customer <{case['customer']['email']}>",
            subject,
            f"Reply {i}.\n",
            when,
            message_id=f"<bench-{i}@example.com>",
        )
        path = folder / f"mail-{i}.eml"
        path.write_bytes(data)
        paths.append(path)
    return paths


def measure(folder: Path, n: int, runs: int) -> tuple[float, float, list[str], float, float, float]:
    data = folder / f"data-{n}"
    source = folder / f"cases-{n}.json"
    doc = generate(n)
    source.write_text(json.dumps(doc))
    subprocess.run(
        [sys.executable, "-m", "deskcomms", "--data-dir", str(data), "import", str(source)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    mail = folder / f"mail-{n}"
    mail.mkdir()
    times, peaks, results = [], [], []
    paths = emails(mail, doc, 2 * runs)
    for path in paths[:runs]:
        elapsed, peak, row = capture_once(data, path)
        times.append(elapsed)
        peaks.append(peak)
        results.append(f"{row['result']} on {row['case']}")
    work = subprocess.run(
        [sys.executable, "-c", WORK, str(data / "deskcomms.sqlite3"), *map(str, paths[runs:])],
        check=True,
        capture_output=True,
        text=True,
    )
    inside = json.loads(work.stdout)
    return (
        statistics.median(times),
        max(peaks),
        results,
        statistics.median(inside["times"]),
        max(inside["peaks"]) / 2**20,
        inside["check"],
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = 7
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base_time, base_peak, _, base_work, base_alloc, base_check = measure(folder, 1, runs)
        big_time, big_peak, results, big_work, big_alloc, big_check = measure(folder, n, runs)
    print(f"deskcomms capture, one email, {n:,} cases (median of {runs}): {big_time:.3f} s, peak RSS {big_peak:.0f} MB")
    print(f"  baseline, the same into 1 case: {base_time:.3f} s, peak RSS {base_peak:.0f} MB")
    print(f"  difference: {(big_time - base_time) * 1000:+.0f} ms, {big_peak - base_peak:+.0f} MB")
    print(
        f"the capture's own work (match, plan, write; warm process), {n:,} cases: {big_work * 1000:.1f} ms, "
        f"allocated at peak {big_alloc:.1f} MB"
    )
    print(f"  baseline, 1 case: {base_work * 1000:.1f} ms, allocated at peak {base_alloc:.1f} MB")
    print(
        f"the open's integrity check (quick_check), {n:,} cases: {big_check * 1000:.0f} ms; 1 case: "
        f"{base_check * 1000:.0f} ms"
    )
    print("results: " + "; ".join(sorted(set(r.split(" on ")[0] for r in results))))


if __name__ == "__main__":
    main()
