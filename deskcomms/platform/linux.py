"""Linux (and other freedesktop systems): XDG autostart, xdg-open, POSIX file modes."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .base import ENTRY_ID, Opened, Platform, PosixPrivacy, launch_command

# xdg-open's documented exit statuses.
XDG_OPEN_REASONS = {
    1: "xdg-open rejected the command",
    2: "the file does not exist",
    3: "no application is set up to open {kind} files here",
    4: "the application for {kind} files failed to start",
}
# xdg-open without a desktop session runs the app in the foreground; past this it has started.
STARTED_AFTER_S = 2.0


class LinuxPlatform(PosixPrivacy, Platform):
    name = "Linux"
    privacy_note = (
        "Linux: the data folder (~/.local/share/deskcomms) is created 0700 and the database, backups "
        "and exports 0600, so only your user account can read them."
    )

    def __init__(self, *, which: Callable[[str], str | None] = shutil.which, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.which = which

    # ----- start at login: an XDG autostart entry ---------------------------------------------------

    def autostart_path(self) -> Path:
        config = Path(self.environ.get("XDG_CONFIG_HOME") or self.home / ".config")
        return config / "autostart" / f"{ENTRY_ID}.desktop"

    def autostart_enabled(self) -> bool:
        return self.autostart_path().exists()

    def set_autostart(self, enabled: bool, command: Sequence[str] | None = None) -> None:
        path = self.autostart_path()
        if not enabled:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "[Desktop Entry]\nType=Application\nName=deskcomms\nComment=Case follow-ups for support engineers\n"
            f"Exec={shlex.join(command or launch_command())}\nIcon={ENTRY_ID}\n"
            "X-GNOME-Autostart-enabled=true\nTerminal=false\n",
            encoding="utf-8",
        )

    # ----- opening files ----------------------------------------------------------------------------

    def open_path(self, path: Path) -> Opened:
        kind = path.suffix or "these"
        if self.which("xdg-open") is None:
            return self._open_with_qt(path)
        try:
            process = self.spawn(["xdg-open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            return Opened(False, reason=f"xdg-open could not start ({exc.strerror or exc})")
        try:
            status = process.wait(timeout=STARTED_AFTER_S)
        except subprocess.TimeoutExpired:
            return Opened(True, how="the default app")
        if status == 0:
            return Opened(True, how="the default app")
        reason = XDG_OPEN_REASONS.get(status, "xdg-open failed (status {status})")
        return Opened(False, reason=reason.format(kind=kind, status=status))

    def _open_with_qt(self, path: Path) -> Opened:
        """No xdg-utils: Qt's desktop services may still reach the desktop's portal."""
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices, QGuiApplication
        except ImportError:
            return Opened(False, reason="xdg-open is not installed (package xdg-utils)")
        if QGuiApplication.instance() is None or not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return Opened(False, reason="xdg-open is not installed (package xdg-utils) and the desktop refused")
        return Opened(True, how="the default app")

    def reveal(self, path: Path) -> Opened:
        # The freedesktop file managers differ in how to select a file: open its folder instead.
        return self.open_path(path.parent if path.is_file() or not path.exists() else path)

    # ----- display ----------------------------------------------------------------------------------

    def has_display(self) -> bool:
        return bool(self.environ.get("DISPLAY") or self.environ.get("WAYLAND_DISPLAY"))
