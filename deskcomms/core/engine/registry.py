"""The rules a playbook stage can name, registered with the parameters they read.

A rule is a function of (:class:`~.context.Context`, stage) returning its :class:`Outcome`; it reads the
replayed case and writes nothing. The playbook loader validates every stage's rule and the parameters it
needs against this registry, so a typo in a playbook file is reported when the file loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from ..playbook import Ball
from .status import Action, Flag

if TYPE_CHECKING:
    from ..playbook import Stage
    from .context import Context


@dataclass(frozen=True)
class Outcome:
    """What a rule found: the next action, and what it says beyond the stage's defaults."""

    action: Action | None
    ball: Ball | None = None  # overrides the stage's ball (the hub waiting for a decision: nobody's)
    flags: tuple[Flag, ...] = ()


RuleResult: TypeAlias = "Action | Outcome | None"
RuleFunction: TypeAlias = "Callable[[Context, Stage], Action | Outcome | None]"


@dataclass(frozen=True)
class RuleSpec:
    name: str
    function: RuleFunction
    parameters: tuple[str, ...] = ()  # the playbook must define each of these
    stage_parameters: tuple[str, ...] = ()  # stage keys naming a parameter: the stage must give one of them
    closing: bool = False  # closing without confirmation is in play, so the 14-day guard is worth showing
    final: bool = False  # the journey ends here: nothing is due and the ball is nobody's


RULES: dict[str, RuleSpec] = {}
RuleT = TypeVar("RuleT", bound=Callable[..., Any])


def rule(
    name: str,
    *,
    parameters: tuple[str, ...] = (),
    stage_parameters: tuple[str, ...] = (),
    closing: bool = False,
    final: bool = False,
) -> Callable[[RuleT], RuleT]:
    """Register a rule under the name playbook stages use."""

    def register(function: RuleT) -> RuleT:
        if name in RULES:
            raise ValueError(f"rule {name!r} registered twice")
        RULES[name] = RuleSpec(name, function, parameters, stage_parameters, closing, final)
        return function

    return register


def as_outcome(result: Action | Outcome | None) -> Outcome:
    return result if isinstance(result, Outcome) else Outcome(result)
