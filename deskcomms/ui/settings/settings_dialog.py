"""The profile and settings dialog, built from the declarations in core.settings.

One row per declared setting (its help under it), one tab per group; the first run proposes this
computer's time zone. Validation is core's, the same as an import's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import UserError
from ..common.accessibility import name_unnamed
from ..common.dialogs import _finish


@dataclass
class _Editor:
    """One setting's widget and how to read its value back."""

    widget: QWidget
    value: Callable[[], Any]


def _help_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("help")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class SettingsDialog(QDialog):
    """Profile and settings, built from the declarations in core.settings (one row per setting, its help
    under it). Saved values pass the same validation as an import; the appearance previews at once."""

    def __init__(
        self,
        settings: dict[str, Any],
        profile: dict[str, str],
        parent: QWidget | None = None,
        note: str = "",
        today: Any = None,
    ) -> None:
        super().__init__(parent)
        self.today = today  # the engineer's local date: the day-off picker starts there
        from ...core.settings import PROFILE_FIELDS, SETTINGS, Group

        self.setWindowTitle("Profile and settings")
        self.resize(560, 600)
        self._initial_appearance = settings.get("appearance", "system")
        layout = QVBoxLayout(self)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setObjectName("note")
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        tabs = QTabWidget()
        tabs.setAccessibleName("Settings pages")
        self.tabs = tabs
        layout.addWidget(tabs)

        prof, pform = self._tab()
        self.profile_edits: dict[str, QLineEdit] = {}
        for field in PROFILE_FIELDS:
            edit = QLineEdit(profile.get(field.key, field.default))
            edit.setObjectName(f"profile_{field.key}")
            edit.setToolTip(field.help)
            self.profile_edits[field.key] = edit
            pform.addRow(field.label, edit)
        tabs.addTab(prof, "Profile")

        self.editors: dict[str, _Editor] = {}
        for group in Group:
            page, form = self._tab()
            for setting in (s for s in SETTINGS if s.group is group):
                editor = self._editor(setting, settings.get(setting.key, setting.default))
                editor.widget.setObjectName(f"setting_{setting.key}")
                editor.widget.setToolTip(setting.help)
                name_unnamed(editor.widget, setting.label)
                self.editors[setting.key] = editor
                cell = QWidget()
                column = QVBoxLayout(cell)
                column.setContentsMargins(0, 0, 0, 4)
                column.setSpacing(2)
                column.addWidget(editor.widget)
                column.addWidget(_help_label(setting.help))
                form.addRow(setting.label, cell)
            tabs.addTab(page, group.value)

        self.error = _finish(self, layout, QDialogButtonBox.StandardButton.Save)
        self.rejected.connect(lambda: self._preview(self._initial_appearance))
        self.result_settings: dict[str, Any] | None = None
        self.result_profile: dict[str, str] | None = None

    @staticmethod
    def _tab() -> tuple[QWidget, QFormLayout]:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return page, form

    # ----- one widget per kind of setting -----------------------------------------------------------

    def _editor(self, setting: Any, value: Any) -> _Editor:
        from ...core.settings import SettingKind

        kind = setting.kind
        if kind is SettingKind.TIMEZONE:
            return self._timezone_editor(value)
        if kind is SettingKind.WEEKDAYS:
            row = QWidget()
            days = QHBoxLayout(row)
            days.setContentsMargins(0, 0, 0, 0)
            boxes: dict[int, QCheckBox] = {}
            for number, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), start=1):
                box = QCheckBox(name)
                box.setChecked(number in value)
                boxes[number] = box
                days.addWidget(box)
            days.addStretch(1)
            return _Editor(row, lambda: [n for n, box in boxes.items() if box.isChecked()])
        if kind is SettingKind.TIME:
            edit = QTimeEdit()
            edit.setDisplayFormat("HH:mm")
            edit.setTime(datetime.strptime(value, "%H:%M").time())
            edit.setMaximumWidth(120)
            return _Editor(edit, lambda: edit.time().toString("HH:mm"))
        if kind in (SettingKind.COUNTRY, SettingKind.SUBDIVISION):
            line = QLineEdit(value or "")
            line.setPlaceholderText("e.g. US, GB, DE" if kind is SettingKind.COUNTRY else "e.g. CA, NY, BY")
            line.setMaximumWidth(160)
            return _Editor(line, lambda: line.text().strip() or None)
        if kind is SettingKind.DATES:
            return self._dates_editor(list(value or []))
        if kind is SettingKind.CHOICE:
            combo = QComboBox()
            for stored, label in setting.choices:
                combo.addItem(label, stored)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.setMaximumWidth(220)
            if setting.key == "appearance":
                combo.currentIndexChanged.connect(lambda _i: self._preview(combo.currentData()))
            return _Editor(combo, lambda: combo.currentData())
        line = QLineEdit(str(value or ""))
        return _Editor(line, lambda: line.text().strip())

    def _timezone_editor(self, value: str) -> _Editor:
        from zoneinfo import available_timezones

        from tzlocal.windows_tz import win_tz

        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        zones = sorted(available_timezones())
        combo.addItems(zones)
        # Windows names ("Eastern Standard Time") are offered too; once picked, the field shows the IANA zone.
        combo.insertSeparator(len(zones))
        combo.addItems(sorted(win_tz))
        combo.setCurrentText(value)
        completer = QCompleter(combo.model(), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        from ..common.dialogs import CompleterClickThrough

        # A click on Save while the suggestions are open closes them *and* saves (one click, not two).
        completer.popup().installEventFilter(CompleterClickThrough(combo))
        resolved = QLabel()
        resolved.setObjectName("timezone_resolved")
        resolved.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        resolved.hide()
        column.addWidget(combo)
        column.addWidget(resolved)
        self.timezone = combo

        def show_iana(picked: str | None = None) -> None:
            from ...core.settings import resolve_timezone
            from ..common.dialogs import resolve_zone

            typed = (picked or combo.currentText()).strip()
            # A Windows name ("Tokyo Standard Time") or a unique part of an IANA one ("Tokyo") names one zone.
            iana = resolve_timezone(typed) or resolve_timezone(resolve_zone(typed, zones))
            if iana is not None and iana != typed:
                combo.setCurrentText(iana)
                resolved.setText(f"{typed} is {iana}")
                resolved.show()

        assert combo.lineEdit() is not None
        combo.lineEdit().editingFinished.connect(lambda: show_iana())
        # After a pick, Qt first puts the picked text in the field: resolve once it has.
        completer.activated.connect(lambda text: QTimer.singleShot(0, lambda: show_iana(text)))
        combo.textActivated.connect(show_iana)

        def value() -> str:
            show_iana()
            return combo.currentText().strip()

        return _Editor(holder, value)

    def _dates_editor(self, days: list[str]) -> _Editor:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        listing = QListWidget()
        listing.setAccessibleName("Days off")
        listing.addItems(days)
        listing.setMaximumHeight(96)
        pick = QDateEdit(QDate(self.today) if self.today is not None else QDate.currentDate())
        pick.setAccessibleName("Day off to add")
        pick.setCalendarPopup(True)
        pick.setDisplayFormat("ddd d MMM yyyy")
        add = QPushButton("Add day off")
        remove = QPushButton("Remove")

        def add_day() -> None:
            text = pick.date().toPython().isoformat()
            if not listing.findItems(text, Qt.MatchFlag.MatchExactly):
                listing.addItem(text)
                listing.sortItems()

        add.clicked.connect(add_day)
        remove.clicked.connect(lambda: [listing.takeItem(listing.row(i)) for i in listing.selectedItems()])
        row = QHBoxLayout()
        row.addWidget(pick)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        column.addWidget(listing)
        column.addLayout(row)
        self.days_off, self.day_pick = listing, pick
        return _Editor(holder, lambda: [listing.item(i).text() for i in range(listing.count())])

    # ----- results ----------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What the form holds now, as settings (not yet validated)."""
        return {key: editor.value() for key, editor in self.editors.items()}

    def _preview(self, mode: str) -> None:
        from ..common.theme import apply_appearance

        apply_appearance(mode)

    def _accept(self) -> None:
        from ...core.settings import normalize_profile, normalize_settings

        try:
            self.result_settings = normalize_settings(self.values())
            self.result_profile = normalize_profile({k: e.text() for k, e in self.profile_edits.items()})
        except UserError as exc:
            # A profile message names its field already ("Your manager's email ..."); a setting's names its key.
            named = exc.where is not None and exc.where.startswith("profile.")
            self.error.setText(self._readable(exc.message if named else str(exc)))
            self.error.show()
            return
        self.accept()

    @staticmethod
    def _readable(message: str) -> str:
        """Name the field as the form labels it, not by its key."""
        from ...core.settings import SETTINGS

        for setting in SETTINGS:
            message = message.replace(f"settings.{setting.key}", setting.label)
        return message


def first_run_dialog(
    settings: dict[str, Any],
    profile: dict[str, str],
    zone_source: Callable[[], str | None],
    parent: QWidget | None = None,
) -> SettingsDialog | None:
    """On a first run (nothing chosen yet), the settings dialog proposing this computer's time zone."""
    from ...core.settings import first_run_settings, first_run_zone_note, is_first_run

    if not is_first_run(settings, profile):
        return None
    machine_zone = zone_source()
    proposal = first_run_settings(machine_zone)
    proposal["appearance"] = settings.get("appearance", proposal["appearance"])
    note = (
        f"Welcome to deskcomms. {first_run_zone_note(machine_zone, settings.get('timezone'))} "
        "Check your working days, hours and public holidays, and fill in your profile: every draft is signed with it."
    )
    return SettingsDialog(proposal, profile, parent, note=note)
