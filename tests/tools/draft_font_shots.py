"""Screenshots of a draft as it looks pasted into a new message: the draft panel's Copy puts the HTML on
the clipboard, a QTextBrowser (Qt's HTML engine) shows it, light and dark.

    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python tests/tools/draft_font_shots.py resources/screenshots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser, QVBoxLayout, QWidget

from deskcomms.core.interchange import Document
from deskcomms.desk import Desk
from deskcomms.ui.common.theme import apply_appearance
from deskcomms.ui.shell.main_window import MainWindow
from deskcomms.ui.shell.session import Session
from tests.conftest import FORMATS_EXAMPLE, build_cases
from tests.ui.conftest import CASES, NOW


def copied_html(folder: Path) -> str:
    desk = Desk.open(folder / "db.sqlite3", clock=lambda: NOW)
    desk.import_document(Document(cases=build_cases(CASES)), backups=False)
    desk.store.save_profile(FORMATS_EXAMPLE["profile"])
    session = Session(desk, clock=lambda: NOW)
    session.reload_settings()
    window = MainWindow(session, desk.database)
    window.show()
    window.refresh()
    for _ in range(50):
        QApplication.processEvents()
    window.select_case("1004")
    panel = window.case_view.draft_panel
    panel.confirm_problems = lambda: True  # type: ignore[method-assign]
    panel.findChild(QWidget, "draft_copy").click()
    html = QApplication.clipboard().mimeData().html()
    window.loader.shutdown()
    window.close()
    desk.close()
    return html


def shot(html: str, mode: str, path: Path) -> None:
    apply_appearance(mode)
    page = QWidget()
    page.resize(760, 560)
    browser = QTextBrowser()
    browser.setHtml(html)
    shown = QFontInfo(browser.document().begin().begin().fragment().charFormat().font())
    families = browser.document().begin().begin().fragment().charFormat().fontFamilies()
    installed = [f for f in families if f in QFontDatabase.families()]
    where = (
        f"{installed[0]} is the first of them installed here"
        if installed
        else "none of the named fonts is installed on this machine, so Qt used its sans-serif"
    )
    caption = QLabel(
        f"Pasted as HTML ({mode}): font-family {', '.join(families)}; drawn in "
        f"{shown.family()} {shown.pointSize()} pt ({where}; Outlook on Windows has Aptos)"
    )
    caption.setWordWrap(True)
    layout = QVBoxLayout(page)
    layout.addWidget(caption)
    layout.addWidget(browser, 1)
    page.show()
    QApplication.processEvents()
    page.grab().save(str(path))
    page.close()


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        html = copied_html(Path(folder))
    for mode in ("light", "dark"):
        shot(html, mode, out / f"draft-pasted-html-{mode}.png")
    QApplication.clipboard().clear()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1]))
