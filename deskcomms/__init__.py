"""deskcomms: a desktop companion for technical-support engineers.

The package is split so that start-up stays fast: ``core`` (rules, Qt-free), ``store`` (SQLite),
``ui`` (Qt, imported only when a window is needed), ``cli`` (the scriptable commands).
"""

from __future__ import annotations

APP_NAME = "deskcomms"
APP_ID = "io.github.deskcomms.DeskComms"


def version() -> str:
    """The installed version, read from the package metadata (pyproject.toml is the one source)."""
    from importlib import metadata

    try:
        return metadata.version(APP_NAME)
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        import re
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        match = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"), re.M)
        return match.group(1) if match else "0+unknown"
