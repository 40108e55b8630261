"""The engine assembled: the registry of every rule a playbook stage may name, and playbooks loaded and
validated against it.

The registry is built here, explicitly, from the rule modules listed below: a new rule module is added to
this list, and nothing is registered as a side effect of an import. :mod:`..playbook` validates the data it
is given and knows no rule; this module hands it the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..playbook import Playbook, find_playbook
from ..playbook import load_playbook_file as _load_file
from ..playbook import parse_playbook as _parse
from . import rules_css, rules_outreach
from .registry import RuleSpec, build_registry

RULES: Mapping[str, RuleSpec] = build_registry(rules_css, rules_outreach)


@lru_cache(maxsize=8)
def load_playbook(name: str, folder: Path | None = None) -> Playbook:
    """The named playbook from ``folder`` (default: the shipped ones), validated once per process."""
    return _load_file(find_playbook(name, folder), RULES)


def load_playbook_file(path: Path) -> Playbook:
    """A playbook file, validated against the engine's rules."""
    return _load_file(path, RULES)


def parse_playbook(data: Any, file: str) -> Playbook:
    """A playbook document, validated against the engine's rules; mistakes name ``file`` and the key."""
    return _parse(data, file, RULES)
