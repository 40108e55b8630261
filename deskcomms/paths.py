"""Where deskcomms keeps its data, configuration and logs.

Resolved once at start-up. ``--data-dir DIR`` or the environment variable ``DESKCOMMS_HOME`` put
everything under one folder (tests and scripting use this); otherwise the platform's standard folders
(platformdirs) are used. Folders are created private to the user; what "private" means differs by
system and is the platform seam's business (POSIX: folders 0700, files 0600; Windows: the per-user
profile's access control list, see deskcomms.platform).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_HOME = "DESKCOMMS_HOME"
DB_NAME = "deskcomms.sqlite3"


@dataclass(frozen=True)
class AppPaths:
    """The folders of one deskcomms installation (or one ``--data-dir``)."""

    data: Path
    config: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / DB_NAME

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def user_templates(self) -> Path:
        return self.data / "templates"

    def ensure(self) -> AppPaths:
        """Create the folders if needed, private to the user (0700 where POSIX modes apply)."""
        for folder in (self.data, self.config, self.logs):
            make_private_dir(folder)
        return self


def make_private_dir(folder: Path) -> None:
    from .platform import current

    current().make_private_dir(folder)


def make_private_file(path: Path) -> None:
    """Restrict an existing file to its owner (nothing to do where the profile's ACL already does)."""
    from .platform import current

    current().make_private_file(path)


def resolve(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The folders to use: ``data_dir`` first, then ``$DESKCOMMS_HOME``, then the platform's."""
    chosen = data_dir or os.environ.get(ENV_HOME)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data=root, config=root, logs=root / "logs")
    import platformdirs

    return AppPaths(
        data=Path(platformdirs.user_data_dir("deskcomms", appauthor=False)),
        config=Path(platformdirs.user_config_dir("deskcomms", appauthor=False)),
        logs=Path(platformdirs.user_log_dir("deskcomms", appauthor=False)),
    )


def resources_dir() -> Path:
    """The folder holding templates, playbooks and icons, wherever deskcomms runs from.

    - a PyInstaller bundle: ``<bundle>/deskcomms/_resources``;
    - an installed wheel: ``deskcomms/_resources`` (the top-level ``resources/`` mapped there);
    - a checkout or editable install: the repository's ``resources/``.
    """
    package = Path(__file__).resolve().parent
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = []
    if bundle:
        candidates.append(Path(bundle) / "deskcomms" / "_resources")
    candidates += [package / "_resources", package.parent / "resources"]
    for candidate in candidates:
        if (candidate / "playbooks").is_dir():
            return candidate
    raise FileNotFoundError("deskcomms resources not found; looked in " + ", ".join(map(str, candidates)))
