"""The main window's menus, and the Help menu's pages: a quick guide, the keyboard shortcuts (read from
the window's own actions, so the list is always true), the playbook's map, and the data folder."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QTextBrowser, QVBoxLayout, QWidget

QUICK_GUIDE = """
<h3>A day with deskcomms</h3>
<ol>
<li><b>Start with the list.</b> It is sorted by what is due first. <i>Overdue</i> and <i>Due today</i>
narrow it; type in the filter box to find a case by number, customer or title (Up and Down move in the
list from there, Enter opens the case).</li>
<li><b>Do the next action.</b> The case shows what is due, when, and why (every due time comes with its
explanation). The <i>Draft</i> tab holds the email the next action calls for, in the customer's time zone:
copy it, or open it as a new email in your mail app, then press <i>Mark as sent</i>.</li>
<li><b>Record what happened.</b> The buttons under the next action record events: a reply, a call (reached,
voicemail, no answer), a confirmation. Each asks when it happened when that matters, so a reply that came in
at 07:12 is recorded at 07:12. The list keeps its order while you work; F5 sorts it again.</li>
<li><b>Calls.</b> The <i>Call prep</i> tab has the checklist, the customer's local time and the voicemail
script; ending the call offers the email that says what happened.</li>
<li><b>Reminders.</b> deskcomms stays in the tray and reminds you when something falls due, inside your
working hours; a morning digest lists what waited overnight.</li>
</ol>
<p>The rules behind every due date are the playbook's: Help &gt; The playbook shows its map.</p>
"""


def build_menus(window: Any) -> None:
    """File, Edit, View and Help, each action named ``action_…`` (tests and accessibility find them)."""
    file_menu = window.menuBar().addMenu("&File")
    _action(window, file_menu, "&New case…", QKeySequence.StandardKey.New, window.new_case, "new_case")
    file_menu.addSeparator()
    _action(window, file_menu, "&Import cases…", "Ctrl+I", window.import_file, "import")
    _action(window, file_menu, "&Export all…", "Ctrl+E", window.export_file, "export")
    _action(window, file_menu, "Export due actions to &calendar…", None, window.export_calendar, "export_ics")
    _action(window, file_menu, "Load &sample cases", None, window.load_samples, "load_samples")
    file_menu.addSeparator()
    # Quit really ends deskcomms (closing the window only hides it to the tray, where one exists).
    quit_action = _action(window, file_menu, "&Quit", "Ctrl+Q", window.quit_app, "quit")
    quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    edit_menu = window.menuBar().addMenu("&Edit")
    # Ctrl+Z undoes the case's last event (after asking); inside a text field it stays text undo.
    _action(window, edit_menu, "&Undo last event…", QKeySequence.StandardKey.Undo, window.undo_last_event, "undo")
    edit_menu.addSeparator()
    _action(window, edit_menu, "&Filter cases", QKeySequence.StandardKey.Find, window.focus_search, "find")
    _action(window, edit_menu, "&Edit case…", "Ctrl+Shift+E", lambda: window.edit_case(None), "edit_case")
    _action(window, edit_menu, "Profile and &settings…", "Ctrl+,", window.open_settings, "settings")
    window.autostart_action = _action(window, edit_menu, "Start at &login", None, window.toggle_autostart, "autostart")
    window.autostart_action.setCheckable(True)
    from ... import autostart

    window.autostart_action.setChecked(autostart.is_enabled())
    view_menu = window.menuBar().addMenu("&View")
    _action(window, view_menu, "&Refresh and sort", QKeySequence.StandardKey.Refresh, window.sort_again, "refresh")
    _action(
        window, view_menu, "Case &details", "Ctrl+D", lambda: window.case_view.details_toggle.toggle(), "toggle_details"
    )
    help_menu = window.menuBar().addMenu("&Help")
    _action(window, help_menu, "&Quick guide", "F1", lambda: quick_guide(window), "quick_guide")
    _action(window, help_menu, "&Keyboard shortcuts", None, lambda: shortcuts(window), "shortcuts")
    _action(window, help_menu, "The &playbook (map)", None, lambda: playbook_map(window), "playbook")
    _action(window, help_menu, "Open the &data folder", None, lambda: open_data_folder(window), "data_folder")
    help_menu.addSeparator()
    _action(window, help_menu, "&About deskcomms", None, lambda: about(window), "about")


def _action(window: Any, menu: Any, text: str, shortcut: Any, slot: Any, name: str) -> QAction:
    action = QAction(text, window)
    action.setObjectName(f"action_{name}")
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _=False: slot())
    menu.addAction(action)
    return action


def _page(parent: QWidget, title: str, body: QWidget, name: str, size: tuple[int, int]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(*size)
    dialog.show()  # not modal: the guide can stay open beside the window
    return dialog


def quick_guide(window: Any) -> QDialog:
    text = QTextBrowser()
    text.setObjectName("guide_text")
    text.setHtml(QUICK_GUIDE)
    return _page(window, "Quick guide", text, "quick_guide", (560, 460))


def shortcut_lines(window: Any) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of the window that has a shortcut, as the platform shows keys."""
    lines = []
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and action.text():
            lines.append((keys, action.text().replace("&", "").rstrip("…")))
    lines += [
        ("Up / Down (in the filter or the list)", "Move in the case list"),
        ("Enter (in the filter or the list)", "Open the case"),
        ("Right-click the list's header", "Choose the columns"),
    ]
    return sorted(set(lines), key=lambda line: line[1].lower())


def shortcuts(window: Any) -> QDialog:
    rows = "".join(f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>" for keys, what in shortcut_lines(window))
    label = QLabel(f"<table cellpadding='4'>{rows}</table>")
    label.setObjectName("shortcut_table")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return _page(window, "Keyboard shortcuts", label, "shortcuts", (460, 420))


def playbook_map(window: Any) -> QDialog:
    """The lifecycle of the open case's playbook (the default one when no case is open), as a map."""
    from ...core.engine import load_playbook
    from ..case_view.playbook_map import PlaybookMap

    view = getattr(window, "_case_view", None)
    status = getattr(view, "status", None)
    playbook = status.playbook if status is not None else load_playbook("css")
    current = None if status is None or status.closed else status.stage.id
    visited = {p.stage for p in status.path} if status is not None else set()
    drawing = PlaybookMap()
    drawing.setObjectName("help_map")
    scroll = QScrollArea()
    scroll.setWidget(drawing)
    drawing.set_viewport(scroll)
    drawing.show_playbook(playbook, current, visited)
    return _page(window, f"The playbook: {playbook.title}", scroll, "playbook_page", (900, 640))


def data_folder_url(window: Any) -> QUrl:
    return QUrl.fromLocalFile(str(window.database.parent))


def open_data_folder(window: Any) -> bool:
    """The folder with the database, backups and templates, in the system's file manager."""
    opened = QDesktopServices.openUrl(data_folder_url(window))
    if not opened:
        window.statusBar().showMessage(f"Could not open the folder: {window.database.parent}", 8000)
    return bool(opened)


def about(window: Any) -> None:
    """The licence, the third-party notices and how to replace the Qt libraries (LGPL)."""
    from .about import AboutDialog

    AboutDialog(window).exec()
