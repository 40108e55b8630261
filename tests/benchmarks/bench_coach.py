"""The draft coach's benchmark (run by hand, not by pytest): ``python -m tests.benchmarks.bench_coach``.

``deskcomms check --case N`` of a two-page draft, in-process (the command as the CLI runs it: open the
database, load the case, its status and its kept mail, read and judge the draft), on a case with ten
earlier emails of ours and the customer's question email kept. Median of 30 runs after one warm-up.
Goal: at most 50 ms. The figure goes in the README (wall clock, and the process's CPU time, which other
programs on a busy machine do not inflate).
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.core.coach_corpus import GOOD, SIGNATURE

NY = ZoneInfo("America/New_York")
CASE = "2611230010004411"


def two_page_draft() -> str:
    """About two printed pages (~1,100 words): the good corpus' technical paragraphs, one after another."""
    paragraphs: list[str] = []
    for sample in GOOD:
        body = sample.body.split(SIGNATURE)[0]
        paragraphs += [p for p in body.split("\n\n")[1:] if p.strip()]
    text = "\n\n".join(paragraphs)
    while len(text.split()) < 1100:
        text += "\n\n" + text
    words = text.split(" ")
    return "Hello Alex,\n\n" + " ".join(words[:1100]) + "\n\n" + SIGNATURE


def main() -> None:
    from deskcomms import cli
    from deskcomms.core.mailtext import MailText
    from deskcomms.core.model import Event
    from deskcomms.desk import Desk
    from deskcomms.paths import resolve

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        doc = {
            "format": "deskcomms",
            "version": 1,
            "profile": {"name": "Jane Smith", "email": "jane.smith@contoso.example"},
            "cases": [
                {
                    "number": CASE,
                    "title": "Copy activity times out",
                    "opened_at": "2026-11-02T09:00:00-05:00",
                    "customer": {"name": "Alex Doe", "email": "alex@fabrikam.example"},
                    "events": [{"at": "2026-11-02T09:30:00-05:00", "kind": "fqr_sent", "channel": "email"}],
                }
            ],
        }
        source = Path(tmp) / "cases.json"
        source.write_text(json.dumps(doc))
        assert cli.run(["--data-dir", str(data), "import", str(source)]) == 0
        desk = Desk.open(resolve(str(data)).database)
        start = datetime(2026, 11, 3, 10, 0, tzinfo=NY)
        draft = two_page_draft()
        for i in range(10):
            event = Event(start + timedelta(days=i), "email_sent", {"template": "status_next_steps"})
            # Different emails (the same paragraphs in another order, half of them): the worst case, where no
            # earlier email is a repeat and every one is compared.
            parts = draft.split("\n\n")
            earlier = "\n\n".join(parts[:1] + parts[1 + i :: 2] + parts[-1:])
            desk.record(CASE, event, override=True, mail=MailText(True, earlier, earlier))
        question = "Hi Jane,\n\nWill the fix also be deployed to North Europe? Do we need a restart?\n\nAlex\n"
        event = Event(start + timedelta(days=11), "customer_replied", {})
        desk.record(CASE, event, override=True, mail=MailText(False, question, question))
        desk.close()
        path = Path(tmp) / "draft.txt"
        path.write_text(draft, encoding="utf-8")
        args = ["--data-dir", str(data), "check", "--case", CASE, str(path)]
        times, cpu = [], []
        if "--profile" in __import__("sys").argv:
            import cProfile
            import pstats

            with contextlib.redirect_stdout(io.StringIO()):
                cli.run(args)  # warm: imports and the rule book are loaded once per process
                profiler = cProfile.Profile()
                profiler.runcall(cli.run, args)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
            return
        for i in range(31):
            began, began_cpu = time.perf_counter(), time.process_time()
            with contextlib.redirect_stdout(io.StringIO()) as out:
                code = cli.run(args)
            if i:
                times.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
        print(f"draft: {len(draft.split())} words, {len(draft)} characters; exit {code}")
        print(out.getvalue().strip() or "(no findings)")
        print(f"deskcomms check --case (in-process), median of {len(times)}: {statistics.median(times) * 1000:.1f} ms")
        print(
            f"max: {max(times) * 1000:.1f} ms; CPU time (this process only, whatever else runs), median: "
            f"{statistics.median(cpu) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
