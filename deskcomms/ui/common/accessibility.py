"""What assistive technology reads of a widget: its accessible name, as a screen reader announces it.

Buttons, check boxes and labelled fields get a name from their text or their label's buddy; a field
without either (a search box, a list, a text area, a page of tabs) needs one given. :func:`unnamed`
lists the focusable widgets still without one (the accessibility test walks every window with it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _inner_part(widget: QWidget) -> bool:
    """A piece of a compound control (a combo box's line edit or list, a spin box's text): the control
    itself carries the name a screen reader announces."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return True
        parent = parent.parentWidget()
    return False


def focusable(root: QWidget) -> list[QWidget]:
    """``root`` and every widget under it that can take the keyboard focus (compound controls once)."""
    widgets = [root, *root.findChildren(QWidget)]
    return [w for w in widgets if w.focusPolicy() != Qt.FocusPolicy.NoFocus and not _inner_part(w)]


def unnamed(root: QWidget) -> list[QWidget]:
    return [w for w in focusable(root) if not spoken_name(w).strip()]


def name_unnamed(root: QWidget, name: str) -> None:
    """Give ``name`` to ``root`` and to the focusable widgets inside it that have none (a settings row)."""
    for widget in focusable(root):
        if not spoken_name(widget).strip():
            widget.setAccessibleName(name)
