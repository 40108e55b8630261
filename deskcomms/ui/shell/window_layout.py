"""The main window's remembered layout: the list/case splitter, the list's columns, the window's size,
and the one-time "still running in the tray" notice, kept in a small INI file beside the data (so a
``--data-dir`` or a test's temporary folder keeps its own, and the user's real settings are untouched)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSplitter, QTableView, QWidget

from ..case_list.case_model import COL_ACTION, COL_BALL, COL_CASE, COL_CUSTOMER, COL_DUE, COL_SLA, COL_STAGE

COLUMN_WIDTHS = {
    COL_DUE: 98,
    COL_CASE: 138,  # a 16-digit case number whole
    COL_CUSTOMER: 118,
    COL_ACTION: 230,
    COL_STAGE: 150,
    COL_BALL: 74,
    COL_SLA: 78,
}
# The list's starting width: Due, Case, Customer and the start of Next action (a 1024-wide window keeps
# about 550 px for the case view); wide windows give it a share, up to Next action shown whole.
LIST_WIDTH = 470
LIST_SHARE, LIST_WIDTH_WIDE = 0.38, 620
FOLD_DETAILS_BELOW = 820  # window height (px) under which the case details start folded

TRAY_NOTICE = (
    "deskcomms is still running in the tray, so follow-up reminders keep coming. "
    "Use File > Quit (Ctrl+Q) or the tray menu to end it."
)


class WindowLayout:
    """Keeps the list's width when the window is resized (the case view takes the change) and remembers
    what the person moved."""

    def __init__(self, folder: Path, splitter: QSplitter, table: QTableView) -> None:
        self.settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
        self.splitter, self.table = splitter, table
        self.list_width = LIST_WIDTH
        self.list_width_chosen = False
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        table.setMinimumWidth(320)
        # Extra width goes to the case view (call-prep lines, drafts).
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([LIST_WIDTH, 1280 - LIST_WIDTH])
        splitter.splitterMoved.connect(lambda *_: self._moved())

    def _moved(self) -> None:
        self.list_width = self.splitter.sizes()[0]
        self.list_width_chosen = True
        self.save()

    def keep_list_width(self) -> None:
        """A wider or narrower window changes the case view, not the list (its width is the person's)."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        view: QWidget = self.splitter.widget(1)
        room_for_list = total - max(view.minimumSizeHint().width(), 200)
        wanted = self.list_width
        if not self.list_width_chosen:
            wanted = min(max(int(total * LIST_SHARE), LIST_WIDTH), LIST_WIDTH_WIDE)
        width = max(min(wanted, room_for_list), self.table.minimumWidth())
        self.splitter.setSizes([width, total - width])

    def restore(self) -> None:
        state = self.settings.value("main/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        width = self.settings.value("main/list_width")
        if width is not None and str(width).isdigit():
            self.list_width = int(str(width))
            self.list_width_chosen = True
        self.keep_list_width()
        header = self.settings.value("main/columns")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def save(self, window: Any = None) -> None:
        self.settings.setValue("main/splitter", self.splitter.saveState())
        if self.list_width_chosen:
            self.settings.setValue("main/list_width", self.list_width)
        self.settings.setValue("main/columns", self.table.horizontalHeader().saveState())
        if window is not None:
            self.settings.setValue("main/geometry", window.saveGeometry())
        self.settings.sync()

    def restore_geometry(self, window: Any) -> bool:
        geometry = self.settings.value("main/geometry")
        return bool(geometry is not None and window.restoreGeometry(geometry))

    def first_tray_close(self) -> bool:
        """True only the first time ever the window is closed to the tray (the notice is said once)."""
        if str(self.settings.value("main/tray_notice_shown", "false")).lower() == "true":
            return False
        self.settings.setValue("main/tray_notice_shown", True)
        self.settings.sync()
        return True
