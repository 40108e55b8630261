"""Capture bombs (run by hand, not by pytest): ``python -m tests.benchmarks.bench_capture_bombs``.

Each hostile email of ``tests/capture_bombs.py`` read in a fresh interpreter: its size, the outcome
(refused with the limit named, or read), the seconds the read took and the peak resident memory of
that interpreter. Goal (issue 18): each within 10 s and 200 MB.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.capture_bombs import BOMBS, measure


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'bomb':24} {'size':>8} {'seconds':>8} {'peak MB':>8}  outcome")
        for name, make in BOMBS.items():
            data = make()
            result = measure(data, Path(folder))
            print(
                f"{name:24} {len(data) / 1e6:7.1f}M {float(result['seconds']):8.2f} "  # type: ignore[arg-type]
                f"{float(result['peak_mb']):8.0f}  {result['outcome']}"  # type: ignore[arg-type]
            )


if __name__ == "__main__":
    main()
