"""Facts a release is built from, read from the project's own files: the version (pyproject.toml) and the
macOS Info.plist. Used by deskcomms.spec, the Windows installer step and tests/test_packaging.py.

``python packaging/release_info.py`` prints the version (the Inno Setup build passes it as AppVersion).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.deskcomms.DeskComms"  # the .desktop file's name, the macOS bundle id, the LaunchAgent label


def project_version(root: Path = ROOT) -> str:
    version: str = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    return version


def info_plist(version: str) -> dict[str, Any]:
    """The Info.plist entries PyInstaller's BUNDLE adds to (or overrides in) its own."""
    return {
        "CFBundleName": "deskcomms",
        "CFBundleDisplayName": "deskcomms",
        "CFBundleIdentifier": APP_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundlePackageType": "APPL",
        "LSMinimumSystemVersion": "11.0",
        "LSApplicationCategoryType": "public.app-category.productivity",
        "NSHighResolutionCapable": True,
        "NSSupportsAutomaticGraphicsSwitching": True,
        # Opening a draft in Outlook or Mail uses `open`; no Apple events are sent, so no extra entitlement.
        "NSHumanReadableCopyright": "Copyright © the deskcomms authors. MIT licence; third-party notices inside.",
    }


if __name__ == "__main__":
    print(project_version())
