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
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
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


def _row(case: Any, calendar: Any, now: datetime, *, full: bool) -> tuple[dict[str, Any], datetime | None]:
    """One case's status row at ``now`` and, when ``full``, how long it holds (``until``). Without ``full``
    only what a ``due`` line prints (``statuses.line_fields``): the response-time indicators are left out
    (no ``due`` line prints them, and they never change the next action, its due date, the flags or the
    ball)."""
    evaluate, load_playbook = _engine()
    try:
        status = evaluate(case, load_playbook(case.playbook), calendar, now, sla=full)
        if not full:
            return statuses.line_fields(status), None
        return statuses.status_row(status), statuses.next_change(status, now)
    except Exception as exc:  # whatever is stored, one case must not take the list down
        log.warning("case id %s: status not computable (%s)", case.id, type(exc).__name__)
        return statuses.problem_row(case, exc), now + statuses.MAX_VALIDITY


@cache
def _engine() -> tuple[Any, Any]:
    """The engine, imported on first use (not at start-up), and not once per case."""
    from ..core.engine import evaluate, load_playbook

    return evaluate, load_playbook


def compute_one(case: Any, calendar: Any, now: datetime, version: int = 0, now_key: str | None = None) -> Computed:
    """Evaluate one case at ``now``: its row, how long it holds, its ``due`` line and due-index row.
    ``now_key``: ``to_utc_key(now)``, when the caller computes many cases at the same instant."""
    row, until = _row(case, calendar, now, full=True)
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
            now_key or to_utc_key(now),
            to_utc_key(until) if until else None,
            statuses.to_json(row),
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


# (due key in UTC or None, case number, the ``due --json`` line): what ``due --at`` prints and sorts by.
DueEntry = tuple[str | None, str, str]


def due_entry_one(case: Any, calendar: Any, now: datetime, include_idle: bool) -> DueEntry | None:
    """Only what ``due --json --at`` prints of one case at ``now`` (nothing is stored: no cache row, no
    validity, no response-time indicators), or None when the case is not listed: closed, or without a
    next action unless ``include_idle``. The same line and order key as :func:`compute_one`'s."""
    row, _until = _row(case, calendar, now, full=False)
    if row["closed"] or not (row["action"] or include_idle):
        return None
    due = row["due"]  # a datetime here (None in a problem row): keyed as statuses.due_entry keys it
    key = to_utc_key(due) if row["action"] and due else None
    return (key, row["number"], statuses.due_line(row, calendar))


def compute_cases(store: Any, ids: list[int], calendar: Any, now: datetime) -> list[Computed]:
    """These cases (read with their versions in one read transaction) evaluated at ``now``, in this process."""
    with _read(store.conn):
        versions = case_versions(store.conn, ids)
        now_key = to_utc_key(now)
        return [compute_one(c, calendar, now, versions.get(int(c.id or 0), 0), now_key) for c in store.cases_by_id(ids)]


def due_entries_of(store: Any, ids: list[int], calendar: Any, now: datetime, include_idle: bool) -> list[DueEntry]:
    """The ``due --at`` entries of these cases at ``now`` (see :func:`due_entry_one`), in this process."""
    with _read(store.conn):
        found = (due_entry_one(c, calendar, now, include_idle) for c in store.cases_by_id(ids))
        return [e for e in found if e is not None]


@contextmanager
def _read(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction (unless the caller holds one): each case and its version agree. The cyclic
    garbage collector waits until the chunk is done: its objects are short-lived and freed as they go (by
    reference counting), and its passes over them took ~5% of a recompute."""
    from ..bulk import collector_paused

    own = not conn.in_transaction
    with collector_paused():
        if own:
            conn.execute("BEGIN")
        try:
            yield
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


@dataclass(frozen=True)
class _Job:
    """A worker process's share: which cases, at what instant, and what to send back."""

    database: str
    settings: dict[str, Any]
    ids: list[int]
    now: datetime
    with_rows: bool = False
    due_only: bool = False  # only the ``due --at`` entries (see due_entry_one): far less to send back
    include_idle: bool = False


def _chunk_in_worker(job: _Job) -> list[Any]:
    """A worker process's share: its own read-only connection, the same calendar, the same engine."""
    from dataclasses import replace

    from ..core.calendar import BusinessCalendar
    from ..store.repository import Store

    key = json.dumps(job.settings, sort_keys=True, default=str)
    calendar = _worker_calendars.get(key)
    if calendar is None:
        calendar = _worker_calendars[key] = BusinessCalendar.from_settings(job.settings, trusted=True)
    conn = sqlite3.connect(f"{Path(job.database).as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=60)
    try:
        conn.execute("PRAGMA busy_timeout = 60000")
        if job.due_only:
            return due_entries_of(Store(conn), job.ids, calendar, job.now, job.include_idle)
        computed = compute_cases(Store(conn), job.ids, calendar, job.now)
    finally:
        conn.close()
    return computed if job.with_rows else [replace(c, row=None) for c in computed]


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def _parallel(ids: list[int]) -> int:
    """How many worker processes these cases are worth: 0 to stay in this process."""
    count = min(workers(), -(-len(ids) // CHUNK))
    return 0 if count <= 1 or len(ids) < PARALLEL_FROM else count


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
    chunks = _chunks(ids)
    count = _parallel(ids)
    if not count:
        for chunk in chunks:
            if stop is not None and stop():
                raise Cancelled
            yield compute_cases(store, chunk, calendar, now)
        return
    jobs = [_Job(str(database), settings, c, now, with_rows) for c in chunks]
    yield from _in_processes(jobs, count, stop)


def due_entries_many(
    store: Any,
    database: Path,
    settings: dict[str, Any],
    calendar: Any,
    ids: list[int],
    now: datetime,
    *,
    include_idle: bool = False,
) -> list[DueEntry]:
    """The ``due --at`` entries of these cases at ``now`` (see :func:`due_entry_one`), unordered, on every
    core when there are enough of them. Nothing is stored, so only the printed lines come back."""
    count = _parallel(ids)
    if not count:
        return [entry for chunk in _chunks(ids) for entry in due_entries_of(store, chunk, calendar, now, include_idle)]
    jobs = [_Job(str(database), settings, c, now, due_only=True, include_idle=include_idle) for c in _chunks(ids)]
    return [entry for chunk in _in_processes(jobs, count, None) for entry in chunk]


def _in_processes(jobs: list[_Job], count: int, stop: Callable[[], bool] | None) -> Iterator[list[Any]]:
    import multiprocessing

    # "spawn": a fresh interpreter, never a fork of a process that runs Qt or other threads.
    context = multiprocessing.get_context("spawn")
    log.info("statuses: %d chunks on %d processes", len(jobs), count)
    pool = context.Pool(count)
    try:
        results = pool.imap_unordered(_chunk_in_worker, jobs)
        for _ in jobs:
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
