"""One case as a row of the case list: what the engine says about it, flattened for display and sorting.

Computed by core (the UI never computes a due date), cheap to hold for 100,000 cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from .engine import SlaState, Status
from .playbook import Ball


@dataclass(frozen=True, slots=True)
class CaseRow:
    number: str
    title: str
    customer: str
    technology: str
    stage: str
    stage_title: str
    action: str
    action_title: str
    due: datetime | None
    overdue: bool
    why: str
    ball: Ball
    sla: SlaState | Literal[""]  # the worst of the case's indicators; "" where the playbook defines none
    flags: tuple[str, ...]
    closed: bool
    search_key: str  # lower-case text the filter matches: number, customer, title, technology
    stage_name: str = ""  # the playbook's name for the stage ("Pending customer"), as the timeline shows it


SLA_ORDER = {SlaState.BREACHED: 2, SlaState.PENDING: 1, SlaState.MET: 0}


def summarize(status: Status) -> CaseRow:
    case = status.case
    return CaseRow(
        **summary_fields(status),
        search_key=" ".join((case.number, case.customer.name, case.title, case.technology)).lower(),
    )


def summary_fields(status: Status) -> dict[str, Any]:
    """A case row's fields but the filter's key, as a dict: the status cache's row is built from these
    without a CaseRow (a frozen row is slow to build, and 100,000 are computed at once)."""
    case, action = status.case, status.next_action
    worst: SlaState | Literal[""] = ""
    if status.sla:
        top: SlaState = max((s.state for s in status.sla), key=SLA_ORDER.__getitem__)
        worst = top
    closed = status.closed
    return {
        "number": case.number,
        "title": case.title,
        "customer": case.customer.name,
        "technology": case.technology,
        "stage": status.stage.id,
        "stage_title": "Closed" if closed else status.stage.title,
        "action": action.id if action else "",
        "action_title": action.title if action else "",
        "due": action.due if action else None,
        "overdue": bool(action and action.overdue),
        "why": action.why if action else "",
        "ball": status.ball,
        "sla": worst,
        "flags": tuple(f.code for f in status.flags),
        "closed": closed,
        "stage_name": "Closed" if closed else status.stage.name,
    }
