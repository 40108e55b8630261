"""The draft coach in the draft panel, driven with qtbot: a planted problem typed into a draft appears as a
finding within a second, a click selects its text, "Fine here" keeps it dismissed after reopening the
draft, and the copy button says how many findings are open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget, QPushButton

from tests.ui.test_drafting import click, open_case


def findings(panel):
    return [f.rule for f in panel.coach.findings]


def item_of(panel, rule):
    coach_list = panel.coach.findChild(QListWidget, "coach_findings")
    for i in range(coach_list.count()):
        item = coach_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole).rule == rule:
            return coach_list, item
    raise AssertionError(rule)


def test_a_typed_problem_appears_is_selected_by_a_click_and_stays_dismissed(window, session, qtbot, monkeypatch):
    view = open_case(window, session, "1004", "draft_panel")
    panel = view.draft_panel
    qtbot.waitUntil(lambda: panel.coach.context is not None)
    assert "negative_phrase" not in findings(panel)
    cursor = panel.body.textCursor()
    cursor.setPosition(panel.body.toPlainText().index("\n") + 1)
    panel.body.setTextCursor(cursor)
    qtbot.keyClicks(panel.body, "As I already said, the fix is coming. ")
    qtbot.waitUntil(lambda: "negative_phrase" in findings(panel), timeout=1000)  # within a second of typing
    assert panel.copy_button.text() == f"Copy for reply ({panel.coach.open_count})"
    assert f"{panel.coach.open_count} coach finding" in panel.copy_button.toolTip()

    coach_list, item = item_of(panel, "negative_phrase")
    rect = coach_list.visualItemRect(item)
    qtbot.mouseClick(coach_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.body.textCursor().selectedText() == "As I already said"
    assert "Words written out of annoyance" in item.toolTip() and "Service mindset" in item.toolTip()

    coach_list.setCurrentItem(item)
    qtbot.mouseClick(panel.coach.findChild(QPushButton, "coach_dismiss"), Qt.MouseButton.LeftButton)
    assert "negative_phrase" not in findings(panel)
    panel.flush()  # the edited draft is kept

    # Reopen: another case, then this one again; the kept draft comes back and the dismissal with it.
    window.select_case("1002")
    view = open_case(window, session, "1004", "draft_panel")
    panel = view.draft_panel
    qtbot.waitUntil(lambda: panel.coach.context is not None)
    assert "As I already said" in panel.body.toPlainText()
    panel.coach.look()
    assert "negative_phrase" not in findings(panel)

    # Another problem still shows, and the copy says how many are open.
    monkeypatch.setattr(panel, "confirm_problems", lambda: True)
    text = panel.body.toPlainText()
    panel.body.setPlainText(text.replace("\n", "\nWe opened an IcM for this.\n", 1))  # after the greeting
    qtbot.waitUntil(lambda: "internal_text" in findings(panel), timeout=1000)
    click(panel, "draft_copy", qtbot)
    assert "IcM" in QApplication.clipboard().mimeData().text()  # the copy still copies
    assert f"({panel.coach.open_count} coach finding" in panel.notice.text()


def test_discarding_the_draft_forgets_its_dismissals(window, session, qtbot):
    view = open_case(window, session, "1004", "draft_panel")
    panel = view.draft_panel
    text = panel.body.toPlainText()
    panel.body.setPlainText(text.replace("\n", "\nIt is not our problem.\n", 1))
    qtbot.waitUntil(lambda: "negative_phrase" in findings(panel), timeout=1000)
    coach_list, item = item_of(panel, "negative_phrase")
    coach_list.setCurrentItem(item)
    panel.coach.dismiss_selected()
    assert session.desk.coach_dismissed(panel.case.id, "research_update")
    panel.flush()
    panel.confirm_discard = lambda: True  # the engineer answers "Discard" (issue 21: discarding edits asks)
    panel.discard_edits()
    assert session.desk.coach_dismissed(panel.case.id, "research_update") == set()
