"""Draft benchmarks (run by hand, not by pytest): ``python -m tests.benchmarks.bench_drafts``.

1. ``deskcomms draft`` for a case whose title is 80,000 characters long (several kinds of text), as a
   separate process, wall-clock (goal: under 3 s).
2. Hostile user templates (``s.join(s)``, ``~`` doubling, huge format widths, endless loops): how long
   each takes to be refused (goal: under 5 s) and the largest resident size of a renderer child (goal:
   under 1 GB).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TITLES = {
    "letters": "a" * 80_000,
    "words": ("ADLS Gen2 copy fails ErrorCode=UserErrorFailedFileOperation " * 1400)[:80_000],
    "digits": ("1 2 3 4 5 6 7 8 9 " * 4500)[:80_000],
    "braces": ("{{ [X " * 14000)[:80_000],
    "addresses": ("jane.doe.example.com@ " * 4000)[:80_000],
}

BOMBS = {
    "join": "{% set s = 'x' * 100000 %}{{ s.join(s) }}",
    "join_list": "{% set s = 'ab' * 50000 %}{{ s.join(s|list) }}",
    "tilde_doubling": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "format_width": "{{ '{:>999999999}'.format(1) }}",
    "percent_width": "{{ '%0999999999d' % 1 }}",
    "lookup_error": "{{ {}[customer_name] }}",
    "endless_loop": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
}


def deskcomms(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "deskcomms", "--data-dir", str(data), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def example(title: str) -> dict[str, object]:
    return {
        "format": "deskcomms",
        "version": 1,
        "profile": {"name": "Jane Smith", "email": "jane@example.com"},
        "cases": [
            {
                "number": "2411220010001234",
                "title": title,
                "playbook": "css",
                "opened_at": "2026-11-23T09:00:00-05:00",
                "customer": {"name": "Marcus Reed", "email": "marcus@fabrikam.example"},
                "events": [],
            }
        ],
    }


def long_titles() -> None:
    for kind, title in TITLES.items():
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / "data"
            source = Path(folder) / "case.json"
            source.write_text(json.dumps(example(title)))
            deskcomms(data, "import", str(source))
            begin = time.monotonic()
            result = deskcomms(data, "draft", "2411220010001234", "status_next_steps", "--at", "2026-11-24T10:00-05:00")
            took = time.monotonic() - begin
            print(f"80,000-character title ({kind:9}): draft took {took:5.2f} s, exit {result.returncode}")


def bombs() -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        source = Path(folder) / "case.json"
        source.write_text(json.dumps(example("ADLS Gen2 copy fails")))
        deskcomms(data, "import", str(source))
        (data / "templates").mkdir(parents=True, exist_ok=True)
        for name, body in BOMBS.items():
            (data / "templates" / f"{name}.j2").write_text(f"Subject: x\n\n{body}\n")
        for name in BOMBS:
            begin = time.monotonic()
            result = deskcomms(data, "draft", "2411220010001234", name, "--at", "2026-11-24T10:00-05:00")
            took = time.monotonic() - begin
            message = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
            print(f"bomb {name:15} ended in {took:5.2f} s, exit {result.returncode}: {message[:100]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"largest resident size of any child (deskcomms or its renderer): {peak:.0f} MB")


if __name__ == "__main__":
    long_titles()
    bombs()
