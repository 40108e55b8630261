"""A case's computed status as one flat row, and how long that row stays true by itself.

The row is what the case list, ``deskcomms due`` and the tray show; it is cached per case (see
``store/status_cache.py``) with the inputs it depends on. ``next_change`` is the next instant at which the
same inputs give another answer without any event being recorded: the next action or a task falling due,
a response-time target running out, a future-dated event starting to count, a pause ending.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..core.timefmt import format_instant_iso

# Bump when the row's shape or meaning changes: every cached row is then recomputed once.
ROW_FORMAT = 2
# Even a status that never changes by itself is recomputed at least this often (a safety net).
MAX_VALIDITY = timedelta(hours=24)


def basis(settings: dict[str, Any]) -> str:
    """Fingerprint of everything besides the case that a status depends on: settings, playbooks, engine."""
    from .. import version
    from ..paths import resources_dir

    digest = hashlib.sha256()
    digest.update(json.dumps([ROW_FORMAT, version(), settings], sort_keys=True, default=str).encode())
    for path in sorted((resources_dir() / "playbooks").glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    core = Path(__file__).resolve().parents[1] / "core"
    for path in sorted(core.rglob("*.py")):  # a changed engine (a development checkout) invalidates the cache
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def status_row(status: Any) -> dict[str, Any]:
    """The flat row of one evaluated case (JSON-ready: instants as ISO strings in UTC): core's list row
    (``summarize``) and the template the next action calls for."""
    from ..core.summary import summary_fields

    row = summary_fields(status)
    action = status.next_action
    due = row["due"]
    return {
        "number": row["number"],
        "title": row["title"],
        "customer": row["customer"],
        "technology": row["technology"],
        "stage": row["stage"],
        "stage_title": row["stage_title"],
        "stage_name": row["stage_name"],
        "action": row["action"],
        "action_title": row["action_title"],
        "due": format_instant_iso(due.astimezone(UTC)) if due else None,
        "overdue": row["overdue"],
        "why": row["why"],
        "ball": str(row["ball"]),
        "sla": str(row["sla"]),
        "flags": list(row["flags"]),
        "closed": bool(row["closed"]),
        "template": action.template if action else None,
    }


def problem_row(case: Any, exc: BaseException) -> dict[str, Any]:
    """The row of a case whose status cannot be computed: it says so instead of hiding the list."""
    return {
        "number": case.number,
        "title": case.title,
        "customer": case.customer.name,
        "technology": case.technology,
        "stage": "",
        "stage_title": "Check this case",
        "stage_name": "Check this case",
        "action": "check_case",
        "action_title": "Check this case: its next action cannot be computed",
        "due": None,
        "overdue": False,
        "why": f"{type(exc).__name__}: {exc}",
        "ball": "none",
        "sla": "",
        "flags": ["not_computable"],
        "closed": False,
        "template": None,
    }


def next_change(status: Any, now: datetime) -> datetime:
    """The next instant at which this status would read differently with no new event."""
    candidates: list[datetime] = [now + MAX_VALIDITY]
    actions = [status.next_action, *getattr(status, "tasks", [])]
    candidates += [a.due for a in actions if a is not None and a.due is not None and a.due > now]
    candidates += [s.due for s in status.sla if s.state == "pending" and s.due > now]
    candidates += [e.at for e in status.case.events if e.at > now]
    paused = getattr(status, "paused_until", None)
    if paused is not None and paused > now:
        candidates.append(paused)
    return min(candidates)


def due_entry(row: dict[str, Any]) -> tuple[str, str, datetime, str] | None:
    """What the reminders need of a row: an open case's next action with a due instant."""
    if row["closed"] or not row["action"] or not row["due"]:
        return None
    return row["action"], row["action_title"], datetime.fromisoformat(row["due"]), row["why"]


def line_fields(status: Any) -> dict[str, Any]:
    """What :func:`due_output` reads of an evaluated case, straight from the status (the due instant as a
    datetime, no ISO text to parse back): ``due --at`` prints lines it never stores."""
    from ..core.summary import summary_fields

    fields = summary_fields(status)
    action = status.next_action
    fields["template"] = action.template if action else None
    return fields


def due_output(row: dict[str, Any], calendar: Any) -> dict[str, Any]:
    """A row (or :func:`line_fields`) as ``deskcomms due --json`` prints it: the due instant in the
    engineer's zone."""
    due = row["due"]
    if due:
        due = calendar.local(datetime.fromisoformat(due) if isinstance(due, str) else due)
    return {
        "case": row["number"],
        "action": row["action"] or None,
        "title": row["action_title"] or "nothing due",
        "due": format_instant_iso(due) if due else None,
        "overdue": row["overdue"],
        "why": row["why"],
        "case_title": row["title"],
        "customer": row["customer"],
        "stage": row["stage"] or None,
        "stage_title": row["stage_title"],
        "ball": str(row["ball"]),
        "template": row["template"],
        "flags": list(row["flags"]),
    }


# json.dumps(value, ensure_ascii=False) builds an encoder on every call; rows are encoded by the 100,000.
to_json = json.JSONEncoder(ensure_ascii=False).encode


def due_line(row: dict[str, Any], calendar: Any) -> str:
    return to_json(due_output(row, calendar))
