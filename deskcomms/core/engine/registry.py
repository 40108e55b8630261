"""The rules a playbook stage can name, registered with the parameters they read.

A rule is a function of (:class:`~.context.Context`, stage) returning its :class:`Outcome`; it reads the
replayed case and writes nothing. ``@rule`` only marks a function with its :class:`RuleSpec`; nothing is
registered on import. :mod:`.rules` builds the registry explicitly from the rule modules it names, and the
playbook loader validates every stage's rule and the parameters it needs against it, so a typo in a
playbook file is reported when the file loads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
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


RuleT = TypeVar("RuleT", bound=Callable[..., Any])
SPEC_ATTRIBUTE = "rule_spec"


def rule(
    name: str,
    *,
    parameters: tuple[str, ...] = (),
    stage_parameters: tuple[str, ...] = (),
    closing: bool = False,
    final: bool = False,
) -> Callable[[RuleT], RuleT]:
    """Mark a function as the rule playbook stages name ``name`` (collected by :func:`build_registry`)."""

    def mark(function: RuleT) -> RuleT:
        setattr(function, SPEC_ATTRIBUTE, RuleSpec(name, function, parameters, stage_parameters, closing, final))
        return function

    return mark


def build_registry(*modules: ModuleType) -> Mapping[str, RuleSpec]:
    """The rules marked with ``@rule`` in ``modules``, by name; a name used twice is a programming error."""
    registry: dict[str, RuleSpec] = {}
    for module in modules:
        for value in vars(module).values():
            spec = getattr(value, SPEC_ATTRIBUTE, None)
            if not isinstance(spec, RuleSpec) or spec.function is not value:
                continue
            if spec.name in registry:
                raise ValueError(f"rule {spec.name!r} is defined twice")
            registry[spec.name] = spec
    return registry


def as_outcome(result: Action | Outcome | None) -> Outcome:
    return result if isinstance(result, Outcome) else Outcome(result)
