"""The application's icon, on its own: the window needs it for its first paint, and nothing else of the tray."""

from __future__ import annotations

from PySide6.QtGui import QIcon


def app_icon() -> QIcon:
    from ...paths import resources_dir

    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = folder / f"deskcomms-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    svg = folder / "deskcomms.svg"
    if icon.isNull() and svg.exists():
        icon.addFile(str(svg))
    return icon
