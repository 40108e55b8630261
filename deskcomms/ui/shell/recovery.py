"""When the database is damaged: keep the damaged file aside, offer the latest verified backup, restore it.

Used at start-up (before the window takes a single click) and when the case list fails to load later. The
caller has closed every connection of this process first: keeping the file aside copies it outside SQLite,
and the restore replaces it, which needs no one else holding it open.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


def damage_message(database: Path) -> str | None:
    """None when the database passes its check; else the explanation (the file was kept aside)."""
    from ...desk import damage_message as check

    return check(database)


def offer_restore(parent: QWidget | None, message: str, database: Path) -> bool:
    """Show what is wrong and offer the latest backup; True once a backup is in place."""
    from ...core.errors import UserError
    from ...desk import latest_backup_label, restore

    latest = latest_backup_label(database)
    # The command line's advice ("... with 'deskcomms restore'") is a button here.
    text = message.split(" To get your data back", 1)[0].split(" with 'deskcomms restore'", 1)[0]
    text = text[:1].upper() + text[1:]
    box = QMessageBox(QMessageBox.Icon.Critical, "Your case database is damaged", text, parent=parent)
    box.setObjectName("damaged_box")
    restore_button: Any = None
    if latest is not None:
        box.setInformativeText(f"The latest verified backup is {latest}. Restore it to carry on with your cases.")
        restore_button = box.addButton("Restore the latest backup", QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText("There is no verified backup yet.")
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if restore_button is None or box.clickedButton() is not restore_button:
        return False
    try:
        backup, _kept = restore(database)
    except UserError as exc:
        QMessageBox.critical(parent, "The backup could not be restored", str(exc))
        return False
    log.info("restored a backup after damage")
    QMessageBox.information(parent, "Backup restored", f"Restored {backup.label}. Your cases are back.")
    return True
