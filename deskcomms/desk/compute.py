"""Computing many cases' statuses at once, on every core.

The engine is pure (case, playbook, calendar, instant → status), so a large batch is split into chunks of
case ids and each chunk is evaluated in its own process, which reads the cases from the database itself
(a read transaction, so each case and its version agree) and returns rows ready to store or print. The
parent only writes. Small batches, one core or ``DESKCOMMS_WORKERS=1`` stay in this process: starting a
worker costs more than a few thousand cases.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.timefmt import to_utc_key
from . import statuses

log = logging.getLogger("deskcomms.desk")

# Fewer stale cases than this are computed in this process.
PARALLEL_FROM = 4000
CHUNK = 2000


class Cancelled(Exception):
    """The caller asked to stop (the app is quitting)."""


@dataclass(frozen=True)
class Computed:
    """One case's status ready to store (``cache_row`` is a status_cache row without the basis) and to print."""

    case_id: int
    number: str
    cache_row: tuple[Any, ...]  # case_id, case_version, computed, valid_until, row json, due_utc, open, line
    due_row: tuple[str, str, str, str, str] | None  # the reminders' due index row
    row: dict[str, Any] | None  # left out by worker processes unless asked for (less to send back)
    line: str
    listed: bool  # open, with a next action: a line of `deskcomms due` (without --all)
    closed: bool


def workers() -> int:
    """How many processes a cold recompute uses: every core this process may run on."""
    wanted = os.environ.get("DESKCOMMS_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def compute_one(case: Any, calendar: Any, now: datetime, version: int = 0) -> Computed:
    """Evaluate one case at ``now``: its row, how long it holds, its ``due`` line and due-index row."""
    from ..core.engine import evaluate, load_playbook

    try:
        status = evaluate(case, load_playbook(case.playbook), calendar, now)
        row = statuses.status_row(status)
        until: datetime | None = statuses.next_change(status, now)
    except Exception as exc:  # whatever is stored, one case must not take the list down
        log.warning("case id %s: status not computable (%s)", case.id, type(exc).__name__)
        row, until = statuses.problem_row(case, exc), now + statuses.MAX_VALIDITY
    line = statuses.due_line(row, calendar)
    entry = statuses.due_entry(row)
    due_key = to_utc_key(entry[2]) if entry else None
    case_id = int(case.id or 0)
    return Computed(
        case_id,
        row["number"],
        (
            case_id,
            version,
            to_utc_key(now),
            to_utc_key(until) if until else None,
            json.dumps(row, ensure_ascii=False),
            due_key,
            int(bool(row["action"]) and not row["closed"]),
            line,
        ),
        (row["number"], entry[0], entry[1], due_key, entry[3]) if entry and due_key else None,
        row,
        line,
        bool(row["action"]) and not row["closed"],
        bool(row["closed"]),
    )


def compute_cases(store: Any, ids: list[int], calendar: Any, now: datetime) -> list[Computed]:
    """These cases (read with their versions in one read transaction) evaluated at ``now``, in this process."""
    conn = store.conn
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        versions = case_versions(conn, ids)
        return [compute_one(c, calendar, now, versions.get(int(c.id or 0), 0)) for c in store.cases_by_id(ids)]
    finally:
        if own:
            conn.execute("COMMIT")


def case_versions(conn: sqlite3.Connection, ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            (int(i), int(v)) for i, v in conn.execute(f"SELECT id, version FROM cases WHERE id IN ({marks})", chunk)
        )
    return found


_worker_calendars: dict[str, Any] = {}  # one per settings in a worker process: its per-day answers are kept


def _chunk_in_worker(
    database: str, settings: dict[str, Any], ids: list[int], now: datetime, with_rows: bool
) -> list[Computed]:
    """A worker process's share: its own read-only connection, the same calendar, the same engine."""
    from dataclasses import replace

    from ..core.calendar import BusinessCalendar
    from ..store.repository import Store

    key = json.dumps(settings, sort_keys=True, default=str)
    calendar = _worker_calendars.get(key)
    if calendar is None:
        calendar = _worker_calendars[key] = BusinessCalendar.from_settings(settings, trusted=True)
    conn = sqlite3.connect(f"{Path(database).as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=60)
    try:
        conn.execute("PRAGMA busy_timeout = 60000")
        computed = compute_cases(Store(conn), ids, calendar, now)
    finally:
        conn.close()
    return computed if with_rows else [replace(c, row=None) for c in computed]


def compute_many(
    store: Any,
    database: Path,
    settings: dict[str, Any],
    calendar: Any,
    ids: list[int],
    now: datetime,
    stop: Callable[[], bool] | None = None,
    *,
    with_rows: bool = False,
) -> Iterator[list[Computed]]:
    """These cases evaluated at ``now``, a chunk at a time (in no particular order), on every core when
    there are enough of them. ``stop`` is asked between chunks; when it says so, Cancelled is raised.
    ``with_rows``: each result keeps its row as a dict (else only what is stored and printed)."""
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    count = min(workers(), len(chunks))
    if count <= 1 or len(ids) < PARALLEL_FROM:
        for chunk in chunks:
            if stop is not None and stop():
                raise Cancelled
            yield compute_cases(store, chunk, calendar, now)
        return
    yield from _in_processes(str(database), settings, chunks, now, count, stop, with_rows)


def _chunk_in_worker_packed(job: tuple[str, dict[str, Any], list[int], datetime, bool]) -> list[Computed]:
    return _chunk_in_worker(*job)


def _in_processes(
    database: str,
    settings: dict[str, Any],
    chunks: list[list[int]],
    now: datetime,
    count: int,
    stop: Callable[[], bool] | None,
    with_rows: bool,
) -> Iterator[list[Computed]]:
    import multiprocessing

    # "spawn": a fresh interpreter, never a fork of a process that runs Qt or other threads.
    context = multiprocessing.get_context("spawn")
    log.info("statuses: %d chunks on %d processes", len(chunks), count)
    pool = context.Pool(count)
    try:
        results = pool.imap_unordered(
            _chunk_in_worker_packed, [(database, settings, c, now, with_rows) for c in chunks]
        )
        for _ in chunks:
            while True:
                if stop is not None and stop():
                    raise Cancelled
                try:
                    chunk = results.next(timeout=0.25)
                    break
                except multiprocessing.TimeoutError:
                    continue
            yield chunk
        pool.close()
    except BaseException:
        pool.terminate()  # quitting never waits for the workers' chunks
        raise
    finally:
        pool.join()
