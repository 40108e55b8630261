"""Start at login (off by default): a Linux autostart .desktop file, the Windows Run key, or a macOS
LaunchAgent. Only ever touches its own entry."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from pathlib import Path

from . import APP_ID

ENTRY_NAME = APP_ID


def _command() -> list[str]:
    exe = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if getattr(sys, "frozen", False) or (exe is not None and exe.name.startswith("deskcomms") and exe.exists()):
        return [str(exe)]
    return [sys.executable, "-m", "deskcomms"]


def linux_entry_path() -> Path:
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "autostart" / f"{ENTRY_NAME}.desktop"


def mac_entry_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{ENTRY_NAME}.plist"


def is_enabled() -> bool:
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, r"Software\Microsoft\Windows\CurrentVersion\Run") as key:
                winreg.QueryValueEx(key, "deskcomms")
                return True
        except OSError:
            return False
    return (mac_entry_path() if sys.platform == "darwin" else linux_entry_path()).exists()


def set_enabled(enabled: bool) -> None:
    command = _command()
    if sys.platform == "win32":
        import subprocess
        import winreg

        path = r"Software\Microsoft\Windows\CurrentVersion\Run"
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path, 0, winreg.KEY_SET_VALUE) as key:
            if enabled:
                winreg.SetValueEx(key, "deskcomms", 0, winreg.REG_SZ, subprocess.list2cmdline(command))
            else:
                with contextlib.suppress(OSError):
                    winreg.DeleteValue(key, "deskcomms")
        return
    path = mac_entry_path() if sys.platform == "darwin" else linux_entry_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "darwin":
        args = "".join(f"<string>{arg}</string>" for arg in command)
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
            '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict>'
            f"<key>Label</key><string>{ENTRY_NAME}</string><key>ProgramArguments</key><array>{args}</array>"
            "<key>RunAtLoad</key><true/></dict></plist>\n",
            encoding="utf-8",
        )
    else:
        path.write_text(
            "[Desktop Entry]\nType=Application\nName=deskcomms\nComment=Case follow-ups for support engineers\n"
            f"Exec={shlex.join(command)}\nIcon={APP_ID}\nX-GNOME-Autostart-enabled=true\nTerminal=false\n",
            encoding="utf-8",
        )
