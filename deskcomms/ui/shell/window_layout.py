"""The main window's remembered layout: the list/case splitter, the list's columns, the window's size,
and the one-time "still running in the tray" notice, kept in a small INI file in the configuration folder
(how the window looks is not data: a backup or a copied data folder does not carry it; a ``--data-dir``
or a test's temporary folder keeps its own). A first run, with nothing remembered, fits the window to the
screen it opens on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter, QTableView, QWidget

from ..case_list.case_model import COL_ACTION, COL_BALL, COL_CASE, COL_CUSTOMER, COL_DUE, COL_SLA, COL_STAGE

COLUMN_WIDTHS = {
    COL_CASE: 136,  # a 16-digit case number whole
    COL_CUSTOMER: 88,
    COL_DUE: 84,
    COL_SLA: 36,  # a sign; the words on hover
    COL_STAGE: 88,
    COL_BALL: 50,
}
# Next action takes what the others leave. At 1024 px the list shows every column that decides the day
# (case, customer, next action, due, SLA, stage, ball) and the case view keeps the rest; wide windows give
# the list a share, up to Next action shown whole.
LIST_WIDTH = 572
LIST_SHARE, LIST_WIDTH_WIDE = 0.42, 760
WINDOW_FILE = "window.ini"
COLUMNS_KEY = "list/columns"  # the list's columns (a new key: the old order is not restored over the new one)
FIRST_SIZE = (1280, 780)  # the first window, when the screen has room for it
MIN_SIZE = (1024, 700)  # the smallest screen deskcomms is laid out for
SCREEN_SHARE = 0.94  # on a smaller screen: this share of the room it has (taskbars and docks excluded)
FOLD_DETAILS_BELOW = 820  # window height (px) under which the case details start folded

TRAY_NOTICE = (
    "deskcomms is still running in the tray, so follow-up reminders keep coming. "
    "Use File > Quit (Ctrl+Q) or the tray menu to end it."
)


class WindowLayout:
    """Keeps the list's width when the window is resized (the case view takes the change) and remembers
    what the person moved."""

    def __init__(self, folder: Path, splitter: QSplitter, table: QTableView) -> None:
        self.settings = QSettings(str(folder / WINDOW_FILE), QSettings.Format.IniFormat)
        self.splitter, self.table = splitter, table
        self.list_width = LIST_WIDTH
        self.list_width_chosen = False
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.Stretch)
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
        header = self.settings.value(COLUMNS_KEY)
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def save(self, window: Any = None) -> None:
        self.settings.setValue("main/splitter", self.splitter.saveState())
        if self.list_width_chosen:
            self.settings.setValue("main/list_width", self.list_width)
        self.settings.setValue(COLUMNS_KEY, self.table.horizontalHeader().saveState())
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


def fit_to_screen(window: Any) -> None:
    """The first window: its usual size where the screen has room, else the screen's available room
    (1024×700 and up), centred on the screen it opens on."""
    from PySide6.QtGui import QCursor, QGuiApplication

    screen = QGuiApplication.screenAt(QCursor.pos()) or window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(*FIRST_SIZE)
        return
    room = screen.availableGeometry()
    # never narrower than the 1024 px the list and case view are laid out for; never taller than the room
    width = min(FIRST_SIZE[0], max(int(room.width() * SCREEN_SHARE), MIN_SIZE[0]))
    height = min(FIRST_SIZE[1], max(int(room.height() * SCREEN_SHARE), min(MIN_SIZE[1], room.height())))
    window.resize(width, height)
    # the frame (title bar, borders) comes on top of the size: keep the whole window on the screen
    left = room.x() + max((room.width() - width) // 2, 0)
    top = room.y() + max((room.height() - height) // 2, 0)
    window.move(left, top)
