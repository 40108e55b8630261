"""What every platform seam offers, and the parts the platforms share.

A seam answers in words the window can show: opening a draft returns an :class:`Opened` that says
whether it worked and, when it did not, why ("Windows has no app for .eml files").
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import APP_ID

log = logging.getLogger("deskcomms.platform")

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600

# subprocess.run and subprocess.Popen, injectable so tests can see what would be called.
Runner = Callable[..., Any]


@dataclass(frozen=True)
class Opened:
    """The outcome of handing a file to another program."""

    ok: bool
    how: str = ""  # what opened it, in words ("Outlook", "the default mail app")
    reason: str = ""  # why it failed, in words, when it did

    def __bool__(self) -> bool:
        return self.ok


def launch_command() -> list[str]:
    """The command that starts this deskcomms: the bundle's executable, the installed script or ``python -m``."""
    exe = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if getattr(sys, "frozen", False) or (exe is not None and exe.name.startswith("deskcomms") and exe.exists()):
        return [str(exe)]
    return [sys.executable, "-m", "deskcomms"]


def machine_timezone() -> str | None:
    """The computer's own zone as an IANA name (tzlocal maps Windows zone names), or None if unknown."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises several kinds on misconfigured machines; "unknown" is the answer
        log.warning("could not read the machine's time zone", exc_info=True)
        return None
    return name or None


class Platform:
    """One operating system's way of doing each platform concern. Subclasses fill in the details."""

    name = "unknown"
    #: What protects the data folder here, in a sentence for the README, the About box and the logs.
    privacy_note = ""

    def __init__(
        self,
        *,
        run: Runner | None = None,
        spawn: Runner | None = None,
        environ: Mapping[str, str] | None = None,
        home: Path | None = None,
        zone_source: Callable[[], str | None] | None = None,
    ) -> None:
        self.run = run or subprocess.run
        self.spawn = spawn or subprocess.Popen
        self.environ = os.environ if environ is None else environ
        self.home = home or Path.home()
        self.zone_source = zone_source or machine_timezone

    # ----- start at login ---------------------------------------------------------------------------

    def autostart_enabled(self) -> bool:
        raise NotImplementedError

    def set_autostart(self, enabled: bool, command: Sequence[str] | None = None) -> None:
        raise NotImplementedError

    # ----- handing files to other programs ----------------------------------------------------------

    def open_path(self, path: Path) -> Opened:
        """Open a file with the app the user chose for its type."""
        raise NotImplementedError

    def open_draft(self, path: Path) -> Opened:
        """Open an unsent .eml as a new message in the mail app (Outlook where it is installed)."""
        return self.open_path(path)

    def reveal(self, path: Path) -> Opened:
        """Show a file selected in the file manager (or its folder where selecting is not possible)."""
        raise NotImplementedError

    # ----- privacy of the data folder ---------------------------------------------------------------

    def make_private_dir(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)

    def make_private_file(self, path: Path) -> None:
        """Restrict an existing file to its owner, where the platform does that with file modes."""

    # ----- notifications, display, time zone --------------------------------------------------------

    def has_display(self) -> bool:
        return True

    def notification_backend(self, tray_available: bool, tray_messages: bool) -> str:
        """``"tray"`` for the system tray's messages, ``"banner"`` for the in-window fallback."""
        return "tray" if tray_available and tray_messages else "banner"

    def default_timezone(self) -> str | None:
        return self.zone_source()

    # ----- application identity ---------------------------------------------------------------------

    def set_app_identity(self, app_id: str) -> bool:
        """Tell the system which application this process is, before any window or notification exists,
        so notifications and the taskbar group under deskcomms (not under "Python"). True when set.
        Linux and macOS take the identity from the .desktop file and the bundle: nothing to do here."""
        return False


class PosixPrivacy:
    """POSIX file modes: folders 0700, files 0600 (only the owner reads or writes them)."""

    def make_private_dir(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        os.chmod(folder, PRIVATE_DIR)

    def make_private_file(self, path: Path) -> None:
        try:
            mode = os.stat(path).st_mode & 0o777
        except FileNotFoundError:
            return
        if mode != PRIVATE_FILE:  # only when needed: a chmod moves the file's change time (store/verified.py)
            os.chmod(path, PRIVATE_FILE)


ENTRY_ID = APP_ID
