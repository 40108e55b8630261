"""How the scans of a draft before it is copied grow with the text (run by hand):
``python -m tests.benchmarks.bench_scans``.

For each hostile shape of text (letters, digits, address-like words, template braces, secrets, phone-like
numbers), the best of three scans of 80,000 characters against the best of three of 10,000: linear is
about 8x, quadratic about 64x. Issue 18's goal: every one well under 30x.
"""

from __future__ import annotations

import time

from deskcomms.core.drafts import _PLACEHOLDER
from deskcomms.core.privacy import find_personal_data

UNITS = {
    "letters": "a",
    "digits": "1 ",
    "addresses": "jane.doe.example@ ",
    "braces": "{{ [X ",
    "secrets": "password: x ",
    "phones": "+1 (704) ",
}


def scan(text: str) -> None:
    find_personal_data(text, ["jane@example.com"])
    list(_PLACEHOLDER.finditer(text))


def best_of(runs: int, text: str) -> float:
    best = float("inf")
    for _ in range(runs):
        begin = time.perf_counter()
        scan(text)
        best = min(best, time.perf_counter() - begin)
    return best


def main() -> None:
    for name, unit in UNITS.items():
        small, large = (unit * 100_000)[:10_000], (unit * 100_000)[:80_000]
        a, b = best_of(3, small), best_of(3, large)
        print(f"{name:10} 10,000 chars {a * 1000:7.1f} ms, 80,000 chars {b * 1000:7.1f} ms: {b / max(a, 1e-6):5.1f}x")


if __name__ == "__main__":
    main()
