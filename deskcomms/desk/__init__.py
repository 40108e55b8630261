"""The application service (``Desk``, in :mod:`.service`): every use case of deskcomms, once, Qt-free.

The command line and the window both call it; neither opens the store nor computes a due date itself.
Beside it: :mod:`.capturing` (capture an email onto its case), :mod:`.statuses` (the status cache) and
:mod:`.safekeeping` (the database file's check, backups and restore, before a Desk is open).
"""

from __future__ import annotations

from .safekeeping import damage_message, is_damage, latest_backup_label, list_backups, restore
from .service import Cancelled, DamagedDatabase, Desk, Recorded

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
