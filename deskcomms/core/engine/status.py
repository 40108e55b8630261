"""What the engine says about a case: its stage, who holds the ball, the next action with its due instant
and explanation (playbook rules §1), flags, SLA indicators, and the events that did not fit the playbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ..model import Case
from ..playbook import Ball, Playbook, Stage
from ..timefmt import short_instant


class ActionKind(StrEnum):
    """How a next action is done: an email to send, a call to make, or a task on our side."""

    EMAIL = "email"
    CALL = "call"
    TASK = "task"


class SlaState(StrEnum):
    MET = "met"
    PENDING = "pending"
    BREACHED = "breached"


@dataclass(frozen=True)
class Due:
    at: datetime
    basis: str  # "strike 1 Fri 16 Jan 15:20 + 3 business days (weekend skipped)"


@dataclass(frozen=True)
class Action:
    id: str
    title: str
    due: datetime | None
    basis: str = ""
    template: str | None = None
    kind: ActionKind = ActionKind.TASK
    overdue: bool = False

    @property
    def why(self) -> str:
        if self.due is None:
            return self.basis
        return f"{self.title} due {short_instant(self.due)} = {self.basis}"


@dataclass(frozen=True)
class Flag:
    code: str
    text: str


@dataclass(frozen=True)
class Sla:
    name: str
    title: str
    due: datetime
    state: SlaState
    met_at: datetime | None = None


@dataclass(frozen=True)
class PathStep:
    stage: str
    at: datetime
    by: str  # the event kind that moved the case there


@dataclass(frozen=True)
class Misfit:
    """A recorded event the playbook does not expect in the stage the case was in: the case stayed there
    and the event counted for nothing (replay never guesses a route through an unrelated transition)."""

    at: datetime
    kind: str
    stage: str
    event_id: int | None = None
    stage_name: str = ""  # the playbook's name of the stage: messages name stages, never ids

    @property
    def text(self) -> str:
        where = self.stage_name or self.stage
        return f"{self.kind} on {short_instant(self.at)} does not fit the stage {where}: the case stayed there"


@dataclass
class Status:
    case: Case
    playbook: Playbook
    stage: Stage
    path: list[PathStep]
    ball: Ball
    closed: bool
    eta: datetime | None
    last_contact: datetime | None
    last_outbound: datetime | None
    next_action: Action | None
    tasks: list[Action] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    sla: list[Sla] = field(default_factory=list)
    paused_until: datetime | None = None
    misfits: list[Misfit] = field(default_factory=list)

    def has_flag(self, code: str) -> bool:
        return any(f.code == code for f in self.flags)

    def fits(self, event_id: int | None) -> bool:
        """False for a recorded event that did not fit its stage (the timeline and the CLI mark it)."""
        return event_id is None or all(m.event_id != event_id for m in self.misfits)
