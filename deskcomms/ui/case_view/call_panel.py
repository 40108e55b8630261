"""Call prep: the checklist for the next call (ticks kept per call), the voicemail script, and the
buttons that end the call by recording its outcome (reached, voicemail, no answer)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..common.widgets import clear_layout

OUTCOMES = (("call_reached", "Reached them"), ("voicemail_left", "Left a voicemail"), ("call_no_answer", "No answer"))


class ClickLabel(QLabel):
    """A checklist line's text: wraps, and a click on it ticks its box like a checkbox's own text would."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self.box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.box.toggle()


def tick_box_style() -> str:
    """Tick boxes drawn with the palette's text colour for the frame, so they show on dark windows too."""
    from ...paths import resources_dir
    from ..common import theme

    palette = QApplication.palette()
    text = palette.color(QPalette.ColorRole.Text).name()
    base = palette.color(QPalette.ColorRole.Base).name()
    accent = theme.accent().name()
    tick = (resources_dir() / "icons" / "tick.svg").as_posix()
    return (
        f"QCheckBox::indicator {{ width: 15px; height: 15px; border: 2px solid {text}; border-radius: 3px; "
        f"background: {base}; }}"
        f"QCheckBox::indicator:checked {{ background: {accent}; border-color: {accent}; image: url({tick}); }}"
    )


class CallPanel(QWidget):
    outcome_recorded = Signal(str)  # the event kind

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case: Any = None
        self.status: Any = None
        self.call_key = ""
        outer = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("call_title")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        columns = QHBoxLayout()
        self.list_holder = QWidget()
        self.list_layout = QVBoxLayout(self.list_holder)
        scroll = QScrollArea()
        scroll.setAccessibleName("Call checklist")
        scroll.setWidget(self.list_holder)
        scroll.setWidgetResizable(True)
        columns.addWidget(scroll, 3)
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>Voicemail script</b>"))
        self.voicemail = QLabel()
        self.voicemail.setObjectName("voicemail_script")
        self.voicemail.setWordWrap(True)
        self.voicemail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side.addWidget(self.voicemail)
        side.addStretch(1)
        columns.addLayout(side, 2)
        outer.addLayout(columns, 1)
        end = QHBoxLayout()
        self.notes = QLineEdit()
        self.notes.setAccessibleName("Call notes")
        self.notes.setPlaceholderText("Notes on the call (kept with the event)")
        end.addWidget(self.notes, 1)
        for kind, text in OUTCOMES:
            button = QPushButton(text)
            button.setObjectName(f"outcome_{kind}")
            button.clicked.connect(lambda _=False, k=kind: self.end_call(k))
            end.addWidget(button)
        outer.addLayout(end)
        self.boxes: dict[str, QCheckBox] = {}
        self.labels = {}

    def show_case(self, case: Any, status: Any) -> None:
        from ...core.callprep import call_checklist, voicemail_script

        self.case, self.status = case, status
        s = self.session
        action = status.next_action
        # One checklist per call: the case's next action and its due instant identify the call.
        self.call_key = f"{action.id}@{action.due.isoformat()}" if action and action.due else "next-call"
        self.title.setText(f"<b>Call prep</b> — {action.title if action else 'next call'}")
        ticked = s.desk.ticked(case.id, self.call_key)
        clear_layout(self.list_layout)
        self.boxes = {}
        self.labels: dict[str, QLabel] = {}
        style = tick_box_style()
        for section in call_checklist(case, status, s.profile, s.calendar, s.now()):
            group = QGroupBox(section.title)
            group_layout = QVBoxLayout(group)
            group_layout.setSpacing(4)
            for item in section.items:
                # A box and a wrapping label: long lines wrap in a narrow view instead of being cut.
                row = QHBoxLayout()
                row.setContentsMargins(0, 0, 0, 0)
                box = QCheckBox()
                box.setStyleSheet(style)
                box.setAccessibleName(item.text)
                box.setChecked(item.key in ticked)
                box.toggled.connect(lambda checked, k=item.key: self._tick(k, checked))
                label = ClickLabel(item.text, box)
                row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
                row.addWidget(label, 1)
                group_layout.addLayout(row)
                self.boxes[item.key] = box
                self.labels[item.key] = label
            self.list_layout.addWidget(group)
        self.list_layout.addStretch(1)
        self.voicemail.setText(voicemail_script(case, status, s.profile))

    def _tick(self, key: str, checked: bool) -> None:
        if self.case is not None:
            self.session.desk.set_tick(self.case.id, self.call_key, key, checked)

    def end_call(self, kind: str) -> None:
        from ...core.model import Event

        if self.case is None:
            return
        fields = {"note": self.notes.text().strip()} if self.notes.text().strip() else {}
        event = Event(self.session.now().replace(microsecond=0), kind, fields)
        problems = self.session.problems(self.case, event)
        self.session.record(self.case, event, override=problems or None)
        self.notes.clear()
        self.outcome_recorded.emit(kind)
