"""Benchmarks for deskcomms (run by hand, not by pytest): ``python -m tests.benchmarks.bench [N]``.

Reports, for N generated cases spread over every lifecycle stage: import time, ``due`` time, and the
cold start-up of the commands that need no window (median of several runs). Figures go in the README.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

NY = ZoneInfo("America/New_York")

# Event histories that leave a case in each stage of the css playbook.
SHAPES = [
    [],
    [("fqr_sent", {"channel": "email"})],
    [("fqr_sent", {"channel": "phone"})],
    [("fqr_sent", {"channel": "email"}), ("pending_customer", {}), ("email_sent", {})],
    [("fqr_sent", {"channel": "email"}), ("pending_research", {"eta": None})],
    [
        ("fqr_sent", {"channel": "email"}),
        ("resolution_provided", {}),
        ("call_no_answer", {}),
        ("email_sent", {}),
    ],
    [
        ("fqr_sent", {"channel": "email"}),
        ("unresponsive", {}),
        ("strike_sent", {"n": 1}),
        ("strike_sent", {"n": 2}),
    ],
    [
        ("fqr_sent", {"channel": "email"}),
        ("customer_replied", {}),
        ("email_sent", {}),
        ("note", {"text": "x"}),
    ],
]


def generate(n: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    start = datetime(2026, 9, 1, 9, 0, tzinfo=NY)
    cases = []
    for i in range(n):
        opened = start + timedelta(hours=rng.randint(0, 24 * 80))
        at = opened
        events = []
        for kind, fields in rng.choice(SHAPES):
            at += timedelta(hours=rng.randint(1, 30))
            fields = dict(fields)
            if "eta" in fields:
                fields["eta"] = (at + timedelta(days=2)).isoformat()
            events.append({"at": at.isoformat(), "kind": kind, **fields})
        cases.append(
            {
                "number": f"26{i:014d}",
                "title": f"Generated case {i}",
                "technology": "Data Factory",
                "playbook": "css",
                "opened_at": opened.isoformat(),
                "customer": {
                    "name": f"Customer {i}",
                    "email": f"c{i}@example.com",
                    "phone": "+1 555 0100",
                    "timezone": "America/Chicago",
                    "preferred_channel": rng.choice(["email", "phone"]),
                    "premier": rng.random() < 0.2,
                    "do_not_contact": False,
                },
                "events": events,
            }
        )
    return {"format": "deskcomms", "version": 1, "cases": cases}


def deskcomms(*args: str) -> list[str]:
    return [sys.executable, "-m", "deskcomms", *args]


def timed(cmd: list[str]) -> float:
    begin = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        source = Path(tmp) / "cases.json"
        source.write_text(json.dumps(generate(n)))
        print(f"cases: {n}")
        print(f"import: {timed(deskcomms('--data-dir', str(data), 'import', str(source))):.2f} s")
        due = [
            timed(deskcomms("--data-dir", str(data), "due", "--json", "--at", "2026-12-01T10:00:00-05:00"))
            for _ in range(3)
        ]
        print(f"due --json (median of 3): {statistics.median(due):.2f} s")
        small = Path(tmp) / "small"
        one = Path(tmp) / "one.json"
        doc = generate(1)
        one.write_text(json.dumps(doc))
        subprocess.run(deskcomms("--data-dir", str(small), "import", str(one)), check=True, stdout=subprocess.DEVNULL)
        number = doc["cases"][0]["number"]
        commands = {
            "--version": deskcomms("--version"),
            "export": deskcomms("--data-dir", str(small), "export"),
            "log": deskcomms("--data-dir", str(small), "log", number, "note", "text=bench"),
            "import (1 case)": deskcomms("--data-dir", str(small), "import", str(one)),
        }
        for name, cmd in commands.items():
            runs = [timed(cmd) for _ in range(7)]
            print(f"cold start {name} (median of 7): {statistics.median(runs) * 1000:.0f} ms")
        bare = [timed([sys.executable, "-c", "pass"]) for _ in range(7)]
        print(f"bare python -c pass (median of 7): {statistics.median(bare) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
