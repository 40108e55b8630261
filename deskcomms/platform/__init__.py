"""The one place that knows which operating system deskcomms runs on.

Every platform concern (start at login, opening a file or a draft, revealing a file, the privacy of the
data folder, the notification backend, whether there is a display, the machine's time zone) is a method of
the :class:`~deskcomms.platform.base.Platform` chosen here, by ``sys.platform``, once. The rest of the app
calls :func:`current` and never asks which system it is on. Tests build ``WindowsPlatform`` and
``MacPlatform`` directly with fakes for ``winreg``, ``os.startfile`` and ``subprocess``.
"""

from __future__ import annotations

import sys
from functools import cache

from .base import Opened, Platform, launch_command

__all__ = ["Opened", "Platform", "current", "for_system", "launch_command"]


def for_system(system: str) -> Platform:
    """The implementation for a ``sys.platform`` value (anything not Windows or macOS is freedesktop)."""
    if system == "win32":
        from .windows import WindowsPlatform

        return WindowsPlatform()
    if system == "darwin":
        from .macos import MacPlatform

        return MacPlatform()
    from .linux import LinuxPlatform

    return LinuxPlatform()


@cache
def current() -> Platform:
    """This machine's platform, chosen on first use."""
    return for_system(sys.platform)
