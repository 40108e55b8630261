"""Start at login: kept for the window's menu; the work is done by this platform's seam."""

from __future__ import annotations

from .platform import current


def is_enabled() -> bool:
    return current().autostart_enabled()


def set_enabled(enabled: bool) -> None:
    current().set_autostart(enabled)
