"""Windows: the per-user Run key, Outlook (or the .eml association), Explorer, the profile's ACL.

``winreg`` and ``os.startfile`` exist only on Windows; they are looked up when first used, and tests on
any system pass fakes in their place.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .base import Opened, Platform, launch_command, log

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "deskcomms"
OUTLOOK_APP_PATH = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\OUTLOOK.EXE"


class WindowsPlatform(Platform):
    name = "Windows"
    privacy_note = (
        "Windows: the data folder is %LOCALAPPDATA%\\deskcomms inside your user profile, whose access "
        "control list (NTFS ACL) already limits it to your account, SYSTEM and administrators. File modes "
        "such as 0600 do not exist there and deskcomms does not pretend to set them."
    )

    def __init__(
        self,
        *,
        winreg: Any = None,
        startfile: Callable[[str], None] | None = None,
        exists: Callable[[str], bool] = os.path.exists,
        shell32: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._winreg = winreg
        self._startfile = startfile
        self._shell32 = shell32
        self.exists = exists

    @property
    def winreg(self) -> Any:
        if self._winreg is None:
            import winreg  # only on Windows

            self._winreg = winreg
        return self._winreg

    @property
    def shell32(self) -> Any:
        if self._shell32 is None:
            import ctypes  # windll exists only on Windows

            self._shell32 = ctypes.windll.shell32  # type: ignore[attr-defined]
        return self._shell32

    def startfile(self, path: str) -> None:
        if self._startfile is None:
            self._startfile = getattr(os, "startfile", None)  # exists only on Windows
        if self._startfile is None:
            raise OSError("os.startfile is not available on this system")
        self._startfile(path)

    # ----- start at login: HKCU\...\Run -------------------------------------------------------------

    def autostart_enabled(self) -> bool:
        reg = self.winreg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
                reg.QueryValueEx(key, RUN_VALUE)
                return True
        except OSError:
            return False

    def set_autostart(self, enabled: bool, command: Sequence[str] | None = None) -> None:
        reg = self.winreg
        with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
            if enabled:
                line = subprocess.list2cmdline(list(command or launch_command()))
                reg.SetValueEx(key, RUN_VALUE, 0, reg.REG_SZ, line)
                return
            with contextlib.suppress(OSError):  # already off
                reg.DeleteValue(key, RUN_VALUE)

    # ----- application identity: the AppUserModelID ------------------------------------------------

    def set_app_identity(self, app_id: str) -> bool:
        """SetCurrentProcessExplicitAppUserModelID: without it Windows files the toasts and the taskbar
        button under python.exe ("Python"). The installer's Start menu shortcut carries the same id
        (AppUserModelID in deskcomms.iss), which is how Windows finds the name and icon for a toast."""
        try:
            result = self.shell32.SetCurrentProcessExplicitAppUserModelID(app_id)
        except (OSError, AttributeError):  # no shell32 (Wine, a stripped Windows): the app still runs
            log.warning("could not set the AppUserModelID", exc_info=True)
            return False
        if result != 0:  # an HRESULT: 0 is S_OK
            log.warning("SetCurrentProcessExplicitAppUserModelID returned %#x", result & 0xFFFFFFFF)
            return False
        return True

    # ----- opening files ----------------------------------------------------------------------------

    def find_outlook(self) -> str | None:
        """OUTLOOK.EXE from the App Paths key Office registers (per user first, then the machine's)."""
        reg = self.winreg
        for root in (reg.HKEY_CURRENT_USER, reg.HKEY_LOCAL_MACHINE):
            try:
                with reg.OpenKey(root, OUTLOOK_APP_PATH) as key:
                    value, _kind = reg.QueryValueEx(key, "")
            except OSError:
                continue
            exe = str(value).strip().strip('"')
            if exe and self.exists(exe):
                return exe
        return None

    def open_path(self, path: Path) -> Opened:
        try:
            self.startfile(str(path))
        except OSError as exc:
            detail = exc.strerror or str(exc)
            return Opened(False, reason=f"Windows has no app for {path.suffix or 'these'} files ({detail})")
        return Opened(True, how="the default app")

    def open_draft(self, path: Path) -> Opened:
        outlook = self.find_outlook()
        if outlook is not None:
            try:
                # /eml opens the file as a message; with X-Unsent: 1 it is an editable, unsent draft.
                self.spawn([outlook, "/eml", str(path)])
                return Opened(True, how="Outlook")
            except OSError:
                pass  # fall back to whatever handles .eml
        opened = self.open_path(path)
        return Opened(True, how="the default mail app") if opened else opened

    def reveal(self, path: Path) -> Opened:
        # Explorer parses its own command line: /select, then the quoted path, as one string.
        try:
            self.spawn(f'explorer /select,"{path}"')
        except OSError as exc:
            return Opened(False, reason=f"Explorer could not start ({exc.strerror or exc})")
        return Opened(True, how="Explorer")
