"""Playbooks as data: loading and validating the stage/transition definitions in resources/playbooks."""

from __future__ import annotations

from pathlib import Path


def playbook_dir() -> Path:
    from ..paths import resources_dir

    return resources_dir() / "playbooks"


def available_playbooks() -> list[str]:
    return sorted(p.stem for p in playbook_dir().glob("*.json"))
