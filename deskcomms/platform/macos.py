"""macOS: a LaunchAgent for start at login, ``open`` (Outlook when installed), POSIX file modes."""

from __future__ import annotations

import contextlib
import os
import plistlib
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .base import ENTRY_ID, Opened, Platform, PosixPrivacy, launch_command

OUTLOOK_APP = "Microsoft Outlook"


def _user_id() -> int:
    getuid: Callable[[], int] | None = getattr(os, "getuid", None)
    return getuid() if getuid else 0


class MacPlatform(PosixPrivacy, Platform):
    name = "macOS"
    privacy_note = (
        "macOS: the data folder (~/Library/Application Support/deskcomms) is created 0700 and the "
        "database, backups and exports 0600, so only your user account can read them."
    )

    def __init__(
        self, *, uid: Callable[[], int] | None = None, exists: Callable[[Path], bool] = Path.exists, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.uid: Callable[[], int] = uid or _user_id
        self.exists = exists

    # ----- start at login: a LaunchAgent ------------------------------------------------------------

    def agent_path(self) -> Path:
        return self.home / "Library" / "LaunchAgents" / f"{ENTRY_ID}.plist"

    def _service(self) -> str:
        return f"gui/{self.uid()}/{ENTRY_ID}"

    def autostart_enabled(self) -> bool:
        return self.agent_path().exists()

    def set_autostart(self, enabled: bool, command: Sequence[str] | None = None) -> None:
        path = self.agent_path()
        if not enabled:
            # "disable" keeps launchd from starting it at the next login without stopping this running copy
            # (a "bootout" would end the app when it was itself started by the agent).
            self._launchctl("disable")
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        agent = {
            "Label": ENTRY_ID,
            "ProgramArguments": list(command or launch_command()),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",
        }
        path.write_bytes(plistlib.dumps(agent))
        # Undo an earlier "disable"; launchd reads the agent at the next login, so nothing starts now.
        self._launchctl("enable")

    def _launchctl(self, verb: str) -> None:
        # Failing is harmless: the plist alone still decides at the next login.
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            self.run(["launchctl", verb, self._service()], capture_output=True, text=True, timeout=10)

    # ----- opening files ----------------------------------------------------------------------------

    def outlook_installed(self) -> bool:
        bundle = f"{OUTLOOK_APP}.app"
        return any(self.exists(folder / bundle) for folder in (Path("/Applications"), self.home / "Applications"))

    def _open(self, args: list[str], how: str) -> Opened:
        try:
            done = self.run(["open", *args], capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError) as exc:
            return Opened(False, reason=f"'open' could not run ({exc})")
        if done.returncode != 0:
            message = (done.stderr or "").strip().splitlines()
            return Opened(False, reason=message[-1] if message else f"'open' failed (status {done.returncode})")
        return Opened(True, how=how)

    def open_path(self, path: Path) -> Opened:
        return self._open([str(path)], "the default app")

    def open_draft(self, path: Path) -> Opened:
        if self.outlook_installed():
            opened = self._open(["-a", OUTLOOK_APP, str(path)], "Outlook")
            if opened:
                return opened
        return self._open([str(path)], "the default mail app")

    def reveal(self, path: Path) -> Opened:
        return self._open(["-R", str(path)], "Finder")
