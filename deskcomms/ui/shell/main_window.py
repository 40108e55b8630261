"""The main window: quick filters and filter-as-you-type over the case list, the case view beside it.

Keyboard first: Ctrl+N new case, Ctrl+F filter, Enter opens, arrows move, Ctrl+, settings.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.timefmt import short_instant
from ..case_list.case_model import (
    COL_DUE,
    QUICK_FILTERS,
    CaseTableModel,
)
from ..case_list.loader import CaseLoader
from .session import Session
from .window_layout import FOLD_DETAILS_BELOW, TRAY_NOTICE, WindowLayout

log = logging.getLogger(__name__)


class CaseTable(QTableView):
    """The case list; Enter opens the current case."""

    open_requested = Signal()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
            return
        super().keyPressEvent(event)


class MainWindow(QMainWindow):
    loaded = Signal()
    counts_changed = Signal()  # the quick filters' counts were redrawn (the tray badge follows)

    def __init__(
        self, session: Session, database: Path, user_templates: Path | None = None, config: Path | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.user_templates = user_templates
        self.config_folder = config or database.parent
        self.setWindowTitle("deskcomms")
        self.resize(1280, 780)
        self.model = CaseTableModel(session.now, self, why_of=session.desk.why)
        self.loader = CaseLoader(database, self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.damaged.connect(self._on_damaged)
        self.database = database
        self.has_loaded = False

        self.hide_to_tray = False
        self.tray: Any = None
        self._quitting = False
        central = QWidget()
        root = QVBoxLayout(central)
        root.setContentsMargins(8, 8, 8, 0)
        self.banner = QFrame()
        self.banner.setObjectName("reminder_banner")
        self.banner.setStyleSheet(
            # The palette's own colours (a high-contrast theme's too): a lifted panel outlined in the accent.
            "QFrame#reminder_banner { background: palette(alternate-base); border: 2px solid palette(highlight); "
            "border-radius: 6px; } QLabel { color: palette(window-text); }"
        )
        banner_row = QHBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        banner_row.addWidget(self.banner_text, 1)
        self.banner_open = QPushButton("Open case")
        self.banner_open.clicked.connect(self._banner_clicked)
        banner_row.addWidget(self.banner_open)
        dismiss = QPushButton("Dismiss")
        dismiss.clicked.connect(self.banner.hide)
        banner_row.addWidget(dismiss)
        self._banner_case: str | None = None
        self._banner_cases: tuple[str, ...] = ()
        self.banner.hide()
        root.addWidget(self.banner)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setAccessibleName("Filter cases")
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Filter cases (Ctrl+F)")
        self.search.setToolTip("Matches the case number, customer, title or technology as you type")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        bar.addWidget(self.search, 2)
        self.quick_group = QButtonGroup(self)
        self.quick_buttons: dict[str, QPushButton] = {}
        for name in QUICK_FILTERS:
            button = QPushButton(name)
            button.setCheckable(True)
            button.setObjectName(f"quick_{name}")
            button.setFlat(True)
            self.quick_group.addButton(button)
            self.quick_buttons[name] = button
            button.clicked.connect(lambda _=False, n=name: self.set_quick_filter(n))
            bar.addWidget(button)
        self.quick_buttons["All open"].setChecked(True)
        root.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = CaseTable()
        self.table.setAccessibleName("Cases")
        # Tab leaves the list for the case (arrows move between cases): a keyboard user is never trapped.
        self.table.setTabKeyNavigation(False)
        self.table.setObjectName("case_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_DUE, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._open_current())
        self.table.open_requested.connect(self._focus_case)
        from ..case_list.list_behaviour import FilterKeys, ListActivity, install_column_menu

        self.column_menu = install_column_menu(self.table)
        self.filter_keys = FilterKeys(self.search, self.table, self._focus_case)
        self.list_activity = ListActivity(self.table)
        self._sort_requested = True  # the first load sorts; later ones keep rows in place unless asked
        splitter.addWidget(self.table)
        # The case view (timeline, map, engine) is built just after the first paint: start-up stays quick.
        self._splitter = splitter
        self._case_view: Any = None
        splitter.addWidget(QLabel("Loading…", alignment=Qt.AlignmentFlag.AlignCenter))
        # Window layout (splitter, columns, size, folded details) lives in the configuration folder.
        self.layout_memory = WindowLayout(self.config_folder, splitter, self.table)
        self.ui_settings = self.layout_memory.settings
        root.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel("Loading cases…")
        self.statusBar().addWidget(self.status_label, 1)
        self.clock_label = QLabel()
        self.statusBar().addPermanentWidget(self.clock_label)
        from .menus import build_menus

        build_menus(self)
        self.layout_memory.restore()

        # Relative times ("in 2 h") redrawn at each minute while shown; the list recomputed when a status
        # changes by itself; nothing while hidden (see screen_clock.py).
        from .screen_clock import ScreenClock

        self.screen_clock = ScreenClock(self, session.now, session.desk.next_status_change, self._tick, self.refresh)
        self._update_clock()
        from ..capture.capture_drop import install_capture  # emails dropped or pasted (Ctrl+Shift+V) are captured

        install_capture(self)

    # ----- loading ----------------------------------------------------------------------------------

    @property
    def case_view(self) -> Any:
        if self._case_view is None:
            from ..case_view.case_view import CaseView

            view = CaseView(self.session, self.user_templates)
            view.use_settings(self.ui_settings)
            view.changed.connect(self._case_changed)
            view.draft_panel.profile_needed.connect(self.ask_profile)
            view.edit_requested.connect(self.edit_case)
            placeholder = self._splitter.widget(1)
            sizes = self._splitter.sizes()
            self._splitter.replaceWidget(1, view)
            placeholder.deleteLater()
            self._splitter.setSizes(sizes)
            self._case_view = view
            self.layout_memory.restore()
            if not view.has_details_preference():
                view.set_details_shown(self.height() >= FOLD_DETAILS_BELOW)
        return self._case_view

    def sort_again(self) -> None:
        """The person asks: recompute and sort the list again (rows kept in place after events move)."""
        self._sort_requested = True
        self.refresh()

    def refresh(self) -> None:
        self.case_view  # noqa: B018 (built now, after the first paint)
        self.loader.refresh(self.session._clock())

    def _on_loaded(self, rows: list[Any], calendar: Any) -> None:
        current = self.current_number()
        if self._sort_requested or self.list_activity.idle() or not self.model.all_rows():
            self.model.set_rows(rows, self.session.end_of_today())
        else:
            # A refresh nobody asked for (the clock, another process) keeps the rows where they are.
            self.model.set_rows_in_place(rows, self.session.end_of_today())
        self._sort_requested = False
        self.has_loaded = True
        self.screen_clock.loaded()
        self._update_counts()
        if current:
            self.select_case(current)
        elif self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.loaded.emit()

    def _on_load_failed(self, message: str) -> None:
        self.status_label.setText("Could not load the case list")
        QMessageBox.critical(self, "Could not load the case list", message)

    def _on_damaged(self, message: str) -> None:
        """Reading the database failed as damaged: close our connections, keep the file aside, offer the
        latest backup, and carry on with it (the same store object, so every part of the app sees it)."""
        from .recovery import damage_message, offer_restore

        self.status_label.setText("The database is damaged")
        scheduler = getattr(self, "scheduler", None)
        if scheduler is not None:
            scheduler.timer.stop()
        self.loader.shutdown()
        self.session.desk.close()
        problem = damage_message(self.database) or message
        if offer_restore(self, problem, self.database):
            self.session.desk.reopen(self.database)
            self.session.reload_settings()
            if scheduler is not None:
                scheduler.timer.start()
            self.refresh()
            return
        self.quit_app()

    def due_now_count(self, now: Any = None) -> int:
        """The Overdue count (cases whose next action is due at ``now``): the tray badge shows this."""
        return self.model.counts(now)["Overdue"]

    def _update_counts(self) -> None:
        counts = self.model.counts()
        for name, button in self.quick_buttons.items():
            button.setText(f"{name} ({counts[name]})")
        shown = self.model.rowCount()
        if not self.model.all_rows():
            self.status_label.setText(
                "No cases yet: Ctrl+N adds one, File > Import loads a file, "
                "File > Load sample cases shows what deskcomms does."
            )
            return
        unsorted = " · order kept (F5 sorts)" if self.model.unsorted else ""
        self.status_label.setText(
            f"{counts['All open']} open · {counts['Overdue']} overdue · "
            f"{counts['Due today']} due today · showing {shown}{unsorted}"
        )

    def _update_clock(self) -> None:
        now = self.session.now()
        self.clock_label.setText(f"{short_instant(now)} {self.session.settings['timezone']}")

    def _tick(self) -> None:
        self._update_clock()
        # Only the due texts move with the clock ("in 2 h"): those cells are redrawn, nothing laid out again.
        rows = self.model.rowCount()
        if rows:
            self.model.dataChanged.emit(self.model.index(0, COL_DUE), self.model.index(rows - 1, COL_DUE))

    # ----- filtering --------------------------------------------------------------------------------

    def _on_search(self, text: str) -> None:
        self.model.set_filter_text(text)
        self._after_filter()

    def set_quick_filter(self, name: str) -> None:
        self.quick_buttons[name].setChecked(True)
        self.model.set_quick_filter(name)
        self._after_filter()

    def _after_filter(self) -> None:
        if self.has_loaded:
            self._update_counts()
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.case_view.show_case(None)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ----- the current case ---------------------------------------------------------------------------

    def current_number(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row()).number

    def select_case(self, number: str) -> bool:
        row = self.model.view_row_of(number)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def _open_current(self) -> None:
        self.case_view.show_case(self.current_number())

    def _focus_case(self) -> None:
        self._open_current()
        self.case_view.setFocus()

    def _case_changed(self, number: str) -> None:
        row = self.session.refreshed_row(number)  # recomputed and cached: the tray reads the same
        if row is not None:
            # The case keeps its place (and the row under the pointer its case) until the list is sorted
            # again: F5, a click on a column, or a refresh while the list is idle.
            self.model.update_row(row, in_place=True)
            self._update_counts()
            self.counts_changed.emit()
            self.select_case(number)

    # ----- commands ---------------------------------------------------------------------------------

    def new_case(self) -> None:
        from ..common.dialogs import CaseDialog, case_dialog

        dialog = case_dialog(self.session, self)
        if dialog.exec() == CaseDialog.DialogCode.Accepted and dialog.result_case is not None:
            case = dialog.result_case
            self.session.desk.save_case(case)
            log.info("new case id %s", case.id)
            self.search.clear()
            self.set_quick_filter("All open")
            self._case_changed(case.number)

    def edit_case(self, number: str | None) -> None:
        from ..common.dialogs import CaseDialog, case_dialog

        number = number or self.current_number()
        case = self.session.desk.case(number) if number else None
        if case is None:
            return
        dialog = case_dialog(self.session, self, case)
        if dialog.exec() == CaseDialog.DialogCode.Accepted and dialog.result_case is not None:
            self.session.desk.save_case(dialog.result_case)
            self._case_changed(case.number)
            self.case_view.show_case(case.number)

    def ask_profile(self) -> None:
        """The profile (signature, support CC) is asked for before the first draft leaves the app."""
        QMessageBox.information(
            self,
            "Your profile first",
            "Drafts end with your signature. Fill in your profile (name, email, phone, "
            "manager) once, and every draft will carry it.",
        )
        self.open_settings()

    def open_settings(self) -> None:
        from ..settings.settings_dialog import SettingsDialog

        today = self.session.calendar.local(self.session.now()).date()
        dialog = SettingsDialog(self.session.settings, self.session.profile, self, today=today)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted and dialog.result_settings is not None:
            self.session.save_settings(dialog.result_settings, dialog.result_profile or {})
            self._update_clock()
            self.refresh()
            self.case_view.show_case(self.current_number())

    def import_file(self) -> None:
        from ...core.errors import UserError

        path, _ = QFileDialog.getOpenFileName(self, "Import cases", "", "deskcomms JSON (*.json);;All files (*)")
        if not path:
            return
        try:
            # Validated whole first; verified backups before and after, exactly as `deskcomms import`.
            _doc, result = self.session.desk.import_file(Path(path))
        except UserError as exc:
            QMessageBox.warning(self, "Nothing was imported", f"The file could not be imported:\n\n{exc}")
            return
        self.session.reload_settings()
        self.refresh()
        QMessageBox.information(
            self,
            "Imported",
            f"{result.cases_added} new case(s), {result.cases_updated} merged; {result.events_added} event(s) added.",
        )

    def export_file(self) -> None:
        from ...core.errors import UserError

        path, _ = QFileDialog.getSaveFileName(
            self, "Export all cases", "deskcomms-export.json", "deskcomms JSON (*.json)"
        )
        if not path:
            return
        try:
            count = self.session.desk.export_to(Path(path))
        except UserError as exc:
            QMessageBox.warning(self, "Nothing was exported", str(exc))
            return
        self.statusBar().showMessage(f"Exported {count} case(s) to {path}", 5000)

    def load_samples(self) -> None:
        added = load_sample_cases(self.session)
        self.refresh()
        self.statusBar().showMessage(f"Loaded {added} sample case(s)", 5000)

    # ----- reminders, tray and window life ------------------------------------------------------------

    def show_banner(self, title: str, message: str, case: str | None, cases: tuple[str, ...] = ()) -> None:
        """Reminders inside the window where there is no tray or notification service."""
        self._banner_case = case
        self._banner_cases = tuple(cases)
        self.banner_text.setText(f"<b>{title}</b><br>{message.replace(chr(10), '<br>')}")
        self.banner_open.setText("Open case" if case is not None else "Show these cases")
        self.banner_open.setVisible(case is not None or len(cases) > 1)
        self.banner.show()

    def show_cases(self, numbers: list[str]) -> None:
        """A summary or digest clicked: the list shows just the cases it named (any filter shows all)."""
        self.bring_to_front()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.quick_buttons["All open"].setChecked(True)
        self.model.set_quick_filter("All open")
        self.model.set_only(frozenset(numbers))
        self._after_filter()
        self.statusBar().showMessage(
            f"Showing the {len(numbers)} case(s) of the reminder: any filter shows all", 15_000
        )

    def _banner_clicked(self) -> None:
        if self._banner_case:
            self.open_case(self._banner_case)
        elif self._banner_cases:
            self.show_cases(list(self._banner_cases))

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def open_case(self, number: str) -> None:
        """Show the window with this case selected (from a reminder or the tray menu)."""
        self.bring_to_front()
        if self.model.view_row_of(number) is None:
            self.search.clear()
            case = self.session.desk.case(number)
            self.set_quick_filter("Closed" if case is not None and case.is_closed else "All open")
        if not self.select_case(number):
            self.statusBar().showMessage(f"Case {number} is not in the list yet", 5000)

    def export_calendar(self) -> None:
        from ...files import write_private_atomically

        path, _ = QFileDialog.getSaveFileName(self, "Export due actions", "deskcomms-due.ics", "iCalendar (*.ics)")
        if not path:
            return
        rows = self.session.desk.due_index()
        # Updates and cancellations of what earlier exports put in the calendar (same UID, higher SEQUENCE).
        write_private_atomically(Path(path), self.session.desk.calendar_export(rows, self.session.now()))
        self.statusBar().showMessage(
            f"Exported {len(rows)} due action(s) to {path}: import it in Outlook's calendar", 8000
        )

    def toggle_autostart(self) -> None:
        from ... import autostart

        autostart.set_enabled(self.autostart_action.isChecked())

    # ----- window layout ------------------------------------------------------------------------------

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.layout_memory.keep_list_width()
        # Until the person chooses, the case details fold away on short windows: the tabs need the room.
        if self._case_view is not None and not self._case_view.has_details_preference():
            self._case_view.set_details_shown(self.height() >= FOLD_DETAILS_BELOW)

    def restore_geometry(self) -> bool:
        """The window's last size and place; on a first run, a size that fits the screen (then False)."""
        if self.layout_memory.restore_geometry(self):
            return True
        from .window_layout import fit_to_screen

        fit_to_screen(self)
        return False

    def undo_last_event(self) -> None:
        if self.current_number() is not None:
            self.case_view.undo_last()

    def quit_app(self) -> None:
        self._quitting = True
        self.close()
        from PySide6.QtWidgets import QApplication

        QApplication.quit()

    def closeEvent(self, event: Any) -> None:
        self.layout_memory.save(self)
        if self._case_view is not None:
            self._case_view.save_notes()
        if self.hide_to_tray and not self._quitting:
            # Closing keeps deskcomms in the tray (only where a tray exists), so reminders keep coming;
            # the first time, say where it went.
            event.ignore()
            self.hide()
            if self.layout_memory.first_tray_close() and self.tray is not None:
                from PySide6.QtWidgets import QSystemTrayIcon

                self.tray.icon.showMessage(
                    "deskcomms keeps running", TRAY_NOTICE, QSystemTrayIcon.MessageIcon.Information, 10_000
                )
            return
        self.loader.shutdown()
        drop = getattr(self, "capture_drop", None)
        if drop is not None:
            drop.shutdown()  # a drop still being read is dropped, its thread ended
        super().closeEvent(event)


def load_sample_cases(session: Session) -> int:
    """Add the sample cases that are not there yet; returns how many were added."""
    from ...core.interchange import Document
    from ...core.sample import sample_cases

    existing = session.desk.case_numbers()
    fresh = [c for c in sample_cases(session.calendar, session.now()) if c.number not in existing]
    if fresh:
        session.desk.import_document(Document(cases=fresh), backups=False)
    return len(fresh)


__all__ = ["MainWindow", "load_sample_cases"]
