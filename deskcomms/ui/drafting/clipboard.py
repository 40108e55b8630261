"""Putting drafts on the clipboard: HTML and plain text together, so Outlook pastes the formatted mail
and plain-text editors get clean text. Called in direct response to a click (Wayland only lets a
focused window set the clipboard; on X11 it lives as long as this process)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication


def copy_rich(html: str, text: str) -> None:
    data = QMimeData()
    data.setHtml(html)
    data.setText(text)
    QApplication.clipboard().setMimeData(data)


def copy_text(text: str) -> None:
    QApplication.clipboard().setText(text)
