"""How the case list behaves for a day's work: the header's menu to show or hide columns (the ones that
decide the day are on by default, the rest optional), arrows and Enter from the filter box reaching the
list, and the watch that tells whether the person is busy with the list (a row must not move under the
pointer) or away (the list may sort itself again)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QTableView

from .case_model import COL_CASE, COLUMNS, OPTIONAL_COLUMNS

IDLE_SECONDS = 120  # no key or pointer in the list for this long: it may sort itself again

MOVE_KEYS = frozenset({Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp})


class FilterKeys(QObject):
    """Up/Down/Page keys typed in the filter box move the list's current row (the focus stays in the box,
    so typing goes on); Enter opens that case."""

    def __init__(self, search: QLineEdit, table: QTableView, open_case: Callable[[], None]) -> None:
        super().__init__(search)
        self.table, self.open_case = table, open_case
        search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()  # type: ignore[attr-defined]
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.table.currentIndex().isValid():
                self.open_case()
                return True
            return False
        if key not in MOVE_KEYS or self.table.model() is None or not self.table.model().rowCount():
            return False
        # The list's own handling of the key (selection, scrolling), as if it had the focus.
        QApplication.sendEvent(self.table, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))
        return True


def install_column_menu(table: QTableView) -> QMenu:
    """Right-click on the header: a tick per column (the case number always shows). Optional columns
    start hidden."""
    header = table.horizontalHeader()
    for column in OPTIONAL_COLUMNS:
        header.setSectionHidden(column, True)
    menu = QMenu(table)
    menu.setObjectName("column_menu")
    for column, name in enumerate(COLUMNS):
        action = QAction(name, menu)
        action.setObjectName(f"column_{column}")
        action.setCheckable(True)
        action.setEnabled(column != COL_CASE)
        action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.addAction(action)

    def show_menu(point: QPoint) -> None:
        sync_column_menu(table, menu)
        menu.popup(header.mapToGlobal(point))

    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(show_menu)
    return menu


def sync_column_menu(table: QTableView, menu: QMenu) -> None:
    """The ticks say what the header shows (after a restored layout too)."""
    header = table.horizontalHeader()
    for column, action in enumerate(menu.actions()):
        action.blockSignals(True)
        action.setChecked(not header.isSectionHidden(column))
        action.blockSignals(False)


class ListActivity(QObject):
    """When the person last used the list (a key, the pointer over it): while they do, rows stay where
    they are; after ``IDLE_SECONDS`` away, a refresh may sort the list again."""

    WATCHED = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Enter,
            QEvent.Type.Wheel,
        }
    )

    def __init__(self, table: QTableView, *others: QObject, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(table)
        self.table, self.clock = table, clock
        self.last = clock()
        for obj in (table, table.viewport(), *others):
            obj.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.WATCHED:
            self.last = self.clock()
        return False

    def idle(self) -> bool:
        return not self.table.viewport().underMouse() and self.clock() - self.last >= IDLE_SECONDS
