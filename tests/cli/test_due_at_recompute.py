"""``due --at`` recomputes statuses without storing them: its lines (only what is printed comes back from
the worker processes) are those of the full computation that fills the cache, in this process or on
every core, for every lifecycle shape, a case that cannot be computed, and with or without ``--all``."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskcomms import paths
from deskcomms.desk import compute
from deskcomms.desk.service import Desk
from tests.benchmarks.bench import generate
from tests.conftest import FORMATS_EXAMPLE

INSTANTS = [
    "2026-09-20T10:00:00-04:00",
    "2026-11-01T01:30:00-04:00",
    "2026-12-01T10:00:00-05:00",
    "2027-06-01T00:00:00Z",
]


# Beside the generated shapes: closed, final, paused, reopened, dissatisfied, bounced, away and meeting cases
# (the outreach playbook's journey has an end where nothing is due).
EXTRA_SHAPES = [
    [("fqr_sent", {"channel": "email"}), ("resolution_provided", {}), ("confirmation_received", {}), ("lqr_sent", {})],
    [("fqr_sent", {"channel": "email"}), ("confirmation_received", {}), ("lqr_sent", {}), ("closed", {})],
    [("fqr_sent", {"channel": "email"}), ("closed", {}), ("reopened", {})],
    [("fqr_sent", {"channel": "phone"}), ("paused", {"until": "2026-10-20", "reason": "vacation"})],
    [("fqr_sent", {"channel": "email"}), ("dissatisfied", {})],
    [("fqr_sent", {"channel": "email"}), ("email_sent", {}), ("delivery_failed", {"address": "c@example.com"})],
    [("fqr_sent", {"channel": "email"}), ("pending_customer", {}), ("out_of_office", {"until": "2026-10-05"})],
    [("fqr_sent", {"channel": "email"}), ("meeting_scheduled", {}), ("customer_replied", {})],
    [
        ("fqr_sent", {"channel": "email"}),
        ("unresponsive", {}),
        ("strike_sent", {"n": 1}),
        ("strike_sent", {"n": 2}),
        ("strike_sent", {"n": 3}),
        ("lqr_sent", {}),
    ],
]


REENGAGEMENT_SHAPES = [
    [("research_done", {}), ("dnc_checked", {}), ("outreach_sent", {})],
    [("research_done", {}), ("dnc_checked", {}), ("outreach_sent", {}), ("customer_replied", {}), ("disengaged", {})],
]


def extra_cases() -> list[dict]:
    cases = []
    shapes = [("css", shape) for shape in EXTRA_SHAPES] + [("reengagement", shape) for shape in REENGAGEMENT_SHAPES]
    for i, (playbook, shape) in enumerate(shapes * 3):
        opened = datetime(2026, 9, 14, 9, 0, tzinfo=ZoneInfo("America/New_York")) + timedelta(hours=7 * i)
        events = [
            {"at": (opened + timedelta(hours=5 * (n + 1))).isoformat(), "kind": kind, **fields}
            for n, (kind, fields) in enumerate(shape)
        ]
        cases.append(
            {
                "number": f"X{i:03d}",
                "title": f"Shape {i}",
                "playbook": playbook,
                "opened_at": opened.isoformat(),
                "customer": {"name": f"Customer {i}", "email": "c@example.com", "premier": i % 2 == 0},
                "events": events,
            }
        )
    return cases


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    from deskcomms import cli as cli_module

    folder = tmp_path_factory.mktemp("recompute")
    doc = generate(240, seed=7)
    doc["cases"] += FORMATS_EXAMPLE["cases"] + extra_cases()
    source = folder / "cases.json"
    source.write_text(json.dumps(doc))
    assert cli_module.run(["--data-dir", str(folder / "data"), "import", str(source)]) == 0
    path = paths.resolve(folder / "data").database
    with sqlite3.connect(path) as conn:  # a case whose playbook is gone: its row says it cannot be computed
        conn.execute("UPDATE cases SET playbook = 'retired' WHERE id = 3")
    return str(path)


def full_entries(desk: Desk, now: datetime, include_idle: bool) -> list[tuple[str | None, str, str]]:
    """What the computation that fills the cache gives for the same cases (what ``due --at`` printed before)."""
    ids = desk._case_ids()
    chunks = compute.compute_many(desk.store, desk.database, desk.settings, desk.calendar, ids, now)
    return [
        (c.cache_row[5], c.number, c.line)
        for chunk in chunks
        for c in chunk
        if c.listed or (include_idle and not c.closed)
    ]


def due_entries(desk: Desk, now: datetime, include_idle: bool) -> list[tuple[str | None, str, str]]:
    ids = desk._case_ids()
    return compute.due_entries_many(
        desk.store, desk.database, desk.settings, desk.calendar, ids, now, include_idle=include_idle
    )


@pytest.mark.parametrize("at", INSTANTS)
def test_printed_lines_are_those_of_the_full_computation(database, at):
    with Desk.open(Path(database)) as desk:
        now = datetime.fromisoformat(at)
        listed = {}
        for include_idle in (False, True):
            full = listed[include_idle] = full_entries(desk, now, include_idle)
            assert sorted(due_entries(desk, now, include_idle), key=str) == sorted(full, key=str)
            assert any("not_computable" in line for _due, _number, line in full)
            assert len({number for _due, number, _line in full}) == len(full) > 100
        assert len(listed[True]) > len(listed[False])  # --all adds the open cases with nothing due


def test_every_core_prints_what_one_core_prints(database, monkeypatch):
    with Desk.open(Path(database)) as desk:
        now = datetime.fromisoformat(INSTANTS[2])
        one = {flag: due_entries(desk, now, flag) for flag in (False, True)}
        monkeypatch.setattr(compute, "PARALLEL_FROM", 1)
        monkeypatch.setattr(compute, "CHUNK", 70)
        monkeypatch.setenv("DESKCOMMS_WORKERS", "2")
        for flag in (False, True):
            assert sorted(due_entries(desk, now, flag), key=str) == sorted(one[flag], key=str)
        monkeypatch.setenv("DESKCOMMS_WORKERS", "1")
        lines = desk.due_lines(now, include_idle=True, use_cache=False)
        monkeypatch.setenv("DESKCOMMS_WORKERS", "2")
        assert desk.due_lines(now, include_idle=True, use_cache=False) == lines


def test_status_rows_say_what_the_list_rows_say(database):
    """The cache's row is built from the list row's fields without building the list row: they agree."""
    from deskcomms.core.engine import evaluate, load_playbook
    from deskcomms.core.summary import summarize
    from deskcomms.desk.statuses import status_row

    with Desk.open(Path(database)) as desk:
        now = datetime.fromisoformat(INSTANTS[2])
        cases = [c for c in desk.store.cases_by_id(desk._case_ids()) if c.playbook != "retired"]
        for case in cases:
            status = evaluate(case, load_playbook(case.playbook), desk.calendar, now)
            listed, row = summarize(status), status_row(status)
            assert row["due"] == (listed.due and listed.due.astimezone(UTC).isoformat())
            assert {k: v for k, v in row.items() if k not in ("due", "template")} == {
                "number": listed.number,
                "title": listed.title,
                "customer": listed.customer,
                "technology": listed.technology,
                "stage": listed.stage,
                "stage_title": listed.stage_title,
                "stage_name": listed.stage_name,
                "action": listed.action,
                "action_title": listed.action_title,
                "overdue": listed.overdue,
                "why": listed.why,
                "ball": str(listed.ball),
                "sla": str(listed.sla),
                "flags": list(listed.flags),
                "closed": listed.closed,
            }
            assert listed.search_key == f"{case.number} {case.customer.name} {case.title} {case.technology}".lower()
        assert {str(summarize(evaluate(c, load_playbook(c.playbook), desk.calendar, now)).sla) for c in cases} > {""}
