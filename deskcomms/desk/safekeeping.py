"""The database file itself, before a :class:`~deskcomms.desk.service.Desk` is open on it: its check (a
damaged file is kept aside), its backups and putting one back."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def is_damage(exc: BaseException) -> bool:
    """SQLite says the file is damaged (not merely busy or missing)."""
    from ..store.connection import is_damage as damaged

    return damaged(exc)


def restore(database: Path, chosen: Path | None = None) -> tuple[Any, Path | None]:
    """Put a backup in place (only while no process has the database open)."""
    from ..store.backup import restore as restore_backup

    return restore_backup(database, database.parent / "backups", chosen)


def list_backups(database: Path) -> list[Any]:
    from ..store.backup import backups

    return backups(database.parent / "backups")


def damage_message(database: Path) -> str | None:
    """None when the database passes its check; else the explanation (the damaged file was kept aside)."""
    from ..store.backup import DamagedDatabase, check_or_keep_aside

    try:
        check_or_keep_aside(database)
    except DamagedDatabase as exc:
        return str(exc)
    return None


def latest_backup_label(database: Path) -> str | None:
    from ..store.backup import latest_backup

    latest = latest_backup(database.parent / "backups")
    return latest.label if latest else None
