"""The playbook engine: for a case, what stage it is in, who holds the ball, and what is due next, when
and why (playbook rules §2-§4).

- :mod:`.status`: the result types (Status, Action, Flag, Sla, Misfit);
- :mod:`.replay`: the events walked through the playbook's graph;
- :mod:`.timing`: business-time arithmetic with its explanation;
- :mod:`.registry`, :mod:`.rules_css`, :mod:`.rules_outreach`: the rules stages name, marked with ``@rule``;
- :mod:`.rules`: the engine assembled: the registry built from those modules, and playbooks loaded and
  validated against it (:mod:`..playbook` below knows no rule);
- :mod:`.overlays`: pause, ETA, dissatisfied customer, flags and SLA;
- :mod:`.evaluate`: putting it together;
- :mod:`.guards`: checking an event before it is recorded;
- :mod:`.offers`: what the app offers in a stage.
"""

from __future__ import annotations

from .evaluate import closing_guard, closure_if_final_strike_now, evaluate
from .guards import check_event
from .offers import customer_clock, default_fields, offered_events
from .registry import Outcome, RuleSpec, rule
from .rules import RULES, load_playbook, load_playbook_file, parse_playbook
from .status import Action, ActionKind, Due, Flag, Misfit, PathStep, Sla, SlaState, Status

__all__ = [
    "RULES",
    "Action",
    "ActionKind",
    "Due",
    "Flag",
    "Misfit",
    "Outcome",
    "PathStep",
    "RuleSpec",
    "Sla",
    "SlaState",
    "Status",
    "check_event",
    "closing_guard",
    "closure_if_final_strike_now",
    "customer_clock",
    "default_fields",
    "evaluate",
    "load_playbook",
    "load_playbook_file",
    "offered_events",
    "parse_playbook",
    "rule",
]
