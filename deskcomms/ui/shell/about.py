"""Help > About: the version, deskcomms's own licence, the third-party notices and how to replace Qt.

The notices are the file the build wrote from the bundled packages' metadata (wheel, standalone folder,
installers); a checkout has none, so they are written here, the same way, from what is installed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget

from ... import version
from ...core import notices
from ...paths import resources_dir


def _licences_folder() -> Path:
    return resources_dir() / "licenses"


def licence_text() -> str:
    """deskcomms's MIT licence: the copy shipped with the resources, or the checkout's LICENSE."""
    for candidate in (_licences_folder() / notices.LICENCE_FILE, resources_dir().parent / notices.LICENCE_FILE):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return "MIT licence (the LICENSE file is missing from this installation)."


def notices_text() -> str:
    shipped = _licences_folder() / notices.NOTICES_FILE
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    from importlib import metadata

    try:
        requirements = metadata.requires("deskcomms") or []
    except metadata.PackageNotFoundError:  # a checkout: pyproject.toml names them
        requirements = notices.project_requirements(resources_dir().parent / "pyproject.toml")
    return notices.third_party_notices(requirements, licences=_licences_folder())


def _reader(text: str, name: str) -> QPlainTextEdit:
    view = QPlainTextEdit(text)
    view.setReadOnly(True)
    view.setAccessibleName(name)
    view.setTabChangesFocus(True)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))  # licence texts are laid out
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    return view


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About deskcomms")
        self.setAccessibleName("About deskcomms")
        self.resize(720, 520)
        summary = QLabel(
            f"<b>deskcomms {version()}</b><p>Case lifecycle, business-time follow-ups, drafts and reminders "
            "for support engineers. Copyright © the deskcomms authors, under the MIT licence.</p>"
            "<p>deskcomms uses Qt through PySide6 under the GNU LGPL 3.0: you may replace the Qt libraries "
            "with your own build (see <i>Qt libraries</i>). The other packages it uses and their licences "
            "are listed under <i>Third-party notices</i>.</p>"
        )
        summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Licences")
        self.licence = _reader(licence_text(), "deskcomms licence (MIT)")
        self.qt = _reader(notices.QT_REPLACEMENT, "Qt libraries: LGPL 3.0 and how to replace them")
        self.notices = _reader(notices_text(), "Third-party notices")
        self.tabs.addTab(self.licence, "&Licence")
        self.tabs.addTab(self.qt, "&Qt libraries")
        self.tabs.addTab(self.notices, "&Third-party notices")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close About")
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
