"""The application service (``Desk``, in :mod:`.service`): every use case of deskcomms, once, Qt-free.

The command line and the window both call it; neither opens the store nor computes a due date itself.
Beside it: :mod:`.capturing` (capture an email onto its case) and :mod:`.statuses` (the status cache).
"""

from __future__ import annotations

from .service import (
    Cancelled,
    DamagedDatabase,
    Desk,
    Recorded,
    damage_message,
    is_damage,
    latest_backup_label,
    list_backups,
    restore,
)

__all__ = [
    "Cancelled",
    "DamagedDatabase",
    "Desk",
    "Recorded",
    "damage_message",
    "is_damage",
    "latest_backup_label",
    "list_backups",
    "restore",
]
